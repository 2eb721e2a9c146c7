package handlers

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
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
	SurveyTitle string
}

// staffSession is the facilitator's screen for the projector: the code,
// the QR code, the count and the way to the results.
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
	data := staffSessionView{staffBase: s.staffBase(c), sessionView: v, SurveyTitle: sv.Title.In(lang)}
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

// bar is one bar of a server-drawn chart.
type bar struct {
	Label   string
	Percent float64 // 0–100, the bar's length
	Text    string  // the figure printed beside it
	Y       int
	Muted   bool // "vet inte" and the like
}

type chart struct {
	Title  string
	N      int
	Bars   []bar
	Height int
}

type staffSessionResultsView struct {
	staffBase
	Code       string
	Hidden     bool
	MinCell    int
	N          int
	Indicators []bar
	Charts     []chart
}

// staffSessionResults shows the class its own results, for the dialogue
// that follows. Free text is never shown on the projector.
func (s *Server) staffSessionResults(c *gin.Context) {
	lang := staffLang(c)
	sess, err := s.sessionFor(c, true)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	res, sv, err := s.sessionResults(c.Request.Context(), sess)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.audit(c, models.AuditResultsView, sess.Survey, map[string]string{"session": sess.Code})
	v := staffSessionResultsView{staffBase: s.staffBase(c), Code: sess.Code, Hidden: res.Hidden, MinCell: res.MinCell, N: res.N}
	if !res.Hidden {
		v.Indicators = indicatorBars(res, lang)
		v.Charts = questionCharts(sv, res, lang)
	}
	s.page(c, http.StatusOK, "staff_session_results", pageData{Lang: lang, Title: web.T(lang, "staff.results") + " " + sess.Code, Data: v})
}

func percent(share float64) string { return fmt.Sprintf("%.0f %%", share*100) }

func indicatorBars(res *export.Results, lang string) []bar {
	var bars []bar
	for _, ind := range res.Indicators {
		if ind.Hidden || ind.N == 0 {
			continue
		}
		bars = append(bars, bar{Label: ind.Label.In(lang), Percent: ind.Share.Share * 100,
			Text: fmt.Sprintf("%s (n=%d)", percent(ind.Share.Share), ind.N), Y: len(bars) * barStep})
	}
	return bars
}

const barStep = 34 // SVG units per bar, room for the label above it

// questionCharts draws each closed question (each grid row) as bars of the
// options' shares.
func questionCharts(sv *models.Survey, res *export.Results, lang string) []chart {
	var charts []chart
	add := func(title string, d export.Distribution) {
		if d.Hidden || d.N == 0 {
			return
		}
		ch := chart{Title: title, N: d.N}
		for _, o := range d.Options {
			ch.Bars = append(ch.Bars, bar{Label: o.Label.In(lang), Percent: o.Share * 100, Text: percent(o.Share), Y: len(ch.Bars) * barStep, Muted: o.Exclude})
		}
		ch.Height = len(ch.Bars) * barStep
		charts = append(charts, ch)
	}
	for _, q := range res.Questions {
		switch q.Type {
		case models.TypeText, models.TypeNumber:
			continue
		case models.TypeGrid:
			for _, row := range q.Rows {
				add(q.Text.In(lang)+" – "+row.Label.In(lang), row.Distribution)
			}
		default:
			add(q.Text.In(lang), q.Distribution)
		}
	}
	return charts
}
