package embedded

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestALookupByIDUsesAnIndex: after a restart, every table the engine
// made has an index on the expression its _id lookup uses, and SQLite
// plans the lookup with it instead of reading the whole table.
func TestALookupByIDUsesAnIndex(t *testing.T) {
	dir := t.TempDir()
	srv, client := startTestEngine(t, dir)
	ctx := context.Background()
	coll := client.Database("dialog").Collection("responses")
	for i := range 50 {
		if _, err := coll.InsertOne(ctx, bson.M{"_id": "r" + string(rune('a'+i%26)) + string(rune('a'+i/26)), "n": i}); err != nil {
			t.Fatal(err)
		}
	}
	_ = client.Disconnect(ctx)
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	srv, client = startTestEngine(t, dir)
	defer srv.Stop(ctx)
	var got bson.M
	if err := client.Database("dialog").Collection("responses").FindOne(ctx, bson.M{"_id": "rcb"}).Decode(&got); err != nil || got["n"] != int32(28) {
		t.Fatalf("lookup by _id through the engine: %v %v", got, err)
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "dialog.sqlite")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var table string
	if err := db.QueryRow(`SELECT table_name FROM "_ferretdb_collections" WHERE name = 'responses'`).Scan(&table); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM `+quoteIdent(table)+` WHERE _ferretdb_sjson->'$._id' = ?`, `"rcb"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "USING INDEX "+table+idIndexSuffix) {
		t.Fatalf("the lookup by _id is planned as %q, not with the index", p)
	}
}

// TestATableMadeWithAnIndexGetsItsLookupIndexAtOnce: a collection made by
// creating an index (as the store does for responses when it opens a new
// database) gets its lookup index within moments, not at the next
// ten-minute run, so a new database's duplicates are not read back by
// reading every response.
func TestATableMadeWithAnIndexGetsItsLookupIndexAtOnce(t *testing.T) {
	_, client := startTestEngine(t, t.TempDir())
	ctx := context.Background()
	db := client.Database("dialog")
	if _, err := db.Collection("fresh").Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "k", Value: 1}}, Options: options.Index().SetUnique(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("fresh").InsertOne(ctx, bson.M{"_id": "a", "k": 1}); err != nil {
		t.Fatal(err)
	}
	find := bson.D{{Key: "find", Value: "fresh"}, {Key: "filter", Value: bson.D{{Key: "_id", Value: "a"}}}}
	var plan string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var res struct {
			QueryPlanner struct {
				Plan []string `bson:"Plan"`
			} `bson:"queryPlanner"`
		}
		if err := db.RunCommand(ctx, bson.D{{Key: "explain", Value: find}}).Decode(&res); err != nil {
			t.Fatal(err)
		}
		if plan = strings.Join(res.QueryPlanner.Plan, " "); strings.Contains(plan, idIndexSuffix) {
			return
		}
	}
	t.Fatalf("5 s after the collection was made, a find by _id is planned as %q", plan)
}

// TestStopEndsTheIndexRun: Stop waits for the lookup-index run that
// index commands started, so an engine started on the same directory at
// once does not find the database locked. The restore tests met that in
// one process: a command that failed soon after opening a new database
// (whose indexes the store makes), then the next one on the same
// directory. Timing decides whether a run is still under way at Stop, so
// the test makes that many times; before the fix some of its runs failed.
func TestStopEndsTheIndexRun(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for i := range 10 {
		srv, client := startTestEngine(t, dir)
		// As the store opening a new database: an index command per
		// collection, each asking for a run.
		for j := range 10 {
			coll := client.Database("dialog").Collection("c" + strconv.Itoa(10*i+j))
			if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "k", Value: 1}}}); err != nil {
				t.Fatal(err)
			}
		}
		_ = client.Disconnect(ctx)
		if err := srv.Stop(ctx); err != nil {
			t.Fatal(err)
		}
	}
}
