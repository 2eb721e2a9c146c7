package handlers

import (
	"context"
	"sync"
	"time"
)

// refreshCache keeps what load returns, by key, for ttl; for another ttl
// after that it still serves it while one read in the background
// replaces it, so a public request waits for the database only for a
// key not held (or held for more than twice ttl), and however many ask
// at once, one read per key runs at a time. A failed read is not kept.
// It holds the small things public pages read from collections the
// embedded engine can only scan (docs/database-operations.md): each user
// says how long and why.
type refreshCache[V any] struct {
	ttl  time.Duration
	load func(context.Context, string) (V, error)
	// limit, when set, is how many keys may be held before those held
	// too long to be served are dropped: for keys a client chooses.
	limit int

	mu sync.Mutex
	m  map[string]*refreshEntry[V]
}

type refreshEntry[V any] struct {
	val     V
	ok      bool // val is a read that ended well
	expires time.Time
	// reading is closed when the read under way ends; nil when none is.
	reading chan struct{}
	err     error // of the last read
}

func newRefreshCache[V any](ttl time.Duration, load func(context.Context, string) (V, error)) *refreshCache[V] {
	return &refreshCache[V]{ttl: ttl, load: load, m: make(map[string]*refreshEntry[V])}
}

// get returns key's value, from memory when it can.
func (c *refreshCache[V]) get(ctx context.Context, key string) (V, error) {
	var zero V
	for {
		c.mu.Lock()
		now := time.Now()
		e := c.m[key]
		if e == nil {
			if c.limit > 0 && len(c.m) >= c.limit {
				c.pruneLocked(now)
			}
			e = &refreshEntry[V]{}
			c.m[key] = e
		}
		if e.ok && now.Before(e.expires.Add(c.ttl)) {
			v := e.val
			if now.After(e.expires) && e.reading == nil {
				c.readLocked(key, e)
			}
			c.mu.Unlock()
			return v, nil
		}
		wait := e.reading
		if wait == nil {
			wait = c.readLocked(key, e)
		}
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		c.mu.Lock()
		forgotten := c.m[key] != e
		v, err := e.val, e.err
		c.mu.Unlock()
		switch {
		case err != nil:
			return zero, err
		case forgotten:
			// What was read may predate the change that dropped it.
			continue
		}
		return v, nil
	}
}

// readLocked starts a read of key into e. It runs apart from the request
// that started it, so a client that gives up does not fail the others
// waiting for it.
func (c *refreshCache[V]) readLocked(key string, e *refreshEntry[V]) chan struct{} {
	done := make(chan struct{})
	e.reading = done
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
		defer cancel()
		v, err := c.load(ctx, key)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err == nil {
			e.val, e.ok, e.err, e.expires = v, true, nil, time.Now().Add(c.ttl)
		} else {
			e.err = err
			if !e.ok && c.m[key] == e {
				delete(c.m, key) // nothing kept for a key that could not be read
			}
		}
		e.reading = nil
		close(done)
	}()
	return done
}

// pruneLocked drops the keys that are neither served any more nor read.
func (c *refreshCache[V]) pruneLocked(now time.Time) {
	for k, e := range c.m {
		if e.reading == nil && (!e.ok || now.After(e.expires.Add(c.ttl))) {
			delete(c.m, k)
		}
	}
}

// forget drops key after a change made here; a read under way is not
// kept.
func (c *refreshCache[V]) forget(key string) {
	c.mu.Lock()
	delete(c.m, key)
	c.mu.Unlock()
}
