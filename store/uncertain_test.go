package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// countingObserver counts, per id, the responses the store says it stored
// (Inserted) and the marks in flight it has not ended yet.
type countingObserver struct {
	store.IgnoreWrites
	mu       sync.Mutex
	inserted map[string]int
	inflight map[string]int
}

func (o *countingObserver) Inserting(ids []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, id := range ids {
		o.inflight[id]++
	}
}

func (o *countingObserver) Inserted(rs []*models.Response) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range rs {
		o.inserted[r.ID]++
		o.inflight[r.ID]--
	}
}

func (o *countingObserver) Abandoned(ids []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, id := range ids {
		o.inflight[id]--
	}
}

// TestTriesWithLostAnswersCountOnce: however the tries of one submission
// whose answers were lost meet (a retry that settles the first while the
// background loop holds it in its list, a second try lost while the first
// still waits), the response is counted once in the tallies and by the
// observers, and every mark in flight is ended.
func TestTriesWithLostAnswersCountOnce(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, s *store.Store, r func() *models.Response)
	}{
		{"a retry settles the first try, then a try is lost again, then the loop settles its old list", func(t *testing.T, s *store.Store, r func() *models.Response) {
			first, err := store.TryWithLostAnswer(ctx, s, r(), true)
			if err != nil {
				t.Fatal(err)
			}
			if dup, err := s.InsertResponse(ctx, r()); err != nil || !dup {
				t.Fatalf("retry: duplicate %v, %v; want the first try found stored", dup, err)
			}
			if _, err := store.TryWithLostAnswer(ctx, s, r(), false); err != nil {
				t.Fatal(err)
			}
			if err := store.SettleAgain(ctx, s, first); err != nil {
				t.Fatal(err)
			}
			store.SettleWaiting(ctx, s)
		}},
		{"two tries lost, the first stored, settled second first", func(t *testing.T, s *store.Store, r func() *models.Response) {
			if _, err := store.TryWithLostAnswer(ctx, s, r(), true); err != nil {
				t.Fatal(err)
			}
			second, err := store.TryWithLostAnswer(ctx, s, r(), false)
			if err != nil {
				t.Fatal(err)
			}
			if err := store.SettleAgain(ctx, s, second); err != nil {
				t.Fatal(err)
			}
			store.SettleWaiting(ctx, s)
		}},
		{"two tries lost, neither stored, a retry settles", func(t *testing.T, s *store.Store, r func() *models.Response) {
			for range 2 {
				if _, err := store.TryWithLostAnswer(ctx, s, r(), false); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.InsertResponse(ctx, r()); err != nil {
				t.Fatal(err)
			}
			store.SettleWaiting(ctx, s)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := storetest.New(t)
			obs := &countingObserver{inserted: map[string]int{}, inflight: map[string]int{}}
			s.AddObserver(obs)
			sv := &models.Survey{Slug: "lost-answers", Version: 1, Status: "open", Title: models.Text{"sv": "T"}}
			if err := s.InsertSurvey(ctx, sv); err != nil {
				t.Fatal(err)
			}
			sess := &models.Session{Survey: sv.Slug, CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
			if err := s.CreateSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
			r := func() *models.Response {
				return &models.Response{Survey: sv.Slug, Version: 1, SubmissionID: "sub-1", Session: sess.Code, Lang: "sv", Day: "2026-01-01", Answers: map[string]any{"q": "a"}}
			}
			tc.run(t, s, r)

			if n := s.Integrity().Uncertain; n != 0 {
				t.Fatalf("%d tries still unsettled", n)
			}
			id := store.ResponseID(sv.Slug, "sub-1")
			obs.mu.Lock()
			inserted, inflight := obs.inserted[id], obs.inflight[id]
			obs.mu.Unlock()
			if inserted != 1 || inflight != 0 {
				t.Fatalf("observers told of the response %d times, %d marks in flight left; want 1 and 0", inserted, inflight)
			}
			if n, err := s.CountSessionResponses(ctx, sess.Code); err != nil || n != 1 {
				t.Fatalf("session tally %d (%v), want 1", n, err)
			}
			if n, err := s.CountSurveyResponses(ctx, sv.Slug); err != nil || n != 1 {
				t.Fatalf("survey tally %d (%v), want 1", n, err)
			}
			if n, err := store.ScanResponses(ctx, s, sv.Slug); err != nil || n != 1 {
				t.Fatalf("%d stored (%v), want 1", n, err)
			}
		})
	}
}
