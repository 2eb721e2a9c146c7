package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Fields  any    `json:"fields,omitempty"`
}

// statusOf maps the service's error codes to HTTP statuses, in one place.
func statusOf(code string) int {
	switch code {
	case models.ErrInvalid:
		return http.StatusUnprocessableEntity
	case models.ErrNotFound:
		return http.StatusNotFound
	case models.ErrConflict, models.ErrClosed, models.ErrNotPublished, models.ErrTooSoon:
		return http.StatusConflict
	case models.ErrUnauthorized:
		return http.StatusUnauthorized
	case models.ErrForbidden:
		return http.StatusForbidden
	case models.ErrUnavailable, models.ErrFull:
		return http.StatusServiceUnavailable
	case models.ErrRateLimited:
		return http.StatusTooManyRequests
	case models.ErrTooLarge:
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusInternalServerError
	}
}

// fail answers with err. Internal causes are logged here, once, and never
// shown; the user gets the error's safe message or a generic one.
func (s *Server) fail(c *gin.Context, err error) {
	if s.failLoading(c, err) || s.clientGone(c, err) {
		return
	}
	code := models.ErrorCode(err)
	markFull(c, code)
	status := statusOf(code)
	lang := requestLang(c)
	msg := ""
	switch code {
	case models.ErrInternal:
		s.log.Error("internal error", slog.String("route", c.FullPath()), slog.Any("err", err))
		msg = web.T(lang, "error.internal")
	case models.ErrUnavailable:
		s.log.Warn("database unavailable", slog.String("route", c.FullPath()), slog.Any("err", err))
		msg = web.T(lang, "error.unavailable")
		c.Header("Retry-After", "5")
	default:
		if e, ok := err.(*models.Error); ok {
			msg = e.Message
		} else {
			msg = web.T(lang, "error."+code)
		}
	}
	c.AbortWithStatusJSON(status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

// abort answers with a fixed code and a message from the catalogue: JSON
// on the API, a page for a browser (a form posted without JavaScript that
// hits the rate or size limit must not show raw JSON to a young person).
func (s *Server) abort(c *gin.Context, status int, code, key string) {
	lang := requestLang(c)
	if !isAPI(c) {
		s.page(c, status, "notice", pageData{Lang: lang, Title: web.T(lang, key), Data: noticeView{Assets: s.static.urls, Message: web.T(lang, key)}})
		c.Abort()
		return
	}
	c.AbortWithStatusJSON(status, errorBody{Error: errorDetail{Code: code, Message: web.T(lang, key)}})
}

func (s *Server) notFound(c *gin.Context) {
	if isAPI(c) {
		s.abort(c, http.StatusNotFound, models.ErrNotFound, "error.not_found")
		return
	}
	if s.staffMiss(c, http.StatusNotFound, "error.not_found") {
		return
	}
	s.page(c, http.StatusNotFound, "error", pageData{Title: web.T(requestLang(c), "error.not_found")})
}

func (s *Server) methodNotAllowed(c *gin.Context) {
	if s.staffMiss(c, http.StatusMethodNotAllowed, "error.method_not_allowed") {
		return
	}
	s.abort(c, http.StatusMethodNotAllowed, "method_not_allowed", "error.method_not_allowed")
}

// staffMiss answers a signed-in staff member's mistyped or stale address
// under /staff in the staff layout, not on the young people's error page
// with its "Lämna snabbt". The router's no-route handlers run without the
// staff group's middleware, so the sign-in is resolved here; anyone not
// signed in gets the public page, which tells nothing about staff pages.
func (s *Server) staffMiss(c *gin.Context, status int, key string) bool {
	path := c.Request.URL.Path
	if path != "/staff" && !strings.HasPrefix(path, "/staff/") {
		return false
	}
	p, ok := s.principalOf(c)
	if !ok {
		return false
	}
	c.Set(principalKey, p)
	s.staffRefuse(c, status, key)
	return true
}

func isAPI(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, "/api/")
}

// invalid answers 422 with every problem listed, in the contract's shape
// {"error": {"code": "invalid", "message", "fields": [...]}}.
func invalid[P any](c *gin.Context, message string, problems []P) {
	c.AbortWithStatusJSON(http.StatusUnprocessableEntity, errorBody{Error: errorDetail{
		Code: models.ErrInvalid, Message: message, Fields: problems,
	}})
}

// messageWith is the message key in lang with arg in its %s, for the
// messages of problem codes, some of which name a value and some not.
func messageWith(lang, key, arg string) string {
	msg := web.T(lang, key)
	if strings.Contains(msg, "%s") {
		msg = fmt.Sprintf(msg, arg)
	}
	return msg
}

// clientGone answers nothing to a request whose client went away while
// it was served, if that is why err came about: the work stopped because
// its context was cancelled (a publication, an export, a read), nothing
// is wrong with the service, and an ERROR "internal" in the log would
// send an operator looking for a fault. It is logged at Info with
// statusClientGone, as an abandoned export is.
func (s *Server) clientGone(c *gin.Context, err error) bool {
	if !errors.Is(err, context.Canceled) || c.Request.Context().Err() == nil {
		return false
	}
	s.log.Info("request abandoned: the client went away", slog.String("route", c.FullPath()))
	c.AbortWithStatus(statusClientGone)
	return true
}
