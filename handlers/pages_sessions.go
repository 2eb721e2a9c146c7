package handlers

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

type staffSessionsView struct {
	staffBase
	Sessions []*sessionView
	Surveys  []staffSurvey // open surveys to start a session for
	Schools  []option      // active schools of the catalogue
	Grades   []option      // the open surveys' grade options
	Areas    []option      // for a session without a school
	Problems []fieldProblem
	Form     newSession
}

// option is one choice of a select list.
type option struct{ Value, Label string }

// staffSessions lists open and recent sessions with a form to start one.
func (s *Server) staffSessions(c *gin.Context) { s.renderSessions(c, http.StatusOK, nil, newSession{}) }

func (s *Server) renderSessions(c *gin.Context, status int, problems []fieldProblem, form newSession) {
	lang := staffLang(c)
	list, err := s.listSessions(c)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	summaries, err := s.store.Surveys(c.Request.Context())
	if err != nil {
		s.staffFail(c, err)
		return
	}
	v := staffSessionsView{staffBase: s.staffBase(c), Sessions: list, Problems: problems, Form: form}
	ctx := c.Request.Context()
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
	for _, sv := range v.Sessions {
		if sc, ok := places.School(sv.School); ok {
			sv.SchoolName = sc.Name
		}
		sv.Count = formatInt(lang, int(sv.Responses))
		if sv.Present > 0 {
			sv.Count += " / " + formatInt(lang, sv.Present)
		}
	}
	for _, sc := range places.Schools {
		if sc.Active {
			v.Schools = append(v.Schools, option{sc.ID, sc.Name})
		}
	}
	slices.SortFunc(v.Schools, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	for _, a := range places.Areas {
		v.Areas = append(v.Areas, option{a.Value, a.Label.In(lang)})
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
	JoinHost    string // where to type the code: the base URL without its scheme
	Count       string // the responses so far, as the page writes numbers
	OfPresent   string // the number present, when the facilitator gave it
	ReleaseHint string // names the class threshold, shown before the release
	// CanExclude shows the forms to exclude the session's responses from
	// the figures or take them back in: admins only (from the next publication on), and
	// only once the session is closed (the open session's page is on the
	// projector; the API excludes an open one).
	CanExclude bool
	Problems   []fieldProblem
	Reason     string // the reason typed, shown again with a problem
}

// staffSession is the facilitator's screen for the projector: the code,
// the QR code, the live count, and the ways to end the session, with or
// without showing the class its results.
func (s *Server) staffSession(c *gin.Context) { s.renderSession(c, http.StatusOK, nil, "") }

func (s *Server) renderSession(c *gin.Context, status int, problems []fieldProblem, reason string) {
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
	data := staffSessionView{staffBase: s.staffBase(c), sessionView: v, SurveyTitle: sv.Title.In(lang),
		JoinHost:    joinHost(v.JoinURL, sess.Code),
		Count:       formatInt(lang, int(v.Responses)),
		ReleaseHint: fmt.Sprintf(web.T(lang, "session.release_hint"), intIn(lang, s.classMin(sv))),
		CanExclude:  currentPrincipal(c).Role == models.RoleAdmin,
		Problems:    problems, Reason: reason,
	}
	if sess.Present > 0 {
		data.OfPresent = formatInt(lang, sess.Present)
	}
	s.page(c, status, "staff_session", pageData{Lang: lang, Title: web.T(lang, "staff.session") + " " + sess.Code, Data: data})
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

// bar is one bar of the class results: the option's words, the bar and
// its share in words beside it. A share given as a word (too many chosen
// options for tens that add up to 100) has no bar.
type bar struct {
	Label   string
	Percent float64 // 0–100, the bar's length
	Text    string  // the figure printed beside it, or the word
	Word    bool    // Text is a word, not a share: no bar is drawn
}

// chart is one question or grid row. Bars are the options not marked
// exclude; the share of one marked exclude ("vet inte") is of everyone
// who answered, so it stands below as a sentence of its own instead of a
// bar a class would add to the others.
type chart struct {
	Title    string
	Bars     []bar
	Whole    bool     // the bars add up to 100 %
	Multi    bool     // several answers possible: the bars may add up to more
	Words    bool     // the bars are words
	Excluded []string // "20 % svarade ”Vet inte” …"
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

// tens writes a released share, whole tens of percent: "30 %".
func tens(lang string, share int) string { return formatPercent(lang, float64(share)/100, 0) }

func releaseIndicatorBars(rel *models.ClassRelease, lang string) []bar {
	var bars []bar
	for _, ind := range rel.Indicators {
		bars = append(bars, bar{Label: ind.Label.In(lang), Percent: float64(ind.ShareTens), Text: tens(lang, ind.ShareTens)})
	}
	return bars
}

// releaseCharts draws each released question (each grid row) as bars of
// its options' shares. A release stored before shares were rounded
// together (no Whole, no words) is drawn the same way.
func releaseCharts(rel *models.ClassRelease, lang string) []chart {
	charts := make([]chart, 0, len(rel.Questions))
	for _, q := range rel.Questions {
		ch := chart{Title: q.Text.In(lang), Whole: q.Whole, Multi: q.Multi}
		if q.Row != "" {
			ch.Title += " – " + q.RowLabel.In(lang)
		}
		for _, o := range q.Options {
			share := 0
			if o.ShareTens != nil {
				share = *o.ShareTens
			}
			switch {
			case o.Exclude:
				if share > 0 {
					ch.Excluded = append(ch.Excluded, fmt.Sprintf(web.T(lang, "session.excluded_share"), tens(lang, share), o.Label.In(lang)))
				}
			case o.Word != "":
				ch.Words = true
				ch.Bars = append(ch.Bars, bar{Label: o.Label.In(lang), Text: web.T(lang, "session.word."+o.Word), Word: true})
			default:
				ch.Bars = append(ch.Bars, bar{Label: o.Label.In(lang), Percent: float64(share), Text: tens(lang, share)})
			}
		}
		charts = append(charts, ch)
	}
	return charts
}

// staffExcludeSession excludes the session's responses from the figures
// from the session page's form; a missing reason shows the page again.
func (s *Server) staffExcludeSession(c *gin.Context) {
	sess, problems, err := s.excludeSession(c, c.PostForm("reason"))
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if problems != nil {
		s.renderSession(c, http.StatusUnprocessableEntity, problems, c.PostForm("reason"))
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
