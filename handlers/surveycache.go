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
// within ttl. Only surveys that exist are kept, so made-up slugs cannot
// fill it.
type surveyCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]cachedSurvey
}

type cachedSurvey struct {
	sv      *models.Survey
	expires time.Time
}

func newSurveyCache(ttl time.Duration) *surveyCache {
	return &surveyCache{ttl: ttl, m: make(map[string]cachedSurvey)}
}

// get returns the cached definition of slug or loads it. The returned
// survey is shared: callers must not change it.
func (c *surveyCache) get(ctx context.Context, slug string, load func(context.Context, string) (*models.Survey, error)) (*models.Survey, error) {
	now := time.Now()
	c.mu.Lock()
	e, ok := c.m[slug]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.sv, nil
	}
	sv, err := load(ctx, slug)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.m[slug] = cachedSurvey{sv: sv, expires: now.Add(c.ttl)}
	c.mu.Unlock()
	return sv, nil
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
