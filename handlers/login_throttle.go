package handlers

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
)

// Sign-in throttling slows guessing down without ever refusing the right
// password. After a few failures for an account, or from a client
// address, each further attempt waits a doubling delay before its password
// is checked; then the owner's right password gets in and a guesser's
// wrong one costs the next attempt more. An attempt is counted as a failure
// the moment it starts, in one locked step with the check, so parallel
// attempts cannot all slip in under the limit; a success gives its count
// back. Password hashing (argon2id, 19 MiB each) runs a few at a time.
// The price, said in the README: whoever knows a staff name can make that
// person's sign-in wait up to Max by failing under it (issue 26).

// throttlePolicy is how hard sign-in is throttled.
type throttlePolicy struct {
	AccountFree int           // failures per account before delays start
	ClientFree  int           // failures per client address before delays start
	Base, Max   time.Duration // the first delay, and the cap it doubles up to
	Forget      time.Duration // a key without a failure for this long starts over
	// Pending is how many delayed attempts one address may have under way
	// at once; beyond it the address is told to come back (429). Without
	// it a guesser would send a hundred attempts in parallel and wait the
	// delay once. Another address, the owner's, is not affected.
	Pending int
	Hashing int           // password hashes computed at once
	Queue   time.Duration // how long an attempt waits for a hashing slot

	// Tests replace the clock; nil means the real one.
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
}

// signInPolicy is what newEngine builds the throttle from; tests replace it.
var signInPolicy = throttlePolicy{
	AccountFree: 5,
	ClientFree:  20, // an office shares one address
	Base:        time.Second,
	Max:         30 * time.Second,
	Forget:      15 * time.Minute,
	Pending:     4,
	Hashing:     3, // 57 MiB of argon2 memory at most
	Queue:       5 * time.Second,
}

// errHashBusy means every hashing slot stayed taken for the policy's Queue.
var errHashBusy = errors.New("handlers: password hashing busy")

type loginThrottle struct {
	policy  throttlePolicy
	hashing chan struct{} // a slot per hash that may run

	mu    sync.Mutex
	fails map[string]*failCount
	swept time.Time
}

// failCount is one account's or one address's recent failures. Attempts
// still under way count as failures until they end.
type failCount struct {
	n       int
	pending int // delayed attempts under way (addresses only)
	last    time.Time
}

func newLoginThrottle(p throttlePolicy) *loginThrottle {
	if p.now == nil {
		p.now = time.Now
	}
	if p.sleep == nil {
		p.sleep = sleepCtx
	}
	return &loginThrottle{policy: p, hashing: make(chan struct{}, max(p.Hashing, 1)), fails: map[string]*failCount{}, swept: p.now()}
}

// signInAttempt is one attempt's claim, taken before any hashing.
type signInAttempt struct {
	t               *loginThrottle
	account, client string
	wait            time.Duration // to sit out before the password is checked
	settled         bool
}

// begin counts an attempt on account from client as a failure, for both at
// once, and says how long it must wait before its password is checked. It
// returns nil and how long to come back after when the address already has
// Pending delayed attempts under way.
func (t *loginThrottle) begin(account, client string) (*signInAttempt, time.Duration) {
	account, client = "u:"+throttleKey(strings.ToLower(account)), "c:"+throttleKey(client)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.policy.now()
	t.sweep(now)
	a, c := t.count(account, now), t.count(client, now)
	wait := max(t.delay(a.n+1-t.policy.AccountFree), t.delay(c.n+1-t.policy.ClientFree))
	if wait > 0 && c.pending >= t.policy.Pending {
		return nil, wait
	}
	a.n++
	c.n++
	a.last, c.last = now, now
	if wait > 0 {
		c.pending++
	}
	return &signInAttempt{t: t, account: account, client: client, wait: wait}, 0
}

// delay is the wait of the excess-th attempt past the free ones: Base,
// doubling, capped at Max; none within the free ones.
func (t *loginThrottle) delay(excess int) time.Duration {
	if excess <= 0 {
		return 0
	}
	d := t.policy.Base
	for i := 1; i < excess && d < t.policy.Max; i++ {
		d *= 2
	}
	return min(d, t.policy.Max)
}

// count returns key's failures, starting over when they are old.
func (t *loginThrottle) count(key string, now time.Time) *failCount {
	f, ok := t.fails[key]
	if !ok {
		f = &failCount{}
		t.fails[key] = f
	}
	if now.Sub(f.last) > t.policy.Forget {
		f.n = 0
	}
	return f
}

// sweep forgets quiet keys, at most once a minute, so memory stays bounded
// by the recent attempts.
func (t *loginThrottle) sweep(now time.Time) {
	if now.Sub(t.swept) < time.Minute {
		return
	}
	for k, f := range t.fails {
		if f.pending == 0 && now.Sub(f.last) > t.policy.Forget {
			delete(t.fails, k)
		}
	}
	t.swept = now
}

// verify sits out the attempt's delay, then runs check in a hashing slot.
// When the delay or the queue is cut short (the client left, or hashing
// stays busy) nothing was checked, so the attempt's count is given back.
func (a *signInAttempt) verify(ctx context.Context, check func()) error {
	if a.wait > 0 {
		if err := a.t.policy.sleep(ctx, a.wait); err != nil {
			a.cancel()
			return err
		}
	}
	if err := a.t.hash(ctx, check); err != nil {
		a.cancel()
		return err
	}
	return nil
}

// succeeded settles a right password: the account starts over and the
// address gets this attempt's count back (not its earlier failures, or a
// guesser with an account of their own could wipe their slate).
func (a *signInAttempt) succeeded() {
	a.settle(func(acc, cl *failCount) {
		delete(a.t.fails, a.account)
		cl.n = max(cl.n-1, 0)
	})
}

// failed settles a wrong password: the counts taken at the start stay.
func (a *signInAttempt) failed() { a.settle(func(*failCount, *failCount) {}) }

// cancel settles an attempt whose password was never checked.
func (a *signInAttempt) cancel() {
	a.settle(func(acc, cl *failCount) {
		acc.n, cl.n = max(acc.n-1, 0), max(cl.n-1, 0)
	})
}

func (a *signInAttempt) settle(f func(account, client *failCount)) {
	t := a.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if a.settled {
		return
	}
	a.settled = true
	acc, cl := t.fails[a.account], t.fails[a.client]
	if acc == nil {
		acc = &failCount{}
	}
	if cl == nil {
		cl = &failCount{}
	}
	if a.wait > 0 {
		cl.pending = max(cl.pending-1, 0)
	}
	f(acc, cl)
}

// hash runs f once a hashing slot is free, waiting at most the policy's
// Queue and never past ctx.
func (t *loginThrottle) hash(ctx context.Context, f func()) error {
	select {
	case t.hashing <- struct{}{}:
	default:
		timer := time.NewTimer(t.policy.Queue)
		defer timer.Stop()
		select {
		case t.hashing <- struct{}{}:
		case <-timer.C:
			return errHashBusy
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer func() { <-t.hashing }()
	f()
	return nil
}

// throttleKey bounds a key's length: names longer than any account are
// still throttled, under their first bytes.
func throttleKey(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
