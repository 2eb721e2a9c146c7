package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/web"
)

// maxFeedbackIndicators is the most key figures the feedback page shows:
// it is read on a phone by young people, not by a steering group.
const maxFeedbackIndicators = 8

// feedbackInput is what an admin chose, from the API or the staff form.
type feedbackInput struct {
	Enabled    bool
	Indicators []string
}

func (s *Server) adminSetFeedback(c *gin.Context) {
	in, err := readFeedbackInput(c.Request.Body)
	if err != nil {
		if tooLarge(err) {
			s.abort(c, http.StatusRequestEntityTooLarge, models.ErrTooLarge, "error.too_large")
			return
		}
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_json")
		return
	}
	lang := staffLang(c)
	if in.Enabled == nil {
		invalid(c, web.T(lang, "staff.feedback.problems"), []fieldProblem{{Field: "enabled", Code: "required", Message: web.T(lang, "staff.feedback.enabled_required")}})
		return
	}
	f, problems, err := s.setFeedback(c, feedbackInput{Enabled: *in.Enabled, Indicators: in.Indicators})
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(problems) > 0 {
		invalid(c, web.T(lang, "staff.feedback.problems"), problems)
		return
	}
	c.JSON(http.StatusOK, f)
}

// feedbackBody is the JSON body; enabled must be given.
type feedbackBody struct {
	Enabled    *bool    `json:"enabled"`
	Indicators []string `json:"indicators"`
}

// readFeedbackInput reads exactly one JSON object with no unknown field:
// the page is switched off by "enabled": false, never by a typo such as
// "enable", a null or a truncated body.
func readFeedbackInput(body io.Reader) (*feedbackBody, error) {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	var in *feedbackBody
	if err := dec.Decode(&in); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, errors.New("the body is null")
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("more than one JSON value")
		}
		return nil, err
	}
	return in, nil
}

// staffSetFeedback is the same switch from the follow-up page's form:
// an "enabled" checkbox and one "indicators" checkbox per key figure.
func (s *Server) staffSetFeedback(c *gin.Context) {
	on := c.PostForm("enabled")
	in := feedbackInput{Enabled: on == "on" || on == "true" || on == "1", Indicators: c.PostFormArray("indicators")}
	f, problems, err := s.setFeedback(c, in)
	if err == nil && len(problems) > 0 {
		// The page again, ticked as it was sent, the problems on top.
		s.renderFollowup(c, http.StatusUnprocessableEntity, &feedbackFailure{in: in, problems: problems})
		return
	}
	if err != nil {
		s.staffFail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/surveys/"+f.Survey+"/followup")
}

// feedbackFailure is a feedback form that could not be saved.
type feedbackFailure struct {
	in       feedbackInput
	problems []fieldProblem
}

// err is the problems as one error, for a page that cannot show the
// form again.
func (f *feedbackFailure) err() error {
	msgs := make([]string, len(f.problems))
	for i, p := range f.problems {
		msgs[i] = p.Message
	}
	return models.Errorf(models.ErrInvalid, "%s", strings.Join(msgs, " "))
}

// apply shows form as it was sent, with the problems; nothing for nil.
func (f *feedbackFailure) apply(form *feedbackForm) {
	if f == nil || form == nil {
		return
	}
	form.Enabled = f.in.Enabled
	for i := range form.Indicators {
		form.Indicators[i].Checked = slices.Contains(f.in.Indicators, form.Indicators[i].Value)
	}
	for _, p := range f.problems {
		form.Problems = append(form.Problems, staffProblem{Field: "feedback-indicators", Message: p.Message})
	}
}

// setFeedback checks in against the survey's newest definition, stores it
// and drops the cached figures, so the page shows the new choice at once.
func (s *Server) setFeedback(c *gin.Context, in feedbackInput) (*models.Feedback, []fieldProblem, error) {
	lang := staffLang(c)
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		return nil, nil, models.Errorf(models.ErrNotFound, "%s", web.T(lang, "survey.not_found"))
	}
	ctx := c.Request.Context()
	sv, err := s.store.Survey(ctx, slug)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, nil, models.Errorf(models.ErrNotFound, "%s", web.T(lang, "survey.not_found"))
	}
	if err != nil {
		return nil, nil, err
	}
	valid := make([]string, len(sv.Indicators))
	for i, ind := range sv.Indicators {
		valid[i] = ind.ID
	}
	validList := strings.Join(valid, ", ")
	if validList == "" {
		validList = web.T(lang, "staff.feedback.no_indicators")
	}
	tooMany := fieldProblem{Field: "indicators", Code: "too_many",
		Message: fmt.Sprintf(web.T(lang, "staff.feedback.too_many"), maxFeedbackIndicators)}
	if len(in.Indicators) > 4*maxFeedbackIndicators {
		// Not worth echoing each of them back.
		return nil, []fieldProblem{tooMany}, nil
	}
	var problems []fieldProblem
	chosen := []string{}
	for i, id := range in.Indicators {
		switch {
		case !slices.Contains(valid, id):
			if r := []rune(id); len(r) > 60 {
				id = string(r[:60]) + "…"
			}
			problems = append(problems, fieldProblem{Field: "indicators[" + strconv.Itoa(i) + "]", Code: "unknown",
				Message: fmt.Sprintf(web.T(lang, "staff.feedback.unknown_indicator"), id, validList)})
		case !slices.Contains(chosen, id):
			chosen = append(chosen, id)
		}
	}
	if len(chosen) > maxFeedbackIndicators {
		problems = append(problems, tooMany)
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	f := models.Feedback{Survey: slug, Enabled: in.Enabled, Indicators: chosen,
		UpdatedAt: time.Now().UTC().Truncate(time.Millisecond), UpdatedBy: currentPrincipal(c).Name}
	err = s.store.SetFeedback(ctx, f)
	s.feedback.forget(slug)
	s.feedbackSettings.forget(slug)
	if err != nil {
		return nil, nil, err
	}
	s.audit(c, models.AuditFeedbackSet, slug, map[string]string{
		"enabled": strconv.FormatBool(f.Enabled), "indicators": strings.Join(f.Indicators, ","), "version": itoa(sv.Version),
	})
	return &f, nil, nil
}

// feedbackView is the public page "Det här hände med era svar": the
// chosen key figures of the whole survey and what is being done.
type feedbackView struct {
	Assets     assetURLs
	Survey     string
	Langs      []langLink
	Answered   string // "1 500 unga har svarat."; empty when too few answered
	Published  string // "Siffrorna är från 2026-12-08."; empty before a publication
	Indicators []feedbackFigure
	// Activities under way, and Done those finished.
	Activities, Done []feedbackActivity
	Help             []helpView
}

type feedbackFigure struct {
	Label  string
	Share  string // "23 %"; empty when hidden
	Hidden bool
	// Sentence says the figure in plain words ("23 % av er känner sig
	// …"); empty when the label cannot be turned into one.
	Sentence string
	// Change says how it moved since the last wave, under the break rule
	// of the staff follow-up; empty when there is no earlier figure.
	Change string
}

type feedbackActivity struct {
	Text, Status string
	Lang         string // the text's language when not the page's
}

// feedbackPage shows the page while an admin has switched it on; until
// then, and for a survey that does not exist, it is the plain not-found
// page, so nobody can tell the two apart.
func (s *Server) feedbackPage(c *gin.Context) {
	lang := requestLang(c)
	slug := c.Param("slug")
	ctx := c.Request.Context()
	if !models.ValidSlug(slug) {
		s.notFound(c)
		return
	}
	f, err := s.feedbackSettings.get(ctx, slug)
	if models.ErrorCode(err) == models.ErrNotFound || err == nil && !f.Enabled {
		s.notFound(c)
		return
	}
	if err != nil {
		s.noticePage(c, err)
		return
	}
	sv, err := s.surveyDefs.get(ctx, slug)
	if models.ErrorCode(err) == models.ErrNotFound || err == nil && sv.Status == models.StatusDraft {
		s.notFound(c)
		return
	}
	if err != nil {
		s.noticePage(c, err)
		return
	}
	figs, err := s.feedback.figures(ctx, sv, s.buildFeedbackFigures)
	if err != nil {
		s.noticePage(c, err)
		return
	}
	v, err := s.newFeedbackView(ctx, sv, f, figs, lang)
	if err != nil {
		s.noticePage(c, err)
		return
	}
	s.page(c, http.StatusOK, "feedback", pageData{Lang: lang, Title: web.T(lang, "feedback.title"), Data: v})
}

// newFeedbackView puts the chosen figures, in the admin's order, and the
// activities into lang. A hidden figure carries no number at all.
func (s *Server) newFeedbackView(ctx context.Context, sv *models.Survey, f *models.Feedback, figs *feedbackFigures, lang string) (feedbackView, error) {
	v := feedbackView{Assets: s.static.urls, Survey: sv.Title.In(lang), Help: helpViews(sv, lang)}
	v.Langs = langSwitch(surveyLangs(s.langs, sv), lang)
	if !figs.Hidden {
		v.Answered = fmt.Sprintf(web.T(lang, "feedback.answered"), intIn(lang, figs.N))
	}
	if figs.Day != "" {
		v.Published = fmt.Sprintf(web.T(lang, "feedback.published"), figs.Day)
	}
	for _, id := range f.Indicators {
		ind, ok := figs.Indicators[id]
		if !ok {
			continue // no longer in the definition
		}
		v.Indicators = append(v.Indicators, feedbackFigureIn(lang, ind, figs.Hidden, figs.Changes[id]))
	}
	var err error
	v.Activities, v.Done, err = s.feedbackActivities(ctx, sv, lang)
	return v, err
}

// feedbackFigureIn says one key figure to young people. The label names
// a share in analyst's words ("Andel som känner sig …"); without its
// opening words ("feedback.label_prefix") it becomes what many of them
// feel ("23 % av er känner sig …"). A label that does not open so is
// shown as it is, beside its figure.
func feedbackFigureIn(lang string, ind export.IndicatorResult, allHidden bool, ch *models.SeriesChange) feedbackFigure {
	fig := feedbackFigure{Label: ind.Label.In(lang), Hidden: allHidden || ind.Hidden}
	if fig.Hidden {
		return fig
	}
	fig.Share = formatPercent(lang, ind.Share.Share, 0)
	what, plain := strings.CutPrefix(fig.Label, web.T(lang, "feedback.label_prefix"))
	if plain && what != "" {
		fig.Sentence = fmt.Sprintf(web.T(lang, "feedback.share_sentence"), fig.Share, what)
	}
	if ch == nil {
		return fig
	}
	// The same verdict the staff follow-up gives: a break is never
	// compared, and only a clear change is told as one.
	switch {
	case ch.Break:
		fig.Change = web.T(lang, "feedback.change.break")
	case !ch.Significant || ch.DiffPP == 0:
		fig.Change = web.T(lang, "feedback.change.unclear")
	case plain && what != "":
		key := "feedback.change.fewer"
		if ch.DiffPP > 0 {
			key = "feedback.change.more"
		}
		fig.Change = fmt.Sprintf(web.T(lang, key), what)
	default:
		key := "feedback.change.lower"
		if ch.DiffPP > 0 {
			key = "feedback.change.higher"
		}
		fig.Change = web.T(lang, key)
	}
	return fig
}

// feedbackActivities are the promise's activities under way or done that
// have a line written for young people; plans that may not happen are
// never shown to them.
//
// The plan comes from memory (s.plans, for planTTL): its activities are
// read by their promise field, which the embedded engine answers by
// reading the whole activities collection. That collection is small
// (staff write it, a few dozen activities per promise), but a page that
// a whole class opens at once must not read it per pupil.
func (s *Server) feedbackActivities(ctx context.Context, sv *models.Survey, lang string) (ongoing, done []feedbackActivity, err error) {
	if sv.Promise == nil || sv.Promise.ID == "" {
		return nil, nil, nil
	}
	plan, err := s.plans.get(ctx, sv.Promise.ID)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	for i := range plan.Activities {
		a := &plan.Activities[i]
		if !a.Shown() {
			continue
		}
		// In lang, else Swedish, else whichever language it was written in,
		// marked as such for screen readers.
		act := feedbackActivity{Status: web.T(lang, "feedback.status."+a.Status)}
		for _, l := range append([]string{lang}, models.Languages()...) {
			if act.Text = strings.TrimSpace(a.Youth[l]); act.Text != "" {
				if l != lang {
					act.Lang = l
				}
				break
			}
		}
		switch {
		case act.Text == "":
		case a.Status == models.ActivityDone:
			done = append(done, act)
		default:
			ongoing = append(ongoing, act)
		}
	}
	return ongoing, done, nil
}

// feedbackFigures are the whole survey's key figures after disclosure
// control, as the page needs them.
type feedbackFigures struct {
	Version    int
	N          int
	Hidden     bool
	Indicators map[string]export.IndicatorResult // without breakdowns
	Day        string                            // the publication's day; "" before one
	// Changes are each indicator's change from the wave before, as the
	// staff follow-up's series has it.
	Changes map[string]*models.SeriesChange
}

// buildFeedbackFigures counts the whole survey, with no filter, through
// the one disclosure path every other figure takes.
// They come from the survey's latest publication, counted with the
// definition it was made with; before the first there are none to show.
func (s *Server) buildFeedbackFigures(ctx context.Context, sv *models.Survey) (*feedbackFigures, error) {
	pub, err := s.results.Publication(ctx, sv.Slug, 0)
	if models.ErrorCode(err) == models.ErrNotPublished {
		return &feedbackFigures{Version: sv.Version, Hidden: true, Indicators: map[string]export.IndicatorResult{}}, nil
	}
	if err != nil {
		return nil, err
	}
	counted := sv
	if pub.Version != sv.Version {
		if counted, err = s.store.SurveyVersion(ctx, sv.Slug, pub.Version); err != nil {
			return nil, err
		}
	}
	// The whole series, as the staff follow-up counts it: earlier waves
	// from their own publications, outside figures, breaks marked.
	fc, err := followup.Gather(ctx, s.store, counted)
	if err != nil {
		return nil, err
	}
	res, series, err := export.BuildSeries(ctx, s.results.Published(nil), export.Request{Survey: counted, Earlier: fc.Chain[:len(fc.Chain)-1],
		Outside: fc.Outside, Filter: models.ResponseFilter{Survey: sv.Slug}, MinCell: s.cfg.MinCell, Followup: true})
	if err != nil {
		return nil, err
	}
	figs := &feedbackFigures{Version: sv.Version, N: res.N, Hidden: res.Hidden, Day: pub.Day,
		Indicators: make(map[string]export.IndicatorResult, len(res.Indicators)), Changes: map[string]*models.SeriesChange{}}
	for _, ind := range res.Indicators {
		ind.By = nil
		figs.Indicators[ind.ID] = ind
	}
	latest := followup.WaveName(counted)
	for _, si := range series.Indicators {
		if n := len(si.Changes); n > 0 && si.Changes[n-1].To == latest {
			figs.Changes[si.ID] = &si.Changes[n-1]
		}
	}
	return figs, nil
}

// feedbackCache keeps each survey's feedback figures for ttl. A full pass
// over a large survey takes seconds and the page is public: a class that
// opens it at once must cost one pass, not thirty. Concurrent first
// requests wait for the one pass under way; once figures are held, for
// another ttl after they expire they are still served while one pass in
// the background counts them again, so no request waits for a count
// every ttl. The figures move only with a publication, which this
// instance forgets at once. The noise is deterministic (cell keys), so
// serving cached figures reveals nothing a fresh count would not. It
// also remembers which surveys have the page switched on, for the start
// and thank-you pages, for a shorter while.
type feedbackCache struct {
	ttl    time.Duration
	mu     sync.Mutex
	bySlug map[string]*figureFlight

	switches   map[string]bool
	switchesAt time.Time
}

// figureFlight is one count of one survey version: under way until done
// is closed, then holding its result until it expires.
type figureFlight struct {
	version int
	done    chan struct{}
	figs    *feedbackFigures
	err     error
	expires time.Time
	// recount is the count under way to replace this one's expired
	// figures, if any; replaces, on that count, is the flight it
	// replaces once it ends well.
	recount, replaces *figureFlight
}

// feedbackSettingsTTL is how long a survey's feedback settings are kept
// for its page: read per request, they were a third of the page's CPU
// at 100,000 responses (docs/BENCHMARKS.md). A change made on this
// instance shows at once; one made on another (switching the page off
// included), within twice this. A slug with no settings is not kept.
const feedbackSettingsTTL = 5 * time.Second

// planTTL is how long a promise's action plan is kept for the feedback
// pages. A change made on this instance shows at once (saveActivity
// forgets it); one made on another, within twice this.
const planTTL = time.Minute

// switchesTTL is how long the start page may link to a page just switched
// off on another instance (this instance forgets at once).
const switchesTTL = 30 * time.Second

// figureBuildTimeout bounds one count; it runs apart from the request
// that started it, so a pupil who closes the tab does not cancel it for
// the others waiting.
const figureBuildTimeout = 2 * time.Minute

func newFeedbackCache(ttl time.Duration) *feedbackCache {
	return &feedbackCache{ttl: ttl, bySlug: make(map[string]*figureFlight)}
}

// figures returns sv's figures from the cache, or counts them once for
// everyone asking at the same time. A failed count is not kept.
func (fc *feedbackCache) figures(ctx context.Context, sv *models.Survey, build func(context.Context, *models.Survey) (*feedbackFigures, error)) (*feedbackFigures, error) {
	fc.mu.Lock()
	fl := fc.bySlug[sv.Slug]
	now := time.Now()
	switch {
	case fl == nil || fl.version != sv.Version || fl.finished() && (fl.err != nil || now.After(fl.expires.Add(fc.ttl))):
		fl = &figureFlight{version: sv.Version, done: make(chan struct{})}
		fc.bySlug[sv.Slug] = fl
		go fc.run(context.WithoutCancel(ctx), fl, sv, build)
	case fl.finished() && now.After(fl.expires):
		if fl.recount == nil {
			fl.recount = &figureFlight{version: sv.Version, done: make(chan struct{}), replaces: fl}
			go fc.run(context.WithoutCancel(ctx), fl.recount, sv, build)
		}
		figs := fl.figs
		fc.mu.Unlock()
		return figs, nil
	}
	fc.mu.Unlock()
	select {
	case <-fl.done:
		return fl.figs, fl.err
	case <-ctx.Done():
		return nil, &models.Error{Code: models.ErrUnavailable, Message: "figures not ready", Cause: ctx.Err()}
	}
}

func (fc *feedbackCache) run(ctx context.Context, fl *figureFlight, sv *models.Survey, build func(context.Context, *models.Survey) (*feedbackFigures, error)) {
	ctx, cancel := context.WithTimeout(ctx, figureBuildTimeout)
	defer cancel()
	figs, err := build(ctx, sv)
	fc.mu.Lock()
	fl.figs, fl.err, fl.expires = figs, err, time.Now().Add(fc.ttl)
	if old := fl.replaces; old != nil {
		old.recount = nil
		// Unless forget dropped the old figures meanwhile: then this
		// count may predate what made it.
		if err == nil && fc.bySlug[sv.Slug] == old {
			fc.bySlug[sv.Slug] = fl
		}
		fl.replaces = nil
	}
	fc.mu.Unlock()
	close(fl.done)
}

func (fl *figureFlight) finished() bool {
	select {
	case <-fl.done:
		return true
	default:
		return false
	}
}

// forget drops what is kept about slug after its settings changed here.
func (fc *feedbackCache) forget(slug string) {
	fc.mu.Lock()
	delete(fc.bySlug, slug)
	fc.switches = nil
	fc.mu.Unlock()
}

// enabled says which surveys have the feedback page switched on.
func (fc *feedbackCache) enabled(ctx context.Context, load func(context.Context) (map[string]bool, error)) (map[string]bool, error) {
	fc.mu.Lock()
	on, at := fc.switches, fc.switchesAt
	fc.mu.Unlock()
	if on != nil && time.Since(at) < switchesTTL {
		return on, nil
	}
	on, err := load(ctx)
	if err != nil {
		return nil, err
	}
	fc.mu.Lock()
	fc.switches, fc.switchesAt = on, time.Now()
	fc.mu.Unlock()
	return on, nil
}

// feedbackLink is the link to slug's feedback page in lang, or "" while
// the page is off. The thank-you pages must not fail over it: a database
// that does not answer just leaves the link out.
func (s *Server) feedbackLink(ctx context.Context, slug, lang string) string {
	on, err := s.feedback.enabled(ctx, s.store.FeedbackEnabled)
	if err != nil || !on[slug] {
		return ""
	}
	return feedbackPath(slug, lang)
}

func feedbackPath(slug, lang string) string { return "/surveys/" + slug + "/feedback?lang=" + lang }
