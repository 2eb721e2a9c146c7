package handlers

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"path"
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
	passwordPage    = "/staff/password"
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
	res, err := s.checkPassword(c, name, c.PostForm("password"))
	if err != nil {
		s.loginRefused(c, v, err)
		return
	}
	if res.reason != "" {
		actor, role := models.AuditActorUnknown, ""
		if res.user != nil {
			actor, role = res.user.Name, res.user.Role
		}
		s.auditAs(c, actor, role, models.AuditLoginFailed, map[string]string{"reason": res.reason})
		v.Error = web.T(lang, "login.failed") // the same for an unknown name and a wrong password
		if res.reason == reasonExpired {
			v.Error = web.T(lang, "login.expired") // only once the password itself was right
		}
		s.renderLogin(c, http.StatusUnauthorized, v)
		return
	}
	user := res.user
	// A new session at every sign-in, so a session id planted before it is
	// worth nothing afterwards.
	if old, err := c.Cookie(sessionCookie); err == nil && old != "" {
		_ = s.store.DeleteWebSession(c.Request.Context(), old)
	}
	if err := s.startWebSession(c, user.Name); err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, loginCSRFCookie, "", "/login", -1)
	s.auditAs(c, user.Name, user.Role, models.AuditLogin, nil)
	if user.MustChangePassword {
		v.Next = passwordPage
	}
	c.Redirect(http.StatusSeeOther, v.Next)
}

// startWebSession signs the browser in as user with a fresh session.
func (s *Server) startWebSession(c *gin.Context, user string) error {
	secret, _, err := s.store.CreateWebSession(c.Request.Context(), user, sessionTTL)
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, secret, "/", int(sessionTTL.Seconds()))
	return nil
}

// loginRefused answers a sign-in whose password was never checked: too
// many attempts from the address at once, hashing busy, or the database.
func (s *Server) loginRefused(c *gin.Context, v loginView, err error) {
	lang := staffLang(c)
	var slow *throttledError
	switch {
	case errors.As(err, &slow):
		retryAfter(c, slow.retry)
		v.Error = web.T(lang, "login.wait")
		s.renderLogin(c, http.StatusTooManyRequests, v)
	case errors.Is(err, errHashBusy), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		c.Header("Retry-After", "2")
		v.Error = web.T(lang, "login.busy")
		s.renderLogin(c, http.StatusServiceUnavailable, v)
	default:
		s.staffFail(c, err)
	}
}

// Why a password check failed, as the audit log records it.
const (
	reasonPassword = "password" // a wrong password for an account
	reasonUnknown  = "unknown"  // no such account
	reasonDisabled = "disabled"
	reasonExpired  = "expired" // the right one-time password, run out
)

// passwordCheck is what checking a name and password found.
type passwordCheck struct {
	user   *models.User // the account when there is one, also when the check failed
	hash   string       // its stored hash
	reason string       // why the check failed; empty when it succeeded
}

// throttledError means the address has too many delayed attempts under
// way; it may try again after retry.
type throttledError struct{ retry time.Duration }

func (e *throttledError) Error() string { return "handlers: sign-in attempts throttled" }

// checkPassword verifies name and password under the sign-in throttle (see
// login_throttle.go). An unknown or disabled account costs the same
// hashing work as a wrong password, so response times do not tell which
// names exist. The error is for a check that never ran; a wrong password
// is a result with a reason.
func (s *Server) checkPassword(c *gin.Context, name, pw string) (passwordCheck, error) {
	ctx := c.Request.Context()
	var (
		res  passwordCheck
		user *models.User
		hash string
		err  error = models.Errorf(models.ErrNotFound, "no such user")
	)
	// No account can have a name outside the rules (they held when it was
	// made), and an account under a built-in name (made before those were
	// refused) must not act as the built-in identity.
	if models.ValidUserName(name) && !models.ReservedUserName(name) {
		user, hash, err = s.store.UserWithHash(ctx, name)
	}
	switch {
	case models.ErrorCode(err) == models.ErrNotFound:
		res.reason = reasonUnknown
	case err != nil:
		return res, err
	default:
		res.user, res.hash = user, hash
		if user.Disabled {
			res.reason = reasonDisabled
		}
	}
	attempt, retry := s.signIns.begin(name, clientKey(c))
	if attempt == nil {
		return res, &throttledError{retry}
	}
	checkAgainst := hash
	if res.reason != "" {
		checkAgainst = s.dummyHash
	}
	var ok bool
	if err := attempt.verify(ctx, func() { ok, _ = password.Verify(pw, checkAgainst) }); err != nil {
		return res, err
	}
	switch {
	case res.reason != "":
	case !ok:
		res.reason = reasonPassword
	case res.user.PasswordExpired(time.Now()):
		res.reason = reasonExpired
	}
	if res.reason != "" {
		attempt.failed()
	} else {
		attempt.succeeded()
	}
	return res, nil
}

func (s *Server) logout(c *gin.Context) {
	if secret, err := c.Cookie(sessionCookie); err == nil && secret != "" {
		if user, csrf, err := s.store.WebSession(c.Request.Context(), secret); err == nil {
			if !equalSecret(c.PostForm("csrf"), csrf) {
				s.refuse(c, http.StatusForbidden, "csrf", "error.csrf")
				return
			}
			_ = s.store.DeleteWebSession(c.Request.Context(), secret)
			s.auditAs(c, user.Name, user.Role, models.AuditLogout, nil)
		}
	}
	s.setCookie(c, sessionCookie, "", "/", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}

// auditAs records an account event for actor, who is not (or not yet) the
// request's principal. It never records what was typed as a password, nor
// the address or browser it came from.
func (s *Server) auditAs(c *gin.Context, actor, role, action string, details map[string]string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 5*time.Second)
	defer cancel()
	err := s.store.InsertAudit(ctx, models.AuditEntry{Actor: actor, Role: role, Action: action, Details: details})
	if err != nil {
		s.log.Error("audit write failed", "action", action, "err", err)
	}
}

// setCookie sets an HttpOnly, SameSite=Strict cookie; Secure whenever the
// service is published over HTTPS (DIALOG_BASE_URL), also behind a proxy
// that ends TLS and talks plain HTTP to us, and whenever the request came
// over HTTPS, directly or through a trusted proxy.
func (s *Server) setCookie(c *gin.Context, name, value, path string, maxAge int) {
	secure := s.httpsBase() || c.Request.TLS != nil || (len(s.cfg.TrustedProxies) > 0 && c.GetHeader("X-Forwarded-Proto") == "https")
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode,
	})
}

func (s *Server) httpsBase() bool {
	u, err := url.Parse(strings.TrimSpace(s.cfg.BaseURL))
	return err == nil && strings.EqualFold(u.Scheme, "https")
}

// safeNext keeps the redirect after sign-in on this site's staff pages.
// Browsers are lenient where a parser is strict: they drop tabs and line
// breaks from a URL, read a backslash as a slash and "//host" as another
// site, so "/\t/evil.example" leads away. Rather than list every trick,
// only a plain path under /staff is taken: printable ASCII without
// backslash or space, no scheme or host, nothing encoded into the path
// that would decode into a slash, a backslash, a control character or a
// dot segment, and already in its cleaned form. Anything else is /staff.
func safeNext(next string) string {
	const home = "/staff"
	if next == "" || len(next) > 2048 {
		return home
	}
	for i := 0; i < len(next); i++ {
		if b := next[i]; b <= ' ' || b >= 0x7f || b == '\\' {
			return home
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || u.RawPath != "" {
		return home // RawPath is set when the path encodes a '/' (%2F) or the like
	}
	p := u.Path
	if p != home && !strings.HasPrefix(p, home+"/") {
		return home
	}
	for i := 0; i < len(p); i++ {
		if b := p[i]; b <= ' ' || b >= 0x7f || b == '\\' || b == '%' {
			return home
		}
	}
	if clean := path.Clean(p); clean != p && clean+"/" != p {
		return home // "..", "." or "//" in it
	}
	return next
}

// staffLang is the staff pages' language: Swedish, or English on request.
func staffLang(c *gin.Context) string {
	if l := web.Negotiate(web.StaffLanguages, c.Query("lang"), c.GetHeader("Accept-Language")); l == models.LangEN {
		return l
	}
	return models.LangSV
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
