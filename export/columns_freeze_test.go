package export

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"medborgardialog/models"
)

// TestFrozenColumnsCountAsTheCopyDid is the promise a publication rests
// on: frozen columns, written and read back, count exactly what the live
// copy counted when they were made (its excluded rows left out, noise
// included), and nothing that happens to the live copy afterwards moves
// them.
func TestFrozenColumnsCountAsTheCopyDid(t *testing.T) {
	sv := testSurvey()
	resps := columnsFixture(sv, 2000, 5)
	cols := newTestColumns(sv)
	for _, r := range resps {
		cols.Append(r)
	}
	frozen, kept, excluded := cols.Freeze()
	if excluded != excludedCount(resps) {
		t.Fatalf("excluded %d, want %d", excluded, excludedCount(resps))
	}
	if want := cols.Len() - excludedCount(resps); frozen.Len() != want || len(kept) != want {
		t.Fatalf("froze %d rows (kept %d), want %d", frozen.Len(), len(kept), want)
	}
	var buf bytes.Buffer
	if err := frozen.WriteFrozen(&buf); err != nil {
		t.Fatal(err)
	}
	stored := buf.Bytes()
	read, err := ReadFrozen(bytes.NewReader(stored))
	if err != nil {
		t.Fatal(err)
	}
	filters := []models.ResponseFilter{{}, {School: "Skola A"}}
	tallies := func(c *Columns) []*Tally {
		var out []*Tally
		for _, f := range filters {
			f.Survey = sv.Slug
			for _, places := range []*models.Places{nil, testPlaces()} {
				tl := NewTally(sv).WithPlaces(places).WithExactTotal()
				if err := c.Count(context.Background(), tl, f); err != nil {
					t.Fatal(err)
				}
				out = append(out, tl)
			}
		}
		return out
	}
	before := tallies(cols)
	for i, tl := range tallies(read) {
		sameTally(t, fmt.Sprintf("read back %d", i), before[i], tl)
	}

	// The live copy moves on: more answers, an excluded session included
	// again. The frozen columns, and what they write, do not.
	for _, r := range columnsFixture(sv, 300, 6) {
		cols.Append(r)
	}
	cols.MarkSession("XYZ789", false)
	for i, tl := range tallies(read) {
		sameTally(t, fmt.Sprintf("after changes %d", i), before[i], tl)
	}
	buf.Reset()
	if err := read.WriteFrozen(&buf); err != nil {
		t.Fatal(err)
	}
	again, err := ReadFrozen(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i, tl := range tallies(again) {
		sameTally(t, fmt.Sprintf("written twice %d", i), before[i], tl)
	}
}

// TestFreezeForgetsArrivalOrder: the frozen rows follow the record keys,
// not the order the answers came in.
func TestFreezeForgetsArrivalOrder(t *testing.T) {
	sv := testSurvey()
	cols := newTestColumns(sv)
	for _, r := range columnsFixture(sv, 500, 9) {
		cols.Append(r)
	}
	frozen, kept, _ := cols.Freeze()
	if !slices.IsSorted(frozen.rk) {
		t.Fatal("frozen record keys are not in order")
	}
	if slices.IsSorted(kept) {
		t.Fatal("frozen rows kept the order of arrival")
	}
}

// TestReadFrozenRefusesDamage: a cut or garbled blob is an error, never
// columns that count something else.
func TestReadFrozenRefusesDamage(t *testing.T) {
	sv := testSurvey()
	cols := newTestColumns(sv)
	for _, r := range columnsFixture(sv, 200, 3) {
		cols.Append(r)
	}
	frozen, _, _ := cols.Freeze()
	var buf bytes.Buffer
	if err := frozen.WriteFrozen(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	for _, bad := range [][]byte{nil, b[:len(b)/2], append(slices.Clone(b[:20]), bytes.Repeat([]byte{7}, 100)...)} {
		if _, err := ReadFrozen(bytes.NewReader(bad)); err == nil {
			t.Fatalf("read %d damaged bytes without an error", len(bad))
		}
	}
}

func excludedCount(rs []*models.Response) int {
	n := 0
	for _, r := range rs {
		if r.Excluded {
			n++
		}
	}
	return n
}
