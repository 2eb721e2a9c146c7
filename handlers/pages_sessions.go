package handlers

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

type staffSessionsView struct {
	staffBase
	Sessions []*sessionView
	Surveys  []staffSurvey // open surveys to start a session for
	Problems []fieldProblem
	Form     newSession
}

// staffSessions lists open and recent sessions with a form to start one.
func (s *Server) staffSessions(c *gin.Context) { s.renderSessions(c, http.StatusOK, nil, newSession{}) }

func (s *Server) renderSessions(c *gin.Context, status int, problems []fieldProblem, form newSession) {
	lang := staffLang(c)
	list, err := s.listSessions(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	surveys, err := s.store.Surveys(c.Request.Context())
	if err != nil {
		s.staffFail(c, err)
		return
	}
	v := staffSessionsView{staffBase: s.staffBase(c), Sessions: list, Problems: problems, Form: form}
	for _, sv := range surveys {
		if sv.Status == models.StatusOpen {
			v.Surveys = append(v.Surveys, staffSurvey{Slug: sv.Slug, Title: sv.Title.In(lang)})
		}
	}
	if v.Form.Minutes == 0 {
		v.Form.Minutes = defaultSessionMinutes
	}
	s.page(c, status, "staff_sessions", pageData{Lang: lang, Title: web.T(lang, "staff.sessions"), Data: v})
}

// staffCreateSession starts a session from the form and opens its screen.
func (s *Server) staffCreateSession(c *gin.Context) {
	in := newSession{
		Survey: c.PostForm("survey"), School: c.PostForm("school"), Grade: c.PostForm("grade"), Area: c.PostForm("area"),
		Kiosk: c.PostForm("kiosk") == "on",
	}
	var problems []fieldProblem
	for field, dst := range map[string]*int{"present": &in.Present, "minutes": &in.Minutes} {
		if v := c.PostForm(field); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				problems = append(problems, fieldProblem{Field: field, Code: "invalid", Message: web.T(staffLang(c), "session.bad_number")})
			}
			*dst = n
		}
	}
	if len(problems) > 0 {
		s.renderSessions(c, http.StatusUnprocessableEntity, problems, in)
		return
	}
	sess, problems, err := s.createSession(c, in)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if len(problems) > 0 {
		s.renderSessions(c, http.StatusUnprocessableEntity, problems, in)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/sessions/"+sess.Code)
}

type staffSessionView struct {
	staffBase
	*sessionView
	SurveyTitle    string
	MinRespondents int // the class threshold, shown before the release
}

// staffSession is the facilitator's screen for the projector: the code,
// the QR code, the live count, and the ways to end the session, with or
// without showing the class its results.
func (s *Server) staffSession(c *gin.Context) {
	lang := staffLang(c)
	sess, err := s.sessionFor(c, false)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	v, err := s.viewSession(c.Request.Context(), sess)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	sv, err := s.store.Survey(c.Request.Context(), sess.Survey)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	data := staffSessionView{staffBase: s.staffBase(c), sessionView: v, SurveyTitle: sv.Title.In(lang), MinRespondents: s.classMin(sv)}
	s.page(c, http.StatusOK, "staff_session", pageData{Lang: lang, Title: web.T(lang, "staff.session") + " " + sess.Code, Data: data})
}

func (s *Server) staffCloseSession(c *gin.Context) {
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

// bar is one bar of a server-drawn chart.
type bar struct {
	Label   string
	Percent float64 // 0–100, the bar's length
	Text    string  // the figure printed beside it
	Y       int
	Muted   bool // "vet inte" and the like
}

type chart struct {
	Title string
	Bars  []bar
}

type staffSessionResultsView struct {
	staffBase
	Code       string
	Released   bool
	Shown      bool
	Message    string // why there are no figures
	Indicators []bar
	Charts     []chart
}

// staffSessionResults shows the class its released results, for the
// dialogue that follows: shares in tens of percent, no counts.
func (s *Server) staffSessionResults(c *gin.Context) {
	lang := staffLang(c)
	sess, err := s.sessionFor(c, true)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	body := resultsBody(sess, lang)
	v := staffSessionResultsView{staffBase: s.staffBase(c), Code: sess.Code, Released: body.Released, Message: body.Message}
	if rel := sess.Release; rel != nil {
		s.audit(c, models.AuditResultsView, sess.Survey, map[string]string{"session": sess.Code})
		v.Shown = rel.Shown
		v.Indicators = releaseIndicatorBars(rel, lang)
		v.Charts = releaseCharts(rel, lang)
	}
	s.page(c, http.StatusOK, "staff_session_results", pageData{Lang: lang, Title: web.T(lang, "staff.results") + " " + sess.Code, Data: v})
}

func tens(share int) string { return strconv.Itoa(share) + " %" }

func releaseIndicatorBars(rel *models.ClassRelease, lang string) []bar {
	var bars []bar
	for _, ind := range rel.Indicators {
		bars = append(bars, bar{Label: ind.Label.In(lang), Percent: float64(ind.ShareTens), Text: tens(ind.ShareTens), Y: len(bars) * barStep})
	}
	return bars
}

const barStep = 34 // SVG units per bar, room for the label above it

// releaseCharts draws each released question (each grid row) as bars of
// its options' shares.
func releaseCharts(rel *models.ClassRelease, lang string) []chart {
	charts := make([]chart, 0, len(rel.Questions))
	for _, q := range rel.Questions {
		ch := chart{Title: q.Text.In(lang)}
		if q.Row != "" {
			ch.Title += " – " + q.RowLabel.In(lang)
		}
		for _, o := range q.Options {
			ch.Bars = append(ch.Bars, bar{Label: o.Label.In(lang), Percent: float64(o.ShareTens), Text: tens(o.ShareTens), Y: len(ch.Bars) * barStep, Muted: o.Exclude})
		}
		charts = append(charts, ch)
	}
	return charts
}
