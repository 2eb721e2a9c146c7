package export

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"medborgardialog/models"
)

// classSurvey is a small survey for hand-built classes.
func classSurvey() *models.Survey {
	return &models.Survey{
		Slug: "klass", Version: 1,
		Questions: []models.Question{
			{ID: "kon", Type: models.TypeSingle, Dimension: models.DimGender, Options: opts("tjej", "kille", "annat", "!vill_inte_svara")},
			{ID: "trygg", Type: models.TypeSingle, Options: opts("ja", "nej", "!vet_inte")},
			{ID: "sallan", Type: models.TypeSingle, Options: opts("ja", "nej")},
			{ID: "forslag", Type: models.TypeText},
		},
		Indicators: []models.Indicator{{ID: "otrygg", Question: "trygg", Count: []string{"nej"}, Better: models.BetterLower}},
	}
}

// class adds one response per entry: gender, then the answer to trygg.
func class(sv *models.Survey, people ...[2]string) *Tally {
	t := exactTally(NewTally(sv))
	for i, p := range people {
		a := map[string]any{"trygg": p[1], "forslag": "bättre belysning"}
		if p[0] != "" {
			a["kon"] = p[0]
		}
		if i < 2 {
			a["sallan"] = "ja" // only two answered this one
		}
		t.Add(&models.Response{Session: "ABC234", School: "Skolan", Answers: a})
	}
	return t
}

func repeat(n int, p [2]string) [][2]string { return slices.Repeat([][2]string{p}, n) }

func TestResultsHideEverythingBelowMinCell(t *testing.T) {
	sv := classSurvey()
	res := class(sv, repeat(4, [2]string{"tjej", "ja"})...).Results(5)
	if !res.Hidden || res.N != 0 || res.Sessions != 0 || res.Schools != 0 || len(res.Dimensions) != 0 {
		t.Fatalf("results of 4 respondents: %+v", res)
	}
	for _, ir := range res.Indicators {
		if !ir.Hidden || ir.N != 0 || ir.Count != 0 || ir.By != nil {
			t.Errorf("indicator %s shown: %+v", ir.ID, ir)
		}
	}
	for _, qr := range res.Questions {
		if !qr.Hidden || qr.N != 0 || qr.Options != nil || qr.By != nil {
			t.Errorf("question %s shown: %+v", qr.ID, qr)
		}
	}
	b, _ := json.Marshal(res)
	var top map[string]any
	_ = json.Unmarshal(b, &top)
	if _, ok := top["n"]; ok || top["hidden"] != true {
		t.Errorf("JSON %s: want hidden and no n", b)
	}
}

func TestResultsSuppressAClass(t *testing.T) {
	sv := classSurvey()
	people := append(repeat(4, [2]string{"tjej", "ja"}), repeat(2, [2]string{"tjej", "nej"})...)
	people = append(people, repeat(3, [2]string{"kille", "ja"})...)
	people = append(people, repeat(2, [2]string{"kille", "vet_inte"})...)
	people = append(people, [2]string{"annat", "nej"})
	res := class(sv, people...).Results(5)
	// A class is a group: its number of sessions is not told, exactly or
	// otherwise, and neither are the languages it answered in.
	if res.Hidden || res.N != 12 || res.Sessions != 0 || res.Schools != 1 || res.Languages != nil {
		t.Fatalf("header %+v", res)
	}
	trygg := res.Questions[1]
	// 6 girls, 5 boys, 1 other, 0 who would not say: "annat" is hidden,
	// 12-6-5 would give it away, so the boys (the smallest shown) go too;
	// the empty group is hidden like any small one.
	gender := trygg.By[models.DimGender]
	var shown []string
	for _, g := range gender {
		if !g.Hidden {
			shown = append(shown, g.Value)
		} else if g.N != 0 || g.Options != nil {
			t.Errorf("hidden group %s has numbers: %+v", g.Value, g)
		}
	}
	if !slices.Equal(shown, []string{"tjej"}) || len(gender) != 4 {
		t.Errorf("shown gender groups %v of %d, want [tjej] of 4", shown, len(gender))
	}
	if g := gender[0]; g.N != 6 || g.Valid != 6 || g.Options[1].Count != 2 || g.Options[1].Share != 2.0/6 {
		t.Errorf("girls: %+v", g)
	}
	// A count of 1 inside a shown total is shown: the threshold is on
	// the respondents a figure is counted over.
	if trygg.N != 12 || trygg.Valid != 10 || trygg.Options[2].Count != 2 || trygg.Options[2].Share != 2.0/12 {
		t.Errorf("trygg total: %+v", trygg.Distribution)
	}
	// The indicator leaves "vet inte" out: 3 of 10, and the boys' 3 valid
	// answers are hidden, which leaves 7 shown of 10: the boys and "annat"
	// together are 4, so the girls go too.
	ind := res.Indicators[0]
	if ind.Hidden || ind.N != 10 || ind.Count != 3 {
		t.Errorf("indicator: %+v", ind.Share)
	}
	for _, g := range ind.By[models.DimGender] {
		if !g.Hidden {
			t.Errorf("indicator group %s shown: %+v", g.Value, g)
		}
	}
	// The one school is everyone, and is shown.
	if s := ind.By[DimSchool]; len(s) != 1 || s[0].Hidden || s[0].Value != "Skolan" || s[0].N != 10 {
		t.Errorf("school: %+v", s)
	}
	// A question only two answered is hidden as a whole, breakdowns too.
	if q := res.Questions[2]; !q.Hidden || q.Options != nil || q.By != nil {
		t.Errorf("sallan: %+v", q)
	}
	if q := res.Questions[3]; q.Hidden || q.N != 12 || q.By != nil {
		t.Errorf("forslag: %+v", q)
	}
}

func TestResultsSurveyMinCellRaisesTheFloor(t *testing.T) {
	sv := classSurvey()
	sv.MinCell = 15
	res := class(sv, repeat(12, [2]string{"tjej", "ja"})...).Results(5)
	if !res.Hidden || res.MinCell != 15 {
		t.Errorf("min cell %d hidden %v, want 15 and hidden", res.MinCell, res.Hidden)
	}
}

// TestResultsDisclosureInvariants checks every breakdown of every figure:
// what a reader can compute from the shown numbers never reveals a group
// below min cell.
func TestResultsDisclosureInvariants(t *testing.T) {
	sv := testSurvey()
	for _, size := range []int{12, 40, 200} {
		for _, mc := range []int{3, 5, 10} {
			tally := exactTally(NewTally(sv))
			for _, c := range generate(sv, size, uint64(size*mc)) {
				tally.Add(c.resp)
			}
			res := tally.Results(mc)
			check := func(what string, total int, hidden bool, groups []struct {
				n      int
				hidden bool
			}) {
				if hidden {
					return
				}
				shown := 0
				for _, g := range groups {
					if !g.hidden {
						if g.n < mc {
							t.Errorf("size %d mc %d %s: group of %d shown", size, mc, what, g.n)
						}
						shown += g.n
					}
				}
				if s := total - shown; s > 0 && s < mc && shown > 0 {
					t.Errorf("size %d mc %d %s: hidden groups add up to %d", size, mc, what, s)
				}
			}
			type cell = struct {
				n      int
				hidden bool
			}
			dist := func(what string, d Distribution, by map[string][]GroupDistribution) {
				if !d.Hidden && d.N < mc {
					t.Errorf("%s: total %d shown", what, d.N)
				}
				for dim, gs := range by {
					var cells []cell
					for _, g := range gs {
						cells = append(cells, cell{g.N, g.Hidden})
						if g.Hidden && (g.N != 0 || g.Valid != 0 || g.Options != nil) {
							t.Errorf("%s by %s: hidden group %s has numbers", what, dim, g.Value)
						}
					}
					check(what+" by "+dim, d.N, d.Hidden, cells)
				}
			}
			for _, qr := range res.Questions {
				dist(qr.ID, qr.Distribution, qr.By)
				for _, rr := range qr.Rows {
					dist(qr.ID+"."+rr.Value, rr.Distribution, rr.By)
				}
			}
			for _, ir := range res.Indicators {
				if !ir.Hidden && ir.N < mc {
					t.Errorf("%s: total %d shown", ir.ID, ir.N)
				}
				for dim, gs := range ir.By {
					var cells []cell
					for _, g := range gs {
						cells = append(cells, cell{g.N, g.Hidden})
						if g.Hidden && (g.N != 0 || g.Count != 0 || g.Share.Share != 0 || g.CILow != 0 || g.CIHigh != 0) {
							t.Errorf("%s by %s: hidden group %s has numbers", ir.ID, dim, g.Value)
						}
					}
					check(ir.ID+" by "+dim, ir.N, ir.Hidden, cells)
				}
			}
		}
	}
}

func TestResultsJSONShape(t *testing.T) {
	sv := testSurvey()
	tally := exactTally(NewTally(sv))
	for _, c := range generate(sv, 200, 3) {
		tally.Add(c.resp)
	}
	b, err := json.Marshal(tally.Results(5))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		N          int              `json:"n"`
		MinCell    int              `json:"min_cell"`
		Dimensions []string         `json:"dimensions"`
		Indicators []map[string]any `json:"indicators"`
		Questions  []map[string]any `json:"questions"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.N != 200 || got.MinCell != 5 || len(got.Dimensions) != 5 {
		t.Errorf("top level: %s", b[:200])
	}
	keys := func(m map[string]any) string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return strings.Join(ks, ",")
	}
	ind := got.Indicators[0]
	if k := keys(ind); k != "better,by,ci_high,ci_low,count,id,label,n,question,share" {
		t.Errorf("indicator keys %s", k)
	}
	group := ind["by"].(map[string]any)["gender"].([]any)[0].(map[string]any)
	if k := keys(group); k != "ci_high,ci_low,count,group,label,n,share" {
		t.Errorf("indicator group keys %s", k)
	}
	q := got.Questions[4]
	if k := keys(q); k != "by,id,n,options,text,type,valid" {
		t.Errorf("question keys %s", k)
	}
	if k := keys(q["options"].([]any)[4].(map[string]any)); k != "count,exclude,label,share,value" {
		t.Errorf("option keys %s", k)
	}
	if k := keys(got.Questions[5]["rows"].([]any)[0].(map[string]any)); k != "by,label,n,options,valid,value" {
		t.Errorf("grid row keys %s", k)
	}
}

func TestNaturalCompare(t *testing.T) {
	in := []string{"Skola 10", "skola", "8", "10", "Skola 2", "7", "ak10", "ak9", "07"}
	slices.SortFunc(in, func(a, b string) int {
		if c := naturalCompare(a, b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if want := []string{"07", "7", "8", "10", "Skola 2", "Skola 10", "ak9", "ak10", "skola"}; !slices.Equal(in, want) {
		t.Errorf("sorted %q, want %q", in, want)
	}
}

// TestAddSurvivesAnything feeds answers of every wrong shape to every
// question; nothing may panic and nothing that is not an answer may be
// counted.
func TestAddSurvivesAnything(t *testing.T) {
	sv := testSurvey()
	tally := exactTally(NewTally(sv))
	junk := []any{nil, 1, int32(2), 3.5, "x", "", []any{nil}, []int{1}, map[string]int{"a": 1}, bsonD{{"skolan", 1}},
		bsonA{bsonA{"a"}}, struct{}{}, &struct{}{}, []bsonE{}, map[int]any{}, true}
	for _, j := range junk {
		a := map[string]any{}
		for _, q := range sv.Questions {
			a[q.ID] = j
		}
		tally.Add(&models.Response{Answers: a})
	}
	tally.Add(&models.Response{}) // nil answers
	res := tally.Results(1)
	for _, qr := range res.Questions {
		n := qr.N
		for _, rr := range qr.Rows {
			n += rr.N
		}
		want := 0
		switch qr.ID {
		case "timmar":
			want = 2 // 1 and int32(2) are whole numbers
		case "forslag":
			want = 1 // "x" is a text
		}
		if n != want {
			t.Errorf("%s counted %d junk answers, want %d", qr.ID, n, want)
		}
	}
}
