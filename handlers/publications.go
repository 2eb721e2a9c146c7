package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/web"
)

// Every figure and free text comes from a publication (DESIGN §5,
// results/publish.go). A view asks for its survey's latest publication,
// or ?publication=N, and counts from it; before the first one it answers
// 409 not_published. An admin makes an interim one (a delrapport) here,
// at most once per publication interval; closing a survey makes one too.

// publicationBody is a publication as the API shows it.
type publicationBody struct {
	Publication  int      `json:"publication"`
	Day          string   `json:"day"`
	Final        bool     `json:"final"`
	Note         string   `json:"note,omitempty"`
	By           string   `json:"published_by"`
	Version      int      `json:"version"`
	Responses    int      `json:"responses"`
	Texts        int      `json:"texts"`
	NewTexts     int      `json:"new_texts"`
	TextsWaiting int      `json:"texts_waiting"`
	Excluded     excluded `json:"excluded"`
}

// excluded is what a publication left out: sessions, and answers rounded
// to tens, so that no session's exact size is ever shown.
type excluded struct {
	Sessions         int      `json:"sessions"`
	ResponsesRounded int      `json:"responses_rounded"`
	Reasons          []string `json:"reasons"`
}

func publicationJSON(p *models.Publication) publicationBody {
	reasons := p.Excluded.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	return publicationBody{Publication: p.Number, Day: p.Day, Final: p.Final, Note: p.Note, By: p.By, Version: p.Version,
		Responses: p.Responses, Texts: p.Texts, NewTexts: p.NewTexts, TextsWaiting: p.TextsWaiting,
		Excluded: excluded{Sessions: p.Excluded.Sessions, ResponsesRounded: models.RoundedTens(p.Excluded.Responses), Reasons: reasons}}
}

// publishWait is how long a publication waits for the copy to be read.
const publishWait = 3 * time.Second

// maxNote bounds a publication's note, one line.
const maxNote = 300

// adminPublish makes an interim publication of the survey now.
func (s *Server) adminPublish(c *gin.Context) {
	lang := staffLang(c)
	sv, ok := s.staffSurvey(c)
	if !ok {
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if c.Request.ContentLength != 0 {
		if err := c.ShouldBindJSON(&in); err != nil {
			s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_json")
			return
		}
	}
	note, problem := publicationNote(lang, in.Note)
	if problem != nil {
		invalid(c, problem.Message, []fieldProblem{*problem})
		return
	}
	// A closed survey's publication is a final report, an open one's a
	// delrapport.
	p, err := s.publish(c, sv, note, sv.Status == models.StatusClosed)
	if err != nil {
		s.failPublication(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"publication": p.Number, "day": p.Day, "responses": p.Responses, "texts": p.Texts,
		"new_texts": p.NewTexts, "texts_waiting": p.TextsWaiting})
}

// adminListPublications lists the survey's publications, oldest first.
func (s *Server) adminListPublications(c *gin.Context) {
	sv, ok := s.staffSurvey(c)
	if !ok {
		return
	}
	list, err := s.results.Publications(c.Request.Context(), sv.Slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]publicationBody, len(list))
	for i, p := range list {
		out[i] = publicationJSON(p)
	}
	c.JSON(http.StatusOK, gin.H{"survey": sv.Slug, "publications": out, "interval_days": s.intervalDays(), "next_day": s.nextPublicationDay(list)})
}

// publicationNote checks an admin's note on a publication: one line of
// plain text.
func publicationNote(lang, note string) (string, *fieldProblem) {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > maxNote || !models.CharsAllowed(note, false) {
		return "", &fieldProblem{Field: "note", Code: "invalid", Message: fmt.Sprintf(web.T(lang, "pub.bad_note"), maxNote)}
	}
	return note, nil
}

// publish makes the survey's next publication, as the signed-in staff
// member (or the system, for one made on closing), and audit-logs it.
func (s *Server) publish(c *gin.Context, sv *models.Survey, note string, final bool) (*models.Publication, error) {
	by := models.AuditActorSystem
	if p := currentPrincipal(c); p != nil {
		by = p.Name
	}
	p, err := s.results.Publish(c.Request.Context(), results.PublishRequest{
		Survey: sv, By: by, Note: note, Final: final, Now: s.cfg.Now(), Interval: s.publicationInterval(), Zone: s.zone,
		// A copy still being read after a restart: answer 503 loading with
		// how far it has come, rather than hold the request.
		Wait: publishWait,
	})
	if err != nil {
		return nil, err
	}
	s.feedback.forget(sv.Slug)
	s.audit(c, models.AuditPublish, sv.Slug, map[string]string{
		"publication": strconv.Itoa(p.Number), "responses": strconv.Itoa(p.Responses), "new_texts": strconv.Itoa(p.NewTexts),
		"final": strconv.FormatBool(final),
	})
	return p, nil
}

// publishOnClose makes the final publication of a survey just closed. Too
// soon after the last one, the daily job makes it on the first day
// allowed; any other failure is logged and left to that job too: the
// survey is closed either way.
func (s *Server) publishOnClose(c *gin.Context, sv *models.Survey) *models.Publication {
	p, err := s.publish(c, sv, "", true)
	switch first := tooSoon(err); {
	case err == nil:
		return p
	case first != "":
		s.log.Info("final publication waits for the interval", "survey", sv.Slug, "first_day", first)
	default:
		s.log.Warn("final publication on close failed; the daily job makes it", "survey", sv.Slug, "err", err)
	}
	return nil
}

// failPublication answers a publication refused as too soon with the
// first day allowed, in the staff member's language; other errors as
// usual.
func (s *Server) failPublication(c *gin.Context, err error) {
	first := tooSoon(err)
	if first == "" {
		s.fail(c, err)
		return
	}
	lang := staffLang(c)
	c.AbortWithStatusJSON(http.StatusConflict, gin.H{"error": gin.H{
		"code":      models.ErrTooSoon,
		"message":   fmt.Sprintf(web.T(lang, "pub.too_soon"), s.longDay(lang, first), s.intervalDays()),
		"first_day": first,
	}})
}

func (s *Server) publicationInterval() time.Duration {
	if s.cfg.PublicationInterval <= 0 {
		return results.DefaultPublicationInterval
	}
	return s.cfg.PublicationInterval
}

func (s *Server) intervalDays() int { return int(s.publicationInterval() / (24 * time.Hour)) }

// nextPublicationDay is the first day a new publication is allowed, ""
// when it is allowed now.
func (s *Server) nextPublicationDay(list []*models.Publication) string {
	if len(list) == 0 {
		return ""
	}
	first := results.FirstAllowedDay(list[len(list)-1].Day, s.publicationInterval())
	if first <= s.cfg.Now().In(s.zone).Format(time.DateOnly) {
		return ""
	}
	return first
}

// publicationName says which publication figures come from, in lang:
// "Publicering 2, 4 januari 2027 (delrapport)".
func (s *Server) publicationName(lang string, p *models.Publication) string {
	kind := web.T(lang, "pub.interim")
	if p.Final {
		kind = web.T(lang, "pub.final")
	}
	return fmt.Sprintf(web.T(lang, "pub.period"), p.Number, s.longDay(lang, p.Day), strings.ToLower(kind))
}

// longDay writes a day (YYYY-MM-DD) as a person reads it: "4 januari 2027".
func (s *Server) longDay(lang, day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	months := strings.Split(web.T(lang, "pub.months"), ",")
	if len(months) != 12 {
		return day
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// publishedView is what a figure route counts from: the publication asked
// for (the latest by default) and a counter over it, with the survey's
// definition as it was then.
type publishedView struct {
	Pub     *models.Publication
	Counter *results.Published
}

// resolvePublication picks the publication q's figures come from:
// ?publication=N, else the latest. It answers 409 not_published before
// the first one, 404 for a number the survey does not have, and 422 for
// a number that is no number. q's survey becomes the definition the
// publication was counted with.
func (s *Server) resolvePublication(c *gin.Context, q *lagesbildQuery) (*publishedView, error) {
	lang := staffLang(c)
	n := 0
	if v := strings.TrimSpace(c.Query("publication")); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1_000_000 {
			return nil, &models.Error{Code: models.ErrInvalid, Message: web.T(lang, "pub.bad_number")}
		}
	}
	ctx := c.Request.Context()
	pub, err := s.results.Publication(ctx, q.Survey.Slug, n)
	switch models.ErrorCode(err) {
	case "":
	case models.ErrNotPublished:
		return nil, &models.Error{Code: models.ErrNotPublished, Message: web.T(lang, "pub.not_published"), Cause: err}
	case models.ErrNotFound:
		return nil, &models.Error{Code: models.ErrNotFound, Message: fmt.Sprintf(web.T(lang, "pub.not_found"), n), Cause: err}
	default:
		return nil, err
	}
	if pub.Version != q.Survey.Version {
		sv, err := s.store.SurveyVersion(ctx, q.Survey.Slug, pub.Version)
		if err != nil {
			return nil, err
		}
		q.Survey = sv
	}
	return &publishedView{Pub: pub, Counter: s.results.Published(map[string]int{q.Survey.Slug: pub.Number})}, nil
}

// publishedOrFail is resolvePublication for the JSON API.
func (s *Server) publishedOrFail(c *gin.Context, q *lagesbildQuery) (*publishedView, bool) {
	v, err := s.resolvePublication(c, q)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return v, true
}

// tooSoon is the first day allowed when err refused a publication as too
// soon, else "".
func tooSoon(err error) string {
	var soon *results.TooSoonError
	if errors.As(err, &soon) {
		return soon.FirstDay
	}
	return ""
}
