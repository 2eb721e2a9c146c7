package export

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// maxQuestionCharts bounds the charts on the Frågor sheet, so a long survey
// does not make a heavy file.
const maxQuestionCharts = 40

// questions writes the Frågor sheet: one table with a row per option of
// every closed question (grids row by row), counts and shares in total and
// by gender, and a bar chart per single-choice or scale question beside it.
func (wb *workbook) questions() error {
	tx, st, res := wb.tx, &wb.st, wb.res
	lang := tx.lang
	s := wb.sheet(tx.sheetQuestions)

	genders := wb.genderGroups()
	hdr := []string{tx.hQuestionID, tx.hQuestion, tx.hRow, tx.hOption, tx.hCount, tx.hShare, tx.hBase, tx.hExcluded}
	widths := []float64{22, 50, 28, 34, 9, 10, 9, 14}
	for _, g := range genders {
		l := wb.groupLabel(g)
		hdr = append(hdr, fmt.Sprintf(tx.countOfGroup, l), fmt.Sprintf(tx.shareOfGroup, l))
		widths = append(widths, 11, 11)
	}
	hdr = append(hdr, tx.hNote)
	widths = append(widths, 48)
	noteCol := len(hdr)
	s.widths(widths...)
	s.header(1, st.header, hdr...)
	note := fmt.Sprintf(tx.hiddenNote, res.MinCell)

	type chartAt struct {
		first, last int
		title       string
	}
	var charts []chartAt
	row := 1
	dist := func(q *models.Question, rowLabel string, d *Distribution, by map[string][]GroupDistribution) {
		text := q.Text.In(lang)
		if d.Hidden {
			row++
			s.set(1, row, q.ID, 0)
			s.set(2, row, text, 0)
			s.set(3, row, rowLabel, 0)
			s.set(5, row, dash, st.dash)
			s.set(6, row, dash, st.dash)
			s.set(7, row, dash, st.dash)
			s.set(noteCol, row, note, st.note)
			return
		}
		first := row + 1
		byGender := by[models.DimGender]
		for _, o := range d.Options {
			row++
			s.set(1, row, q.ID, 0)
			s.set(2, row, text, 0)
			s.set(3, row, rowLabel, 0)
			label := o.Label.In(lang)
			if label == "" {
				label = o.Value
			}
			s.set(4, row, label, 0)
			s.set(5, row, o.Count, 0)
			s.set(6, row, o.Share, st.pct)
			base := d.Valid
			if o.Exclude {
				base = d.N
				s.set(8, row, tx.yes, 0)
			}
			s.set(7, row, base, 0)
			if byGender == nil {
				continue
			}
			for gi, g := range genders {
				col := 9 + 2*gi
				gd := findGroup(byGender, g)
				if gd == nil || gd.Hidden {
					s.set(col, row, dash, st.dash)
					s.set(col+1, row, dash, st.dash)
					continue
				}
				c, sh := 0, 0.0
				if oi := slices.IndexFunc(gd.Options, func(x OptionResult) bool { return x.Value == o.Value }); oi >= 0 {
					c, sh = gd.Options[oi].Count, gd.Options[oi].Share
				}
				s.set(col, row, c, 0)
				s.set(col+1, row, sh, st.pct)
			}
			if slices.ContainsFunc(byGender, func(g GroupDistribution) bool { return g.Hidden }) {
				s.set(noteCol, row, note, st.note)
			}
		}
		if (q.Type == models.TypeSingle || q.Type == models.TypeScale) && row >= first && len(charts) < maxQuestionCharts {
			charts = append(charts, chartAt{first, row, q.ID + ": " + truncate(text, 90)})
		}
	}

	if res.Hidden {
		row++
		s.set(1, row, fmt.Sprintf(tx.hiddenAll, res.MinCell), 0)
	} else {
		for i := range res.Questions {
			qr := &res.Questions[i]
			q, ok := wb.sv.Question(qr.ID)
			if !ok || !closedQuestion(q) {
				continue
			}
			if q.Type == models.TypeGrid {
				for ri := range qr.Rows {
					rr := &qr.Rows[ri]
					dist(q, rr.Label.In(lang), &rr.Distribution, rr.By)
				}
				continue
			}
			dist(q, "", &qr.Distribution, qr.By)
		}
	}
	last := row
	s.set(1, last+2, fmt.Sprintf(tx.hiddenLegend, res.MinCell), st.note)
	s.freezeHeader(noteCol, last)
	if s.err != nil {
		return s.err
	}

	// Charts stand in a column of their own to the right of the table,
	// each titled with its question, so they never cover a figure.
	chartCol, _ := excelize.ColumnNumberToName(noteCol + 2)
	for k, c := range charts {
		err := wb.f.AddChart(tx.sheetQuestions, fmt.Sprintf("%s%d", chartCol, 2+k*16), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       rangeRef(tx.sheetQuestions, 6, 1, 1),
				Categories: rangeRef(tx.sheetQuestions, 4, c.first, c.last),
				Values:     rangeRef(tx.sheetQuestions, 6, c.first, c.last),
			}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title, Font: &excelize.Font{Size: 10, Bold: true}}}},
			Dimension: excelize.ChartDimension{Width: 560, Height: 300},
			Legend:    excelize.ChartLegend{Position: "none"},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// closedQuestion reports whether q's answers are counted per option: the
// questions the Frågor sheet shows.
func closedQuestion(q *models.Question) bool {
	switch q.Type {
	case models.TypeSingle, models.TypeScale, models.TypeMulti, models.TypeGrid:
		return true
	case models.TypeNumber:
		_, _, ok := numberBuckets(q)
		return ok
	}
	return false
}

// genderGroups lists the groups of the gender breakdown, in order, from the
// first figure broken down by gender; every figure lists the same groups.
func (wb *workbook) genderGroups() []Group {
	if !slices.Contains(wb.res.Dimensions, models.DimGender) {
		return nil
	}
	for i := range wb.res.Questions {
		qr := &wb.res.Questions[i]
		if gd := qr.By[models.DimGender]; gd != nil {
			return groupsOf(gd)
		}
		for _, rr := range qr.Rows {
			if gd := rr.By[models.DimGender]; gd != nil {
				return groupsOf(gd)
			}
		}
	}
	return nil
}

func groupsOf(gd []GroupDistribution) []Group {
	out := make([]Group, len(gd))
	for i := range gd {
		out[i] = gd[i].Group
	}
	return out
}

func findGroup(gd []GroupDistribution, g Group) *GroupDistribution {
	for i := range gd {
		if gd[i].Value == g.Value && gd[i].Unknown == g.Unknown {
			return &gd[i]
		}
	}
	return nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
