// Package xlsform reads and writes survey definitions as XLSForm workbooks,
// the spreadsheet format KoboToolbox and ODK users write (xlsform.org).
// Read turns a workbook into a models.Survey and lists every problem by
// sheet, row and column; Write turns a stored definition into a workbook
// that Read gives back unchanged. The definition rules themselves stay in
// surveys.Checker, which Read runs on what it read.
//
// # The workbook
//
// survey: one row per question, in order. Columns:
//
//   - type: select_one LIST (single; scale when the scale column says yes
//     or the appearance has likert), select_multiple LIST (multi), integer
//     (number), text, note, begin group / end group. Spaces or
//     underscores, any case: "select one", "begin_group".
//   - name: the question id. label::LANG: the text; hint::LANG: the help.
//   - required: yes/no (also true, TRUE(), 1, false, 0; empty is no).
//   - relevant: the show_if, only in the forms it can express:
//     ${q} = 'v', selected(${q}, 'v'), and several of these joined by or,
//     all naming the same question. For a select_multiple question only
//     selected() is accepted, because = would compare the whole answer.
//   - appearance: table-list on a group makes it a grid; likert on a
//     select_one makes it a scale; other appearances only change how ODK
//     draws a question and are ignored.
//   - constraint: only ". >= MIN and . <= MAX" on integer, read as min and
//     max.
//   - this service's own: dimension (gender, age, grade, area), sensitive
//     (yes), scale (yes), min, max, max_length, max_choices.
//
// A text question without max_length gets DefaultTextMaxLength; an integer
// without min and max takes models.NumberMin to models.NumberMax, as in
// YAML. Choice names may start with a digit and hold '-' and '.'
// (models.ValidValue). A form_id that is not a slug is made one, and a
// column in a language the service does not offer is left out; each is a
// notice (ReadAll), not a problem.
//
// A group with appearance table-list whose rows are all select_one of one
// list is a grid: the group's name, label, hint, required, relevant and
// sensitive are the question's, each row's name and label a grid row, the
// list its options. Grid rows may have only type, name, label and
// appearance. Any other group is a section: the service has no sections,
// so its questions are read as if it were not there and its label is not
// kept; it may hold grids but not other groups, and may not have relevant.
//
// A note before the first question is the intro, a note after the last
// the outro (the export writes them so, named intro and outro); other
// notes are problems. The intro and outro may instead be given in
// settings as intro::LANG and outro::LANG, but not both ways.
//
// choices: list_name, name, label::LANG, and this service's exclude (yes
// for "vet inte" and "vill inte svara"). Each question gets its own copy
// of its list; the export writes one list per question, named after it.
// Lists no question uses are ignored.
//
// settings (values on row 2): form_title::LANG (or title::LANG; a plain
// form_title is in default_language), form_id (the slug), version (a whole
// number, default 1), default_language (the language of plain label,
// hint and form_title columns; default Swedish), and this service's
// status (default draft), languages (space-separated; default: those of
// the survey sheet's label columns, in column order), wave, compare_with,
// min_cell, opens_at and closes_at (RFC 3339, a date, or an Excel date),
// intro::LANG, outro::LANG.
//
// indicators: id, label::LANG, question, row, count and exclude
// (space-separated option values), better. help: name, phone, web,
// for::LANG. promise: id, name::LANG, from and to on row 2; partners and
// focus::LANG one per row from row 2 down (partner names hold commas).
//
// Languages are written "label::Svenska (sv)": the code in parentheses is
// what counts; a bare code (label::sv) or a name (label::Swedish) works
// too. The export writes Svenska (sv), English (en), العربية (ar).
//
// # What is refused, and what is ignored
//
// Each XLSForm feature the service cannot honour is a problem with a code
// of its own on the row that uses it (see the Code constants): calculate,
// repeats, geo, media, date and time, decimal, range, rank, choices from
// files, acknowledge, barcode, or_other, nested groups, and the columns
// constraint (other than min/max), choice_filter, calculation, default,
// read_only, media and a few more. Types that identify the person
// answering (deviceid, username, phonenumber, email, audit …) are refused
// as such: the survey is anonymous. start, end and today, which
// KoboToolbox adds to every form, are skipped without a problem: the
// service stores only the day of a response, by design.
//
// Columns starting with $ or _ (KoboToolbox's bookkeeping), style and
// instance_name in settings, and required_message, constraint_message and
// guidance_hint (the service has its own messages, in every language) are
// ignored. Any other unknown column is a problem when it holds a value, so
// a misspelt column of this service's is never silently dropped.
//
// Before any cell is read, precheck refuses files over the caller's size
// limit, zip bombs (more than 1000 parts, more than 50 MB unpacked, or
// packed more than 20 times over), macros (a VBA project or Excel 4 macro
// sheet found by its name, its content type or the relationship that
// points at it, and the macro-enabled content types), password-protected
// and old .xls files, and any cell holding a formula: an uploaded file is
// never evaluated.
//
// # Limits, and hostile files
//
// The sheets are read straight from the file's XML (workbook.go), not
// built by excelize, and the limits apply to each cell with a value as it
// is met: at most 5,001 rows (a header and 5,000 below it) and 200
// columns (A to GR) by the cell's reference, 32 KB of text in a cell, and
// 10 MB of text in all the cells read, a shared string counting at every
// cell that uses it. The first cell beyond any of them refuses the file,
// with that cell named; nothing is built from a refused file. A part
// whose elements nest more than 100 deep is unreadable, and a workbook
// that lists more than 1000 sheets is refused like one of more than 1000
// parts. Empty cells
// are skipped wherever they are, however they are formatted. A shared
// string is held once however many cells use it. Read stops when its
// context ends (CodeInterrupted). Reading a form takes milliseconds;
// docs/BENCHMARKS.md ("Hostile workbooks") has what the worst files cost.
package xlsform
