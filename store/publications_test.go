package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// partBytes is the size of one stored part of a publication's frozen
// columns (store/publications.go).
const partBytes = 1 << 20

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func publication(survey string, n int) *models.Publication {
	return &models.Publication{Survey: survey, Number: n, Version: 1, Day: "2027-01-04",
		At: time.Date(2027, 1, 4, 9, 30, 0, 0, time.UTC), By: "anna", Responses: 40, Texts: 3, NewTexts: 3}
}

// publishedTexts makes n texts of about size bytes each, as a
// publication releases them.
func publishedTexts(n, size int, word string) []models.PublishedText {
	out := make([]models.PublishedText, n)
	for i := range out {
		text := fmt.Sprintf("%s %d ", word, i)
		text += strings.Repeat("å", max(0, size-len(text))/2)
		out[i] = models.PublishedText{Question: fmt.Sprintf("q%d", i%3), Response: fmt.Sprintf("r%06d", i), Text: text}
	}
	return out
}

func textsOf(t *testing.T, st *store.Store, survey string, upTo int) []models.PublishedText {
	t.Helper()
	var out []models.PublishedText
	if err := st.EachPublishedText(context.Background(), survey, upTo, func(p models.PublishedText) { out = append(out, p) }); err != nil {
		t.Fatal(err)
	}
	return out
}

// partsOf lists the stored parts of a survey's publications by _id, from
// a backup of the whole database (the parts are not otherwise visible).
func partsOf(t *testing.T, st *store.Store, survey string) []string {
	t.Helper()
	var ids []string
	for _, doc := range dump(t, context.Background(), st)["publication_parts"] {
		id := strings.TrimPrefix(doc, `{"_id":"`)
		id = id[:strings.IndexByte(id, '"')]
		if strings.HasPrefix(id, survey+"/") {
			ids = append(ids, id)
		}
	}
	return ids
}

// TestPublicationDataSurvivesItsParts: frozen columns are kept in parts
// of at most 1 MB; whatever the size, on and around the boundaries, they
// read back byte for byte, and so do more texts than fit in one part, in
// the order given.
func TestPublicationDataSurvivesItsParts(t *testing.T) {
	ctx := context.Background()
	for i, tc := range []struct {
		size, parts int
	}{
		{0, 1}, {1, 1}, {partBytes - 1, 1}, {partBytes, 1}, {partBytes + 1, 2},
		{2 * partBytes, 2}, {2*partBytes + partBytes/2, 3},
	} {
		t.Run(fmt.Sprint(tc.size), func(t *testing.T) {
			st := storetest.New(t) // partsOf reads the whole database
			survey := fmt.Sprintf("parts-%d", i)
			data := randomBytes(t, tc.size) // incompressible, as gzip leaves it
			var texts []models.PublishedText
			if tc.size > 2*partBytes {
				texts = publishedTexts(2600, 1000, "text") // about 2.6 MB of text
			}
			if err := st.InsertPublication(ctx, publication(survey, 1), data, texts); err != nil {
				t.Fatal(err)
			}
			got, err := st.PublicationData(ctx, survey, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("%d bytes stored, %d read back, equal %v", len(data), len(got), bytes.Equal(got, data))
			}
			parts := partsOf(t, st, survey)
			dataParts, textParts := 0, 0
			for _, id := range parts {
				if strings.Contains(id, "/t") {
					textParts++
				} else {
					dataParts++
				}
			}
			if dataParts != tc.parts {
				t.Errorf("%d bytes in %d parts, want %d: %v", tc.size, dataParts, tc.parts, parts)
			}
			if back := textsOf(t, st, survey, 1); !slices.Equal(back, texts) {
				t.Fatalf("%d texts stored, %d read back in the same order: %v", len(texts), len(back), slices.Equal(back, texts))
			}
			if texts != nil && textParts < 3 {
				t.Errorf("2.6 MB of texts in %d parts", textParts)
			}
		})
	}

	t.Run("the list says what each publication was", func(t *testing.T) {
		st := storetest.New(t)
		p := publication("listed", 1)
		p.Note, p.Final, p.TextsWaiting = "Styrgruppen", true, 7
		p.Excluded = models.PublishedExclusions{Sessions: 2, Responses: 17, Reasons: []string{"Provklass", "Skämtsvar"}}
		if err := st.InsertPublication(ctx, p, []byte("one"), nil); err != nil {
			t.Fatal(err)
		}
		if err := st.InsertPublication(ctx, publication("listed", 2), []byte("two"), nil); err != nil {
			t.Fatal(err)
		}
		list, err := st.Publications(ctx, "listed")
		if err != nil || len(list) != 2 {
			t.Fatalf("%d publications, %v", len(list), err)
		}
		if fmt.Sprint(*list[0]) != fmt.Sprint(*p) || list[1].Number != 2 {
			t.Fatalf("listed\n%+v\nstored\n%+v", *list[0], *p)
		}
		if _, err := st.PublicationData(ctx, "listed", 3); models.ErrorCode(err) != models.ErrNotFound {
			t.Fatalf("a number never published: %v", err)
		}
	})
}

// TestASecondPublicationOfTheSameNumberIsAConflict: two instances that
// publish one survey at once both take the next number; the second to
// commit gets a conflict, and the first one's figures and texts are left
// exactly as it stored them.
func TestASecondPublicationOfTheSameNumberIsAConflict(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	first := randomBytes(t, partBytes+partBytes/2)
	firstTexts := publishedTexts(12, 40, "först")
	if err := st.InsertPublication(ctx, publication("race", 1), first, firstTexts); err != nil {
		t.Fatal(err)
	}
	loser := publication("race", 1)
	loser.Responses = 41
	err := st.InsertPublication(ctx, loser, randomBytes(t, 3*partBytes), publishedTexts(30, 40, "sedan"))
	if models.ErrorCode(err) != models.ErrConflict {
		t.Fatalf("the same number again: %v", err)
	}
	got, err := st.PublicationData(ctx, "race", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, first) {
		t.Fatalf("the loser's parts replaced the winner's: %d bytes read, %d stored by the winner", len(got), len(first))
	}
	if back := textsOf(t, st, "race", 1); !slices.Equal(back, firstTexts) {
		t.Fatalf("the winner's texts changed: %d read, first %q", len(back), back[0].Text)
	}
	if list, _ := st.Publications(ctx, "race"); len(list) != 1 || list[0].Responses != 40 {
		t.Fatalf("publications after the conflict: %+v", list)
	}
	// The loser leaves nothing behind: its frozen rows are answers too.
	if parts := partsOf(t, st, "race"); len(parts) != 2+1 {
		t.Fatalf("parts after the conflict: %v", parts)
	}
}

// TestRetentionReachesPublications: deleting published texts removes
// every text each publication released, and nothing else; retiring
// removes the frozen rows too, keeps the list, and touches no other
// survey.
func TestRetentionReachesPublications(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	data := map[int][]byte{1: randomBytes(t, 1000), 2: randomBytes(t, partBytes+10)}
	for _, survey := range []string{"old", "other"} {
		for n := 1; n <= 2; n++ {
			if err := st.InsertPublication(ctx, publication(survey, n), data[n], publishedTexts(10*n, 30, survey)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := len(textsOf(t, st, "old", 2)); n != 30 {
		t.Fatalf("%d texts released up to publication 2, want 10 + 20", n)
	}
	if n := len(textsOf(t, st, "old", 1)); n != 10 {
		t.Fatalf("%d texts released up to publication 1, want 10", n)
	}

	if err := st.DeletePublishedTexts(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	if got := textsOf(t, st, "old", 2); len(got) != 0 {
		t.Fatalf("%d texts left after deleting them", len(got))
	}
	for n := 1; n <= 2; n++ {
		if got, err := st.PublicationData(ctx, "old", n); err != nil || !bytes.Equal(got, data[n]) {
			t.Fatalf("publication %d's frozen rows after deleting texts: %d bytes, %v", n, len(got), err)
		}
	}

	if err := st.RetirePublications(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 2; n++ {
		if _, err := st.PublicationData(ctx, "old", n); models.ErrorCode(err) != models.ErrNotFound {
			t.Fatalf("publication %d's frozen rows after retiring: %v", n, err)
		}
	}
	if parts := partsOf(t, st, "old"); len(parts) != 0 {
		t.Fatalf("parts left after retiring: %v", parts)
	}
	if list, err := st.Publications(ctx, "old"); err != nil || len(list) != 2 || list[1].Responses != 40 {
		t.Fatalf("the retired publications are no longer listed: %+v %v", list, err)
	}
	if err := st.RetirePublications(ctx, "old"); err != nil {
		t.Fatalf("retiring again: %v", err)
	}

	// The other survey is untouched.
	if n := len(textsOf(t, st, "other", 2)); n != 30 {
		t.Fatalf("the other survey has %d texts left, want 30", n)
	}
	if got, err := st.PublicationData(ctx, "other", 2); err != nil || !bytes.Equal(got, data[2]) {
		t.Fatalf("the other survey's frozen rows: %d bytes, %v", len(got), err)
	}
}

// TestPublicationsSurviveABackup: a publication's parts, frozen rows and
// texts, come back from an archive byte for byte.
func TestPublicationsSurviveABackup(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	data := randomBytes(t, 2*partBytes+partBytes/3)
	texts := publishedTexts(1500, 1000, "backup")
	if err := st.InsertPublication(ctx, publication("kept", 1), data, texts); err != nil {
		t.Fatal(err)
	}
	if err := st.InsertPublication(ctx, publication("kept", 2), []byte("small"), nil); err != nil {
		t.Fatal(err)
	}
	var archive bytes.Buffer
	if _, err := st.Backup(ctx, &archive, storetest.BackupKey()); err != nil {
		t.Fatal(err)
	}
	target := storetest.New(t)
	if _, err := target.Restore(ctx, bytes.NewReader(archive.Bytes()), store.RestoreOptions{Key: storetest.BackupKey()}); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Publications(ctx, "kept")
	after, err := target.Publications(ctx, "kept")
	if err != nil || fmt.Sprint(before) == "" || len(after) != 2 {
		t.Fatalf("restored list %v, %v", after, err)
	}
	for i := range before {
		if fmt.Sprint(*before[i]) != fmt.Sprint(*after[i]) {
			t.Errorf("publication %d restored as\n%+v\nwas\n%+v", i+1, *after[i], *before[i])
		}
	}
	if got, err := target.PublicationData(ctx, "kept", 1); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("restored frozen rows: %d bytes of %d, %v", len(got), len(data), err)
	}
	if got := textsOf(t, target, "kept", 2); !slices.Equal(got, texts) {
		t.Fatalf("restored texts: %d of %d", len(got), len(texts))
	}
	// The unique number still holds after a restore.
	if err := target.InsertPublication(ctx, publication("kept", 2), []byte("again"), nil); models.ErrorCode(err) != models.ErrConflict {
		t.Fatalf("publication 2 again after the restore: %v", err)
	}
}
