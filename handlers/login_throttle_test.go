package handlers

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testPolicy is the production policy on a clock the test moves.
func testPolicy(now *time.Time) throttlePolicy {
	p := signInPolicy
	p.now = func() time.Time { return *now }
	p.sleep = func(context.Context, time.Duration) error { return nil }
	return p
}

const sec = time.Second

func TestThrottleDelaysDoubleUpToTheCap(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := newLoginThrottle(testPolicy(&now))
	var waits []time.Duration
	for range 13 {
		a, retry := th.begin("greta", "10.0.0.1")
		if a == nil {
			t.Fatalf("attempt %d refused (retry %v): one attempt at a time is never refused", len(waits)+1, retry)
		}
		waits = append(waits, a.wait)
		a.failed()
		now = now.Add(a.wait + sec)
	}
	want := []time.Duration{0, 0, 0, 0, 0, 1 * sec, 2 * sec, 4 * sec, 8 * sec, 16 * sec, 30 * sec, 30 * sec, 30 * sec}
	if !slices.Equal(waits, want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}

	// The right password gets in after its wait, and the account starts over.
	a, _ := th.begin("GRETA", "10.0.0.1")
	if a == nil || a.wait != 30*sec {
		t.Fatalf("right password after 13 failures: %+v", a)
	}
	a.succeeded()
	if a, _ := th.begin("greta", "10.0.0.1"); a == nil || a.wait != 0 {
		t.Fatalf("after a success: %+v", a)
	}
}

func TestThrottleForgetsAQuietAccount(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := newLoginThrottle(testPolicy(&now))
	for range 7 {
		a, _ := th.begin("greta", "10.0.0.1")
		a.failed()
	}
	if a, _ := th.begin("greta", "10.0.0.2"); a == nil || a.wait != 4*sec {
		t.Fatalf("eighth attempt: %+v", a)
	} else {
		a.cancel() // never checked: not counted
	}
	if a, _ := th.begin("greta", "10.0.0.2"); a == nil || a.wait != 4*sec {
		t.Fatalf("a cancelled attempt was counted: %+v", a)
	} else {
		a.failed()
	}
	now = now.Add(signInPolicy.Forget + sec)
	if a, _ := th.begin("greta", "10.0.0.1"); a == nil || a.wait != 0 {
		t.Fatalf("after a quiet quarter of an hour: %+v", a)
	}
	now = now.Add(2 * time.Minute)
	th.begin("anders", "10.0.0.3") // sweeps
	if _, kept := th.fails["c:10.0.0.2"]; kept {
		t.Fatal("a quiet address is kept")
	}
}

// Twenty attempts at once from one address against one account: each is
// counted before any password is checked, so exactly the five free ones
// go through undelayed, four more wait 1, 2, 4 and 8 s, and the rest are
// told to come back.
func TestThrottleCountsParallelAttemptsAtOnce(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := newLoginThrottle(testPolicy(&now))
	var (
		mu       sync.Mutex
		granted  []*signInAttempt
		retries  []time.Duration
		start    = make(chan struct{})
		finished sync.WaitGroup
	)
	for range 20 {
		finished.Add(1)
		go func() {
			defer finished.Done()
			<-start
			a, retry := th.begin("greta", "10.0.0.1")
			mu.Lock()
			defer mu.Unlock()
			if a != nil {
				granted = append(granted, a)
			} else {
				retries = append(retries, retry)
			}
		}()
	}
	close(start)
	finished.Wait()

	var waits []time.Duration
	for _, a := range granted {
		waits = append(waits, a.wait)
	}
	slices.Sort(waits)
	if want := []time.Duration{0, 0, 0, 0, 0, 1 * sec, 2 * sec, 4 * sec, 8 * sec}; !slices.Equal(waits, want) {
		t.Fatalf("granted waits %v, want %v", waits, want)
	}
	if len(retries) != 11 {
		t.Fatalf("%d refused, want 11", len(retries))
	}
	for _, r := range retries {
		if r != 16*sec {
			t.Fatalf("refused with retry %v, want the next delay, 16 s", r)
		}
	}
	if n := th.fails["u:greta"].n; n != 9 {
		t.Fatalf("%d failures counted, want 9", n)
	}
	for _, a := range granted {
		a.failed()
	}

	// The owner, from another address, is not refused while the guesser's
	// attempts wait: their right password goes through after the
	// account's delay.
	a, _ := th.begin("greta", "10.0.0.2")
	if a == nil || a.wait != 16*sec {
		t.Fatalf("the owner's attempt: %+v", a)
	}
}

// An office behind one address with many failures: everyone there waits a
// little, nobody is locked out, and other addresses do not wait at all.
func TestThrottleOfficeAddressSlowsButDoesNotBlock(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := newLoginThrottle(testPolicy(&now))
	for i := range 25 {
		a, _ := th.begin(string(rune('a'+i))+"-typo", "192.0.2.10")
		if a == nil {
			t.Fatalf("attempt %d refused", i+1)
		}
		a.failed()
	}
	a, _ := th.begin("greta", "192.0.2.10")
	if a == nil || a.wait != 30*sec {
		t.Fatalf("greta from the office: %+v", a)
	}
	a.succeeded()
	if n := th.fails["c:192.0.2.10"].n; n != 25 {
		t.Fatalf("the office's count is %d after a success, want the 25 failures kept", n)
	}
	if a, _ := th.begin("anders", "198.51.100.7"); a == nil || a.wait != 0 {
		t.Fatalf("another address: %+v", a)
	}
}

func TestThrottleCancelledWaitIsNotCounted(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := testPolicy(&now)
	p.sleep = sleepCtx
	p.AccountFree = 0
	th := newLoginThrottle(p)
	a, _ := th.begin("greta", "10.0.0.1")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := a.verify(ctx, func() { ran = true }); !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("verify with a cancelled context: %v, ran %v", err, ran)
	}
	if f := th.fails["u:greta"]; f.n != 0 || th.fails["c:10.0.0.1"].pending != 0 {
		t.Fatalf("counts after a cancelled wait: %+v %+v", f, th.fails["c:10.0.0.1"])
	}
}

// However many attempts arrive, at most Hashing password hashes run at
// once; one that finds every slot taken for longer than Queue is told so.
func TestHashingNeverExceedsItsCap(t *testing.T) {
	now := time.Now()
	p := testPolicy(&now)
	p.Hashing, p.Queue = 3, time.Minute
	th := newLoginThrottle(p)
	var (
		inFlight, peak, ran atomic.Int32
		release             = make(chan struct{})
		done                sync.WaitGroup
	)
	work := func() {
		n := inFlight.Add(1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		<-release
		inFlight.Add(-1)
		ran.Add(1)
	}
	for range 40 {
		done.Add(1)
		go func() {
			defer done.Done()
			if err := th.hash(context.Background(), work); err != nil {
				t.Error(err)
			}
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for inFlight.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	// Every slot is held: a hash that may queue only briefly is refused,
	// and one whose client leaves stops waiting.
	short := newLoginThrottle(p)
	short.hashing = th.hashing
	short.policy.Queue = 10 * time.Millisecond
	if err := short.hash(context.Background(), work); !errors.Is(err, errHashBusy) {
		t.Fatalf("with every slot taken: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := th.hash(ctx, work); !errors.Is(err, context.Canceled) {
		t.Fatalf("a client that left: %v", err)
	}
	close(release)
	done.Wait()
	if got := peak.Load(); got != 3 {
		t.Fatalf("%d hashes ran at once, want 3", got)
	}
	if got := ran.Load(); got != 40 {
		t.Fatalf("%d of 40 hashes ran", got)
	}
}
