package handlers

import (
	"context"
	"fmt"
	"testing"
	"time"

	"medborgardialog/models"
)

// BenchmarkAuditPage serves the audit page over a log of 10,000
// entries: the first page, and one narrowed to a rare action, which
// reads back through the log until it has a page. Each page also lists
// the log's actions and users for its filters (two distinct reads).
func BenchmarkAuditPage(b *testing.B) {
	t := &testing.T{}
	ts := newTestServer(t)
	ctx := context.Background()
	start := time.Now().Add(-24 * time.Hour)
	for i := range 10000 {
		e := models.AuditEntry{At: start.Add(time.Duration(i) * time.Second), Actor: fmt.Sprintf("user%d", i%20), Role: models.RoleAnalyst, Action: models.AuditResultsView, Survey: "ungdomsdialog-2023"}
		if i%1000 == 0 {
			e.Action = models.AuditSurveyClose
		}
		if err := ts.Store.InsertAudit(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range []string{"", "?action=survey.close"} {
		b.Run("query="+q, func(b *testing.B) {
			for b.Loop() {
				if r := pageAs(t, ts, adminToken, "GET", "/staff/audit"+q, nil); r.Status != 200 {
					b.Fatalf("%d", r.Status)
				}
			}
		})
	}
}
