package handlers

import (
	"context"
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
// ttl ago is served while it is read again; an older one is waited for
// (refreshCache, which now also holds other things public pages read).
// When every request that found it expired read it itself, each expiry at 500 submissions a second started dozens of
// the same sorted scan at once on the embedded engine, a stall of up to
// 300 ms every ttl (docs/BENCHMARKS.md, Submissions). The read itself is
// now by _id, of the version the list of surveys names (surveyindex.go).
type surveyCache = refreshCache[*models.Survey]

// refreshTimeout bounds a read that no request waits for.
const refreshTimeout = 10 * time.Second

func newSurveyCache(ttl time.Duration, load func(context.Context, string) (*models.Survey, error)) *surveyCache {
	return newRefreshCache(ttl, load)
}

// forgetDefinitions drops a survey from the cache, and the list of
// surveys, whenever the store writes one of its versions, whoever asked
// for the write.
type forgetDefinitions struct {
	store.IgnoreWrites
	defs *surveyCache
	list *refreshCache[*surveyList]
}

func (f forgetDefinitions) SurveyChanged(slug string) {
	f.list.forget(surveyListKey)
	f.defs.forget(slug)
}
