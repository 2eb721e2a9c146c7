package handlers

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

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
	Groups    []dashGroup
}

type dashGroup struct {
	Label  string
	Hidden bool
	N      string
	Share  string
	Bar    float64
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
	Download                    string
	// The filters' choices: the values the survey's sessions carry.
	Schools, Grades, Areas []option
	Pubs                   publicationsView
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
	if v.Schools, v.Grades, v.Areas, err = s.filterOptions(c.Request.Context(), q, lang); err != nil {
		s.staffFail(c, err)
		return
	}
	if len(problems) > 0 {
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
	for _, ind := range res.Indicators {
		v.Indicators = append(v.Indicators, dashboardIndicator(ind, v.By, lang))
	}
	dl := filterQuery(q.Filter, lang)
	dl.Set("publication", itoa(q.View.Pub.Number))
	v.Download = "/api/v1/admin/surveys/" + q.Survey.Slug + "/lagesbild.xlsx?" + dl.Encode()
	s.page(c, http.StatusOK, "staff_dashboard", pageData{Lang: lang, Title: v.Title, Data: v})
}

func dashboardIndicator(ind export.IndicatorResult, by, lang string) dashIndicator {
	d := dashIndicator{Label: ind.Label.In(lang), Hidden: ind.Hidden}
	if !ind.Hidden {
		d.N, d.Share, d.Bar = formatInt(lang, ind.N), formatPercent(lang, ind.Share.Share, 1), ind.Share.Share*100
		d.Interval = formatPercentRange(lang, ind.CILow, ind.CIHigh, 1)
		d.Low, d.High = ind.CILow*100, ind.CIHigh*100
	}
	if ind.Baseline != nil && ind.Change != nil {
		d.Baseline = formatPercent(lang, ind.Baseline.Share, 1)
		d.Change = formatPP(lang, ind.Change.DiffPP)
		d.Clear, d.Direction = ind.Change.Significant, ind.Change.Direction
	}
	for _, g := range ind.By[by] {
		label := g.Label.In(lang)
		if label == "" {
			label = g.Value
		}
		if g.Unknown {
			label = web.T(lang, "dash.unknown")
		}
		dg := dashGroup{Label: label, Hidden: g.Hidden}
		if !g.Hidden {
			dg.N, dg.Share, dg.Bar = formatInt(lang, g.N), formatPercent(lang, g.Share.Share, 1), g.Share.Share*100
		}
		d.Groups = append(d.Groups, dg)
	}
	return d
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

// filterOptions lists the school, grade and area values the survey's
// sessions carry, named from the catalogue and the survey's options, for
// the dashboard's select lists. A value the catalogue does not know (from
// before it) is listed as it is, so its responses can still be found.
func (s *Server) filterOptions(ctx context.Context, q *lagesbildQuery, lang string) (schools, grades, areas []option, err error) {
	// The places the published responses carry, from the publication:
	// reading the sessions costs a read of every one on the embedded
	// engine, a session nobody answered in is no group to filter by, and
	// a place that answered since is not in the figures.
	cols, err := q.View.Counter.Columns(ctx, q.Survey.Slug)
	if err != nil || cols == nil {
		return nil, nil, nil, err
	}
	sch, grd, ar := cols.Places()
	gradeQ := surveys.DimensionQuestion(q.Survey, models.DimGrade)
	for _, v := range sch {
		label := v
		if sc, ok := q.Places.School(v); ok {
			label = sc.Name
		}
		schools = append(schools, option{v, label})
	}
	for _, v := range grd {
		label := v
		if gradeQ != nil {
			if o, ok := gradeQ.Option(v); ok {
				label = o.Label.In(lang)
			}
		}
		grades = append(grades, option{v, label})
	}
	for _, v := range ar {
		label := v
		if a, ok := q.Places.Area(v); ok {
			label = a.Label.In(lang)
		}
		areas = append(areas, option{v, label})
	}
	byLabel := func(a, b option) int { return strings.Compare(a.Label, b.Label) }
	slices.SortFunc(schools, byLabel)
	slices.SortFunc(areas, byLabel)
	return schools, grades, areas, nil
}
