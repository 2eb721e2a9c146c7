package handlers

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// A school population for the differencing tests: schools with sessions
// per grade, each with a few pupils who answered in English, a small
// second session, and answers spread over two months. The data goes in
// through the store; every figure comes out through the HTTP API.
type diffPupil struct {
	school, grade, session, lang, day string
	answers                           map[string]any
}

func differencingData(t *testing.T, ts *testServer, seed uint64) ([]diffPupil, *models.Survey) {
	t.Helper()
	ctx := context.Background()
	sv, err := ts.Store.Survey(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	var pupils []diffPupil
	add := func(school, grade, session, lang, day string) {
		a := map[string]any{}
		for _, q := range sv.Questions {
			if (q.Type == models.TypeSingle || q.Type == models.TypeScale) && q.Dimension == "" && rng.IntN(10) > 0 {
				a[q.ID] = q.Options[rng.IntN(len(q.Options))].Value
			}
		}
		pupils = append(pupils, diffPupil{school, grade, session, lang, day, a})
	}
	for _, school := range []string{"norrsatraskolan", "hedangsskolan", "murgardsskolan"} {
		for _, grade := range []string{"ak7", "ak8", "ak9"} {
			session := sessionCode(school, grade, "AA")
			size := 16 + rng.IntN(10)
			// Small groups of 1–4: who answered in English, who answered in
			// April.
			english, april := 1+rng.IntN(4), 1+rng.IntN(4)
			for i := range size {
				lang, day := "sv", "2023-03-15"
				if i < english {
					lang = "en"
				}
				if i >= size-april {
					day = "2023-04-12"
				}
				add(school, grade, session, lang, day)
			}
			// A second, small session in the same class: 1–4 pupils.
			for range 1 + rng.IntN(4) {
				add(school, grade, sessionCode(school, grade, "BB"), "sv", "2023-04-20")
			}
		}
	}
	var rs []*models.Response
	for _, p := range pupils {
		rs = append(rs, &models.Response{Survey: sv.Slug, Version: sv.Version, Session: p.session, School: p.school, Grade: p.grade,
			Area: "centrum", Lang: p.lang, Day: p.day, Answers: p.answers, SubmissionID: fmt.Sprintf("%032x", rng.Uint64())})
	}
	if err := ts.Store.InsertResponses(ctx, rs); err != nil {
		t.Fatal(err)
	}
	ts.publish(t, sv.Slug)
	return pupils, sv
}

// sessionCode names the session of a class in the differencing data with
// a valid join code.
func sessionCode(school, grade, which string) string {
	return map[string]string{"norrsatraskolan": "N", "hedangsskolan": "H", "murgardsskolan": "M"}[school] + grade[2:] + "K" + which + "Q"
}

// figures reads every count the results JSON shows for a filter: n and
// each option of each closed question, keyed by figure.
func figures(t *testing.T, ts *testServer, u staffUser, query url.Values) (map[string]int, int) {
	t.Helper()
	r := ts.as(t, u, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results?"+query.Encode(), nil)
	if r.Status != 200 {
		return nil, r.Status
	}
	var body struct {
		N       *int `json:"n"`
		Results struct {
			Questions []struct {
				ID      string `json:"id"`
				N       int    `json:"n"`
				Hidden  bool   `json:"hidden"`
				Options []struct {
					Value string `json:"value"`
					Count int    `json:"count"`
				} `json:"options"`
			} `json:"questions"`
		} `json:"results"`
	}
	r.JSON(t, &body)
	out := map[string]int{}
	if body.N != nil {
		out["n"] = *body.N
	}
	for _, q := range body.Results.Questions {
		if q.Hidden {
			continue
		}
		out[q.ID] = q.N
		for _, o := range q.Options {
			out[q.ID+"="+o.Value] = o.Count
		}
	}
	return out, r.Status
}

// trueCounts counts the same figures over a set of pupils.
func trueCounts(ps []diffPupil) map[string]int {
	out := map[string]int{"n": len(ps)}
	for _, p := range ps {
		for q, v := range p.answers {
			out[q]++
			out[q+"="+v.(string)]++
		}
	}
	return out
}

// TestDifferencingRecoversFewSmallGroups is the attack of the outside
// review, through the API: for a group of 1–4 pupils, take every pair of
// figures the service allows whose difference is exactly that group, and
// count how often the difference of the shown figures equals the group's
// true count. Before cell keys it was every time.
func TestDifferencingRecoversFewSmallGroups(t *testing.T) {
	ts := newTestServer(t)
	pupils, _ := differencingData(t, ts, 1)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	type pair struct {
		name       string
		whole, cut url.Values
		group      func(diffPupil) bool
	}
	var pairs []pair
	for _, school := range []string{"norrsatraskolan", "hedangsskolan", "murgardsskolan"} {
		for _, grade := range []string{"ak7", "ak8", "ak9"} {
			pairs = append(pairs, pair{"language in " + school + " " + grade,
				url.Values{"grade": {grade}, "school": {school}}, url.Values{"grade": {grade}, "school": {school}, "response_lang": {"sv"}},
				func(p diffPupil) bool { return p.school == school && p.grade == grade && p.lang == "en" }})
			pairs = append(pairs, pair{"language in " + school + " " + grade + ", by session",
				url.Values{"session": {sessionCode(school, grade, "AA")}}, url.Values{"session": {sessionCode(school, grade, "AA")}, "response_lang": {"sv"}},
				func(p diffPupil) bool { return p.school == school && p.grade == grade && p.lang == "en" }})
		}
	}
	for _, school := range []string{"norrsatraskolan", "hedangsskolan", "murgardsskolan"} {
		for _, grade := range []string{"ak7", "ak8", "ak9"} {
			big, small := sessionCode(school, grade, "AA"), sessionCode(school, grade, "BB")
			pairs = append(pairs, pair{"session " + small + " vs its class",
				url.Values{"school": {school}, "grade": {grade}}, url.Values{"session": {big}},
				func(p diffPupil) bool { return p.session == small }})
			pairs = append(pairs, pair{"April in " + big,
				url.Values{"session": {big}}, url.Values{"session": {big}, "to": {"2023-03-31"}},
				func(p diffPupil) bool { return p.session == big && p.day >= "2023-04-01" }})
		}
	}
	tries, recovered, refused := 0, 0, 0
	for _, pr := range pairs {
		var group []diffPupil
		for _, p := range pupils {
			if pr.group(p) {
				group = append(group, p)
			}
		}
		if len(group) < 1 || len(group) > 4 {
			t.Fatalf("%s: group of %d", pr.name, len(group))
		}
		whole, st1 := figures(t, ts, analyst, pr.whole)
		cut, st2 := figures(t, ts, analyst, pr.cut)
		if st1 != 200 || st2 != 200 {
			refused++
			continue
		}
		truth := trueCounts(group)
		for fig, a := range whole {
			b, ok := cut[fig]
			if !ok {
				continue
			}
			tries++
			if a-b == truth[fig] {
				recovered++
			}
		}
	}
	rate := float64(recovered) / float64(tries)
	t.Logf("%d pairs (%d refused), %d figure pairs tried, %d recovered exactly: %.1f%%", len(pairs), refused, tries, recovered, 100*rate)
	if tries < 500 {
		t.Fatalf("only %d figure pairs tried", tries)
	}
	if rate > 0.40 {
		t.Fatalf("the attack recovers %.1f%% of small-group figures, want at most 40%%", 100*rate)
	}
}

// TestQuerySpaceRefusesAThirdDimension: the nested filter of the review
// (school, grade, and the language filter that singles out one pupil) is
// refused with a clear 422 in the user's language, on every route.
func TestQuerySpaceRefusesAThirdDimension(t *testing.T) {
	ts := newTestServer(t)
	differencingData(t, ts, 2)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	q := "school=norrsatraskolan&grade=ak7&response_lang=sv"
	for _, tt := range []struct{ path, want string }{
		{"/api/v1/admin/surveys/ungdomsdialog-2023/results?" + q, "högst två"},
		{"/api/v1/admin/surveys/ungdomsdialog-2023/results?lang=en&" + q, "at most two"},
		{"/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx?" + q, "högst två"},
		{"/staff/surveys/ungdomsdialog-2023?" + q, "högst två"},
	} {
		r := ts.as(t, analyst, "GET", tt.path, nil)
		if r.Status != 422 || !strings.Contains(string(r.Body), tt.want) {
			t.Errorf("%s: %d %.300s", tt.path, r.Status, r.Body)
		}
	}
	// Two filters are allowed, without a breakdown.
	r := ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results?school=norrsatraskolan&grade=ak7", nil)
	if r.Status != 200 || strings.Contains(string(r.Body), `"by"`) {
		t.Fatalf("two filters: %d %.300s", r.Status, r.Body)
	}
	// Dates snap to whole months.
	r = ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results?from=2023-03-14&to=2023-03-20", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"from":"2023-03-01","to":"2023-03-31"`) {
		t.Fatalf("dates: %d %.300s", r.Status, r.Body)
	}
}

// TestSameFigureThroughEveryRoute: a school's indicator is the same in
// the results filtered to the school, in the unfiltered results broken
// down by school, and asked twice.
func TestSameFigureThroughEveryRoute(t *testing.T) {
	ts := newTestServer(t)
	differencingData(t, ts, 3)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	type share struct {
		ID     string  `json:"id"`
		N      int     `json:"n"`
		Count  int     `json:"count"`
		Share  float64 `json:"share"`
		Hidden bool    `json:"hidden"`
		By     map[string][]struct {
			Group  string  `json:"group"`
			N      int     `json:"n"`
			Count  int     `json:"count"`
			Share  float64 `json:"share"`
			Hidden bool    `json:"hidden"`
		} `json:"by"`
	}
	get := func(q string) []share {
		var body struct {
			Results struct {
				Indicators []share `json:"indicators"`
			} `json:"results"`
		}
		ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results?"+q, nil).JSON(t, &body)
		return body.Results.Indicators
	}
	all, school, again := get(""), get("school=hedangsskolan"), get("school=hedangsskolan")
	compared := 0
	for i, ind := range all {
		if fmt.Sprint(school[i]) != fmt.Sprint(again[i]) {
			t.Fatalf("%s asked twice: %+v, then %+v", ind.ID, school[i], again[i])
		}
		for _, g := range ind.By["school"] {
			if g.Group != "hedangsskolan" || g.Hidden || school[i].Hidden {
				continue
			}
			compared++
			if g.N != school[i].N || g.Count != school[i].Count || g.Share != school[i].Share {
				t.Errorf("%s: %d of %d as a group, %d of %d as a filter", ind.ID, g.Count, g.N, school[i].Count, school[i].N)
			}
		}
	}
	if compared < 5 {
		t.Fatalf("only %d indicators compared", compared)
	}
}

// TestFreeTextOnlyForTheWholeSurvey: the review's free-text attack. The
// workbook of the whole survey shows the texts; with any filter the
// Fritext sheet says why it shows none, so two windows cannot be
// subtracted to give the texts of the few in between.
func TestFreeTextOnlyForTheWholeSurvey(t *testing.T) {
	ts := newTestServer(t)
	lagesbildFixture(t, ts)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	sheet := func(q string) string {
		r := ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx?"+q, nil)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", q, r.Status, r.Body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("Fritext")
		var b strings.Builder
		for _, row := range rows {
			b.WriteString(strings.Join(row, "|") + "\n")
		}
		return b.String()
	}
	if all := sheet(""); !strings.Contains(all, "förslag 7") {
		t.Fatalf("the whole survey's texts are missing:\n%s", all)
	}
	for _, q := range []string{"response_lang=sv", "from=2020-01-01", "school=norrsatraskolan"} {
		got := sheet(q)
		if strings.Contains(got, "förslag") || !strings.Contains(got, "bara för hela enkäten") {
			t.Errorf("%s: Fritext holds\n%s", q, got)
		}
	}
}
