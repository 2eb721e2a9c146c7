package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// surveyForm renders the answer form. It needs no JavaScript; every GET
// carries a fresh submission id so a re-post of the same page is stored once.
//
// With JavaScript (web/static/form.js, on every page): quick exit (or
// Escape twice) leaves with location.replace, and so does every move
// within the service, so nothing of it is one Back away; a kiosk starts
// its form afresh instead. Skip logic follows the fieldsets' data-if and
// data-any, questions are numbered among those shown (data-m-num) with a
// progress bar, and a "Lyssna" button reads a question and its options
// where speechSynthesis has a voice for the page's language; answers go as JSON to the API with the page's submission id.
// Each submission waits in localStorage under md.q.<submission_id> until the
// server has it (201, or 200 as a duplicate) or refuses it for good (4xx);
// it is retried on every page load of the site, on the 'online' event and
// after a timer (Retry-After on 429). A form with nothing answered is
// refused on the page with the server's own message (data-m-empty), never
// queued; the server refuses it alike. After success the script goes to
// ?klar=1, the thank-you page, which needs no server state.
func (s *Server) surveyForm(c *gin.Context) {
	lang := requestLang(c)
	sv, err := s.openSurvey(c, c.Param("slug"))
	if err != nil {
		s.noticePage(c, err)
		return
	}
	lang = offeredLang(c, sv, lang)
	if c.Query("klar") != "" {
		// Where the script goes after a stored answer: a plain page that
		// needs no server state, so Back does not return to the answers.
		s.page(c, http.StatusOK, "thanks", pageData{Lang: lang, Title: web.T(lang, "thanks.title"), Data: s.newThanksView(c.Request.Context(), sv, lang, nil)})
		return
	}
	s.formPage(c, sv, lang, nil)
}

// surveyFormPost is the form's own post, the path without JavaScript. It
// shows the thank-you page, or the form again with every answer kept and
// each problem beside its question. A post that its browser says comes
// from a page of another site is refused with a page saying so (403).
func (s *Server) surveyFormPost(c *gin.Context) {
	lang := requestLang(c)
	if s.crossSite(c, true) {
		s.noticePage(c, &models.Error{Code: models.ErrForbidden, Message: web.T(lang, "submit.cross_site")})
		return
	}
	sv, err := s.openSurvey(c, c.Param("slug"))
	if err != nil {
		s.noticePage(c, err)
		return
	}
	lang = offeredLang(c, sv, lang)
	if err := c.Request.ParseForm(); err != nil {
		if tooLarge(err) {
			s.noticePage(c, &models.Error{Code: models.ErrTooLarge, Message: web.T(lang, "error.too_large")})
			return
		}
		s.noticePage(c, &models.Error{Code: models.ErrInvalid, Message: web.T(lang, "error.bad_body")})
		return
	}
	form := c.Request.PostForm
	var sess *models.Session
	if code := form.Get("session"); code != "" {
		if sess, err = s.sessionByCode(c, code, sv.Slug, lang, sessionGone(lang)); err != nil {
			s.noticePage(c, err)
			return
		}
	}
	answers, problems := checkInSession(surveys.CheckFormAnswers, sv, surveys.AnswersFromForm(sv, form), lang, sess)
	sid := form.Get("submission_id")
	if _, err := uuid.Parse(sid); err != nil || len(sid) != 36 {
		// Nothing can be stored under a broken id; a fresh one lets the
		// next post through.
		sid = uuid.NewString()
		problems = append(problems, models.AnswerProblem{Code: models.CodeInvalid, Message: web.T(lang, "form.bad_submission")})
	}
	// Refused as they are, an empty post included, without a lookup in
	// the database (see submitResponse).
	if len(problems) > 0 {
		v := s.sessionFormView(sv, lang, sid, form, problems, sessionAnswers(sv, sess))
		bindSession(&v, sess, lang)
		s.page(c, http.StatusUnprocessableEntity, "survey", pageData{Lang: lang, Title: v.Title, Data: v, Kiosk: sess != nil && sess.Kiosk})
		return
	}
	// A duplicate is a double click or a re-post of the same page: the
	// answers are already stored, so the young person is thanked alike.
	if _, err := s.storeResponse(c.Request.Context(), sv, submission{ID: sid, Session: sess, Lang: lang, Answers: answers}); err != nil {
		s.noticePage(c, err)
		return
	}
	s.page(c, http.StatusOK, "thanks", pageData{Lang: lang, Title: web.T(lang, "thanks.title"), Data: s.newThanksView(c.Request.Context(), sv, lang, sess), Kiosk: sess != nil && sess.Kiosk})
}

// noticeView is a short friendly page: a survey that is closed or missing,
// or something that went wrong.
type noticeView struct {
	Assets  assetURLs
	Message string
}

// noticePage answers a page request that cannot be served with a friendly
// page in the visitor's language, never a stack trace. Internal causes are
// logged here, once.
func (s *Server) noticePage(c *gin.Context, err error) {
	if s.clientGone(c, err) {
		return
	}
	lang := requestLang(c)
	code := models.ErrorCode(err)
	markFull(c, code)
	status := statusOf(code)
	msg := web.T(lang, "error.internal")
	var me *models.Error
	switch {
	case code == models.ErrInternal:
		s.log.Error("internal error", slog.String("route", c.FullPath()), slog.Any("err", err))
	case code == models.ErrUnavailable:
		s.log.Warn("database unavailable", slog.String("route", c.FullPath()), slog.Any("err", err))
		msg = web.T(lang, "error.unavailable")
		c.Header("Retry-After", "5")
	case errors.As(err, &me) && me.Message != "":
		msg = me.Message
	}
	s.page(c, status, "notice", pageData{Lang: lang, Title: msg, Data: noticeView{Assets: s.static.urls, Message: msg}})
}

// thanksView is the thank-you page of the path without JavaScript.
type thanksView struct {
	Assets assetURLs
	Outro  string
	Help   []helpView
	Next   string // kiosk: the fresh form for the next person
	// Feedback links to the survey's page "Det här hände med era svar"
	// while it is on; FeedbackText is the link's text.
	Feedback, FeedbackText string
}

func (s *Server) newThanksView(ctx context.Context, sv *models.Survey, lang string, sess *models.Session) thanksView {
	v := thanksView{Assets: s.static.urls, Outro: sv.Outro.In(lang), Help: helpViews(sv, lang)}
	if sess != nil && sess.Kiosk {
		// A shared tablet goes back to the form for the next person.
		v.Next = joinPath(sess.Code, lang)
		return v
	}
	if v.Feedback = s.feedbackLink(ctx, sv.Slug, lang); v.Feedback != "" {
		v.FeedbackText = fmt.Sprintf(web.T(lang, "feedback.link"), sv.Title.In(lang))
	}
	return v
}

// formValues is what a re-rendered form shows as already answered.
func formValues(form url.Values, name string) []string {
	if form == nil {
		return nil
	}
	return form[name]
}
