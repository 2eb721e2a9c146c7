package store_test

import (
	"fmt"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store/storetest"
)

func TestAuditNewestFirst(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	if list, err := s.Audit(ctx, 10, time.Time{}); err != nil || list == nil || len(list) != 0 {
		t.Fatalf("empty log = %#v, %v", list, err)
	}
	base := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		err := s.InsertAudit(ctx, models.AuditEntry{
			At: base.Add(time.Duration(i) * time.Minute), Actor: "anna", Role: models.RoleAnalyst,
			Action: "results.view", Survey: "trygghet-2024",
			Details: map[string]string{"school": fmt.Sprintf("skola-%d", i), "from": "2024-01-01"},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.Audit(ctx, 3, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || !list[0].At.Equal(base.Add(4*time.Minute)) || !list[2].At.Equal(base.Add(2*time.Minute)) {
		t.Fatalf("first page %+v", list)
	}
	e := list[0]
	if e.Actor != "anna" || e.Role != models.RoleAnalyst || e.Action != "results.view" || e.Survey != "trygghet-2024" ||
		e.Details["school"] != "skola-4" || e.Details["from"] != "2024-01-01" {
		t.Fatalf("entry %+v", e)
	}
	next, err := s.Audit(ctx, 3, list[2].At)
	if err != nil {
		t.Fatal(err)
	}
	if len(next) != 2 || !next[0].At.Equal(base.Add(time.Minute)) || !next[1].At.Equal(base) {
		t.Fatalf("second page %+v", next)
	}
	if all, _ := s.Audit(ctx, 0, time.Time{}); len(all) != 5 {
		t.Fatalf("default limit gave %d", len(all))
	}
}

func TestInsertAudit(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	before := time.Now().Add(-time.Second)
	if err := s.InsertAudit(ctx, models.AuditEntry{Actor: "anna", Action: "user.create",
		Details: map[string]string{"school": "Norra\x00skolan"}}); err != nil {
		t.Fatalf("a NUL in a value must not fail the write: %v", err)
	}
	list, _ := s.Audit(ctx, 1, time.Time{})
	if len(list) != 1 || list[0].At.Before(before) || list[0].At.After(time.Now()) || list[0].Details["school"] != "Norra\uFFFDskolan" {
		t.Fatalf("entry %+v: a zero At must become now", list)
	}
	for _, tt := range []struct {
		name string
		e    models.AuditEntry
	}{
		{"no actor", models.AuditEntry{Action: "x"}},
		{"no action", models.AuditEntry{Actor: "anna"}},
		{"dotted key", models.AuditEntry{Actor: "anna", Action: "x", Details: map[string]string{"a.b": "1"}}},
		{"dollar key", models.AuditEntry{Actor: "anna", Action: "x", Details: map[string]string{"$where": "1"}}},
		{"empty key", models.AuditEntry{Actor: "anna", Action: "x", Details: map[string]string{"": "1"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, s.InsertAudit(ctx, tt.e), models.ErrInvalid)
		})
	}
}
