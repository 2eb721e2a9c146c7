package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
)

// TestStaffPagesShowSwedishTime: the projector page says when the session
// closes, and the audit page when each thing happened, in Swedish time
// (the service's zone), never in UTC: "Stänger 15:21 UTC" at 16:21 was a
// wrong time to a class. The audit page names roles and actions in words.
func TestStaffPagesShowSwedishTime(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	// 15:21 UTC in December is 16:21 in Stockholm.
	closes := time.Date(2099, 12, 7, 15, 21, 0, 0, time.UTC)
	sess := &models.Session{Survey: "ungdomsdialog-2023", CreatedBy: "admin", CreatedAt: time.Now().UTC(), ClosesAt: closes}
	if err := ts.Store.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	page := string(pageAs(t, ts, adminToken, "GET", "/staff/sessions/"+sess.Code, nil).Body)
	if !strings.Contains(page, ">16:21</time>") || strings.Contains(page, "UTC") {
		t.Fatalf("the session page does not say 16:21 Swedish time:\n%s", page)
	}

	// An entry written now is shown in Swedish time, one or two hours on.
	at := time.Now().UTC().Truncate(time.Second)
	if err := ts.Store.InsertAudit(ctx, models.AuditEntry{At: at, Actor: "admin", Role: models.RoleAdmin, Action: models.AuditUserCreate}); err != nil {
		t.Fatal(err)
	}
	audit := string(pageAs(t, ts, adminToken, "GET", "/staff/audit", nil).Body)
	if strings.Contains(audit, "UTC") {
		t.Fatalf("the audit page shows UTC:\n%s", audit)
	}
	if want := at.In(stockholm).Format("2006-01-02 15:04:05"); !strings.Contains(audit, want) {
		t.Fatalf("the audit page lacks the entry at %s Swedish time:\n%s", want, audit)
	}
	// Roles and actions in words, not the codes stored (the filter's
	// options carry the codes as their values, which nobody reads).
	audit = visibleText(audit)
	for _, want := range []string{"admin (Administratör)", "Konto skapat"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	for _, code := range []string{"(admin)", "user.create"} {
		if strings.Contains(audit, code) {
			t.Errorf("the audit page shows the code %q", code)
		}
	}
}
