package handlers

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"medborgardialog/models"
)

// TestFeedbackCacheServesExpiredWhileCounting: once figures are held, a
// request never waits for the count every ttl; one count behind it
// replaces them, and figures held too long are waited for again.
func TestFeedbackCacheServesExpiredWhileCounting(t *testing.T) {
	const ttl = 80 * time.Millisecond
	fc := newFeedbackCache(ttl)
	var calls atomic.Int32
	var gate atomic.Pointer[chan struct{}]
	build := func(ctx context.Context, sv *models.Survey) (*feedbackFigures, error) {
		n := calls.Add(1)
		if g := gate.Load(); g != nil {
			<-*g
		}
		return &feedbackFigures{Version: sv.Version, N: int(n)}, nil
	}
	sv := &models.Survey{Slug: "s", Version: 1}
	first, err := fc.figures(context.Background(), sv, build)
	if err != nil || first.N != 1 {
		t.Fatalf("first count: %+v %v", first, err)
	}
	time.Sleep(ttl + 10*time.Millisecond)

	g := make(chan struct{})
	gate.Store(&g)
	for range 10 {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		f, err := fc.figures(ctx, sv, build)
		cancel()
		if err != nil || f != first {
			t.Fatalf("expired figures: %+v %v; want the held ones at once", f, err)
		}
	}
	close(g)
	deadline := time.Now().Add(5 * time.Second)
	for {
		f, err := fc.figures(context.Background(), sv, build)
		if err != nil {
			t.Fatal(err)
		}
		if f.N == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the count behind the expired figures was not kept")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d counts, want 2 (the first and one behind the expired)", n)
	}

	// Held longer than twice ttl: the figures may be from before a
	// publication on another instance, so the request waits.
	time.Sleep(2*ttl + 10*time.Millisecond)
	g2 := make(chan struct{})
	gate.Store(&g2)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := fc.figures(ctx, sv, build); models.ErrorCode(err) != models.ErrUnavailable {
		t.Fatalf("long-expired figures: %v; want to wait for the count", err)
	}
	close(g2)
}
