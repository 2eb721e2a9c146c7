package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

type staffSessionsView struct {
	staffBase
	Sessions []*sessionView
	Surveys  []staffSurvey     // open surveys to start a session for
	Schools  []schoolOption    // active schools of the catalogue
	Grades   []option          // the open surveys' grade options
	Areas    []option          // for a session without a school
	Problems []fieldProblem    // listed at the top, each linked to its field
	Errors   map[string]string // each field's problem, shown at the field
	Form     newSession
	// Choice is the school and grade as chosen in the form: "" is no
	// choice yet, noChoice the deliberate "no school" or "mixed grades".
	Choice struct{ School, Grade string }
}

// option is one choice of a select list.
type option struct{ Value, Label string }

// schoolOption is a school of the form's list with the grades it teaches,
// which the page's script offers alone in the grade list.
type schoolOption struct {
	option
	Grades string // space-separated grade values
}

// noChoice is the form's value for a deliberate "no school" (a youth
// centre, where the area is then required) or "mixed grades": the empty
// value is the list's prompt, so nobody starts a session by default.
const noChoice = "-"

// staffSessions lists open and recent sessions with a form to start one.
func (s *Server) staffSessions(c *gin.Context) {
	s.renderSessions(c, http.StatusOK, nil, newSession{}, "", "")
}

func (s *Server) renderSessions(c *gin.Context, status int, problems []fieldProblem, form newSession, school, grade string) {
	lang := staffLang(c)
	ctx := c.Request.Context()
	list, err := s.listSessions(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if err := s.nameSessions(ctx, lang, list); err != nil {
		s.staffFail(c, err)
		return
	}
	openFirst(list)
	summaries, err := s.store.Surveys(ctx)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	v := staffSessionsView{staffBase: s.staffBase(c), Sessions: list, Problems: problems, Form: form, Errors: map[string]string{}}
	v.Choice.School, v.Choice.Grade = school, grade
	for i := range v.Problems {
		p := &v.Problems[i]
		p.Label = web.T(lang, "session.field."+p.Field)
		if _, ok := v.Errors[p.Field]; !ok {
			v.Errors[p.Field] = p.Message
		}
	}
	places, err := s.places(ctx)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	for _, sum := range summaries {
		if sum.Status != models.StatusOpen {
			continue
		}
		v.Surveys = append(v.Surveys, staffSurvey{Slug: sum.Slug, Title: sum.Title.In(lang)})
		sv, err := s.store.Survey(ctx, sum.Slug)
		if err != nil {
			s.staffFail(c, err)
			return
		}
		for _, g := range sessionGrades(sv, places, lang) {
			if !slices.ContainsFunc(v.Grades, func(o option) bool { return o.Value == g.Value }) {
				v.Grades = append(v.Grades, g)
			}
		}
	}
	if places == nil {
		places = &models.Places{}
	}
	for _, sc := range places.Schools {
		if sc.Active {
			v.Schools = append(v.Schools, schoolOption{option{sc.ID, sc.Name}, strings.Join(sc.Grades, " ")})
		}
	}
	slices.SortFunc(v.Schools, func(a, b schoolOption) int { return strings.Compare(a.Label, b.Label) })
	for _, a := range places.Areas {
		v.Areas = append(v.Areas, option{a.Value, a.Label.In(lang)})
	}
	if v.Form.Minutes == 0 {
		v.Form.Minutes = defaultSessionMinutes
	}
	s.page(c, status, "staff_sessions", pageData{Lang: lang, Title: web.T(lang, "staff.sessions"), Data: v})
}

// nameSessions sets each session's survey, school, grade and area in
// words, and its count as the page writes numbers.
func (s *Server) nameSessions(ctx context.Context, lang string, list []*sessionView) error {
	places, err := s.places(ctx)
	if err != nil {
		return err
	}
	if places == nil {
		places = &models.Places{}
	}
	defs := map[string]*models.Survey{}
	for _, v := range list {
		sv, ok := defs[v.Survey]
		if !ok {
			if sv, err = s.store.Survey(ctx, v.Survey); err != nil {
				return err
			}
			defs[v.Survey] = sv
		}
		v.SurveyTitle = sv.Title.In(lang)
		if sc, ok := places.School(v.School); ok {
			v.SchoolName = sc.Name
		}
		if a, ok := places.Area(v.Area); ok {
			v.AreaLabel = a.Label.In(lang)
		}
		if q := surveys.DimensionQuestion(sv, models.DimGrade); q != nil && v.Grade != "" {
			for _, o := range q.Options {
				if o.Value == v.Grade {
					v.GradeLabel = o.Label.In(lang)
				}
			}
		}
		v.Count = formatInt(lang, int(v.Responses))
		if v.Present > 0 {
			v.Count += " / " + formatInt(lang, v.Present)
		}
	}
	return nil
}

// staffCreateSession starts a session from the form and opens its
// control view. The form asks for a deliberate choice of school (or "no
// school", then an area) and grade; what was chosen and typed is shown
// again with every problem.
func (s *Server) staffCreateSession(c *gin.Context) {
	lang := staffLang(c)
	school, grade := c.PostForm("school"), c.PostForm("grade")
	in := newSession{
		Survey: c.PostForm("survey"), School: school, Grade: grade, Area: c.PostForm("area"),
		Kiosk: c.PostForm("kiosk") == "on",
	}
	var problems []fieldProblem
	switch school {
	case "":
		problems = append(problems, fieldProblem{Field: "school", Code: "required", Message: web.T(lang, "session.choose_school")})
	case noChoice:
		in.School = ""
		if strings.TrimSpace(in.Area) == "" {
			problems = append(problems, fieldProblem{Field: "area", Code: "required", Message: web.T(lang, "session.area_required")})
		}
	}
	switch grade {
	case "":
		problems = append(problems, fieldProblem{Field: "grade", Code: "required", Message: web.T(lang, "session.choose_grade")})
	case noChoice:
		in.Grade = ""
	}
	for _, field := range []string{"present", "minutes"} {
		dst := map[string]*int{"present": &in.Present, "minutes": &in.Minutes}[field]
		if v := strings.TrimSpace(c.PostForm(field)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				problems = append(problems, fieldProblem{Field: field, Code: "invalid", Message: web.T(lang, "session.bad_number")})
				continue
			}
			*dst = n
		}
	}
	// The choices missing are reported together with what the catalogue
	// and the survey refuse; nothing is stored while any is left.
	sess, problems, err := s.createSession(c, in, problems...)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if len(problems) > 0 {
		in.School, in.Grade = school, grade
		s.renderSessions(c, http.StatusUnprocessableEntity, problems, in, school, grade)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+sess.Code)
}

// staffSessionView is a session's control view, on the facilitator's
// phone or laptop, and (with Presenter) its presenter view on the
// projector.
type staffSessionView struct {
	staffBase
	*sessionView
	JoinHost    string // where to type the code: the base URL without its scheme
	SpacedCode  string // the code in two groups for reading aloud: "QD3 ZFN"
	OfPresent   string // the number present, when the facilitator gave it
	ReleaseHint string // names the class threshold, shown before the release
	// CanExclude shows the forms to exclude the session's responses from
	// the figures or take them back in: admins only (from the next publication on), and
	// only once the session is closed.
	CanExclude bool
	Problems   []fieldProblem
	Reason     string // the reason typed, shown again with a problem
}

// staffSession is the facilitator's control view: the session's place
// in words, the code and the live count, and the ways to end it, with
// or without showing the class its results. The projector shows the
// presenter view, which this page opens.
func (s *Server) staffSession(c *gin.Context) {
	s.renderSession(c, http.StatusOK, "staff_session", nil, "")
}

// staffPresenter is the presenter view for the projector: no staff
// chrome and no controls, only what the class reads.
func (s *Server) staffPresenter(c *gin.Context) {
	s.renderSession(c, http.StatusOK, "staff_session_presenter", nil, "")
}

func (s *Server) renderSession(c *gin.Context, status int, page string, problems []fieldProblem, reason string) {
	lang := staffLang(c)
	data, err := s.sessionPage(c, lang)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	data.Problems, data.Reason = problems, reason
	s.page(c, status, page, pageData{Lang: lang, Title: sessionTitle(lang, data.sessionView), Data: data})
}

// sessionPage loads the session in the path and names it for its pages.
func (s *Server) sessionPage(c *gin.Context, lang string) (*staffSessionView, error) {
	ctx := c.Request.Context()
	sess, err := s.sessionFor(c, false)
	if err != nil {
		return nil, err
	}
	v, err := s.viewSession(ctx, sess)
	if err != nil {
		return nil, err
	}
	if err := s.nameSessions(ctx, lang, []*sessionView{v}); err != nil {
		return nil, err
	}
	sv, err := s.store.Survey(ctx, sess.Survey)
	if err != nil {
		return nil, err
	}
	data := &staffSessionView{staffBase: s.staffBase(c), sessionView: v,
		JoinHost:    joinHost(v.JoinURL, sess.Code),
		SpacedCode:  spacedCode(sess.Code),
		ReleaseHint: fmt.Sprintf(web.T(lang, "session.release_hint"), intIn(lang, s.classMin(sv))),
		CanExclude:  currentPrincipal(c).Role == models.RoleAdmin,
	}
	// The page writes the count alone; the number present stands apart.
	v.Count = formatInt(lang, int(v.Responses))
	if sess.Present > 0 {
		data.OfPresent = formatInt(lang, sess.Present)
	}
	return data, nil
}

// sessionTitle names a session by its survey and place: "Ungdomsdialog
// 2023 – Björksätraskolan, Årskurs 8", never by its code alone.
func sessionTitle(lang string, v *sessionView) string {
	var place []string
	for _, p := range []string{v.SchoolName, v.GradeLabel} {
		if p != "" {
			place = append(place, p)
		}
	}
	if len(place) == 0 && v.AreaLabel != "" {
		place = append(place, v.AreaLabel)
	}
	if len(place) == 0 {
		return v.SurveyTitle
	}
	return v.SurveyTitle + " – " + strings.Join(place, ", ")
}

// spacedCode writes a join code in two groups of three, as it is read
// aloud and typed from the back of a room.
func spacedCode(code string) string {
	if len(code) != 6 {
		return code
	}
	return code[:3] + " " + code[3:]
}

// joinHost is where a pupil types the code: the join URL without its
// scheme and the code's own path, which the projector shows in large type
// beside the code.
func joinHost(joinURL, code string) string {
	host := strings.TrimSuffix(joinURL, "/s/"+code)
	for _, scheme := range []string{"https://", "http://"} {
		host = strings.TrimPrefix(host, scheme)
	}
	return host
}

// confirmView is a confirmation step that works without script: the
// question, what follows, and a form that posts the action again with
// confirm=yes.
type confirmView struct {
	staffBase
	Heading, Explain, Action, Button, Cancel string
	AskReason                                bool // exclusion asks why
	Reason                                   string
	Problems                                 []fieldProblem
}

func (s *Server) confirmPage(c *gin.Context, status int, v confirmView) {
	lang := staffLang(c)
	v.staffBase = s.staffBase(c)
	s.page(c, status, "staff_session_confirm", pageData{Lang: lang, Title: v.Heading, Data: v})
}

// staffCloseSession ends the session without showing its results. Posted
// without confirm=yes it only asks, on a page of its own, and closes
// nothing: a slip of the finger on a phone must not end a lesson.
func (s *Server) staffCloseSession(c *gin.Context) {
	lang := staffLang(c)
	if !confirmSent(c) {
		sess, err := s.sessionFor(c, false)
		if err != nil {
			s.staffFail(c, err)
			return
		}
		s.confirmPage(c, http.StatusOK, confirmView{
			Heading: web.T(lang, "session.confirm_close"), Explain: web.T(lang, "session.confirm_close_explain"),
			Action: "/staff/sessions/" + sess.Code + "/close", Button: web.T(lang, "session.confirm_close_button"),
			Cancel: "/staff/sessions/" + sess.Code,
		})
		return
	}
	sess, err := s.closeSession(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+sess.Code)
}

// staffReleaseSession closes the session and releases its class results,
// then shows them.
func (s *Server) staffReleaseSession(c *gin.Context) {
	sess, err := s.releaseSession(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+sess.Code+"/results")
}

// staffExcludeSession excludes the session's responses from the figures.
// The session page's form brings the reason here; without confirm=yes
// the page asks first, with the reason kept, and excludes nothing. A
// missing reason shows the question again with the problem.
func (s *Server) staffExcludeSession(c *gin.Context) {
	lang := staffLang(c)
	reason := c.PostForm("reason")
	ask := func(status int, code string, problems []fieldProblem) {
		s.confirmPage(c, status, confirmView{
			Heading: web.T(lang, "exclusion.confirm"), Explain: web.T(lang, "exclusion.hint"),
			Action: "/staff/sessions/" + code + "/exclude", Button: web.T(lang, "exclusion.confirm_button"),
			Cancel: "/staff/sessions/" + code, AskReason: true, Reason: reason, Problems: problems,
		})
	}
	if !confirmSent(c) {
		sess, err := s.sessionFor(c, true)
		if err != nil {
			s.staffFail(c, err)
			return
		}
		ask(http.StatusOK, sess.Code, nil)
		return
	}
	sess, problems, err := s.excludeSession(c, reason)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if problems != nil {
		ask(http.StatusUnprocessableEntity, models.NormalizeJoinCode(c.Param("code")), problems)
		return
	}
	s.afterExclusion(c, sess)
}

func (s *Server) staffIncludeSession(c *gin.Context) {
	sess, err := s.includeSession(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.afterExclusion(c, sess)
}

// afterExclusion goes back to the session's page, or for an analyst, who
// has no session pages, to the survey's dashboard.
func (s *Server) afterExclusion(c *gin.Context, sess *models.Session) {
	if slices.Contains(roleFacilitator, currentPrincipal(c).Role) {
		c.Redirect(http.StatusSeeOther, "/staff/sessions/"+sess.Code)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/surveys/"+sess.Survey)
}

// facilitatorHome is a facilitator's /staff: their sessions, open ones
// first, and the way to start one. The survey list is for the staff
// who read results, which a facilitator cannot open.
func (s *Server) facilitatorHome(c *gin.Context) {
	lang := staffLang(c)
	list, err := s.listSessions(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if err := s.nameSessions(c.Request.Context(), lang, list); err != nil {
		s.staffFail(c, err)
		return
	}
	openFirst(list)
	v := staffHomeView{staffBase: s.staffBase(c), Sessions: list, Facilitator: true}
	if v.Promises, err = s.promiseLinks(c.Request.Context(), lang); err != nil {
		s.staffFail(c, err)
		return
	}
	s.page(c, http.StatusOK, "staff_home", pageData{Lang: lang, Title: web.T(lang, "session.my_sessions"), Data: v})
}

// openFirst puts the open sessions before the closed ones; stable, so
// each group keeps the store's newest-first order.
func openFirst(list []*sessionView) {
	slices.SortStableFunc(list, func(a, b *sessionView) int {
		return cmpBool(b.Status == models.StatusOpen, a.Status == models.StatusOpen)
	})
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
