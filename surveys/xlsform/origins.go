package xlsform

import (
	"strings"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

// origins remembers where each part of the definition came from, so a
// problem the definition checker finds at questions[3].options[1].value
// can be shown at the choices row and name column the author wrote.
type origins struct {
	m map[string]origin
	// quiet holds paths whose checker problems would only repeat one
	// reported already, such as "needs options" after "no such list".
	quiet map[string]bool
}

// origin is the cell or row a definition path was read from.
type origin struct {
	sheet  string
	row    int    // Excel's row number
	column string // the header, when the path names one cell
	t      *table // for the headers of the fields below this path
	// text names the translated column this path is a text of, so
	// path.en finds the English column.
	text string
	// fields maps the definition's field names below this path to the
	// sheet's column names.
	fields map[string]string
}

// Field names of each kind of row, definition → column.
var (
	questionFields = map[string]string{
		"id": "name", "type": "type", "text": "label", "help": "hint", "required": "required",
		"sensitive": "sensitive", "dimension": "dimension", "show_if": "relevant",
		"min": "min", "max": "max", "max_length": "max_length", "max_choices": "max_choices",
		"options": "type", "rows": "type",
	}
	optionFields    = map[string]string{"value": "name", "label": "label", "exclude": "exclude"}
	rowFields       = map[string]string{"value": "name", "label": "label"}
	indicatorFields = map[string]string{
		"id": "id", "label": "label", "question": "question", "row": "row",
		"count": "count", "exclude": "exclude", "better": "better",
	}
	helpFields    = map[string]string{"name": "name", "phone": "phone", "web": "web", "for": "for"}
	promiseFields = map[string]string{"id": "id", "name": "name", "partners": "partners", "from": "from", "to": "to", "focus": "focus"}
)

func newOrigins() *origins { return &origins{m: make(map[string]origin), quiet: make(map[string]bool)} }

func (o *origins) set(path string, at origin) { o.m[path] = at }

// row records a whole row whose fields map to columns.
func (o *origins) row(path string, t *table, r int, fields map[string]string) {
	o.m[path] = origin{sheet: t.sheet, row: r + 1, t: t, fields: fields}
}

// cell records one cell.
func (o *origins) cell(path string, t *table, r int, name string) {
	o.m[path] = origin{sheet: t.sheet, row: r + 1, column: t.header(name), t: t}
}

// textCell records a translated text read from row r's columns name::….
func (o *origins) textCell(path string, t *table, r int, name string) {
	o.m[path] = origin{sheet: t.sheet, row: r + 1, column: name, t: t, text: name}
}

// locate finds the cell of a definition path: the longest recorded
// prefix, refined by the fields that follow it.
func (o *origins) locate(path string) (sheet string, row int, column string, ok bool) {
	for p := path; p != ""; {
		if at, found := o.m[p]; found {
			sheet, row, column = at.refine(path[len(p):])
			return sheet, row, column, true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return "", 0, "", false
}

func (at origin) refine(rest string) (string, int, string) {
	segs := pathSegments(rest)
	column := at.column
	switch {
	case at.text != "":
		if len(segs) > 0 && at.t != nil {
			column = at.t.textHeader(at.text, segs[0])
		}
	case len(segs) > 0 && at.fields != nil:
		if name, ok := at.fields[segs[0]]; ok {
			column = name
			if at.t != nil {
				column = at.t.header(name)
				if at.t.spec.kind(name) == "translated" {
					column = name
					if len(segs) > 1 {
						column = at.t.textHeader(name, segs[1])
					}
				}
			}
		}
	}
	return at.sheet, at.row, column
}

// pathSegments splits ".options[1].label.en" into options, label, en:
// the indexes were matched by the recorded prefix already.
func pathSegments(rest string) []string {
	var out []string
	for _, s := range strings.Split(rest, ".") {
		if i := strings.IndexByte(s, '['); i >= 0 {
			s = s[:i]
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// fromChecker turns the checker's problems into workbook problems, at the
// cell they came from where that is known.
func (o *origins) fromChecker(list []models.Problem) []Problem {
	out := make([]Problem, 0, len(list))
	for _, cp := range list {
		if o.quiet[cp.Path] {
			continue
		}
		p := Problem{Code: CodeCheckPrefix + cp.Code, Arg: cp.Message, Path: cp.Path, argSV: surveys.Message(cp, models.LangSV)}
		if sheet, row, col, ok := o.locate(cp.Path); ok {
			p.Sheet, p.Row, p.Column = sheet, row, col
		}
		out = append(out, p)
	}
	return out
}
