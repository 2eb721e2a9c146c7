package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// joinPath is a session's own address, which the QR code points at.
func joinPath(code, lang string) string { return "/s/" + code + "?lang=" + lang }

// wrongCodeDebt is how far past its allowance of wrong codes a client may
// go while its right codes still work. joinFails allows 30 wrong codes,
// then one every 10 s. Past those 30 a client is still told at once
// whether a code is right: a right one joins, a wrong one is told to slow
// down and runs up a debt of one token each. Only at a debt of 300 (330
// wrong codes in a row) are its codes no longer looked up at all, right
// ones included, until the debt is below 300 again, 10 s later. So a
// client may try at most 330 codes, then one every 10 s: 8,640 a day.
// With as many as 100 sessions open at once among 31^6 ≈ 887 million
// codes, that finds one in about 1,000 days per IPv4 address or IPv6 /56;
// a session is open for 90 minutes. A few pupils mistyping, or one trying
// thirty wrong codes, never keep a class out; only someone sending wrong
// codes without pause from the class's own address can, and such a
// sender could as well use up the address's submissions (DIALOG_SUBMIT_RATE).
const wrongCodeDebt = 300

// sessionByCode finds the open session code points at, for survey slug
// unless slug is "", and answers in lang. It is the one check behind every
// path that takes a code: joining (/s/{code}, /s?code=), the JSON API's
// session field and the form's own post. A code that is malformed,
// unknown, closed, expired or another survey's gets wrong, the same error
// whichever it is, so no answer tells a closed session from one that never
// was; each counts against the client's wrong codes (joinFails). A client
// past its allowance gets a 429 with Retry-After for a wrong code, and for
// any code once it owes too much (see wrongCodeDebt).
func (s *Server) sessionByCode(c *gin.Context, code, slug, lang string, wrong *models.Error) (*models.Session, error) {
	key, now := clientKey(c), time.Now()
	before, ok, wait := s.joinFails.charge(key, now, wrongCodeDebt)
	if !ok {
		retryAfter(c, wait)
		return nil, &models.Error{Code: models.ErrRateLimited, Message: web.T(lang, "join.slow_down")}
	}
	sess, err := s.openSessionNamed(c.Request.Context(), code, slug, now)
	if sess != nil || err != nil {
		// Only a wrong code counts: a right one, or a database that did
		// not answer, costs the client nothing.
		s.joinFails.refund(key, now)
		return sess, err
	}
	if before < 1 {
		retryAfter(c, s.joinFails.blocked(key, now))
		return nil, &models.Error{Code: models.ErrRateLimited, Message: web.T(lang, "join.slow_down")}
	}
	return nil, wrong
}

// openSessionNamed is the session code names when it is open and, unless
// slug is "", belongs to survey slug; nil without an error when it is not.
// The session comes from s.sessions (see joinSessionTTL); whether it is open
// is decided here, by its closing time, at every request.
func (s *Server) openSessionNamed(ctx context.Context, code, slug string, now time.Time) (*models.Session, error) {
	norm := models.NormalizeJoinCode(code)
	if norm == "" {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	sess, err := s.sessions.get(ctx, norm)
	switch {
	case models.ErrorCode(err) == models.ErrNotFound:
		return nil, nil
	case err != nil:
		return nil, err
	case !sess.Open(now) || (slug != "" && sess.Survey != slug):
		return nil, nil
	}
	return sess, nil
}

// joinSessionTTL is how long a session read for a join code is kept. Every
// pupil of a class joins, loads the form and submits with the same code,
// and on the embedded engine a read by _id reads every stored session
// (FerretDB v1.24's SQLite backend uses no index for it; see
// docs/database-operations.md): kept, a class costs one read per code
// every few seconds instead of two per pupil. A session closed, excluded
// or included through this instance is dropped at once (forgetSession);
// one closed on another instance sharing the database is taken as open
// for at most twice this. A code that names no session is not kept, and
// joinFails slows down a client that sends many.
const joinSessionTTL = 5 * time.Second

// forgetSession drops what is kept of session code after a change made
// here.
func (s *Server) forgetSession(code string) { s.sessions.forget(code) }

// unknownCode is what joining answers for a code that is not an open
// session's, whatever the reason.
func unknownCode(lang string) *models.Error {
	return &models.Error{Code: models.ErrNotFound, Message: web.T(lang, "join.unknown")}
}

// sessionGone is what a submission gets when its session code is not an
// open session's (of its survey), whatever the reason: 409, as for a
// closed survey.
func sessionGone(lang string) *models.Error {
	return &models.Error{Code: models.ErrClosed, Message: web.T(lang, "submit.session_gone")}
}

// join opens the session's survey with the session bound: school, grade
// and area come from the session, never from the young person. A code
// that is not an open session's gets a friendly page, and a client that
// keeps trying wrong codes is slowed down so codes cannot be enumerated.
func (s *Server) join(c *gin.Context) {
	lang := requestLang(c)
	sess, err := s.sessionByCode(c, c.Param("code"), "", lang, unknownCode(lang))
	if err != nil {
		s.codeRefused(c, lang, c.Param("code"), err)
		return
	}
	sv, err := s.openSurvey(c, sess.Survey)
	if err != nil {
		s.noticePage(c, err)
		return
	}
	if c.Query("klar") != "" {
		s.page(c, http.StatusOK, "thanks", pageData{Lang: lang, Title: web.T(lang, "thanks.title"), Data: s.newThanksView(c.Request.Context(), sv, lang, sess), Kiosk: sess.Kiosk})
		return
	}
	s.formPage(c, sv, lang, sess)
}

// bindSession makes the form answer within sess.
func bindSession(v *formView, sess *models.Session, lang string) {
	if sess == nil {
		return
	}
	v.Session = sess.Code
	v.Done = "/s/" + sess.Code + "?klar=1"
	if sess.Kiosk {
		v.Kiosk = joinPath(sess.Code, lang)
	}
}

// sessionAnswers are the answers sess gives every young person answering
// within it: its grade and area, as the answer to sv's question of that
// dimension where the question offers that value. Such a question is not
// asked within the session (sessionFormView), and whatever a client sends
// for it gives way to the session's value (withSessionAnswers): the class
// a session was started for is where its answers count. A question that is
// itself a follow-up, or that does not offer the session's value, is asked
// as before.
func sessionAnswers(sv *models.Survey, sess *models.Session) map[string]string {
	if sess == nil {
		return nil
	}
	out := make(map[string]string)
	for _, d := range [...]struct{ dim, value string }{{models.DimGrade, sess.Grade}, {models.DimArea, sess.Area}} {
		q := surveys.DimensionQuestion(sv, d.dim)
		if d.value == "" || q == nil || q.ShowIf != nil || (q.Type != models.TypeSingle && q.Type != models.TypeScale) {
			continue
		}
		if _, ok := q.Option(d.value); ok {
			out[q.ID] = d.value
		}
	}
	return out
}

// answerCheck is surveys.CheckAnswers or surveys.CheckFormAnswers.
type answerCheck func(*models.Survey, map[string]json.RawMessage, string) (map[string]any, []models.AnswerProblem)

// checkInSession checks raw with check, the answers sess gives put over
// any the client sent for those questions. A post that answers nothing
// else answers nothing, and is refused as empty, as it would be outside a
// session.
func checkInSession(check answerCheck, sv *models.Survey, raw map[string]json.RawMessage, lang string, sess *models.Session) (map[string]any, []models.AnswerProblem) {
	given := sessionAnswers(sv, sess)
	if len(given) == 0 {
		return check(sv, raw, lang)
	}
	if raw == nil {
		raw = make(map[string]json.RawMessage, len(given))
	}
	for id, v := range given {
		b, _ := json.Marshal(v) // a string always marshals
		raw[id] = b
	}
	answers, problems := check(sv, raw, lang)
	if len(problems) > 0 {
		return nil, problems
	}
	for id := range answers {
		if _, ok := given[id]; !ok {
			return answers, nil
		}
	}
	return nil, []models.AnswerProblem{{Code: models.AnswerEmpty, Message: surveys.EmptyMessage(lang)}}
}

// joinByCode takes the code typed on the start page to the session; a
// code that is not an open session's is answered here, as on /s/{code}.
func (s *Server) joinByCode(c *gin.Context) {
	lang, code := requestLang(c), c.Query("code")
	if strings.TrimSpace(code) == "" {
		// Nothing typed is no wrong code: it costs the client nothing.
		s.homePage(c, lang, http.StatusUnprocessableEntity, "", web.T(lang, "join.empty"))
		return
	}
	sess, err := s.sessionByCode(c, code, "", lang, unknownCode(lang))
	if err != nil {
		s.codeRefused(c, lang, code, err)
		return
	}
	c.Redirect(http.StatusSeeOther, joinPath(sess.Code, lang))
}

// maxShownCode is how much of a refused code the start page shows again:
// enough for any code typed with spaces or dashes, and no page of text.
const maxShownCode = 16

// codeRefused answers a join code that sessionByCode refused with the
// start page, the code in its field and the reason beside it (a wrong
// code, or too many of them). Anything else, such as a database that did
// not answer, gets the notice page.
func (s *Server) codeRefused(c *gin.Context, lang, code string, err error) {
	var me *models.Error
	if !errors.As(err, &me) || me.Message == "" || me.Code == models.ErrInternal || me.Code == models.ErrUnavailable {
		s.noticePage(c, err)
		return
	}
	if r := []rune(code); len(r) > maxShownCode {
		code = string(r[:maxShownCode])
	}
	s.homePage(c, lang, statusOf(me.Code), code, me.Message)
}
