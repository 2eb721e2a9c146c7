package handlers

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
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

// adminAudit lists the audit log, newest first; ?limit=N and ?before=RFC3339
// page through it.
func (s *Server) adminAudit(c *gin.Context) {
	entries, err := s.auditPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"entries": entries})
}

func (s *Server) auditPage(c *gin.Context) ([]models.AuditEntry, error) {
	limit := 100
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, models.Errorf(models.ErrInvalid, "limit must be a positive whole number")
		}
		limit = n
	}
	var before time.Time
	if v := c.Query("before"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, models.Errorf(models.ErrInvalid, "before must be a time like 2026-01-31T12:00:00Z")
		}
		before = t
	}
	entries, err := s.store.Audit(c.Request.Context(), limit, before)
	if entries == nil {
		entries = []models.AuditEntry{}
	}
	return entries, err
}
