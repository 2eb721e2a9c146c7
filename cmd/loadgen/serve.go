package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"medborgardialog/handlers"
	"medborgardialog/store"
	"medborgardialog/store/embedded"
	"medborgardialog/surveys"
)

// service is the survey service started inside this process on a fresh
// embedded engine, wired like cmd/medborgardialog's App: the engine's
// URI is known here, so the bare baseline and the check of stored counts
// hit the same database the handlers write to.
type service struct {
	URL    string
	URI    string
	dir    string
	keep   bool // dir was given: leave the engine's files for inspection
	engine *embedded.Server
	store  *store.Store
	srv    *http.Server
}

// startService starts the service on the engine files in dataDir, which
// must be new or empty, or in a temporary directory removed at stop when
// dataDir is "", with the engine options engineOpts.
func startService(ctx context.Context, db, dataDir string, engineOpts ...embedded.Option) (_ *service, err error) {
	s := &service{}
	defer func() {
		if err != nil {
			s.stop()
		}
	}()
	if dataDir != "" {
		if err := emptyDir(dataDir); err != nil {
			return nil, err
		}
		s.dir, s.keep = dataDir, true
	} else if s.dir, err = os.MkdirTemp("", "loadgen-*"); err != nil {
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if s.engine, err = embedded.Start(ctx, s.dir, quiet, engineOpts...); err != nil {
		return nil, err
	}
	s.URI = s.engine.URI()
	if s.store, err = store.Open(ctx, s.URI, db, store.OnEmbeddedEngine()); err != nil {
		return nil, err
	}
	builtin, err := surveys.Builtin()
	if err != nil {
		return nil, err
	}
	if _, err := s.store.EnsureSurveys(ctx, builtin); err != nil {
		return nil, err
	}
	// The request log is formatted as in production (info level) and
	// thrown away, so its cost is part of the figures.
	h, err := handlers.New(handlers.Config{BaseURL: "http://127.0.0.1", MinCell: 5, SubmitRate: 0}, s.store, quiet)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.URL = "http://" + ln.Addr().String()
	// The same timeouts as the service's own http.Server.
	s.srv = &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "loadgen: serve:", err)
		}
	}()
	return s, nil
}

func (s *service) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if s.srv != nil {
		_ = s.srv.Shutdown(ctx)
	}
	if s.store != nil {
		_ = s.store.Close(ctx)
	}
	if s.engine != nil {
		_ = s.engine.Stop(ctx)
	}
	if s.dir != "" && !s.keep {
		_ = os.RemoveAll(s.dir)
	}
}

// engineOptions are the embedded engine's settings from the flags.
func (o *options) engineOptions() []embedded.Option {
	var opts []embedded.Option
	if o.embeddedSync == "normal" {
		opts = append(opts, embedded.SyncAtCheckpoints())
	}
	if o.commitDelayMax > 0 {
		opts = append(opts, embedded.WithFaults(&embedded.Faults{CommitDelay: slowCommits(o.commitDelayMin, o.commitDelayMax, o.commitDelayEvery)}))
	}
	return opts
}

// slowCommits draws a delay from [lo, hi] for every commit or, with
// every, for the first commit after each interval every and none for the
// others.
func slowCommits(lo, hi, every time.Duration) func() time.Duration {
	var (
		mu   sync.Mutex
		next time.Time
	)
	return func() time.Duration {
		if every > 0 {
			mu.Lock()
			now := time.Now()
			due := !now.Before(next)
			if due {
				next = now.Add(every)
			}
			mu.Unlock()
			if !due {
				return 0
			}
		}
		return lo + rand.N(hi-lo+1)
	}
}

// maxCommitDelay bounds -commit-delay: a slow sync, not a dead disk.
const maxCommitDelay = 10 * time.Second

// parseDelayRange reads "100ms" or "100ms-150ms".
func parseDelayRange(v string) (lo, hi time.Duration, err error) {
	a, b, isRange := strings.Cut(v, "-")
	if lo, err = time.ParseDuration(a); err != nil {
		return 0, 0, err
	}
	hi = lo
	if isRange {
		if hi, err = time.ParseDuration(b); err != nil {
			return 0, 0, err
		}
	}
	if lo < 0 || hi < lo || hi > maxCommitDelay {
		return 0, 0, fmt.Errorf("%q: want a duration or a range like 100ms-150ms, from 0 to %v", v, maxCommitDelay)
	}
	return lo, hi, nil
}
