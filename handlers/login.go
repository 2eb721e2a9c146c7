package handlers

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/password"
	"medborgardialog/web"
)

const (
	sessionTTL      = 8 * time.Hour // one working day
	loginCSRFCookie = "md_login_csrf"
)

// loginView is what the sign-in page shows.
type loginView struct {
	CSS   string
	CSRF  string
	Next  string
	Name  string
	Error string
}

func (s *Server) loginPage(c *gin.Context) {
	s.renderLogin(c, http.StatusOK, loginView{Next: safeNext(c.Query("next"))})
}

// renderLogin shows the form with a fresh double-submit token: the sign-in
// form has no session yet to tie a CSRF token to, so the token lives in a
// strict same-site cookie and must come back in the form.
func (s *Server) renderLogin(c *gin.Context, status int, v loginView) {
	lang := staffLang(c)
	v.CSRF = randomToken()
	v.CSS = s.static.urls.CSS
	s.setCookie(c, loginCSRFCookie, v.CSRF, "/login", 3600)
	s.page(c, status, "login", pageData{Lang: lang, Title: web.T(lang, "login.title"), Data: v})
}

func (s *Server) login(c *gin.Context) {
	lang := staffLang(c)
	name := strings.TrimSpace(c.PostForm("name"))
	v := loginView{Next: safeNext(c.PostForm("next")), Name: name}
	cookie, _ := c.Cookie(loginCSRFCookie)
	if cookie == "" || !equalSecret(cookie, c.PostForm("csrf")) {
		v.Error = web.T(lang, "error.csrf")
		s.renderLogin(c, http.StatusForbidden, v)
		return
	}
	now := time.Now()
	accountKey, clientKey := "u:"+strings.ToLower(name), "c:"+c.ClientIP()
	if wait := max(s.loginFailsUser.blocked(accountKey, now), s.loginFailsClient.blocked(clientKey, now)); wait > 0 {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		v.Error = web.T(lang, "login.throttled")
		s.renderLogin(c, http.StatusTooManyRequests, v)
		return
	}
	user, ok := s.checkPassword(c.Request.Context(), name, c.PostForm("password"))
	if !ok {
		s.loginFailsUser.allow(accountKey, now)
		s.loginFailsClient.allow(clientKey, now)
		v.Error = web.T(lang, "login.failed") // the same for an unknown name and a wrong password
		s.renderLogin(c, http.StatusUnauthorized, v)
		return
	}
	// A new session at every sign-in, so a session id planted before it is
	// worth nothing afterwards.
	if old, err := c.Cookie(sessionCookie); err == nil && old != "" {
		_ = s.store.DeleteWebSession(c.Request.Context(), old)
	}
	secret, _, err := s.store.CreateWebSession(c.Request.Context(), user.Name, sessionTTL)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, sessionCookie, secret, "/", int(sessionTTL.Seconds()))
	s.setCookie(c, loginCSRFCookie, "", "/login", -1)
	c.Redirect(http.StatusSeeOther, v.Next)
}

// checkPassword verifies name and password. An unknown or disabled account
// costs the same hashing work as a wrong password, so response times do not
// tell which names exist.
func (s *Server) checkPassword(ctx context.Context, name, pw string) (*models.User, bool) {
	user, hash, err := s.store.UserWithHash(ctx, name)
	if err != nil || user.Disabled {
		_, _ = password.Verify(pw, s.dummyHash)
		return nil, false
	}
	ok, err := password.Verify(pw, hash)
	if err != nil || !ok {
		return nil, false
	}
	return user, true
}

func (s *Server) logout(c *gin.Context) {
	if secret, err := c.Cookie(sessionCookie); err == nil && secret != "" {
		if _, csrf, err := s.store.WebSession(c.Request.Context(), secret); err == nil {
			if !equalSecret(c.PostForm("csrf"), csrf) {
				s.refuse(c, http.StatusForbidden, "csrf", "error.csrf")
				return
			}
			_ = s.store.DeleteWebSession(c.Request.Context(), secret)
		}
	}
	s.setCookie(c, sessionCookie, "", "/", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}

// setCookie sets an HttpOnly, SameSite=Strict cookie; Secure whenever the
// request came over HTTPS, directly or through a trusted proxy.
func (s *Server) setCookie(c *gin.Context, name, value, path string, maxAge int) {
	secure := c.Request.TLS != nil || (len(s.cfg.TrustedProxies) > 0 && c.GetHeader("X-Forwarded-Proto") == "https")
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode,
	})
}

// safeNext keeps redirects after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/staff"
	}
	return next
}

// staffLang is the staff pages' language: Swedish, or English on request.
func staffLang(c *gin.Context) string {
	if l := requestLang(c); l == models.LangEN {
		return l
	}
	return models.LangSV
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
