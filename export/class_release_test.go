package export

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
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
	if !battre.Multi || battre.Whole || len(battre.Options) != 3 || battre.Options[2].Value != "polis" || tensOf(battre.Options[2]) != 0 {
		t.Fatalf("battre %+v", battre)
	}
	// Everyone finds centrum unsafe and nobody safe: 100 and 0, however
	// the counts are perturbed, since a zero stays zero.
	centrum := byKey["platser/centrum"]
	if centrum.Row != "centrum" || !centrum.Whole || len(centrum.Options) != 2 || tensOf(centrum.Options[1]) != 100 || tensOf(centrum.Options[0]) != 0 {
		t.Fatalf("platser/centrum %+v", centrum)
	}
	trygg := byKey["trygg/"]
	if len(trygg.Options) != 3 || !trygg.Whole || !trygg.Options[2].Exclude || trygg.Options[0].Label["sv"] != "L trygg" {
		t.Fatalf("trygg %+v", trygg)
	}
	// A tenth said "vet inte": its share is of all who answered, beside
	// the whole the others make.
	if got := tensOf(trygg.Options[0]) + tensOf(trygg.Options[1]); got != 100 {
		t.Fatalf("trygg's shares add up to %d: %+v", got, trygg)
	}
	if v := tensOf(trygg.Options[2]); v < 10 || v > 20 {
		t.Fatalf("vet inte %d %%, 4 of 40 said it", v)
	}
}

// tensOf is an option's share, failing loudly (-1000) when it has none.
func tensOf(o models.ReleasedOption) int {
	if o.ShareTens == nil {
		return -1000
	}
	return *o.ShareTens
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

// wholeSurvey has the kinds of question a class release shows, with
// "vet inte" options outside the whole.
func wholeSurvey() *models.Survey {
	return &models.Survey{
		Slug: "klass-hela", Version: 1,
		Questions: []models.Question{
			{ID: "trygg", Type: models.TypeScale, Options: opts("mycket_trygg", "ganska_trygg", "ganska_otrygg", "mycket_otrygg", "!gar_inte_ut", "!vet_inte")},
			{ID: "vuxen", Type: models.TypeSingle, Options: opts("ja", "nej", "!vet_inte")},
			{ID: "fritid", Type: models.TypeSingle, Options: opts("idrott", "musik", "gaming", "kompisar", "fritidsgard", "jobb", "annat")},
			{ID: "platser", Type: models.TypeGrid, Options: opts("trygg", "ganska_trygg", "otrygg", "!vet_inte"),
				Rows: []models.Row{{Value: "skolan"}, {Value: "centrum"}, {Value: "bussen"}}},
			{ID: "battre", Type: models.TypeMulti, Options: opts("ljus", "vuxna", "polis", "kameror", "!vet_inte")},
		},
	}
}

// randomClass answers wholeSurvey as a class of n, each question by its
// own random leaning, some options never chosen, some pupils skipping.
func randomClass(r *rand.Rand, sv *models.Survey, n int) *Tally {
	pick := map[string][]float64{}
	lean := func(key string, k int) []float64 {
		if w, ok := pick[key]; ok {
			return w
		}
		w := make([]float64, k)
		for i := range w {
			if r.IntN(3) > 0 {
				w[i] = r.ExpFloat64()
			}
		}
		w[r.IntN(k)] += 0.5
		pick[key] = w
		return w
	}
	choose := func(q *models.Question, key string) string {
		return q.Options[draw(r, lean(key, len(q.Options)))].Value
	}
	t := NewTally(sv)
	for range n {
		a := map[string]any{}
		for i := range sv.Questions {
			q := &sv.Questions[i]
			if r.IntN(12) == 0 {
				continue // skipped
			}
			switch q.Type {
			case models.TypeGrid:
				rows := map[string]any{}
				for _, row := range q.Rows {
					rows[row.Value] = choose(q, q.ID+"/"+row.Value)
				}
				a[q.ID] = rows
			case models.TypeMulti:
				var chosen []string
				for j, o := range q.Options[:len(q.Options)-1] {
					if r.Float64() < lean(q.ID, len(q.Options))[j]/3 {
						chosen = append(chosen, o.Value)
					}
				}
				if len(chosen) == 0 {
					chosen = []string{"vet_inte"}
				}
				a[q.ID] = chosen
			default:
				a[q.ID] = choose(q, q.ID)
			}
		}
		t.Add(&models.Response{Session: "KLASS2", RecordKey: r.Uint32(), Answers: a})
	}
	return t
}

// TestClassReleaseAddsUpTo100 releases many random classes of 10–30
// through the real path (tally, perturbation, disclosure, release): each
// question whose options are one whole adds up to exactly 100 % without
// its "vet inte", and every option, multi-choice and "vet inte" too, is
// 0 % exactly when its perturbed count is 0.
func TestClassReleaseAddsUpTo100(t *testing.T) {
	sv := wholeSurvey()
	seed := uint64(24)
	r := rand.New(rand.NewPCG(seed, 2024))
	questions, words := 0, 0
	for run := range 400 {
		n := 10 + r.IntN(21)
		res := randomClass(r, sv, n).Results(5)
		rel := ClassRelease(ClassReleaseRequest{Results: res, Survey: sv, Respondents: n, MinRespondents: 10})
		if !rel.Shown {
			t.Fatalf("run %d: a class of %d not shown", run, n)
		}
		counts := releasedCounts(res)
		for _, q := range rel.Questions {
			key := q.ID + "/" + q.Row
			what := fmt.Sprintf("run %d (seed %d), class of %d, %s", run, seed, n, key)
			dist, ok := counts[key]
			if !ok || len(dist.Options) != len(q.Options) {
				t.Fatalf("%s: not in the results", what)
			}
			if q.Whole == q.Multi {
				t.Fatalf("%s: whole %v, multi %v", what, q.Whole, q.Multi)
			}
			valid, total, inWords := 0, 0, false
			for i, o := range q.Options {
				c := dist.Options[i].Count
				if o.Word != "" {
					if o.ShareTens != nil || o.Exclude || q.Multi || (o.Word == models.ShareWordNone) != (c == 0) {
						t.Fatalf("%s: %s in words %+v for a perturbed count of %d", what, o.Value, o, c)
					}
					inWords = true
					total += c
					continue
				}
				if o.ShareTens == nil {
					t.Fatalf("%s: %s has neither share nor word", what, o.Value)
				}
				if (*o.ShareTens == 0) != (c == 0) {
					t.Fatalf("%s: %s shows %d %% for a perturbed count of %d", what, o.Value, *o.ShareTens, c)
				}
				if !o.Exclude {
					valid += *o.ShareTens
					total += c
				}
			}
			switch {
			case inWords:
				words++
			case q.Whole && (total == 0 || valid != 100):
				t.Fatalf("%s: the shares add up to %d %%: %+v", what, valid, q.Options)
			}
			questions++
		}
	}
	if words > questions/100 {
		t.Fatalf("%d of %d questions in words", words, questions)
	}
	t.Logf("%d released questions and grid rows checked, %d in words", questions, words)
}

// releasedCounts are the perturbed distributions a release is made from,
// by question/row.
func releasedCounts(res *Results) map[string]Distribution {
	out := map[string]Distribution{}
	for _, q := range res.Questions {
		out[q.ID+"/"] = q.Distribution
		for _, row := range q.Rows {
			out[q.ID+"/"+row.Value] = row.Distribution
		}
	}
	return out
}

// TestClassReleaseInWords gives a release perturbed counts that cannot
// show as tens: eleven chosen options. They come in words, the never
// chosen one as "none", and "vet inte" keeps its share.
func TestClassReleaseInWords(t *testing.T) {
	values := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "!vet_inte"}
	sv := &models.Survey{Slug: "ord", Version: 1, Questions: []models.Question{{ID: "fritid", Type: models.TypeSingle, Options: opts(values...)}}}
	counts := []int{24, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 6}
	d := Distribution{N: 60, Valid: 54}
	for i, o := range sv.Questions[0].Options {
		d.Options = append(d.Options, OptionResult{Value: o.Value, Label: o.Label, Count: counts[i], Exclude: o.Exclude})
	}
	res := &Results{Questions: []QuestionResult{{ID: "fritid", Type: models.TypeSingle, Distribution: d}}}
	rel := ClassRelease(ClassReleaseRequest{Results: res, Survey: sv, Respondents: 60, MinRespondents: 10})
	if len(rel.Questions) != 1 {
		t.Fatalf("release %+v", rel)
	}
	q := rel.Questions[0]
	var words []string
	for _, o := range q.Options[:12] {
		if o.ShareTens != nil {
			t.Fatalf("%s has a share beside words: %+v", o.Value, q)
		}
		words = append(words, o.Word)
	}
	want := []string{models.ShareWordAboutHalf}
	for range 10 {
		want = append(want, models.ShareWordSome)
	}
	want = append(want, models.ShareWordNone)
	if !q.Whole || !slices.Equal(words, want) {
		t.Fatalf("words %v, want %v", words, want)
	}
	if vi := q.Options[12]; vi.Word != "" || vi.ShareTens == nil || *vi.ShareTens != 10 {
		t.Fatalf("vet inte %+v", vi)
	}
	checkReleaseJSON(t, rel)
}

// TestClassReleaseLeavesOutAnEmptyWhole: when every answer that counts was
// perturbed to 0 (or everybody said "vet inte"), bars all at 0 % would
// contradict the share who answered; the question is left out. A
// multi-choice question has no whole and stays.
func TestClassReleaseLeavesOutAnEmptyWhole(t *testing.T) {
	sv := &models.Survey{Slug: "tom", Version: 1, Questions: []models.Question{
		{ID: "polisen", Type: models.TypeScale, Options: opts("bra", "daligt", "!vet_inte")},
		{ID: "battre", Type: models.TypeMulti, Options: opts("ljus", "vuxna")},
	}}
	dist := func(n, valid int, counts ...int) Distribution {
		d := Distribution{N: n, Valid: valid}
		for i, c := range counts {
			d.Options = append(d.Options, OptionResult{Value: fmt.Sprint(i), Count: c, Exclude: i == 2})
		}
		return d
	}
	res := &Results{Questions: []QuestionResult{
		{ID: "polisen", Type: models.TypeScale, Distribution: dist(14, 3, 0, 0, 8)},
		{ID: "battre", Type: models.TypeMulti, Distribution: dist(12, 12, 0, 0)},
	}}
	rel := ClassRelease(ClassReleaseRequest{Results: res, Survey: sv, Respondents: 14, MinRespondents: 10})
	if len(rel.Questions) != 1 || rel.Questions[0].ID != "battre" || *rel.Questions[0].Options[0].ShareTens != 0 {
		t.Fatalf("release %+v", rel.Questions)
	}
}
