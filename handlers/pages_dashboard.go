package handlers

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/disclosure"
	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// dashIndicator is one key figure as the dashboard draws it: the share as
// a bar and its 95% interval as a line across it, on a 0–100 scale.
type dashIndicator struct {
	Label     string
	Hidden    bool
	N         string // "1 500"
	Share     string
	Interval  string  // "20,1–26,5 %"
	Bar       float64 // share, 0–100
	Low, High float64 // interval, 0–100
	Baseline  string  // the comparison wave's share, when shown
	Change    string  // "+3,1 procentenheter"
	Clear     bool    // statistically clear change
	Direction string  // better, worse, unclear
	// Cells are the indicator in each group of the breakdown, in the
	// order of the matrix's columns (dashboardView.Columns).
	Cells []dashCell
}

// dashCell is one cell of the matrix of indicators by groups. Missing is
// a group the indicator has no figure for at all (a question not asked
// in it); Hidden a figure withheld by disclosure control.
type dashCell struct {
	Hidden, Missing bool
	N, Share        string
}

type dashboardView struct {
	staffBase
	Slug, Title, Wave, Baseline string
	Hidden                      bool
	MinCell, N                  string // as the page writes them
	Filter                      models.ResponseFilter
	By                          string
	Dimensions                  []string
	Indicators                  []dashIndicator
	Problems                    []fieldProblem
	ProblemTexts                []string // Problems in words
	Download                    string
	// ByOptions are the breakdowns the form offers: those the figures have,
	// or, when there are none to show, every dimension not filtered on, so
	// the list never comes back empty. ByDisabled says why it is off.
	ByOptions  []choice
	ByDisabled string
	// DownloadOff says why the download cannot be made from this choice.
	DownloadOff string
	// Columns are the groups of the breakdown, the matrix's columns;
	// HiddenCells whether any cell is "–", for the one note under it.
	Columns     []string
	HiddenCells bool
	// Filters are the form's select lists, one per dimension.
	Filters []filterField
	Pubs    publicationsView
}

// filterField is one select list of the filters' form: the groups of one
// dimension a figure can be filtered to.
type filterField struct {
	Name, Label, Selected string
	Options               []option
	// Disabled is the reason, in words, why this filter cannot be chosen
	// with the others already chosen; "" when it can.
	Disabled string
}

// staffDashboard shows one survey's lägesbild with filters, breakdowns and
// the comparison wave: the same figures and suppression as the workbook,
// which the page links to with the same filters.
func (s *Server) staffDashboard(c *gin.Context) {
	lang := staffLang(c)
	q, problems, err := s.parseLagesbild(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	v := dashboardView{staffBase: s.staffBase(c), Slug: q.Survey.Slug, Title: q.Survey.Title.In(lang), Wave: q.Survey.Wave,
		Filter: q.Filter, Problems: problems, By: c.DefaultQuery("by", "area")}
	for _, p := range problems {
		v.ProblemTexts = append(v.ProblemTexts, problemText(lang, p))
	}
	if q.Baseline != nil {
		v.Baseline = q.Baseline.Title.In(lang)
	}
	q.View, err = s.resolvePublication(c, q)
	switch models.ErrorCode(err) {
	case "", models.ErrNotPublished:
	default:
		s.staffFail(c, err)
		return
	}
	if v.Pubs, err = s.publicationsView(c, q, lang); err != nil {
		s.staffFail(c, err)
		return
	}
	if q.View == nil {
		// Nothing to count from yet: the page says how many have answered
		// and when figures come.
		s.page(c, http.StatusOK, "staff_dashboard", pageData{Lang: lang, Title: v.Title, Data: v})
		return
	}
	if v.Filters, err = s.filterFields(c.Request.Context(), q, lang); err != nil {
		s.staffFail(c, err)
		return
	}
	limitFilters(v.Filters, lang)
	if len(problems) > 0 {
		// The refusal stays on this page with what was chosen kept, and
		// the breakdown list and the download stay in view, switched off
		// with the reason.
		v.byOptions(nil, lang)
		v.DownloadOff = web.T(lang, "dash.download_off")
		s.page(c, http.StatusUnprocessableEntity, "staff_dashboard", pageData{Lang: lang, Title: v.Title, Data: v})
		return
	}
	// The page counts every response, like an export, so it takes a slot.
	ctx, done, ok := s.startExport(c)
	if !ok {
		return
	}
	defer done()
	res, err := s.buildLagesbild(ctx, q)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.audit(c, models.AuditResultsView, q.Survey.Slug, q.auditDetails())
	v.Hidden, v.Dimensions = res.Hidden, res.Dimensions
	v.MinCell, v.N = formatInt(lang, res.MinCell), formatInt(lang, res.N)
	if !slices.Contains(v.Dimensions, v.By) && len(v.Dimensions) > 0 {
		v.By = v.Dimensions[0]
	}
	v.byOptions(v.Dimensions, lang)
	var cols []export.Group
	if len(v.Dimensions) > 0 {
		cols = matrixColumns(res.Indicators, v.By)
		for _, g := range cols {
			v.Columns = append(v.Columns, groupLabel(g, lang))
		}
	}
	for _, ind := range res.Indicators {
		d := dashboardIndicator(ind, v.By, cols, lang)
		for _, cell := range d.Cells {
			v.HiddenCells = v.HiddenCells || cell.Hidden || cell.Missing
		}
		v.Indicators = append(v.Indicators, d)
	}
	dl := filterQuery(q.Filter, lang)
	dl.Set("publication", itoa(q.View.Pub.Number))
	v.Download = "/api/v1/admin/surveys/" + q.Survey.Slug + "/lagesbild.xlsx?" + dl.Encode()
	s.page(c, http.StatusOK, "staff_dashboard", pageData{Lang: lang, Title: v.Title, Data: v})
}

func dashboardIndicator(ind export.IndicatorResult, by string, cols []export.Group, lang string) dashIndicator {
	d := dashIndicator{Label: ind.Label.In(lang), Hidden: ind.Hidden}
	if !ind.Hidden {
		d.N, d.Share, d.Bar = formatInt(lang, ind.N), formatPercent(lang, ind.Share.Share, 1), ind.Share.Share*100
		d.Interval = formatPercentRange(lang, ind.CILow, ind.CIHigh, 1)
		d.Low, d.High = ind.CILow*100, ind.CIHigh*100
	}
	if ind.Baseline != nil && ind.Change != nil {
		d.Baseline = formatPercent(lang, ind.Baseline.Share, 1)
		if len(ind.Change.Break) > 0 {
			// The follow-up's rule: across a break the two figures measure
			// different things, so no difference is shown, only why.
			d.Change = breakText(lang, ind.Change.Break)
		} else {
			d.Change = formatPP(lang, ind.Change.DiffPP)
			d.Clear, d.Direction = ind.Change.Significant, ind.Change.Direction
		}
	}
	for _, col := range cols {
		cell := dashCell{Missing: true}
		for _, g := range ind.By[by] {
			if g.Group.Value == col.Value && g.Unknown == col.Unknown {
				cell = dashCell{Hidden: g.Hidden}
				if !g.Hidden {
					cell.N, cell.Share = formatInt(lang, g.N), formatPercent(lang, g.Share.Share, 1)
				}
				break
			}
		}
		d.Cells = append(d.Cells, cell)
	}
	return d
}

// matrixColumns are the groups of breakdown by across all indicators, in
// the order they first appear: every indicator of a survey is broken down
// into the same groups, but one whose question was not asked in a group
// may lack it, and the matrix still needs one column for it.
func matrixColumns(inds []export.IndicatorResult, by string) []export.Group {
	var cols []export.Group
	for _, ind := range inds {
		for _, g := range ind.By[by] {
			if !slices.ContainsFunc(cols, func(c export.Group) bool { return c.Value == g.Value && c.Unknown == g.Unknown }) {
				cols = append(cols, g.Group)
			}
		}
	}
	return cols
}

func groupLabel(g export.Group, lang string) string {
	if g.Unknown {
		return web.T(lang, "dash.unknown")
	}
	if label := g.Label.In(lang); label != "" {
		return label
	}
	return g.Value
}

// limitFilters switches off the filters that would take a figure beyond
// the query space (disclosure.MaxDimensions) once as many are chosen,
// with the reason beside each. A chosen filter always stays on, so it can
// be set back to "Alla".
func limitFilters(fields []filterField, lang string) {
	chosen := 0
	for _, f := range fields {
		if f.Selected != "" {
			chosen++
		}
	}
	if chosen < disclosure.MaxDimensions {
		return
	}
	for i := range fields {
		if fields[i].Selected == "" {
			fields[i].Disabled = web.T(lang, "dash.filter_limit")
		}
	}
}

// byOptions fills the breakdown list: the breakdowns the figures have
// (dims), or when none could be counted every dimension not filtered on.
// With as many filters as a figure may combine, the list is off, with why.
func (v *dashboardView) byOptions(dims []string, lang string) {
	filtered := disclosure.FilterDimensions(v.Filter)
	if len(dims) == 0 {
		for _, d := range disclosure.Dimensions {
			if !slices.Contains(filtered, d) {
				dims = append(dims, d)
			}
		}
	}
	for _, d := range dims {
		v.ByOptions = append(v.ByOptions, choice{Value: d, Label: web.T(lang, "dash.dim."+d), Checked: d == v.By})
	}
	if len(filtered) >= disclosure.MaxDimensions {
		v.ByDisabled = web.T(lang, "dash.by_limit")
	}
}

// problemText says a problem of the filters in words: the filter's label
// before a problem of one filter, the message alone for the whole choice.
func problemText(lang string, p fieldProblem) string {
	if slices.Contains(disclosure.Dimensions, p.Field) {
		return web.T(lang, "dash.dim."+p.Field) + ": " + p.Message
	}
	return p.Message
}

// filterQuery writes f back as query parameters, for links that keep the
// chosen filters.
func filterQuery(f models.ResponseFilter, lang string) url.Values {
	q := url.Values{"lang": {lang}}
	for _, fl := range export.FiltersOf(f) {
		q.Set(fl.Name, fl.Value)
	}
	return q
}

// filterFields lists, for the form's select lists, the groups a figure
// can be filtered to, by the breakdown's rule: the values the published
// responses' sessions carry that the catalogue knows (a value from before
// it counts as not known), and the options of the survey's question of
// the dimension (pupils who answered without a session value). Names come
// from the catalogue and the survey's options.
func (s *Server) filterFields(ctx context.Context, q *lagesbildQuery, lang string) ([]filterField, error) {
	// The places the published responses carry, from the publication:
	// reading the sessions costs a read of every one on the embedded
	// engine, a session nobody answered in is no group to filter by, and
	// a place that answered since is not in the figures.
	cols, err := q.View.Counter.Columns(ctx, q.Survey.Slug)
	if err != nil || cols == nil {
		return nil, err
	}
	sch, grd, ar := cols.Places()
	sessionValues := map[string][]string{disclosure.DimSchool: sch, disclosure.DimGrade: grd, disclosure.DimArea: ar}
	selected := map[string]string{disclosure.DimArea: q.Filter.Area, disclosure.DimSchool: q.Filter.School,
		disclosure.DimGrade: q.Filter.Grade, disclosure.DimGender: q.Filter.Gender, disclosure.DimAge: q.Filter.Age}
	labels := map[string]string{disclosure.DimArea: "staff.area", disclosure.DimSchool: "staff.school", disclosure.DimGrade: "staff.grade"}
	var out []filterField
	for _, dim := range figureFilters {
		key := labels[dim]
		if key == "" {
			key = "dash.dim." + dim
		}
		f := filterField{Name: dim, Label: web.T(lang, key), Selected: selected[dim]}
		seen := map[string]bool{}
		if dq := surveys.DimensionQuestion(q.Survey, dim); dq != nil {
			switch {
			case len(dq.Options) > 0:
				for _, o := range dq.Options {
					f.Options = append(f.Options, option{o.Value, o.Label.In(lang)})
					seen[o.Value] = true
				}
			case dq.Type == models.TypeNumber && dq.Min != nil && dq.Max != nil && *dq.Max-*dq.Min < 100:
				for n := *dq.Min; n <= *dq.Max; n++ {
					v := strconv.FormatInt(n, 10)
					f.Options = append(f.Options, option{v, v})
				}
			}
		}
		var extra []option
		for _, v := range sessionValues[dim] {
			if seen[v] {
				continue
			}
			if label, ok := placeLabel(q.Places, dim, v, lang); ok {
				extra = append(extra, option{v, label})
			}
		}
		if dim != disclosure.DimGrade {
			slices.SortFunc(extra, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
		}
		f.Options = append(f.Options, extra...)
		if len(f.Options) > 0 {
			out = append(out, f)
		}
	}
	return out, nil
}

// placeLabel names a value a session carries, and says whether a figure
// can be filtered to it: with a catalogue, only to the values it knows
// (others count as not known, export's breakdown rule).
func placeLabel(p *models.Places, dim, v, lang string) (string, bool) {
	if p == nil {
		return v, true
	}
	switch dim {
	case disclosure.DimSchool:
		if sc, ok := p.School(v); ok {
			return sc.Name, true
		}
	case disclosure.DimArea:
		if a, ok := p.Area(v); ok {
			return a.Label.In(lang), true
		}
	case disclosure.DimGrade:
		for _, sc := range p.Schools {
			if slices.Contains(sc.Grades, v) {
				return v, true
			}
		}
	}
	return "", false
}
