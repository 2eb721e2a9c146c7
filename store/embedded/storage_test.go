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

// Compact on a file from before incremental vacuum: the pages of a few
// deleted documents stay free (rewriting the whole file to return them
// would hold up answers for longer than they are worth), and once a third
// of the file is free, it is rewritten, which switches it to incremental
// vacuum. The engine runs throughout, as in the service.
func TestCompactRewritesAFileFromBeforeOnlyWhenMostIsFree(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	saved := storagePragmas
	storagePragmas = nil
	srv, client := startTestEngine(t, dir)
	storagePragmas = saved
	if _, err := client.Database("dialog").Collection("c").InsertOne(ctx, bson.M{"made": "before"}); err != nil {
		t.Fatal(err)
	}
	_ = client.Disconnect(ctx)
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	_, client = startTestEngine(t, dir)
	coll := client.Database("dialog").Collection("c")
	pad := strings.Repeat("svar ", 400) // a page each, as responses were in 4 KB pages
	for group, n := range map[string]int{"kept": 300, "few": 60, "many": 600} {
		docs := make([]any, n)
		for i := range docs {
			docs[i] = bson.M{"group": group, "i": i, "pad": pad}
		}
		if _, err := coll.InsertMany(ctx, docs); err != nil {
			t.Fatal(err)
		}
	}
	compact := func(deleted string) Compaction {
		t.Helper()
		if _, err := coll.DeleteMany(ctx, bson.M{"group": deleted}); err != nil {
			t.Fatal(err)
		}
		c, err := Compact(ctx, dir, "dialog")
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("after deleting %s: %+v", deleted, c)
		return c
	}

	if c := compact("few"); c.FreeBefore == 0 || c.Rewritten || c.FreeAfter != c.FreeBefore {
		t.Fatalf("after deleting a few: %+v, want the free pages kept and no rewrite", c)
	}
	if c := compact("many"); !c.Rewritten || c.FreeAfter != 0 {
		t.Fatalf("after deleting most: %+v, want the file rewritten with no free page left", c)
	}
	if n, err := coll.CountDocuments(ctx, bson.M{"group": "kept"}); err != nil || n != 300 {
		t.Fatalf("%d documents kept, want 300 (%v)", n, err)
	}
	if got := fileSettings(t, filepath.Join(dir, "dialog.sqlite")); got.autoVacuum != "2" {
		t.Fatalf("rewritten file has %+v, want incremental vacuum (2)", got)
	}
}

// A new file gives back every free page in place, a chunk at a time, and
// documents written meanwhile are all kept.
func TestCompactGivesPagesBackInPlace(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	saved := compactChunk
	compactChunk = 100
	t.Cleanup(func() { compactChunk = saved })
	_, client := startTestEngine(t, dir)
	coll := client.Database("dialog").Collection("c")
	pad := strings.Repeat("svar ", 500)
	docs := make([]any, 3000)
	for i := range docs {
		docs[i] = bson.M{"_id": i, "pad": pad}
	}
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.DeleteMany(ctx, bson.M{"_id": bson.M{"$gte": 500}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 50 {
			if _, err := coll.InsertOne(ctx, bson.M{"_id": 10_000 + i, "pad": pad}); err != nil {
				t.Error(err)
			}
		}
	})
	c, err := Compact(ctx, dir, "dialog")
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", c)
	// Several chunks' worth, so the loop is what returned them.
	if c.FreeBefore < int64(5*compactChunk*8192) || c.Rewritten {
		t.Fatalf("%+v, want over %d pages freed and no rewrite", c, 5*compactChunk)
	}
	if c2, err := Compact(ctx, dir, "dialog"); err != nil || c2.FreeBefore != 0 {
		t.Fatalf("second compact found %+v (%v), want nothing free", c2, err)
	}
	if n, err := coll.CountDocuments(ctx, bson.M{}); err != nil || n != 550 {
		t.Fatalf("%d documents, want 550 (%v)", n, err)
	}
}
