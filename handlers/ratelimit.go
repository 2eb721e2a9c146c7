package handlers

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// limiter keeps a token bucket per client key (see clientKey), in memory
// only: the keys are never stored or logged, and a bucket is forgotten once
// it has filled up again, when it is the same as a new one. A school class
// shares one address, so the burst is the whole per-minute allowance: 35
// pupils answering at once must all get in.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64   // below zero: a debt, paid back at the limiter's rate
	at     time.Time // when tokens was last brought up to date
}

func newLimiter(n int, per time.Duration) *limiter {
	return &limiter{rate: float64(n) / per.Seconds(), burst: float64(n), buckets: make(map[string]*bucket), swept: time.Now()}
}

// clientKey is what every per-client limiter counts by: the client's IPv4
// address, or the /56 its IPv6 address lies in. One phone or household is
// given a whole /64, and often a /56 (256 of them), and may send from any
// address in it, so counting /64s would give one home 256 allowances. An
// IPv4-mapped IPv6 address (::ffff:192.0.2.1) counts as the IPv4 address.
func clientKey(c *gin.Context) string { return addressKey(c.ClientIP()) }

// addressKey is clientKey for an address as text.
func addressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.WithZone("").Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(56)
	return p.String()
}

// bucketAt returns key's bucket brought up to now, creating a full one.
// The caller holds l.mu.
func (l *limiter) bucketAt(key string, now time.Time) *bucket {
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if l.refill(b, now) >= l.burst {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	return b
}

// refill adds the tokens earned since b was last seen and returns them.
func (l *limiter) refill(b *bucket, now time.Time) float64 {
	if now.After(b.at) {
		b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
		b.at = now
	}
	return b.tokens
}

// until is how long until a bucket holding tokens has want of them.
func (l *limiter) until(tokens, want float64) time.Duration {
	if tokens >= want {
		return 0
	}
	return time.Duration(math.Ceil((want - tokens) / l.rate * float64(time.Second)))
}

// allow takes one token for key, or says how long until one is free.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketAt(key, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, l.until(b.tokens, 1)
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
	return l.until(l.refill(b, now), 1)
}

// charge takes one token for key even when none is left, running into a
// debt of at most maxDebt tokens that is paid back at the limiter's rate.
// It reports the tokens key had before, or, when the debt would grow past
// maxDebt, false and how long until it may be charged again.
func (l *limiter) charge(key string, now time.Time, maxDebt float64) (before float64, ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketAt(key, now)
	if b.tokens-1 < -maxDebt {
		return b.tokens, false, l.until(b.tokens, 1-maxDebt)
	}
	b.tokens--
	return b.tokens + 1, true, 0
}

// refund gives back a token charged for key.
func (l *limiter) refund(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketAt(key, now)
	b.tokens = min(l.burst, b.tokens+1)
}

// retryAfter sets the Retry-After header to wait, in whole seconds.
func retryAfter(c *gin.Context, wait time.Duration) {
	c.Header("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
}

// limitSubmissions answers 429 with Retry-After once a client has used its
// allowance.
func (s *Server) limitSubmissions() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.submits == nil {
			c.Next()
			return
		}
		ok, wait := s.submits.allow(clientKey(c), time.Now())
		if !ok {
			retryAfter(c, wait)
			s.abort(c, http.StatusTooManyRequests, "rate_limited", "error.rate_limited")
			return
		}
		c.Next()
	}
}
