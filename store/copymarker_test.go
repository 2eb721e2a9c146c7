package store_test

import (
	"context"
	"testing"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// TestTheCopiesMarkerVouchesForOneStartWithoutWrites: the marker put at
// shutdown is found by the next Open only, and a write to responses after
// that Open leaves no token.
func TestTheCopiesMarkerVouchesForOneStartWithoutWrites(t *testing.T) {
	ctx := context.Background()
	name := storetest.DBName()
	open := func() *store.Store {
		t.Helper()
		s, err := store.Open(ctx, storetest.URI(), name)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := open()
	t.Cleanup(func() { _ = first.Drop(ctx); _ = first.Close(ctx) })
	if tok := first.CopyToken(); tok != "" {
		t.Fatalf("a fresh database has a marker: %q", tok)
	}
	token := store.NewCopyToken()
	if err := first.PutCopyMarker(ctx, token); err != nil {
		t.Fatal(err)
	}

	second := open()
	defer second.Close(ctx)
	if got := second.CopyToken(); got != token {
		t.Fatalf("the next Open found %q, want %q", got, token)
	}
	if got := open(); got.CopyToken() != "" {
		t.Fatalf("a third Open found the marker again: %q", got.CopyToken())
	} else {
		got.Close(ctx)
	}

	// The second goes on to write: its token is gone at once.
	r := &models.Response{Survey: "s", Version: 1, SubmissionID: "0b6f6a8e-3a55-4d7e-9f0e-4c3c2f1b2a10", Answers: map[string]any{"q": "a"}}
	if _, err := second.InsertResponse(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got := second.CopyToken(); got != "" {
		t.Fatalf("after a write the token is still %q", got)
	}
}
