package xlsform

import (
	"slices"
	"strings"
)

// Sheet names, as XLSForm has them and as this service adds them.
const (
	sheetSurvey     = "survey"
	sheetChoices    = "choices"
	sheetSettings   = "settings"
	sheetIndicators = "indicators"
	sheetHelp       = "help"
	sheetPromise    = "promise"
)

// sheetSpec says which columns a sheet has. Columns not named here are
// unknown and reported when they hold anything, so a misspelt column of
// this service's own is never silently dropped.
type sheetSpec struct {
	known      []string          // plain columns that are read
	translated []string          // columns written name::language
	ignored    []string          // XLSForm columns that change nothing here
	aliases    map[string]string // another name → the name used
	// unsupported are XLSForm columns the service cannot honour; the
	// sheet's reader reports each row that fills one in.
	unsupported map[string]string // column → problem code
}

// column is one header of a sheet.
type column struct {
	header string // as written, for problems
	name   string // lower case, before "::", after aliases
	lang   string // for a translated column
	skip   bool   // ignored, or reported at the header already
}

// table is a sheet read into memory: rows[i] is Excel's row i+1.
type table struct {
	sheet string // the sheet's name in the workbook
	spec  sheetSpec
	rows  [][]string
	cols  []column
	byKey map[string]int // name, or name::lang, → column index
}

func (s sheetSpec) kind(name string) string {
	switch {
	case contains(s.known, name):
		return "known"
	case contains(s.translated, name):
		return "translated"
	case contains(s.ignored, name):
		return "ignored"
	}
	if _, ok := s.unsupported[name]; ok {
		return "unsupported"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// readTable builds a table of a sheet read by the workbook reader, whose
// limits (workbook.go) it is within, and reads its header row. Plain
// translated columns ("label") are in defLang. It returns nil when the
// sheet is absent or could not be read.
func readTable(s *sheet, spec sheetSpec, defLang string, ps *[]Problem) *table {
	if s == nil {
		return nil
	}
	if s.err != nil {
		*ps = append(*ps, Problem{Sheet: s.name, Code: CodeUnreadable, Arg: s.err.Error()})
		return nil
	}
	t := &table{sheet: s.name, spec: spec, rows: s.rows, byKey: map[string]int{}}
	var head []string
	if len(t.rows) > 0 {
		head = t.rows[0]
	}
	t.cols = make([]column, len(head))
	for i, h := range head {
		t.cols[i] = t.parseHeader(i, h, defLang, ps)
	}
	return t
}

func (t *table) parseHeader(i int, h, defLang string, ps *[]Problem) column {
	c := column{header: strings.TrimSpace(h)}
	if c.header == "" || strings.HasPrefix(c.header, "$") || strings.HasPrefix(c.header, "_") ||
		strings.HasPrefix(strings.ToLower(c.header), "kobo--") {
		// KoboToolbox's own bookkeeping columns ($kuid, $autoname …).
		// A column without a header but with values is reported.
		c.skip = true
		if c.header == "" && t.columnUsed(i) {
			*ps = append(*ps, Problem{Sheet: t.sheet, Row: 1, Column: columnLetter(i), Code: CodeUnknownColumn})
		}
		return c
	}
	name, lang, hasLang := strings.Cut(c.header, "::")
	c.name = strings.ToLower(strings.TrimSpace(name))
	if a, ok := t.spec.aliases[c.name]; ok {
		c.name = a
	}
	key := c.name
	switch t.spec.kind(c.name) {
	case "translated":
		c.lang = defLang
		if hasLang {
			code, ok := parseLanguage(lang)
			if !ok {
				// A form written for other places carries languages
				// the service does not offer (label::chinese): the
				// column is left out, and the notice says so.
				*ps = append(*ps, Problem{Sheet: t.sheet, Row: 1, Column: c.header, Code: CodeLanguageLeftOut, Arg: strings.TrimSpace(lang)})
				c.skip = true
				return c
			}
			c.lang = code
		}
		key = c.name + "::" + c.lang
	case "unsupported":
		key = strings.ToLower(c.header) // media columns come per language
	case "ignored":
		c.skip = true
		return c
	case "":
		c.skip = true
		if t.columnUsed(i) {
			*ps = append(*ps, Problem{Sheet: t.sheet, Row: 1, Column: c.header, Code: CodeUnknownColumn})
		}
		return c
	}
	if _, dup := t.byKey[key]; dup {
		*ps = append(*ps, Problem{Sheet: t.sheet, Row: 1, Column: c.header, Code: CodeDuplicateColumn})
		c.skip = true
		return c
	}
	t.byKey[key] = i
	return c
}

// columnUsed reports whether any row below the header fills column i.
func (t *table) columnUsed(i int) bool {
	for _, row := range t.rows[1:] {
		if i < len(row) && strings.TrimSpace(row[i]) != "" {
			return true
		}
	}
	return false
}

func (t *table) has(name string) bool {
	_, ok := t.byKey[name]
	return ok
}

// get returns the trimmed value of a plain column in row r (0-based
// index into rows).
func (t *table) get(r int, name string) string {
	return strings.TrimSpace(t.raw(r, name))
}

func (t *table) raw(r int, name string) string {
	i, ok := t.byKey[name]
	if !ok || r >= len(t.rows) || i >= len(t.rows[r]) {
		return ""
	}
	return t.rows[r][i]
}

// header gives the header a problem in column name should point at: the
// header as written when the sheet has it, else the name to add.
func (t *table) header(name string) string {
	if i, ok := t.byKey[name]; ok {
		return t.cols[i].header
	}
	return name
}

// textHeader is header for one language of a translated column.
func (t *table) textHeader(name, lang string) string {
	if i, ok := t.byKey[name+"::"+lang]; ok {
		return t.cols[i].header
	}
	return name + "::" + languageSuffix(lang)
}

// text collects the translations of a translated column in row r. Cells
// are kept as written (not trimmed), so a text survives a round trip
// byte for byte; an empty cell is no translation.
func (t *table) text(r int, name string) map[string]string {
	var out map[string]string
	for i, c := range t.cols {
		if c.skip || c.name != name || r >= len(t.rows) || i >= len(t.rows[r]) {
			continue
		}
		if v := t.rows[r][i]; v != "" {
			if out == nil {
				out = make(map[string]string)
			}
			out[c.lang] = v
		}
	}
	return out
}

// langs lists the languages of a translated column in column order.
func (t *table) langs(name string) []string {
	var out []string
	for _, c := range t.cols {
		if !c.skip && c.name == name && !contains(out, c.lang) {
			out = append(out, c.lang)
		}
	}
	return out
}

// blank reports whether row r has nothing in any column.
func (t *table) blank(r int) bool {
	for _, v := range t.rows[r] {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// filled lists the columns of row r that hold a value, by name, except
// those in allowed; the readers use it to report fields a row cannot have.
func (t *table) filled(r int, allowed ...string) []string {
	var out []string
	for i, c := range t.cols {
		if c.skip || contains(allowed, c.name) || i >= len(t.rows[r]) {
			continue
		}
		if _, u := t.spec.unsupported[c.name]; u {
			continue // unsupportedCells reports these
		}
		if strings.TrimSpace(t.rows[r][i]) != "" {
			out = append(out, c.header)
		}
	}
	return out
}

// unsupportedCells reports each unsupported column that row r fills in.
func (t *table) unsupportedCells(r int) []Problem {
	var ps []Problem
	for i, c := range t.cols {
		code, ok := t.spec.unsupported[c.name]
		if !ok || c.skip || i >= len(t.rows[r]) || strings.TrimSpace(t.rows[r][i]) == "" {
			continue
		}
		ps = append(ps, Problem{Sheet: t.sheet, Row: r + 1, Column: c.header, Code: code})
	}
	return ps
}

func (t *table) problem(r int, name, code, arg string) Problem {
	return Problem{Sheet: t.sheet, Row: r + 1, Column: t.header(name), Code: code, Arg: arg}
}

// columnLetter names the column at index i as Excel does ("A", "GR"),
// also beyond Excel's last column, where a hostile file may point.
func columnLetter(i int) string {
	var b []byte
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		b = append(b, byte('A'+(n-1)%26))
	}
	slices.Reverse(b)
	return string(b)
}
