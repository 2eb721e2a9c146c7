package handlers

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/web"
)

// followupRequest is the lägesbild request for q with its whole series.
func (s *Server) followupRequest(ctx context.Context, q *lagesbildQuery) (export.Request, error) {
	fc, err := followup.Gather(ctx, s.store, q.Survey)
	if err != nil {
		return export.Request{}, err
	}
	return export.Request{Survey: q.Survey, Earlier: fc.Chain[:len(fc.Chain)-1], Outside: fc.Outside, Plan: fc.Plan,
		Filter: q.Filter, MinCell: s.cfg.MinCell, Followup: true, Places: q.Places}, nil
}

// surveySeries is every indicator across all waves of the survey's series,
// with the same filters and disclosure control as the results. It reads
// every response of every wave, so it is an export (exportlimit.go).
func (s *Server) surveySeries(c *gin.Context) {
	q, ok := s.lagesbildOrFail(c)
	if !ok {
		return
	}
	ctx, done, ok := s.startExport(c)
	if !ok {
		return
	}
	defer done()
	req, err := s.followupRequest(ctx, q)
	if err != nil {
		s.failExport(c, ctx, err)
		return
	}
	_, series, err := export.BuildSeries(ctx, q.View.Counter, req)
	if err != nil {
		s.failExport(c, ctx, err)
		return
	}
	d := q.auditDetails()
	d["view"] = "series"
	s.audit(c, models.AuditResultsView, q.Survey.Slug, d)
	c.JSON(http.StatusOK, gin.H{"filter": q.Filter, "series": series})
}

// outsideProblem is one problem with an outside-figures file.
type outsideProblem struct {
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// adminLoadOutside loads published outside figures (YAML, or CSV when the
// body is text/csv) into the survey's series. The file is loaded whole or
// not at all; every problem is listed by line.
func (s *Server) adminLoadOutside(c *gin.Context) {
	lang := staffLang(c)
	sv, ok := s.staffSurvey(c)
	if !ok {
		return
	}
	body, ok := s.readBody(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	chain, err := followup.Chain(ctx, sv, s.store.Survey)
	if err != nil {
		s.fail(c, err)
		return
	}
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	figs, ps := followup.ParseOutside(body, mt == "text/csv", followup.Known(chain...))
	if len(ps) > 0 {
		out := make([]outsideProblem, len(ps))
		for i, p := range ps {
			out[i] = outsideProblem{Line: p.Line, Field: p.Field, Code: p.Code, Message: problemMessage(lang, p)}
		}
		invalid(c, web.T(lang, "followup.outside_problems"), out)
		return
	}
	p := currentPrincipal(c)
	if err := s.store.PutOutside(ctx, sv.Slug, p.Name, figs); err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, models.AuditOutsideLoad, sv.Slug, map[string]string{"figures": strconv.Itoa(len(figs)), "sources": sourcesOf(figs)})
	c.JSON(http.StatusOK, gin.H{"loaded": len(figs), "figures": figs})
}

// adminDeleteOutside removes one outside wave (?wave=&source=) loaded for
// the survey, to correct a mistaken file.
func (s *Server) adminDeleteOutside(c *gin.Context) {
	lang := staffLang(c)
	sv, ok := s.staffSurvey(c)
	if !ok {
		return
	}
	wave, source := strings.TrimSpace(c.Query("wave")), strings.TrimSpace(c.Query("source"))
	var problems []fieldProblem
	for field, v := range map[string]string{"wave": wave, "source": source} {
		if v == "" {
			problems = append(problems, fieldProblem{Field: field, Code: followup.CodeRequired, Message: web.T(lang, "followup.required")})
		}
	}
	if len(problems) > 0 {
		invalid(c, web.T(lang, "followup.outside_problems"), problems)
		return
	}
	n, err := s.store.DeleteOutside(c.Request.Context(), sv.Slug, wave, source)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, models.AuditOutsideDelete, sv.Slug, map[string]string{"wave": wave, "source": source, "figures": strconv.FormatInt(n, 10)})
	c.JSON(http.StatusOK, gin.H{"deleted": n})
}

// staffSurvey finds the survey in the path, answering 404 when there is none.
func (s *Server) staffSurvey(c *gin.Context) (*models.Survey, bool) {
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		s.fail(c, models.Errorf(models.ErrNotFound, "%s", web.T(staffLang(c), "survey.not_found")))
		return nil, false
	}
	sv, err := s.store.Survey(c.Request.Context(), slug)
	if models.ErrorCode(err) == models.ErrNotFound {
		err = models.Errorf(models.ErrNotFound, "%s", web.T(staffLang(c), "survey.not_found"))
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return sv, true
}

func sourcesOf(figs []models.OutsideFigure) string {
	var out []string
	for _, f := range figs {
		if len(out) == 0 || out[len(out)-1] != f.Source {
			out = append(out, f.Source)
		}
	}
	return strings.Join(out, "; ")
}

// problemMessage says a follow-up problem in the staff member's language,
// with the line of a file first where there is one.
func problemMessage(lang string, p followup.Problem) string {
	msg := messageWith(lang, "followup."+p.Code, p.Arg)
	switch {
	case p.Line > 0 && p.Field != "":
		return fmt.Sprintf(web.T(lang, "followup.at_line_field"), p.Line, p.Field, msg)
	case p.Line > 0:
		return fmt.Sprintf(web.T(lang, "followup.at_line"), p.Line, msg)
	}
	return msg
}

// listPromises lists every promise.
func (s *Server) listPromises(c *gin.Context) {
	list, err := s.store.Promises(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []models.Promise{}
	}
	c.JSON(http.StatusOK, gin.H{"promises": list})
}

// promiseView is a promise with its action plan and what it can link to.
type promiseView struct {
	*models.Plan
	Surveys    []string          `json:"surveys"`
	Indicators []indicatorOption `json:"indicators"`
}

type indicatorOption struct {
	ID    string      `json:"id"`
	Label models.Text `json:"label"`
}

// plan loads the promise in the path with its surveys, or answers 404
// (promisePlan is the same for the HTML pages, which answer differently).
func (s *Server) plan(c *gin.Context) (*promiseView, bool) {
	v, err := s.promisePlan(c)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return v, true
}

func (v *promiseView) knows(id string) bool {
	for _, o := range v.Indicators {
		if o.ID == id {
			return true
		}
	}
	return false
}

func (v *promiseView) known() []string {
	ids := make([]string, len(v.Indicators))
	for i, o := range v.Indicators {
		ids[i] = o.ID
	}
	return ids
}

// getPromise is a promise with its action plan, for every role: a field
// assistant should know what the partners promised.
func (s *Server) getPromise(c *gin.Context) {
	if v, ok := s.plan(c); ok {
		c.JSON(http.StatusOK, v)
	}
}

// activityBody is an activity as sent: the input, and on a change the
// revision it was made on.
type activityBody struct {
	models.ActivityInput
	Rev *int `json:"rev"`
}

func (s *Server) createActivity(c *gin.Context) { s.putActivity(c, "") }
func (s *Server) updateActivity(c *gin.Context) { s.putActivity(c, c.Param("activity")) }

// putActivity stores a new activity (id "") or a change of one, as JSON.
func (s *Server) putActivity(c *gin.Context, id string) {
	var in activityBody
	if err := c.ShouldBindJSON(&in); err != nil {
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_json")
		return
	}
	v, ok := s.plan(c)
	if !ok {
		return
	}
	a, problems, err := s.saveActivity(c, v, id, in)
	switch {
	case err != nil:
		s.fail(c, err)
	case len(problems) > 0:
		invalid(c, web.T(staffLang(c), "followup.activity_problems"), problems)
	case id == "":
		c.Header("Location", "/api/v1/admin/promises/"+a.Promise+"/activities/"+a.ID)
		c.JSON(http.StatusCreated, a)
	default:
		c.JSON(http.StatusOK, a)
	}
}

// saveActivity checks in and stores it as a new activity of the promise
// in the path (id ""), or as a change of activity id. A change that names
// a revision older than the stored one is a conflict: someone else saved
// in between, and their change must not be lost.
func (s *Server) saveActivity(c *gin.Context, v *promiseView, id string, in activityBody) (*models.Activity, []fieldProblem, error) {
	lang := staffLang(c)
	followup.Normalize(&in.ActivityInput)
	if ps := followup.CheckActivity(&in.ActivityInput, v.known()); len(ps) > 0 {
		out := make([]fieldProblem, len(ps))
		for i, p := range ps {
			out[i] = fieldProblem{Field: p.Field, Code: p.Code, Message: problemMessage(lang, p)}
		}
		return nil, out, nil
	}
	ctx := c.Request.Context()
	// The feedback pages keep the plan in memory (feedback.go): whatever
	// is written here shows there at once.
	defer s.plans.forget(v.ID)
	by := currentPrincipal(c).Name
	now := time.Now().UTC()
	if id == "" {
		a := followup.NewActivity(v.ID, in.ActivityInput, by, now)
		if err := s.store.InsertActivity(ctx, a); err != nil {
			return nil, nil, err
		}
		s.audit(c, models.AuditActivityCreate, "", activityDetails(a, ""))
		return a, nil, nil
	}
	if !followup.ValidActivityID(id) {
		return nil, nil, models.Errorf(models.ErrNotFound, "%s", web.T(lang, "followup.no_activity"))
	}
	a, err := s.store.Activity(ctx, v.ID, id)
	if models.ErrorCode(err) == models.ErrNotFound {
		err = models.Errorf(models.ErrNotFound, "%s", web.T(lang, "followup.no_activity"))
	}
	if err != nil {
		return nil, nil, err
	}
	if in.Rev != nil && *in.Rev != a.Rev {
		return nil, nil, models.Errorf(models.ErrConflict, "%s", web.T(lang, "followup.conflict"))
	}
	prev, before := a.Rev, a.Status+"/"+a.OnTrack
	followup.Apply(a, in.ActivityInput, by, now)
	if err := s.store.ReplaceActivity(ctx, a, prev); err != nil {
		if models.ErrorCode(err) == models.ErrConflict {
			err = models.Errorf(models.ErrConflict, "%s", web.T(lang, "followup.conflict"))
		}
		return nil, nil, err
	}
	s.audit(c, models.AuditActivityUpdate, "", activityDetails(a, before))
	return a, nil, nil
}

// activityDetails is what the audit log keeps of a change: which activity,
// and its status before and after.
func activityDetails(a *models.Activity, before string) map[string]string {
	d := map[string]string{"promise": a.Promise, "activity": a.ID, "rev": strconv.Itoa(a.Rev), "status": a.Status + "/" + a.OnTrack}
	if before != "" {
		d["before"] = before
	}
	return d
}
