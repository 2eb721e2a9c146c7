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
// maxAuditLimit) and ?before=RFC3339 page through it.
func (s *Server) adminAudit(c *gin.Context) {
	entries, err := s.auditPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"entries": entries})
}

// auditPage reads the page of the audit log the query asks for. A limit
// that is not a positive whole number is invalid, in the user's language.
func (s *Server) auditPage(c *gin.Context) ([]models.AuditEntry, error) {
	lang := staffLang(c)
	limit := 100
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err == nil && n >= 1:
			limit = min(n, maxAuditLimit)
		case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-"):
			limit = maxAuditLimit // a huge number is still a whole number
		default:
			return nil, models.Errorf(models.ErrInvalid, web.T(lang, "audit.bad_limit"), maxAuditLimit)
		}
	}
	var before time.Time
	if v := c.Query("before"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, models.Errorf(models.ErrInvalid, "%s", web.T(lang, "audit.bad_before"))
		}
		before = t
	}
	entries, err := s.store.Audit(c.Request.Context(), limit, before)
	if entries == nil {
		entries = []models.AuditEntry{}
	}
	return entries, err
}
