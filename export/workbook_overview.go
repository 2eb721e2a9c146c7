package export

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// overview writes the Översikt sheet: the promise, the survey, period and
// filters, how many answered, the key indicators with their intervals and
// change, and a bar chart of the indicators.
func (wb *workbook) overview() error {
	tx, st, sv, res := wb.tx, &wb.st, wb.sv, wb.res
	lang := tx.lang
	s := wb.sheet(tx.sheetOverview)
	compared := res.ComparedWith != nil && !res.Hidden
	widths := []float64{62, 9, 10, 12, 12, 40}
	if compared {
		widths = []float64{62, 9, 10, 12, 12, 14, 12, 16, 14, 28, 40}
	}
	s.widths(widths...)

	row := 1
	s.set(1, row, tx.title+" – "+sv.Title.In(lang), st.title)
	row += 2
	kv := func(k string, v any) {
		s.set(1, row, k, st.bold)
		s.set(2, row, v, 0)
		row++
	}
	if p := sv.Promise; p != nil {
		kv(tx.promise, p.Name.In(lang))
		if len(p.Partners) > 0 {
			kv(tx.partners, strings.Join(p.Partners, "; "))
		}
		if p.From != "" || p.To != "" {
			kv(tx.promisePeriod, strings.TrimSpace(p.From+" – "+p.To))
		}
		for i, fo := range p.Focus {
			k := ""
			if i == 0 {
				k = tx.focus
			}
			kv(k, fo.In(lang))
		}
		row++
	}
	kv(tx.survey, sv.Title.In(lang))
	kv(tx.surveyID, fmt.Sprintf("%s, version %d", sv.Slug, sv.Version))
	if sv.Wave != "" {
		kv(tx.wave, sv.Wave)
	}
	kv(tx.period, wb.period())
	if len(wb.in.Filters) == 0 {
		kv(tx.filters, tx.noFilters)
	}
	for i, f := range wb.in.Filters {
		k := ""
		if i == 0 {
			k = tx.filters
		}
		kv(k, wb.filterLabel(f))
	}
	if cw := res.ComparedWith; cw != nil {
		v := cw.Survey
		if cw.Wave != "" {
			v += " (" + tx.wave + " " + cw.Wave + ")"
		}
		if cw.N > 0 && !res.Hidden {
			v += fmt.Sprintf(", n = %d", cw.N)
		}
		kv(tx.comparedWith, v)
	}
	kv(tx.generated, wb.generated())
	row++

	if res.Hidden {
		s.set(1, row, fmt.Sprintf(tx.hiddenAll, res.MinCell), st.bold)
		return s.err
	}
	kv(tx.responses, res.N)
	if res.Sessions > 0 {
		// Only for the whole survey (Results.Sessions): a group's number of
		// sessions would be exact beside its perturbed counts.
		kv(tx.sessions, res.Sessions)
	}
	kv(tx.schools, res.Schools)
	row++

	s.set(1, row, tx.indicators, st.h2)
	row++
	if len(res.Indicators) == 0 {
		s.set(1, row, tx.noIndicators, st.note)
		return s.err
	}
	hdr := []string{tx.hIndicator, tx.hN, tx.hShare, tx.hCILow, tx.hCIHigh}
	if compared {
		hdr = append(hdr, tx.hBaseShare, tx.hBaseN, tx.hChange, tx.hOverlap, tx.hClear)
	}
	hdr = append(hdr, tx.hNote)
	s.header(row, st.header, hdr...)
	noteCol := len(hdr)
	anyHidden := false
	for i := range res.Indicators {
		ir := &res.Indicators[i]
		row++
		label := ir.Label.In(lang)
		s.set(1, row, label, st.wrap)
		if h := estimateHeight(label, 62); h > 16 && s.err == nil {
			s.err = wb.f.SetRowHeight(tx.sheetOverview, row, h)
		}
		s.count(2, row, ir.N, ir.Hidden, st)
		s.share(3, row, ir.Share.Share, ir.Hidden, st)
		s.share(4, row, ir.CILow, ir.Hidden, st)
		s.share(5, row, ir.CIHigh, ir.Hidden, st)
		if ir.Hidden {
			anyHidden = true
			s.set(noteCol, row, fmt.Sprintf(tx.hiddenNote, res.MinCell), st.note)
		}
		if !compared {
			continue
		}
		if ir.Baseline == nil || ir.Change == nil {
			// Either wave hides it, or the baseline lacks it: no change
			// is shown, since one computed from a hidden figure would
			// reveal it.
			s.set(6, row, dash, st.dash)
			s.set(7, row, dash, st.dash)
			continue
		}
		ch := ir.Change
		s.share(6, row, ir.Baseline.Share, false, st)
		s.count(7, row, ir.Baseline.N, false, st)
		s.set(8, row, ch.DiffPP, st.pp)
		if ch.Overlap {
			s.set(9, row, tx.yes, 0)
		} else {
			s.set(9, row, tx.no, 0)
		}
		s.set(10, row, wb.changeMark(ch), 0)
	}
	// The chart reads its own copy of the shares, on a hidden sheet, in
	// which a hidden figure is an empty cell: a chart would draw the
	// table's "–" as a 0 % bar, and a steering group would read that as
	// nobody. Its headers are the series' names in the legend: the waves
	// ("2023", "2022") where the surveys name them, since "Andel" beside
	// "Förra omgången, andel" leaves a reader to work out which year is
	// which.
	cd := wb.sheet(tx.sheetChartData)
	cd.set(1, 1, hdr[0], st.header)
	cd.set(2, 1, cmp.Or(wb.sv.Wave, hdr[2]), st.header)
	if compared {
		baseWave := ""
		if res.ComparedWith != nil {
			baseWave = res.ComparedWith.Wave
		}
		cd.set(3, 1, cmp.Or(baseWave, hdr[5]), st.header)
	}
	for i := range res.Indicators {
		ir := &res.Indicators[i]
		r := 2 + i
		cd.set(1, r, ir.Label.In(lang), 0)
		if !ir.Hidden {
			cd.set(2, r, ir.Share.Share, st.pct)
		}
		if compared && ir.Baseline != nil && ir.Change != nil {
			cd.set(3, r, ir.Baseline.Share, st.pct)
		}
	}
	if cd.err != nil {
		return cd.err
	}
	if anyHidden {
		row += 2
		s.set(1, row, fmt.Sprintf(tx.hiddenLegend, res.MinCell), st.note)
	}
	row += 2
	s.set(1, row, tx.adjusted, st.note)
	if s.err != nil {
		return s.err
	}
	// The chart on a page of its own when it would not fit below the
	// table: cut at a page break, it printed as two halves.
	at, chartH := row+2, indicatorChartHeight(len(res.Indicators), compared)
	widthPx := 0
	for _, w := range widths {
		widthPx += int(w*7 + 5)
	}
	if (at+chartH/20+1)*20 > pageRows(widthPx, 0)*20 {
		if err := wb.f.InsertPageBreak(tx.sheetOverview, fmt.Sprintf("A%d", at)); err != nil {
			return err
		}
	}
	return wb.indicatorChart(len(res.Indicators), at, compared)
}

// indicatorChartHeight is the overview chart's height in pixels: room
// for its title and legend, and a bar per indicator and wave.
func indicatorChartHeight(n int, compared bool) int {
	if compared {
		return 90 + n*22*2
	}
	return 90 + n*22
}

// changeMark says whether a change is statistically clear, and in which
// direction, in words.
func (wb *workbook) changeMark(ch *Change) string {
	if len(ch.Break) > 0 {
		return wb.tx.fNotComparable
	}
	if !ch.Significant {
		return wb.tx.noClear
	}
	switch ch.Direction {
	case "better":
		return wb.tx.clearBetter
	case "worse":
		return wb.tx.clearWorse
	}
	return wb.tx.clearChange
}

// indicatorChart adds a clustered bar chart of the n indicator shares on
// the chart data sheet (label, share, previous share, under a header row)
// below the table at row at. Series names are the header cells: excelize
// writes a series name as a reference.
func (wb *workbook) indicatorChart(n, at int, compared bool) error {
	tx := wb.tx
	data := tx.sheetChartData
	first, last := 2, 1+n
	series := []excelize.ChartSeries{{
		Name:       rangeRef(data, 2, 1, 1),
		Categories: rangeRef(data, 1, first, last),
		Values:     rangeRef(data, 2, first, last),
	}}
	if compared {
		series = append(series, excelize.ChartSeries{
			Name:       rangeRef(data, 3, 1, 1),
			Categories: rangeRef(data, 1, first, last),
			Values:     rangeRef(data, 3, first, last),
		})
	}
	height := indicatorChartHeight(n, compared)
	zero := 0.0
	return wb.f.AddChart(tx.sheetOverview, fmt.Sprintf("A%d", at), &excelize.Chart{
		Type:      excelize.Bar,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: tx.chartTitle}}},
		Dimension: excelize.ChartDimension{Width: 960, Height: uint(height)},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		// Bars list bottom-up by default; reversed, they follow the table.
		XAxis:        excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
		YAxis:        excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		PlotArea:     excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		ShowBlanksAs: "gap",
	})
}
