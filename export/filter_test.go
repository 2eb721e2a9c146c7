package export

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"medborgardialog/models"
)

// filterFor is the filter naming the group value of dimension dim.
func filterFor(survey, dim, value string) models.ResponseFilter {
	f := models.ResponseFilter{Survey: survey}
	switch dim {
	case models.DimArea:
		f.Area = value
	case DimSchool:
		f.School = value
	case models.DimGrade:
		f.Grade = value
	case models.DimGender:
		f.Gender = value
	case models.DimAge:
		f.Age = value
	}
	return f
}

// TestAFilterIsTheBreakdownsGroup: for every dimension and every group of
// its breakdown, counting with the filter that names the group gives the
// group itself: the same respondents (record-key sum), the same counters,
// so the same figures and noise, by a scan and from the columns. One label
// is one group, whichever way it is reached.
func TestAFilterIsTheBreakdownsGroup(t *testing.T) {
	sv := testSurvey()
	resps := columnsFixture(sv, 2000, 3)
	cols := newTestColumns(sv)
	for _, r := range resps {
		cols.Append(r)
	}
	ctx := context.Background()
	for _, places := range []*models.Places{nil, testPlaces()} {
		all := NewTally(sv).WithPlaces(places)
		if err := Scan(scanned(resps)).Count(ctx, all, models.ResponseFilter{Survey: sv.Slug}); err != nil {
			t.Fatal(err)
		}
		compared := 0
		for _, b := range all.dims {
			for _, g := range b.groups[1:] {
				if g.block == nil {
					continue
				}
				f := filterFor(sv.Slug, b.name, g.value)
				for name, c := range map[string]Counter{"scan": Scan(scanned(resps)), "columns": cols} {
					one := NewTally(sv).WithPlaces(places).WithoutBreakdowns()
					if err := c.Count(ctx, one, f); err != nil {
						t.Fatal(err)
					}
					if one.n != g.block[0] || one.totalKey != g.key || !reflect.DeepEqual(one.total, g.block) {
						t.Fatalf("places=%v, %s=%s by %s: n %d key %d, the group has n %d key %d",
							places != nil, b.name, g.value, name, one.n, one.totalKey, g.block[0], g.key)
					}
					compared++
				}
			}
		}
		if compared < 30 {
			t.Fatalf("only %d groups compared", compared)
		}
	}
}

// TestAFilterReadsTheSessionFirst pins the rule on a few responses: a
// session's value decides, even against the pupil's own answer; without
// one the pupil's answer does; a session value the catalogue does not know
// is "not known", whatever the pupil answered; school is the session's
// only, gender and age the pupil's only.
func TestAFilterReadsTheSessionFirst(t *testing.T) {
	sv := testSurvey()
	resps := scanned{
		{Survey: sv.Slug, RecordKey: 1, Session: "AAA111", Area: "norr", Grade: "ak8", Answers: map[string]any{"omrade": "soder", "arskurs": "ak9", "kon": "tjej"}},
		{Survey: sv.Slug, RecordKey: 2, Answers: map[string]any{"omrade": "soder", "arskurs": "ak9", "alder": int32(14)}},
		{Survey: sv.Slug, RecordKey: 4, Session: "BBB222", Area: "Storvik", Answers: map[string]any{"omrade": "norr", "kon": "tjej"}},
		{Survey: sv.Slug, RecordKey: 8, Session: "CCC333", School: "Skola A", Answers: map[string]any{"omrade": "norr", "alder": int64(14)}},
		{Survey: sv.Slug, RecordKey: 16, Session: "CCC333", School: "Skola A", Excluded: true, Answers: map[string]any{"omrade": "norr"}},
	}
	cols := newTestColumns(sv)
	for _, r := range resps {
		cols.Append(r)
	}
	for _, tt := range []struct {
		places bool
		f      models.ResponseFilter
		keys   uint32 // the sum of the record keys counted
	}{
		{false, models.ResponseFilter{Area: "norr"}, 1 + 8},
		{false, models.ResponseFilter{Area: "soder"}, 2},
		{false, models.ResponseFilter{Area: "Storvik"}, 4},
		{true, models.ResponseFilter{Area: "norr"}, 1 + 8},
		{true, models.ResponseFilter{Area: "Storvik"}, 0},
		{false, models.ResponseFilter{Grade: "ak8"}, 1},
		{false, models.ResponseFilter{Grade: "ak9"}, 2},
		{false, models.ResponseFilter{School: "Skola A"}, 8},
		{false, models.ResponseFilter{School: "soder"}, 0},
		{false, models.ResponseFilter{Gender: "tjej"}, 1 + 4},
		{false, models.ResponseFilter{Age: "14"}, 2 + 8},
		{false, models.ResponseFilter{Age: "14", Area: "norr"}, 8},
		{false, models.ResponseFilter{Gender: "annat"}, 0},
	} {
		var places *models.Places
		if tt.places {
			places = testPlaces()
		}
		tt.f.Survey = sv.Slug
		for name, c := range map[string]Counter{"scan": Scan(resps), "columns": cols} {
			t.Run(fmt.Sprintf("%s/%+v/places=%v", name, tt.f, tt.places), func(t *testing.T) {
				tl := NewTally(sv).WithPlaces(places)
				if err := c.Count(context.Background(), tl, tt.f); err != nil {
					t.Fatal(err)
				}
				if uint32(tl.totalKey) != tt.keys {
					t.Fatalf("counted the responses with keys summing to %d, want %d", tl.totalKey, tt.keys)
				}
			})
		}
	}
}
