package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
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
	// Label names Field in words for a page ("Skola 8, Göranssonska
	// skolan, område"); programs read Field.
	Label string `json:"-"`
}

// submitResponse is the JSON submission path used by the answer page's
// script, its offline queue and any other client.
//
// Only JSON is taken (415 for anything else), so a page of another site
// cannot send answers without a CORS preflight, which the service never
// grants; a request that says it comes from another site is refused (403).
func (s *Server) submitResponse(c *gin.Context) {
	lang := requestLang(c)
	if s.crossSite(c, false) {
		s.abort(c, http.StatusForbidden, models.ErrForbidden, "submit.cross_site")
		return
	}
	if !jsonContent(c.GetHeader("Content-Type")) {
		s.abort(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "submit.json_only")
		return
	}
	sv, err := s.openSurvey(c, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	body, ok := s.readBody(c)
	if !ok {
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
	// Problems are told in the answer's language if it is enabled; an
	// answer queued before a language was switched off is still taken
	// and keeps its language (any the service knows).
	if enabledLangs(c).Has(req.Lang) {
		lang = req.Lang
	}

	// A session code is checked before anything else, so the answer to
	// one that is not an open session's never depends on the rest.
	var sess *models.Session
	if req.Session != "" {
		if sess, err = s.sessionByCode(c, req.Session, sv.Slug, lang, sessionGone(lang)); err != nil {
			s.fail(c, err)
			return
		}
	}
	var problems []fieldProblem
	if _, err := uuid.Parse(req.SubmissionID); err != nil || len(req.SubmissionID) != 36 {
		problems = append(problems, fieldProblem{Field: "submission_id", Code: "invalid", Message: web.T(lang, "submit.bad_submission_id")})
	}
	if req.Lang != "" && !models.IsLanguage(req.Lang) {
		problems = append(problems, fieldProblem{Field: "lang", Code: "invalid", Message: web.T(lang, "submit.bad_lang")})
	}
	answers, answerProblems := checkInSession(surveys.CheckAnswers, sv, req.Answers, lang, sess)
	for _, p := range answerProblems {
		fp := fieldProblem{Question: p.Question, Code: p.Code, Message: p.Message}
		if p.Question == "" {
			fp.Field = "answers" // a problem of all the answers, not of one
		}
		problems = append(problems, fp)
	}
	if len(problems) == 1 && problems[0].Code == models.AnswerEmpty {
		// The one thing to say, also to a client that shows only this. No
		// lookup of the submission id: on the embedded engine it reads
		// every response, and an empty post costs nobody anything to send
		// (DESIGN §4: refused without touching the database).
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
		// An excluded session's answers are stored but counted nowhere;
		// the store settles a race with an exclusion after the insert.
		r.Excluded = sub.Session.Excluded != nil
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
	if n, known := s.results.Stored(sv.Slug); known && n >= s.cfg.MaxResponses {
		// Every valid answer grows memory and disk; an open link is
		// anyone's to post to. A retry of an answer stored before the
		// limit was reached is refused too: it is stored, and the
		// client tries again later.
		return false, &models.Error{Code: models.ErrFull, Message: web.T(sub.Lang, "submit.full")}
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	duplicate, err = s.store.InsertResponse(ctx, r)
	s.metrics.countStored(duplicate, err)
	return duplicate, err
}

// heldInCopy says whether the in-memory copy of survey, read and
// current, holds response id, without waiting for a read: a retry of a
// stored answer is then not read back from the database (store.SetHeld).
// A copy being read, or grown too old on a shared database, may lack it,
// and the store reads it back.
func (s *Server) heldInCopy(survey, id string) bool {
	if ready, _, _ := s.results.Progress(survey); !ready {
		return false
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a copy that would have to be read first is not waited for
	cols, err := s.results.Columns(ctx, survey)
	return err == nil && cols.Holds(id)
}

// DefaultMaxResponses is how many responses one survey takes unless
// DIALOG_MAX_RESPONSES says otherwise: ten times the largest wave a
// municipality has run, and well inside what the in-memory copy and the
// embedded engine hold (docs/BENCHMARKS.md).
const DefaultMaxResponses = 1_000_000

// today is the only time kept with a response: the calendar day in the
// service's time zone.
func (s *Server) today() string { return time.Now().In(s.zone).Format(time.DateOnly) }

// jsonContent tells whether a Content-Type names JSON, with no parameter
// but an optional charset of UTF-8.
func jsonContent(header string) bool {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil || mt != "application/json" {
		return false
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return false
		}
	}
	return true
}
