package store_test

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// commandLog keeps what a store sent, for the test to look at.
type commandLog struct {
	mu   sync.Mutex
	cmds []store.Command
}

func (l *commandLog) add(c store.Command) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cmds = append(l.cmds, c)
}

// take returns the commands since the last take.
func (l *commandLog) take() []store.Command {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.cmds
	l.cmds = nil
	return out
}

func TestCommandsTellWhatTheyAreSelectedBy(t *testing.T) {
	log := &commandLog{}
	st := storetest.NewWith(t, store.WithCommands(log.add))
	ctx := context.Background()
	sv := &models.Survey{Slug: "cmd-test", Version: 1, Status: "open", Title: models.Text{"sv": "T"}}
	if err := st.InsertSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	sess := &models.Session{Survey: sv.Slug, CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	log.take()

	cases := []struct {
		name       string
		run        func() error
		collection string
		command    string
		byKey      bool
	}{
		{"session by its code", func() error { _, err := st.Session(ctx, sess.Code); return err }, "sessions", "find", true},
		{"survey by slug", func() error { _, err := st.Survey(ctx, sv.Slug); return err }, "surveys", "find", false},
		{"survey version by _id", func() error { _, err := st.SurveyVersion(ctx, sv.Slug, 1); return err }, "surveys", "find", true},
		{"a response inserted", func() error {
			_, err := st.InsertResponse(ctx, &models.Response{Survey: sv.Slug, Version: 1, SubmissionID: "a", Lang: "sv", Day: "2026-01-01", Answers: map[string]any{"q": "x"}})
			return err
		}, "responses", "insert", true},
		{"responses counted by submission", func() error { _, err := st.ResponsesBySubmission(ctx, sv.Slug, "a"); return err }, "responses", "aggregate", false},
		{"responses of a survey", func() error { _, err := st.FindResponses(ctx, sv.Slug); return err }, "responses", "find", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			log.take()
			if err := c.run(); err != nil {
				t.Fatal(err)
			}
			var seen []store.Command
			for _, cmd := range log.take() {
				if cmd.Collection == c.collection && cmd.Name == c.command {
					seen = append(seen, cmd)
				}
			}
			if len(seen) == 0 {
				t.Fatalf("no %s on %s", c.command, c.collection)
			}
			for _, cmd := range seen {
				if cmd.ByKey != c.byKey {
					t.Errorf("%s on %s %v: ByKey %v, want %v", cmd.Name, cmd.Collection, cmd.Filters, cmd.ByKey, c.byKey)
				}
			}
		})
	}
}

// The survey's running count is read by key, whatever the number of
// sessions: the tallies hold one document per session besides.
func TestCountSurveyResponsesReadsTalliesByKey(t *testing.T) {
	log := &commandLog{}
	st := storetest.NewWith(t, store.WithCommands(log.add))
	ctx := context.Background()
	for v := 1; v <= 2; v++ {
		sv := &models.Survey{Slug: "tally-key", Version: v, Status: "open", Title: models.Text{"sv": "T"}}
		if err := st.InsertSurvey(ctx, sv); err != nil {
			t.Fatal(err)
		}
	}
	var rs []*models.Response
	for i := range 30 {
		sess := &models.Session{Survey: "tally-key", CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
		if err := st.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, &models.Response{Survey: "tally-key", Version: 1 + i%2, SubmissionID: strconv.Itoa(i), Session: sess.Code, Lang: "sv", Day: "2026-01-01", Answers: map[string]any{"q": "x"}})
	}
	if err := st.InsertResponses(ctx, rs); err != nil {
		t.Fatal(err)
	}
	// Another survey's tallies are not counted.
	if err := st.InsertSurvey(ctx, &models.Survey{Slug: "tally-other", Version: 1, Status: "open", Title: models.Text{"sv": "T"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.InsertResponses(ctx, []*models.Response{{Survey: "tally-other", Version: 1, SubmissionID: "x", Lang: "sv", Day: "2026-01-01", Answers: map[string]any{"q": "x"}}}); err != nil {
		t.Fatal(err)
	}
	log.take()
	if n, err := st.CountSurveyResponses(ctx, "tally-key"); err != nil || n != 30 {
		t.Fatalf("count %d (%v), want 30", n, err)
	}
	var reads int
	for _, c := range log.take() {
		if c.Collection != "tallies" || c.Name == "update" {
			continue // the flush of pending sums writes by _id too
		}
		reads++
		if !c.ByKey {
			t.Errorf("%s on tallies by %v: not by key", c.Name, c.Filters)
		}
	}
	if reads != 2 {
		t.Errorf("%d reads of tallies, want one per version", reads)
	}
	list, err := st.SurveyVersions(ctx, "tally-key")
	if err != nil || len(list) != 2 || list[0].Responses != 15 || list[1].Responses != 15 {
		t.Fatalf("versions %+v (%v), want 15 and 15", list, err)
	}
	if i := slices.IndexFunc(log.take(), func(c store.Command) bool { return c.Collection == "tallies" && !c.ByKey }); i >= 0 {
		t.Error("SurveyVersions read tallies by something other than _id")
	}
}

// A retry of a stored answer is read back only where the process's
// copies may lack it: on the embedded engine a read by _id reads every
// response.
func TestADuplicateIsReadBackOnlyWhereNotHeld(t *testing.T) {
	for _, held := range []bool{false, true} {
		t.Run(map[bool]string{false: "not held", true: "held"}[held], func(t *testing.T) {
			log := &commandLog{}
			st := storetest.NewWith(t, store.WithCommands(log.add))
			ctx := context.Background()
			var asked []string
			st.SetHeld(func(survey, id string) bool { asked = append(asked, survey+"/"+id); return held })
			r := func() *models.Response {
				return &models.Response{Survey: "held", Version: 1, SubmissionID: "s1", Lang: "sv", Day: "2026-01-01", Answers: map[string]any{"q": "x"}}
			}
			if dup, err := st.InsertResponse(ctx, r()); err != nil || dup {
				t.Fatalf("first: %v %v", dup, err)
			}
			log.take()
			if dup, err := st.InsertResponse(ctx, r()); err != nil || !dup {
				t.Fatalf("retry: %v %v", dup, err)
			}
			if want := "held/" + store.ResponseID("held", "s1"); len(asked) != 1 || asked[0] != want {
				t.Fatalf("asked %v, want %s once", asked, want)
			}
			reads := 0
			for _, c := range log.take() {
				if c.Collection == "responses" && c.Name == "find" {
					reads++
				}
			}
			if want := map[bool]int{false: 1, true: 0}[held]; reads != want {
				t.Fatalf("%d reads of responses after the duplicate, want %d", reads, want)
			}
		})
	}
}

// A tally is read without a write: what is noted and not yet written is
// added to what is, and a flush under way is waited for, so each answer
// counts once.
func TestTalliesAreReadWithoutAWrite(t *testing.T) {
	log := &commandLog{}
	st := storetest.NewWith(t, store.WithCommands(log.add))
	ctx := context.Background()
	if err := st.InsertSurvey(ctx, &models.Survey{Slug: "live", Version: 1, Status: "open", Title: models.Text{"sv": "T"}}); err != nil {
		t.Fatal(err)
	}
	sess := &models.Session{Survey: "live", CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	answer := func(i int) {
		r := &models.Response{Survey: "live", Version: 1, SubmissionID: strconv.Itoa(i), Session: sess.Code, Lang: "sv", Day: "2026-01-01", Answers: map[string]any{"q": "x"}}
		if _, err := st.InsertResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	check := func(want int64) {
		t.Helper()
		log.take()
		n, err := st.CountSessionResponses(ctx, sess.Code)
		if err != nil || n != want {
			t.Fatalf("session tally %d (%v), want %d", n, err, want)
		}
		if n, err := st.CountSurveyResponses(ctx, "live"); err != nil || n != want {
			t.Fatalf("survey tally %d (%v), want %d", n, err, want)
		}
		for _, c := range log.take() {
			if c.Collection == "tallies" && c.Name != "find" {
				t.Fatalf("reading the tallies sent %s", c.Name)
			}
		}
	}
	for i := range 3 {
		answer(i)
	}
	check(3)
	if err := st.FlushTallies(ctx); err != nil {
		t.Fatal(err)
	}
	check(3)
	answer(3)
	check(4)

	// Readers racing flushes count every answer once.
	var wg sync.WaitGroup
	for i := 4; i < 24; i++ {
		wg.Go(func() { answer(i) })
		wg.Go(func() { _ = st.FlushTallies(ctx) })
		wg.Go(func() {
			if n, err := st.CountSessionResponses(ctx, sess.Code); err != nil || n < 4 || n > 24 {
				t.Errorf("tally %d (%v) while answers arrive", n, err)
			}
		})
	}
	wg.Wait()
	check(24)
}
