package handlers

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// A school population for the differencing tests: schools with sessions
// per grade (area centrum), each with a few pupils who answered in
// English, a small second session, answers spread over two months, and in
// each school a few boys among girls; and pupils who answered without a
// session in three other areas, almost all in årskurs 8 and girls, with
// a few in årskurs 7 and a few "annat". Some pupils in sessions say they
// live in Storvik: the session's area counts for them. The data goes in
// through the store; every figure comes out through the HTTP API.
type diffPupil struct {
	school, grade, session, lang, day string
	area, gender                      string // as the figures place them
	answers                           map[string]any
}

var diffAreas = []string{"storvik", "jarbo", "arsunda"}

func differencingData(t *testing.T, ts *testServer, seed uint64) ([]diffPupil, *models.Survey) {
	t.Helper()
	ctx := context.Background()
	sv, err := ts.Store.Survey(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	var pupils []diffPupil
	add := func(p diffPupil) {
		a := map[string]any{"kon": p.gender}
		for _, q := range sv.Questions {
			if (q.Type == models.TypeSingle || q.Type == models.TypeScale) && q.Dimension == "" && rng.IntN(10) > 0 {
				a[q.ID] = q.Options[rng.IntN(len(q.Options))].Value
			}
		}
		if p.session == "" {
			a["omrade"], a["arskurs"] = p.area, p.grade
		} else if rng.IntN(4) == 0 {
			a["omrade"] = "storvik" // the session's area counts, not this
		}
		p.answers = a
		pupils = append(pupils, p)
	}
	for _, school := range []string{"norrsatraskolan", "hedangsskolan", "murgardsskolan"} {
		boys := 1 + rng.IntN(4)
		for gi, grade := range []string{"ak7", "ak8", "ak9"} {
			session := sessionCode(school, grade, "AA")
			size := 16 + rng.IntN(10)
			// Small groups of 1–4: who answered in English, who answered in
			// April, the boys of the school.
			english, april := 1+rng.IntN(4), 1+rng.IntN(4)
			for i := range size {
				p := diffPupil{school: school, grade: grade, session: session, lang: "sv", day: "2023-03-15", area: "centrum", gender: "tjej"}
				if i < english {
					p.lang = "en"
				}
				if i >= size-april {
					p.day = "2023-04-12"
				}
				if gi == 0 && i >= english && i < english+boys {
					p.gender = "kille"
				}
				add(p)
			}
			// A second, small session in the same class: 1–4 pupils.
			for range 1 + rng.IntN(4) {
				add(diffPupil{school: school, grade: grade, session: sessionCode(school, grade, "BB"), lang: "sv", day: "2023-04-20", area: "centrum", gender: "tjej"})
			}
		}
	}
	for _, area := range diffAreas {
		seventh, other := 1+rng.IntN(4), 1+rng.IntN(4)
		for i := range 18 + rng.IntN(8) {
			p := diffPupil{grade: "ak8", lang: "sv", day: "2023-03-20", area: area, gender: "tjej"}
			if i < seventh {
				p.grade = "ak7"
			}
			if i >= seventh && i < seventh+other {
				p.gender = "annat"
			}
			add(p)
		}
	}
	var rs []*models.Response
	for _, p := range pupils {
		r := &models.Response{Survey: sv.Slug, Version: sv.Version, Session: p.session, School: p.school,
			Lang: p.lang, Day: p.day, Answers: p.answers, SubmissionID: fmt.Sprintf("%032x", rng.Uint64())}
		if p.session != "" {
			r.Grade, r.Area = p.grade, p.area
		}
		rs = append(rs, r)
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

// diffPair is two figures an attacker subtracts to get a small group.
type diffPair struct {
	name       string
	whole, cut url.Values
	group      func(diffPupil) bool
}

// oldPairs are the review's attacks by date, session and answering
// language, which the service now refuses.
func oldPairs() []diffPair {
	var pairs []diffPair
	for _, school := range []string{"norrsatraskolan", "hedangsskolan", "murgardsskolan"} {
		for _, grade := range []string{"ak7", "ak8", "ak9"} {
			big, small := sessionCode(school, grade, "AA"), sessionCode(school, grade, "BB")
			pairs = append(pairs,
				diffPair{"language in " + school + " " + grade,
					url.Values{"grade": {grade}, "school": {school}}, url.Values{"grade": {grade}, "response_lang": {"sv"}},
					func(p diffPupil) bool { return p.school == school && p.grade == grade && p.lang == "en" }},
				diffPair{"session " + small + " vs its class",
					url.Values{"school": {school}, "grade": {grade}}, url.Values{"session": {big}},
					func(p diffPupil) bool { return p.session == small }},
				diffPair{"April in " + school + " " + grade,
					url.Values{"school": {school}, "grade": {grade}}, url.Values{"school": {school}, "to": {"2023-03-31"}},
					func(p diffPupil) bool { return p.school == school && p.grade == grade && p.day >= "2023-04-01" }})
		}
	}
	return pairs
}

// allowedPairs are the nested figures the query space still allows whose
// difference is a group of 1–4 pupils: a place, less its girls or its
// årskurs 8.
func allowedPairs() []diffPair {
	var pairs []diffPair
	for _, school := range []string{"norrsatraskolan", "hedangsskolan", "murgardsskolan"} {
		pairs = append(pairs, diffPair{"the boys of " + school,
			url.Values{"school": {school}}, url.Values{"school": {school}, "gender": {"tjej"}},
			func(p diffPupil) bool { return p.school == school && p.gender != "tjej" }})
	}
	for _, area := range diffAreas {
		pairs = append(pairs,
			diffPair{"årskurs 7 in " + area,
				url.Values{"area": {area}}, url.Values{"area": {area}, "grade": {"ak8"}},
				func(p diffPupil) bool { return p.area == area && p.grade != "ak8" }},
			diffPair{"\"annat\" in " + area,
				url.Values{"area": {area}}, url.Values{"area": {area}, "gender": {"tjej"}},
				func(p diffPupil) bool { return p.area == area && p.gender != "tjej" }})
	}
	return pairs
}

// TestDifferencingRecoversFewSmallGroups is the attack of the outside
// review, through the API, by an analyst alone: for a group of 1–4
// pupils, take every pair of figures the service allows whose difference
// is exactly that group, and count how often the difference of the shown
// figures equals the group's true count. The review's pairs by date,
// session and answering language are refused now; the nested places and
// genders that remain give independent noise to every figure.
func TestDifferencingRecoversFewSmallGroups(t *testing.T) {
	ts := newTestServer(t)
	pupils, _ := differencingData(t, ts, 1)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	for _, pr := range oldPairs() {
		if _, st := figures(t, ts, analyst, pr.cut); st != 422 {
			t.Errorf("%s: %v answered %d, want 422", pr.name, pr.cut, st)
		}
	}
	tries, recovered, zeros := 0, 0, 0
	for _, pr := range allowedPairs() {
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
			t.Fatalf("%s: %d and %d", pr.name, st1, st2)
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
				if a == 0 && b == 0 {
					zeros++ // a zero stays zero: nobody in the whole chose it
				}
			}
		}
	}
	rate := float64(recovered) / float64(tries)
	t.Logf("%d allowed pairs, %d figure pairs tried, %d recovered exactly: %.1f%% (%d of them zero in both figures)",
		len(allowedPairs()), tries, recovered, 100*rate, zeros)
	if tries < 300 {
		t.Fatalf("only %d figure pairs tried", tries)
	}
	if rate > 0.40 {
		t.Fatalf("the attack recovers %.1f%% of small-group figures, want at most 40%%", 100*rate)
	}
}

// TestQuerySpaceRefusesAThirdDimension: a third dimension (school, grade
// and a gender that singles out one pupil) is refused with a clear 422 in
// the user's language, on every route.
func TestQuerySpaceRefusesAThirdDimension(t *testing.T) {
	ts := newTestServer(t)
	differencingData(t, ts, 2)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	q := "school=norrsatraskolan&grade=ak7&gender=kille"
	for _, tt := range []struct{ path, want string }{
		{"/api/v1/admin/surveys/ungdomsdialog-2023/results?" + q, "högst två"},
		{"/api/v1/admin/surveys/ungdomsdialog-2023/results?lang=en&" + q, "at most two"},
		{"/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx?" + q, "högst två"},
		{"/api/v1/admin/surveys/ungdomsdialog-2023/series?area=centrum&" + q, "högst två"},
		{"/staff/surveys/ungdomsdialog-2023?" + q, "högst två"},
	} {
		r := ts.as(t, analyst, "GET", tt.path, nil)
		if r.Status != 422 || !strings.Contains(html.UnescapeString(string(r.Body)), tt.want) || !strings.Contains(html.UnescapeString(string(r.Body)), "Skola") && !strings.Contains(string(r.Body), "School") {
			t.Errorf("%s: %d %.300s", tt.path, r.Status, r.Body)
		}
	}
	// Two filters are allowed, without a breakdown; so are gender and age.
	for _, q := range []string{"school=norrsatraskolan&grade=ak7", "gender=kille&area=centrum", "age=14"} {
		r := ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results?"+q, nil)
		if r.Status != 200 || strings.Count(q, "=") == 2 && strings.Contains(string(r.Body), `"by"`) {
			t.Fatalf("%s: %d %.300s", q, r.Status, r.Body)
		}
	}
}

// TestFiguresAreNotCountedByDateSessionOrLanguage: from, to, session and
// response_lang are refused on every staff route that shows figures, with
// a word of why in the user's language; the class's own release still
// counts its session.
func TestFiguresAreNotCountedByDateSessionOrLanguage(t *testing.T) {
	ts := newTestServer(t)
	differencingData(t, ts, 4)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	routes := []string{
		"/api/v1/admin/surveys/ungdomsdialog-2023/results",
		"/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx",
		"/api/v1/admin/surveys/ungdomsdialog-2023/series",
		"/staff/surveys/ungdomsdialog-2023",
		"/staff/surveys/ungdomsdialog-2023/followup",
	}
	for _, route := range routes {
		for _, q := range []string{"from=2023-03-01", "to=2023-03-31", "session=" + sessionCode("hedangsskolan", "ak8", "AA"), "response_lang=en", "area=centrum&response_lang=sv"} {
			for lang, want := range map[string]string{"sv": "per publicering och per omgång, inte per datum, pass eller svarsspråk",
				"en": "per publication and per wave, not per date, session or response language"} {
				path := route + "?lang=" + lang + "&" + q
				r := ts.as(t, analyst, "GET", path, nil)
				body := html.UnescapeString(string(r.Body))
				if r.Status != 422 || !strings.Contains(body, want) {
					t.Errorf("%s: %d %.300s", path, r.Status, body)
				}
				field := strings.SplitN(strings.SplitN(q, "&", 2)[len(strings.SplitN(q, "&", 2))-1], "=", 2)[0]
				if strings.HasPrefix(route, "/api/") && !strings.HasSuffix(route, ".xlsx") && !strings.Contains(body, `"field":"`+field+`","code":"not_a_filter"`) {
					t.Errorf("%s: no field problem for %s: %.300s", path, field, body)
				}
			}
		}
	}
	// The dashboard's form has no date, session or language field, and
	// offers gender.
	page := string(ts.as(t, analyst, "GET", "/staff/surveys/ungdomsdialog-2023", nil).Body)
	for _, gone := range []string{`name="from"`, `name="to"`, `name="session"`, `name="response_lang"`} {
		if strings.Contains(page, gone) {
			t.Errorf("the dashboard's form still has %s", gone)
		}
	}
	if !strings.Contains(page, `name="gender"`) || !strings.Contains(page, `value="storvik"`) {
		t.Error("the dashboard's form lacks gender, or the areas only pupils answered")
	}
}

// TestSameFigureThroughEveryRoute: a school's or an area's indicator is
// the same in the results filtered to it, in the unfiltered results broken
// down by it, and asked twice. An area is one group both ways: the
// session's area for pupils in a session (even those who answered that
// they live elsewhere), else the pupil's own answer.
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
	all := get("")
	for _, tt := range []struct{ dim, value string }{{"school", "hedangsskolan"}, {"area", "centrum"}, {"area", "storvik"}, {"gender", "tjej"}} {
		q := tt.dim + "=" + tt.value
		one, again := get(q), get(q)
		compared := 0
		for i, ind := range all {
			if fmt.Sprint(one[i]) != fmt.Sprint(again[i]) {
				t.Fatalf("%s, %s asked twice: %+v, then %+v", q, ind.ID, one[i], again[i])
			}
			for _, g := range ind.By[tt.dim] {
				if g.Group != tt.value || g.Hidden || one[i].Hidden {
					continue
				}
				compared++
				if g.N != one[i].N || g.Count != one[i].Count || g.Share != one[i].Share {
					t.Errorf("%s, %s: %d of %d as a group, %d of %d as a filter", q, ind.ID, g.Count, g.N, one[i].Count, one[i].N)
				}
			}
		}
		if compared < 5 {
			t.Fatalf("%s: only %d indicators compared", q, compared)
		}
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
	for _, q := range []string{"gender=tjej", "area=centrum", "school=norrsatraskolan"} {
		got := sheet(q)
		if strings.Contains(got, "förslag") || !strings.Contains(got, "bara för hela enkäten") {
			t.Errorf("%s: Fritext holds\n%s", q, got)
		}
	}
}
