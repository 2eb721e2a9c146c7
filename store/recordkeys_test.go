package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// openWithRaw opens a fresh database through the store and the same
// database through a bare driver client, whose responses collection the
// test can write to as an older version of the service would have.
func openWithRaw(t *testing.T) (*store.Store, *mongo.Collection) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	name := storetest.DBName()
	s, err := store.Open(ctx, storetest.URI(), name, storetest.Options()...)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	client, err := mongo.Connect(options.Client().ApplyURI(storetest.URI()))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.Drop(ctx)
		_ = s.Close(ctx)
		_ = client.Disconnect(ctx)
	})
	return s, client.Database(name).Collection("responses")
}

// storedKeys reads every response's rk as stored, and its BSON type: a
// missing rk fails the test, and so does one that is not an integer in the
// uint32 range.
func storedKeys(t *testing.T, ctx context.Context, coll *mongo.Collection) (map[string]uint32, map[string]bson.Type) {
	t.Helper()
	cur, err := coll.Find(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []bson.Raw
	if err := cur.All(ctx, &docs); err != nil {
		t.Fatal(err)
	}
	keys, types := make(map[string]uint32, len(docs)), make(map[string]bson.Type, len(docs))
	for _, d := range docs {
		id, ok := d.Lookup("_id").StringValueOK()
		if !ok {
			id = d.Lookup("_id").String() // extended JSON of another type
		}
		rk, err := d.LookupErr("rk")
		if err != nil {
			t.Fatalf("response %s has no rk: %v", id, err)
		}
		var v int64
		switch rk.Type {
		case bson.TypeInt64:
			v = rk.Int64()
		case bson.TypeInt32:
			v = int64(rk.Int32())
		default:
			t.Fatalf("response %s: rk is %s %v, want an integer", id, rk.Type, rk)
		}
		if v < 0 || v > math.MaxUint32 {
			t.Fatalf("response %s: rk %d is outside the uint32 range", id, v)
		}
		keys[id], types[id] = uint32(v), rk.Type
	}
	return keys, types
}

// checkRandom fails unless keys look like independent uniform uint32
// draws. Each bound fails for real random keys with a probability far
// below one in a million.
func checkRandom(t *testing.T, keys []uint32) {
	t.Helper()
	n := len(keys)
	distinct := map[uint32]bool{}
	var high, odd int
	var maxKey uint32
	for _, k := range keys {
		distinct[k] = true
		if k >= 1<<31 {
			high++
		}
		if k%2 == 1 {
			odd++
		}
		maxKey = max(maxKey, k)
	}
	if len(distinct) < n-5 {
		t.Errorf("%d distinct keys among %d", len(distinct), n)
	}
	if maxKey <= 1<<31 {
		t.Errorf("largest of %d keys is %d: not drawn over the whole uint32 range", n, maxKey)
	}
	// Top and bottom bit each set in about half the keys (6 sigma).
	lo, hi := n/2-3*int(math.Sqrt(float64(n))), n/2+3*int(math.Sqrt(float64(n)))
	if high < lo || high > hi || odd < lo || odd > hi {
		t.Errorf("of %d keys %d have the top bit and %d the bottom bit set; want both in [%d, %d]", n, high, odd, lo, hi)
	}
}

func keyResponse(i int) *models.Response {
	return &models.Response{
		Survey: "rk-test", Version: 1, SubmissionID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
		Lang: "sv", Day: "2026-03-01", Answers: map[string]any{"q": "a"},
		RecordKey: 12345, // a caller's key must be ignored
	}
}

func TestInsertedResponsesCarryARandomRecordKey(t *testing.T) {
	s, raw := openWithRaw(t)
	ctx := testCtx(t)

	var inserted []*models.Response
	for i := range 500 { // the submission path
		r := keyResponse(i)
		if dup, err := s.InsertResponse(ctx, r); err != nil || dup {
			t.Fatalf("insert %d: dup %v, %v", i, dup, err)
		}
		inserted = append(inserted, r)
	}
	for start := 500; start < 1000; start += 250 { // demo data and imports
		batch := make([]*models.Response, 0, 250)
		for i := start; i < start+250; i++ {
			batch = append(batch, keyResponse(i))
		}
		if err := s.InsertResponses(ctx, batch); err != nil {
			t.Fatal(err)
		}
		inserted = append(inserted, batch...)
	}
	bare := keyResponse(1000) // the load tool's bare insert
	if _, err := s.InsertResponseBare(ctx, bare); err != nil {
		t.Fatal(err)
	}
	inserted = append(inserted, bare)

	stored, types := storedKeys(t, ctx, raw)
	if len(stored) != len(inserted) {
		t.Fatalf("%d stored, want %d", len(stored), len(inserted))
	}
	var keys []uint32
	callers := 0
	for _, r := range inserted {
		k, ok := stored[r.ID]
		if !ok {
			t.Fatalf("response %s not stored", r.ID)
		}
		if k != r.RecordKey {
			t.Errorf("response %s: stored rk %d, the inserted struct says %d", r.ID, k, r.RecordKey)
		}
		if types[r.ID] != bson.TypeInt64 {
			t.Errorf("response %s: rk stored as %s, want int64", r.ID, types[r.ID])
		}
		if k == 12345 {
			callers++
		}
		keys = append(keys, k)
	}
	if callers > 1 {
		t.Errorf("%d responses kept the caller's record key", callers)
	}
	checkRandom(t, keys)

	// The results engine reads the same keys.
	read := 0
	err := s.EachResponse(ctx, models.ResponseFilter{Survey: "rk-test"}, func(r *models.Response) error {
		read++
		if want, ok := stored[r.ID]; !ok || r.RecordKey != want {
			return fmt.Errorf("EachResponse: %s has key %d, stored %d (%v)", r.ID, r.RecordKey, want, ok)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if read != len(inserted) {
		t.Fatalf("EachResponse read %d, want %d", read, len(inserted))
	}

	// A retry stores nothing and leaves the stored key alone.
	retry := keyResponse(0)
	if dup, err := s.InsertResponse(ctx, retry); err != nil || !dup {
		t.Fatalf("retry: dup %v, %v", dup, err)
	}
	if got, _ := storedKeys(t, ctx, raw); got[inserted[0].ID] != inserted[0].RecordKey {
		t.Fatalf("a retry changed the stored key from %d to %d", inserted[0].RecordKey, got[inserted[0].ID])
	}
}

func TestEnsureRecordKeys(t *testing.T) {
	s, raw := openWithRaw(t)
	ctx := testCtx(t)

	// Responses stored by this version keep their keys.
	var current []*models.Response
	for i := range 3 {
		r := keyResponse(i)
		if _, err := s.InsertResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
		current = append(current, r)
	}
	// A key of 0 is a key: presence counts, not the value. So is one an
	// encoder with minimum-size integers would have written as int32.
	present := []any{
		bson.D{{Key: "_id", Value: "zero-key"}, {Key: "survey", Value: "rk-test"}, {Key: "version", Value: 1}, {Key: "rk", Value: int64(0)}},
		bson.D{{Key: "_id", Value: "int32-key"}, {Key: "survey", Value: "rk-test"}, {Key: "version", Value: 1}, {Key: "rk", Value: int32(7)}},
	}
	if _, err := raw.InsertMany(ctx, present); err != nil {
		t.Fatal(err)
	}
	// Responses an older version stored, without rk: more than two cursor
	// batches, and one whose _id is not a string.
	const old = 300
	docs := make([]any, 0, old)
	for i := range old - 1 {
		docs = append(docs, bson.D{
			{Key: "_id", Value: fmt.Sprintf("old-%04d", i)}, {Key: "survey", Value: "rk-test"}, {Key: "version", Value: 1},
			{Key: "submission_id", Value: fmt.Sprintf("old-%04d", i)}, {Key: "lang", Value: "sv"}, {Key: "day", Value: "2023-05-01"},
			{Key: "answers", Value: bson.D{{Key: "q", Value: "a"}}},
		})
	}
	docs = append(docs, bson.D{{Key: "_id", Value: int64(42)}, {Key: "survey", Value: "rk-other"}, {Key: "version", Value: 1}})
	if _, err := raw.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}

	n, err := s.EnsureRecordKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != old {
		t.Fatalf("EnsureRecordKeys set %d keys, want %d", n, old)
	}
	stored, types := storedKeys(t, ctx, raw) // fails on any response still without rk
	if len(stored) != old+len(current)+len(present) {
		t.Fatalf("%d responses, want %d", len(stored), old+len(current)+len(present))
	}
	for _, r := range current {
		if stored[r.ID] != r.RecordKey {
			t.Errorf("%s: key changed from %d to %d", r.ID, r.RecordKey, stored[r.ID])
		}
	}
	if got := stored["zero-key"]; got != 0 {
		t.Errorf("a stored key of 0 became %d", got)
	}
	intDoc, _ := bson.Marshal(bson.D{{Key: "_id", Value: int64(42)}})
	intID := bson.Raw(intDoc).Lookup("_id").String() // as storedKeys names it
	var newKeys []uint32
	for id, k := range stored {
		if strings.HasPrefix(id, "old-") || id == intID {
			newKeys = append(newKeys, k)
			if types[id] != bson.TypeInt64 {
				t.Errorf("response %s: rk set as %s, want int64", id, types[id])
			}
		}
	}
	if len(newKeys) != old {
		t.Fatalf("found %d migrated responses, want %d", len(newKeys), old)
	}
	checkRandom(t, newKeys)

	// EachResponse reads them all, the int32 one included.
	read := 0
	err = s.EachResponse(ctx, models.ResponseFilter{Survey: "rk-test"}, func(r *models.Response) error {
		read++
		if want, ok := stored[r.ID]; !ok || r.RecordKey != want {
			return fmt.Errorf("EachResponse: %s has key %d, stored %d (%v)", r.ID, r.RecordKey, want, ok)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(stored) - 1; read != want { // all but the one of rk-other
		t.Fatalf("EachResponse read %d, want %d", read, want)
	}
	if stored["int32-key"] != 7 {
		t.Errorf("the int32 key reads as %d, want 7", stored["int32-key"])
	}

	// Idempotent: a second run changes nothing.
	if n, err := s.EnsureRecordKeys(ctx); err != nil || n != 0 {
		t.Fatalf("second run set %d (%v), want 0", n, err)
	}
	again, _ := storedKeys(t, ctx, raw)
	for id, k := range stored {
		if again[id] != k {
			t.Errorf("%s: the second run changed the key from %d to %d", id, k, again[id])
		}
	}

	// A completed run leaves a mark, and later runs stop at it without
	// reading the responses; without the mark (an archive from before
	// keys, restored) they look again.
	late := bson.D{{Key: "_id", Value: "late"}, {Key: "survey", Value: "rk-test"}, {Key: "version", Value: 1}}
	if _, err := raw.InsertOne(ctx, late); err != nil {
		t.Fatal(err)
	}
	if n, err := s.EnsureRecordKeys(ctx); err != nil || n != 0 {
		t.Fatalf("a run after the mark set %d (%v), want 0", n, err)
	}
	if _, err := raw.Database().Collection("migrations").DeleteOne(ctx, bson.D{{Key: "_id", Value: "record_keys"}}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.EnsureRecordKeys(ctx); err != nil || n != 1 {
		t.Fatalf("a run without the mark set %d (%v), want 1", n, err)
	}
}

// Two runs at once (two stores on one database, as two instances would
// be) each set some keys; together they give every response exactly one,
// and a third run finds nothing left.
func TestEnsureRecordKeysConcurrently(t *testing.T) {
	s, raw := openWithRaw(t)
	ctx := testCtx(t)
	other, err := store.Open(ctx, storetest.URI(), raw.Database().Name(), storetest.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close(context.Background()) })
	const old = 300
	docs := make([]any, 0, old)
	for i := range old {
		docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("old-%04d", i)}, {Key: "survey", Value: "rk-test"}, {Key: "version", Value: 1}})
	}
	if _, err := raw.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i, st := range []*store.Store{s, other} {
		wg.Go(func() { counts[i], errs[i] = st.EnsureRecordKeys(ctx) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if counts[0]+counts[1] != old {
		t.Errorf("the two runs set %d + %d keys, want %d in all", counts[0], counts[1], old)
	}
	keys, _ := storedKeys(t, ctx, raw)
	if len(keys) != old {
		t.Fatalf("%d responses with a key, want %d", len(keys), old)
	}
	if n, err := s.EnsureRecordKeys(ctx); err != nil || n != 0 {
		t.Fatalf("a third run set %d (%v), want 0", n, err)
	}
}

func TestRecordKeyIsNeverInJSON(t *testing.T) {
	r := models.Response{ID: "x", Survey: "s", Version: 1, Lang: "sv", Day: "2026-01-01", Answers: map[string]any{}, RecordKey: 0xDEADBEEF}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{`"rk"`, "RecordKey", "record", fmt.Sprint(uint32(0xDEADBEEF))} {
		if strings.Contains(string(b), leak) {
			t.Errorf("JSON of a response holds %s: %s", leak, b)
		}
	}
	// Nor can JSON set it.
	var in models.Response
	if err := json.Unmarshal([]byte(`{"rk": 5, "RecordKey": 5, "record_key": 5}`), &in); err != nil {
		t.Fatal(err)
	}
	if in.RecordKey != 0 {
		t.Errorf("JSON set the record key to %d", in.RecordKey)
	}
}
