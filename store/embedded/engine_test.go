package embedded

import (
	"context"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"modernc.org/sqlite"
)

func startTestEngine(t *testing.T, dir string, opts ...Option) (*Server, *mongo.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := Start(ctx, dir, quietLogger(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = client.Disconnect(ctx)
		if err := srv.Stop(ctx); err != nil {
			t.Error(err)
		}
	})
	return srv, client
}

// The engine's SQLite connections are the ones whose settings decide
// durability; this reads them off every connection the engine opens in
// the test's data dir, by default and with SyncAtCheckpoints.
func TestEngineConnectionSettings(t *testing.T) {
	for _, tc := range []struct {
		name        string
		opts        []Option
		synchronous string
	}{
		{"default", nil, "2"}, // FULL: every commit synced
		{"sync at checkpoints", []Option{SyncAtCheckpoints()}, "1"}, // NORMAL
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := connSettings{journal: "wal", synchronous: tc.synchronous, autocheckpoint: "1000", busy: "10000"}
			seen := engineConnections(t, tc.opts)
			for _, s := range seen {
				if s != want {
					t.Fatalf("engine connection has %+v, want %+v", s, want)
				}
			}
		})
	}
}

type connSettings struct{ journal, synchronous, autocheckpoint, busy string }

// engineConnections starts an engine with opts, writes through it and
// returns the settings of every SQLite connection it opened.
func engineConnections(t *testing.T, opts []Option) []connSettings {
	dir := t.TempDir()
	var mu sync.Mutex
	var seen []connSettings
	sqlite.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, dsn string) error {
		if !strings.Contains(dsn, dir) {
			return nil
		}
		var s connSettings
		for pragma, into := range map[string]*string{"journal_mode": &s.journal, "synchronous": &s.synchronous,
			"wal_autocheckpoint": &s.autocheckpoint, "busy_timeout": &s.busy} {
			v, err := pragmaValue(c, pragma)
			if err != nil {
				return err
			}
			*into = v
		}
		mu.Lock()
		seen = append(seen, s)
		mu.Unlock()
		return nil
	})
	_, client := startTestEngine(t, dir, opts...)
	if _, err := client.Database("dialog").Collection("c").InsertOne(context.Background(), bson.M{"n": 1}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 {
		t.Fatal("no engine connection seen")
	}
	return seen
}

func pragmaValue(c sqlite.ExecQuerierContext, pragma string) (string, error) {
	rows, err := c.QueryContext(context.Background(), "PRAGMA "+pragma, nil)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	v := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(v); err != nil {
		return "", fmt.Errorf("PRAGMA %s: %w", pragma, err)
	}
	return fmt.Sprint(v[0]), nil
}

// SQLite's automatic checkpoint lets the WAL start over near 1,000 pages
// (4 MB); if it grew without bound under steady inserts, every commit and
// read would slow with it.
func TestWALStartsOverUnderSteadyInserts(t *testing.T) {
	dir := t.TempDir()
	_, client := startTestEngine(t, dir)
	coll := client.Database("dialog").Collection("c")
	ctx := context.Background()
	pad := strings.Repeat("x", 1500)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 250 {
				if _, err := coll.InsertOne(ctx, bson.M{"w": w, "i": i, "pad": pad}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	fi, err := os.Stat(filepath.Join(dir, "dialog.sqlite-wal"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 8<<20 {
		t.Fatalf("WAL is %d MB after 2,000 inserts: it does not start over", fi.Size()>>20)
	}
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// A find by _id scans the collection on this engine: FerretDB 1.24 asks
// SQLite for _ferretdb_sjson->'$._id', and its unique _id index is on
// _ferretdb_sjson->"_id", an expression SQLite does not take as the same.
// idindex.go adds an index on FerretDB's own expression at start and every
// ten minutes; a collection made since has none yet, as here. If this test
// fails, a FerretDB upgrade has made such reads cheap and idindex.go can go.
func TestFindByIDIsAScan(t *testing.T) {
	_, client := startTestEngine(t, t.TempDir())
	ctx := context.Background()
	db := client.Database("dialog")
	if _, err := db.Collection("c").InsertMany(ctx, []any{bson.M{"_id": "a"}, bson.M{"_id": "b"}}); err != nil {
		t.Fatal(err)
	}
	var res struct {
		QueryPlanner struct {
			Plan []string `bson:"Plan"`
		} `bson:"queryPlanner"`
	}
	find := bson.D{{Key: "find", Value: "c"}, {Key: "filter", Value: bson.D{{Key: "_id", Value: "a"}}}}
	if err := db.RunCommand(ctx, bson.D{{Key: "explain", Value: find}}).Decode(&res); err != nil {
		t.Fatal(err)
	}
	if plan := strings.Join(res.QueryPlanner.Plan, " "); !strings.Contains(plan, "SCAN") || strings.Contains(plan, "INDEX") {
		t.Fatalf("plan of a find by _id: %q; FerretDB now uses an index for it", plan)
	}
}
