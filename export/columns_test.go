package export

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"medborgardialog/models"
)

// scanned is the responses as a Source that reads by store.filterBSON's
// rules: school, area and grade (if the filter sets them) compared with
// the session's values, session, and excluded responses left out. A Scan
// must read through it by survey and session only and decide the groups
// itself: were it to pass the groups on, the pupils who gave their own
// answer would be missing.
type scanned []*models.Response

func (s scanned) EachResponse(_ context.Context, f models.ResponseFilter, fn func(*models.Response) error) error {
	for _, r := range s {
		if r.Survey != f.Survey || r.Excluded {
			continue
		}
		ok := true
		for _, p := range [][2]string{{f.School, r.School}, {f.Area, r.Area}, {f.Grade, r.Grade}, {f.Session, r.Session}} {
			ok = ok && (p[0] == "" || p[0] == p[1])
		}
		if ok {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// columnsFixture is generated responses with everything a stored response
// carries: languages, sessions (some excluded), record keys; session
// places that contradict the pupil's own answer, and session places the
// catalogue does not know.
func columnsFixture(sv *models.Survey, n int, seed uint64) []*models.Response {
	rng := rand.New(rand.NewPCG(seed, 7))
	excluded := map[string]bool{"XYZ789": true}
	var out []*models.Response
	for _, c := range generate(sv, n, seed) {
		r := c.resp
		r.RecordKey = rng.Uint32()
		r.Day = pick(rng, "2024-03-30", "2024-03-31", "2024-04-01", "2024-04-15", "2024-05-02")
		r.Lang = pick(rng, "sv", "sv", "en", "ar", "")
		r.Excluded = excluded[r.Session]
		if rng.IntN(50) == 0 {
			r.Answers["platser"] = bsonD{{"centrum", "otrygg"}, {"centrum", "trygg"}} // the first of a name wins
		}
		out = append(out, r)
	}
	return out
}

func textAndClosed(sv *models.Survey) (text, closed []string) {
	for _, q := range sv.Questions {
		if q.Type == models.TypeText {
			text = append(text, q.ID)
		} else {
			closed = append(closed, q.ID)
		}
	}
	return text, closed
}

func newTestColumns(sv *models.Survey) *Columns {
	text, closed := textAndClosed(sv)
	return NewColumns(sv.Slug, text, closed)
}

func testPlaces() *models.Places {
	return &models.Places{
		Areas:   []models.Area{{Value: "norr", Label: models.Text{"sv": "Norr"}}},
		Schools: []models.School{{ID: "Skola A", Name: "Skolan A", Grades: []string{"ak8"}, Active: true}},
	}
}

// TestColumnsCountLikeAScan is the promise of the column store: for every
// filter, with and without breakdowns and a catalogue, counting from the
// columns gives the very counters, record-key sums and figures (noise
// included) that a Scan gives, adding the matching responses one by one.
// Filters name groups by the breakdown rule (the session's value, else the
// pupil's own answer), so the fixture's pupils whose session says "norr"
// and who answered "soder" themselves are in "norr" both ways.
func TestColumnsCountLikeAScan(t *testing.T) {
	sv := testSurvey()
	resps := columnsFixture(sv, 3000, 11)
	cols := newTestColumns(sv)
	for _, r := range resps {
		cols.Append(r)
	}
	if cols.Len() != len(resps) {
		t.Fatalf("kept %d of %d", cols.Len(), len(resps))
	}
	filters := []models.ResponseFilter{
		{}, {School: "Skola A"}, {Area: "norr"}, {Area: "soder"}, {Area: "Storvik"}, {Grade: "ak8"}, {Grade: "8"},
		{Gender: "tjej"}, {Gender: "vill_inte_svara"}, {Age: "14"}, {Age: "11"}, {Gender: "ingen"},
		{School: "Skola A", Grade: "8"}, {School: "Ingen skola"}, {Area: "Storvik", Gender: "kille"}, {Area: "norr", Age: "15"},
		{Session: "ABC234"}, {Session: "XYZ789"}, {Session: "NOSUCH"}, // a class's release
	}
	for _, f := range filters {
		f.Survey = sv.Slug
		for _, places := range []*models.Places{nil, testPlaces()} {
			for _, breakdowns := range []bool{true, false} {
				name := fmt.Sprintf("%+v/places=%v/breakdowns=%v", f, places != nil, breakdowns)
				mk := func() *Tally {
					tl := NewTally(sv).WithPlaces(places)
					if !breakdowns {
						tl.WithoutBreakdowns()
					}
					return tl
				}
				byScan, counted := mk(), mk()
				if err := Scan(scanned(resps)).Count(context.Background(), byScan, f); err != nil {
					t.Fatal(err)
				}
				if err := cols.Count(context.Background(), counted, f); err != nil {
					t.Fatal(err)
				}
				sameTally(t, name, byScan, counted)
			}
		}
	}
}

// sameTally compares two tallies counter by counter, then their figures.
func sameTally(t *testing.T, name string, want, got *Tally) {
	t.Helper()
	if want.n != got.n || want.totalKey != got.totalKey || !reflect.DeepEqual(want.total, got.total) {
		t.Fatalf("%s: total n %d/%d key %d/%d\nwant %v\ngot  %v", name, want.n, got.n, want.totalKey, got.totalKey, want.total, got.total)
	}
	if len(want.sessions) != len(got.sessions) || (len(want.sessions) > 0 && !reflect.DeepEqual(want.sessions, got.sessions)) {
		t.Fatalf("%s: sessions %v, want %v", name, got.sessions, want.sessions)
	}
	if !reflect.DeepEqual(want.langs, got.langs) {
		t.Fatalf("%s: languages %v, want %v", name, got.langs, want.langs)
	}
	groups := func(tl *Tally) map[string][]int {
		m := map[string][]int{}
		for _, b := range tl.dims {
			for _, g := range b.groups {
				if g.block != nil {
					m[fmt.Sprintf("%s/%s/%d", b.name, g.value, g.key)] = g.block
				}
			}
		}
		return m
	}
	if w, g := groups(want), groups(got); !reflect.DeepEqual(w, g) {
		t.Fatalf("%s: groups differ\nwant %v\ngot  %v", name, w, g)
	}
	for _, mc := range []int{1, 5, 10} {
		a, _ := json.Marshal(want.Results(mc))
		b, _ := json.Marshal(got.Results(mc))
		if string(a) != string(b) {
			t.Fatalf("%s: results differ at min_cell %d\nwant %s\ngot  %s", name, mc, a, b)
		}
	}
}

// TestColumnsKeepUpWithChanges checks exclusion marks and cleared answers
// against a scan of responses changed the same way, and that a snapshot
// taken before a change keeps counting what it saw.
func TestColumnsKeepUpWithChanges(t *testing.T) {
	sv := testSurvey()
	resps := columnsFixture(sv, 800, 5)
	cols := newTestColumns(sv)
	for _, r := range resps[:400] {
		cols.Append(r)
	}
	before := cols.snapshot(models.ResponseFilter{})
	for _, r := range resps[400:] {
		cols.Append(r)
	}
	if before.n != 400 || len(before.rk) != 400 {
		t.Fatalf("snapshot grew to %d", before.n)
	}
	check := func(what string) {
		t.Helper()
		f := models.ResponseFilter{Survey: sv.Slug}
		byScan, counted := NewTally(sv), NewTally(sv)
		if err := Scan(scanned(resps)).Count(context.Background(), byScan, f); err != nil {
			t.Fatal(err)
		}
		if err := cols.Count(context.Background(), counted, f); err != nil {
			t.Fatal(err)
		}
		sameTally(t, what, byScan, counted)
	}
	check("appended")
	if n := cols.MarkSession("ABC234", true); n == 0 {
		t.Fatal("no response of ABC234 marked")
	}
	cols.MarkSession("XYZ789", false)
	for _, r := range resps {
		switch r.Session {
		case "ABC234":
			r.Excluded = true
		case "XYZ789":
			r.Excluded = false
		}
	}
	check("after exclusions")
	cols.ClearAnswers([]string{"forslag", "platser"})
	for _, r := range resps {
		delete(r.Answers, "forslag")
		delete(r.Answers, "platser")
	}
	check("after clearing answers")
	if err := cols.Count(context.Background(), NewTally(sv), models.ResponseFilter{Survey: "other"}); err == nil {
		t.Fatal("columns of one survey counted another")
	}
}

// TestColumnsKeepNoFreeText: a free-text answer is kept as "answered"
// only, and an answer to a question no version has is not kept at all.
func TestColumnsKeepNoFreeText(t *testing.T) {
	sv := testSurvey()
	cols := newTestColumns(sv)
	cols.Append(&models.Response{Survey: sv.Slug, Answers: map[string]any{"forslag": "Kalle på Storgatan 5", "okand": "hemligt"}})
	for id, col := range cols.answers {
		for _, v := range col.vals {
			if s, ok := v.(string); ok && s != textAnswered {
				t.Fatalf("column %q keeps %q", id, s)
			}
		}
	}
	if len(cols.answers) != 1 {
		t.Fatalf("columns %v", cols.answers)
	}
}
