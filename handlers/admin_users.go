package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/password"
	"medborgardialog/web"
)

// newUser is the body of POST /api/v1/admin/users.
type newUser struct {
	Name  string `json:"name" form:"name"`
	Role  string `json:"role" form:"role"`
	Token bool   `json:"token" form:"token"` // give an API token instead of a password
}

// createdUser is shown once: the secret is never stored in plain text.
type createdUser struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	Password string `json:"password,omitempty"`
	Token    string `json:"token,omitempty"`
}

// createUser checks and stores a new staff member with a one-time password
// or an API token, and writes the change to the audit log.
func (s *Server) createUser(c *gin.Context, in newUser) (*createdUser, error) {
	if !models.ValidUserName(in.Name) {
		return nil, models.Errorf(models.ErrInvalid, "%s", web.T(staffLang(c), "user.bad_name"))
	}
	if models.ReservedUserName(in.Name) {
		return nil, models.Errorf(models.ErrInvalid, web.T(staffLang(c), "user.reserved"), strings.Join(models.ReservedUserNames, ", "))
	}
	if !models.ValidRole(in.Role) {
		return nil, models.Errorf(models.ErrInvalid, "%s", web.T(staffLang(c), "user.bad_role"))
	}
	ctx := c.Request.Context()
	secret := password.Generate()
	var hash string
	var hashErr error
	if err := s.signIns.hash(ctx, func() { hash, hashErr = password.Hash(secret) }); err != nil {
		return nil, &models.Error{Code: models.ErrUnavailable, Message: "busy; try again", Cause: err}
	}
	if hashErr != nil {
		return nil, hashErr
	}
	if err := s.store.CreateUser(ctx, in.Name, in.Role, hash); err != nil {
		if models.ErrorCode(err) == models.ErrConflict {
			err = models.Errorf(models.ErrConflict, web.T(staffLang(c), "user.exists"), in.Name)
		}
		return nil, err
	}
	out := &createdUser{Name: in.Name, Role: in.Role, Password: secret}
	if in.Token {
		// The password above stays unknown to anyone: the account signs in
		// with its token only.
		tok, _, err := s.store.CreateToken(ctx, in.Name, "created with the account")
		if err != nil {
			return nil, err
		}
		out.Password, out.Token = "", tok
	}
	s.audit(c, models.AuditUserCreate, "", map[string]string{"user": in.Name, "role": in.Role})
	return out, nil
}

func (s *Server) adminCreateUser(c *gin.Context) {
	var in newUser
	if err := c.ShouldBindJSON(&in); err != nil {
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_json")
		return
	}
	out, err := s.createUser(c, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

func (s *Server) adminListUsers(c *gin.Context) {
	users, err := s.store.Users(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if users == nil {
		users = []models.User{}
	}
	c.JSON(http.StatusOK, gin.H{"users": users})
}

func (s *Server) adminDisableUser(c *gin.Context) { s.adminSetDisabled(c, true) }
func (s *Server) adminEnableUser(c *gin.Context)  { s.adminSetDisabled(c, false) }

func (s *Server) adminSetDisabled(c *gin.Context, disabled bool) {
	if err := s.setDisabled(c, c.Param("name"), disabled); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"name": c.Param("name"), "disabled": disabled})
}

// setDisabled turns an account off or on; turning it off also ends its
// signed-in sessions.
func (s *Server) setDisabled(c *gin.Context, name string, disabled bool) error {
	if !models.ValidUserName(name) {
		return models.Errorf(models.ErrNotFound, "no such user")
	}
	if err := s.store.SetUserDisabled(c.Request.Context(), name, disabled); err != nil {
		return err
	}
	action := models.AuditUserEnable
	if disabled {
		action = models.AuditUserDisable
	}
	s.audit(c, action, "", map[string]string{"user": name})
	return nil
}

// listTokens shows the caller's own tokens; an admin sees everyone's.
func (s *Server) listTokens(c *gin.Context) {
	p := currentPrincipal(c)
	user := p.Name
	if p.Role == models.RoleAdmin {
		user = ""
	}
	toks, err := s.store.Tokens(c.Request.Context(), user)
	if err != nil {
		s.fail(c, err)
		return
	}
	if toks == nil {
		toks = []models.Token{}
	}
	c.JSON(http.StatusOK, gin.H{"tokens": toks})
}

// createToken gives the caller a new API token, shown once.
func (s *Server) createToken(c *gin.Context) {
	p := currentPrincipal(c)
	if p.Name == models.AuditActorAdminToken {
		s.fail(c, models.Errorf(models.ErrInvalid, "the bootstrap admin token cannot create tokens for itself; create a user first"))
		return
	}
	var in struct {
		Label string `json:"label"`
	}
	_ = c.ShouldBindJSON(&in) // the label is optional; an empty body is fine
	if len(in.Label) > 100 {
		s.fail(c, models.Errorf(models.ErrInvalid, "the label must be at most 100 characters"))
		return
	}
	secret, tok, err := s.store.CreateToken(c.Request.Context(), p.Name, in.Label)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, models.AuditTokenCreate, "", map[string]string{"user": p.Name, "token": tok.ID})
	c.JSON(http.StatusCreated, gin.H{"token": secret, "id": tok.ID, "label": tok.Label})
}

// revokeToken deletes one of the caller's tokens; an admin may revoke any.
func (s *Server) revokeToken(c *gin.Context) {
	p := currentPrincipal(c)
	id := c.Param("id")
	ctx := c.Request.Context()
	if p.Role != models.RoleAdmin {
		if !s.ownsToken(ctx, p.Name, id) {
			s.fail(c, models.Errorf(models.ErrNotFound, "no such token"))
			return
		}
	}
	if err := s.store.RevokeToken(ctx, id); err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, models.AuditTokenRevoke, "", map[string]string{"token": id})
	c.JSON(http.StatusOK, gin.H{"id": id, "revoked": true})
}

func (s *Server) ownsToken(ctx context.Context, user, id string) bool {
	toks, err := s.store.Tokens(ctx, user)
	if err != nil {
		return false
	}
	for _, t := range toks {
		if t.ID == id {
			return true
		}
	}
	return false
}

// passwordProblem is why a new password was not taken: the form field it
// belongs to, a stable code and the message key that words it.
type passwordProblem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	key     string
}

func (p *passwordProblem) Error() string { return "handlers: password not changed: " + p.Code }

func newPasswordProblem(field, code string) *passwordProblem {
	return &passwordProblem{Field: field, Code: code, key: "password." + code}
}

// changeOwnPassword replaces the caller's password with one they chose,
// once the current one checks out: it ends the account's other web
// sessions (a browser that changes it stays signed in, with a new session),
// revokes every API token of the account, since whoever knew the old
// password could have made one, and no longer asks for a change. It
// returns the tokens revoked. A *passwordProblem says what to fix; a
// *throttledError or errHashBusy that the check did not run.
func (s *Server) changeOwnPassword(c *gin.Context, current, next string) ([]models.Token, error) {
	p := currentPrincipal(c)
	if p.Name == models.AuditActorAdminToken {
		return nil, models.Errorf(models.ErrInvalid, "%s", web.T(staffLang(c), "password.no_account"))
	}
	switch err := password.Check(next, p.Name); {
	case errors.Is(err, password.ErrTooShort):
		return nil, newPasswordProblem("new", "too_short")
	case errors.Is(err, password.ErrTooLong):
		return nil, newPasswordProblem("new", "too_long")
	case errors.Is(err, password.ErrContainsName):
		return nil, newPasswordProblem("new", "contains_name")
	case err != nil:
		return nil, newPasswordProblem("new", "not_text")
	}
	if next == current {
		// Once current is verified, this is the only way next can match
		// the stored hash, so no second hash is needed to tell.
		return nil, newPasswordProblem("new", "same")
	}
	res, err := s.checkPassword(c, p.Name, current)
	switch {
	case err != nil:
		return nil, err
	case res.reason == reasonExpired:
		return nil, newPasswordProblem("current", "expired")
	case res.reason != "":
		return nil, newPasswordProblem("current", "wrong")
	}
	var (
		hash    string
		hashErr error
	)
	if err := s.signIns.hash(c.Request.Context(), func() { hash, hashErr = password.Hash(next) }); err != nil {
		return nil, err
	}
	if hashErr != nil {
		return nil, &models.Error{Code: models.ErrInternal, Message: "could not hash the new password", Cause: hashErr}
	}
	ctx := c.Request.Context()
	if err := s.store.SetPassword(ctx, p.Name, hash); err != nil {
		return nil, err
	}
	if err := s.store.DeleteUserWebSessions(ctx, p.Name); err != nil {
		return nil, err
	}
	revoked, err := s.store.RevokeUserTokens(ctx, p.Name)
	if err != nil {
		return nil, err
	}
	for _, tok := range revoked {
		s.audit(c, models.AuditTokenRevoke, "", map[string]string{"user": p.Name, "token": tok.ID, "why": models.AuditPassword})
	}
	if p.csrf != "" {
		if err := s.startWebSession(c, p.Name); err != nil {
			return nil, err
		}
	}
	s.audit(c, models.AuditPassword, "", map[string]string{"user": p.Name, "tokens_revoked": strconv.Itoa(len(revoked))})
	return revoked, nil
}

// adminChangePassword is POST /api/v1/admin/me/password.
func (s *Server) adminChangePassword(c *gin.Context) {
	var in struct {
		Current string `json:"current"`
		New     string `json:"new"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_json")
		return
	}
	revoked, err := s.changeOwnPassword(c, in.Current, in.New)
	var problem *passwordProblem
	var slow *throttledError
	switch {
	case err == nil:
		// The token this request came with may be among them: the
		// caller is told, since its next request will be refused.
		c.JSON(http.StatusOK, gin.H{"name": currentPrincipal(c).Name, "changed": true, "tokens_revoked": len(revoked)})
	case errors.As(err, &problem):
		problem.Message = web.T(requestLang(c), problem.key)
		invalid(c, problem.Message, []*passwordProblem{problem})
	case errors.As(err, &slow):
		retryAfter(c, slow.retry)
		s.abort(c, http.StatusTooManyRequests, models.ErrRateLimited, "login.wait")
	case errors.Is(err, errHashBusy), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		c.Header("Retry-After", "2")
		s.abort(c, http.StatusServiceUnavailable, models.ErrUnavailable, "login.busy")
	default:
		s.fail(c, err)
	}
}
