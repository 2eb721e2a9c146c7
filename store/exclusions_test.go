package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

func newExclusionSession(t *testing.T, st *store.Store) string {
	t.Helper()
	sess := &models.Session{Survey: "s", School: "skolan", CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	return sess.Code
}

func insertInSession(t *testing.T, st *store.Store, code, id string) {
	t.Helper()
	r := &models.Response{Survey: "s", Version: 1, SubmissionID: id, Session: code, Lang: "sv", Day: "2026-03-01", Answers: map[string]any{"q": "a"}}
	if _, err := st.InsertResponse(context.Background(), r); err != nil {
		t.Error(err)
	}
}

// counted is how many responses of survey s in session code the figures
// see (EachResponse), and how many are stored at all.
func counted(t *testing.T, st *store.Store, code string) (seen, stored int) {
	t.Helper()
	ctx := context.Background()
	err := st.EachResponse(ctx, store.ResponseFilter{Survey: "s", Session: code}, func(*models.Response) error { seen++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	all, err := st.FindResponses(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if r.Session == code {
			stored++
		}
	}
	return seen, stored
}

func TestExcludeAndIncludeASession(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	code, other := newExclusionSession(t, st), newExclusionSession(t, st)
	for i := range 4 {
		insertInSession(t, st, code, fmt.Sprint("a", i))
		insertInSession(t, st, other, fmt.Sprint("b", i))
	}
	for range 2 { // idempotent
		sess, err := st.ExcludeSession(ctx, code, "Provklass", "anna")
		if err != nil {
			t.Fatal(err)
		}
		if sess.Excluded == nil || sess.Excluded.Reason != "Provklass" || sess.Excluded.By != "anna" {
			t.Fatalf("exclusion %+v", sess.Excluded)
		}
	}
	if _, err := st.ExcludeSession(ctx, code, "Another reason", "bo"); err != nil {
		t.Fatal(err)
	}
	if seen, stored := counted(t, st, code); seen != 0 || stored != 4 {
		t.Fatalf("excluded session: %d seen of %d stored, want 0 of 4", seen, stored)
	}
	if seen, _ := counted(t, st, other); seen != 4 {
		t.Fatalf("the other session: %d seen, want 4", seen)
	}
	// An answer arriving after the exclusion is stored and excluded too.
	insertInSession(t, st, code, "late")
	if seen, stored := counted(t, st, code); seen != 0 || stored != 5 {
		t.Fatalf("after a late answer: %d seen of %d stored", seen, stored)
	}
	n, reasons, err := st.ExcludedSessions(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || !slices.Equal(reasons, []string{"Provklass"}) {
		t.Fatalf("excluded sessions %d %v, want one with the first reason", n, reasons)
	}

	for range 2 {
		sess, err := st.IncludeSession(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if sess.Excluded != nil {
			t.Fatalf("still excluded: %+v", sess.Excluded)
		}
	}
	if seen, _ := counted(t, st, code); seen != 5 {
		t.Fatalf("included again: %d seen, want 5", seen)
	}
	if n, reasons, err := st.ExcludedSessions(ctx, "s"); err != nil || n != 0 || len(reasons) != 0 {
		t.Fatalf("excluded sessions after include: %d %v %v", n, reasons, err)
	}
	if _, err := st.ExcludeSession(ctx, "ZZZZZZ", "x", "y"); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("unknown session: %v", err)
	}
}

// Answers stored while the session is being excluded, by submissions
// that read the session before the flag was set, all end up excluded.
func TestExcludeWhileAnswersArrive(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	code := newExclusionSession(t, st)
	const writers, each = 8, 10
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range each {
				insertInSession(t, st, code, fmt.Sprintf("w%d-%d", w, i))
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-start
		time.Sleep(5 * time.Millisecond)
		if _, err := st.ExcludeSession(ctx, code, "Test", "anna"); err != nil {
			t.Error(err)
		}
	}()
	close(start)
	wg.Wait()
	raw, err := st.RawResponses(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != writers*each {
		t.Fatalf("%d stored, want %d", len(raw), writers*each)
	}
	for _, doc := range raw {
		if doc["excluded"] != true {
			t.Fatalf("a response of the excluded session is not marked: %v", doc["submission_id"])
		}
	}
	if seen, _ := counted(t, st, code); seen != 0 {
		t.Fatalf("%d responses of an excluded session in the figures", seen)
	}
}

// A session excluded before the flags had a collection of their own (or
// restored from a backup made then) is still excluded after a restart:
// Open writes its flag, and an answer given in it is marked.
func TestOpenWritesTheFlagsOfExcludedSessions(t *testing.T) {
	ctx := context.Background()
	db := storetest.DBName()
	st, err := store.Open(ctx, storetest.URI(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Drop(context.Background()); _ = st.Close(context.Background()) })
	old := &models.Session{Code: "GAMMAL", Survey: "s", CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour),
		Excluded: &models.Exclusion{Reason: "Test", By: "anna", At: time.Now().UTC().Truncate(time.Millisecond)}}
	if err := st.InsertRaw(ctx, "sessions", old); err != nil {
		t.Fatal(err)
	}
	if ex, err := st.SessionExcluded(ctx, old.Code); err != nil || ex {
		t.Fatalf("before the restart: excluded %v (%v); the flag was never written", ex, err)
	}
	again, err := store.Open(ctx, storetest.URI(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close(ctx)
	if ex, err := again.SessionExcluded(ctx, old.Code); err != nil || !ex {
		t.Fatalf("after the restart: excluded %v (%v), want true", ex, err)
	}
	insertInSession(t, again, old.Code, "late")
	raw, err := again.RawResponses(ctx, "s")
	if err != nil || len(raw) != 1 || raw[0]["excluded"] != true {
		t.Fatalf("an answer in the excluded session: %v (%v), want it marked", raw, err)
	}
}
