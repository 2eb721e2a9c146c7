package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// newSession is the body of POST /api/v1/admin/sessions.
type newSession struct {
	Survey  string `json:"survey" form:"survey"`
	School  string `json:"school" form:"school"`
	Grade   string `json:"grade" form:"grade"`
	Area    string `json:"area" form:"area"`
	Present int    `json:"present" form:"present"`
	Minutes int    `json:"minutes" form:"minutes"`
	Kiosk   bool   `json:"kiosk" form:"kiosk"`
}

// sessionView is a session as staff see it, and what the projector polls:
// the live count and the status, never a figure about the answers.
type sessionView struct {
	*models.Session
	Status    string `json:"status"`
	Responses int64  `json:"responses"`
	JoinURL   string `json:"join_url"`
	QRSVGURL  string `json:"qr_svg_url"`
	Released  bool   `json:"released"` // the class results are released (read them from …/results)
	// SchoolName is the school's name in the catalogue, and Count the
	// count as the page's language writes it ("12 / 26"), for pages.
	SchoolName, Count string `json:"-"`
	// SurveyTitle, GradeLabel and AreaLabel name the rest of its place
	// in words for pages ("Årskurs 8", not ak8); set by nameSessions.
	SurveyTitle, GradeLabel, AreaLabel string `json:"-"`
	// Closes is when it closes in the service's time zone ("16:21"):
	// staff read Swedish time, and "15:21 UTC" on the projector at
	// 16:21 is a wrong time to a class.
	Closes string `json:"-"`
}

const (
	defaultSessionMinutes = 90
	maxSessionMinutes     = 12 * 60
)

// createSession checks a new session and stores it for the principal.
// Problems the caller found already (the page's own choices) come in
// pre, so that every problem is listed at once and nothing is stored.
func (s *Server) createSession(c *gin.Context, in newSession, pre ...fieldProblem) (*models.Session, []fieldProblem, error) {
	lang := staffLang(c)
	problems := pre
	if in.Minutes == 0 {
		in.Minutes = defaultSessionMinutes
	}
	if in.Minutes < 5 || in.Minutes > maxSessionMinutes {
		problems = append(problems, fieldProblem{Field: "minutes", Code: "out_of_range", Message: web.T(lang, "session.bad_minutes")})
	}
	if in.Present < 0 || in.Present > 1000 {
		problems = append(problems, fieldProblem{Field: "present", Code: "out_of_range", Message: web.T(lang, "session.bad_present")})
	}
	sv, err := s.openSurvey(c, in.Survey)
	switch models.ErrorCode(err) {
	case models.ErrNotFound:
		problems = append(problems, fieldProblem{Field: "survey", Code: "unknown", Message: web.T(lang, "survey.not_found")})
	case models.ErrClosed:
		return nil, nil, err
	case models.ErrInternal, models.ErrUnavailable:
		return nil, nil, err
	}
	places, err := s.places(c.Request.Context())
	if err != nil {
		return nil, nil, err
	}
	problems = append(problems, placeSession(lang, places, sv, &in)...)
	if len(problems) > 0 {
		return nil, problems, nil
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	sess := &models.Session{
		Survey: sv.Slug, School: in.School, Grade: in.Grade, Area: in.Area, Present: in.Present, Kiosk: in.Kiosk,
		CreatedBy: currentPrincipal(c).Name, CreatedAt: now, ClosesAt: now.Add(time.Duration(in.Minutes) * time.Minute),
	}
	if err := s.store.CreateSession(c.Request.Context(), sess); err != nil {
		return nil, nil, err
	}
	s.audit(c, models.AuditSessionCreate, sess.Survey, sessionAuditDetails(sess))
	return sess, nil, nil
}

// sessionAuditDetails names a session in the audit log by its code and
// place, never by anything about the young people in it.
func sessionAuditDetails(sess *models.Session) map[string]string {
	d := map[string]string{"session": sess.Code}
	for k, v := range map[string]string{"school": sess.School, "grade": sess.Grade, "area": sess.Area} {
		if v != "" {
			d[k] = v
		}
	}
	return d
}

func (s *Server) adminCreateSession(c *gin.Context) {
	var in newSession
	if err := c.ShouldBindJSON(&in); err != nil {
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_json")
		return
	}
	sess, problems, err := s.createSession(c, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(problems) > 0 {
		invalid(c, web.T(staffLang(c), "session.problems"), problems)
		return
	}
	v, err := s.viewSession(c.Request.Context(), sess)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, v)
}

// sessionFor loads the session in the path for the principal: admins and
// (where allowed) analysts see every session, a facilitator only their
// own. Someone else's session answers as if it did not exist.
func (s *Server) sessionFor(c *gin.Context, analystsToo bool) (*models.Session, error) {
	notFound := models.Errorf(models.ErrNotFound, "%s", web.T(staffLang(c), "session.not_found"))
	code := models.NormalizeJoinCode(c.Param("code"))
	if code == "" {
		return nil, notFound
	}
	sess, err := s.store.Session(c.Request.Context(), code)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	p := currentPrincipal(c)
	if p.Role == models.RoleAdmin || (analystsToo && p.Role == models.RoleAnalyst) || sess.CreatedBy == p.Name {
		return sess, nil
	}
	return nil, notFound
}

func (s *Server) viewSession(ctx context.Context, sess *models.Session) (*sessionView, error) {
	n, err := s.store.CountSessionResponses(ctx, sess.Code)
	if err != nil {
		return nil, err
	}
	return &sessionView{
		Session: sess, Status: sess.Status(time.Now()), Responses: n,
		JoinURL: s.cfg.BaseURL + "/s/" + sess.Code, QRSVGURL: s.cfg.BaseURL + "/s/" + sess.Code + "/qr.svg",
		Released: sess.Release != nil, Closes: sess.ClosesAt.In(s.zone).Format("15:04"),
	}, nil
}

func (s *Server) adminGetSession(c *gin.Context) {
	sess, err := s.sessionFor(c, false)
	s.sendSession(c, sess, err)
}

func (s *Server) adminCloseSession(c *gin.Context) {
	sess, err := s.closeSession(c)
	s.sendSession(c, sess, err)
}

// sendSession answers with the session as staff see it, or with err.
func (s *Server) sendSession(c *gin.Context, sess *models.Session, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.viewSession(c.Request.Context(), sess)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) closeSession(c *gin.Context) (*models.Session, error) {
	sess, err := s.sessionFor(c, false)
	if err != nil {
		return nil, err
	}
	code := sess.Code
	sess, err = s.store.CloseSession(c.Request.Context(), code, time.Now())
	// Dropped right after the write, so no answer is taken on what was
	// read before it.
	s.forgetSession(code)
	if err != nil {
		return nil, err
	}
	s.audit(c, models.AuditSessionClose, sess.Survey, sessionAuditDetails(sess))
	return sess, nil
}

// adminListSessions lists a facilitator's own sessions, or all for admins.
func (s *Server) adminListSessions(c *gin.Context) {
	list, err := s.listSessions(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"sessions": list})
}

func (s *Server) listSessions(c *gin.Context) ([]*sessionView, error) {
	p := currentPrincipal(c)
	by := p.Name
	if p.Role == models.RoleAdmin {
		by = ""
	}
	sessions, err := s.store.Sessions(c.Request.Context(), by, 100)
	if err != nil {
		return nil, err
	}
	out := make([]*sessionView, 0, len(sessions))
	for i := range sessions {
		v, err := s.viewSession(c.Request.Context(), &sessions[i])
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// placeSession checks the session's school, grade and area against the
// catalogue and the survey's grade question, and sets the area from the
// school. What is stored is the catalogue's school id and the survey's
// own option values, so a class's answers land in exactly one group per
// dimension; each unknown value is named with the valid ones.
func placeSession(lang string, places *models.Places, sv *models.Survey, in *newSession) []fieldProblem {
	var problems []fieldProblem
	in.School, in.Grade, in.Area = strings.TrimSpace(in.School), strings.TrimSpace(in.Grade), strings.TrimSpace(in.Area)
	unknown := func(field string, valid []string) {
		problems = append(problems, fieldProblem{Field: field, Code: "unknown",
			Message: fmt.Sprintf(web.T(lang, "session.unknown_"+field), strings.Join(valid, ", "))})
	}
	var school *models.School
	if in.School != "" {
		sc, ok := places.School(in.School)
		if !ok || !sc.Active {
			var ids []string
			for _, s := range places.Schools {
				if s.Active {
					ids = append(ids, s.ID)
				}
			}
			unknown("school", ids)
		} else {
			school = sc
		}
	}
	switch {
	case school != nil && in.Area != "" && in.Area != school.Area:
		problems = append(problems, fieldProblem{Field: "area", Code: "invalid", Message: web.T(lang, "session.area_from_school")})
	case school != nil:
		in.Area = school.Area
	case in.Area != "":
		if _, ok := places.Area(in.Area); !ok {
			var values []string
			for _, a := range places.Areas {
				values = append(values, a.Value)
			}
			unknown("area", values)
		}
	}
	if in.Grade != "" && sv != nil {
		var valid, labels []string
		given := in.Grade
		all := sessionGrades(sv, places, lang)
		for _, g := range all {
			if g.Value == in.Grade {
				given = g.Label
			}
			if school == nil || slices.Contains(school.Grades, g.Value) {
				valid, labels = append(valid, g.Value), append(labels, g.Label)
			}
		}
		switch {
		case slices.Contains(valid, in.Grade):
		case school != nil && given != in.Grade:
			// A grade the survey has but the school does not teach (a
			// gymnasium and "Årskurs 7"): named in words, with the
			// school's own grades.
			problems = append(problems, fieldProblem{Field: "grade", Code: "not_taught",
				Message: fmt.Sprintf(web.T(lang, "session.grade_not_taught"), school.Name, given, strings.Join(labels, ", "))})
		default:
			unknown("grade", valid)
		}
	}
	return problems
}

// sessionGrades are the grades a session of sv can be for: the options of
// its grade question that a school of the catalogue teaches ("annat" is
// an answer, not a class), or without a grade question the grades the
// schools teach.
func sessionGrades(sv *models.Survey, places *models.Places, lang string) []option {
	taught := map[string]bool{}
	if places != nil {
		for _, sc := range places.Schools {
			for _, g := range sc.Grades {
				taught[g] = true
			}
		}
	}
	var out []option
	q := surveys.DimensionQuestion(sv, models.DimGrade)
	if q == nil {
		for g := range taught {
			out = append(out, option{g, g})
		}
		slices.SortFunc(out, func(a, b option) int { return strings.Compare(a.Value, b.Value) })
		return out
	}
	for _, o := range q.Options {
		if !o.Exclude && (len(taught) == 0 || taught[o.Value]) {
			out = append(out, option{o.Value, o.Label.In(lang)})
		}
	}
	return out
}

// exclusionReason checks the reason given for excluding a session: plain
// text, required, at most models.MaxExclusionReason characters. It returns
// the trimmed reason, or the problem with it.
func exclusionReason(lang, reason string) (string, []fieldProblem) {
	reason = strings.TrimSpace(reason)
	problem := func(code, key string) []fieldProblem {
		return []fieldProblem{{Field: "reason", Code: code, Message: web.T(lang, key)}}
	}
	switch {
	case reason == "":
		return "", problem("required", "exclusion.reason_required")
	case utf8.RuneCountInString(reason) > models.MaxExclusionReason:
		return "", problem("too_long", "exclusion.reason_too_long")
	case !utf8.ValidString(reason) || !models.CharsAllowed(reason, true):
		return "", problem("invalid", "exclusion.reason_invalid")
	}
	return reason, nil
}

// excludeSession takes the session's responses out of every figure, for
// admins and analysts (who see every session). It is idempotent: a second
// exclusion keeps the first reason, and is audited like the first.
func (s *Server) excludeSession(c *gin.Context, reason string) (*models.Session, []fieldProblem, error) {
	sess, err := s.sessionFor(c, true)
	if err != nil {
		return nil, nil, err
	}
	reason, problems := exclusionReason(staffLang(c), reason)
	if problems != nil {
		return nil, problems, nil
	}
	defer s.forgetSession(sess.Code)
	if sess, err = s.store.ExcludeSession(c.Request.Context(), sess.Code, reason, currentPrincipal(c).Name); err != nil {
		return nil, nil, err
	}
	// The reason in force; an exclusion of an excluded session keeps the
	// first one, and the one given is logged beside it.
	details := map[string]string{"session": sess.Code, "reason": reason}
	if sess.Excluded != nil && sess.Excluded.Reason != reason {
		details["reason"], details["reason_given"] = sess.Excluded.Reason, reason
	}
	s.audit(c, models.AuditSessionExclude, sess.Survey, details)
	// The public feedback page's figures are cached; they change now.
	s.feedback.forget(sess.Survey)
	return sess, nil, nil
}

// includeSession undoes excludeSession.
func (s *Server) includeSession(c *gin.Context) (*models.Session, error) {
	sess, err := s.sessionFor(c, true)
	if err != nil {
		return nil, err
	}
	defer s.forgetSession(sess.Code)
	if sess, err = s.store.IncludeSession(c.Request.Context(), sess.Code); err != nil {
		return nil, err
	}
	s.audit(c, models.AuditSessionInclude, sess.Survey, map[string]string{"session": sess.Code})
	s.feedback.forget(sess.Survey)
	return sess, nil
}

func (s *Server) adminExcludeSession(c *gin.Context) {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_json")
		return
	}
	sess, problems, err := s.excludeSession(c, in.Reason)
	if err == nil && problems != nil {
		invalid(c, problems[0].Message, problems)
		return
	}
	s.sendSession(c, sess, err)
}

func (s *Server) adminIncludeSession(c *gin.Context) {
	sess, err := s.includeSession(c)
	s.sendSession(c, sess, err)
}
