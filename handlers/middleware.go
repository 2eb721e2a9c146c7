package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
)

// requestLog writes one line per request with the route pattern, never the
// raw path, query string, client address or user agent: a join code or a
// survey answer must not end up in a log, nor anything that points at the
// young person who sent it.
func (s *Server) requestLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "(unmatched)"
		}
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(c.Request.Context(), level, "request",
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
		)
	}
}

// recovery turns a panic into a 500 with the standard error body and logs
// the stack once, without the request's path or headers.
func (s *Server) recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				s.log.Error("panic", slog.String("route", c.FullPath()), slog.Any("value", v), slog.String("stack", string(debug.Stack())))
				s.abort(c, http.StatusInternalServerError, "internal", "error.internal")
			}
		}()
		c.Next()
	}
}

// securityHeaders sets the headers every response carries. The policy
// allows no inline script and nothing from another host.
func securityHeaders() gin.HandlerFunc {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		c.Next()
	}
}

// bodyLimit refuses bodies over the limit with 413: at once when the client
// announces the length, otherwise when a handler reads past it. Staff
// uploads (survey definitions) may be larger than anything the public sends.
func (s *Server) bodyLimit() gin.HandlerFunc {
	return func(c *gin.Context) {
		max := s.cfg.PublicBodyMax
		if strings.HasPrefix(c.Request.URL.Path, "/api/v1/admin/") {
			max = s.cfg.StaffBodyMax
		}
		if c.Request.ContentLength > max {
			s.abort(c, http.StatusRequestEntityTooLarge, models.ErrTooLarge, "error.too_large")
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		c.Next()
	}
}

// tooLarge reports whether err came from reading past the body limit.
func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
