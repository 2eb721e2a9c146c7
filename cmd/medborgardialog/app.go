package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"medborgardialog/demo"
	"medborgardialog/handlers"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/store/embedded"
)

// App is the whole service wired together. main runs it, and the
// end-to-end tests start the same thing.
type App struct {
	cfg    Config
	log    *slog.Logger
	engine *embedded.Server // nil when MONGODB_URI is set
	store  *store.Store
	// results holds the responses in memory; every figure is counted
	// from it.
	results *results.Manager
	srv     *http.Server
	ln      net.Listener
	// stopChores ends the background work started with the service;
	// chores is the work still running.
	stopChores context.CancelFunc
	chores     sync.WaitGroup
}

// Start opens the database (starting the embedded engine when no URI is
// configured), builds the HTTP handler and starts listening. It does not
// serve yet; call Serve.
func Start(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	a := &App{cfg: cfg, log: log}
	if err := a.start(ctx); err != nil {
		a.closeStorage(context.WithoutCancel(ctx))
		return nil, err
	}
	return a, nil
}

func (a *App) start(ctx context.Context) (err error) {
	cfg, log := a.cfg, a.log

	uri := cfg.MongoURI
	if uri == "" {
		// A Unix socket only this user can reach: the engine has no
		// authentication (store/embedded).
		if a.engine, err = embedded.Start(ctx, cfg.DataDir, log, append(cfg.engineOptions(), cfg.engineFaults...)...); err != nil {
			return fmt.Errorf("DIALOG_DATA_DIR: %w", err)
		}
		log.Info("embedded engine started", "socket", a.engine.Addr().String())
		uri = a.engine.URI()
	}
	openCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if a.store, err = store.Open(openCtx, uri, cfg.DB, storeOptions(a.engine)...); err != nil {
		return fmt.Errorf("MONGODB_URI: database unreachable: %w", err)
	}
	// Not bound by a deadline: one write per response without a key.
	if err := ensureRecordKeys(ctx, a.store, log); err != nil {
		return err
	}
	builtinCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := ensureBuiltins(builtinCtx, a.store); err != nil {
		return err
	}
	var demoWaves []demo.Wave
	if cfg.Demo {
		if demoWaves, err = a.fillDemo(ctx); err != nil {
			return err
		}
	}

	textDir, err := resultsTextDir(cfg)
	if err != nil {
		return err
	}
	a.results = results.New(a.store, results.Options{MaxAge: cfg.ResultsMaxAge, TextDir: textDir, Logger: log})
	a.store.AddObserver(a.results)
	if a.engine != nil {
		// After every write start-up makes: any write since the last
		// shutdown's snapshot leaves no token, and the snapshot unused.
		a.results.LoadSnapshot(ctx, snapshotPath(cfg), a.store.CopyToken())
	}
	if err := a.preloadResults(ctx); err != nil {
		return err
	}
	if len(demoWaves) > 0 {
		if err := publishDemo(ctx, a.results, demoWaves, cfg, log); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	setupToken, setupExpires, err := firstAdminSetup(ctx, a.store)
	if err != nil {
		return err
	}
	h, err := handlers.New(handlers.Config{
		BaseURL:        cfg.BaseURL,
		AdminToken:     cfg.AdminToken,
		MinCell:        cfg.MinCell,
		ClassMinCell:   cfg.ClassMinCell,
		TrustedProxies: cfg.TrustedProxies,
		SubmitRate:     cfg.SubmitRate,
		MaxResponses:   cfg.MaxResponses,

		RetentionTextMonths:    cfg.RetentionTextMonths,
		RetentionResponseYears: cfg.RetentionResponseYears,
		Results:                a.results,
		PublicationInterval:    cfg.PublicationInterval,
		Languages:              cfg.Languages,
		Organisations:          cfg.Organisations,
		Contact:                cfg.Contact,
		AccessibilityAssessed:  cfg.AccessibilityAssessed,
		SetupToken:             setupToken,
		SetupExpires:           setupExpires,
	}, a.store, log)
	if err != nil {
		return err
	}
	a.srv = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second, // workbooks of large surveys take a while
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if a.ln, err = net.Listen("tcp", cfg.Addr); err != nil {
		return fmt.Errorf("DIALOG_ADDR: %w", err)
	}
	logSetupLink(log, cfg.BaseURL, setupToken, setupExpires)
	chores, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.stopChores = cancel
	// Reading every session takes seconds when there are thousands, and
	// nothing waits for it: a session it moves to the catalogue has its
	// survey's copy read again.
	a.every(chores, 0, 24*time.Hour, a.mapPlaces)
	a.every(chores, 10*time.Minute, 10*time.Minute, a.sweepSessions)
	a.every(chores, time.Minute, 24*time.Hour, a.retention)
	a.every(chores, 10*time.Second, time.Hour, a.publishClosed)
	a.every(chores, copyCheckEvery, copyCheckEvery, a.checkCopies)
	return nil
}

// resultsTextDir is where the in-memory results keep their free-text
// logs: DIALOG_TEXT_DIR, by default "texts" in the private data directory,
// on the embedded engine and on MongoDB alike. Free text is what retention
// deletes first, so the logs a crash or an OOM kill left behind are
// removed at start-up (results.PrepareTextDir); in the system's temporary
// directory nothing would ever have removed them.
func resultsTextDir(cfg Config) (string, error) {
	if err := results.PrepareTextDir(cfg.TextDir); err != nil {
		return "", fmt.Errorf("DIALOG_TEXT_DIR: %w", err)
	}
	return cfg.TextDir, nil
}

// preloadResults starts reading every survey's responses into memory in
// the background, so the first dashboard need not wait for it. The
// service answers meanwhile; staff pages say how far the read has come.
func (a *App) preloadResults(ctx context.Context) error {
	list, err := a.store.Surveys(ctx)
	if err != nil {
		return fmt.Errorf("list surveys: %w", err)
	}
	slugs := make([]string, len(list))
	for i, sv := range list {
		slugs[i] = sv.Slug
	}
	a.results.Preload(slugs)
	return nil
}

// Addr is the address the service listens on.
func (a *App) Addr() string { return a.ln.Addr().String() }

// Serve answers requests until Shutdown is called.
func (a *App) Serve() error {
	if err := a.srv.Serve(a.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// Shutdown stops accepting requests, lets those in flight finish (until ctx
// ends), writes the snapshot of the in-memory copies, then closes the
// database connection and the embedded engine.
func (a *App) Shutdown(ctx context.Context) error {
	err := a.srv.Shutdown(ctx)
	if a.stopChores != nil {
		a.stopChores()
		a.chores.Wait()
	}
	if err == nil && a.engine != nil && a.results != nil {
		a.snapshot(context.WithoutCancel(ctx))
	}
	if a.results != nil {
		a.results.Close()
	}
	a.closeStorage(context.WithoutCancel(ctx))
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func (a *App) closeStorage(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if a.store != nil {
		if err := a.store.Close(ctx); err != nil {
			a.log.Warn("close database", "err", err)
		}
	}
	if a.engine != nil {
		if err := a.engine.Stop(ctx); err != nil {
			a.log.Warn("stop embedded engine", "err", err)
		}
	}
}

// sweepSessions deletes expired staff sessions. Expiry is enforced on
// every request anyway; this only keeps the collection small, since the
// embedded engine has no TTL indexes.
func (a *App) sweepSessions(ctx context.Context, now time.Time) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := a.store.SweepWebSessions(ctx, now); err != nil {
		a.log.Warn("sweep staff sessions", "err", err)
	}
}

// fillDemo adds synthetic responses to both built-in waves when the
// database has none yet, so a newcomer sees a real lägesbild at once.
// It returns the waves it filled, for publishing once the results can
// count them.
func (a *App) fillDemo(ctx context.Context) ([]demo.Wave, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	waves, err := demoWaves(ctx, a.store, "", 1500)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	for _, w := range waves {
		if n, err := a.store.CountSurveyResponses(ctx, w.Survey.Slug); err != nil || n > 0 {
			return nil, err // never mix demo data into real answers
		}
	}
	if err := demo.Fill(ctx, a.store, waves, 1, nil); err != nil {
		return nil, err
	}
	a.log.Info("demo data added", "responses_per_survey", 1500)
	return waves, nil
}

// mapPlaces moves sessions stored with free-text places to the places
// catalogue (mapSessionPlaces), in the background.
func (a *App) mapPlaces(ctx context.Context, _ time.Time) {
	if err := mapSessionPlaces(ctx, a.store, a.log); err != nil && ctx.Err() == nil {
		a.log.Warn("map sessions to the places catalogue; tried again tomorrow", "err", err)
	}
}

// copyCheckEvery is how often the in-memory copies are counted against
// the database. On the embedded engine the count reads every response
// (about N s at 100,000, docs/BENCHMARKS.md), so it is a backstop run
// seldom: the copies follow every write, and inserts whose outcome was
// unknown are settled, without it.
const copyCheckEvery = 15 * time.Minute

// checkCopies runs the results' periodic count check; what it finds is
// logged and counted in /metrics there.
func (a *App) checkCopies(ctx context.Context, _ time.Time) {
	if _, err := a.results.Check(ctx); err != nil && ctx.Err() == nil {
		a.log.Warn("copy check failed; tried again at the next", "err", err)
	}
}

// snapshotPath is where the in-memory copies are written at shutdown: in
// the private data directory, beside the engine's files.
func snapshotPath(cfg Config) string { return filepath.Join(cfg.DataDir, "copies.snapshot") }

// snapshot writes the in-memory copies to disk and then the marker that
// vouches for them, once no response is written any more: requests and
// chores have ended and the store's background work is stopped. With
// an insert still unsettled the copies may differ from the database, so
// nothing is written and the next start reads every response.
func (a *App) snapshot(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	a.store.StopBackground(ctx)
	if n := a.store.Integrity().Uncertain; n > 0 {
		a.log.Warn("no snapshot of the copies: inserts are unsettled", "unsettled", n)
		return
	}
	started := time.Now()
	token := store.NewCopyToken()
	surveys, err := a.results.WriteSnapshot(snapshotPath(a.cfg), token)
	if err != nil {
		a.log.Warn("no snapshot of the copies", "err", err)
		return
	}
	if err := a.store.PutCopyMarker(ctx, token); err != nil {
		a.log.Warn("snapshot of the copies written but not vouched for; the next start reads every response", "err", err)
		return
	}
	a.log.Info("snapshot of the copies written", "surveys", surveys, "took", time.Since(started))
}

// every runs job in the background, first after start and then each
// period until ctx ends, one run at a time; Shutdown waits for it.
func (a *App) every(ctx context.Context, first, period time.Duration, job func(ctx context.Context, now time.Time)) {
	a.chores.Add(1)
	go func() {
		defer a.chores.Done()
		every(ctx, first, period, job)
	}()
}

// every runs job first after start and then each period until ctx ends,
// one run at a time.
func every(ctx context.Context, first, period time.Duration, job func(ctx context.Context, now time.Time)) {
	wait := time.NewTimer(first)
	defer wait.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-wait.C:
			job(ctx, now)
			wait.Reset(period)
		}
	}
}
