package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
)

// pupilAnswers is one pupil's answers to ungdomsdialog-2023, touching
// every kind of question a class release must leave out: dimensions,
// sensitive questions, questions shown only after a sensitive yes, and
// free text.
func pupilAnswers(i int) string {
	return fmt.Sprintf(`{"kon":%q,"arskurs":"ak8","omrade":"storvik","trygg_kvall":%q,"trygghet_platser":{"centrum":"ganska_otrygg"},`+
		`"erbjuden_narkotika":"ja_en_gang","alkohol":"nagon_gang","kontaktad_brott":"ja","kontaktad_var":["skolan"],`+
		`"utsatt_brott":"ja","anmalt_polis":"nej","vet_var_hjalp":"ja","forslag":"Mer ljus %d"}`,
		[]string{"tjej", "kille"}[i%2], []string{"ganska_otrygg", "mycket_trygg", "ganska_trygg"}[i%3], i)
}

// answerInSession submits n pupils' answers through the public API.
func (ts *testServer) answerInSession(t *testing.T, code string, n int) {
	t.Helper()
	for i := range n {
		if r := ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), pupilAnswers(i), `"session":"`+code+`"`)); r.Status != 201 {
			t.Fatalf("pupil %d: %d %s", i, r.Status, r.Body)
		}
	}
}

type releaseBody struct {
	Code     string               `json:"code"`
	Released bool                 `json:"released"`
	Message  string               `json:"message"`
	Release  *models.ClassRelease `json:"release"`
}

// checkNoFigures walks a JSON body and fails on any key that would carry
// a count, an n or (where figures are not allowed at all) a share.
func checkNoFigures(t *testing.T, body []byte, sharesToo bool) {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	forbidden := []string{"n", "count", "valid", "n_below", "respondents", "ci_low", "ci_high", "results", "min_cell", "results_available"}
	if sharesToo {
		forbidden = append(forbidden, "share", "share_tens", "release", "indicators", "questions", "options")
	}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if slices.Contains(forbidden, k) {
					t.Errorf("%s.%s in %s", at, k, body)
				}
				if k == "share_tens" {
					if f, ok := c.(float64); !ok || f < 0 || f > 100 || math.Mod(f, 10) != 0 {
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
}

func TestResultsBeforeReleaseCarryNoFigures(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","present":26}`).Code
	ts.answerInSession(t, code, 12)

	r := ts.as(t, fac, "GET", "/api/v1/admin/sessions/"+code+"/results", nil)
	var b releaseBody
	r.JSON(t, &b)
	if r.Status != 200 || b.Released || b.Release != nil || b.Message == "" || b.Code != code {
		t.Fatalf("before the release: %d %s", r.Status, r.Body)
	}
	checkNoFigures(t, r.Body, true)

	// The projector polls the session: the count and the status, nothing else.
	s := ts.as(t, fac, "GET", "/api/v1/admin/sessions/"+code, nil)
	var v sessionView
	s.JSON(t, &v)
	if s.Status != 200 || v.Responses != 12 || v.Status != "open" || v.Released {
		t.Fatalf("session: %d %s", s.Status, s.Body)
	}
	checkNoFigures(t, s.Body, true)

	page := ts.as(t, fac, "GET", "/staff/sessions/"+code, nil)
	body := string(page.Body)
	if page.Status != 200 || !strings.Contains(body, `action="/staff/sessions/`+code+`/release"`) || !strings.Contains(body, `action="/staff/sessions/`+code+`/close"`) ||
		strings.Contains(body, `href="/staff/sessions/`+code+`/results"`) || strings.Contains(body, "%") {
		t.Fatalf("projector page while open: %d\n%s", page.Status, body)
	}
	results := ts.as(t, fac, "GET", "/staff/sessions/"+code+"/results", nil)
	if results.Status != 200 || strings.Contains(string(results.Body), `<svg class="bars"`) {
		t.Fatalf("results page before the release: %d", results.Status)
	}
	entries, _ := ts.Store.Audit(context.Background(), 10, time.Time{})
	for _, e := range entries {
		if e.Action == models.AuditResultsView {
			t.Fatalf("a view of no figures was audited as one: %+v", e)
		}
	}
}

func TestReleaseBelowClassMinIsFinal(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.answerInSession(t, code, 9)

	r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+code+"/release", nil)
	var b releaseBody
	r.JSON(t, &b)
	if r.Status != 200 || !b.Released || b.Release == nil || b.Release.Shown || b.Release.MinRespondents != 10 ||
		len(b.Release.Indicators) != 0 || len(b.Release.Questions) != 0 || b.Release.Survey != "ungdomsdialog-2023" {
		t.Fatalf("release of 9: %d %s", r.Status, r.Body)
	}
	if !strings.Contains(b.Message, "10") || strings.Contains(b.Message, "9") {
		t.Fatalf("message %q should name the threshold, not the count", b.Message)
	}
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(b.Release.ReleasedAt) {
		t.Fatalf("released_at %q is not a day", b.Release.ReleasedAt)
	}
	checkNoFigures(t, r.Body, false)

	// The session is closed: nobody can answer their way over the threshold.
	late := ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), pupilAnswers(9), `"session":"`+code+`"`))
	if late.Status != 409 {
		t.Fatalf("answer after the release: %d %s", late.Status, late.Body)
	}
	again := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+code+"/release", nil)
	if again.Status != 200 || !bytes.Equal(again.Body, r.Body) {
		t.Fatalf("second release differs:\n%s\n%s", again.Body, r.Body)
	}
	got := ts.as(t, fac, "GET", "/api/v1/admin/sessions/"+code+"/results", nil)
	if got.Status != 200 || !bytes.Equal(got.Body, r.Body) {
		t.Fatalf("results differ from the release:\n%s\n%s", got.Body, r.Body)
	}
	page := ts.as(t, fac, "GET", "/staff/sessions/"+code+"/results?lang=en", nil)
	if page.Status != 200 || strings.Contains(string(page.Body), `<svg class="bars"`) || !strings.Contains(string(page.Body), "at least 10") {
		t.Fatalf("results page of a release not shown: %d", page.Status)
	}
	entries, _ := ts.Store.Audit(context.Background(), 10, time.Time{})
	released := 0
	for _, e := range entries {
		if e.Action == models.AuditSessionRelease && e.Details["session"] == code && e.Details["shown"] == "false" && e.Actor == "fatima" {
			released++
		}
	}
	if released != 1 {
		t.Fatalf("%d release entries in the audit log, want 1: %+v", released, entries)
	}
}

func TestReleaseShowsOnlyOrdinaryQuestionsInTens(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"bjorksatraskolan","grade":"ak8"}`).Code
	ts.answerInSession(t, code, 12)

	r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+code+"/release", nil)
	var b releaseBody
	r.JSON(t, &b)
	if r.Status != 200 || b.Release == nil || !b.Release.Shown || b.Message != "" {
		t.Fatalf("release of 12: %d %s", r.Status, r.Body)
	}
	checkNoFigures(t, r.Body, false)
	var inds, qs []string
	for _, ind := range b.Release.Indicators {
		inds = append(inds, ind.ID)
	}
	for _, q := range b.Release.Questions {
		qs = append(qs, q.ID)
	}
	for _, never := range []string{
		"kon", "arskurs", "omrade", // dimensions
		"erbjuden_narkotika", "alkohol", "kontaktad_brott", "utsatt_brott", // sensitive
		"kontaktad_var", "anmalt_polis", // shown only after a sensitive yes
		"forslag",                                                                            // free text
		"erbjudits_narkotika", "kontaktad_for_brott", "utsatta_brott", "anmalt_till_polisen", // indicators over those
	} {
		if slices.Contains(inds, never) || slices.Contains(qs, never) {
			t.Errorf("%s is in the release: %s", never, r.Body)
		}
	}
	if !slices.Contains(inds, "otrygg_kvall") || !slices.Contains(qs, "trygg_kvall") || !slices.Contains(qs, "trygghet_platser") {
		t.Fatalf("ordinary figures missing: indicators %v, questions %v", inds, qs)
	}
	if strings.Contains(string(r.Body), "Mer ljus") {
		t.Fatal("free text in the release")
	}

	page := ts.as(t, fac, "GET", "/staff/sessions/"+code+"/results", nil)
	body := string(page.Body)
	if page.Status != 200 || !strings.Contains(body, `<svg class="bars"`) || !strings.Contains(body, "avrundade") || strings.Contains(body, "n=") {
		t.Fatalf("results page: %d\n%s", page.Status, body)
	}
	for _, m := range regexp.MustCompile(`class="bar-value">([^<]*)<`).FindAllStringSubmatch(body, -1) {
		if !regexp.MustCompile(`^(0|[1-9]0|100) %$`).MatchString(m[1]) {
			t.Errorf("bar value %q is not whole tens of percent", m[1])
		}
	}
	en := ts.as(t, fac, "GET", "/staff/sessions/"+code+"/results?lang=en", nil)
	if !strings.Contains(string(en.Body), "rounded to whole tens") {
		t.Fatal("no English note on the results page")
	}
	projector := ts.as(t, fac, "GET", "/staff/sessions/"+code, nil)
	if !strings.Contains(string(projector.Body), `href="/staff/sessions/`+code+`/results"`) || strings.Contains(string(projector.Body), `/release"`) {
		t.Fatal("the session screen of a released session should link to its results and offer no second release")
	}
}

func TestReleasedResultsAreFrozen(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.answerInSession(t, code, 10)
	released := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+code+"/release", nil)
	if released.Status != 200 {
		t.Fatalf("%d %s", released.Status, released.Body)
	}
	path := "/api/v1/admin/sessions/" + code + "/results"
	first := ts.as(t, fac, "GET", path, nil)
	if first.Status != 200 || !bytes.Equal(first.Body, released.Body) {
		t.Fatalf("results differ from the release:\n%s\n%s", first.Body, released.Body)
	}
	if second := ts.as(t, fac, "GET", path, nil); !bytes.Equal(second.Body, first.Body) {
		t.Fatal("two reads differ")
	}
	// Responses that reach the session's data another way change nothing.
	var more []*models.Response
	for i := range 20 {
		more = append(more, &models.Response{Survey: "ungdomsdialog-2023", Version: 1, SubmissionID: uuid.NewString(), Session: code, Lang: "sv",
			Day: "2026-01-01", Answers: map[string]any{"trygg_kvall": "mycket_otrygg", "vet_var_hjalp": []string{"nej", "ja"}[i%2]}})
	}
	if err := ts.Store.InsertResponses(context.Background(), more); err != nil {
		t.Fatal(err)
	}
	if after := ts.as(t, fac, "GET", path, nil); !bytes.Equal(after.Body, first.Body) {
		t.Fatalf("results moved after more responses:\n%s\n%s", after.Body, first.Body)
	}
	if again := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+code+"/release", nil); !bytes.Equal(again.Body, first.Body) {
		t.Fatalf("a second release recomputed:\n%s\n%s", again.Body, first.Body)
	}
	// An analyst reads a released session's results, the same bytes.
	if r := ts.as(t, analyst, "GET", path, nil); r.Status != 200 || !bytes.Equal(r.Body, first.Body) {
		t.Fatalf("analyst: %d %s", r.Status, r.Body)
	}
}

func TestConcurrentReleasesStoreOne(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.answerInSession(t, code, 11)
	const n = 6
	bodies := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := fac
			if i%2 == 1 {
				who = admin
			}
			bodies[i] = ts.as(t, who, "POST", "/api/v1/admin/sessions/"+code+"/release", nil)
		}()
	}
	wg.Wait()
	for i, r := range bodies {
		if r.Status != 200 || !bytes.Equal(r.Body, bodies[0].Body) {
			t.Fatalf("release %d: %d\n%s\nwant\n%s", i, r.Status, r.Body, bodies[0].Body)
		}
	}
	stored, err := ts.Store.Session(context.Background(), code)
	if err != nil || stored.Release == nil || !stored.Release.Shown {
		t.Fatalf("stored %+v %v", stored, err)
	}
	var b releaseBody
	bodies[0].JSON(t, &b)
	if b.Release.ReleasedAt != stored.Release.ReleasedAt || len(b.Release.Questions) != len(stored.Release.Questions) {
		t.Fatalf("answer %+v, stored %+v", b.Release, stored.Release)
	}
	entries, _ := ts.Store.Audit(context.Background(), 50, time.Time{})
	releases, views := 0, 0
	for _, e := range entries {
		switch e.Action {
		case models.AuditSessionRelease:
			releases++
		case models.AuditResultsView:
			views++
		}
	}
	if releases != 1 || views != n-1 {
		t.Fatalf("audit: %d releases and %d views, want 1 and %d", releases, views, n-1)
	}
}

func TestWhoMayRelease(t *testing.T) {
	ts := newTestServer(t)
	fatima := ts.addStaff(t, "fatima", models.RoleFacilitator)
	omar := ts.addStaff(t, "omar", models.RoleFacilitator)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	code := ts.startSession(t, fatima, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.answerInSession(t, code, 10)
	path := "/api/v1/admin/sessions/" + code
	for _, tt := range []struct {
		who    staffUser
		method string
		suffix string
		status int
	}{
		{omar, "POST", "/release", 404}, // another's session answers as if it did not exist
		{analyst, "POST", "/release", 403},
		{omar, "GET", "/results", 404},
	} {
		if r := ts.as(t, tt.who, tt.method, path+tt.suffix, nil); r.Status != tt.status {
			t.Errorf("%s %s%s: %d, want %d", tt.who.name, tt.method, tt.suffix, r.Status, tt.status)
		}
	}
	if s, _ := ts.Store.Session(context.Background(), code); s.Release != nil || !s.Open(time.Now()) {
		t.Fatalf("a refused release changed the session: %+v", s)
	}
	// Closed first without results; its facilitator may release it later.
	if r := ts.as(t, fatima, "POST", path+"/close", nil); r.Status != 200 {
		t.Fatalf("close: %d", r.Status)
	}
	var b releaseBody
	r := ts.as(t, fatima, "POST", path+"/release", nil)
	r.JSON(t, &b)
	if r.Status != 200 || b.Release == nil || !b.Release.Shown {
		t.Fatalf("release of a closed session: %d %s", r.Status, r.Body)
	}
	if a := ts.as(t, analyst, "GET", path+"/results", nil); a.Status != 200 || !bytes.Equal(a.Body, r.Body) {
		t.Fatalf("analyst reads the release: %d %s", a.Status, a.Body)
	}
}

func TestStaffReleaseFormNeedsCSRF(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.answerInSession(t, code, 10)
	b := newBrowser(t, ts)
	b.signIn("fatima", fac.password)
	page := "/staff/sessions/" + code
	if r := b.do("POST", page+"/release", url.Values{"csrf": {"wrong"}}); r.Status != 403 {
		t.Fatalf("release without the CSRF token: %d", r.Status)
	}
	r := b.do("POST", page+"/release", url.Values{"csrf": {b.csrf(page)}})
	if r.Status != 303 || r.Header.Get("Location") != page+"/results" {
		t.Fatalf("release form: %d %s", r.Status, r.Header.Get("Location"))
	}
	s, _ := ts.Store.Session(context.Background(), code)
	if s.Release == nil || !s.Release.Shown || s.Open(time.Now()) {
		t.Fatalf("session after the form: %+v", s)
	}
	if res := b.do("GET", page+"/results", nil); res.Status != 200 || !strings.Contains(string(res.Body), `<svg class="bars"`) {
		t.Fatalf("results page: %d", res.Status)
	}
}

// wholeRelease has a question of each way a class release shows it:
// tens that add up to 100 with "vet inte" beside them, a multi-choice
// question, and one given in words.
func wholeRelease() *models.ClassRelease {
	l := func(sv, en string) models.Text { return models.Text{"sv": sv, "en": en} }
	return &models.ClassRelease{Survey: "ungdomsdialog-2023", ReleasedAt: "2026-03-02", Shown: true, MinRespondents: 10,
		Indicators: []models.ReleasedShare{{ID: "otrygg", Label: l("Otrygga", "Unsafe"), ShareTens: 30}},
		Questions: []models.ReleasedQuestion{
			{ID: "trygg_skolan", Text: l("Känner du dig trygg i skolan?", "Do you feel safe at school?"), Whole: true, Options: []models.ReleasedOption{
				{Value: "ja", Label: l("Ja", "Yes"), ShareTens: new(60)},
				{Value: "ibland", Label: l("Ibland", "Sometimes"), ShareTens: new(30)},
				{Value: "nej", Label: l("Nej", "No"), ShareTens: new(10)},
				{Value: "aldrig", Label: l("Aldrig", "Never"), ShareTens: new(0)},
				{Value: "vet_inte", Label: l("Vet inte", "Don't know"), ShareTens: new(20), Exclude: true},
			}},
			{ID: "battre", Text: l("Vad skulle göra det tryggare?", "What would make it safer?"), Multi: true, Options: []models.ReleasedOption{
				{Value: "ljus", Label: l("Mer ljus", "More light"), ShareTens: new(70)},
				{Value: "vuxna", Label: l("Fler vuxna", "More adults"), ShareTens: new(60)},
				{Value: "vet_inte", Label: l("Vet inte", "Don't know"), ShareTens: new(0), Exclude: true},
			}},
			{ID: "fritid", Text: l("Vad gör du på fritiden?", "What do you do in your free time?"), Whole: true, Options: []models.ReleasedOption{
				{Value: "idrott", Label: l("Idrott", "Sports"), Word: models.ShareWordMost},
				{Value: "musik", Label: l("Musik", "Music"), Word: models.ShareWordAboutHalf},
				{Value: "gaming", Label: l("Gaming", "Gaming"), Word: models.ShareWordSome},
				{Value: "jobb", Label: l("Jobb", "Work"), Word: models.ShareWordNone},
			}},
		},
	}
}

func TestReleaseCharts(t *testing.T) {
	// A release stored before shares were rounded together, as the API
	// gave it: every option has share_tens, nothing is whole, "vet inte"
	// is among the options. It reads as it did, "vet inte" below the bars.
	var old models.ClassRelease
	if err := json.Unmarshal([]byte(`{"survey":"ungdomsdialog-2023","released_at":"2025-11-20","shown":true,"min_respondents":10,
		"indicators":[{"id":"otrygg","label":{"sv":"Otrygga"},"share_tens":30}],
		"questions":[{"id":"trygg_skolan","text":{"sv":"Känner du dig trygg i skolan?"},"options":[
			{"value":"ja","label":{"sv":"Ja"},"share_tens":60},{"value":"ibland","label":{"sv":"Ibland"},"share_tens":70},
			{"value":"nej","label":{"sv":"Nej"},"share_tens":0},{"value":"aldrig","label":{"sv":"Aldrig"},"share_tens":30},
			{"value":"vet_inte","label":{"sv":"Vet inte"},"share_tens":10,"exclude":true}]}]}`), &old); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		rel  *models.ClassRelease
		lang string
		want []string // one line per chart: its kind, then label=text per bar, then the sentences
	}{
		{"as rounded together", wholeRelease(), "sv", []string{
			"whole | Ja=60 % Ibland=30 % Nej=10 % Aldrig=0 % | 20 % svarade ”Vet inte”. De räknas inte med i andelarna ovan.",
			"multi | Mer ljus=70 % Fler vuxna=60 % |",
			"whole words | Idrott=De flesta Musik=Ungefär hälften Gaming=Några Jobb=Ingen |",
		}},
		{"in English", wholeRelease(), "en", []string{
			"whole | Yes=60 % Sometimes=30 % No=10 % Never=0 % | 20 % answered “Don't know”. They are not counted in the shares above.",
			"multi | More light=70 % More adults=60 % |",
			"whole words | Sports=Most Music=About half Gaming=Some Work=Nobody |",
		}},
		{"stored before", &old, "sv", []string{
			"| Ja=60 % Ibland=70 % Nej=0 % Aldrig=30 % | 10 % svarade ”Vet inte”. De räknas inte med i andelarna ovan.",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, ch := range releaseCharts(tt.rel, tt.lang) {
				var kind []string
				for k, on := range map[string]bool{"whole": ch.Whole, "multi": ch.Multi, "words": ch.Words} {
					if on {
						kind = append(kind, k)
					}
				}
				slices.Sort(kind)
				line := strings.Join(kind, " ") + " |"
				for _, b := range ch.Bars {
					line += " " + b.Label + "=" + b.Text
					if b.Word != (b.Percent == 0 && ch.Words) {
						t.Errorf("%s: word %v, percent %v", b.Label, b.Word, b.Percent)
					}
				}
				line += " |"
				for _, s := range ch.Excluded {
					line += " " + s
				}
				got = append(got, strings.TrimSpace(strings.ReplaceAll(line, "\u00a0", " ")))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("charts\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestClassResultsPageSaysHowToRead renders a stored release: the page
// says where several answers were possible and where shares are words,
// draws no bar for a word, and a release stored before (no whole, no
// words) still shows its tens.
func TestClassResultsPageSaysHowToRead(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	ctx := context.Background()
	for _, tt := range []struct {
		name     string
		rel      *models.ClassRelease
		lang     string
		want     []string
		bars     int
		wordRows int
	}{
		{"a release rounded together", wholeRelease(), "sv", []string{"Flera svar möjliga", "står det i ord", "Ungefär hälften", "svarade ”Vet inte”"}, 6, 4},
		{"in English", wholeRelease(), "en", []string{"Several answers possible", "given in words", "About half", "answered “Don&#39;t know”"}, 6, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
			if _, _, err := ts.Store.ReleaseSession(ctx, code, tt.rel); err != nil {
				t.Fatal(err)
			}
			// Every question on one page (the steps have a test of their own).
			page := ts.as(t, fac, "GET", "/staff/sessions/"+code+"/results?q=all&lang="+tt.lang, nil)
			body := string(page.Body)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("no %q on the page", w)
				}
			}
			if n := strings.Count(body, `<svg class="bars"`); n != tt.bars {
				t.Errorf("%d bars, want %d (the numbered options; key figures are analysts' words, not shown to the class)", n, tt.bars)
			}
			if n := strings.Count(body, `class="bar-word"`); n != tt.wordRows {
				t.Errorf("%d rows in words, want %d", n, tt.wordRows)
			}
			if page.Status != 200 || !strings.Contains(body, `class="chart whole"`) || !strings.Contains(body, `class="chart multi"`) {
				t.Fatalf("results page: %d\n%s", page.Status, body)
			}
		})
	}
	t.Run("a release stored before the rounding", func(t *testing.T) {
		code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
		old := wholeRelease()
		old.Questions = old.Questions[:2]
		old.Questions[0].Whole = false
		if _, _, err := ts.Store.ReleaseSession(ctx, code, old); err != nil {
			t.Fatal(err)
		}
		stored, err := ts.Store.Session(ctx, code)
		if err != nil || stored.Release == nil || stored.Release.Questions[0].Options[3].ShareTens == nil || *stored.Release.Questions[0].Options[3].ShareTens != 0 {
			t.Fatalf("a share of 0 did not come back from the store: %+v %v", stored.Release, err)
		}
		body := string(ts.as(t, fac, "GET", "/staff/sessions/"+code+"/results?q=all", nil).Body)
		values := regexp.MustCompile(`class="bar-value">([^<]*)<`).FindAllStringSubmatch(body, -1)
		if len(values) != 6 || strings.Contains(body, "bar-word") || strings.Contains(body, `class="chart whole"`) {
			t.Fatalf("%d bar values on the page of an old release:\n%s", len(values), body)
		}
	})
}
