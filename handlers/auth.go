package handlers

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// Role sets used by the route table.
var (
	roleAny         = models.Roles
	roleAdminOnly   = []string{models.RoleAdmin}
	roleReaders     = []string{models.RoleAdmin, models.RoleAnalyst}
	roleFacilitator = []string{models.RoleAdmin, models.RoleFacilitator}
)

// principal is who a staff request acts as.
type principal struct {
	Name string `json:"name"`
	Role string `json:"role"`
	// csrf is set when the request is authenticated by the session cookie;
	// such requests must prove they come from our own pages.
	csrf string
	// mustChange is set for a session signed in with a one-time password:
	// it may only choose its own password (or sign out).
	mustChange bool
}

const (
	principalKey  = "principal"
	sessionCookie = "md_session"
)

// authenticate resolves the request's credentials to a principal: a bearer
// token (the bootstrap admin token or a staff API token) or the session
// cookie set at sign-in. Without valid credentials it answers 401, or sends
// a browser to the sign-in page.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		p, ok := s.principalOf(c)
		if !ok {
			s.unauthorized(c)
			return
		}
		if p.csrf != "" && unsafeMethod(c.Request.Method) && !s.validCSRF(c, p.csrf) {
			s.refuse(c, http.StatusForbidden, "csrf", "error.csrf")
			return
		}
		c.Set(principalKey, p)
		if p.mustChange && !changesPassword(c) {
			s.passwordChangeRequired(c)
			return
		}
		c.Next()
	}
}

// changesPassword reports whether the request is for the password change
// itself, the one thing a session with a one-time password may do.
func changesPassword(c *gin.Context) bool {
	switch c.FullPath() {
	case passwordPage, "/api/v1/admin/me/password":
		return true
	}
	return false
}

// passwordChangeRequired sends a browser to the change form and answers
// the API with 403 and a code that says what to do.
func (s *Server) passwordChangeRequired(c *gin.Context) {
	if isAPI(c) {
		s.abort(c, http.StatusForbidden, codePasswordChange, "password.required")
		return
	}
	c.Redirect(http.StatusSeeOther, passwordPage)
	c.Abort()
}

// codePasswordChange is the API's error code while a one-time password
// has not been changed.
const codePasswordChange = "password_change_required"

func (s *Server) principalOf(c *gin.Context) (*principal, bool) {
	ctx := c.Request.Context()
	if header := c.GetHeader("Authorization"); header != "" {
		token, ok := bearer(header)
		if !ok {
			return nil, false
		}
		if s.cfg.AdminToken != "" && equalSecret(token, s.cfg.AdminToken) {
			return &principal{Name: models.AuditActorAdminToken, Role: models.RoleAdmin}, true
		}
		user, _, err := s.store.TokenUser(ctx, token)
		if err != nil {
			if code := models.ErrorCode(err); code != models.ErrUnauthorized && code != models.ErrNotFound {
				s.log.Warn("token lookup", "err", err)
			}
			return nil, false
		}
		if models.ReservedUserName(user.Name) {
			return nil, false // an account made under a built-in name before they were refused
		}
		return &principal{Name: user.Name, Role: user.Role}, true
	}
	cookie, err := c.Cookie(sessionCookie)
	if err != nil || cookie == "" {
		return nil, false
	}
	user, csrf, err := s.store.WebSession(ctx, cookie)
	if err != nil || models.ReservedUserName(user.Name) {
		return nil, false
	}
	return &principal{Name: user.Name, Role: user.Role, csrf: csrf, mustChange: user.MustChangePassword}, true
}

// requireRole answers 403 unless the authenticated principal has one of roles.
func (s *Server) requireRole(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := currentPrincipal(c)
		if p == nil || !slices.Contains(roles, p.Role) {
			s.refuse(c, http.StatusForbidden, models.ErrForbidden, "error.forbidden")
			return
		}
		c.Next()
	}
}

// unauthorized answers an API client with 401 and sends a browser on a
// staff page to sign in, coming back afterwards.
func (s *Server) unauthorized(c *gin.Context) {
	if isAPI(c) {
		s.abort(c, http.StatusUnauthorized, models.ErrUnauthorized, "error.unauthorized")
		return
	}
	next := "/staff"
	if c.Request.Method == http.MethodGet {
		next = c.Request.URL.RequestURI()
	}
	c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(next))
	c.Abort()
}

// refuse answers with a JSON error on the API and an HTML page elsewhere.
func (s *Server) refuse(c *gin.Context, status int, code, key string) {
	if isAPI(c) {
		s.abort(c, status, code, key)
		return
	}
	if strings.HasPrefix(c.Request.URL.Path, "/staff") && currentPrincipal(c) != nil {
		s.staffRefuse(c, status, key) // staff errors stay in the staff layout
		return
	}
	lang := requestLang(c)
	s.page(c, status, "error", pageData{Lang: lang, Title: web.T(lang, key)})
	c.Abort()
}

func (s *Server) validCSRF(c *gin.Context, want string) bool {
	got := c.GetHeader("X-CSRF-Token")
	if got == "" {
		got = c.PostForm("csrf")
	}
	return got != "" && equalSecret(got, want)
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func currentPrincipal(c *gin.Context) *principal {
	v, ok := c.Get(principalKey)
	if !ok {
		return nil
	}
	p, _ := v.(*principal)
	return p
}

func bearer(header string) (string, bool) {
	const prefix = "bearer "
	if len(header) <= len(prefix) || !strings.EqualFold(header[:len(prefix)], prefix) {
		return "", false
	}
	return strings.TrimSpace(header[len(prefix):]), true
}

// equalSecret compares in constant time; hashing first makes the time
// independent of the lengths as well.
func equalSecret(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// me tells a client who its credentials say it is; automation uses it to
// check a token.
func (s *Server) me(c *gin.Context) {
	c.JSON(http.StatusOK, currentPrincipal(c))
}
