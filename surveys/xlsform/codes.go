package xlsform

// Problem codes. Each unsupported XLSForm feature has its own code, so the
// staff pages can link to what to do instead.
const (
	// The file as a whole; nothing of it was read.
	CodeTooLarge          = "too_large"           // Arg: the limit in bytes
	CodeNotXLSX           = "not_xlsx"            // not a zip-based workbook
	CodeProtected         = "protected"           // password-protected, or an old .xls
	CodeTooManyParts      = "too_many_parts"      // Arg: the limit
	CodeUnpackedTooLarge  = "unpacked_too_large"  // Arg: the limit in bytes
	CodeCompressionRatio  = "compression_ratio"   // Arg: the limit
	CodeMacros            = "macros"              // .xlsm, VBA or Excel 4 macro sheets
	CodeFormula           = "formula"             // one per formula cell
	CodeUnreadable        = "unreadable"          // Arg: the reader's error
	CodeTooManyProblems   = "too_many_problems"   // Arg: how many more
	CodeInterrupted       = "interrupted"         // stopped: time ran out, or the request ended
	CodeTooManyRows       = "too_many_rows"       // a cell below the limit of rows; Arg: the limit below the header
	CodeTooManyColumns    = "too_many_columns"    // a cell right of the limit; Arg: the limit
	CodeCellTooLong       = "cell_too_long"       // Arg: the limit in bytes
	CodeTooMuchText       = "too_much_text"       // all cells read; Arg: the limit in bytes
	CodeMissingSheet      = "missing_sheet"       // Arg: the sheet
	CodeMissingColumn     = "missing_column"      // Arg: the column
	CodeUnknownColumn     = "unknown_column"      // Column: the header
	CodeDuplicateColumn   = "duplicate_column"    // Column: the later header
	CodeUnknownLanguage   = "unknown_language"    // Arg: the language as written (default_language)
	CodeNoSwedish         = "no_swedish"          // no Swedish label column
	CodeMissingValue      = "missing_value"       // Column: the empty cell
	CodeMissingType       = "missing_type"        // a row with content but no type
	CodeUnknownType       = "unknown_type"        // Arg: the type
	CodeUnsupportedType   = "unsupported_type"    // Arg: the type, for the rarer ones
	CodeCalculate         = "calculate"           // type calculate
	CodeRepeat            = "repeat"              // begin repeat
	CodeGeo               = "geo"                 // geopoint, geotrace, geoshape
	CodeMedia             = "media"               // image, audio, video, file
	CodeDateTime          = "date_time"           // date, time, datetime
	CodeDecimal           = "decimal"             // decimal
	CodeRange             = "range"               // range
	CodeRank              = "rank"                // rank
	CodeFromFile          = "from_file"           // select_*_from_file, select_one_external
	CodeAcknowledge       = "acknowledge"         // acknowledge, trigger
	CodeBarcode           = "barcode"             // barcode
	CodeIdentifying       = "identifying"         // deviceid, username, phonenumber …
	CodeOrOther           = "or_other"            // select_one list or_other
	CodeNestedGroup       = "nested_group"        // a group inside a group
	CodeConstraint        = "constraint"          // constraint column (other than min/max)
	CodeChoiceFilter      = "choice_filter"       // choice_filter column
	CodeCalculation       = "calculation"         // calculation column
	CodeDefault           = "default"             // default column
	CodeReadOnly          = "read_only"           // read_only column
	CodeMediaColumn       = "media_column"        // image, audio, video, media::… columns
	CodeUnsupportedColumn = "unsupported_column"  // Column: another XLSForm column we cannot honour
	CodeRequiredExpr      = "required_expression" // Arg: required that is not yes or no
	CodeNotBoolean        = "not_boolean"         // Arg: the value
	CodeNotInteger        = "not_integer"         // Arg: the value
	CodeBadDate           = "bad_date"            // Arg: the value
	CodeRelevant          = "relevant"            // Arg: an expression show_if cannot express
	CodeRelevantMixed     = "relevant_mixed"      // or of conditions on different questions
	CodeRelevantMulti     = "relevant_equals_multi"
	CodeGroupRelevant     = "group_relevant" // relevant on a plain group
	CodeUnclosedGroup     = "unclosed_group"
	CodeUnmatchedEnd      = "unmatched_end"
	CodeGridRow           = "grid_row"        // a table-list row that is not select_one of the shared list
	CodeGridRowColumn     = "grid_row_column" // Column: a field a grid row cannot have
	CodeEmptyGrid         = "empty_grid"
	CodeNote              = "note"           // a note between questions
	CodeTextTwice         = "text_twice"     // Arg: intro or outro, given twice
	CodeNotForType        = "not_for_type"   // Column: a field this row type cannot have
	CodeMissingList       = "missing_list"   // select without a list name
	CodeUnknownList       = "unknown_list"   // Arg: the list name
	CodeCheckPrefix       = "check_"         // followed by a models.Code… of the definition checker
	CodeMultipleSettings  = "settings_rows"  // settings has values below row 2
	CodeMultiplePromises  = "promise_fields" // id, name, from or to given on a later promise row
)

// Notice codes: what the import changed or left out to read a form
// written elsewhere. A notice never stops a file; the preview shows it.
const (
	CodeLanguageLeftOut = "language_left_out" // Column: the header; Arg: the language as written
	CodeSlugChanged     = "slug_changed"      // Arg: the form_id as written
)

// isNotice reports whether code is a notice rather than a problem.
func isNotice(code string) bool {
	return code == CodeLanguageLeftOut || code == CodeSlugChanged
}
