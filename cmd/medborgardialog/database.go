package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/embedded"
	"medborgardialog/surveys"
)

// openDatabase opens the configured database for a command-line tool:
// MONGODB_URI, or where that is unset the embedded engine on
// DIALOG_DATA_DIR, which the server must not be running on at the same
// time (the engine refuses a data dir whose socket answers). closeDB disconnects and stops the engine. The error names the
// setting at fault.
func openDatabase(ctx context.Context, cfg Config, log *slog.Logger) (st *store.Store, closeDB func(), err error) {
	uri := cfg.MongoURI
	var engine *embedded.Server
	if uri == "" {
		if engine, err = embedded.Start(ctx, cfg.DataDir, log, cfg.engineOptions()...); err != nil {
			return nil, nil, fmt.Errorf("DIALOG_DATA_DIR: %w", err)
		}
		uri = engine.URI()
	}
	stopEngine := func(ctx context.Context) {
		if engine != nil {
			_ = engine.Stop(ctx)
		}
	}
	if st, err = store.Open(ctx, uri, cfg.DB, storeOptions(engine)...); err != nil {
		stopEngine(context.WithoutCancel(ctx))
		return nil, nil, fmt.Errorf("MONGODB_URI: %w", err)
	}
	closeDB = func() {
		// Closing must work even when the command's own deadline has passed.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = st.Close(ctx)
		stopEngine(ctx)
	}
	return st, closeDB, nil
}

// storeOptions tell the store which engine it runs on: engine is nil
// with MONGODB_URI.
func storeOptions(engine *embedded.Server) []store.Option {
	if engine == nil {
		return nil
	}
	return []store.Option{store.OnEmbeddedEngine()}
}

// ensureRecordKeys gives responses stored before record keys existed
// theirs, before any figure is computed from them: a response that counted
// with no key and later gets one would change its groups' noise, and two
// draws of one figure can be averaged.
func ensureRecordKeys(ctx context.Context, st *store.Store, log *slog.Logger) error {
	n, err := st.EnsureRecordKeys(ctx)
	if err != nil {
		return fmt.Errorf("give stored responses a record key: %w", err)
	}
	if n > 0 {
		log.Info("gave stored responses a record key", "count", n)
	}
	return nil
}

// mapSessionPlaces moves sessions stored with free-text places, from
// before the catalogue, and their responses to the catalogue's values
// where the match is unambiguous (surveys.MapSession). It reads only the
// sessions and writes only what changes, so it runs in the background
// after every start-up, and a second run does nothing.
func mapSessionPlaces(ctx context.Context, st *store.Store, log *slog.Logger) error {
	places, err := st.Places(ctx)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	sessions, err := st.SessionPlaces(ctx, "")
	if err != nil {
		return err
	}
	grades := map[string]*models.Question{}
	mapped := 0
	for _, sess := range sessions {
		q, ok := grades[sess.Survey]
		if !ok {
			sv, err := st.Survey(ctx, sess.Survey)
			if err != nil && models.ErrorCode(err) != models.ErrNotFound {
				return err
			}
			if sv != nil {
				q = surveys.DimensionQuestion(sv, models.DimGrade)
			}
			grades[sess.Survey] = q
		}
		school, grade, area := surveys.MapSession(places, q, sess.School, sess.Grade, sess.Area)
		if school == sess.School && grade == sess.Grade && area == sess.Area {
			continue
		}
		if err := st.SetSessionPlaces(ctx, sess.Code, school, grade, area); err != nil {
			return err
		}
		mapped++
	}
	if mapped > 0 {
		log.Info("sessions mapped to the places catalogue", "sessions", mapped)
	}
	return nil
}

// openConfigured opens the database the configuration names, for a
// command-line tool, saying what went wrong on stderr: the exit code is 2
// for a configuration error and 1 when the database cannot be opened.
func openConfigured(ctx context.Context, getenv func(string) string, stderr io.Writer) (*store.Store, func(), int) {
	cfg, code := configured(getenv, stderr)
	if code != 0 {
		return nil, nil, code
	}
	return openWithConfig(ctx, cfg, stderr)
}

// configured reads the configuration for a command-line tool, saying
// what is wrong on stderr with exit code 2.
func configured(getenv func(string) string, stderr io.Writer) (Config, int) {
	cfg, err := LoadConfig(getenv, nil)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: configuration: %v\n", err)
		return Config{}, 2
	}
	return cfg, 0
}

// openWithConfig is openConfigured with the configuration read already.
func openWithConfig(ctx context.Context, cfg Config, stderr io.Writer) (*store.Store, func(), int) {
	st, closeDB, err := openDatabase(ctx, cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: %v\n", err)
		return nil, nil, 1
	}
	return st, closeDB, 0
}
