package xlsform

import (
	"fmt"
	"maps"
	"strings"

	"medborgardialog/models"
)

// DefaultTextMaxLength is the max_length a text question gets when its
// row leaves the column empty, as a plain XLSForm does.
const DefaultTextMaxLength = 1000

var surveySpec = sheetSpec{
	known: []string{
		"type", "name", "required", "relevant", "appearance", "constraint",
		// This service's own columns.
		"dimension", "sensitive", "scale", "min", "max", "max_length", "max_choices",
	},
	translated: []string{"label", "hint"},
	aliases:    map[string]string{"relevance": "relevant", "caption": "label", "readonly": "read_only"},
	// Messages of their own would contradict the service's, which are
	// written for young people in three languages; hxl is KoboToolbox's
	// tagging for data exchange.
	ignored: []string{"required_message", "constraint_message", "guidance_hint", "hxl"},
	unsupported: merge(mediaColumns, map[string]string{
		"choice_filter": CodeChoiceFilter,
		"calculation":   CodeCalculation,
		"default":       CodeDefault,
		"read_only":     CodeReadOnly,
		"repeat_count":  CodeUnsupportedColumn,
		"jr:count":      CodeUnsupportedColumn,
		"parameters":    CodeUnsupportedColumn,
		"trigger":       CodeUnsupportedColumn,
		"bind":          CodeUnsupportedColumn,
		"body":          CodeUnsupportedColumn,
		"instance":      CodeUnsupportedColumn,
		"save_to":       CodeUnsupportedColumn,
	}),
}

func merge(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

// Kinds of open groups.
const (
	groupPlain = iota + 1
	groupGrid
	groupRepeat
	groupNested // reported already; only its end is awaited
	groupBlock  // a KoboToolbox block, skipped to its end
)

type openGroup struct {
	kind int
	row  int    // table row of its begin
	end  string // for groupBlock: the keyword that ends it
	grid *gridState
}

// condAt is a relevant read from a row, checked once all questions are
// known.
type condAt struct {
	row    int
	equals bool
	target string
}

type surveyReader struct {
	t       *table
	choices *table
	lists   map[string][]choice
	sv      *models.Survey
	o       *origins
	ps      *[]Problem

	open        []openGroup
	conds       []condAt
	introNote   bool
	outroRow    int // table row of a note after the last question so far, or 0
	outroText   models.Text
	usesChoices bool
}

// readSurvey reads the survey sheet into questions, and notes into the
// intro and outro.
func readSurvey(t, choices *table, lists map[string][]choice, sv *models.Survey, o *origins, ps *[]Problem) *surveyReader {
	sr := &surveyReader{t: t, choices: choices, lists: lists, sv: sv, o: o, ps: ps}
	for _, name := range []string{"type", "name"} {
		if !t.has(name) {
			sr.add(Problem{Sheet: t.sheet, Row: 1, Code: CodeMissingColumn, Arg: name})
		}
	}
	if !t.has("type") {
		return sr // every row would say the same
	}
	for r := 1; r < len(t.rows); r++ {
		if !t.blank(r) {
			sr.row(r)
		}
	}
	for _, g := range sr.open {
		if g.kind != groupBlock {
			sr.add(t.problem(g.row, "type", CodeUnclosedGroup, ""))
		}
	}
	if sr.outroRow > 0 {
		sr.setText(&sv.Outro, "outro", sr.outroRow, sr.outroText)
	}
	for _, c := range sr.conds {
		if q, ok := sv.Question(c.target); ok && c.equals && q.Type == models.TypeMulti {
			sr.add(t.problem(c.row, "relevant", CodeRelevantMulti, c.target))
		}
	}
	return sr
}

func (sr *surveyReader) add(p ...Problem) { *sr.ps = append(*sr.ps, p...) }

func (sr *surveyReader) top() *openGroup {
	if len(sr.open) == 0 {
		return nil
	}
	return &sr.open[len(sr.open)-1]
}

func (sr *surveyReader) grid() *gridState {
	for i := len(sr.open) - 1; i >= 0; i-- {
		if sr.open[i].kind == groupGrid {
			return sr.open[i].grid
		}
	}
	return nil
}

func (sr *surveyReader) row(r int) {
	t := sr.t
	typ := t.get(r, "type")
	if typ == "" {
		sr.add(t.problem(r, "type", CodeMissingType, ""))
		return
	}
	kw, args := parseType(typ)
	info, known := xlsTypes[kw]
	if g := sr.top(); g != nil && g.kind == groupBlock {
		if kw == g.end {
			sr.open = sr.open[:len(sr.open)-1]
		}
		return
	}
	if !known {
		sr.add(t.problem(r, "type", CodeUnknownType, typ))
		return
	}
	switch info.kind {
	case kindUnsupported:
		sr.add(t.problem(r, "type", info.code, typ))
		return
	case kindMeta:
		return
	case kindBeginBlock:
		sr.add(t.problem(r, "type", info.code, typ))
		sr.open = append(sr.open, openGroup{kind: groupBlock, row: r, end: "end_" + strings.TrimPrefix(kw, "begin_")})
		return
	case kindEndGroup, kindEndRepeat, kindEndBlock:
		sr.end(r, info.kind, typ)
		return
	}
	sr.add(t.unsupportedCells(r)...)
	if g := sr.grid(); g != nil {
		sr.gridRow(r, g, info, args)
		return
	}
	switch info.kind {
	case kindBeginGroup:
		sr.beginGroup(r)
	case kindBeginRepeat:
		sr.add(t.problem(r, "type", CodeRepeat, typ))
		sr.open = append(sr.open, openGroup{kind: groupRepeat, row: r})
	case kindNote:
		sr.note(r)
	case kindQuestion:
		sr.question(r, info, args)
	}
}

func (sr *surveyReader) end(r, kind int, typ string) {
	g := sr.top()
	want := groupRepeat
	if kind == kindEndGroup {
		want = 0 // any kind of group
	}
	if g == nil || kind == kindEndBlock || (want == groupRepeat) != (g.kind == groupRepeat) {
		sr.add(sr.t.problem(r, "type", CodeUnmatchedEnd, typ))
		return
	}
	sr.open = sr.open[:len(sr.open)-1]
	if g.kind == groupGrid {
		sr.finishGrid(g.grid)
	}
}

// beginGroup starts a grid (see read_grid.go) or a plain group. A plain
// group is a section: the service has none, so its questions are
// read as if it were not there and its label is not kept.
func (sr *surveyReader) beginGroup(r int) {
	t := sr.t
	nested := false
	for _, g := range sr.open {
		nested = nested || g.kind != groupPlain
	}
	if appearance(t.get(r, "appearance"), "table-list") && !nested {
		sr.beginGrid(r)
		return
	}
	if len(sr.open) > 0 {
		sr.add(t.problem(r, "type", CodeNestedGroup, ""))
		sr.open = append(sr.open, openGroup{kind: groupNested, row: r})
		return
	}
	if t.get(r, "relevant") != "" {
		sr.add(t.problem(r, "relevant", CodeGroupRelevant, ""))
	}
	for _, col := range t.filled(r, "type", "name", "label", "hint", "appearance", "relevant") {
		sr.add(Problem{Sheet: t.sheet, Row: r + 1, Column: col, Code: CodeNotForType})
	}
	sr.open = append(sr.open, openGroup{kind: groupPlain, row: r})
}

// note reads a note row. Before the first question it is the intro,
// after the last the outro; the service has no texts in between.
func (sr *surveyReader) note(r int) {
	t := sr.t
	for _, col := range t.filled(r, "type", "name", "label", "appearance") {
		sr.add(Problem{Sheet: t.sheet, Row: r + 1, Column: col, Code: CodeNotForType})
	}
	text := t.text(r, "label")
	if len(sr.sv.Questions) == 0 {
		if sr.introNote {
			sr.add(t.problem(r, "type", CodeNote, ""))
			return
		}
		sr.introNote = true
		sr.setText(&sr.sv.Intro, "intro", r, text)
		return
	}
	if sr.outroRow > 0 {
		sr.add(t.problem(r, "type", CodeNote, ""))
		return
	}
	sr.outroRow, sr.outroText = r, text
}

// setText puts a note's text into the intro or outro, unless settings
// gave it already.
func (sr *surveyReader) setText(dst *models.Text, name string, r int, text models.Text) {
	if len(*dst) > 0 {
		sr.add(sr.t.problem(r, "type", CodeTextTwice, name))
		return
	}
	*dst = text
	sr.o.textCell(name, sr.t, r, "label")
}

// question reads a select_one, select_multiple, integer or text row.
func (sr *surveyReader) question(r int, info typeInfo, args []string) {
	t := sr.t
	q := models.Question{Type: info.qtype}
	quiet := sr.readQuestionFields(r, &q)
	list := ""
	switch {
	case info.list && len(args) == 0:
		sr.add(t.problem(r, "type", CodeMissingList, ""))
		quiet = append(quiet, "options")
	case info.list && len(args) == 2 && strings.EqualFold(args[1], "or_other"):
		sr.add(t.problem(r, "type", CodeOrOther, ""))
		list = args[0]
	case info.list && len(args) == 1:
		list = args[0]
	case len(args) > 0:
		sr.add(t.problem(r, "type", CodeUnknownType, t.get(r, "type")))
	}
	if list != "" {
		var ok bool
		if q.Options, ok = sr.options(r, list); !ok {
			quiet = append(quiet, "options")
		}
	}
	sr.readScale(r, &q)
	if q.Type == models.TypeText && q.MaxLength == 0 && t.get(r, "max_length") == "" {
		q.MaxLength = DefaultTextMaxLength
	}
	sr.appendQuestion(r, q, list, quiet)
}

func (sr *surveyReader) appendQuestion(r int, q models.Question, list string, quiet []string) int {
	if sr.outroRow > 0 {
		// The note before this question was not the last thing after all.
		sr.add(sr.t.problem(sr.outroRow, "type", CodeNote, ""))
		sr.outroRow, sr.outroText = 0, nil
	}
	i := len(sr.sv.Questions)
	sr.sv.Questions = append(sr.sv.Questions, q)
	path := fmt.Sprintf("questions[%d]", i)
	sr.o.row(path, sr.t, r, questionFields)
	for _, f := range quiet {
		sr.o.quiet[path+"."+f] = true
	}
	if sr.choices != nil {
		for j, c := range sr.lists[list] {
			sr.o.row(fmt.Sprintf("%s.options[%d]", path, j), sr.choices, c.row, optionFields)
		}
	}
	return i
}

// options copies a choice list into a question, so that questions sharing
// a list do not share its maps.
func (sr *surveyReader) options(r int, list string) ([]models.Option, bool) {
	sr.usesChoices = true
	cs, ok := sr.lists[list]
	if !ok {
		if sr.choices != nil {
			sr.add(sr.t.problem(r, "type", CodeUnknownList, list))
		}
		return nil, false
	}
	out := make([]models.Option, len(cs))
	for i, c := range cs {
		out[i] = c.opt
		out[i].Label = maps.Clone(c.opt.Label)
	}
	return out, true
}

// readScale decides between single and scale: the service's own scale
// column, or else the likert appearance Enketo draws a scale with.
func (sr *surveyReader) readScale(r int, q *models.Question) {
	t := sr.t
	isScale := appearance(t.get(r, "appearance"), "likert")
	if v := t.get(r, "scale"); v != "" {
		b, ok := sr.boolean(r, "scale", v)
		if !ok {
			return
		}
		isScale = b
		if b && q.Type != models.TypeSingle {
			sr.add(t.problem(r, "scale", CodeNotForType, ""))
			return
		}
	}
	if isScale && q.Type == models.TypeSingle {
		q.Type = models.TypeScale
	}
}

// readQuestionFields reads the columns every question row may have. Which
// of them suit the row's type is the checker's to say, so a max_length on
// a select is reported the same way as in YAML. It returns the fields
// whose checker problems would repeat a problem it reported.
func (sr *surveyReader) readQuestionFields(r int, q *models.Question) (quiet []string) {
	t := sr.t
	q.ID = t.get(r, "name")
	q.Text = t.text(r, "label")
	q.Help = t.text(r, "hint")
	if v := t.get(r, "required"); v != "" {
		b, ok := parseBool(v)
		if !ok {
			sr.add(t.problem(r, "required", CodeRequiredExpr, v))
		}
		q.Required = b
	}
	if v := t.get(r, "sensitive"); v != "" {
		q.Sensitive, _ = sr.boolean(r, "sensitive", v)
	}
	q.Dimension = strings.ToLower(t.get(r, "dimension"))
	q.Min = sr.int64Ptr(r, "min")
	q.Max = sr.int64Ptr(r, "max")
	q.MaxLength = sr.intVal(r, "max_length")
	q.MaxChoices = sr.intVal(r, "max_choices")
	if v := t.get(r, "constraint"); v != "" {
		lo, hi, ok := parseMinMax(v)
		if ok && q.Type == models.TypeNumber && q.Min == nil && q.Max == nil {
			q.Min, q.Max = &lo, &hi
		} else {
			sr.add(t.problem(r, "constraint", CodeConstraint, v))
			quiet = append(quiet, "min", "max")
		}
	}
	if v := t.get(r, "relevant"); v != "" {
		c, code := parseRelevant(v)
		if code != "" {
			sr.add(t.problem(r, "relevant", code, v))
		} else {
			q.ShowIf = &models.ShowIf{Question: c.question, AnyOf: c.values}
			sr.conds = append(sr.conds, condAt{row: r, equals: c.equals, target: c.question})
		}
	}
	return quiet
}

func (sr *surveyReader) boolean(r int, name, v string) (bool, bool) {
	b, ok := parseBool(v)
	if !ok {
		sr.add(sr.t.problem(r, name, CodeNotBoolean, v))
	}
	return b, ok
}

func (sr *surveyReader) int64Ptr(r int, name string) *int64 {
	v := sr.t.get(r, name)
	if v == "" {
		return nil
	}
	n, ok := parseInt(v)
	if !ok {
		sr.add(sr.t.problem(r, name, CodeNotInteger, v))
		return nil
	}
	return &n
}

func (sr *surveyReader) intVal(r int, name string) int {
	v := sr.t.get(r, name)
	if v == "" {
		return 0
	}
	n, ok := parseInt(v)
	if !ok || n < -1<<31 || n > 1<<31-1 {
		sr.add(sr.t.problem(r, name, CodeNotInteger, v))
		return 0
	}
	return int(n)
}

// appearance reports whether an appearance cell holds the given word;
// appearances combine with spaces ("table-list minimal").
func appearance(cell, word string) bool {
	for _, w := range strings.Fields(strings.ToLower(cell)) {
		if w == word {
			return true
		}
	}
	return false
}
