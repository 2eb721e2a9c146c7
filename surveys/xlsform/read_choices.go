package xlsform

import "medborgardialog/models"

var mediaColumns = map[string]string{
	"image": CodeMediaColumn, "audio": CodeMediaColumn, "video": CodeMediaColumn,
	"big-image": CodeMediaColumn, "media": CodeMediaColumn,
}

var choicesSpec = sheetSpec{
	known:       []string{"list_name", "name", "exclude"},
	translated:  []string{"label"},
	aliases:     map[string]string{"list name": "list_name", "value": "name"},
	ignored:     []string{"order"},
	unsupported: mediaColumns,
}

// choice is one option as read, with the row it came from.
type choice struct {
	opt models.Option
	row int // index into the choices table's rows
}

// readChoices reads the choices sheet into lists by list_name, in the
// order written. exclude is this service's column: "vet inte" and
// "vill inte svara" options left out of shares.
func readChoices(t *table, ps *[]Problem) map[string][]choice {
	lists := make(map[string][]choice)
	if t == nil {
		return lists
	}
	for _, name := range []string{"list_name", "name"} {
		if !t.has(name) {
			*ps = append(*ps, Problem{Sheet: t.sheet, Row: 1, Code: CodeMissingColumn, Arg: name})
		}
	}
	for r := 1; r < len(t.rows); r++ {
		if t.blank(r) {
			continue
		}
		*ps = append(*ps, t.unsupportedCells(r)...)
		list, value := t.get(r, "list_name"), t.get(r, "name")
		if list == "" || value == "" {
			for _, name := range []string{"list_name", "name"} {
				if t.get(r, name) == "" && t.has(name) {
					*ps = append(*ps, t.problem(r, name, CodeMissingValue, ""))
				}
			}
			continue
		}
		opt := models.Option{Value: value, Label: t.text(r, "label")}
		if v := t.get(r, "exclude"); v != "" {
			b, ok := parseBool(v)
			if !ok {
				*ps = append(*ps, t.problem(r, "exclude", CodeNotBoolean, v))
			}
			opt.Exclude = b
		}
		lists[list] = append(lists[list], choice{opt: opt, row: r})
	}
	return lists
}
