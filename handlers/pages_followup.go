package handlers

import (
	"context"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/web"
)

// followupView is the Uppföljning page of one survey: every indicator
// across the waves of its series, the promise's action plan and, for
// admins, the switch of the feedback page for young people.
type followupView struct {
	staffBase
	Slug, Title  string
	Filter       models.ResponseFilter
	Problems     []fieldProblem
	ProblemTexts []string // Problems in words
	// Summary counts the indicators by the verdict their rows show:
	// "11 av 16 nyckeltal tydligt bättre, 1 ej jämförbar".
	Summary        string
	CanEdit        bool   // may change an activity's status on its row
	RowMessage     string // after a row's form could not be saved
	OutsideLeftOut bool
	Indicators     []seriesView
	PromiseID      string // set when the promise has a plan to link to
	PromiseName    string
	Activities     []planRow
	Feedback       *feedbackForm // admins only
	// The filters' select lists, as on the dashboard.
	Filters []filterField
}

// seriesView is one indicator across its waves.
type seriesView struct {
	ID, Label, Better string
	// Latest is the newest shown share, Verdict/VerdictClass the
	// comparison the summary counts it by: the whole series when it has
	// one, else the last step, else none.
	Latest, LatestWave, Verdict, VerdictClass string
	Rows                                      []waveRow
	Changes                                   []changeRow
	Overall                                   *changeRow
	Chart                                     seriesChart
}

type waveRow struct {
	Wave, Survey, Source string
	Outside, Hidden      bool
	N, Share, Interval   string
	Break                string // what changed since the wave before; "" when comparable
}

type changeRow struct {
	From, To, Diff, Verdict, Class string
}

// planRow is one activity as the follow-up page lists it.
type planRow struct {
	ID, Activity, Partner string
	Status, StatusText    string
	OnTrack, OnTrackText  string
	Indicators            []string // labels
	// The row's own form: the revision it changes and the choices.
	Rev                      int
	Statuses, OnTrackChoices []choice
	Saved                    bool // "Sparat", after this row's form
	AskYouth                 bool // just marked done: ask for the young people's text
	YouthLink                string
}

type feedbackForm struct {
	Problems   []staffProblem // why what was ticked could not be saved
	Enabled    bool
	Link       string
	Heading    string
	Indicators []choice
}

// choice is one option of a select list or a checkbox.
type choice struct {
	Value, Label string
	Checked      bool
}

// staffFollowup shows the survey's indicators across all waves of its
// series with the dashboard's filters, through the same disclosure path,
// and the action plan of its promise.
func (s *Server) staffFollowup(c *gin.Context) { s.renderFollowup(c, http.StatusOK, nil) }

// renderFollowup shows the page; failed, if set, is the feedback form
// that could not be saved, shown again as it was ticked.
func (s *Server) renderFollowup(c *gin.Context, status int, failed *feedbackFailure) {
	lang := staffLang(c)
	q, problems, err := s.parseLagesbild(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if q.View, err = s.resolvePublication(c, q); err != nil {
		if failed != nil {
			err = failed.err() // the form's problems matter more than the page
		}
		s.staffFail(c, err)
		return
	}
	v := followupView{staffBase: s.staffBase(c), Slug: q.Survey.Slug, Title: q.Survey.Title.In(lang), Filter: q.Filter, Problems: problems}
	for _, p := range problems {
		v.ProblemTexts = append(v.ProblemTexts, problemText(lang, p))
	}
	role := currentPrincipal(c).Role
	v.CanEdit = role == models.RoleAdmin || role == models.RoleAnalyst
	if v.Filters, err = s.filterFields(c.Request.Context(), q, lang); err != nil {
		s.staffFail(c, err)
		return
	}
	limitFilters(v.Filters, lang)
	title := web.T(lang, "followup.page.title") + " – " + v.Title
	if len(problems) > 0 {
		s.page(c, http.StatusUnprocessableEntity, "staff_followup", pageData{Lang: lang, Title: title, Data: v})
		return
	}
	// The page counts every wave's responses, like an export.
	ctx, done, ok := s.startExport(c)
	if !ok {
		return
	}
	defer done()
	req, err := s.followupRequest(ctx, q)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	_, series, err := export.BuildSeries(ctx, q.View.Counter, req)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	d := q.auditDetails()
	d["view"] = "followup"
	s.audit(c, models.AuditResultsView, q.Survey.Slug, d)

	v.OutsideLeftOut = series.OutsideLeftOut
	labels := map[string]string{}
	for _, si := range series.Indicators {
		v.Indicators = append(v.Indicators, seriesIndicatorView(si, lang))
		labels[si.ID] = si.Label.In(lang)
	}
	v.Summary = followupSummary(v.Indicators, lang)
	saved := c.Query("saved")
	switch c.Query("row") {
	case "conflict":
		v.RowMessage = web.T(lang, "followup.conflict")
	case "invalid":
		v.RowMessage = web.T(lang, "followup.row_invalid")
	}
	if req.Plan != nil {
		v.PromiseID, v.PromiseName = req.Plan.ID, req.Plan.Name.In(lang)
		for _, a := range req.Plan.Activities {
			row := planRow{ID: a.ID, Activity: a.Activity, Partner: a.Partner,
				Status: a.Status, StatusText: statusText(lang, a.Status), OnTrack: onTrackClass(a.OnTrack), OnTrackText: onTrackText(lang, a.OnTrack),
				Indicators: indicatorLabels(a.Indicators, labels), Rev: a.Rev, Saved: a.ID == saved}
			row.AskYouth = row.Saved && c.Query("done") == "1" && a.Status == models.ActivityDone
			row.YouthLink = "/staff/promises/" + req.Plan.ID + "?lang=" + lang + "&edit=" + a.ID + "#" + a.ID + "-youth_sv"
			if v.CanEdit {
				form := newActivityForm(lang, a.ID, "", a.ActivityInput, a.Rev, nil)
				row.Statuses, row.OnTrackChoices = form.Statuses, form.OnTrack
			}
			v.Activities = append(v.Activities, row)
		}
	}
	if v.IsAdmin {
		if v.Feedback, err = s.feedbackForm(ctx, q.Survey, lang); err != nil {
			s.staffFail(c, err)
			return
		}
		failed.apply(v.Feedback)
	}
	s.page(c, status, "staff_followup", pageData{Lang: lang, Title: title, Data: v})
}

// feedbackForm is the admin's switch of the feedback page, ticked as
// stored; no setting yet means off.
func (s *Server) feedbackForm(ctx context.Context, sv *models.Survey, lang string) (*feedbackForm, error) {
	f, err := s.store.Feedback(ctx, sv.Slug)
	switch {
	case models.ErrorCode(err) == models.ErrNotFound:
		f = &models.Feedback{}
	case err != nil:
		return nil, err
	}
	form := &feedbackForm{Enabled: f.Enabled, Heading: fmt.Sprintf(web.T(lang, "staff.feedback.indicators"), maxFeedbackIndicators)}
	if f.Enabled {
		form.Link = feedbackPath(sv.Slug, lang)
	}
	for _, ind := range sv.Indicators {
		form.Indicators = append(form.Indicators, choice{Value: ind.ID, Label: ind.Label.In(lang), Checked: slices.Contains(f.Indicators, ind.ID)})
	}
	return form, nil
}

func seriesIndicatorView(si models.SeriesIndicator, lang string) seriesView {
	v := seriesView{ID: si.ID, Label: si.Label.In(lang), Better: web.T(lang, "followup.page.better_"+si.Better)}
	for _, p := range si.Points {
		r := waveRow{Wave: p.Wave, Survey: p.Survey, Source: p.Source, Outside: p.Outside, Hidden: p.Hidden || p.Share == nil}
		if !r.Hidden {
			r.Share = formatPercent(lang, *p.Share, 1)
			if p.N != nil {
				r.N = formatInt(lang, *p.N)
			}
			if p.CILow != nil && p.CIHigh != nil {
				r.Interval = formatPercentRange(lang, *p.CILow, *p.CIHigh, 1)
			}
		}
		if p.Break != nil {
			r.Break = breakText(lang, p.Break.Changed)
		}
		v.Rows = append(v.Rows, r)
	}
	for _, ch := range si.Changes {
		v.Changes = append(v.Changes, changeView(lang, ch))
	}
	if si.Overall != nil {
		o := changeView(lang, *si.Overall)
		v.Overall = &o
	}
	v.Chart = drawSeries(si, v.Label, lang)
	for _, r := range v.Rows {
		if !r.Hidden && !r.Outside {
			v.Latest, v.LatestWave = r.Share, r.Wave
		}
	}
	switch {
	case v.Overall != nil:
		v.Verdict, v.VerdictClass = v.Overall.Verdict, v.Overall.Class
	case len(v.Changes) > 0:
		last := v.Changes[len(v.Changes)-1]
		v.Verdict, v.VerdictClass = last.Verdict, last.Class
	default:
		v.Verdict, v.VerdictClass = web.T(lang, "followup.change.none"), "none"
	}
	return v
}

// summaryOrder is the order the summary names the verdicts in.
var summaryOrder = []string{"better", "worse", "unclear", "break", "none"}

// followupSummary counts the indicators by the verdict each shows, in
// words: "11 av 16 nyckeltal tydligt bättre, 1 ej jämförbar". Verdicts no
// indicator has are left out, except "better", which the sentence starts
// from.
func followupSummary(inds []seriesView, lang string) string {
	if len(inds) == 0 {
		return ""
	}
	count := map[string]int{}
	for _, ind := range inds {
		count[ind.VerdictClass]++
	}
	parts := []string{fmt.Sprintf(web.Plural(lang, "followup.summary.of", len(inds)), count["better"], len(inds))}
	for _, class := range summaryOrder[1:] {
		if n := count[class]; n > 0 {
			parts = append(parts, fmt.Sprintf(web.Plural(lang, "followup.summary."+class, n), n))
		}
	}
	return strings.Join(parts, ", ") + "."
}

func changeView(lang string, ch models.SeriesChange) changeRow {
	r := changeRow{From: ch.From, To: ch.To, Diff: formatPP(lang, ch.DiffPP)}
	switch {
	case ch.Break:
		// No difference across a break, on any page: the two figures
		// measure different things.
		r.Diff = "–"
		r.Verdict, r.Class = web.T(lang, "followup.change.break"), "break"
	case ch.Significant && (ch.Direction == "better" || ch.Direction == "worse"):
		r.Verdict, r.Class = web.T(lang, "followup.change."+ch.Direction), ch.Direction
	default:
		r.Verdict, r.Class = web.T(lang, "followup.change.unclear"), "unclear"
	}
	return r
}

// breakText says what changed, e.g. "Brott i serien: frågetexten ändrad".
func breakText(lang string, changed []string) string {
	parts := make([]string, len(changed))
	for i, code := range changed {
		parts[i] = web.T(lang, "followup.break."+code)
	}
	return web.T(lang, "followup.page.break") + ": " + strings.Join(parts, ", ")
}

// seriesChart is an indicator's shares across its waves as an inline SVG
// line chart: no script, nothing fetched. A hidden point leaves a gap in
// the line, a line across a break is dashed, and outside figures are
// hollow markers.
type seriesChart struct {
	Width, Height float64
	Label         string
	Ticks         []chartTick
	Segments      []chartSegment
	Points        []chartPoint
	Left, Right   float64 // ends of the grid lines
	TickX         float64 // where the scale's labels end
	GapY, LabelY  float64 // where a hidden point's mark and the wave names go
}

type chartTick struct {
	Y     float64
	Label string
}

type chartSegment struct {
	X1, Y1, X2, Y2 float64
	Broken         bool
}

type chartPoint struct {
	X, Y, Low, High float64
	Wave            string
	Outside, Hidden bool
}

const (
	chartWidth, chartHeight = 640, 240
	chartLeft, chartRight   = 48, 16
	chartTop, chartBottom   = 12, 36
)

func drawSeries(si models.SeriesIndicator, label, lang string) seriesChart {
	ch := seriesChart{Width: chartWidth, Height: chartHeight, Left: chartLeft, Right: chartWidth - chartRight,
		TickX: chartLeft - 6,
		GapY:  chartHeight - chartBottom - 6, LabelY: chartHeight - 14}
	top := 0.1 // the scale runs from 0 to the highest interval, in tens of percent
	for _, p := range si.Points {
		if p.CIHigh != nil && !p.Hidden {
			top = max(top, math.Ceil(*p.CIHigh*10-1e-9)/10)
		}
	}
	top = min(top, 1)
	plotH := float64(chartHeight - chartTop - chartBottom)
	y := func(share float64) float64 { return chartTop + plotH*(1-share/top) }
	for _, t := range []float64{0, top / 2, top} {
		ch.Ticks = append(ch.Ticks, chartTick{Y: y(t), Label: formatPercent(lang, t, 0)})
	}
	step := float64(chartWidth-chartLeft-chartRight) / float64(max(len(si.Points), 1))
	var says []string
	for i, p := range si.Points {
		pt := chartPoint{X: chartLeft + step*(float64(i)+0.5), Wave: p.Wave, Outside: p.Outside, Hidden: p.Hidden || p.Share == nil}
		name := p.Wave
		if p.Outside {
			name += ", " + p.Source + " (" + web.T(lang, "followup.page.outside") + ")"
		}
		if pt.Hidden {
			says = append(says, name+": "+web.T(lang, "followup.page.too_few"))
		} else {
			pt.Y, pt.Low, pt.High = y(*p.Share), y(*p.Share), y(*p.Share)
			if p.CILow != nil && p.CIHigh != nil {
				pt.Low, pt.High = y(*p.CILow), y(*p.CIHigh)
			}
			says = append(says, name+": "+formatPercent(lang, *p.Share, 1))
			if i > 0 && !ch.Points[i-1].Hidden {
				prev := ch.Points[i-1]
				ch.Segments = append(ch.Segments, chartSegment{X1: prev.X, Y1: prev.Y, X2: pt.X, Y2: pt.Y, Broken: p.Break != nil})
			}
		}
		ch.Points = append(ch.Points, pt)
	}
	ch.Label = fmt.Sprintf(web.T(lang, "followup.page.chart_label"), label, strings.Join(says, "; "))
	return ch
}

func statusText(lang, status string) string { return web.T(lang, "followup.status."+status) }

// onTrackClass names the colour of an on-track mark; "none" when nobody
// has judged the activity yet.
func onTrackClass(mark string) string {
	if mark == "" {
		return "none"
	}
	return mark
}

func onTrackText(lang, mark string) string {
	return web.T(lang, "followup.ontrack."+onTrackClass(mark))
}

func indicatorLabels(ids []string, labels map[string]string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		if out[i] = labels[id]; out[i] == "" {
			out[i] = id
		}
	}
	return out
}

// staffActivityStatus saves the status and on-track mark of one
// activity from the small form on its row of the follow-up page; every
// other field stays as stored. It goes back to the row, which says
// "Sparat", and asks for the young people's text when the activity was
// just marked done.
func (s *Server) staffActivityStatus(c *gin.Context) {
	lang := staffLang(c)
	v, err := s.promisePlan(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	id := c.Param("activity")
	i := slices.IndexFunc(v.Activities, func(a models.Activity) bool { return a.ID == id })
	if i < 0 {
		s.staffFail(c, models.Errorf(models.ErrNotFound, "%s", web.T(lang, "followup.no_activity")))
		return
	}
	stored := v.Activities[i]
	in := stored.ActivityInput
	in.Youth = maps.Clone(stored.Youth)
	in.Indicators = slices.Clone(stored.Indicators)
	in.Status, in.OnTrack = c.PostForm("status"), c.PostForm("on_track")
	rev, err := strconv.Atoi(c.PostForm("rev"))
	if err != nil {
		rev = -1
	}
	// Back to the survey's follow-up page the form was on, else to the
	// promise.
	back := "/staff/promises/" + v.ID + "?lang=" + lang
	if slug := c.PostForm("survey"); models.ValidSlug(slug) {
		back = "/staff/surveys/" + slug + "/followup?lang=" + lang
	}
	_, problems, err := s.saveActivity(c, v, id, activityBody{ActivityInput: in, Rev: &rev})
	switch {
	case models.ErrorCode(err) == models.ErrConflict:
		c.Redirect(http.StatusSeeOther, back+"&row=conflict#plan")
	case err != nil:
		s.staffFail(c, err)
	case len(problems) > 0:
		c.Redirect(http.StatusSeeOther, back+"&row=invalid#plan")
	default:
		to := back + "&saved=" + id
		if in.Status == models.ActivityDone && stored.Status != models.ActivityDone {
			to += "&done=1"
		}
		c.Redirect(http.StatusSeeOther, to+"#row-"+id)
	}
}

// promisePage is a promise with its whole action plan; staff who may
// change the plan get a form per activity and one to add an activity.
type promisePage struct {
	staffBase
	ID, Name, From, To string
	Partners, Focus    []string
	Surveys            []string
	CanEdit            bool
	Activities         []activityPage
	New                *activityForm
	// FiguresFrom names the publication the indicators' figures come
	// from; FiguresNote says why there are none.
	FiguresFrom, FiguresNote string
}

type activityPage struct {
	ID, Problem, Activity, Goal, Partner, Start, End, Notes string
	Status, StatusText, OnTrack, OnTrackText                string
	Indicators                                              []string
	Figures                                                 []seriesView // the linked indicators' newest figures, for readers
	Youth                                                   []youthLine
	History                                                 []historyRow
	UpdatedAt, UpdatedBy                                    string
	Form                                                    *activityForm
}

type youthLine struct{ Lang, Text string }

type historyRow struct {
	At, By, Status, StatusText, OnTrack, OnTrackText string
}

// activityForm is the edit (or add) form of an activity with what it
// shows: the stored values, or what was typed when saving failed.
type activityForm struct {
	Prefix, Action                                      string
	Rev                                                 int
	Problem, Activity, Goal, Partner, Start, End, Notes string
	YouthSV, YouthEN, YouthAR                           string
	Statuses, OnTrack, Indicators                       []choice
	Open                                                bool
	Problems                                            []fieldProblem
	Invalid                                             map[string]bool
	Error                                               string
	Typed                                               *activityForm // a conflict: what was typed, shown beside the fresh form
}

// failedSave is a form that could not be saved, to show again.
type failedSave struct {
	Activity string // "" for a new activity
	Typed    models.ActivityInput
	Rev      int
	Problems []fieldProblem
	Conflict string
}

// staffPromise shows the promise in the path with its action plan, to
// every role: a field assistant should know what the partners promised.
func (s *Server) staffPromise(c *gin.Context) {
	v, err := s.promisePlan(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.renderPromise(c, http.StatusOK, v, nil)
}

func (s *Server) staffCreateActivity(c *gin.Context) { s.staffSaveActivity(c, "") }
func (s *Server) staffUpdateActivity(c *gin.Context) { s.staffSaveActivity(c, c.Param("activity")) }

// staffSaveActivity saves the posted form as a new activity (id "") or a
// change of activity id: 303 to it, or the page again with the problems
// (422) or the news that someone else saved in between (409).
func (s *Server) staffSaveActivity(c *gin.Context, id string) {
	v, err := s.promisePlan(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	in, rev := postedActivity(c)
	body := activityBody{ActivityInput: in}
	if id != "" {
		body.Rev = &rev
	}
	// saveActivity trims and drops empty texts in place; the page shows
	// again what was typed.
	typed := in
	typed.Youth = maps.Clone(in.Youth)
	a, problems, err := s.saveActivity(c, v, id, body)
	switch {
	case err != nil && id != "" && models.ErrorCode(err) == models.ErrConflict:
		s.renderPromise(c, http.StatusConflict, v, &failedSave{Activity: id, Typed: typed, Rev: rev, Conflict: web.T(staffLang(c), "followup.conflict")})
	case err != nil:
		s.staffFail(c, err)
	case len(problems) > 0:
		s.renderPromise(c, http.StatusUnprocessableEntity, v, &failedSave{Activity: id, Typed: typed, Rev: rev, Problems: problems})
	default:
		to := "/staff/promises/" + a.Promise
		if lang := staffLang(c); lang != models.DefaultLang {
			to += "?lang=" + lang
		}
		c.Redirect(http.StatusSeeOther, to+"#"+a.ID)
	}
}

// postedActivity reads the activity form. A missing or garbled revision
// reads as -1, which never matches: a change is only saved over the
// revision its form showed.
func postedActivity(c *gin.Context) (models.ActivityInput, int) {
	in := models.ActivityInput{
		Problem: c.PostForm("problem"), Activity: c.PostForm("activity"), Goal: c.PostForm("goal"), Partner: c.PostForm("partner"),
		Start: c.PostForm("start"), End: c.PostForm("end"), Status: c.PostForm("status"), OnTrack: c.PostForm("on_track"),
		Indicators: c.PostFormArray("indicators"), Notes: c.PostForm("notes"),
		Youth: models.Text{models.LangSV: c.PostForm("youth_sv"), models.LangEN: c.PostForm("youth_en"), models.LangAR: c.PostForm("youth_ar")},
	}
	rev, err := strconv.Atoi(c.PostForm("rev"))
	if err != nil {
		rev = -1
	}
	return in, rev
}

// promisePlan loads the promise in the path like plan does, but leaves
// the answer to the caller, so a page can show a page.
func (s *Server) promisePlan(c *gin.Context) (*promiseView, error) {
	notFound := models.Errorf(models.ErrNotFound, "%s", web.T(staffLang(c), "followup.no_promise"))
	id := c.Param("id")
	if !models.ValidSlug(id) {
		return nil, notFound
	}
	ctx := c.Request.Context()
	plan, err := s.store.Plan(ctx, id)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	svs, err := s.store.PromiseSurveys(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &promiseView{Plan: plan, Surveys: []string{}, Indicators: []indicatorOption{}}
	// Newest surveys first, so an indicator carries its newest label.
	for i := len(svs) - 1; i >= 0; i-- {
		v.Surveys = append(v.Surveys, svs[i].Slug)
		for _, ind := range svs[i].Indicators {
			if !v.knows(ind.ID) {
				v.Indicators = append(v.Indicators, indicatorOption{ID: ind.ID, Label: ind.Label})
			}
		}
	}
	return v, nil
}

func (s *Server) renderPromise(c *gin.Context, status int, v *promiseView, failed *failedSave) {
	lang := staffLang(c)
	role := currentPrincipal(c).Role
	p := promisePage{staffBase: s.staffBase(c), ID: v.ID, Name: v.Name.In(lang), From: v.From, To: v.To, Partners: v.Partners,
		Surveys: v.Surveys, CanEdit: role == models.RoleAdmin || role == models.RoleAnalyst}
	if p.Name == "" {
		p.Name = v.ID
	}
	for _, f := range v.Focus {
		p.Focus = append(p.Focus, f.In(lang))
	}
	labels := make(map[string]string, len(v.Indicators))
	for _, o := range v.Indicators {
		labels[o.ID] = o.Label.In(lang)
	}
	var figures map[string]seriesView
	if p.CanEdit {
		figures, p.FiguresFrom, p.FiguresNote = s.promiseFigures(c, v)
	}
	base := "/staff/promises/" + v.ID + "/activities"
	for _, a := range v.Activities {
		ap := activityPage{ID: a.ID, Problem: a.Problem, Activity: a.Activity, Goal: a.Goal, Partner: a.Partner, Start: a.Start, End: a.End,
			Notes: a.Notes, Status: a.Status, StatusText: statusText(lang, a.Status), OnTrack: onTrackClass(a.OnTrack), OnTrackText: onTrackText(lang, a.OnTrack),
			Indicators: indicatorLabels(a.Indicators, labels), UpdatedBy: a.UpdatedBy}
		if !a.UpdatedAt.IsZero() {
			ap.UpdatedAt = a.UpdatedAt.In(s.zone).Format("2006-01-02 15:04")
		}
		for _, id := range a.Indicators {
			if f, ok := figures[id]; ok {
				ap.Figures = append(ap.Figures, f)
			}
		}
		for _, l := range models.Languages() {
			if t := a.Youth[l]; t != "" {
				ap.Youth = append(ap.Youth, youthLine{Lang: l, Text: t})
			}
		}
		for i := len(a.History) - 1; i >= 0; i-- { // newest first
			h := a.History[i]
			ap.History = append(ap.History, historyRow{At: h.At.In(s.zone).Format("2006-01-02 15:04"), By: h.By,
				Status: h.Status, StatusText: statusText(lang, h.Status), OnTrack: onTrackClass(h.OnTrack), OnTrackText: onTrackText(lang, h.OnTrack)})
		}
		if p.CanEdit {
			ap.Form = newActivityForm(lang, a.ID, base+"/"+a.ID, a.ActivityInput, a.Rev, v.Indicators)
			// The follow-up page's prompt for the young people's text
			// opens this activity's form.
			ap.Form.Open = c.Query("edit") == a.ID
			if failed != nil && failed.Activity == a.ID {
				ap.Form = failedForm(lang, ap.Form, failed, v.Indicators)
			}
		}
		p.Activities = append(p.Activities, ap)
	}
	if p.CanEdit {
		p.New = newActivityForm(lang, "new", base, models.ActivityInput{Status: models.ActivityPlanned}, 0, v.Indicators)
		if failed != nil && failed.Activity == "" {
			p.New = failedForm(lang, p.New, failed, v.Indicators)
		}
	}
	s.page(c, status, "staff_promise", pageData{Lang: lang, Title: p.Name, Data: p})
}

// promiseFigures are the promise's indicators as the follow-up page shows
// them, from the latest publication of its newest published survey, with
// the same disclosure control and break rule: the newest share and the
// verdict on the series. It says where they come from, or why there are
// none; the page is shown either way.
func (s *Server) promiseFigures(c *gin.Context, v *promiseView) (map[string]seriesView, string, string) {
	lang := staffLang(c)
	ctx := c.Request.Context()
	places, err := s.places(ctx)
	if err != nil {
		s.log.Warn("promise figures: places", "err", err)
		return nil, "", web.T(lang, "followup.page.figures_none")
	}
	for _, slug := range v.Surveys { // newest first
		sv, err := s.surveyDefs.get(ctx, slug)
		if err != nil {
			continue
		}
		q := &lagesbildQuery{Survey: sv, Filter: models.ResponseFilter{Survey: slug}, Places: places}
		if q.View, err = s.resolvePublication(c, q); err != nil {
			continue // not published yet: an older wave may be
		}
		// It counts every wave's responses, like the follow-up page, so
		// it takes an export slot; when none is free the plan still shows.
		release := func() {}
		if s.exports != nil {
			var refused string
			if release, refused = s.exports.acquire(currentPrincipal(c).Name); refused != "" {
				return nil, "", web.T(lang, refused)
			}
		}
		defer release()
		xctx, cancel := exportContext(c)
		defer cancel()
		req, err := s.followupRequest(xctx, q)
		if err == nil {
			var series *models.Series
			_, series, err = export.BuildSeries(xctx, q.View.Counter, req)
			if err == nil {
				d := q.auditDetails()
				d["view"] = "promise"
				s.audit(c, models.AuditResultsView, slug, d)
				out := map[string]seriesView{}
				for _, si := range series.Indicators {
					out[si.ID] = seriesIndicatorView(si, lang)
				}
				return out, fmt.Sprintf(web.T(lang, "followup.page.figures_from"), sv.Title.In(lang), s.publicationName(lang, q.View.Pub)), ""
			}
		}
		s.log.Warn("promise figures", "survey", slug, "err", err)
		return nil, "", web.T(lang, "followup.page.figures_none")
	}
	return nil, "", web.T(lang, "followup.page.figures_none")
}

func newActivityForm(lang, prefix, action string, in models.ActivityInput, rev int, known []indicatorOption) *activityForm {
	f := &activityForm{Prefix: prefix, Action: action, Rev: rev, Problem: in.Problem, Activity: in.Activity, Goal: in.Goal, Partner: in.Partner,
		Start: in.Start, End: in.End, Notes: in.Notes,
		YouthSV: in.Youth[models.LangSV], YouthEN: in.Youth[models.LangEN], YouthAR: in.Youth[models.LangAR]}
	for _, st := range models.ActivityStatuses {
		f.Statuses = append(f.Statuses, choice{Value: st, Label: statusText(lang, st), Checked: st == in.Status})
	}
	f.OnTrack = append(f.OnTrack, choice{Value: "", Label: onTrackText(lang, ""), Checked: in.OnTrack == ""})
	for _, m := range models.OnTrackMarks {
		f.OnTrack = append(f.OnTrack, choice{Value: m, Label: onTrackText(lang, m), Checked: m == in.OnTrack})
	}
	for _, o := range known {
		f.Indicators = append(f.Indicators, choice{Value: o.ID, Label: o.Label.In(lang), Checked: slices.Contains(in.Indicators, o.ID)})
	}
	return f
}

// failedForm is the form again after a save failed. With problems it
// keeps what was typed and lists them beside it; after a conflict it
// shows the stored activity, newer than the form was, with what was
// typed beside it to copy from.
func failedForm(lang string, stored *activityForm, failed *failedSave, known []indicatorOption) *activityForm {
	typed := newActivityForm(lang, stored.Prefix, stored.Action, failed.Typed, failed.Rev, known)
	if failed.Conflict != "" {
		stored.Open, stored.Error, stored.Typed = true, failed.Conflict, typed
		return stored
	}
	typed.Open, typed.Invalid = true, map[string]bool{}
	for _, pr := range failed.Problems {
		typed.Invalid[pr.Field] = true
		pr.Message = fieldLabel(lang, pr.Field) + ": " + pr.Message
		typed.Problems = append(typed.Problems, pr)
	}
	return typed
}

// fieldLabel names a field of the activity form as its label does.
func fieldLabel(lang, field string) string {
	key := "followup.page." + strings.ReplaceAll(field, ".", "_")
	if label := web.T(lang, key); label != key {
		return label
	}
	return field
}
