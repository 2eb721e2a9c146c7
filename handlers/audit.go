package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/web"
)

// audit records a staff action. A failed audit write is logged, not shown:
// the action itself has already happened.
func (s *Server) audit(c *gin.Context, action, survey string, details map[string]string) {
	p := currentPrincipal(c)
	if p == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 5*time.Second)
	defer cancel()
	err := s.store.InsertAudit(ctx, models.AuditEntry{Actor: p.Name, Role: p.Role, Action: action, Survey: survey, Details: details})
	if err != nil {
		s.log.Error("audit write failed", "action", action, "err", err)
	}
}

// maxAuditLimit is the most entries one page of the audit log shows: a
// larger ?limit= is read as this many (page on with ?before=), so no
// request makes the database read more.
const maxAuditLimit = 500

// adminAudit lists the audit log, newest first; ?limit=N (at most
// maxAuditLimit) and ?before=RFC3339 page through it, ?action= and
// ?actor= narrow it.
func (s *Server) adminAudit(c *gin.Context) {
	q, err := auditQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	entries, err := s.store.AuditWhere(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"entries": entries})
}

// auditQuery reads the page of the audit log the query asks for. A
// limit that is not a positive whole number, or a before that is not a
// time, is invalid, in the user's language.
func auditQuery(c *gin.Context) (store.AuditQuery, error) {
	lang := staffLang(c)
	q := store.AuditQuery{Limit: 100, Action: c.Query("action"), Actor: c.Query("actor")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err == nil && n >= 1:
			q.Limit = min(n, maxAuditLimit)
		case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-"):
			q.Limit = maxAuditLimit // a huge number is still a whole number
		default:
			return q, models.Errorf(models.ErrInvalid, web.T(lang, "audit.bad_limit"), maxAuditLimit)
		}
	}
	if v := c.Query("before"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return q, models.Errorf(models.ErrInvalid, "%s", web.T(lang, "audit.bad_before"))
		}
		q.Before = t
	}
	return q, nil
}
