package embedded

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the engine's own SQLite driver, registered as "sqlite"
)

// Compaction is what Compact did to a database's file.
type Compaction struct {
	// FreeBefore and FreeAfter are the bytes in the file's free pages.
	FreeBefore, FreeAfter int64
	// Rewritten is set when the whole file was rewritten (VACUUM).
	Rewritten bool
	Took      time.Duration
}

// compactChunk is how many pages one transaction of incremental vacuum
// gives back: each holds SQLite's one write lock, and answers arriving
// meanwhile wait for it (1,000 pages took about 0.2 s at 100,000 answers
// on the loaded 2-core machine). A variable so that a test can make it
// small.
var compactChunk = 500

// compactPause is the rest between chunks. A writer that found the lock
// taken sleeps in SQLite's busy handler, up to 100 ms at a time; without
// a rest the next chunk took the lock again before it woke, and an answer
// waited 2.2 s for a compaction of 3 s.
const compactPause = 150 * time.Millisecond

// Compact gives the free pages of database's file in dir (the engine's
// data directory) back to the file system. Deleted documents leave their
// pages free in the file, where later documents reuse them; after a
// survey's responses were deleted that can be most of the file.
//
// It works on the file directly, beside a running engine: FerretDB's
// compact command runs PRAGMA incremental_vacuum as a statement that
// gives back one page each time it is stepped, and steps it once. Files
// with incremental vacuum (storage.go) give their pages back a chunk at a
// time, with a rest after each, so answers get in between: 280 MB in 21 s
// after 100,000 answers were deleted, no answer waiting over 0.8 s. Files
// made before cannot. They are rewritten whole (VACUUM, which switches
// them to incremental vacuum, so this happens once) only when at least a
// third of the file is free: the rewrite holds the write lock for as long
// as it copies what is left, and answers wait that long (3–5 s with
// 49,000 answers left, 21 s with 100,000, on the loaded 2-core machine;
// docs/BENCHMARKS.md, "Disk per answer").
func Compact(ctx context.Context, dir, database string) (c Compaction, err error) {
	start := time.Now()
	defer func() { c.Took = time.Since(start) }()
	file := filepath.Join(dir, database+".sqlite")
	if _, err := os.Stat(file); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return c, nil // nothing written to this database yet
		}
		return c, fmt.Errorf("embedded: compact: %w", err)
	}
	// The busy timeout first, as for the engine's connections (storage.go);
	// auto_vacuum is what a VACUUM here switches the file to.
	q := url.Values{"mode": {"rw"}, "_pragma": {"busy_timeout(10000)", "auto_vacuum(incremental)"}}
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		return c, fmt.Errorf("embedded: compact %s: %w", database, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	f, err := readFile(ctx, db)
	if err != nil || f.free == 0 {
		return c, compactErr(database, err)
	}
	c.FreeBefore = f.free * f.pageSize
	switch {
	case f.autoVacuum == 2: // incremental
		for f.free > 0 {
			before := f.free
			if err := drain(ctx, db, fmt.Sprintf("PRAGMA incremental_vacuum(%d)", compactChunk)); err != nil {
				return c, compactErr(database, err)
			}
			if f, err = readFile(ctx, db); err != nil {
				return c, compactErr(database, err)
			}
			if f.free >= before {
				break // another writer frees pages as fast; enough for now
			}
			if f.free > 0 {
				select {
				case <-ctx.Done():
					return c, compactErr(database, ctx.Err())
				case <-time.After(compactPause):
				}
			}
		}
	case 2*f.free >= f.pages-f.free:
		if _, err := db.ExecContext(ctx, "VACUUM"); err != nil {
			return c, compactErr(database, err)
		}
		c.Rewritten = true
		if f, err = readFile(ctx, db); err != nil {
			return c, compactErr(database, err)
		}
	}
	c.FreeAfter = f.free * f.pageSize
	return c, nil
}

func compactErr(database string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("embedded: compact %s: %w", database, err)
}

// fileState is what a SQLite file's header says about its pages.
type fileState struct {
	pageSize, pages, free, autoVacuum int64
}

func readFile(ctx context.Context, db *sql.DB) (fileState, error) {
	var f fileState
	for pragma, into := range map[string]*int64{"page_size": &f.pageSize, "page_count": &f.pages,
		"freelist_count": &f.free, "auto_vacuum": &f.autoVacuum} {
		if err := db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(into); err != nil {
			return f, fmt.Errorf("PRAGMA %s: %w", pragma, err)
		}
	}
	return f, nil
}

// drain steps a statement to its end: PRAGMA incremental_vacuum gives
// back one page for each row it returns.
func drain(ctx context.Context, db *sql.DB, query string) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		_ = rows.Close()
		return err
	}
	return rows.Close()
}
