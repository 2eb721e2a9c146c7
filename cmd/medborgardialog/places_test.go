package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store/storetest"
)

// Sessions typed by hand before the catalogue are mapped, with their
// responses, where the match is unambiguous, and left alone otherwise;
// a second run changes nothing.
func TestFreeTextSessionsAreMappedToTheCatalogue(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	if err := ensureBuiltins(ctx, st); err != nil {
		t.Fatal(err)
	}
	sessions := []*models.Session{
		{School: "Björksätra skolan", Grade: "åk 8", Area: "Centrum"},
		{School: "", Grade: "9A", Area: "storvik"},
		{School: "Skola A", Grade: "8 och 9", Area: "Mars"},
	}
	for i, sess := range sessions {
		sess.Survey, sess.CreatedBy, sess.CreatedAt, sess.ClosesAt = "ungdomsdialog-2023", "fatima", time.Now(), time.Now().Add(time.Hour)
		if err := st.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		err := st.InsertResponses(ctx, []*models.Response{{Survey: sess.Survey, Version: 1, Session: sess.Code, School: sess.School,
			Grade: sess.Grade, Area: sess.Area, Lang: "sv", Day: "2023-03-01", Answers: map[string]any{},
			SubmissionID: fmt.Sprintf("map-%d-%s", i, strings.Repeat("0", 26))}})
		if err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for range 2 {
		if err := mapSessionPlaces(ctx, st, log); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][3]string{
		sessions[0].Code: {"bjorksatraskolan", "ak8", "bjorksatra"},
		sessions[1].Code: {"", "ak9", "storvik"},
		sessions[2].Code: {"Skola A", "8 och 9", "Mars"},
	}
	rs, err := st.FindResponses(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if got := [3]string{r.School, r.Grade, r.Area}; got != want[r.Session] {
			t.Errorf("response of %s: %v, want %v", r.Session, got, want[r.Session])
		}
	}
	for code, w := range want {
		sess, err := st.Session(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if got := [3]string{sess.School, sess.Grade, sess.Area}; got != w {
			t.Errorf("session %s: %v, want %v", code, got, w)
		}
	}
}
