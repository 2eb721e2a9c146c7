package export

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// Filter is one filter the user chose for a lägesbild, as it should be
// shown on the Översikt and Metod sheets (e.g. {"school", "Alléskolan"}).
// The names of the dimensions (area, school, grade, gender, age) are shown
// translated; others as given.
type Filter struct {
	Name  string
	Value string
}

// WorkbookInput is everything the lägesbild workbook shows.
type WorkbookInput struct {
	Survey *models.Survey
	// Results after Compare when a baseline exists. Results.Hidden means
	// too few responses: the workbook then shows no figures at all.
	Results   *Results
	Filters   []Filter
	Lang      string // "sv" (default) or "en": sheet names, headers, labels
	Generated time.Time
	Version   string     // the service's version, for the Metod sheet
	Texts     *TextSpool // may be nil: then Fritext says there is no free text
	// TextsFiltered says the free text was left out because filters were
	// set (free text is released only for a whole survey).
	TextsFiltered bool
	// Followup, when set, fills the Uppföljning sheet.
	Followup *Followup
	// Exclusions are the survey's excluded sessions, summed by reason,
	// for the Metod sheet: their responses are in no figure (DESIGN §8).
	Exclusions []Exclusion
	// Publication names the publication the figures come from, in the
	// workbook's language, for the Period rows; "" says all responses.
	Publication string
	// Schools are the names of the schools in the places catalogue: a
	// free text naming one is marked for review (namecheck.go).
	Schools []string
}

// Exclusion is one reason sessions were excluded from the figures, with
// how many sessions and responses it covers; it names no session and no
// school. The Metod sheet shows the reasons without their counts, the
// number of sessions, and the responses only rounded to tens.
type Exclusion struct {
	Reason    string
	Sessions  int
	Responses int
}

// ExclusionsOf is what a publication's exclusions left out, as the Metod
// sheet takes it: one line per reason, the totals on the first (the
// sheet adds the lines up and names the reasons without their counts).
func ExclusionsOf(p *models.Publication) []Exclusion {
	out := make([]Exclusion, len(p.Excluded.Reasons))
	for i, r := range p.Excluded.Reasons {
		out[i] = Exclusion{Reason: r}
	}
	if len(out) > 0 {
		out[0].Sessions, out[0].Responses = p.Excluded.Sessions, p.Excluded.Responses
	}
	return out
}

// Followup is what the Uppföljning sheet shows: the action plan of the
// survey's promise and every indicator across the waves of its series.
type Followup struct {
	Series *models.Series // never nil when Followup is set
	Plan   *models.Plan   // nil when the survey names no promise with a plan
}

// WriteWorkbook writes the lägesbild workbook (DESIGN §6) to w: the five
// sheets Översikt, Nyckeltal per grupp, Frågor, Fritext and Metod (or their
// English names with Lang "en"), and a sixth, Uppföljning, when
// in.Followup is set; nothing else.
//
// Every figure comes from in.Results, which has been through disclosure
// control; a hidden figure shows as "–". Free text is written with the
// stream writer, one inline-string cell per text, so it is never a formula
// and memory stays flat however many texts there are. The file is zipped
// straight into w rather than built in memory first.
func WriteWorkbook(w io.Writer, in WorkbookInput) error {
	if in.Survey == nil || in.Results == nil {
		return errors.New("export: workbook: survey and results are required")
	}
	if in.Followup != nil && in.Followup.Series == nil {
		return errors.New("export: workbook: follow-up without a series")
	}
	tx := workbookText(in.Lang)
	f := excelize.NewFile()
	defer f.Close()

	wb := &workbook{f: f, in: in, tx: tx, res: in.Results, sv: in.Survey}
	if err := wb.setup(); err != nil {
		return fmt.Errorf("export: workbook: %w", err)
	}
	// Fritext is streamed, and last: once it is flushed, any excelize call
	// that visits every sheet (SetActiveSheet does) would read the whole
	// streamed sheet back into memory.
	type sheetStep struct {
		write     func() error
		sheet     string
		fit       bool
		titleCols string
	}
	steps := []sheetStep{
		{wb.overview, tx.sheetOverview, true, ""},
		{wb.groups, tx.sheetGroups, true, ""},
		// Frågor is fitted to the page's width too: spread over pages
		// side by side it printed as 175 pages, most of them numbers or
		// charts with no question beside them. Its blocks, each headed
		// by its question, are kept whole on a page instead.
		{wb.questions, tx.sheetQuestions, true, ""},
		{wb.method, tx.sheetMethod, true, ""},
	}
	if in.Followup != nil {
		// Last in the tab order (setup puts it there) but written before
		// Fritext, which must be streamed last.
		steps = append(steps, sheetStep{wb.followup, tx.sheetFollowup, true, ""})
	}
	steps = append(steps, sheetStep{wb.freeText, "", false, ""}) // sets its own before streaming
	for _, step := range steps {
		if err := step.write(); err != nil {
			return fmt.Errorf("export: workbook: %w", err)
		}
		// After the sheet is written: excelize's AutoFilter replaces the
		// sheet properties that fitting to the page sets.
		if step.sheet != "" {
			titles, err := wb.headerRows(step.sheet)
			if err == nil {
				err = wb.printLayout(step.sheet, step.fit, titles, step.titleCols)
			}
			if err != nil {
				return fmt.Errorf("export: workbook: %w", err)
			}
		}
	}
	props := excelize.DocProperties{
		Title:    tx.title + " – " + in.Survey.Title.In(tx.lang),
		Creator:  "Medborgardialog",
		Language: tx.lang,
	}
	if !in.Generated.IsZero() {
		props.Created = in.Generated.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := f.SetDocProps(&props); err != nil {
		return fmt.Errorf("export: workbook: %w", err)
	}

	// excelize's Write zips the whole file into a bytes.Buffer before
	// copying it out, which would make memory grow with the free text. Its
	// ZipWriter hook lets the zip go straight to w instead; the buffer it
	// hands over then stays empty, and is discarded.
	cw := &countingWriter{w: w}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(cw) })
	if err := f.Write(io.Discard); err != nil {
		return fmt.Errorf("export: workbook: write: %w", err)
	}
	if cw.err != nil {
		return fmt.Errorf("export: workbook: write: %w", cw.err)
	}
	if cw.n == 0 {
		return errors.New("export: workbook: write: nothing was written")
	}
	return nil
}

type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// dash is what a hidden figure shows: an en dash, as a string.
const dash = "–"

type workbook struct {
	f   *excelize.File
	in  WorkbookInput
	tx  *wbText
	res *Results
	sv  *models.Survey
	st  styles
}

type styles struct {
	title, h2, bold, header, pct, pp, dash, wrap, top, note, textCell int
}

func (wb *workbook) setup() error {
	tx := wb.tx
	names := []string{tx.sheetOverview, tx.sheetGroups, tx.sheetQuestions, tx.sheetFreeText, tx.sheetMethod}
	if wb.in.Followup != nil {
		names = append(names, tx.sheetFollowup)
	}
	// Last, and hidden: the overview chart's data, which beside the table
	// printed as a second table with cut headers.
	names = append(names, tx.sheetChartData)
	if err := wb.f.SetSheetName(wb.f.GetSheetName(0), names[0]); err != nil {
		return err
	}
	for _, n := range names[1:] {
		if _, err := wb.f.NewSheet(n); err != nil {
			return err
		}
	}
	if err := wb.f.SetSheetVisible(tx.sheetChartData, false); err != nil {
		return err
	}
	wb.f.SetActiveSheet(0)
	pct, pp := "0.0%", "+0.0;-0.0;0.0"
	defs := []struct {
		id *int
		s  excelize.Style
	}{
		{&wb.st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&wb.st.h2, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&wb.st.bold, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&wb.st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "7F8FA6", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		}},
		{&wb.st.pct, excelize.Style{CustomNumFmt: &pct}},
		{&wb.st.pp, excelize.Style{CustomNumFmt: &pp}},
		{&wb.st.dash, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&wb.st.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&wb.st.top, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&wb.st.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "555555"}}},
		// Respondent text: wrapped, and forced to the text number format
		// ("@") so that even a re-typed cell stays text in Excel.
		{&wb.st.textCell, excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := wb.f.NewStyle(&d.s)
		if err != nil {
			return err
		}
		*d.id = id
	}
	return nil
}

// sheet writes cells of one normal-mode sheet and keeps the first error,
// so the layout code reads as a list of cells rather than of error checks.
type sheet struct {
	f    *excelize.File
	name string
	err  error
}

func (wb *workbook) sheet(name string) *sheet { return &sheet{f: wb.f, name: name} }

// set writes v at (col, row), both from 1, with style (0: none). Strings
// are always stored as strings: excelize's SetCellValue never turns a
// string into a formula.
func (s *sheet) set(col, row int, v any, style int) {
	if s.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		s.err = err
		return
	}
	if v != nil {
		if err := s.f.SetCellValue(s.name, ref, v); err != nil {
			s.err = err
			return
		}
	}
	if style > 0 {
		s.err = s.f.SetCellStyle(s.name, ref, ref, style)
	}
}

// header writes a bold header row from column 1, two lines high so that
// the longer titles wrap rather than spill over their neighbours.
func (s *sheet) header(row int, style int, titles ...string) {
	for i, t := range titles {
		s.set(i+1, row, t, style)
	}
	if s.err == nil {
		s.err = s.f.SetRowHeight(s.name, row, 32)
	}
}

// axisFont is the font of chart axes: excelize's default is a pale grey
// that is hard to read on paper and projectors.
var axisFont = excelize.Font{Color: "404040", Size: 9}

func (s *sheet) widths(ws ...float64) {
	for i, w := range ws {
		if s.err != nil {
			return
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		s.err = s.f.SetColWidth(s.name, col, col, w)
	}
}

// freezeHeader freezes row 1 and puts an autofilter on the table
// A1:{lastCol}{lastRow}.
func (s *sheet) freezeHeader(lastCol, lastRow int) {
	if s.err != nil {
		return
	}
	s.err = s.f.SetPanes(s.name, frozenHeader())
	if s.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(lastCol, max(lastRow, 2))
	if err != nil {
		s.err = err
		return
	}
	s.err = s.f.AutoFilter(s.name, "A1:"+ref, nil)
}

func frozenHeader() *excelize.Panes { return frozenRows(1) }

// frozenRows freezes the top n rows.
func frozenRows(n int) *excelize.Panes {
	cell := fmt.Sprintf("A%d", n+1)
	return &excelize.Panes{Freeze: true, YSplit: n, TopLeftCell: cell, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cell, ActiveCell: cell, Pane: "bottomLeft"}}}
}

// share writes a share (percentage) or, when hidden, a dash.
func (s *sheet) share(col, row int, v float64, hidden bool, st *styles) {
	if hidden {
		s.set(col, row, dash, st.dash)
		return
	}
	s.set(col, row, v, st.pct)
}

// count writes a count or, when hidden, a dash.
func (s *sheet) count(col, row int, n int, hidden bool, st *styles) {
	if hidden {
		s.set(col, row, dash, st.dash)
		return
	}
	s.set(col, row, n, 0)
}

// printLayout sets a sheet to print on A4 in landscape, all columns on
// one page wide when fitWidth is set, and with its first titleRows rows
// (its header, frozen on screen) repeated on every printed page. Staff
// print the workbook to put it on the table at a meeting; without a paper
// size LibreOffice and Excel fall back to their own (US Letter in many),
// and a table continued on page two without its header cannot be read.
// For a streamed sheet it must be called before the stream writer is made.
//
// titleCols, when not "", are columns ("B:D") repeated at the left of
// every printed page, for a sheet too wide for one: without them the
// pages to the right are columns of numbers with no question beside them.
func (wb *workbook) printLayout(sheet string, fitWidth bool, titleRows int, titleCols string) error {
	landscape, a4 := "landscape", paperA4
	opts := excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4}
	if fitWidth {
		one, zero, yes := 1, 0, true
		if err := wb.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
			return err
		}
		opts.FitToWidth, opts.FitToHeight = &one, &zero
	}
	if err := wb.f.SetPageLayout(sheet, &opts); err != nil {
		return err
	}
	// The margins the page breaks of Frågor are reckoned with
	// (printableW, printableH), in inches.
	l, r, tb, hf := 0.5, 0.5, 0.6, 0.3
	if err := wb.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &l, Right: &r, Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf}); err != nil {
		return err
	}
	q := strings.ReplaceAll(sheet, "'", "''")
	var titles []string
	if from, to, ok := strings.Cut(titleCols, ":"); ok {
		titles = append(titles, fmt.Sprintf("'%s'!$%s:$%s", q, from, to))
	}
	if titleRows > 0 {
		titles = append(titles, fmt.Sprintf("'%s'!$1:$%d", q, titleRows))
	}
	if len(titles) == 0 {
		return nil
	}
	return wb.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: strings.Join(titles, ","), Scope: sheet})
}

// paperA4 is A4 in the paper sizes of Office Open XML (ECMA-376 18.3.1.63).
const paperA4 = 9

// headerRows is how many rows of sheet are frozen on screen: its header,
// which printing repeats too.
func (wb *workbook) headerRows(sheet string) (int, error) {
	p, err := wb.f.GetPanes(sheet)
	if err != nil || !p.Freeze {
		return 0, err
	}
	return p.YSplit, nil
}

// rangeRef is an absolute range on sheet, with the sheet name quoted, as
// chart series need it: 'Översikt'!$C$5:$C$20.
func rangeRef(sheet string, col, fromRow, toRow int) string {
	c, _ := excelize.ColumnNumberToName(col)
	q := strings.ReplaceAll(sheet, "'", "''")
	if fromRow == toRow {
		return fmt.Sprintf("'%s'!$%s$%d", q, c, fromRow)
	}
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", q, c, fromRow, c, toRow)
}

// groupLabel names a group of a breakdown in the workbook's language.
func (wb *workbook) groupLabel(g Group) string {
	if g.Unknown {
		return wb.tx.unknown
	}
	if l := g.Label.In(wb.tx.lang); l != "" {
		return l
	}
	return g.Value
}

func (wb *workbook) dimLabel(dim string) string {
	if l, ok := wb.tx.dims[dim]; ok {
		return l
	}
	return dim
}

func (wb *workbook) filterLabel(f Filter) string {
	name := f.Name
	if l, ok := wb.tx.filterN[strings.ToLower(f.Name)]; ok {
		name = l
	}
	return name + ": " + f.Value
}

// period says which responses the figures cover in time: all of the
// wave's, as no figure is counted by date.
func (wb *workbook) period() string {
	if wb.in.Publication != "" {
		return wb.in.Publication
	}
	return wb.tx.allDates
}

func (wb *workbook) generated() string {
	if wb.in.Generated.IsZero() {
		return ""
	}
	return wb.in.Generated.Format("2006-01-02 15:04 MST")
}

// estimateHeight is a row height in points for text wrapped in a cell
// about width characters wide: Excel does not size rows of wrapped text
// by itself, and a cut-off paragraph of the method is worse than a row a
// little too tall.
func estimateHeight(text string, width float64) float64 {
	lines := 0
	for part := range strings.SplitSeq(text, "\n") {
		lines += 1 + int(float64(utf8.RuneCountInString(part))/(width*1.1))
	}
	return min(float64(lines)*15+2, excelize.MaxRowHeight)
}
