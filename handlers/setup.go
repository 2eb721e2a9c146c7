package handlers

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/password"
	"medborgardialog/web"
)

// setupLink is the one-time link that creates the first admin account
// while the service runs (issue 28), as Grafana and Gitea do: start-up
// makes it when no admin exists and prints it once in the log. It is kept
// only in this process's memory, so it ends with the process; it works
// once, until it expires, and only while there is still no admin. The
// alternative, `user add` while the service runs, would need the CLI to
// reach the embedded engine, whose data directory the service holds; a
// link needs nothing beyond a browser.
type setupLink struct {
	mu      sync.Mutex // held while an account is made, so two requests cannot both use the link
	token   string     // "" once used, or when there is none
	expires time.Time
}

// SetupLinkTTL is how long a setup link works.
const SetupLinkTTL = time.Hour

// valid reports whether token is the link's, in constant time, and the
// link is unused and unexpired. The caller holds mu.
func (l *setupLink) valid(token string, now time.Time) bool {
	if l == nil || l.token == "" || now.After(l.expires) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(token), []byte(l.token)) == 1
}

type setupView struct {
	CSS, Token, Name string
	MinLen           int
	Problems         []formProblem
	Gone             bool // the link no longer works
}

// At is the message beside a field.
func (v setupView) At(field string) string { return fieldMessage(v.Problems, field) }

// setupPage shows the form that makes the first admin, or says the link
// no longer works.
func (s *Server) setupPage(c *gin.Context) {
	token := c.Query("token")
	s.firstAdmin.mu.Lock()
	ok := s.firstAdmin.valid(token, time.Now())
	s.firstAdmin.mu.Unlock()
	if !ok {
		s.setupGone(c)
		return
	}
	s.renderSetup(c, http.StatusOK, setupView{Token: token}, nil)
}

func (s *Server) renderSetup(c *gin.Context, status int, v setupView, problems []formProblem) {
	lang := staffLang(c)
	v.CSS, v.MinLen, v.Problems = s.static.urls.CSS, password.MinLength, problems
	s.page(c, status, "setup", pageData{Lang: lang, Title: web.T(lang, "setup.title"), Data: v, Staff: true})
}

// setupGone answers a link that was used, has expired, was never made
// (an admin existed at start-up) or is not this one.
func (s *Server) setupGone(c *gin.Context) {
	lang := staffLang(c)
	s.page(c, http.StatusGone, "setup", pageData{Lang: lang, Title: web.T(lang, "setup.title"), Data: setupView{CSS: s.static.urls.CSS, Gone: true}, Staff: true})
}

// createFirstAdmin makes the first admin with the name and password
// chosen, signs the browser in as that account and uses the link up.
func (s *Server) createFirstAdmin(c *gin.Context) {
	lang := staffLang(c)
	token, name := c.PostForm("token"), strings.TrimSpace(c.PostForm("name"))
	pw := c.PostForm("password")
	s.firstAdmin.mu.Lock()
	defer s.firstAdmin.mu.Unlock()
	if !s.firstAdmin.valid(token, time.Now()) {
		s.setupGone(c)
		return
	}
	v := setupView{Token: token, Name: name}
	if problems := setupProblems(lang, name, pw, c.PostForm("repeat")); len(problems) > 0 {
		s.renderSetup(c, http.StatusUnprocessableEntity, v, problems)
		return
	}
	ctx := c.Request.Context()
	users, err := s.store.Users(ctx)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	for _, u := range users {
		if u.Role == models.RoleAdmin && !u.Disabled {
			// Someone made an admin another way meanwhile (user add):
			// the link has done its job without being used.
			s.firstAdmin.token = ""
			s.setupGone(c)
			return
		}
	}
	var (
		hash    string
		hashErr error
	)
	if err := s.signIns.hash(ctx, func() { hash, hashErr = password.Hash(pw) }); err != nil {
		s.staffFail(c, err)
		return
	}
	if hashErr != nil {
		s.staffFail(c, &models.Error{Code: models.ErrInternal, Message: "could not hash the password", Cause: hashErr})
		return
	}
	err = s.store.CreateUser(ctx, name, models.RoleAdmin, hash)
	if models.ErrorCode(err) == models.ErrConflict {
		s.renderSetup(c, http.StatusUnprocessableEntity, v, []formProblem{setupProblem(lang, "setup-name", "setup.name_taken")})
		return
	}
	if err == nil {
		// Chosen here, so not a one-time password to change at once.
		err = s.store.SetPassword(ctx, name, hash)
	}
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.firstAdmin.token = ""
	s.auditAs(c, name, models.RoleAdmin, models.AuditUserCreate, map[string]string{"user": name, "role": models.RoleAdmin, "via": "setup"})
	if err := s.startWebSession(c, name); err != nil {
		s.staffFail(c, err)
		return
	}
	s.log.Info("first admin account created with the setup link; the link no longer works", "user", name)
	c.Redirect(http.StatusSeeOther, "/staff?lang="+lang)
}

// setupProblems checks the name and the password chosen.
func setupProblems(lang, name, pw, repeat string) []formProblem {
	var out []formProblem
	if !models.ValidUserName(name) || models.ReservedUserName(name) {
		out = append(out, setupProblem(lang, "setup-name", "setup.name_invalid"))
	}
	switch err := password.Check(pw, name); {
	case errors.Is(err, password.ErrTooShort):
		out = append(out, setupProblem(lang, "setup-password", "password.too_short"))
	case errors.Is(err, password.ErrTooLong):
		out = append(out, setupProblem(lang, "setup-password", "password.too_long"))
	case errors.Is(err, password.ErrContainsName):
		out = append(out, setupProblem(lang, "setup-password", "password.contains_name"))
	case err != nil:
		out = append(out, setupProblem(lang, "setup-password", "password.not_text"))
	case pw != repeat:
		out = append(out, setupProblem(lang, "setup-repeat", "password.mismatch"))
	}
	return out
}

func setupProblem(lang, field, key string) formProblem {
	label := map[string]string{"setup-name": "login.name", "setup-password": "password.new", "setup-repeat": "password.repeat"}[field]
	msg := web.T(lang, key)
	return formProblem{Field: field, Message: msg, Text: web.T(lang, label) + ": " + msg}
}
