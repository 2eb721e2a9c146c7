package export

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"medborgardialog/models"
)

// releaseSurvey has every kind of question a class release must leave out
// beside the ordinary ones it shows.
func releaseSurvey() *models.Survey {
	return &models.Survey{
		Slug: "klass-release", Version: 1,
		Questions: []models.Question{
			{ID: "kon", Type: models.TypeSingle, Dimension: models.DimGender, Options: opts("tjej", "kille", "!vill_inte_svara")},
			{ID: "alder", Type: models.TypeNumber, Dimension: models.DimAge, Min: ptr[int64](12), Max: ptr[int64](19)},
			{ID: "trygg", Type: models.TypeScale, Options: opts("trygg", "otrygg", "!vet_inte")},
			{ID: "platser", Type: models.TypeGrid, Options: opts("trygg", "otrygg"), Rows: []models.Row{{Value: "skolan"}, {Value: "centrum"}}},
			{ID: "battre", Type: models.TypeMulti, Options: opts("ljus", "vuxna", "polis")},
			{ID: "erbjuden", Type: models.TypeSingle, Sensitive: true, Options: opts("ja", "nej")},
			{ID: "utsatt", Type: models.TypeSingle, Sensitive: true, Options: opts("ja", "nej")},
			// Shown only to those who said yes to a sensitive question, and
			// a question two steps from it: their shares would tell.
			{ID: "anmalt", Type: models.TypeSingle, Options: opts("ja", "nej"), ShowIf: &models.ShowIf{Question: "utsatt", AnyOf: []string{"ja"}}},
			{ID: "varfor_inte", Type: models.TypeMulti, Options: opts("ingen_ide", "radd"), ShowIf: &models.ShowIf{Question: "anmalt", AnyOf: []string{"nej"}}},
			// Skip logic on an ordinary question is fine.
			{ID: "vilken_plats", Type: models.TypeSingle, Options: opts("skolan", "centrum"), ShowIf: &models.ShowIf{Question: "trygg", AnyOf: []string{"otrygg"}}},
			{ID: "timmar", Type: models.TypeNumber, Min: ptr[int64](0), Max: ptr[int64](24)},
			{ID: "forslag", Type: models.TypeText},
		},
		Indicators: []models.Indicator{
			{ID: "otrygg", Question: "trygg", Count: []string{"otrygg"}, Better: models.BetterLower},
			{ID: "otrygg_centrum", Question: "platser", Row: "centrum", Count: []string{"otrygg"}, Better: models.BetterLower},
			{ID: "erbjudits", Question: "erbjuden", Count: []string{"ja"}, Better: models.BetterLower},
			{ID: "utsatta", Question: "utsatt", Count: []string{"ja"}, Better: models.BetterLower},
			{ID: "anmalde", Question: "anmalt", Count: []string{"ja"}, Better: models.BetterHigher},
			{ID: "tjejer", Question: "kon", Count: []string{"tjej"}, Better: models.BetterHigher},
		},
	}
}

// releaseClass tallies n respondents who answer everything, in a few
// patterns, so every shown figure has a share to round.
func releaseClass(sv *models.Survey, n int) *Tally {
	t := NewTally(sv)
	for i := range n {
		a := map[string]any{
			"kon": []string{"tjej", "kille"}[i%2], "alder": int64(13 + i%3),
			"trygg":    "otrygg",
			"platser":  map[string]any{"skolan": []string{"trygg", "otrygg"}[i%3%2], "centrum": "otrygg"},
			"battre":   []string{"ljus", "vuxna"}[:1+i%2],
			"erbjuden": "nej", "utsatt": "nej", "timmar": int64(i % 5), "forslag": "mer ljus",
		}
		if i == 0 {
			a["utsatt"], a["anmalt"], a["varfor_inte"] = "ja", "nej", []string{"radd"}
		}
		switch i % 10 {
		case 0:
			a["trygg"] = "vet_inte"
		case 5:
			a["trygg"] = "trygg"
		default: // most feel unsafe, and say where
			a["vilken_plats"] = []string{"skolan", "centrum"}[i%2]
		}
		t.Add(&models.Response{Session: "ABC234", Answers: a})
	}
	return t
}

func TestClassRelease(t *testing.T) {
	sv := releaseSurvey()
	shownIndicators := []string{"otrygg", "otrygg_centrum"}
	shownQuestions := []string{"trygg", "platser/skolan", "platser/centrum", "battre", "vilken_plats"}
	tests := []struct {
		name        string
		respondents int
		minCell     int // the service's, for the Results
		min         int // of the release
		shown       bool
	}{
		{"below the class threshold", 9, 5, 10, false},
		{"at the class threshold", 10, 5, 10, true},
		{"a whole class", 28, 5, 10, true},
		{"a min_cell above the class threshold hides everything", 12, 15, 10, false},
		{"a raised class threshold", 12, 5, 15, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := releaseClass(sv, tt.respondents).Results(tt.minCell)
			rel := ClassRelease(ClassReleaseRequest{Results: res, Survey: sv, Respondents: tt.respondents, MinRespondents: tt.min, Day: "2026-03-02"})
			if rel.Shown != tt.shown || rel.MinRespondents != tt.min || rel.Survey != sv.Slug || rel.ReleasedAt != "2026-03-02" {
				t.Fatalf("release %+v, want shown %v", rel, tt.shown)
			}
			var gotInd, gotQ []string
			for _, ind := range rel.Indicators {
				gotInd = append(gotInd, ind.ID)
			}
			for _, q := range rel.Questions {
				key := q.ID
				if q.Row != "" {
					key += "/" + q.Row
				}
				gotQ = append(gotQ, key)
			}
			wantInd, wantQ := shownIndicators, shownQuestions
			if !tt.shown {
				wantInd, wantQ = nil, nil
			}
			if !slices.Equal(gotInd, wantInd) || !slices.Equal(gotQ, wantQ) {
				t.Fatalf("indicators %v, questions %v; want %v and %v", gotInd, gotQ, wantInd, wantQ)
			}
			checkReleaseJSON(t, rel)
		})
	}
}

// checkReleaseJSON walks the release as JSON: shares are whole tens from
// 0 to 100, lists are never null, and no count or n is anywhere in it.
func checkReleaseJSON(t *testing.T, rel *models.ClassRelease) {
	t.Helper()
	b, err := json.Marshal(rel)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				switch k {
				case "n", "count", "valid", "n_below", "respondents", "ci_low", "ci_high":
					t.Errorf("%s.%s in the release: %s", at, k, b)
				case "share_tens":
					f, _ := c.(float64)
					if f < 0 || f > 100 || math.Mod(f, 10) != 0 {
						t.Errorf("%s.share_tens = %v", at, c)
					}
				}
				walk(c, at+"."+k)
			}
		case []any:
			for _, c := range x {
				walk(c, at+"[]")
			}
		}
	}
	walk(v, "$")
	var top map[string]any
	_ = json.Unmarshal(b, &top)
	if top["indicators"] == nil || top["questions"] == nil {
		t.Errorf("lists must be [], not null: %s", b)
	}
}

func TestClassReleaseShares(t *testing.T) {
	sv := releaseSurvey()
	rel := ClassRelease(ClassReleaseRequest{Results: releaseClass(sv, 40).Results(5), Survey: sv, Respondents: 40, MinRespondents: 10})
	byKey := map[string]models.ReleasedQuestion{}
	for _, q := range rel.Questions {
		byKey[q.ID+"/"+q.Row] = q
	}
	// Nobody chose polis: zero stays zero through perturbation and rounding.
	battre := byKey["battre/"]
	if !battre.Multi || len(battre.Options) != 3 || battre.Options[2].Value != "polis" || battre.Options[2].ShareTens != 0 {
		t.Fatalf("battre %+v", battre)
	}
	// Everyone finds centrum unsafe: the share rounds to 100 however the
	// counts are perturbed (both by at most 3 of 40).
	centrum := byKey["platser/centrum"]
	if centrum.Row != "centrum" || len(centrum.Options) != 2 || centrum.Options[1].ShareTens < 90 || centrum.Options[0].ShareTens > 10 {
		t.Fatalf("platser/centrum %+v", centrum)
	}
	trygg := byKey["trygg/"]
	if len(trygg.Options) != 3 || !trygg.Options[2].Exclude || trygg.Options[0].Label["sv"] != "L trygg" {
		t.Fatalf("trygg %+v", trygg)
	}
}

func TestShareTens(t *testing.T) {
	for _, tt := range []struct {
		share float64
		want  int
	}{
		{0, 0}, {0.04, 0}, {0.049, 0}, {0.05, 10}, {0.1, 10}, {0.149, 10}, {0.15, 20},
		{0.35, 40}, {0.45, 50}, {0.5, 50}, {2.0 / 3, 70}, {0.94, 90}, {0.95, 100}, {1, 100},
		{1.2, 100}, {-0.1, 0}, {math.NaN(), 0},
	} {
		if got := ShareTens(tt.share); got != tt.want {
			t.Errorf("ShareTens(%v) = %d, want %d", tt.share, got, tt.want)
		}
	}
}

func TestReleasableQuestions(t *testing.T) {
	q := func(id, typ string, sensitive bool, showIf string) models.Question {
		out := models.Question{ID: id, Type: typ, Sensitive: sensitive, Options: opts("ja", "nej")}
		if showIf != "" {
			out.ShowIf = &models.ShowIf{Question: showIf, AnyOf: []string{"ja"}}
		}
		return out
	}
	for _, tt := range []struct {
		name string
		qs   []models.Question
		want []string
	}{
		{"ordinary closed types", []models.Question{q("a", models.TypeSingle, false, ""), q("b", models.TypeMulti, false, ""), q("c", models.TypeScale, false, ""), q("d", models.TypeGrid, false, "")}, []string{"a", "b", "c", "d"}},
		{"open types", []models.Question{q("n", models.TypeNumber, false, ""), q("t", models.TypeText, false, "")}, nil},
		{"sensitive", []models.Question{q("s", models.TypeSingle, true, "")}, nil},
		{"after a sensitive question", []models.Question{q("s", models.TypeSingle, true, ""), q("f", models.TypeSingle, false, "s")}, nil},
		{"three steps after a sensitive question", []models.Question{q("s", models.TypeSingle, true, ""), q("f1", models.TypeSingle, false, "s"), q("f2", models.TypeSingle, false, "f1"), q("f3", models.TypeScale, false, "f2")}, nil},
		{"after an ordinary question", []models.Question{q("a", models.TypeSingle, false, ""), q("f", models.TypeSingle, false, "a")}, []string{"a", "f"}},
		{"after an unknown question", []models.Question{q("f", models.TypeSingle, false, "finns_inte")}, nil},
		{"a show_if cycle", []models.Question{q("x", models.TypeSingle, false, "y"), q("y", models.TypeSingle, false, "x"), q("z", models.TypeSingle, false, "")}, []string{"z"}},
		{"a dimension", []models.Question{{ID: "kon", Type: models.TypeSingle, Dimension: models.DimGender, Options: opts("tjej")}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok := releasableQuestions(&models.Survey{Questions: tt.qs})
			var got []string
			for id := range ok {
				got = append(got, id)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("releasable %v, want %v", got, tt.want)
			}
		})
	}
}
