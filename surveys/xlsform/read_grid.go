package xlsform

import (
	"fmt"

	"medborgardialog/models"
)

// A group with appearance table-list is how XLSForm draws a grid: every
// row a select_one of one shared list, shown as a table with the list's
// choices as columns. It becomes one grid question.

// gridState is a table-list group being read into a grid question.
type gridState struct {
	q     models.Question
	quiet []string // fields whose checker problems repeat one reported
	begin int      // table row of begin group
	list  string   // the shared choice list
	rows  []int    // table rows of the grid's rows
}

// beginGrid starts a grid at a table-list begin group row: the group's
// own fields (name, label, hint, required, relevant …) are the question's.
func (sr *surveyReader) beginGrid(r int) {
	t := sr.t
	g := &gridState{begin: r, q: models.Question{Type: models.TypeGrid}}
	g.quiet = sr.readQuestionFields(r, &g.q)
	if v := t.get(r, "scale"); v != "" {
		sr.add(t.problem(r, "scale", CodeNotForType, ""))
	}
	sr.open = append(sr.open, openGroup{kind: groupGrid, row: r, grid: g})
}

// gridRow reads one row inside a table-list group: a select_one of the
// grid's list whose name and label become a grid row.
func (sr *surveyReader) gridRow(r int, g *gridState, info typeInfo, args []string) {
	t := sr.t
	switch {
	case info.kind == kindBeginRepeat:
		sr.add(t.problem(r, "type", CodeRepeat, t.get(r, "type")))
		sr.open = append(sr.open, openGroup{kind: groupRepeat, row: r})
		return
	case info.kind == kindBeginGroup:
		sr.add(t.problem(r, "type", CodeNestedGroup, ""))
		sr.open = append(sr.open, openGroup{kind: groupNested, row: r})
		return
	case info.kind != kindQuestion || info.qtype != models.TypeSingle || len(args) != 1:
		sr.add(t.problem(r, "type", CodeGridRow, ""))
		return
	case g.list == "":
		g.list = args[0]
	case args[0] != g.list:
		sr.add(t.problem(r, "type", CodeGridRow, ""))
		return
	}
	for _, col := range t.filled(r, "type", "name", "label", "appearance") {
		sr.add(Problem{Sheet: t.sheet, Row: r + 1, Column: col, Code: CodeGridRowColumn})
	}
	g.q.Rows = append(g.q.Rows, models.Row{Value: t.get(r, "name"), Label: t.text(r, "label")})
	g.rows = append(g.rows, r)
}

func (sr *surveyReader) finishGrid(g *gridState) {
	if len(g.rows) == 0 {
		sr.add(sr.t.problem(g.begin, "type", CodeEmptyGrid, ""))
	}
	if g.list != "" {
		var ok bool
		if g.q.Options, ok = sr.options(g.rows[0], g.list); !ok {
			g.quiet = append(g.quiet, "options")
		}
	} else {
		g.quiet = append(g.quiet, "options", "rows") // reported as an empty grid
	}
	i := sr.appendQuestion(g.begin, g.q, g.list, g.quiet)
	for j, r := range g.rows {
		sr.o.row(fmt.Sprintf("questions[%d].rows[%d]", i, j), sr.t, r, rowFields)
	}
}
