package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/disclosure"
	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/web"
)

// lagesbildQuery is what a staff member asked for: a survey and filters.
type lagesbildQuery struct {
	Survey   *models.Survey
	Baseline *models.Survey
	Filter   models.ResponseFilter
	Places   *models.Places // the catalogue the session values are read with
	// View is the publication the figures come from (publications.go);
	// set by lagesbildOrFail, or by a page once its filters are valid.
	View *publishedView
}

// figureFilters are the filters of figures: one group of each of the
// dimensions of the query space (disclosure.Dimensions), meaning the same
// people as the group of that name in a breakdown.
var figureFilters = disclosure.Dimensions

// notFigureFilters were filters once and are refused with a word of why:
// figures come per publication and per wave, and the number answering in
// each language is given once, for the whole survey, in the workbook.
var notFigureFilters = []string{"from", "to", "session", "response_lang"}

// parseLagesbild reads the survey in the path and the filters from the
// query string: area, school, grade, gender and age, at most two of them
// (fewer with a breakdown). Every problem is listed.
func (s *Server) parseLagesbild(c *gin.Context) (*lagesbildQuery, []fieldProblem, error) {
	lang := staffLang(c)
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		return nil, nil, models.Errorf(models.ErrNotFound, "%s", web.T(lang, "survey.not_found"))
	}
	ctx := c.Request.Context()
	// Definitions from the short cache the answer pages use: reading two
	// 40 KB documents took half the time of a filter change.
	sv, err := s.surveyDefs.get(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	places, err := s.places(ctx)
	if err != nil {
		return nil, nil, err
	}
	q := &lagesbildQuery{Survey: sv, Filter: models.ResponseFilter{Survey: slug}, Places: places}
	var problems []fieldProblem
	for _, field := range notFigureFilters {
		if strings.TrimSpace(c.Query(field)) != "" {
			problems = append(problems, fieldProblem{Field: field, Code: disclosure.CodeNotAFilter, Message: web.T(lang, "filter.not_a_filter")})
		}
	}
	dst := map[string]*string{disclosure.DimArea: &q.Filter.Area, disclosure.DimSchool: &q.Filter.School,
		disclosure.DimGrade: &q.Filter.Grade, disclosure.DimGender: &q.Filter.Gender, disclosure.DimAge: &q.Filter.Age}
	for _, field := range figureFilters {
		v := strings.TrimSpace(c.Query(field))
		if len([]rune(v)) > 80 || !models.CharsAllowed(v, false) {
			problems = append(problems, fieldProblem{Field: field, Code: "invalid", Message: web.T(lang, "session.bad_text")})
			continue
		}
		*dst[field] = v
	}
	if len(problems) == 0 {
		// The one rule of the query space, said in the user's language;
		// export.Build applies the same rule again.
		prepared, err := disclosure.Prepare(q.Filter)
		var qe *disclosure.QueryError
		switch {
		case errors.As(err, &qe) && qe.Code == disclosure.CodeTooManyDimensions:
			problems = append(problems, fieldProblem{Field: "filter", Code: qe.Code,
				Message: fmt.Sprintf(web.T(lang, "filter.too_many_dimensions"), dimensionLabels(lang, qe.Dimensions))})
		case err != nil:
			return nil, nil, err
		default:
			q.Filter = prepared.Filter
		}
	}
	if sv.CompareWith != "" {
		base, err := s.surveyDefs.get(ctx, sv.CompareWith)
		switch {
		case err == nil:
			q.Baseline = base
		case models.ErrorCode(err) != models.ErrNotFound:
			return nil, nil, err
		}
	}
	return q, problems, nil
}

// lagesbildOrFail is parseLagesbild for the JSON API: any problem is
// answered (422 with every problem listed) and false returned.
func (s *Server) lagesbildOrFail(c *gin.Context) (*lagesbildQuery, bool) {
	q, problems, err := s.parseLagesbild(c)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	if len(problems) > 0 {
		invalid(c, web.T(staffLang(c), "filter.problems"), problems)
		return nil, false
	}
	view, ok := s.publishedOrFail(c, q)
	if !ok {
		return nil, false
	}
	q.View = view
	return q, true
}

// buildLagesbild counts the figures for q (and the baseline's) from
// their publications.
func (s *Server) buildLagesbild(ctx context.Context, q *lagesbildQuery) (*export.Results, error) {
	return export.Build(ctx, q.View.Counter, export.Request{
		Survey: q.Survey, Baseline: q.Baseline, Filter: q.Filter, MinCell: s.cfg.MinCell, Places: q.Places,
	})
}

func (f lagesbildQuery) auditDetails() map[string]string {
	d := map[string]string{"version": itoa(f.Survey.Version)}
	if f.View != nil {
		d["publication"] = itoa(f.View.Pub.Number)
	}
	for _, fl := range export.FiltersOf(f.Filter) {
		d[fl.Name] = fl.Value
	}
	return d
}

// surveyResults is the lägesbild's figures as JSON, n at the top. It reads
// every response, so it is an export (exportlimit.go).
func (s *Server) surveyResults(c *gin.Context) {
	q, ok := s.lagesbildOrFail(c)
	if !ok {
		return
	}
	ctx, done, ok := s.startExport(c)
	if !ok {
		return
	}
	defer done()
	res, err := s.buildLagesbild(ctx, q)
	if err != nil {
		s.failExport(c, ctx, err)
		return
	}
	s.audit(c, models.AuditResultsView, q.Survey.Slug, q.auditDetails())
	body := gin.H{"n": res.N, "hidden": res.Hidden, "filter": q.Filter, "publication": publicationJSON(q.View.Pub), "results": res}
	if res.Hidden {
		// "Fewer than k", never a number that is not true.
		body["n"], body["n_below"] = nil, res.NBelow
	}
	c.JSON(http.StatusOK, body)
}

func itoa(n int) string { return strconv.Itoa(n) }

// dimensionLabels names dimensions in the staff's words: "Skola, Årskurs".
func dimensionLabels(lang string, dims []string) string { return web.Dimensions(lang, dims) }
