package xlsform

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// Write writes sv as an XLSForm workbook that Read gives back unchanged:
// the same sheets and columns Read takes, every text in a column of its
// own language. Cells hold values only, never formulas.
func Write(w io.Writer, sv *models.Survey) error {
	f := excelize.NewFile()
	defer f.Close()
	wr := &writer{f: f, sv: sv, langs: exportLangs(sv)}
	steps := []func() error{
		wr.survey, wr.choices, wr.settings, wr.indicators, wr.help, wr.promise, wr.translations, wr.instructions,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("xlsform: write: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsform: write: %w", err)
	}
	return nil
}

type writer struct {
	f     *excelize.File
	sv    *models.Survey
	langs []string
	err   error
}

// exportLangs lists the languages to write columns for: the survey's
// own, then any other a text has, so nothing is lost.
func exportLangs(sv *models.Survey) []string {
	langs := slices.Clone(sv.Languages)
	extra := map[string]bool{}
	eachText(sv, func(t models.Text) {
		for l := range t {
			if !slices.Contains(langs, l) {
				extra[l] = true
			}
		}
	})
	return append(langs, slices.Sorted(maps.Keys(extra))...)
}

func eachText(sv *models.Survey, fn func(models.Text)) {
	fn(sv.Title)
	fn(sv.Intro)
	fn(sv.Outro)
	if p := sv.Promise; p != nil {
		fn(p.Name)
		for _, t := range p.Focus {
			fn(t)
		}
	}
	for _, q := range sv.Questions {
		fn(q.Text)
		fn(q.Help)
		for _, o := range q.Options {
			fn(o.Label)
		}
		for _, r := range q.Rows {
			fn(r.Label)
		}
	}
	for _, ind := range sv.Indicators {
		fn(ind.Label)
	}
	for _, h := range sv.Help {
		fn(h.For)
	}
}

// sheetWriter lays out one sheet: named columns, some of them one per
// language, and rows filled by column name.
type sheetWriter struct {
	w      *writer
	sheet  string
	cols   []string       // headers in order
	index  map[string]int // column key (name, or name::lang) → index
	widths []float64
	row    int // the last row written
}

func (wr *writer) newSheet(name string, cols ...string) *sheetWriter {
	if wr.f.SheetCount == 1 && wr.f.GetSheetName(0) == "Sheet1" {
		wr.err = wr.f.SetSheetName("Sheet1", name)
	} else if _, err := wr.f.NewSheet(name); err != nil {
		wr.err = err
	}
	sw := &sheetWriter{w: wr, sheet: name, index: map[string]int{}, row: 1}
	for _, c := range cols {
		if name, ok := strings.CutSuffix(c, "::*"); ok {
			for _, l := range wr.langs {
				sw.add(name+"::"+l, name+"::"+languageSuffix(l), widthOf(name))
			}
			continue
		}
		sw.add(c, c, widthOf(c))
	}
	return sw
}

func widthOf(name string) float64 {
	switch name {
	case "label", "hint", "form_title", "for", "focus":
		return 45
	case "type", "relevant", "name", "partners", "web":
		return 24
	}
	return 14
}

func (sw *sheetWriter) add(key, header string, width float64) {
	sw.index[key] = len(sw.cols)
	sw.cols = append(sw.cols, header)
	sw.widths = append(sw.widths, width)
}

// header writes the header row in bold, frozen above the rows.
func (sw *sheetWriter) header() {
	f := sw.w.f
	for i, h := range sw.cols {
		sw.set(i, 1, h)
		col := columnLetter(i)
		sw.check(f.SetColWidth(sw.sheet, col, col, sw.widths[i]))
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	sw.check(err)
	if len(sw.cols) > 0 {
		sw.check(f.SetCellStyle(sw.sheet, "A1", columnLetter(len(sw.cols)-1)+"1", bold))
	}
	sw.check(f.SetPanes(sw.sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
}

func (sw *sheetWriter) check(err error) {
	if err != nil && sw.w.err == nil {
		sw.w.err = err
	}
}

// set writes one cell: strings as strings (never formulas), whole
// numbers as numbers; empty values leave the cell empty.
func (sw *sheetWriter) set(col, row int, v any) {
	cell, err := excelize.CoordinatesToCellName(col+1, row)
	sw.check(err)
	switch v := v.(type) {
	case string:
		if v != "" {
			sw.check(sw.w.f.SetCellStr(sw.sheet, cell, v))
		}
	case int:
		sw.check(sw.w.f.SetCellInt(sw.sheet, cell, int64(v)))
	case int64:
		sw.check(sw.w.f.SetCellInt(sw.sheet, cell, v))
	}
}

// next starts a new row.
func (sw *sheetWriter) next() { sw.row++ }

// put writes a value into the current row's column key.
func (sw *sheetWriter) put(key string, v any) {
	i, ok := sw.index[key]
	if !ok {
		return
	}
	sw.set(i, sw.row, v)
}

// text writes a translated text into its language columns.
func (sw *sheetWriter) text(name string, t models.Text) {
	for _, l := range sw.w.langs { // in column order, so the file comes out the same every time
		if v, ok := t[l]; ok {
			sw.put(name+"::"+l, v)
		}
	}
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func (wr *writer) survey() error {
	sw := wr.newSheet(sheetSurvey, "type", "name", "label::*", "hint::*", "required", "relevant",
		"appearance", "dimension", "sensitive", "scale", "min", "max", "max_length", "max_choices")
	sw.header()
	if len(wr.sv.Intro) > 0 {
		sw.next()
		sw.put("type", "note")
		sw.put("name", "intro")
		sw.text("label", wr.sv.Intro)
	}
	for _, q := range wr.sv.Questions {
		sw.next()
		sw.put("name", q.ID)
		sw.text("label", q.Text)
		sw.text("hint", q.Help)
		sw.put("required", yes(q.Required))
		sw.put("sensitive", yes(q.Sensitive))
		sw.put("dimension", q.Dimension)
		if q.ShowIf != nil {
			target, _ := wr.sv.Question(q.ShowIf.Question)
			sw.put("relevant", formatRelevant(q.ShowIf, target != nil && target.Type == models.TypeMulti))
		}
		if q.Min != nil {
			sw.put("min", *q.Min)
		}
		if q.Max != nil {
			sw.put("max", *q.Max)
		}
		if q.MaxLength != 0 {
			sw.put("max_length", q.MaxLength)
		}
		if q.MaxChoices != 0 {
			sw.put("max_choices", q.MaxChoices)
		}
		switch q.Type {
		case models.TypeSingle:
			sw.put("type", "select_one "+q.ID)
		case models.TypeScale:
			sw.put("type", "select_one "+q.ID)
			sw.put("appearance", "likert")
			sw.put("scale", "yes")
		case models.TypeMulti:
			sw.put("type", "select_multiple "+q.ID)
		case models.TypeNumber:
			sw.put("type", "integer")
		case models.TypeText:
			sw.put("type", "text")
		case models.TypeGrid:
			sw.put("type", "begin group")
			sw.put("appearance", "table-list")
			for _, r := range q.Rows {
				sw.next()
				sw.put("type", "select_one "+q.ID)
				sw.put("name", r.Value)
				sw.text("label", r.Label)
			}
			sw.next()
			sw.put("type", "end group")
		default:
			sw.put("type", q.Type)
		}
	}
	if len(wr.sv.Outro) > 0 {
		sw.next()
		sw.put("type", "note")
		sw.put("name", "outro")
		sw.text("label", wr.sv.Outro)
	}
	return wr.err
}

// choices writes one list per question, named after it, so that a change
// to one question's options can never touch another's.
func (wr *writer) choices() error {
	sw := wr.newSheet(sheetChoices, "list_name", "name", "label::*", "exclude")
	sw.header()
	for _, q := range wr.sv.Questions {
		for _, o := range q.Options {
			sw.next()
			sw.put("list_name", q.ID)
			sw.put("name", o.Value)
			sw.text("label", o.Label)
			sw.put("exclude", yes(o.Exclude))
		}
	}
	return wr.err
}

func (wr *writer) settings() error {
	sv := wr.sv
	sw := wr.newSheet(sheetSettings, "form_title::*", "form_id", "version", "default_language", "status",
		"languages", "wave", "compare_with", "min_cell", "opens_at", "closes_at")
	sw.header()
	sw.next()
	sw.text("form_title", sv.Title)
	sw.put("form_id", sv.Slug)
	sw.put("version", sv.Version)
	sw.put("default_language", languageSuffix(models.LangSV))
	sw.put("status", sv.Status)
	sw.put("languages", strings.Join(sv.Languages, " "))
	sw.put("wave", sv.Wave)
	sw.put("compare_with", sv.CompareWith)
	if sv.MinCell != 0 {
		sw.put("min_cell", sv.MinCell)
	}
	if sv.OpensAt != nil {
		sw.put("opens_at", sv.OpensAt.Format(time.RFC3339Nano))
	}
	if sv.ClosesAt != nil {
		sw.put("closes_at", sv.ClosesAt.Format(time.RFC3339Nano))
	}
	return wr.err
}

func (wr *writer) indicators() error {
	sw := wr.newSheet(sheetIndicators, "id", "label::*", "question", "row", "count", "exclude", "better")
	sw.header()
	for _, ind := range wr.sv.Indicators {
		sw.next()
		sw.put("id", ind.ID)
		sw.text("label", ind.Label)
		sw.put("question", ind.Question)
		sw.put("row", ind.Row)
		sw.put("count", strings.Join(ind.Count, " "))
		sw.put("exclude", strings.Join(ind.Exclude, " "))
		sw.put("better", ind.Better)
	}
	return wr.err
}

func (wr *writer) help() error {
	sw := wr.newSheet(sheetHelp, "name", "phone", "web", "for::*")
	sw.header()
	for _, h := range wr.sv.Help {
		sw.next()
		sw.put("name", h.Name)
		sw.put("phone", h.Phone)
		sw.put("web", h.Web)
		sw.text("for", h.For)
	}
	return wr.err
}

// promise writes id, name, from and to on row 2 and the partners and
// focus areas one per row from there down.
func (wr *writer) promise() error {
	sw := wr.newSheet(sheetPromise, "id", "name::*", "partners", "from", "to", "focus::*")
	sw.header()
	p := wr.sv.Promise
	if p == nil {
		return wr.err
	}
	sw.next()
	sw.put("id", p.ID)
	sw.text("name", p.Name)
	sw.put("from", p.From)
	sw.put("to", p.To)
	for i := 0; i < max(len(p.Partners), len(p.Focus), 1); i++ {
		if i > 0 {
			sw.next()
		}
		if i < len(p.Partners) {
			sw.put("partners", p.Partners[i])
		}
		if i < len(p.Focus) {
			sw.text("focus", p.Focus[i])
		}
	}
	return wr.err
}
