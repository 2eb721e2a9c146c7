package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/web"
)

// dashIndicator is one key figure as the dashboard draws it: the share as
// a bar and its 95% interval as a line across it, on a 0–100 scale.
type dashIndicator struct {
	Label     string
	Hidden    bool
	N         int
	Share     string
	Bar       float64 // share, 0–100
	Low, High float64 // interval, 0–100
	Baseline  string  // the comparison wave's share, when shown
	Change    string  // "+3.1" percentage points
	Clear     bool    // statistically clear change
	Direction string  // better, worse, unclear
	Groups    []dashGroup
}

type dashGroup struct {
	Label  string
	Hidden bool
	N      int
	Share  string
	Bar    float64
}

type dashboardView struct {
	staffBase
	Slug, Title, Wave, Baseline string
	Hidden                      bool
	MinCell, N                  int
	Filter                      models.ResponseFilter
	By                          string
	Dimensions                  []string
	Indicators                  []dashIndicator
	Problems                    []fieldProblem
	Download                    string
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
	if len(problems) > 0 {
		s.page(c, http.StatusUnprocessableEntity, "staff_dashboard", pageData{Lang: lang, Title: v.Title, Data: v})
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), 5*time.Minute)
	defer cancel()
	res, err := s.buildLagesbild(ctx, q, nil)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.audit(c, models.AuditResultsView, q.Survey.Slug, q.auditDetails())
	v.Hidden, v.MinCell, v.N, v.Dimensions = res.Hidden, res.MinCell, res.N, res.Dimensions
	if !slices.Contains(v.Dimensions, v.By) && len(v.Dimensions) > 0 {
		v.By = v.Dimensions[0]
	}
	for _, ind := range res.Indicators {
		v.Indicators = append(v.Indicators, dashboardIndicator(ind, v.By, lang))
	}
	v.Download = "/api/v1/admin/surveys/" + q.Survey.Slug + "/lagesbild.xlsx?" + filterQuery(q.Filter, lang).Encode()
	s.page(c, http.StatusOK, "staff_dashboard", pageData{Lang: lang, Title: v.Title, Data: v})
}

func dashboardIndicator(ind export.IndicatorResult, by, lang string) dashIndicator {
	d := dashIndicator{Label: ind.Label.In(lang), Hidden: ind.Hidden}
	if !ind.Hidden {
		d.N, d.Share, d.Bar = ind.N, percent1(ind.Share.Share), ind.Share.Share*100
		d.Low, d.High = ind.CILow*100, ind.CIHigh*100
	}
	if ind.Baseline != nil && ind.Change != nil {
		d.Baseline = percent1(ind.Baseline.Share)
		d.Change = fmt.Sprintf("%+.1f", ind.Change.DiffPP)
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
			dg.N, dg.Share, dg.Bar = g.N, percent1(g.Share.Share), g.Share.Share*100
		}
		d.Groups = append(d.Groups, dg)
	}
	return d
}

func percent1(share float64) string { return fmt.Sprintf("%.1f %%", share*100) }

// filterQuery writes f back as query parameters, for links that keep the
// chosen filters.
func filterQuery(f models.ResponseFilter, lang string) url.Values {
	q := url.Values{"lang": {lang}}
	for _, fl := range export.FiltersOf(f) {
		q.Set(fl.Name, fl.Value)
	}
	return q
}
