package embedded

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"net"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// holdInsertTurn has the engine busy with an insert into db, as far as
// the relay's turns go, until the returned function is called.
func holdInsertTurn(srv *Server, db string) (leave func()) { return srv.proxy.turns.enter(db) }

// waitForWaiting waits until n inserts wait for db's turn.
func waitForWaiting(t *testing.T, srv *Server, db string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for srv.proxy.turns.waiting(db) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d inserts wait for the turn, want %d", srv.proxy.turns.waiting(db), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// rawConn is a connection to the relay that speaks the wire protocol
// without a driver.
func rawConn(t *testing.T, srv *Server) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("unix", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, bufio.NewReader(c)
}

func TestWaitingInsertsAreCommittedTogether(t *testing.T) {
	srv, client := startTestEngine(t, t.TempDir())
	coll := client.Database("dialog").Collection("c")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	leave := holdInsertTurn(srv, "dialog")
	const n = 24
	errs := make([]error, n)
	ids := make([]any, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			res, err := coll.InsertOne(ctx, bson.M{"_id": fmt.Sprint(i), "i": i})
			errs[i] = err
			if err == nil {
				ids[i] = res.InsertedID
			}
		})
	}
	waitForWaiting(t, srv, "dialog", n)
	leave()
	wg.Wait()

	for i := range n {
		if errs[i] != nil || ids[i] != fmt.Sprint(i) {
			t.Fatalf("insert %d: %v, id %v", i, errs[i], ids[i])
		}
	}
	cur, err := coll.Find(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []struct {
		ID string `bson:"_id"`
		I  int    `bson:"i"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, d := range docs {
		seen[d.ID]++
		if d.ID != fmt.Sprint(d.I) {
			t.Fatalf("document %s holds another caller's fields: %+v", d.ID, d)
		}
	}
	if len(docs) != n || len(seen) != n {
		t.Fatalf("%d documents stored (%d distinct), want %d", len(docs), len(seen), n)
	}
	if got := srv.InsertGroups(); !maps.Equal(got, map[int]int64{n: 1}) {
		t.Fatalf("insert commands by size %v, want the %d waiting inserts in one", got, n)
	}
}

// Duplicates in a group: an _id already stored, two callers with one new
// _id, and two with one value of a unique index (the service's
// submission id), each caller answered as it would have been alone.
func TestGroupAnswersDuplicatesToTheRightCallers(t *testing.T) {
	srv, client := startTestEngine(t, t.TempDir())
	coll := client.Database("dialog").Collection("c")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "sub", Value: 1}}, Options: options.Index().SetUnique(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.InsertMany(ctx, []any{bson.M{"_id": "old1", "sub": "s-old1"}, bson.M{"_id": "old2", "sub": "s-old2"}}); err != nil {
		t.Fatal(err)
	}
	docs := []bson.M{
		{"_id": "new1", "sub": "s1"},
		{"_id": "old1", "sub": "s2"}, // _id stored before
		{"_id": "twice", "sub": "s3"},
		{"_id": "new2", "sub": "s-old2"}, // unique index value stored before
		{"_id": "twice", "sub": "s4"},    // same _id as a caller before it
		{"_id": "new3", "sub": "s5"},
		{"_id": "new4", "sub": "s5"}, // same sub as a caller before it
		{"_id": "new5", "sub": "s6"},
	}
	wantDup := map[int]bool{1: true, 3: true, 4: true, 6: true}

	leave := holdInsertTurn(srv, "dialog")
	errs := make([]error, len(docs))
	var wg sync.WaitGroup
	for i, d := range docs {
		// One after the other into the line, so the order in the group
		// (which decides who of two is first) is known.
		wg.Go(func() { _, errs[i] = coll.InsertOne(ctx, d) })
		waitForWaiting(t, srv, "dialog", i+1)
	}
	leave()
	wg.Wait()

	for i, err := range errs {
		if wantDup[i] != mongo.IsDuplicateKeyError(err) || (!wantDup[i] && err != nil) {
			t.Errorf("caller %d (%v): %v", i, docs[i], err)
		}
	}
	n, err := coll.CountDocuments(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(2 + len(docs) - len(wantDup)); n != want {
		t.Fatalf("%d documents stored, want %d", n, want)
	}
	var twice bson.M
	if err := coll.FindOne(ctx, bson.M{"_id": "twice"}).Decode(&twice); err != nil || twice["sub"] != "s3" {
		t.Fatalf("of two callers with one _id the first in must win: %v %v", twice, err)
	}
	// The second "twice" and new4 collide with a caller before them in
	// the group: they go in a command after the other six.
	if got := srv.InsertGroups(); !maps.Equal(got, map[int]int64{6: 1, 2: 1}) {
		t.Fatalf("insert commands by size %v, want one of 6 and one of the 2 that collide", got)
	}
}

// On the wire: each caller's reply answers its own request and is,
// byte for byte, the reply the engine gives the same insert alone.
func TestGroupRepliesAreTheRepliesAlone(t *testing.T) {
	srv, client := startTestEngine(t, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := client.Database("dialog").Collection("c").InsertOne(ctx, bson.M{"_id": "old"}); err != nil {
		t.Fatal(err)
	}

	type call struct {
		coll, id  string
		requestID int32
	}
	// Three groups: new and old; both inserts into a collection the engine
	// refuses; other.
	calls := []call{{"c", "new", 101}, {"c", "old", 202}, {"bad$name", "x", 303}, {"bad$name", "y", 304}, {"c", "other", 404}}
	leave := holdInsertTurn(srv, "dialog")
	conns := make([]*bufio.Reader, len(calls))
	for i, c := range calls {
		conn, r := rawConn(t, srv)
		conns[i] = r
		if _, err := conn.Write(insertMsg(c.requestID, 0, insertBody(c.coll, nil), idDoc(c.id))); err != nil {
			t.Fatal(err)
		}
		waitForWaiting(t, srv, "dialog", i+1)
	}
	leave()
	grouped := make([]bsoncore.Document, len(calls))
	for i, r := range conns {
		reply, err := readMessage(r, nil)
		if err != nil {
			t.Fatalf("caller %d: %v", i, err)
		}
		if got := int32(binary.LittleEndian.Uint32(reply[8:12])); got != calls[i].requestID {
			t.Fatalf("caller %d got the answer to request %d, want %d", i, got, calls[i].requestID)
		}
		if grouped[i], err = replyBody(reply); err != nil {
			t.Fatal(err)
		}
	}

	// The first one of 1 is the insert of "old".
	if got := srv.InsertGroups(); !maps.Equal(got, map[int]int64{2: 2, 1: 2}) {
		t.Fatalf("insert commands by size %v, want two of 2 and two of 1", got)
	}

	// The same inserts again, each alone, into a state where the first
	// ones are stored: "new" and "other" now meet themselves.
	alone := func(c call) bsoncore.Document {
		conn, r := rawConn(t, srv)
		if _, err := conn.Write(insertMsg(c.requestID, 0, insertBody(c.coll, nil), idDoc(c.id))); err != nil {
			t.Fatal(err)
		}
		reply, err := readMessage(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, err := replyBody(reply)
		if err != nil {
			t.Fatal(err)
		}
		return body
	}
	ok := bsoncore.NewDocumentBuilder().AppendInt32("n", 1).AppendDouble("ok", 1).Build()
	for i, want := range []bsoncore.Document{ok, alone(calls[1]), alone(calls[2]), alone(calls[3]), ok} {
		if !bytes.Equal(grouped[i], want) {
			t.Errorf("caller %d (%v) got %v, alone %v", i, calls[i], grouped[i], want)
		}
	}
	dup := alone(calls[0])
	if code := dup.Lookup("writeErrors", "0", "code").Int32(); code != 11000 || !bytes.Equal(grouped[1], dup) {
		t.Errorf("a duplicate alone gave %v, grouped %v", dup, grouped[1])
	}
	if okv, _ := grouped[2].Lookup("ok").AsFloat64OK(); okv != 0 {
		t.Errorf("an insert into an invalid collection got %v, want a command error", grouped[2])
	}

}

// Retries racing their originals (one submission id, two _ids) are sent
// after the others: the others commit in one transaction instead of one
// each, and the retries fail alone.
func TestRacingRetriesGoInAfterTheRest(t *testing.T) {
	srv, client := startTestEngine(t, t.TempDir())
	coll := client.Database("dialog").Collection("c")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "sub", Value: 1}}, Options: options.Index().SetUnique(true)}); err != nil {
		t.Fatal(err)
	}
	leave := holdInsertTurn(srv, "dialog")
	const pairs = 5
	errs := make([]error, 2*pairs)
	var wg sync.WaitGroup
	for i := range 2 * pairs {
		wg.Go(func() { _, errs[i] = coll.InsertOne(ctx, bson.M{"_id": fmt.Sprint(i), "sub": fmt.Sprint(i / 2)}) })
		waitForWaiting(t, srv, "dialog", i+1)
	}
	leave()
	wg.Wait()

	for i, err := range errs {
		if retry := i%2 == 1; retry != mongo.IsDuplicateKeyError(err) || (!retry && err != nil) {
			t.Errorf("caller %d: %v", i, err)
		}
	}
	if got := srv.InsertGroups(); !maps.Equal(got, map[int]int64{pairs: 2}) {
		t.Fatalf("insert commands by size %v, want two of %d: the originals, then the retries", got, pairs)
	}
}
