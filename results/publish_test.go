package results

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/store/storetest"
)

// stockholm is the zone the service makes publications' days in.
func stockholm(t *testing.T) *time.Location {
	t.Helper()
	z, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// figuresOf is every view's figures counted through c, as JSON: counts,
// shares, intervals, noise and the change since the baseline.
func (f *fixture) figuresOf(t *testing.T, c export.Counter, filters []models.ResponseFilter) []string {
	t.Helper()
	var out []string
	for _, flt := range filters {
		flt.Survey = current
		res, err := export.Build(context.Background(), c, export.Request{Survey: f.sv, Baseline: f.base, Filter: flt, MinCell: 5, Places: f.places})
		if err != nil {
			t.Fatalf("%+v: %v", flt, err)
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func sameFigures(t *testing.T, what string, want, got []string) {
	t.Helper()
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("%s, view %d:\nwant %.400s\ngot  %.400s", what, i, want[i], got[i])
		}
	}
}

func (f *fixture) publish(t *testing.T, m *Manager, sv *models.Survey, now time.Time) *models.Publication {
	t.Helper()
	p, err := m.Publish(context.Background(), PublishRequest{Survey: sv, By: "anna", Now: now, Interval: DefaultPublicationInterval, Zone: stockholm(t)})
	if err != nil {
		t.Fatalf("publish %s at %v: %v", sv.Slug, now, err)
	}
	return p
}

// TestAPublicationFreezesItsMoment: the figures a publication shows are
// the very figures the live copy showed when it was made, noise included,
// and its texts the texts there were; they come back the same from the
// database after a restart, and neither answers added since nor a
// session excluded moves them. The next publication counts both.
func TestAPublicationFreezesItsMoment(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 300, 21)
	f.fill(t, f.base, 120, 22)
	m := newManager(f.st, Options{})
	defer m.Close()
	filters := f.filters()
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)

	// Before any publication: nothing to count from.
	if _, err := m.Publication(ctx, current, 0); models.ErrorCode(err) != models.ErrNotPublished {
		t.Fatalf("before the first publication: %v", err)
	}
	tl := export.NewTally(f.sv)
	if err := m.Published(nil).Count(ctx, tl, models.ResponseFilter{Survey: current}); err != nil || tl.N() != 0 {
		t.Fatalf("counted %d from no publication, %v", tl.N(), err)
	}

	f.publish(t, m, f.base, now) // the baseline's change counts from its publication too
	live := f.figuresOf(t, m, filters)
	liveTexts := f.texts(t, m)
	p := f.publish(t, m, f.sv, now)
	if p.Number != 1 || p.Responses != 300 || p.Day != "2027-03-01" || p.Version != f.sv.Version || p.By != "anna" {
		t.Fatalf("publication %+v", p)
	}
	if len(liveTexts["forslag"]) < MinTextBatch || p.NewTexts != len(liveTexts["forslag"]) || p.Texts != p.NewTexts || p.TextsWaiting != 0 {
		t.Fatalf("%d texts live, publication released %d new of %d, %d waiting", len(liveTexts["forslag"]), p.NewTexts, p.Texts, p.TextsWaiting)
	}
	frozen := f.figuresOf(t, m.Published(nil), filters)
	sameFigures(t, "published and live at the moment of publishing", live, frozen)
	if got := f.texts(t, m.Published(nil)); !reflect.DeepEqual(got, liveTexts) {
		t.Fatalf("published texts differ from the live ones:\n%v\n%v", got, liveTexts)
	}

	// A restart: a new Manager reads the publication from the database.
	restarted := newManager(f.st, Options{})
	defer restarted.Close()
	sameFigures(t, "after a restart", frozen, f.figuresOf(t, restarted.Published(nil), filters))
	if got := f.texts(t, restarted.Published(nil)); !reflect.DeepEqual(got, liveTexts) {
		t.Fatal("published texts differ after a restart")
	}

	// Answers added and a session excluded: the live figures move, the
	// published ones do not, in either Manager.
	f.fill(t, f.sv, 60, 23)
	sessions, err := f.st.SessionPlaces(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ExcludeSession(ctx, sessions[0].Code, "Provklass", "anna"); err != nil {
		t.Fatal(err)
	}
	if moved := f.figuresOf(t, m, filters[:1]); moved[0] == live[0] {
		t.Fatal("the live figures did not move: the test proves nothing")
	}
	sameFigures(t, "after inserts and an exclusion", frozen, f.figuresOf(t, m.Published(nil), filters))
	sameFigures(t, "after inserts and an exclusion, restarted", frozen, f.figuresOf(t, restarted.Published(nil), filters))
	if got := f.texts(t, m.Published(nil)); !reflect.DeepEqual(got, liveTexts) {
		t.Fatal("published texts moved with the live copy")
	}

	// The next publication counts them: the new answers in, the session
	// out, and the first publication is still there as it was.
	cols, err := m.Columns(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	live2 := f.figuresOf(t, m, filters)
	p2 := f.publish(t, m, f.sv, now.AddDate(0, 0, 28))
	stored, err := f.st.FindResponses(ctx, current)
	if err != nil {
		t.Fatal(err)
	}
	excluded := 0
	for _, r := range stored {
		if r.Session == sessions[0].Code {
			excluded++
		}
	}
	if p2.Number != 2 || p2.Responses != 360-excluded || p2.Excluded.Responses != excluded || cols.Len() != 360 ||
		p2.Excluded.Sessions != 1 || !slices.Equal(p2.Excluded.Reasons, []string{"Provklass"}) {
		t.Fatalf("publication 2: %+v of %d responses, %d in the excluded session", p2, cols.Len(), excluded)
	}
	sameFigures(t, "publication 2 and live", live2, f.figuresOf(t, m.Published(nil), filters))
	sameFigures(t, "publication 1 asked for by number", frozen, f.figuresOf(t, m.Published(map[string]int{current: 1}), filters))
	restarted2 := newManager(f.st, Options{})
	defer restarted2.Close()
	sameFigures(t, "publication 1 after another restart", frozen, f.figuresOf(t, restarted2.Published(map[string]int{current: 1}), filters))
	sameFigures(t, "publication 2 after another restart", live2, f.figuresOf(t, restarted2.Published(nil), filters))
}

// textAnswer stores one answer to the current survey, in session code
// (none: ""), naming area (none: ""), with free text (none: "").
func (f *fixture) textAnswer(t *testing.T, code, area, text string) {
	t.Helper()
	a := map[string]any{"kon": "tjej", "trygg_kvall": "ganska_trygg"}
	if area != "" {
		a["omrade"] = area
	}
	if text != "" {
		a["forslag"] = text
	}
	r := &models.Response{Survey: current, Version: f.sv.Version, Session: code, Lang: "sv", Day: "2027-02-15", Answers: a, SubmissionID: uuid.NewString()}
	if _, err := f.st.InsertResponse(context.Background(), r); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) session(t *testing.T, school string) string {
	t.Helper()
	now := time.Now().UTC()
	s := &models.Session{Survey: current, School: school, CreatedBy: "fatima", CreatedAt: now, ClosesAt: now.Add(time.Hour)}
	if err := f.st.CreateSession(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s.Code
}

// TestTextsComeInBigSpreadBatches: new free texts are released only as a
// batch of at least 10 from at least 3 sessions or places; smaller or
// narrower batches wait for a later publication, and nothing released
// is ever taken back, not even the texts of a session excluded since.
func TestTextsComeInBigSpreadBatches(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	m := newManager(f.st, Options{})
	defer m.Close()
	a, b, c := f.session(t, "norrsatraskolan"), f.session(t, "hedangsskolan"), f.session(t, "murgardsskolan")
	day := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	var written []string
	write := func(code, area string, n int) {
		for range n {
			text := fmt.Sprintf("förslag %d", len(written)+1)
			written = append(written, text)
			f.textAnswer(t, code, area, text)
		}
	}
	released := func(m *Manager) []string {
		var out []string
		err := m.Published(nil).EachText(ctx, current, func(q string, text any) {
			if q != "forslag" {
				t.Errorf("a text of question %s", q)
			}
			out = append(out, text.(string))
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	var totals []int // texts released up to each publication

	for i, stage := range []struct {
		name                 string
		add                  func()
		newTexts, total, out int
		wantReleased         int // of the texts written so far, the first this many
	}{
		{"12 texts from two sessions wait", func() {
			write(a, "", 6)
			write(b, "", 6)
			f.textAnswer(t, c, "", "") // an answer without text is no text
			f.textAnswer(t, c, "", "   ")
		}, 0, 0, 12, 0},
		{"one more from a third place, a young person in Storvik: all 13 released", func() {
			write("", "storvik", 1)
		}, 13, 13, 0, 13},
		{"9 from three sessions wait", func() {
			write(a, "", 3)
			write(b, "", 3)
			write(c, "", 3)
		}, 0, 13, 9, 13},
		{"a tenth, from the open link: released", func() {
			write("", "", 1)
		}, 10, 23, 0, 23},
		{"the first session excluded: nothing released is taken back", func() {
			if _, err := f.st.ExcludeSession(ctx, a, "Provklass", "anna"); err != nil {
				t.Fatal(err)
			}
			write(a, "", 12) // in the excluded session: never released
		}, 0, 23, 0, 23},
	} {
		stage.add()
		p := f.publish(t, m, f.sv, day.AddDate(0, 0, 28*i))
		if p.NewTexts != stage.newTexts || p.Texts != stage.total || p.TextsWaiting != stage.out {
			t.Fatalf("%s: %d new, %d in all, %d waiting; want %d, %d, %d", stage.name, p.NewTexts, p.Texts, p.TextsWaiting, stage.newTexts, stage.total, stage.out)
		}
		want := sorted(written[:stage.wantReleased])
		if got := released(m); !slices.Equal(got, want) {
			t.Fatalf("%s: released\n%q\nwant\n%q", stage.name, got, want)
		}
		// Each publication, asked for by number, shows what it released
		// and every earlier one did, and nothing released later.
		totals = append(totals, p.Texts)
		for n := 1; n <= p.Number; n++ {
			var count int
			if err := m.Published(map[string]int{current: n}).EachText(ctx, current, func(string, any) { count++ }); err != nil {
				t.Fatal(err)
			}
			if count != totals[n-1] {
				t.Fatalf("%s: publication %d shows %d texts, it released %d", stage.name, n, count, totals[n-1])
			}
		}
	}
	restarted := newManager(f.st, Options{})
	defer restarted.Close()
	if got := released(restarted); !slices.Equal(got, sorted(written[:23])) {
		t.Fatalf("after a restart: %q", got)
	}
}

// TestPublishingTooSoonIsRefused: a publication is refused before the
// interval since the last one has passed, whole days in the zone given,
// and the refusal says the first day allowed and stores nothing.
func TestPublishingTooSoonIsRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 20, 31)
	m := newManager(f.st, Options{})
	defer m.Close()
	// 23:30 UTC on 31 January is 1 February in Stockholm.
	first := time.Date(2027, 1, 31, 23, 30, 0, 0, time.UTC)
	if p := f.publish(t, m, f.sv, first); p.Day != "2027-02-01" {
		t.Fatalf("published on %s, want the day in Stockholm", p.Day)
	}
	for _, at := range []time.Time{
		first.Add(time.Minute),
		first.AddDate(0, 0, 27),
		time.Date(2027, 2, 28, 22, 59, 0, 0, time.UTC), // 23:59 on 28 February in Stockholm
	} {
		_, err := m.Publish(ctx, PublishRequest{Survey: f.sv, Now: at, Interval: DefaultPublicationInterval, Zone: stockholm(t)})
		var soon *TooSoonError
		if !errors.As(err, &soon) || soon.FirstDay != "2027-03-01" || models.ErrorCode(err) != models.ErrTooSoon {
			t.Fatalf("at %v: %v", at, err)
		}
	}
	if list, err := m.Publications(ctx, current); err != nil || len(list) != 1 {
		t.Fatalf("refused publications stored: %d, %v", len(list), err)
	}
	// 23:00 UTC on 28 February is midnight, 1 March, in Stockholm.
	if p := f.publish(t, m, f.sv, time.Date(2027, 2, 28, 23, 0, 0, 0, time.UTC)); p.Number != 2 || p.Day != "2027-03-01" {
		t.Fatalf("on the first day allowed: %+v", p)
	}
	if _, err := m.Publication(ctx, current, 3); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("a number not made: %v", err)
	}
	if p, err := m.Publication(ctx, current, 0); err != nil || p.Number != 2 {
		t.Fatalf("the latest: %+v %v", p, err)
	}
}

func TestFirstAllowedDay(t *testing.T) {
	for _, tc := range []struct {
		day      string
		interval time.Duration
		want     string
	}{
		{"2027-01-04", DefaultPublicationInterval, "2027-02-01"},
		{"2027-01-04", MinPublicationInterval, "2027-01-18"},
		{"2027-01-04", MinPublicationInterval + time.Hour, "2027-01-19"}, // part of a day is a whole day
		{"2027-03-20", DefaultPublicationInterval, "2027-04-17"},         // across the change to summer time
		{"2028-02-10", DefaultPublicationInterval, "2028-03-09"},         // a leap year
		{"not a day", DefaultPublicationInterval, "not a day"},
	} {
		if got := FirstAllowedDay(tc.day, tc.interval); got != tc.want {
			t.Errorf("FirstAllowedDay(%s, %v) = %s, want %s", tc.day, tc.interval, got, tc.want)
		}
	}
}
