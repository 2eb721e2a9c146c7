package store_test

import (
	"slices"
	"strconv"
	"testing"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// Every start-up after the first finds the indexes in place; that must work
// on both engines (the embedded one used to drop the connection).
func TestOpenExistingDatabase(t *testing.T) {
	ctx, name := testCtx(t), storetest.DBName()
	for round := 0; round < 2; round++ {
		s, err := store.Open(ctx, storetest.URI(), name, storetest.Options()...)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		if round == 1 {
			_ = s.Drop(ctx)
		}
		_ = s.Close(ctx)
	}
}

// The embedded engine reads no index, so it gets only the unique ones,
// and a database made before (or as on MongoDB, which gets them all)
// loses the others at its next start-up there. The unique index on
// survey and submission id stays: it is what refuses a submission sent
// twice.
func TestEmbeddedEngineKeepsOnlyUniqueIndexes(t *testing.T) {
	ctx, name := testCtx(t), storetest.DBName()
	open := func(opts ...store.Option) *store.Store {
		t.Helper()
		s, err := store.Open(ctx, storetest.URI(), name, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	indexes := func(s *store.Store, coll string) []string {
		t.Helper()
		names, err := s.IndexNames(ctx, coll)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(names)
		return names
	}

	mongo := open()
	if got, want := indexes(mongo, "responses"), []string{"_id_", "session", "survey_submission", "survey_version"}; !slices.Equal(got, want) {
		t.Fatalf("indexes on responses for MongoDB: %v, want %v", got, want)
	}
	if err := mongo.Close(ctx); err != nil {
		t.Fatal(err)
	}

	for round := range 2 { // the second start-up finds nothing to drop
		s := open(store.OnEmbeddedEngine())
		if got, want := indexes(s, "responses"), []string{"_id_", "survey_submission"}; !slices.Equal(got, want) {
			t.Fatalf("start-up %d: indexes on responses on the embedded engine: %v, want %v", round+1, got, want)
		}
		if got, want := indexes(s, "tokens"), []string{"_id_", "id"}; !slices.Equal(got, want) {
			t.Fatalf("start-up %d: indexes on tokens on the embedded engine: %v, want %v", round+1, got, want)
		}
		if got := indexes(s, "sessions"); len(got) > 1 {
			t.Fatalf("start-up %d: indexes on sessions on the embedded engine: %v, want at most _id_", round+1, got)
		}
		r := &models.Response{Survey: "s", Version: 1, SubmissionID: "sub-" + strconv.Itoa(round), Lang: "sv", Day: "2026-12-07",
			Answers: map[string]any{"q": "a"}}
		for try, wantDup := range []bool{false, true} {
			again := *r
			// Each copy under an _id of its own, as responses stored with
			// random _ids were: only the unique index can refuse the second.
			again.ID = "id-" + strconv.Itoa(round) + "-" + strconv.Itoa(try)
			dup, err := s.InsertResponse(ctx, &again)
			if err != nil || dup != wantDup {
				t.Fatalf("start-up %d, submission %d: duplicate %v, %v; want %v", round+1, try+1, dup, err, wantDup)
			}
		}
		if n, err := s.ResponsesBySubmission(ctx, "s", r.SubmissionID); err != nil || n != 1 {
			t.Fatalf("start-up %d: %d responses stored for one submission (%v)", round+1, n, err)
		}
		if round == 1 {
			_ = s.Drop(ctx)
		}
		_ = s.Close(ctx)
	}
}
