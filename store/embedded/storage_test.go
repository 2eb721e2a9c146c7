package embedded

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"modernc.org/sqlite"
)

// A file the engine creates gets 8 KB pages and incremental vacuum, and
// every connection cuts the WAL back to 16 MB when it starts over.
func TestNewFileStorageSettings(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	var limits []string
	sqlite.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, dsn string) error {
		if !strings.Contains(dsn, dir) {
			return nil
		}
		v, err := pragmaValue(c, "journal_size_limit")
		mu.Lock()
		limits = append(limits, v)
		mu.Unlock()
		return err
	})
	_, client := startTestEngine(t, dir)
	if _, err := client.Database("dialog").Collection("c").InsertOne(context.Background(), bson.M{"n": 1}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(limits) == 0 {
		t.Fatal("no engine connection seen")
	}
	for _, l := range limits {
		if l != "16777216" {
			t.Fatalf("engine connection has journal_size_limit %s, want 16777216", l)
		}
	}
	mu.Unlock()
	if got := fileSettings(t, filepath.Join(dir, "dialog.sqlite")); got != (fileSetting{pageSize: "8192", autoVacuum: "2"}) {
		t.Fatalf("new file has %+v, want 8 KB pages and incremental vacuum (2)", got)
	}
}

// A file made before these settings (4 KB pages, no auto-vacuum) keeps
// working as it is; a full compact (VACUUM) switches it to incremental
// vacuum, and the page size stays, since SQLite cannot change it in WAL
// mode.
func TestFileFromBeforeKeepsWorking(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "dialog.sqlite")
	ctx := context.Background()
	docs := make([]any, 300)
	for i := range docs {
		docs[i] = bson.M{"_id": i, "pad": strings.Repeat("x", 2000)}
	}

	// The engine as it was: SQLite's and FerretDB's defaults.
	saved := storagePragmas
	storagePragmas = nil
	srv, client := startTestEngine(t, dir)
	storagePragmas = saved
	if _, err := client.Database("dialog").Collection("c").InsertMany(ctx, docs[:150]); err != nil {
		t.Fatal(err)
	}
	_ = client.Disconnect(ctx)
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if got := fileSettings(t, file); got != (fileSetting{pageSize: "4096", autoVacuum: "0"}) {
		t.Fatalf("file from before has %+v, want 4 KB pages and no auto-vacuum", got)
	}

	srv, client = startTestEngine(t, dir)
	db := client.Database("dialog")
	coll := db.Collection("c")
	if _, err := coll.InsertMany(ctx, docs[150:]); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.DeleteMany(ctx, bson.M{"_id": bson.M{"$gte": 100}}); err != nil {
		t.Fatal(err)
	}
	if err := db.RunCommand(ctx, bson.D{{Key: "compact", Value: "c"}, {Key: "force", Value: true}}).Err(); err != nil {
		t.Fatal(err)
	}
	if n, err := coll.CountDocuments(ctx, bson.M{}); err != nil || n != 100 {
		t.Fatalf("%d documents after the compact, want 100 (%v)", n, err)
	}
	_ = client.Disconnect(ctx)
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if got := fileSettings(t, file); got != (fileSetting{pageSize: "4096", autoVacuum: "2"}) {
		t.Fatalf("file from before has %+v after VACUUM, want its 4 KB pages and incremental vacuum (2)", got)
	}
}

type fileSetting struct{ pageSize, autoVacuum string }

// fileSettings reads what a SQLite file's header says, on a connection of
// its own (the engine stopped).
func fileSettings(t *testing.T, file string) fileSetting {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var s fileSetting
	for pragma, into := range map[string]*string{"page_size": &s.pageSize, "auto_vacuum": &s.autoVacuum} {
		if err := db.QueryRow("PRAGMA " + pragma).Scan(into); err != nil {
			t.Fatalf("PRAGMA %s: %v", pragma, err)
		}
	}
	return s
}
