package handlers

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
)

const (
	pagePromise  = "sandviken-2022-2023"
	pageActivity = "sandviken22-narkotika"
	promisePath  = "/staff/promises/" + pagePromise
	followupPath = "/staff/surveys/ungdomsdialog-2023/followup"
)

// rewordEarlierWave stores ungdomsdialog-2022 again, open and with the
// Swedish wording of trygg_kvall changed, so its indicator otrygg_kvall
// breaks between the waves.
func rewordEarlierWave(t *testing.T, ts *testServer) {
	t.Helper()
	ctx := context.Background()
	sv, err := ts.Store.Survey(ctx, "ungdomsdialog-2022")
	if err != nil {
		t.Fatal(err)
	}
	q, ok := sv.Question("trygg_kvall")
	if !ok {
		t.Fatal("ungdomsdialog-2022 has no trygg_kvall")
	}
	q.Text = models.Text{"sv": "Hur trygg känner du dig ute en vardagskväll?", "en": q.Text["en"]}
	sv.Status, sv.OpensAt, sv.ClosesAt = models.StatusOpen, nil, nil
	if _, err := ts.Store.PublishSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
}

func (ts *testServer) answerWave(t *testing.T, slug string, n int) {
	t.Helper()
	for i := range n {
		answers := `{"kon":"tjej","trygg_kvall":"` + []string{"ganska_otrygg", "mycket_trygg", "ganska_trygg"}[i%3] + `"}`
		if r := ts.submit(t, slug, submitBody(uuid.NewString(), answers)); r.Status != 201 {
			t.Fatalf("%s, pupil %d: %d %s", slug, i, r.Status, r.Body)
		}
	}
	ts.publish(t, slug)
}

var (
	fuWaveRowRE  = regexp.MustCompile(`(?s)<tr data-wave="([^"]+)"[^>]*>(.*?)</tr>`)
	fuPercentSV  = regexp.MustCompile(`\d+,\d %`)
	fuPercentEN  = regexp.MustCompile(`\d+\.\d %`)
	fuAriaLabel  = regexp.MustCompile(`role="img" aria-label="([^"]+)"`)
	fuRevOfForm  = regexp.MustCompile(`name="rev" value="(\d+)"`)
	fuSectionEnd = "</section>"
)

// pageSection is the part of page from the element with id to its section's end.
func pageSection(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element %s on the page:\n%s", id, page)
	}
	j := strings.Index(page[i:], fuSectionEnd)
	if j < 0 {
		t.Fatalf("section %s does not end", id)
	}
	return page[i : i+j]
}

func followupWaveRows(t *testing.T, sec string) map[string]string {
	t.Helper()
	rows := map[string]string{}
	var order []string
	for _, m := range fuWaveRowRE.FindAllStringSubmatch(sec, -1) {
		rows[m[1]] = html.UnescapeString(m[2])
		order = append(order, m[1])
	}
	rows["order"] = strings.Join(order, ",")
	return rows
}

func TestFollowupPage(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	rewordEarlierWave(t, ts)
	ts.answerWave(t, "ungdomsdialog-2022", 3) // too few: hidden
	ts.answerWave(t, "ungdomsdialog-2023", 12)
	outside := []models.OutsideFigure{{Indicator: "otrygg_kvall", Wave: "2021", Share: 0.25, N: 640, Source: "LUPP Sandviken 2021"}}
	if err := ts.Store.PutOutside(ctx, "ungdomsdialog-2023", "greta", outside); err != nil {
		t.Fatal(err)
	}

	t.Run("analyst sees every wave", func(t *testing.T) {
		r := ts.as(t, analyst, "GET", followupPath, nil)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		page := string(r.Body)
		sec := pageSection(t, page, "ind-otrygg_kvall")
		rows := followupWaveRows(t, sec)
		if rows["order"] != "2021,2022,2023" {
			t.Fatalf("waves %s, want 2021,2022,2023", rows["order"])
		}
		if w := rows["2021"]; !strings.Contains(w, "Extern källa") || !strings.Contains(w, "LUPP Sandviken 2021") || !strings.Contains(w, "25,0 %") || !strings.Contains(w, "640") {
			t.Errorf("outside wave: %s", w)
		}
		if w := rows["2022"]; !strings.Contains(w, "–") || !strings.Contains(w, "för få svar") || fuPercentSV.MatchString(w) || strings.Contains(w, ">3<") {
			t.Errorf("hidden wave shows a figure: %s", w)
		}
		if w := rows["2023"]; !fuPercentSV.MatchString(w) || !strings.Contains(w, "Brott i serien: frågetexten ändrad") || strings.Contains(w, "för få svar") {
			t.Errorf("latest wave: %s", w)
		}
		// Another indicator of the same waves whose question kept its
		// wording is comparable, and has no outside wave.
		if w := followupWaveRows(t, pageSection(t, page, "ind-otrygg_skolan")); w["order"] != "2022,2023" || strings.Contains(w["2023"], "frågetexten") {
			t.Errorf("otrygg_skolan: %v", w)
		}
		// The change across the break is never judged.
		if !strings.Contains(html.UnescapeString(sec), "ej jämförbar – brott i serien") {
			t.Errorf("no verdict for the change across the break:\n%s", sec)
		}
		m := fuAriaLabel.FindStringSubmatch(sec)
		if m == nil {
			t.Fatalf("no chart with a label:\n%s", sec)
		}
		if label := html.UnescapeString(m[1]); !strings.Contains(label, "2022: för få svar") || !strings.Contains(label, "2021, LUPP Sandviken 2021 (Extern källa): 25,0 %") {
			t.Errorf("chart label %q", label)
		}
		if !strings.Contains(sec, `class="pt outside"`) || strings.Count(sec, `class="gap-mark"`) != 1 {
			t.Errorf("chart marks: outside hollow, one gap:\n%s", sec)
		}
		if strings.Contains(page, "<script") || strings.Contains(page, "http://") || strings.Contains(page, "https://") {
			t.Error("the page loads something or links out")
		}
		// The action plan, linked to the promise page.
		plan := html.UnescapeString(page[strings.Index(page, `id="plan"`):])
		for _, want := range []string{"Bekämpa den illegala narkotikahandeln.", "Pågår", "Ej bedömd", `href="/staff/promises/` + pagePromise} {
			if !strings.Contains(plan, want) {
				t.Errorf("the plan lacks %q", want)
			}
		}
		if strings.Contains(page, "/feedback") {
			t.Error("an analyst sees the feedback switch")
		}
		entries, err := ts.Store.Audit(ctx, 10, time.Time{})
		if err != nil || len(entries) == 0 || entries[0].Action != models.AuditResultsView || entries[0].Details["view"] != "followup" || entries[0].Actor != "anders" {
			t.Fatalf("audit %+v, %v", entries, err)
		}
	})
	t.Run("in English", func(t *testing.T) {
		r := ts.as(t, analyst, "GET", followupPath+"?lang=en", nil)
		rows := followupWaveRows(t, pageSection(t, string(r.Body), "ind-otrygg_kvall"))
		if r.Status != 200 || !strings.Contains(rows["2021"], "25.0 %") || !fuPercentEN.MatchString(rows["2023"]) || !strings.Contains(rows["2023"], "the question's wording changed") {
			t.Fatalf("%d %v", r.Status, rows)
		}
	})
	t.Run("filters leave outside figures out", func(t *testing.T) {
		r := ts.as(t, analyst, "GET", followupPath+"?area=centrum", nil)
		page := html.UnescapeString(string(r.Body))
		if r.Status != 200 || !strings.Contains(page, "Externa siffror (till exempel LUPP) visas inte") || strings.Contains(page, "LUPP Sandviken 2021") {
			t.Fatalf("%d %s", r.Status, page)
		}
		entries, _ := ts.Store.Audit(ctx, 1, time.Time{})
		if len(entries) == 0 || entries[0].Details["area"] != "centrum" || entries[0].Details["view"] != "followup" {
			t.Fatalf("audit %+v", entries)
		}
		// A date is no filter of figures: the page says why.
		if r := ts.as(t, analyst, "GET", followupPath+"?from=2020-01-01", nil); r.Status != 422 || !strings.Contains(string(r.Body), `role="alert"`) ||
			!strings.Contains(html.UnescapeString(string(r.Body)), "per publicering och per omgång") {
			t.Fatalf("date filter: %d", r.Status)
		}
	})
	t.Run("admin switches the feedback page", func(t *testing.T) {
		form := func() string {
			r := ts.as(t, admin, "GET", followupPath, nil)
			if r.Status != 200 {
				t.Fatalf("%d", r.Status)
			}
			page := string(r.Body)
			i := strings.Index(page, `action="/staff/surveys/ungdomsdialog-2023/feedback`)
			if i < 0 {
				t.Fatal("no feedback form for the admin")
			}
			return page[i : i+strings.Index(page[i:], "</form>")]
		}
		f := form()
		if strings.Contains(f, "checked") || !strings.Contains(f, `name="enabled"`) || !strings.Contains(f, `value="otrygg_kvall"`) {
			t.Fatalf("off by default, with every indicator: %s", f)
		}
		// Each checkbox sits right before its own label.
		pair := regexp.MustCompile(`<input type="checkbox" id="([^"]+)" name="indicators"[^>]*> <label for="([^"]+)"`)
		ms := pair.FindAllStringSubmatch(f, -1)
		if len(ms) < 9 {
			t.Fatalf("%d indicator checkboxes", len(ms))
		}
		for _, m := range ms {
			if m[1] != m[2] {
				t.Errorf("checkbox %s is labelled by %s", m[1], m[2])
			}
		}
		if r := ts.setFeedbackAPI(t, `{"enabled":true,"indicators":["otrygg_skolan"]}`); r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		f = form()
		if !regexp.MustCompile(`name="enabled" checked`).MatchString(f) || !regexp.MustCompile(`value="otrygg_skolan" checked`).MatchString(f) ||
			regexp.MustCompile(`value="otrygg_kvall" checked`).MatchString(f) {
			t.Fatalf("stored choice not ticked: %s", f)
		}
		if r := ts.as(t, admin, "GET", followupPath, nil); !strings.Contains(string(r.Body), `href="/surveys/ungdomsdialog-2023/feedback`) {
			t.Fatal("no link to the public page while it is on")
		}
	})
	t.Run("facilitator may not", func(t *testing.T) {
		if r := ts.as(t, fac, "GET", followupPath, nil); r.Status != 403 {
			t.Fatalf("%d", r.Status)
		}
	})
	t.Run("dashboard and home link to it", func(t *testing.T) {
		if r := ts.as(t, analyst, "GET", "/staff/surveys/ungdomsdialog-2023", nil); !strings.Contains(string(r.Body), `href="/staff/surveys/ungdomsdialog-2023/followup`) {
			t.Error("the dashboard does not link to the follow-up")
		}
		for _, u := range []staffUser{analyst, admin, fac} {
			if r := ts.as(t, u, "GET", "/staff", nil); r.Status != 200 || !strings.Contains(string(r.Body), `href="`+promisePath) {
				t.Errorf("%s: the home page does not list the promise", u.role)
			}
		}
	})
}

func TestPromisePageForFacilitatorIsReadOnly(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	b := newBrowser(t, ts)
	b.signIn("fatima", fac.password)
	r := b.do("GET", promisePath, nil)
	page := html.UnescapeString(string(r.Body))
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, page)
	}
	for _, want := range []string{"Medborgarlöfte Sandviken 2022–2023", "Bekämpa den illegala narkotikahandeln.", "Polisen, lokalpolisområde Gästrikland",
		"2022-01-01", "Pågår", "Ej bedömd", `lang="ar" dir="rtl"`, "Historik", "system"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Only the sign-out form of the navigation: nothing to change the plan.
	if n := strings.Count(page, "<form"); n != 1 || strings.Contains(page, `name="rev"`) || strings.Contains(page, `action="/staff/promises`) {
		t.Fatalf("%d forms on a facilitator's page", n)
	}
	if r := ts.as(t, fac, "POST", promisePath+"/activities", nil); r.Status != 403 {
		t.Fatalf("facilitator adds an activity: %d", r.Status)
	}
	if r := ts.as(t, fac, "GET", "/staff/promises/finns-inte", nil); r.Status != 404 || !strings.Contains(html.UnescapeString(string(r.Body)), "inget sådant medborgarlöfte") {
		t.Fatalf("unknown promise: %d %s", r.Status, r.Body)
	}
}

// activityFormValues is the activity's edit form as the page fills it in.
func activityFormValues(t *testing.T, page, id string) url.Values {
	t.Helper()
	sec := pageSection(t, page, id)
	m := fuRevOfForm.FindStringSubmatch(sec)
	if m == nil {
		t.Fatalf("no edit form for %s", id)
	}
	return url.Values{
		"rev": {m[1]}, "problem": {"Narkotikahandel i Sandviken."}, "activity": {"Bekämpa den illegala narkotikahandeln."},
		"goal": {"Färre ser försäljning"}, "partner": {"Polisen"}, "start": {"2022-01-01"}, "end": {"2023-12-31"},
		"status": {"ongoing"}, "on_track": {"green"}, "indicators": {"sett_forsaljning", "otrygg_centrum"},
		"notes": {"Uppföljning i maj"}, "youth_sv": {"Polisen stoppar langning."}, "youth_en": {""}, "youth_ar": {"تعمل الشرطة"},
	}
}

func TestPromisePageEditsActivities(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	b := newBrowser(t, ts)
	b.signIn("anders", analyst.password)
	page := string(b.do("GET", promisePath, nil).Body)
	csrf := hiddenCSRF.FindStringSubmatch(page)[1]
	form := activityFormValues(t, page, pageActivity)
	form.Set("csrf", csrf)
	staleRev := form.Get("rev")
	action := promisePath + "/activities/" + pageActivity

	t.Run("edit through the form", func(t *testing.T) {
		for _, want := range []string{`action="` + action, `name="youth_ar" dir="rtl" lang="ar"`, `type="date"`, `<select id="` + pageActivity + `-status" name="status"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the form lacks %s", want)
			}
		}
		form.Set("status", "done")
		r := b.do("POST", action, form)
		if r.Status != 303 || r.Header.Get("Location") != promisePath+"#"+pageActivity {
			t.Fatalf("%d %q %s", r.Status, r.Header.Get("Location"), r.Body)
		}
		a, err := ts.Store.Activity(ctx, pagePromise, pageActivity)
		if err != nil || a.Status != models.ActivityDone || a.OnTrack != models.OnTrackGreen || a.Rev != 2 || len(a.History) != 2 ||
			a.Youth["en"] != "" || a.Youth["ar"] != "تعمل الشرطة" || strings.Join(a.Indicators, ",") != "sett_forsaljning,otrygg_centrum" {
			t.Fatalf("stored %+v, %v", a, err)
		}
		sec := html.UnescapeString(pageSection(t, string(b.do("GET", promisePath, nil).Body), pageActivity))
		hist := sec[strings.Index(sec, "Historik"):]
		if !strings.Contains(sec, "Klar") || !strings.Contains(hist, "anders") || !strings.Contains(hist, "Grön – enligt plan") || strings.Count(hist, "<tr>") != 3 {
			t.Fatalf("the change does not show:\n%s", sec)
		}
		if !strings.Contains(sec, "Senast ändrad") || !strings.Contains(sec, "Färre ser försäljning") || !strings.Contains(sec, "Uppföljning i maj") {
			t.Fatalf("the saved fields do not show:\n%s", sec)
		}
		entries, err := ts.Store.Audit(ctx, 50, time.Time{})
		found := false
		for _, e := range entries {
			found = found || e.Action == models.AuditActivityUpdate && e.Actor == "anders" && e.Details["activity"] == pageActivity && e.Details["status"] == "done/green"
		}
		if err != nil || !found {
			t.Fatalf("no audit entry activity.update: %+v, %v", entries, err)
		}
	})
	t.Run("problems are listed and what was typed kept", func(t *testing.T) {
		bad := activityFormValues(t, string(b.do("GET", promisePath, nil).Body), pageActivity)
		bad.Set("csrf", csrf)
		bad.Set("start", "2024-02-30")
		bad["indicators"] = []string{"sett_forsaljning", "pizza"}
		bad.Set("notes", "Skrivet men <inte> sparat")
		r := b.do("POST", action, bad)
		body := html.UnescapeString(string(r.Body))
		if r.Status != 422 {
			t.Fatalf("%d", r.Status)
		}
		sec := pageSection(t, body, pageActivity)
		for _, want := range []string{"Start: Skriv datumet som ÅÅÅÅ-MM-DD.", "Okänd indikator", `value="2024-02-30"`, "Skrivet men <inte> sparat", `aria-invalid="true"`, "<details class=\"edit\" open>"} {
			if !strings.Contains(sec, want) {
				t.Errorf("the form again lacks %q", want)
			}
		}
		if a, _ := ts.Store.Activity(ctx, pagePromise, pageActivity); a.Notes == "Skrivet men <inte> sparat" {
			t.Fatal("a refused form was stored")
		}
	})
	t.Run("a stale form is a conflict", func(t *testing.T) {
		form.Set("rev", staleRev)
		form.Set("notes", "Min ändring")
		r := b.do("POST", action, form)
		body := html.UnescapeString(string(r.Body))
		if r.Status != 409 || !strings.Contains(body, "Någon annan har ändrat aktiviteten") || !strings.Contains(body, "Min ändring") {
			t.Fatalf("%d %s", r.Status, body)
		}
		// The form shown again is the stored activity's, newer than the stale one.
		if m := fuRevOfForm.FindStringSubmatch(pageSection(t, body, pageActivity)); m == nil || m[1] != "2" {
			t.Fatalf("form revision %v, want 2", m)
		}
		if a, _ := ts.Store.Activity(ctx, pagePromise, pageActivity); a.Notes == "Min ändring" || a.Rev != 2 {
			t.Fatalf("a stale change was stored: %+v", a)
		}
	})
	t.Run("add an activity", func(t *testing.T) {
		add := url.Values{"csrf": {csrf}, "problem": {"Otrygg busshållplats"}, "activity": {"Bättre belysning vid Resecentrum"},
			"partner": {"Sandvikens kommun"}, "start": {"2023-03-01"}, "status": {"planned"}, "indicators": {"otrygg_resecentrum"}}
		r := b.do("POST", promisePath+"/activities", add)
		loc := r.Header.Get("Location")
		if r.Status != 303 || !strings.HasPrefix(loc, promisePath+"#a-") {
			t.Fatalf("%d %q %s", r.Status, loc, r.Body)
		}
		id := loc[strings.Index(loc, "#")+1:]
		sec := html.UnescapeString(pageSection(t, string(b.do("GET", promisePath, nil).Body), id))
		if !strings.Contains(sec, "Bättre belysning vid Resecentrum") || !strings.Contains(sec, "Planerad") || !strings.Contains(sec, "anders") {
			t.Fatalf("the new activity does not show:\n%s", sec)
		}
		entries, _ := ts.Store.Audit(ctx, 5, time.Time{})
		if len(entries) == 0 || entries[0].Action != models.AuditActivityCreate || entries[0].Details["activity"] != id {
			t.Fatalf("audit %+v", entries)
		}
		// A new activity without its required fields comes back with them listed.
		r = b.do("POST", promisePath+"/activities", url.Values{"csrf": {csrf}, "activity": {"Bara en åtgärd"}, "status": {"planned"}})
		body := html.UnescapeString(string(r.Body))
		if r.Status != 422 || !strings.Contains(body, "Problem/orsak: Fältet måste fyllas i.") || !strings.Contains(body, "Ansvarig: Fältet måste fyllas i.") ||
			!strings.Contains(pageSection(t, body, "h-new"), "Bara en åtgärd") {
			t.Fatalf("%d %s", r.Status, body)
		}
	})
}

func TestFollowupChart(t *testing.T) {
	share := func(x float64) *float64 { return &x }
	n := func(x int) *int { return &x }
	shown := func(wave string, s float64) models.SeriesPoint {
		return models.SeriesPoint{Wave: wave, N: n(100), Share: share(s), CILow: share(s - 0.05), CIHigh: share(s + 0.05)}
	}
	broken := func(p models.SeriesPoint, code string) models.SeriesPoint {
		p.Break = &models.Break{Changed: []string{code}}
		return p
	}
	outside := func(p models.SeriesPoint) models.SeriesPoint {
		p.Outside, p.Source = true, "LUPP"
		return p
	}
	hidden := models.SeriesPoint{Wave: "2022", Hidden: true, NBelow: 5}
	for _, tc := range []struct {
		name     string
		points   []models.SeriesPoint
		segments string // one letter per segment: s solid, b broken
		gaps     int
		label    string
	}{
		{"comparable waves are joined", []models.SeriesPoint{shown("2022", 0.2), shown("2023", 0.3)}, "s", 0, "2022: 20,0 %; 2023: 30,0 %"},
		{"a break is dashed", []models.SeriesPoint{shown("2022", 0.2), broken(shown("2023", 0.3), models.BreakText)}, "b", 0, "2023: 30,0 %"},
		{"a hidden wave leaves a gap", []models.SeriesPoint{shown("2021", 0.2), hidden, shown("2023", 0.3)}, "", 1, "2022: för få svar"},
		{"an outside wave is marked", []models.SeriesPoint{outside(shown("2019", 0.4)), broken(shown("2022", 0.3), models.BreakSource), shown("2023", 0.35)}, "bs", 0, "2019, LUPP (Extern källa): 40,0 %"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := drawSeries(models.SeriesIndicator{Points: tc.points}, "Andel", "sv")
			var segs string
			for _, s := range ch.Segments {
				segs += map[bool]string{true: "b", false: "s"}[s.Broken]
				if s.X1 >= s.X2 || s.Y1 < chartTop || s.Y2 > chartHeight-chartBottom {
					t.Errorf("segment outside the plot: %+v", s)
				}
			}
			gaps := 0
			for i, p := range ch.Points {
				if p.Hidden {
					gaps++
				}
				if p.Outside != tc.points[i].Outside {
					t.Errorf("point %d outside=%v", i, p.Outside)
				}
			}
			if segs != tc.segments || gaps != tc.gaps || !strings.Contains(ch.Label, tc.label) {
				t.Fatalf("segments %q gaps %d label %q", segs, gaps, ch.Label)
			}
		})
	}
}
