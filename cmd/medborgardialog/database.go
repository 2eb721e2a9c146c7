package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"medborgardialog/store"
	"medborgardialog/store/embedded"
)

// openDatabase opens the configured database for a command-line tool:
// MONGODB_URI, or where that is unset the embedded engine on
// DIALOG_DATA_DIR, which the server must not be running on at the same
// time. closeDB disconnects and stops the engine. The error names the
// setting at fault.
func openDatabase(ctx context.Context, cfg Config, log *slog.Logger) (st *store.Store, closeDB func(), err error) {
	uri := cfg.MongoURI
	var engine *embedded.Server
	if uri == "" {
		if engine, err = embedded.Start(ctx, cfg.DataDir, log); err != nil {
			return nil, nil, fmt.Errorf("DIALOG_DATA_DIR: %w", err)
		}
		uri = engine.URI()
	}
	stopEngine := func(ctx context.Context) {
		if engine != nil {
			_ = engine.Stop(ctx)
		}
	}
	if st, err = store.Open(ctx, uri, cfg.DB); err != nil {
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
