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

// Frågor is printed as blocks, one per closed question (per grid row): a
// heading row with the question's text, a row per option, and the chart
// beside them, the block padded to the chart's height. Whole blocks go on
// a page (questionBreaks), so no chart and no question is cut in two.
const (
	questionChartW, questionChartH = 400, 200
	questionChartRows              = 11 // 200 px at the default 20 px a row, and a margin
)

// questions writes the Frågor sheet: a block per closed question (grids
// row by row) headed by its text, with a row per option, counts and
// shares in total and by gender, and a bar chart per single-choice or
// scale question beside it.
func (wb *workbook) questions() error {
	tx, st, res := wb.tx, &wb.st, wb.res
	lang := tx.lang
	s := wb.sheet(tx.sheetQuestions)

	genders := wb.genderGroups()
	hdr := []string{tx.hQuestionID, tx.hQuestion, tx.hRow, tx.hOption, tx.hCount, tx.hShare, tx.hBase, tx.hExcluded}
	// Narrow: the heading row carries the question in full, and every
	// character of width shrinks the printed page (fitted to its width).
	widths := []float64{14, 18, 18, 26, 9, 10, 9, 12}
	for _, g := range genders {
		l := wb.groupLabel(g)
		hdr = append(hdr, fmt.Sprintf(tx.countOfGroup, l), fmt.Sprintf(tx.shareOfGroup, l))
		widths = append(widths, 8, 8)
	}
	hdr = append(hdr, tx.hNote)
	widths = append(widths, 30)
	noteCol := len(hdr)
	s.widths(widths...)
	s.header(1, st.header, hdr...)
	note := fmt.Sprintf(tx.hiddenNote, res.MinCell)

	type chartAt struct {
		head, first, last int
		title             string
	}
	var charts []chartAt
	var blocks [][2]int // first and last row of each block
	row := 1
	dist := func(q *models.Question, rowLabel string, d *Distribution, by map[string][]GroupDistribution) {
		text := q.Text.In(lang)
		// The heading row: the question in words, so a printed page
		// never starts with numbers nobody can place.
		row++
		head, heading := row, text
		if rowLabel != "" {
			heading += " – " + rowLabel
		}
		s.set(1, head, heading, st.bold)
		defer func() {
			blocks = append(blocks, [2]int{head, row})
			row++ // an empty row between blocks
		}()
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
			charts = append(charts, chartAt{head, first, row, truncate(text, 90)})
			row = max(row, head+questionChartRows-1)
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

	// Whole blocks to a page, at the scale that fits the table and its
	// charts to the page's width.
	tableW := 64 + questionChartW // the empty column before the charts, and a chart
	for _, w := range widths {
		tableW += int(w*7 + 5)
	}
	for _, r := range questionBreaks(blocks, pageRows(tableW, 32)) {
		if err := wb.f.InsertPageBreak(tx.sheetQuestions, fmt.Sprintf("A%d", r)); err != nil {
			return err
		}
	}

	// Each chart stands beside its block, to the right of the table,
	// titled with its question, so it never covers a figure.
	chartCol, _ := excelize.ColumnNumberToName(noteCol + 2)
	for _, c := range charts {
		err := wb.f.AddChart(tx.sheetQuestions, fmt.Sprintf("%s%d", chartCol, c.head), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       rangeRef(tx.sheetQuestions, 6, 1, 1),
				Categories: rangeRef(tx.sheetQuestions, 4, c.first, c.last),
				Values:     rangeRef(tx.sheetQuestions, 6, c.first, c.last),
			}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title, Font: &excelize.Font{Size: 10, Bold: true}}}},
			Dimension: excelize.ChartDimension{Width: questionChartW, Height: questionChartH},
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

// A4 landscape with the margins printLayout sets, in pixels at 96 dpi:
// what is left for the sheet. The height leaves room for a header or
// footer a program may add.
const printableW, printableH = 1123 - 96, 794 - 2*58 - 60

// pageRows is how many rows of the default 20 px fit on one printed page
// of a sheet fitted to the page's width, its content widthPx wide, less
// its repeated header (headerPx). A program that rounds the scale down
// fits more rows, never fewer, so breaks made from this are never
// overtaken by its own.
func pageRows(widthPx, headerPx int) int {
	scale := min(1, float64(printableW)/float64(widthPx))
	return int(float64(printableH)/scale-float64(headerPx)) / 20
}

// questionBreaks are the rows before which a new page starts, so that
// every block (first and last row, followed by one empty row) is on one
// page of perPage rows; a block taller than a page starts a page of its
// own and runs on.
func questionBreaks(blocks [][2]int, perPage int) []int {
	var breaks []int
	used := 0
	for _, b := range blocks {
		h := b[1] - b[0] + 2
		if used > 0 && used+h-1 > perPage {
			breaks = append(breaks, b[0])
			used = 0
		}
		used += h
	}
	return breaks
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
