package handlers

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
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
//
// The routes a young person answers through (answerRoutes) are not logged
// at all unless the service failed (5xx): the database keeps responses in
// the order they arrived, so a log line per submission, with its time to
// the millisecond, would tell when each stored answer was given, where the
// response itself keeps only the day (docs/anonymity.md). They are
// counted in the metrics instead. A failure's line carries method, route
// and status only; its own time stamp is the one trace it leaves.
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
		if answerRoutes[c.Request.Method+" "+route] {
			if status < 500 {
				return
			}
			s.log.LogAttrs(c.Request.Context(), level, "request",
				slog.String("method", c.Request.Method),
				slog.String("route", route),
				slog.Int("status", status),
			)
			return
		}
		s.log.LogAttrs(c.Request.Context(), level, "request",
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
		)
	}
}

// answerRoutes are the routes of answering a survey: the submissions, and
// the pages a young person loads right before and after one (the form,
// the join page, and the thank-you pages the script goes to once an
// answer is stored: /surveys/{slug}?klar=1 and /s/{code}?klar=1).
var answerRoutes = map[string]bool{
	"POST /api/v1/surveys/:slug/responses": true,
	"POST /surveys/:slug":                  true,
	"GET /surveys/:slug":                   true,
	"GET /s/:code":                         true,
	"GET /s":                               true,
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

// transportHeaders sets the headers that depend on the deployment:
// Strict-Transport-Security on every response when the service's address
// (Config.BaseURL) is https, and Cache-Control: no-store on everything
// staff get (their JSON, pages, workbooks and errors), so no shared or
// browser cache keeps results or accounts. A handler may still set its
// own Cache-Control.
func (s *Server) transportHeaders() gin.HandlerFunc {
	u, err := url.Parse(s.cfg.BaseURL)
	hsts := err == nil && strings.EqualFold(u.Scheme, "https")
	return func(c *gin.Context) {
		h := c.Writer.Header()
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		if staffPath(c.Request.URL.Path) {
			h.Set("Cache-Control", "no-store")
		}
	}
}

// staffPath tells the paths only staff use.
func staffPath(p string) bool {
	for _, prefix := range []string{"/api/v1/admin", "/staff", "/login", "/logout", "/metrics", "/setup"} {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return true
		}
	}
	return false
}

// crossSite tells a request that a page of another site made: its browser
// says so (Sec-Fetch-Site other than same-origin or none: same-site is
// refused too, as a sibling host may be anyone's) or its Origin is not the
// service's own. A request without these headers (an old browser, a
// script, the load tool) passes. formPost lets Origin "null" through:
// browsers send it for the service's own form posts, because its pages
// ask for Referrer-Policy: no-referrer; Sec-Fetch-Site still tells those
// apart in every current browser.
func (s *Server) crossSite(c *gin.Context, formPost bool) bool {
	switch c.GetHeader("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return true
	}
	origin := c.GetHeader("Origin")
	switch {
	case origin == "":
		return false
	case origin == "null":
		return !formPost
	}
	return !s.ownOrigin(origin, c.Request.Host)
}

// ownOrigin tells whether origin (scheme://host[:port]) is the service's:
// the origin of Config.BaseURL, or the host the request was sent to. The
// second is needed where BaseURL is not set (cmd then derives it from the
// listen address, which a browser need not use); a page of another site
// cannot choose either (a DNS rebinding attack could, on plain http only).
func (s *Server) ownOrigin(origin, host string) bool {
	o, err := url.Parse(origin)
	if err != nil || (o.Scheme != "http" && o.Scheme != "https") || o.Host == "" || o.Path != "" || o.User != nil {
		return false
	}
	got := hostPort(o.Scheme, o.Host)
	if b, err := url.Parse(s.cfg.BaseURL); err == nil && b.Host != "" {
		if strings.EqualFold(b.Scheme, o.Scheme) && hostPort(b.Scheme, b.Host) == got {
			return true
		}
	}
	return host != "" && (hostPort("http", host) == got || hostPort("https", host) == got)
}

// hostPort is host in lower case without the scheme's default port.
func hostPort(scheme, host string) string {
	host = strings.ToLower(host)
	switch strings.ToLower(scheme) {
	case "http":
		return strings.TrimSuffix(host, ":80")
	case "https":
		return strings.TrimSuffix(host, ":443")
	}
	return host
}

// bodyLimit refuses bodies over the limit with 413: at once when the client
// announces the length, otherwise when a handler reads past it. Staff
// uploads (survey definitions) may be larger than anything the public sends.
func (s *Server) bodyLimit() gin.HandlerFunc {
	return func(c *gin.Context) {
		max := s.cfg.PublicBodyMax
		if p := c.Request.URL.Path; strings.HasPrefix(p, "/api/v1/admin/") || (strings.HasPrefix(p, "/staff/") && (strings.HasSuffix(p, "/drafts") || p == "/staff/places")) {
			// Staff uploads (survey files, the catalogue) get the staff
			// limit; every other form, the public one.
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

// readBody reads the whole request body within the body limit, or
// answers 413 (over the limit) or 400 and returns false.
func (s *Server) readBody(c *gin.Context) ([]byte, bool) {
	body, err := io.ReadAll(c.Request.Body)
	switch {
	case err == nil:
		return body, true
	case tooLarge(err):
		s.abort(c, http.StatusRequestEntityTooLarge, models.ErrTooLarge, "error.too_large")
	default:
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_body")
	}
	return nil, false
}

// tooLarge reports whether err came from reading past the body limit.
func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
