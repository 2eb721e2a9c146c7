package handlers

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
)

// Roles of staff; see DESIGN §3.
const (
	roleAdmin       = "admin"
	roleAnalyst     = "analyst"
	roleFacilitator = "facilitator"
)

var roleAny = []string{roleAdmin, roleAnalyst, roleFacilitator}

// principal is who a staff request acts as.
type principal struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

const principalKey = "principal"

// authenticate resolves the request's credentials to a principal, or
// answers 401. Every staff route passes through here.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		token, ok := bearer(c.GetHeader("Authorization"))
		if !ok {
			s.abort(c, http.StatusUnauthorized, models.ErrUnauthorized, "error.unauthorized")
			return
		}
		if s.cfg.AdminToken != "" && equalSecret(token, s.cfg.AdminToken) {
			c.Set(principalKey, &principal{Name: "admin-token", Role: roleAdmin})
			c.Next()
			return
		}
		s.abort(c, http.StatusUnauthorized, models.ErrUnauthorized, "error.unauthorized")
	}
}

// requireRole answers 403 unless the authenticated principal has one of roles.
func (s *Server) requireRole(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := currentPrincipal(c)
		if p == nil || !slices.Contains(roles, p.Role) {
			s.abort(c, http.StatusForbidden, models.ErrForbidden, "error.forbidden")
			return
		}
		c.Next()
	}
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
