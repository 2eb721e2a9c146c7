package export

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// followupWidths are the Uppföljning sheet's columns: the eleven of the
// action plan in Brå's template. The indicator tables below it reuse the
// first eight (wave, source, n, share, CI, break, note).
var followupWidths = []float64{34, 34, 30, 20, 11, 11, 26, 12, 28, 40, 22}

const (
	// planCols is the number of columns of the action plan.
	planCols = 11
	// seriesDataCol is column M, where each indicator's chart reads its own
	// copy of the shares: the table shows a hidden figure as "–", which a
	// line chart would draw as 0 %, while an empty cell leaves a gap.
	seriesDataCol = 13
	// chartRows are the rows left below an indicator's tables for its chart.
	chartRows = 16
)

// onTrackFills colour the "I fas" cell like Excel's Good, Neutral and Bad
// cell styles; the cell also says the mark in words.
var onTrackFills = []struct{ mark, fill, font string }{
	{models.OnTrackGreen, "C6EFCE", "006100"},
	{models.OnTrackYellow, "FFEB9C", "9C5700"},
	{models.OnTrackRed, "FFC7CE", "9C0006"},
}

// followupSheet writes the Uppföljning sheet from the top down.
type followupSheet struct {
	*workbook
	s      *sheet
	row    int               // the last row written
	fills  map[string]int    // on-track mark → style
	labels map[string]string // indicator id → label in the workbook's language
	// Figures aligned to the top, like the texts beside them, for rows
	// that a wrapped source or break makes taller.
	numTop, pctTop, dashTop int
}

// followup writes the Uppföljning sheet (DESIGN §6.6): the promise, its
// action plan one activity a row, and every indicator of the series with a
// table of its waves, the changes between them and a line chart.
//
// Figures of the service's own waves come from the Series, which has been
// through disclosure control; a hidden figure shows as "–". Outside
// figures are shown with their source. Staff text is written as strings
// with the text number format, never as formulas.
func (wb *workbook) followup() error {
	fs, err := newFollowupSheet(wb)
	if err != nil {
		return err
	}
	fs.columns()
	fs.heading()
	fs.actionPlan()
	if fs.s.err != nil {
		return fs.s.err
	}
	return fs.series()
}

// newFollowupSheet makes the sheet's own styles. They are made here rather
// than in setup, so that a workbook without the sheet stays exactly as it
// was.
func newFollowupSheet(wb *workbook) (*followupSheet, error) {
	fs := &followupSheet{workbook: wb, s: wb.sheet(wb.tx.sheetFollowup),
		fills: map[string]int{}, labels: map[string]string{}}
	for _, c := range onTrackFills {
		id, err := wb.f.NewStyle(&excelize.Style{
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
			Font:      &excelize.Font{Color: c.font, Bold: true},
			Alignment: &excelize.Alignment{Vertical: "top"},
		})
		if err != nil {
			return nil, err
		}
		fs.fills[c.mark] = id
	}
	pct := "0.0%"
	for _, d := range []struct {
		id *int
		s  excelize.Style
	}{
		{&fs.numTop, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&fs.pctTop, excelize.Style{CustomNumFmt: &pct, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&fs.dashTop, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}}},
	} {
		id, err := wb.f.NewStyle(&d.s)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	inds := wb.in.Followup.Series.Indicators
	for i := range inds {
		fs.labels[inds[i].ID] = indicatorLabel(&inds[i], wb.tx.lang)
	}
	return fs, nil
}

// columns sets the widths: the action plan's, and room for the headers of
// the charts' data columns ("Andel, 2022–2023").
func (fs *followupSheet) columns() {
	s := fs.s
	s.widths(followupWidths...)
	segs := 0
	for _, ind := range fs.in.Followup.Series.Indicators {
		segs = max(segs, len(segments(ind.Points)))
	}
	if segs == 0 || s.err != nil {
		return
	}
	from, _ := excelize.ColumnNumberToName(seriesDataCol)
	to, _ := excelize.ColumnNumberToName(seriesDataCol + segs - 1)
	s.err = fs.f.SetColWidth(s.name, from, to, 16)
}

// heading names the promise, its partners and period.
func (fs *followupSheet) heading() {
	tx, st, s := fs.tx, &fs.st, fs.s
	p := fs.sv.Promise
	if plan := fs.in.Followup.Plan; plan != nil {
		p = &plan.Promise
	}
	title := fs.sv.Title.In(tx.lang)
	if p != nil && p.Name.In(tx.lang) != "" {
		title = p.Name.In(tx.lang)
	}
	fs.row = 1
	s.set(1, fs.row, tx.sheetFollowup+" – "+title, st.title)
	if p == nil {
		return
	}
	if len(p.Partners) > 0 {
		fs.row++
		s.set(1, fs.row, tx.partners, st.bold)
		s.set(2, fs.row, strings.Join(p.Partners, "; "), 0)
	}
	if p.From != "" || p.To != "" {
		fs.row++
		s.set(1, fs.row, tx.promisePeriod, st.bold)
		s.set(2, fs.row, strings.TrimSpace(p.From+" – "+p.To), 0)
	}
}

// actionPlan writes the action plan, one activity a row in the order they
// were added, with the rows above and its header frozen and an autofilter
// on it.
func (fs *followupSheet) actionPlan() {
	tx, st, s := fs.tx, &fs.st, fs.s
	fs.row += 2
	s.set(1, fs.row, tx.fPlan, st.h2)
	plan := fs.in.Followup.Plan
	if plan == nil || len(plan.Activities) == 0 {
		fs.row++
		msg := tx.fNoPlan
		if plan != nil {
			msg = tx.fNoActivities
		}
		s.set(1, fs.row, msg, st.note)
		return
	}
	fs.row++
	hdr := fs.row
	s.header(hdr, st.header, tx.hProblem, tx.hActivity, tx.hGoal, tx.hPartner, tx.hStart, tx.hEnd,
		tx.hStatus, tx.hOnTrack, tx.hIndicators, tx.hNotes, tx.hUpdated)
	for i := range plan.Activities {
		a := &plan.Activities[i]
		fs.row++
		r := fs.row
		height := 15.0
		text := func(col int, v string, style int) {
			s.set(col, r, v, style)
			height = max(height, estimateHeight(v, followupWidths[col-1]))
		}
		text(1, a.Problem, st.textCell)
		text(2, a.Activity, st.textCell)
		text(3, a.Goal, st.textCell)
		text(4, a.Partner, st.textCell)
		s.set(5, r, a.Start, st.top)
		s.set(6, r, a.End, st.top)
		s.set(7, r, translated(tx.status, a.Status), st.top)
		if id, ok := fs.fills[a.OnTrack]; ok {
			s.set(8, r, translated(tx.onTrack, a.OnTrack), id)
		} else {
			s.set(8, r, tx.notJudged, st.top)
		}
		var inds []string
		for _, id := range a.Indicators {
			inds = append(inds, translated(fs.labels, id))
		}
		text(9, strings.Join(inds, "; "), st.wrap)
		text(10, a.Notes, st.textCell)
		s.set(11, r, updated(a), st.top)
		if s.err == nil {
			s.err = fs.f.SetRowHeight(s.name, r, height)
		}
	}
	if s.err != nil {
		return
	}
	if s.err = fs.f.SetPanes(s.name, frozenRows(hdr)); s.err != nil {
		return
	}
	last, _ := excelize.CoordinatesToCellName(planCols, fs.row)
	s.err = fs.f.AutoFilter(s.name, fmt.Sprintf("A%d:%s", hdr, last), nil)
}

// series writes every indicator of the series, those the activities aim
// to move first.
func (fs *followupSheet) series() error {
	tx, st, s := fs.tx, &fs.st, fs.s
	se := fs.in.Followup.Series
	fs.row += 2
	s.set(1, fs.row, tx.fSeries, st.h2)
	if se.OutsideLeftOut {
		fs.row++
		s.set(1, fs.row, tx.fOutsideLeftOut, st.note)
	}
	inds := followupOrder(se, fs.in.Followup.Plan)
	if len(inds) == 0 {
		fs.row++
		s.set(1, fs.row, tx.noIndicators, st.note)
	}
	for _, ind := range inds {
		if err := fs.indicator(ind); err != nil {
			return err
		}
	}
	return s.err
}

// indicator writes one indicator: a row per wave, the changes between
// waves and over the whole period, and a line chart below.
func (fs *followupSheet) indicator(ind *models.SeriesIndicator) error {
	tx, st, s := fs.tx, &fs.st, fs.s
	label := fs.labels[ind.ID]
	fs.row += 2
	s.set(1, fs.row, label, st.bold)
	fs.row++
	hdr := fs.row
	s.header(hdr, st.header, tx.hWave, tx.hSource, tx.hN, tx.hShare, tx.hCILow, tx.hCIHigh, tx.hBreak, tx.hNote)

	segs := segments(ind.Points)
	for k, sg := range segs {
		name := tx.hShare
		if len(segs) > 1 {
			name = fmt.Sprintf(tx.fSegment, sg.waves)
		}
		s.set(seriesDataCol+k, hdr, name, st.header)
	}
	broken := false
	for i := range ind.Points {
		p := &ind.Points[i]
		fs.row++
		r := fs.row
		src := fs.source(p)
		s.set(1, r, p.Wave, st.top)
		s.set(2, r, src, st.wrap)
		height := estimateHeight(src, followupWidths[1])
		if p.Hidden || p.N == nil || p.Share == nil {
			for c := 3; c <= 6; c++ {
				s.set(c, r, dash, fs.dashTop)
			}
			note := tx.fHiddenPoint
			if p.NBelow > 0 {
				note = fmt.Sprintf(tx.fHiddenBelow, p.NBelow)
			}
			s.set(8, r, note, st.note)
		} else {
			s.set(3, r, *p.N, fs.numTop)
			s.set(4, r, *p.Share, fs.pctTop)
			if p.CILow != nil {
				s.set(5, r, *p.CILow, fs.pctTop)
			}
			if p.CIHigh != nil {
				s.set(6, r, *p.CIHigh, fs.pctTop)
			}
			s.set(seriesDataCol+segmentOf(segs, i), r, *p.Share, fs.pctTop)
		}
		if p.Break != nil {
			broken = true
			bt := fs.breakText(p.Break)
			s.set(7, r, bt, st.wrap)
			height = max(height, estimateHeight(bt, followupWidths[6]))
		}
		if height > 17 && s.err == nil {
			s.err = fs.f.SetRowHeight(s.name, r, height)
		}
	}
	first, last := hdr+1, fs.row

	if len(ind.Changes) > 0 || ind.Overall != nil {
		fs.row += 2
		s.header(fs.row, st.header, tx.hComparison, tx.hClearOr, tx.hChange, tx.hDirection)
		for i := range ind.Changes {
			ch := &ind.Changes[i]
			fs.change(ch.From+" → "+ch.To, ch)
		}
		if o := ind.Overall; o != nil {
			fs.change(fmt.Sprintf(tx.fOverall, o.From, o.To), o)
		}
	}
	if s.err != nil || len(ind.Points) == 0 {
		return s.err
	}
	title := label
	if broken {
		title += tx.fChartBreak
	}
	fs.row += 2
	err := fs.lineChart(title, hdr, first, last, len(segs), fs.row)
	fs.row += chartRows
	return err
}

// change writes one row of the changes table. Across a break there is no
// difference to show, only that the figures cannot be compared: the same
// rule as every staff page and the feedback page.
func (fs *followupSheet) change(label string, ch *models.SeriesChange) {
	tx, st, s := fs.tx, &fs.st, fs.s
	fs.row++
	r := fs.row
	s.set(1, r, label, 0)
	switch {
	case ch.Break:
		s.set(2, r, tx.fNotComparable, 0)
	case ch.Significant:
		s.set(2, r, tx.fClear, 0)
	default:
		s.set(2, r, tx.fUnclear, 0)
	}
	if !ch.Break {
		s.set(3, r, ch.DiffPP, st.pp)
	}
	if !ch.Break && ch.Direction != "" {
		s.set(4, r, translated(tx.direction, ch.Direction), 0)
	}
}

// lineChart adds a line chart of one indicator at row at: the wave labels
// of rows first to last of column A against the shares in the data
// columns, one series per stretch between breaks, so the line never joins
// two figures that cannot be compared. Hidden figures are empty cells, a
// gap in the line.
func (fs *followupSheet) lineChart(title string, hdr, first, last, segs, at int) error {
	name := fs.tx.sheetFollowup
	series := make([]excelize.ChartSeries, segs)
	for k := range series {
		series[k] = excelize.ChartSeries{
			// excelize writes a series name as a reference: the header cell.
			Name:       rangeRef(name, seriesDataCol+k, hdr, hdr),
			Categories: rangeRef(name, 1, first, last),
			Values:     rangeRef(name, seriesDataCol+k, first, last),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 7},
		}
	}
	legend := "none"
	if segs > 1 {
		legend = "bottom"
	}
	zero := 0.0
	return fs.f.AddChart(name, fmt.Sprintf("A%d", at), &excelize.Chart{
		Type:         excelize.Line,
		Series:       series,
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: truncate(title, 200), Font: &excelize.Font{Size: 10, Bold: true}}}},
		Dimension:    excelize.ChartDimension{Width: 640, Height: 290},
		Legend:       excelize.ChartLegend{Position: legend},
		XAxis:        excelize.ChartAxis{Font: axisFont},
		YAxis:        excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		PlotArea:     excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		ShowBlanksAs: "gap",
	})
}

// source says where a point comes from: the survey of an own wave, or the
// outside source, marked as such.
func (fs *followupSheet) source(p *models.SeriesPoint) string {
	if !p.Outside {
		return p.Survey
	}
	return strings.TrimSpace(fmt.Sprintf(fs.tx.fOutside, p.Source))
}

// breakText says in words what changed, in the order of the codes.
func (fs *followupSheet) breakText(b *models.Break) string {
	out := make([]string, len(b.Changed))
	for i, c := range b.Changed {
		out[i] = translated(fs.tx.breaks, c)
	}
	return strings.Join(out, "; ")
}

// segment is a stretch of an indicator's points with no break inside.
type segment struct {
	from, to int    // point indexes, inclusive
	waves    string // "2022" or "2022–2023"
}

// segments splits points at every break: a point with a break starts a
// new stretch.
func segments(points []models.SeriesPoint) []segment {
	var out []segment
	for i := range points {
		if i == 0 || points[i].Break != nil {
			out = append(out, segment{from: i})
		}
		out[len(out)-1].to = i
	}
	for k := range out {
		sg := &out[k]
		sg.waves = points[sg.from].Wave
		if sg.to > sg.from {
			sg.waves += "–" + points[sg.to].Wave
		}
	}
	return out
}

func segmentOf(segs []segment, i int) int {
	for k, sg := range segs {
		if i <= sg.to {
			return k
		}
	}
	return len(segs) - 1
}

// followupOrder lists the series' indicators: those the activities link,
// in the order the activities link them, then the rest in series order.
func followupOrder(se *models.Series, plan *models.Plan) []*models.SeriesIndicator {
	at := make(map[string]int, len(se.Indicators))
	for i := range se.Indicators {
		at[se.Indicators[i].ID] = i
	}
	seen := make([]bool, len(se.Indicators))
	out := make([]*models.SeriesIndicator, 0, len(se.Indicators))
	add := func(i int) {
		if !seen[i] {
			seen[i] = true
			out = append(out, &se.Indicators[i])
		}
	}
	if plan != nil {
		for _, a := range plan.Activities {
			for _, id := range a.Indicators {
				if i, ok := at[id]; ok {
					add(i)
				}
			}
		}
	}
	for i := range se.Indicators {
		add(i)
	}
	return out
}

func indicatorLabel(ind *models.SeriesIndicator, lang string) string {
	if l := ind.Label.In(lang); l != "" {
		return l
	}
	return ind.ID
}

// updated is the "Senast ändrad" cell: the day of the last change and who
// made it.
func updated(a *models.Activity) string {
	var parts []string
	if !a.UpdatedAt.IsZero() {
		parts = append(parts, a.UpdatedAt.Format("2006-01-02"))
	}
	if a.UpdatedBy != "" {
		parts = append(parts, a.UpdatedBy)
	}
	return strings.Join(parts, ", ")
}

// translated looks v up in m, and shows it as given when it is unknown.
func translated(m map[string]string, v string) string {
	if l, ok := m[v]; ok {
		return l
	}
	return v
}
