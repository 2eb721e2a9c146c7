package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store/storetest"
)

func TestCountResponsesBySubmissionIDs(t *testing.T) {
	s := storetest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// More ids than one chunk, so the chunking is exercised.
	var ids []string
	for i := range 1203 {
		ids = append(ids, fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
	}
	for i, id := range ids {
		if i%3 == 0 {
			continue // never stored
		}
		for range 2 { // the second is a retry and must not count
			r := &models.Response{Survey: "s", Version: 1, SubmissionID: id, Lang: "sv", Day: "2023-05-01", Answers: map[string]any{"q": "a"}}
			if _, err := s.InsertResponse(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The same id under another survey is another submission.
	other := &models.Response{Survey: "other", Version: 1, SubmissionID: ids[1], Lang: "sv", Day: "2023-05-01", Answers: map[string]any{}}
	if _, err := s.InsertResponse(ctx, other); err != nil {
		t.Fatal(err)
	}

	got, err := s.CountResponsesBySubmissionIDs(ctx, "s", ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		want := int64(1)
		if i%3 == 0 {
			want = 0
		}
		if got[id] != want {
			t.Fatalf("%s: count %d, want %d", id, got[id], want)
		}
	}
	if len(got) != 802 {
		t.Fatalf("%d ids counted, want 802", len(got))
	}
}
