package handlers

import (
	"context"
	"sync"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
)

// surveyCache keeps the newest version of each survey for a few seconds.
// Every submission needs the definition, and reading a 40 KB document per
// answer made the database the bottleneck (docs/BENCHMARKS.md). Changes
// made through this instance take effect at once; with several instances
// behind a load balancer, another instance sees a survey closed or changed
// within twice ttl. Only surveys that exist are kept, so made-up slugs
// cannot fill it.
//
// One read per survey runs at a time, and a definition expired less than
// ttl ago is served while it is read again; an older one is waited for. When every request that found it expired read
// it itself, each expiry at 500 submissions a second started dozens of
// the same sorted scan at once on the embedded engine, a stall of up to
// 300 ms every ttl (docs/BENCHMARKS.md, Submissions).
type surveyCache struct {
	ttl  time.Duration
	load func(context.Context, string) (*models.Survey, error)

	mu sync.Mutex
	m  map[string]*cachedSurvey
}

type cachedSurvey struct {
	sv      *models.Survey // nil until the first read ends well
	expires time.Time
	// reading is closed when the read under way ends; nil when none is.
	reading chan struct{}
	err     error // of the last read, for those who waited for it
}

// refreshTimeout bounds a read that no request waits for.
const refreshTimeout = 10 * time.Second

func newSurveyCache(ttl time.Duration, load func(context.Context, string) (*models.Survey, error)) *surveyCache {
	return &surveyCache{ttl: ttl, load: load, m: make(map[string]*cachedSurvey)}
}

// get returns the cached definition of slug or loads it. The returned
// survey is shared: callers must not change it.
func (c *surveyCache) get(ctx context.Context, slug string) (*models.Survey, error) {
	c.mu.Lock()
	e, ok := c.m[slug]
	if !ok {
		e = &cachedSurvey{}
		c.m[slug] = e
	}
	now := time.Now()
	if e.sv != nil && now.Before(e.expires.Add(c.ttl)) {
		sv := e.sv
		if now.After(e.expires) && e.reading == nil {
			e.reading = make(chan struct{})
			go c.read(context.Background(), slug, e)
		}
		c.mu.Unlock()
		return sv, nil
	}
	wait := e.reading
	if wait == nil {
		wait = make(chan struct{})
		e.reading = wait
		c.mu.Unlock()
		// The first asker's read is detached from its request, so one
		// client that gives up does not fail the others waiting for it.
		c.read(context.WithoutCancel(ctx), slug, e)
	} else {
		c.mu.Unlock()
	}
	select {
	case <-wait:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.sv == nil {
		return nil, e.err
	}
	return e.sv, nil
}

// read loads slug into e and wakes those waiting for it. A survey that
// is gone or cannot be read is dropped, so the next request reads it
// itself and answers with what it finds.
func (c *surveyCache) read(ctx context.Context, slug string, e *cachedSurvey) {
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	sv, err := c.load(ctx, slug)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		e.sv, e.err = nil, err
	} else {
		e.sv, e.err, e.expires = sv, nil, time.Now().Add(c.ttl)
	}
	close(e.reading)
	e.reading = nil
	// forget may have dropped or replaced e meanwhile: then what was read
	// may predate the change and is kept by no one.
	if c.m[slug] == e && err != nil {
		delete(c.m, slug)
	}
}

// forget drops slug after a change made here.
func (c *surveyCache) forget(slug string) {
	c.mu.Lock()
	delete(c.m, slug)
	c.mu.Unlock()
}

// forgetDefinitions drops a survey from the cache whenever the store
// writes one of its versions, whoever asked for the write.
type forgetDefinitions struct {
	store.IgnoreWrites
	defs *surveyCache
}

func (f forgetDefinitions) SurveyChanged(slug string) { f.defs.forget(slug) }
