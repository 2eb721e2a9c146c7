package handlers

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"medborgardialog/models"
)

// countingLoad reads surveys from a real store, counting the reads; while
// gate is non-nil each read first waits for it.
type countingLoad struct {
	reads atomic.Int32
	gate  chan struct{}
	load  func(context.Context, string) (*models.Survey, error)
}

func (l *countingLoad) get(ctx context.Context, slug string) (*models.Survey, error) {
	l.reads.Add(1)
	if l.gate != nil {
		select {
		case <-l.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return l.load(ctx, slug)
}

// readFromBuiltins has l read from a fresh store of the built-in
// surveys, and returns the slug of the first.
func readFromBuiltins(t *testing.T, l *countingLoad) string {
	t.Helper()
	st, builtin := storeWithBuiltins(t)
	l.load = st.Survey
	return builtin[0].Slug
}

func TestSurveyCacheReadsOnceForManyAskers(t *testing.T) {
	l := &countingLoad{gate: make(chan struct{})}
	slug := readFromBuiltins(t, l)
	c := newSurveyCache(time.Hour, l.get)

	const askers = 40
	got := make([]*models.Survey, askers)
	var wg sync.WaitGroup
	for i := range askers {
		wg.Go(func() {
			sv, err := c.get(context.Background(), slug)
			if err != nil {
				t.Error(err)
			}
			got[i] = sv
		})
	}
	for l.reads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // the others find the read under way
	close(l.gate)
	wg.Wait()
	if n := l.reads.Load(); n != 1 {
		t.Fatalf("%d reads for %d askers, want 1", n, askers)
	}
	for i, sv := range got {
		if sv == nil || sv != got[0] || sv.Slug != slug {
			t.Fatalf("asker %d got %v, want the one definition read", i, sv)
		}
	}
}

func TestSurveyCacheServesExpiredWhileReading(t *testing.T) {
	l := &countingLoad{}
	slug := readFromBuiltins(t, l)
	const ttl = 100 * time.Millisecond
	c := newSurveyCache(ttl, l.get)
	first, err := c.get(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(ttl + 10*time.Millisecond)

	// Expired less than ttl ago: served at once, read again behind it,
	// once however many ask meanwhile.
	l.gate = make(chan struct{})
	for range 10 {
		sv, err := c.get(context.Background(), slug)
		if err != nil || sv != first {
			t.Fatalf("expired definition: %v, %v; want the cached one at once", sv, err)
		}
	}
	close(l.gate)
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.mu.Lock()
		reading := c.m[slug].reading != nil
		c.mu.Unlock()
		if !reading {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the read behind the expired definition did not end")
		}
		time.Sleep(time.Millisecond)
	}
	if n := l.reads.Load(); n != 2 {
		t.Fatalf("%d reads, want 2 (the first and one refresh)", n)
	}
	if sv, _ := c.get(context.Background(), slug); sv == first {
		t.Fatal("the refreshed definition was not kept")
	}
}

func TestSurveyCacheWaitsForLongExpired(t *testing.T) {
	l := &countingLoad{}
	slug := readFromBuiltins(t, l)
	const ttl = 30 * time.Millisecond
	c := newSurveyCache(ttl, l.get)
	if _, err := c.get(context.Background(), slug); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2*ttl + 10*time.Millisecond)

	// Another instance may have closed the survey long ago: an idle
	// instance must not accept one more answer on what it read then.
	l.gate = make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if sv, err := c.get(ctx, slug); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("long-expired definition: %v, %v; want to wait for the read", sv, err)
	}
	close(l.gate)
}

func TestSurveyCacheKeepsNoMissingSurvey(t *testing.T) {
	l := &countingLoad{}
	readFromBuiltins(t, l)
	c := newSurveyCache(time.Hour, l.get)
	for range 2 {
		if _, err := c.get(context.Background(), "finns-inte"); models.ErrorCode(err) != models.ErrNotFound {
			t.Fatalf("unknown slug: %v, want not found", err)
		}
	}
	if n := l.reads.Load(); n != 2 {
		t.Fatalf("%d reads for two asks of an unknown slug, want 2 (nothing kept)", n)
	}
	if len(c.m) != 0 {
		t.Fatalf("cache holds %d entries after unknown slugs", len(c.m))
	}
}
