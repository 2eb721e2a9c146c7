package handlers

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/password"
	"medborgardialog/web"
)

// staffBase is what every staff page shows around its content.
type staffBase struct {
	CSS     string
	User    *principal
	CSRF    string
	IsAdmin bool
	Flash   string
	titles  map[string]string // every survey's title in the page's language, by slug
}

func (s *Server) staffBase(c *gin.Context) staffBase {
	p := currentPrincipal(c)
	if p == nil {
		// The sign-in page's errors: no one to name yet.
		return staffBase{CSS: s.static.urls.CSS}
	}
	return staffBase{CSS: s.static.urls.CSS, User: p, CSRF: p.csrf, IsAdmin: p.Role == models.RoleAdmin,
		titles: s.surveyTitles(c.Request.Context(), staffLang(c))}
}

// SurveyTitle names a survey on a staff page by its title: its slug is
// an address, not a name anyone reads.
func (b staffBase) SurveyTitle(slug string) string {
	if t := b.titles[slug]; t != "" {
		return t
	}
	return slug
}

type staffSurvey struct {
	Slug, Title, Status, Wave string
	Version                   int
	Responses                 string // formatted in the page's language
}

type staffHomeView struct {
	staffBase
	Surveys  []staffSurvey
	Promises []staffPromiseLink
	// Sessions is a facilitator's home: their own sessions, open first.
	Sessions    []*sessionView
	Facilitator bool
}

type staffPromiseLink struct {
	ID, Name, From, To string
}

// staffHome lists the surveys with their status and response counts, and
// the promises whose action plans every role may read.
func (s *Server) staffHome(c *gin.Context) {
	if currentPrincipal(c).Role == models.RoleFacilitator {
		s.facilitatorHome(c)
		return
	}
	lang := staffLang(c)
	ctx := c.Request.Context()
	list, err := s.store.Surveys(ctx)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	v := staffHomeView{staffBase: s.staffBase(c)}
	for _, sv := range list {
		n, err := s.store.CountSurveyResponses(ctx, sv.Slug)
		if err != nil {
			s.staffFail(c, err)
			return
		}
		v.Surveys = append(v.Surveys, staffSurvey{Slug: sv.Slug, Title: sv.Title.In(lang), Status: sv.Status, Wave: sv.Wave, Version: sv.Version, Responses: formatInt(lang, int(n))})
	}
	if v.Promises, err = s.promiseLinks(ctx, lang); err != nil {
		s.staffFail(c, err)
		return
	}
	s.page(c, http.StatusOK, "staff_home", pageData{Lang: lang, Title: web.T(lang, "staff.surveys"), Data: v})
}

// promiseLinks are the promises whose action plans every role may read.
func (s *Server) promiseLinks(ctx context.Context, lang string) ([]staffPromiseLink, error) {
	promises, err := s.store.Promises(ctx)
	if err != nil {
		return nil, err
	}
	var out []staffPromiseLink
	for _, p := range promises {
		name := p.Name.In(lang)
		if name == "" {
			name = p.ID
		}
		out = append(out, staffPromiseLink{ID: p.ID, Name: name, From: p.From, To: p.To})
	}
	return out, nil
}

func (s *Server) staffOpenSurvey(c *gin.Context)  { s.staffSetStatus(c, models.StatusOpen) }
func (s *Server) staffCloseSurvey(c *gin.Context) { s.staffSetStatus(c, models.StatusClosed) }

func (s *Server) staffSetStatus(c *gin.Context, status string) {
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		s.staffFail(c, models.Errorf(models.ErrNotFound, "%s", web.T(staffLang(c), "survey.not_found")))
		return
	}
	if !confirmSent(c) {
		s.confirmStatus(c, status) // asked first, done only from the confirmation page
		return
	}
	sv, err := s.store.SetSurveyStatus(c.Request.Context(), slug, status)
	s.surveyDefs.forget(slug)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	action := models.AuditSurveyOpen
	if status == models.StatusClosed {
		action = models.AuditSurveyClose
	}
	s.audit(c, action, sv.Slug, nil)
	if status == models.StatusClosed {
		s.publishOnClose(c, sv)
	}
	// Back where the button was: the staff home or the survey's own page.
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

type staffUsersView struct {
	staffBase
	Users   []models.User
	Roles   []string
	Created *createdUser
	Error   string
	Form    newUser   // what was typed, when the form failed
	Field   string    // the id of the field the error is about
	Now     time.Time // for telling expired one-time passwords
}

func (s *Server) staffUsers(c *gin.Context) { s.renderUsers(c, http.StatusOK, nil, "", newUser{}) }

func (s *Server) renderUsers(c *gin.Context, status int, created *createdUser, problem string, form newUser) {
	lang := staffLang(c)
	users, err := s.store.Users(c.Request.Context())
	if err != nil {
		s.staffFail(c, err)
		return
	}
	v := staffUsersView{staffBase: s.staffBase(c), Users: users, Roles: models.Roles, Created: created, Error: problem, Form: form, Field: "new-name", Now: time.Now()}
	if form.Name != "" && models.ValidUserName(form.Name) && !models.ValidRole(form.Role) {
		v.Field = "new-role"
	}
	s.page(c, status, "staff_users", pageData{Lang: lang, Title: web.T(lang, "staff.users"), Data: v})
}

// staffCreateUser shows the new account's one-time password once, on the
// page that answers the form, and nowhere else.
func (s *Server) staffCreateUser(c *gin.Context) {
	in := newUser{Name: c.PostForm("name"), Role: c.PostForm("role"), Token: c.PostForm("token") == "on"}
	out, err := s.createUser(c, in)
	if err != nil {
		if e, ok := err.(*models.Error); ok && e.Code != models.ErrInternal && e.Code != models.ErrUnavailable {
			s.renderUsers(c, statusOf(e.Code), nil, e.Message, in) // what was typed stays
			return
		}
		s.staffFail(c, err)
		return
	}
	s.renderUsers(c, http.StatusCreated, out, "", newUser{})
}

func (s *Server) staffDisableUser(c *gin.Context) { s.staffSetDisabled(c, true) }
func (s *Server) staffEnableUser(c *gin.Context)  { s.staffSetDisabled(c, false) }

func (s *Server) staffSetDisabled(c *gin.Context, disabled bool) {
	if err := s.setDisabled(c, c.Param("name"), disabled); err != nil {
		s.staffFail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/users")
}

type staffPasswordView struct {
	staffBase
	Forced  bool // signed in with a one-time password
	Problem *passwordProblem
	MinLen  int
	Tokens  []models.Token // the account's API tokens, which a change revokes
}

// staffPassword is the form to choose one's own password; a session
// signed in with a one-time password is sent here from every staff page.
func (s *Server) staffPassword(c *gin.Context) { s.renderPassword(c, http.StatusOK, nil) }

func (s *Server) renderPassword(c *gin.Context, status int, problem *passwordProblem) {
	lang := staffLang(c)
	if problem != nil {
		problem.Message = web.T(lang, problem.key)
	}
	p := currentPrincipal(c)
	v := staffPasswordView{staffBase: s.staffBase(c), Forced: p.mustChange, Problem: problem, MinLen: password.MinLength}
	// Listed before the change, so nobody is surprised when a script's
	// token stops working after it.
	toks, err := s.store.Tokens(c.Request.Context(), p.Name)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	v.Tokens = toks
	s.page(c, status, "staff_password", pageData{Lang: lang, Title: web.T(lang, "password.title"), Data: v})
}

// staffChangePassword takes the form; the new password is typed twice, so
// a slip of the finger does not lock its owner out.
func (s *Server) staffChangePassword(c *gin.Context) {
	next := c.PostForm("new")
	if next != c.PostForm("repeat") {
		s.renderPassword(c, http.StatusUnprocessableEntity, newPasswordProblem("repeat", "mismatch"))
		return
	}
	_, err := s.changeOwnPassword(c, c.PostForm("current"), next)
	var problem *passwordProblem
	var slow *throttledError
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/staff")
	case errors.As(err, &problem):
		s.renderPassword(c, http.StatusUnprocessableEntity, problem)
	case errors.As(err, &slow):
		retryAfter(c, slow.retry)
		s.renderPassword(c, http.StatusTooManyRequests, &passwordProblem{Code: models.ErrRateLimited, key: "login.wait"})
	case errors.Is(err, errHashBusy), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		c.Header("Retry-After", "2")
		s.renderPassword(c, http.StatusServiceUnavailable, &passwordProblem{Code: models.ErrUnavailable, key: "login.busy"})
	default:
		s.staffFail(c, err)
	}
}

type staffAuditView struct {
	staffBase
	Entries         []auditRow
	Actions, Actors []option // what the log can be narrowed to, named
	Action, Actor   string   // the narrowing chosen
	Older, Newest   string   // links to the next page back and to the first page
}

// auditRow is one entry as the page shows it: in Swedish time and in
// words.
type auditRow struct {
	At      time.Time
	When    string
	Who     string
	Role    string
	What    string
	Survey  string
	Details []auditDetailRow
}

type auditDetailRow struct{ Name, Value string }

// staffAudit is the audit log in words and Swedish time, narrowed by
// action and user, a page at a time with links (no script needed). It
// shows what the log stores and nothing more: names of accounts, never
// an address or anything of the young people.
func (s *Server) staffAudit(c *gin.Context) {
	lang := staffLang(c)
	ctx := c.Request.Context()
	q, err := auditQuery(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	want := q.Limit
	q.Limit++ // one more tells whether there is an older page
	entries, err := s.store.AuditWhere(ctx, q)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	// The filters' lists come from the catalogue and the accounts, not
	// from the log: reading every entry for them tripled the page's time
	// (docs/BENCHMARKS.md).
	users, err := s.store.Users(ctx)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	actors := []string{models.AuditActorAdminToken, models.AuditActorCLI, models.AuditActorSystem, models.AuditActorDemo, models.AuditActorUnknown}
	for _, u := range users {
		actors = append(actors, u.Name)
	}
	if q.Actor != "" && !slices.Contains(actors, q.Actor) {
		actors = append(actors, q.Actor) // an account since removed: the choice stays shown
	}
	slices.Sort(actors)
	actions := web.Actions()
	if q.Action != "" && !slices.Contains(actions, q.Action) {
		actions = append(actions, q.Action)
	}
	v := staffAuditView{staffBase: s.staffBase(c), Action: q.Action, Actor: q.Actor}
	for _, a := range actions {
		v.Actions = append(v.Actions, option{Value: a, Label: web.Action(lang, a)})
	}
	slices.SortFunc(v.Actions, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	for _, a := range actors {
		v.Actors = append(v.Actors, option{Value: a, Label: web.Actor(lang, a)})
	}
	places := s.placeNames(ctx, lang)
	more := len(entries) > want
	if more {
		entries = entries[:want]
	}
	for _, e := range entries {
		row := auditRow{At: e.At, When: e.At.In(s.zone).Format("2006-01-02 15:04:05"), Who: web.Actor(lang, e.Actor),
			Role: web.Role(lang, e.Role), What: web.Action(lang, e.Action)}
		if e.Survey != "" {
			row.Survey = v.SurveyTitle(e.Survey)
		}
		keys := slices.Sorted(maps.Keys(e.Details))
		for _, k := range keys {
			name, value := auditDetail(lang, k, e.Details[k], places)
			row.Details = append(row.Details, auditDetailRow{Name: name, Value: value})
		}
		v.Entries = append(v.Entries, row)
	}
	page := url.Values{}
	if q.Action != "" {
		page.Set("action", q.Action)
	}
	if q.Actor != "" {
		page.Set("actor", q.Actor)
	}
	if c.Query("limit") != "" {
		page.Set("limit", strconv.Itoa(want))
	}
	if !q.Before.IsZero() {
		v.Newest = "/staff/audit?" + page.Encode()
	}
	if more && len(entries) > 0 {
		page.Set("before", entries[len(entries)-1].At.UTC().Format(time.RFC3339Nano))
		v.Older = "/staff/audit?" + page.Encode()
	}
	s.page(c, http.StatusOK, "staff_audit", pageData{Lang: lang, Title: web.T(lang, "staff.audit"), Data: v})
}

// Problems is the form's error for the page's summary, linked to its
// field.
func (v staffUsersView) Problems() []staffProblem {
	if v.Error == "" {
		return nil
	}
	return []staffProblem{{Field: v.Field, Message: v.Error}}
}
