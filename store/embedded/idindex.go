package embedded

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB's SQLite handler uses, registered as "sqlite"
)

// FerretDB v1.24's SQLite handler looks a document up by _id with
//
//	WHERE _ferretdb_sjson->'$._id' = ?
//
// but the unique index it makes for _id is on _ferretdb_sjson->"_id": the
// same value, a different expression, and SQLite uses an expression index
// only for the very expression it was made on. So every lookup by _id
// reads the whole table: about a second for a read of one response at
// 200,000 (docs/BENCHMARKS.md). The engine is in this process and its
// files are ours, so each of its tables gets a second index, on the
// expression the lookup uses. SQLite keeps it up to date with every
// write; FerretDB never lists it (it lists indexes from its own
// metadata) and drops it with the table.

// idIndexSuffix names the index made beside each table.
const idIndexSuffix = "__id_lookup"

// ensureIDIndexes makes the lookup index on every table of every database
// file under dir that lacks it, and returns how many it made. A table
// made after this ran gets its index at the next run.
func ensureIDIndexes(ctx context.Context, dir string) (int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return 0, fmt.Errorf("embedded: id indexes: %w", err)
	}
	made := 0
	for _, f := range files {
		n, err := ensureIDIndexesIn(ctx, f)
		made += n
		if err != nil {
			return made, err
		}
	}
	return made, nil
}

func ensureIDIndexesIn(ctx context.Context, file string) (int, error) {
	// The engine holds the file open; SQLite lets a second connection
	// write once the engine's write is done, waiting up to busy_timeout.
	q := url.Values{"_pragma": {"busy_timeout(30000)"}}
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		return 0, fmt.Errorf("embedded: id indexes: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows, err := db.QueryContext(ctx, `SELECT t.table_name FROM "_ferretdb_collections" t
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = t.table_name || ?)`, idIndexSuffix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return 0, nil // a database file the engine has not set up yet
		}
		return 0, fmt.Errorf("embedded: id indexes of %s: %w", filepath.Base(file), err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, fmt.Errorf("embedded: id indexes: %w", err)
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("embedded: id indexes: %w", err)
	}
	made := 0
	for _, t := range tables {
		// Table names are FerretDB's own (a collection name and a hash),
		// quoted as identifiers all the same.
		stmt := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')`,
			quoteIdent(t+idIndexSuffix), quoteIdent(t))
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return made, fmt.Errorf("embedded: id index on %s: %w", t, err)
		}
		made++
	}
	return made, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// idIndexer makes the lookup indexes, one run at a time: every period,
// and soon after a command that may have made a table (newTables), so
// that a table the service made at start-up (responses, with its unique
// index) is not read whole by every lookup until the next period.
type idIndexer struct {
	dir    string
	logger *slog.Logger

	mu                      sync.Mutex
	running, again, stopped bool
	runs                    sync.WaitGroup // the background runs, for stop
}

// newTables asks for a run now, in the background; one asked for while a
// run is under way follows it.
func (x *idIndexer) newTables(ctx context.Context) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.stopped {
		return
	}
	if x.running {
		x.again = true
		return
	}
	x.running = true
	x.runs.Add(1)
	go func() {
		defer x.runs.Done()
		for {
			x.run(ctx)
			x.mu.Lock()
			if !x.again || ctx.Err() != nil {
				x.running = false
				x.mu.Unlock()
				return
			}
			x.again = false
			x.mu.Unlock()
		}
	}()
}

func (x *idIndexer) run(ctx context.Context) {
	started := time.Now()
	n, err := ensureIDIndexes(ctx, x.dir)
	switch {
	case err != nil && ctx.Err() != nil:
		// Stopped: the next start runs again, with nothing lost.
	case err != nil:
		x.logger.Warn("embedded: id lookup indexes", "err", err)
	case n > 0:
		x.logger.Info("embedded: id lookup indexes made", "tables", n, "took", time.Since(started))
	}
}

// stop waits for a background run to end (its context must be ending)
// and starts none after.
func (x *idIndexer) stop() {
	x.mu.Lock()
	x.stopped = true
	x.mu.Unlock()
	x.runs.Wait()
}

// every runs x every period until ctx ends, for tables made without a
// command that asks for one (an insert into a new collection).
func (x *idIndexer) every(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			x.newTables(ctx)
		}
	}
}
