package surveys

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"medborgardialog/models"
)

func builtinGrades(t *testing.T) *models.Question {
	t.Helper()
	defs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q := DimensionQuestion(defs[len(defs)-1], models.DimGrade)
	if q == nil {
		t.Fatal("the built-in survey has no grade question")
	}
	return q
}

func TestTheBuiltInCatalogueMatchesTheBuiltInSurveys(t *testing.T) {
	p, err := BuiltinPlaces()
	if err != nil {
		t.Fatal(err)
	}
	defs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range defs {
		areaQ, gradeQ := DimensionQuestion(sv, models.DimArea), DimensionQuestion(sv, models.DimGrade)
		for _, a := range p.Areas {
			if _, ok := areaQ.Option(a.Value); !ok {
				t.Errorf("%s: area %s is not an option of %s", sv.Slug, a.Value, areaQ.ID)
			}
		}
		for _, sc := range p.Schools {
			for _, g := range sc.Grades {
				if _, ok := gradeQ.Option(g); !ok {
					t.Errorf("%s: %s teaches %s, which is not an option", sv.Slug, sc.ID, g)
				}
			}
		}
	}
	if len(p.Schools) < 6 || !slices.ContainsFunc(p.Schools, func(s models.School) bool { return s.ID == "jernvallsskolan" && !s.Active }) {
		t.Errorf("schools %+v", p.Schools)
	}
}

func TestCatalogueProblemsAreAllListed(t *testing.T) {
	p, err := ParsePlaces([]byte(`
areas:
  - {value: centrum, label: {sv: Centrum}}
  - {value: centrum, label: {en: Centre}}
  - {value: "Bad Value", label: {sv: x}}
schools:
  - {id: skola-a, name: "Skola A", area: centrum, grades: [ak7, ak7], active: true}
  - {id: skola-a, name: "skola a", area: nowhere, grades: [], active: true}
  - {id: "B", name: "", area: centrum, grades: ["8 B"], active: false}
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range CheckPlaces(p) {
		got = append(got, pr.Path+":"+pr.Code)
	}
	want := []string{"areas[1].value:duplicate", "areas[1].label.sv:required", "areas[2].value:invalid",
		"schools[0].grades[1]:invalid", "schools[1].id:duplicate", "schools[1].name:duplicate", "schools[1].area:unknown_reference",
		"schools[2].id:invalid", "schools[2].name:required", "schools[2].grades[0]:invalid"}
	if !slices.Equal(got, want) {
		t.Fatalf("problems\n got %v\nwant %v", got, want)
	}
	if _, err := ParsePlaces([]byte("areas: []\nskolor: []\n")); err == nil || !strings.Contains(err.Error(), "skolor") {
		t.Fatalf("an unknown field passed: %v", err)
	}
}

// A name with U+202E reads backwards on every page that shows it, and one
// with U+200B looks like a school already there; ZWNJ is Persian spelling.
func TestCatalogueTextsRefuseInvisibleCharacters(t *testing.T) {
	p, err := ParsePlaces([]byte(`
areas:
  - {value: centrum, label: {sv: "Centrum\u202Eroknev", ar: "المركز"}, part: "Norr\u0000"}
  - {value: norr, label: {sv: "Norr", en: "North\u2067"}}
schools:
  - {id: skola-a, name: "Skola\u200BA", area: centrum, grades: [ak7], active: true}
  - {id: skola-b, name: "می\u200Cخواهم", area: centrum, grades: [ak7], active: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range CheckPlaces(p) {
		got = append(got, pr.Path+":"+pr.Code)
	}
	want := []string{"areas[0].label.sv:characters", "areas[0].part:characters", "areas[1].label.en:characters", "schools[0].name:characters"}
	if !slices.Equal(got, want) {
		t.Fatalf("problems\n got %v\nwant %v", got, want)
	}
}

func TestFreeTextGradesMapOnlyWhenUnambiguous(t *testing.T) {
	q := builtinGrades(t)
	for in, want := range map[string]string{
		"8": "ak8", "åk 8": "ak8", "Åk8": "ak8", "8A": "ak8", "8 b": "ak8", "årskurs 9": "ak9", "Årskurs 7": "ak7",
		"ak8": "ak8", "gy 1": "gy1", "Gymnasiet år 2": "gy2", "GY3": "gy3",
	} {
		if got, ok := MatchGrade(q, in); !ok || got != want {
			t.Errorf("%q → %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"8 och 9", "åttan", "4", "", "ak10", "88"} {
		if got, ok := MatchGrade(q, in); ok {
			t.Errorf("%q mapped to %q", in, got)
		}
	}
}

func TestSessionsMapToTheCatalogueIdempotently(t *testing.T) {
	p, err := BuiltinPlaces()
	if err != nil {
		t.Fatal(err)
	}
	q := builtinGrades(t)
	cases := []struct{ in, want [3]string }{
		{[3]string{"Björksätra skolan", "8", "Centrum"}, [3]string{"bjorksatraskolan", "ak8", "bjorksatra"}},
		{[3]string{"", "åk 9", "Storvik"}, [3]string{"", "ak9", "storvik"}},
		{[3]string{"Skola A", "8 och 9", "Mars"}, [3]string{"Skola A", "8 och 9", "Mars"}},
		{[3]string{"norrsatraskolan", "ak7", "norrsatra"}, [3]string{"norrsatraskolan", "ak7", "norrsatra"}},
	}
	for _, c := range cases {
		s, g, a := MapSession(p, q, c.in[0], c.in[1], c.in[2])
		if got := [3]string{s, g, a}; got != c.want {
			t.Errorf("%v → %v, want %v", c.in, got, c.want)
		}
		if s2, g2, a2 := MapSession(p, q, s, g, a); [3]string{s2, g2, a2} != [3]string{s, g, a} {
			t.Errorf("mapping %v again changed it", c.in)
		}
	}
}

// A catalogue of 300 schools in an area that does not exist gets the
// first 100 problems and a count of the rest, not 300 copies of the list
// of areas.
func TestCatalogueProblemsStopAtAHundred(t *testing.T) {
	p := &models.Places{Areas: []models.Area{{Value: "centrum", Label: models.Text{"sv": "Centrum"}}}}
	for i := range 300 {
		p.Schools = append(p.Schools, models.School{ID: fmt.Sprintf("skola-%d", i), Name: fmt.Sprintf("Skola %d", i), Area: "nowhere", Active: true})
	}
	ps := CheckPlaces(p)
	if len(ps) != 101 {
		t.Fatalf("%d problems, want 100 and one that counts the rest", len(ps))
	}
	if last := ps[100]; last.Code != CodeTooManyProblems || last.Arg != "200" {
		t.Fatalf("last problem %+v, want too_many_problems with 200", last)
	}
}

func TestPlaceIDsAreMadeFromNames(t *testing.T) {
	taken := map[string]bool{"ostra-skolan": true, "ostra-skolan-2": true, "satra": true}
	for _, tc := range []struct {
		name      string
		sep       rune
		fallback  string
		want      string
		validSlug bool
	}{
		{"Östra skolan", '-', "skola", "ostra-skolan-3", true},
		{"Sätra", '_', "omrade", "satra_2", false},
		{"Björksätra skolan", '-', "skola", "bjorksatra-skolan", true},
		{"  Hedängsskolan  (F–9) ", '-', "skola", "hedangsskolan-f-9", true},
		{"123", '-', "skola", "skola-123", true},
		{"—", '_', "omrade", "omrade", false},
		{strings.Repeat("lång ", 30), '-', "skola", "lang-lang-lang-lang-lang-lang-la", true},
	} {
		got := UniqueID(PlaceID(tc.name, tc.sep, tc.fallback), tc.sep, func(id string) bool { return taken[id] })
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.name, got, tc.want)
		}
		if tc.validSlug && !models.ValidSlug(got) || !tc.validSlug && !models.ValidID(got) {
			t.Errorf("%q: %q is not a valid id", tc.name, got)
		}
	}
}
