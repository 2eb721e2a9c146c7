package results

import (
	"context"
	"testing"
	"time"

	"medborgardialog/demo"
	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// aroundTheService stores one response as a write the copies never hear
// of would: straight into the collection.
func aroundTheService(t *testing.T, f *fixture, seed uint64) *models.Response {
	t.Helper()
	g := demo.NewGenerator(f.sv, seed)
	sess, place := g.Session(time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 3, 30, 0, 0, 0, 0, time.UTC))
	r := g.Response(sess, place)
	r.ID = store.ResponseID(r.Survey, r.SubmissionID)
	if err := f.st.InsertRaw(context.Background(), "responses", r); err != nil {
		t.Fatal(err)
	}
	return r
}

// waitLen waits for the copy of current to hold n responses.
func waitLen(t *testing.T, m *Manager, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		cols, err := m.Columns(context.Background(), current)
		if err == nil && cols.Len() == n {
			return
		}
		if time.Now().After(deadline) {
			got := -1
			if cols != nil {
				got = cols.Len()
			}
			t.Fatalf("the copy holds %d responses, want %d (%v)", got, n, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestARetryAddsWhatTheCopyLacks: a retry of a submission the database
// holds but the copy does not (stored by an insert whose answer was lost,
// say) gets "duplicate", and the copy gets the response, at once.
func TestARetryAddsWhatTheCopyLacks(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 40, 21)
	m := newManager(f.st, Options{})
	defer m.Close()
	waitLen(t, m, 40)

	r := aroundTheService(t, f, 22)
	retry := *r
	retry.ID, retry.RecordKey = "", 0
	dup, err := f.st.InsertResponse(ctx, &retry)
	if err != nil || !dup {
		t.Fatalf("the retry: duplicate %v, %v; want a duplicate", dup, err)
	}
	cols, err := m.Columns(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	if cols.Len() != 41 || !cols.Holds(r.ID) {
		t.Fatalf("the copy holds %d responses (the retried one: %v), want 41 with it", cols.Len(), cols.Holds(r.ID))
	}
	if got := m.Integrity().Repaired; got != 1 {
		t.Fatalf("repaired %d, want 1", got)
	}
	f.agreeQuick(t, "after a retry the copy lacked", m)

	// A second retry finds it held: nothing is added twice.
	if dup, err := f.st.InsertResponse(ctx, &retry); err != nil || !dup {
		t.Fatalf("the second retry: duplicate %v, %v", dup, err)
	}
	if cols.Len() != 41 || m.Integrity().Repaired != 1 {
		t.Fatalf("a second retry changed the copy: %d responses, repaired %d", cols.Len(), m.Integrity().Repaired)
	}
}

// TestTheCheckReadsAgainACopyThatMissedAWrite: a response written around
// the service is found by the periodic check, counted, and the copy is
// read again; a copy that matches is left alone.
func TestTheCheckReadsAgainACopyThatMissedAWrite(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 40, 23)
	m := newManager(f.st, Options{})
	defer m.Close()
	waitLen(t, m, 40)

	reread, err := m.Check(ctx)
	if err != nil || len(reread) != 0 {
		t.Fatalf("a matching copy: read again %v, %v", reread, err)
	}
	aroundTheService(t, f, 24)
	reread, err = m.Check(ctx)
	if err != nil || len(reread) != 1 || reread[0] != current {
		t.Fatalf("read again %v, %v; want [%s]", reread, err, current)
	}
	if got := m.Integrity(); got.Mismatches != 1 || got.Checks != 2 {
		t.Fatalf("integrity %+v, want 1 mismatch in 2 checks", got)
	}
	waitLen(t, m, 41)
	f.agreeQuick(t, "after the check", m)
	if reread, err := m.Check(ctx); err != nil || len(reread) != 0 {
		t.Fatalf("after the repair: read again %v, %v", reread, err)
	}
}

// TestTwoTriesInFlightAreCountedOnce: a client gives up and retries while
// its first try is still in flight; the retry meets the first try's
// document (a duplicate, read back) before the first try reports it. The
// response is appended once, by the first try.
func TestTwoTriesInFlightAreCountedOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 30, 41)
	m := New(f.st, Options{}) // told of the tries by hand below
	defer m.Close()
	waitLen(t, m, 30)

	r := aroundTheService(t, f, 42) // stored by the first try
	m.Inserting([]string{r.ID})     // the first try
	m.Inserting([]string{r.ID})     // the retry
	m.Abandoned([]string{r.ID})     // the retry met the document
	m.Present(r)                    // and read it back
	cols, err := m.Columns(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	if cols.Len() != 30 {
		t.Fatalf("the retry added the response while the first try was in flight: %d responses", cols.Len())
	}
	m.Inserted([]*models.Response{r}) // the first try reports it
	if cols.Len() != 31 {
		t.Fatalf("after the first try: %d responses, want 31", cols.Len())
	}
}
