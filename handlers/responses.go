package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/redact"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// submitRequest is the body of POST /api/v1/surveys/{slug}/responses.
type submitRequest struct {
	SubmissionID string                     `json:"submission_id"`
	Session      string                     `json:"session"`
	Lang         string                     `json:"lang"`
	Answers      map[string]json.RawMessage `json:"answers"`
}

// fieldProblem is one entry of a 422's "fields" list.
type fieldProblem struct {
	Field    string `json:"field,omitempty"`
	Question string `json:"question,omitempty"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// submitResponse is the JSON submission path used by the answer page's
// script, its offline queue and any other client.
func (s *Server) submitResponse(c *gin.Context) {
	lang := requestLang(c)
	sv, err := s.openSurvey(c, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if tooLarge(err) {
			s.abort(c, http.StatusRequestEntityTooLarge, models.ErrTooLarge, "error.too_large")
			return
		}
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_body")
		return
	}
	if !utf8.Valid(body) {
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_utf8")
		return
	}
	var req submitRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || dec.More() {
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_json")
		return
	}
	if models.IsLanguage(req.Lang) {
		lang = req.Lang
	}

	var problems []fieldProblem
	if _, err := uuid.Parse(req.SubmissionID); err != nil || len(req.SubmissionID) != 36 {
		problems = append(problems, fieldProblem{Field: "submission_id", Code: "invalid", Message: web.T(lang, "submit.bad_submission_id")})
	}
	if req.Lang != "" && !models.IsLanguage(req.Lang) {
		problems = append(problems, fieldProblem{Field: "lang", Code: "invalid", Message: web.T(lang, "submit.bad_lang")})
	}
	var sess *models.Session
	if req.Session != "" {
		sess, err = s.joinableSession(c.Request.Context(), req.Session, sv.Slug, lang)
		if models.ErrorCode(err) == models.ErrClosed {
			s.fail(c, err)
			return
		}
		if err != nil {
			var fp fieldProblem
			if e, ok := err.(*models.Error); ok && e.Code == models.ErrInvalid {
				fp = fieldProblem{Field: "session", Code: "unknown_session", Message: e.Message}
			} else {
				s.fail(c, err)
				return
			}
			problems = append(problems, fp)
		}
	}
	answers, answerProblems := surveys.CheckAnswers(sv, req.Answers, lang)
	for _, p := range answerProblems {
		fp := fieldProblem{Question: p.Question, Code: p.Code, Message: p.Message}
		if p.Question == "" {
			fp.Field = "answers" // a problem of all the answers, not of one
		}
		problems = append(problems, fp)
	}
	if len(problems) == 1 && problems[0].Code == models.AnswerEmpty {
		stored, err := s.storedBefore(c.Request.Context(), sv.Slug, req.SubmissionID)
		if err != nil {
			s.fail(c, err)
			return
		}
		if stored {
			c.JSON(http.StatusOK, gin.H{"stored": true, "duplicate": true})
			return
		}
		// The one thing to say, also to a client that shows only this.
		invalid(c, problems[0].Message, problems)
		return
	}
	if len(problems) > 0 {
		invalid(c, web.T(lang, "submit.problems"), problems)
		return
	}
	if req.Lang == "" {
		req.Lang = lang
	}
	dup, err := s.storeResponse(c.Request.Context(), sv, submission{ID: req.SubmissionID, Session: sess, Lang: req.Lang, Answers: answers})
	if err != nil {
		s.fail(c, err)
		return
	}
	if dup {
		c.JSON(http.StatusOK, gin.H{"stored": true, "duplicate": true})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"stored": true, "duplicate": false})
}

// submission is a checked answer set on its way to the store, from either
// the JSON API or the form without JavaScript.
type submission struct {
	ID      string          // the client's submission id (UUID)
	Session *models.Session // nil when answered outside a field session
	Lang    string
	Answers map[string]any // normalized by surveys.CheckAnswers
}

// storeResponse scrubs free text and stores the response once. It reports
// duplicate when this submission id was stored before.
func (s *Server) storeResponse(ctx context.Context, sv *models.Survey, sub submission) (duplicate bool, err error) {
	r := &models.Response{
		Survey:       sv.Slug,
		Version:      sv.Version,
		SubmissionID: sub.ID,
		Lang:         sub.Lang,
		Day:          s.today(),
		Answers:      sub.Answers,
	}
	if sub.Session != nil {
		// Where the young person answered comes from the session, never
		// from the young person.
		r.Session, r.School, r.Grade, r.Area = sub.Session.Code, sub.Session.School, sub.Session.Grade, sub.Session.Area
	}
	for _, q := range sv.Questions {
		if q.Type != models.TypeText {
			continue
		}
		if text, ok := r.Answers[q.ID].(string); ok {
			if clean, changed := redact.Scrub(text); changed {
				r.Answers[q.ID] = clean
				r.Redacted = true
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	duplicate, err = s.store.InsertResponse(ctx, r)
	s.metrics.countStored(duplicate, err)
	return duplicate, err
}

// storedBefore tells whether submission id is stored for survey slug, and
// counts it as a duplicate when it is. It is asked only when a submission
// is refused as empty: one stored before empty submissions were refused,
// whose answer never reached its client, must still be answered as stored
// when the client retries it.
func (s *Server) storedBefore(ctx context.Context, slug, id string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	n, err := s.store.ResponsesBySubmission(ctx, slug, id)
	if err != nil {
		return false, err
	}
	if n > 0 {
		s.metrics.countStored(true, nil)
	}
	return n > 0, nil
}

// today is the only time kept with a response: the calendar day in the
// service's time zone.
func (s *Server) today() string { return time.Now().In(s.zone).Format(time.DateOnly) }

// joinableSession finds the open session with code for survey slug. An
// unknown code, or one for another survey, is invalid; a closed or expired
// session is closed (409), with a message saying so.
func (s *Server) joinableSession(ctx context.Context, code, slug, lang string) (*models.Session, error) {
	norm := models.NormalizeJoinCode(code)
	if norm == "" {
		return nil, &models.Error{Code: models.ErrInvalid, Message: web.T(lang, "submit.unknown_session")}
	}
	sess, err := s.store.Session(ctx, norm)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, &models.Error{Code: models.ErrInvalid, Message: web.T(lang, "submit.unknown_session")}
	}
	if err != nil {
		return nil, err
	}
	if sess.Survey != slug {
		return nil, &models.Error{Code: models.ErrInvalid, Message: web.T(lang, "submit.unknown_session")}
	}
	if !sess.Open(time.Now()) {
		return nil, &models.Error{Code: models.ErrClosed, Message: web.T(lang, "session.closed")}
	}
	return sess, nil
}
