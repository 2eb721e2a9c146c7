package xlsform

import (
	"fmt"
	"strings"

	"medborgardialog/models"
)

// The sheets for this service's own parts of a definition. A plain
// XLSForm has none of them, and needs none.
var (
	indicatorsSpec = sheetSpec{
		known:      []string{"id", "question", "row", "count", "exclude", "better"},
		translated: []string{"label"},
	}
	helpSpec = sheetSpec{
		known:      []string{"name", "phone", "web"},
		translated: []string{"for"},
	}
	promiseSpec = sheetSpec{
		known:      []string{"id", "partners", "from", "to"},
		translated: []string{"name", "focus"},
	}
)

// readIndicators reads one indicator per row; count and exclude hold
// option values separated by spaces.
func readIndicators(t *table, sv *models.Survey, o *origins) {
	if t == nil {
		return
	}
	for r := 1; r < len(t.rows); r++ {
		if t.blank(r) {
			continue
		}
		o.row(fmt.Sprintf("indicators[%d]", len(sv.Indicators)), t, r, indicatorFields)
		sv.Indicators = append(sv.Indicators, models.Indicator{
			ID:       t.get(r, "id"),
			Label:    t.text(r, "label"),
			Question: t.get(r, "question"),
			Row:      t.get(r, "row"),
			Count:    splitList(t.get(r, "count")),
			Exclude:  splitList(t.get(r, "exclude")),
			Better:   strings.ToLower(t.get(r, "better")),
		})
	}
}

// readHelp reads one help resource per row.
func readHelp(t *table, sv *models.Survey, o *origins) {
	if t == nil {
		return
	}
	for r := 1; r < len(t.rows); r++ {
		if t.blank(r) {
			continue
		}
		o.row(fmt.Sprintf("help[%d]", len(sv.Help)), t, r, helpFields)
		sv.Help = append(sv.Help, models.HelpResource{
			Name:  t.get(r, "name"),
			Phone: t.get(r, "phone"),
			Web:   t.get(r, "web"),
			For:   t.text(r, "for"),
		})
	}
}

// readPromise reads the promise: id, name, from and to on row 2, and one
// partner and one focus area per row from row 2 down, since partner names
// hold commas.
func readPromise(t *table, sv *models.Survey, o *origins, ps *[]Problem) {
	if t == nil || len(t.rows) < 2 {
		return
	}
	p := &models.Promise{
		ID:   t.get(1, "id"),
		Name: t.text(1, "name"),
		From: dayString(t.get(1, "from")),
		To:   dayString(t.get(1, "to")),
	}
	o.row("promise", t, 1, promiseFields)
	o.textCell("promise.name", t, 1, "name")
	for r := 1; r < len(t.rows); r++ {
		if r > 1 {
			for _, name := range []string{"id", "name", "from", "to"} {
				if t.get(r, name) != "" || (name == "name" && len(t.text(r, name)) > 0) {
					*ps = append(*ps, t.problem(r, name, CodeMultiplePromises, ""))
				}
			}
		}
		if v := t.get(r, "partners"); v != "" {
			o.cell(fmt.Sprintf("promise.partners[%d]", len(p.Partners)), t, r, "partners")
			p.Partners = append(p.Partners, v)
		}
		if f := t.text(r, "focus"); len(f) > 0 {
			o.textCell(fmt.Sprintf("promise.focus[%d]", len(p.Focus)), t, r, "focus")
			p.Focus = append(p.Focus, f)
		}
	}
	if p.ID == "" && len(p.Name) == 0 && p.From == "" && p.To == "" && p.Partners == nil && p.Focus == nil {
		return
	}
	sv.Promise = p
}
