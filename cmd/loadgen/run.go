package main

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// sendFunc stores one submission and answers like the API: 201 stored,
// 200 duplicate, another status for a refusal, or an error when no answer
// came at all.
type sendFunc func(ctx context.Context, sub *submission) (status int, err error)

// outcome is what happened to one request.
type outcome struct {
	sent    bool
	latency time.Duration
	status  int
	err     string // kind of transport failure; "" when answered
	id      string
	at      time.Duration // scheduled start, from the start of the run
}

// pace says how requests are issued: closed loop at a fixed concurrency,
// or open loop at a fixed rate (each request leaves at its scheduled time
// however slow the earlier ones are, and its latency counts from then, so
// a stalled server cannot hide its queue).
type pace struct {
	concurrency int
	rate        float64 // requests per second; 0 = closed loop
	timeout     time.Duration
	// onSlow, when set, hears of every request that took stall or longer
	// while the run goes on (diagnostics take a trace snapshot then).
	onSlow func(runStart time.Time, latency time.Duration)
	stall  time.Duration
}

// maxInFlight bounds the open loop's goroutines when the server stalls.
const maxInFlight = 4096

// execute runs jobs through send and returns one outcome per request, in
// plan order, and the wall time from the first send to the last answer.
func execute(ctx context.Context, jobs []job, send sendFunc, p pace) ([]outcome, time.Duration) {
	offsets := make([]int, len(jobs)+1)
	for i, j := range jobs {
		offsets[i+1] = offsets[i] + j.requests()
	}
	out := make([]outcome, offsets[len(jobs)])
	start := time.Now()
	one := func(k int, sub *submission, from time.Time) {
		rctx, cancel := context.WithTimeout(ctx, p.timeout)
		defer cancel()
		status, err := send(rctx, sub)
		lat := time.Since(from)
		out[k] = outcome{sent: true, latency: lat, status: status, err: errKind(err), id: sub.ID, at: from.Sub(start)}
		if p.onSlow != nil && lat >= p.stall {
			p.onSlow(start, lat)
		}
	}
	// both sends a job's requests; a racing copy leaves at the same instant.
	both := func(i int, from time.Time) {
		j := jobs[i]
		if !j.race {
			one(offsets[i], j.sub, from)
			return
		}
		var wg sync.WaitGroup
		wg.Go(func() { one(offsets[i]+1, j.sub, from) })
		one(offsets[i], j.sub, from)
		wg.Wait()
	}

	var wg sync.WaitGroup
	if p.rate <= 0 {
		var next atomic.Int64
		for range p.concurrency {
			wg.Go(func() {
				for ctx.Err() == nil {
					i := int(next.Add(1)) - 1
					if i >= len(jobs) {
						return
					}
					both(i, time.Now())
				}
			})
		}
	} else {
		slots := make(chan struct{}, maxInFlight)
		interval := float64(time.Second) / p.rate
	schedule:
		for i := range jobs {
			at := start.Add(time.Duration(float64(offsets[i]) * interval))
			if d := time.Until(at); d > 0 {
				select {
				case <-ctx.Done():
					break schedule
				case <-time.After(d):
				}
			}
			select {
			case <-ctx.Done():
				break schedule
			case slots <- struct{}{}:
			}
			wg.Go(func() {
				defer func() { <-slots }()
				both(i, at)
			})
		}
	}
	wg.Wait()
	return out, time.Since(start)
}

// errKind names a transport failure briefly, for the status table.
func errKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "eof"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	if strings.Contains(err.Error(), "server closed") {
		return "eof"
	}
	return "error"
}
