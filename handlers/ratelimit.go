package handlers

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// limiter keeps a token bucket per client address, in memory only: the
// addresses are never stored or logged, and an idle bucket is forgotten
// after a while. A school class shares one address, so the burst is the
// whole per-minute allowance: 35 pupils answering at once must all get in.
type limiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const forgetAfter = 10 * time.Minute

func newLimiter(n int, per time.Duration) *limiter {
	return &limiter{every: rate.Limit(float64(n) / per.Seconds()), burst: n, buckets: make(map[string]*bucket), swept: time.Now()}
}

// allow takes one token for key, or says how long until one is free.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > forgetAfter {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	if b.lim.AllowN(now, 1) {
		return true, 0
	}
	r := b.lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	r.CancelAt(now)
	return false, wait
}

// blocked says how long until key has a token again, without taking one;
// zero when it has one now. Sign-in uses it to count only failures.
func (l *limiter) blocked(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return 0
	}
	tokens := b.lim.TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / float64(l.every) * float64(time.Second))
}

// limitSubmissions answers 429 with Retry-After once a client address has
// used its allowance.
func (s *Server) limitSubmissions() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.submits == nil {
			c.Next()
			return
		}
		ok, wait := s.submits.allow(c.ClientIP(), time.Now())
		if !ok {
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.abort(c, http.StatusTooManyRequests, "rate_limited", "error.rate_limited")
			return
		}
		c.Next()
	}
}
