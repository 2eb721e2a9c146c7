// Command routebench measures every public route of medborgardialog
// through the real HTTP stack, on the embedded engine, against a data
// directory that already holds the responses (filling 100,000 takes
// minutes, so it is done once, apart):
//
//	go build -o /tmp/md ./cmd/medborgardialog
//	DIALOG_DATA_DIR=/tmp/rb /tmp/md demo --responses 100000 --survey ungdomsdialog-2023
//	go run ./cmd/routebench -data /tmp/rb -c 8 -n 2000
//
// The service is wired as cmd/medborgardialog's App wires it (the
// embedded engine, store.Open, the in-memory results preloaded and
// observing the store, handlers.New, the same http.Server timeouts),
// in this process, and driven from here by c clients per route in a
// closed loop, or with -rate at a fixed rate per route (an open loop:
// each request's time counts from when it was due). Every
// command the store sends is counted per route, so the figures come
// with proof of what each request asked the database; a read of the
// responses by anything but _id is reported as a failure.
//
// The run changes the data directory: submissions add responses (about
// 0.2 × n per submission route), and two sessions are created.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"time"

	"medborgardialog/handlers"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/store/embedded"
)

type options struct {
	data, db, survey, only string
	cpuProfile             string
	c, n                   int
	dup, rate              float64
	asJSON, check          bool
	syncNormal             bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	o := &options{}
	flag.StringVar(&o.data, "data", "", "embedded data directory holding the responses (required)")
	flag.StringVar(&o.db, "db", "medborgardialog", "database name")
	flag.StringVar(&o.survey, "survey", "ungdomsdialog-2023", "slug of the open survey the responses belong to")
	flag.IntVar(&o.c, "c", 8, "concurrent clients per route")
	flag.IntVar(&o.n, "n", 2000, "measured requests per route")
	flag.Float64Var(&o.dup, "dup", 0.1, "share of submissions sent again with the same submission_id")
	flag.Float64Var(&o.rate, "rate", 0, "open loop: requests per second per route, at most -c in flight, latency from each request's scheduled time (0: closed loop of -c clients)")
	flag.StringVar(&o.only, "routes", "", "comma-separated route names to run (default: all)")
	flag.BoolVar(&o.check, "during-check", false, "also run the whole set while the results' periodic count check reads every response")
	flag.BoolVar(&o.asJSON, "json", false, "print the results as JSON too")
	flag.BoolVar(&o.syncNormal, "sync-at-checkpoints", false, "as DIALOG_EMBEDDED_SYNC=normal: commits are not synced one by one (default: every commit synced, as the service)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured requests (the whole process: service and clients) to this file")
	flag.Parse()
	if o.data == "" || o.c < 1 || o.n < 1 || o.c > 256 || o.n > 100_000 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "routebench:", err)
		os.Exit(1)
	}
}

// service is the survey service started inside this process.
type service struct {
	url     string
	engine  *embedded.Server
	store   *store.Store
	results *results.Manager
	srv     *http.Server
	cmds    *commandCount
}

func start(ctx context.Context, o *options, log *slog.Logger) (_ *service, err error) {
	s := &service{cmds: newCommandCount()}
	defer func() {
		if err != nil {
			s.stop()
		}
	}()
	var opts []embedded.Option
	if o.syncNormal {
		opts = append(opts, embedded.SyncAtCheckpoints())
	}
	if s.engine, err = embedded.Start(ctx, o.data, log, opts...); err != nil {
		return nil, err
	}
	if s.store, err = store.Open(ctx, s.engine.URI(), o.db, store.OnEmbeddedEngine(), store.WithCommands(s.cmds.add)); err != nil {
		return nil, err
	}
	s.results = results.New(s.store, results.Options{Logger: log})
	s.store.AddObserver(s.results)
	list, err := s.store.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	slugs := make([]string, len(list))
	for i, sv := range list {
		slugs[i] = sv.Slug
	}
	began := time.Now()
	s.results.Preload(slugs)
	for {
		ready, done, total := s.results.Progress(o.survey)
		if ready {
			break
		}
		fmt.Fprintf(os.Stderr, "reading the copy: %d of %d\n", done, total)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Second):
		}
	}
	fmt.Fprintf(os.Stderr, "the copy of %s read in %v\n", o.survey, time.Since(began).Round(time.Millisecond))
	// As the App: no submission limit would let one address send this
	// much, so it is off, as loadgen runs it.
	h, err := handlers.New(handlers.Config{BaseURL: "http://127.0.0.1", MinCell: 5, Results: s.results}, s.store, log)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.url = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "routebench: serve:", err)
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
	if s.results != nil {
		s.results.Close()
	}
	if s.store != nil {
		_ = s.store.Close(ctx)
	}
	if s.engine != nil {
		_ = s.engine.Stop(ctx)
	}
}

func run(ctx context.Context, o *options, stdout io.Writer) error {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := start(ctx, o, quiet)
	if err != nil {
		return err
	}
	defer s.stop()
	fx, err := prepare(ctx, s, o)
	if err != nil {
		return err
	}
	n, ok := s.results.Stored(o.survey)
	if !ok {
		return fmt.Errorf("the copy of %s is not read", o.survey)
	}
	loop := fmt.Sprintf("closed loop of %d clients per route", o.c)
	if o.rate > 0 {
		loop = fmt.Sprintf("open loop at %.0f requests/s per route, at most %d in flight", o.rate, o.c)
	}
	sync := "every commit synced"
	if o.syncNormal {
		sync = "synced at checkpoints (DIALOG_EMBEDDED_SYNC=normal)"
	}
	fmt.Fprintf(stdout, "%d responses to %s at the start; %s, %d requests each, %.0f%% duplicate submissions; %s; load average %s\n",
		n, o.survey, loop, o.n, 100*o.dup, sync, loadavg())
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var all []result
	sets := []string{""}
	if o.check {
		sets = append(sets, "during the count check")
	}
	for _, set := range sets {
		var stopCheck func()
		if set != "" {
			stopCheck = s.checkOver()
		}
		for _, rt := range fx.routes(o) {
			if o.only != "" && !strings.Contains(","+o.only+",", ","+rt.name+",") {
				continue
			}
			r := measure(ctx, s, fx, rt, o)
			r.Set = set
			all = append(all, r)
			fmt.Fprintln(os.Stderr, r.line())
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		if stopCheck != nil {
			stopCheck()
		}
	}
	if n2, ok := s.results.Stored(o.survey); ok {
		fmt.Fprintf(stdout, "%d responses to %s at the end\n\n", n2, o.survey)
	}
	writeTable(stdout, all)
	if o.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	return nil
}

// checkOver runs the results' periodic count check (a read of every
// response, every 15 minutes in the service) again and again until the
// returned func is called, so routes can be measured while it runs.
func (s *service) checkOver() func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			began := time.Now()
			if _, err := s.results.Check(ctx); err != nil && ctx.Err() == nil {
				fmt.Fprintln(os.Stderr, "count check:", err)
			}
			fmt.Fprintf(os.Stderr, "count check took %v\n", time.Since(began).Round(time.Millisecond))
		}
	}()
	return func() { cancel(); <-done }
}

// sessionFor makes an open session of survey for the join routes.
func sessionFor(ctx context.Context, st *store.Store, survey string, kiosk bool) (string, error) {
	sess := &models.Session{Survey: survey, School: "murgardsskolan", Grade: "ak8", Area: "centrum", Kiosk: kiosk, Present: 25,
		CreatedBy: "routebench", CreatedAt: time.Now(), ClosesAt: time.Now().Add(6 * time.Hour)}
	if err := st.CreateSession(ctx, sess); err != nil {
		return "", err
	}
	return sess.Code, nil
}
