package store_test

import (
	"context"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

func TestResponseTallies(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sv := &models.Survey{Slug: "tally-test", Version: 1, Status: "open", Title: models.Text{"sv": "T"}}
	if err := st.InsertSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	sess := &models.Session{Survey: sv.Slug, CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	resp := func(id, session string) *models.Response {
		return &models.Response{Survey: sv.Slug, Version: 1, SubmissionID: id, Session: session, Lang: "sv", Day: "2026-01-01", Answers: map[string]any{}}
	}
	for _, r := range []*models.Response{resp("a", sess.Code), resp("b", sess.Code), resp("a", sess.Code), resp("c", "")} {
		if _, err := st.InsertResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// A batch with one submission stored before: only the new ones count.
	if err := st.InsertResponses(ctx, []*models.Response{resp("d", sess.Code), resp("b", sess.Code), resp("e", "")}); err == nil {
		t.Fatal("a batch with a stored submission id reported no error")
	}
	if n, err := st.CountSessionResponses(ctx, sess.Code); err != nil || n != 3 {
		t.Fatalf("session tally %d (%v), want 3: a, b, d", n, err)
	}
	if n, err := st.CountSurveyResponses(ctx, sv.Slug); err != nil || n != 5 {
		t.Fatalf("survey tally %d (%v), want 5: a, b, c, d, e", n, err)
	}
	if has, err := st.HasResponses(ctx, sv.Slug, 1); err != nil || !has {
		t.Fatalf("HasResponses = %v, %v", has, err)
	}
	if has, _ := st.HasResponses(ctx, sv.Slug, 2); has {
		t.Fatal("version 2 has responses")
	}
}

// TestATallyBatchIsTakenOnce: a batch sent again, as after a write whose
// answer was lost, is not added twice; a new batch is.
func TestATallyBatchIsTakenOnce(t *testing.T) {
	ctx := context.Background()
	s := storetest.New(t)
	for range 3 {
		if err := store.SendSessionTallyBatch(ctx, s, "ABC123", "batch-1", 3); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.CountSessionResponses(ctx, "ABC123"); err != nil || n != 3 {
		t.Fatalf("after one batch sent three times: %d (%v), want 3", n, err)
	}
	if err := store.SendSessionTallyBatch(ctx, s, "ABC123", "batch-2", 2); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountSessionResponses(ctx, "ABC123"); err != nil || n != 5 {
		t.Fatalf("after a second batch: %d (%v), want 5", n, err)
	}
}
