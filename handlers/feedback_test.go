package handlers

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/export"
	"medborgardialog/models"
)

const (
	feedbackSlug = "ungdomsdialog-2023"
	feedbackAPI  = "/api/v1/admin/surveys/" + feedbackSlug + "/feedback"
	feedbackPage = "/surveys/" + feedbackSlug + "/feedback"
)

// setFeedbackAPI switches the page as the bootstrap admin.
func (ts *testServer) setFeedbackAPI(t *testing.T, body string) response {
	t.Helper()
	return ts.do(t, "PUT", feedbackAPI, []byte(body), "Authorization", "Bearer "+adminToken, "Content-Type", "application/json")
}

// answer submits n pupils' answers without a session.
func (ts *testServer) answer(t *testing.T, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		if r := ts.submit(t, feedbackSlug, submitBody(uuid.NewString(), pupilAnswers(i))); r.Status != 201 {
			t.Fatalf("pupil %d: %d %s", i, r.Status, r.Body)
		}
	}
}

func TestFeedbackSwitch(t *testing.T) {
	ts := newTestServer(t)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)

	t.Run("admin switches on", func(t *testing.T) {
		r := ts.as(t, admin, "PUT", feedbackAPI, []byte(`{"enabled":true,"indicators":["otrygg_kvall","otrygg_skolan","otrygg_kvall"]}`))
		var f models.Feedback
		r.JSON(t, &f)
		if r.Status != 200 || f.Survey != feedbackSlug || !f.Enabled || strings.Join(f.Indicators, ",") != "otrygg_kvall,otrygg_skolan" ||
			f.UpdatedBy != "greta" || f.UpdatedAt.IsZero() {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		stored, err := ts.Store.Feedback(context.Background(), feedbackSlug)
		if err != nil || !stored.Enabled || len(stored.Indicators) != 2 {
			t.Fatalf("stored %+v, %v", stored, err)
		}
		entries, err := ts.Store.Audit(context.Background(), 10, time.Time{})
		if err != nil || len(entries) == 0 || entries[0].Action != models.AuditFeedbackSet || entries[0].Survey != feedbackSlug ||
			entries[0].Actor != "greta" || entries[0].Details["enabled"] != "true" || entries[0].Details["indicators"] != "otrygg_kvall,otrygg_skolan" {
			t.Fatalf("audit %+v, %v", entries, err)
		}
	})
	t.Run("analyst may not", func(t *testing.T) {
		if r := ts.as(t, analyst, "PUT", feedbackAPI, []byte(`{"enabled":false}`)); r.Status != 403 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if f, _ := ts.Store.Feedback(context.Background(), feedbackSlug); f == nil || !f.Enabled {
			t.Fatalf("the analyst's change was stored: %+v", f)
		}
	})
	t.Run("unknown indicator lists the valid ones", func(t *testing.T) {
		for lang, want := range map[string]string{"sv": "Giltiga är", "en": "Valid ones are"} {
			r := ts.do(t, "PUT", feedbackAPI+"?lang="+lang, []byte(`{"enabled":true,"indicators":["otrygg_kvall","pizza"]}`),
				"Authorization", "Bearer "+adminToken, "Content-Type", "application/json")
			var body struct {
				Error struct {
					Code    string `json:"code"`
					Message string `json:"message"`
					Fields  []fieldProblem
				} `json:"error"`
			}
			r.JSON(t, &body)
			if r.Status != 422 || body.Error.Code != "invalid" || len(body.Error.Fields) != 1 {
				t.Fatalf("%s: %d %s", lang, r.Status, r.Body)
			}
			p := body.Error.Fields[0]
			if p.Field != "indicators[1]" || p.Code != "unknown" || !strings.Contains(p.Message, `"pizza"`) || !strings.Contains(p.Message, want) {
				t.Fatalf("%s: problem %+v", lang, p)
			}
			for _, id := range []string{"otrygg_kvall", "otrygg_skolan", "otrygg_centrum", "sett_forsaljning"} {
				if !strings.Contains(p.Message, id) {
					t.Errorf("%s: the valid id %s is not listed: %s", lang, id, p.Message)
				}
			}
		}
	})
	t.Run("at most eight", func(t *testing.T) {
		sv, err := ts.Store.Survey(context.Background(), feedbackSlug)
		if err != nil || len(sv.Indicators) < 9 {
			t.Fatalf("the built-in survey needs nine indicators for this case: %v", err)
		}
		ids := make([]string, 9)
		for i := range ids {
			ids[i] = `"` + sv.Indicators[i].ID + `"`
		}
		r := ts.setFeedbackAPI(t, `{"enabled":true,"indicators":[`+strings.Join(ids, ",")+`]}`)
		if r.Status != 422 || !strings.Contains(string(r.Body), `"too_many"`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("bad bodies are never a 500", func(t *testing.T) {
		for _, body := range []string{``, `null`, `{"enabled":true} {}`, `{"enable":false}`, `{"enabled":`, `{"enabled":"yes"}`, `{"indicators":"otrygg_kvall"}`, `[]`, `null x`, "{\"indicators\":[\"\x00\"]}", `{"indicators":[["a"]]}`} {
			r := ts.setFeedbackAPI(t, body)
			if r.Status != 400 && r.Status != 422 {
				t.Errorf("%q: %d %s", body, r.Status, r.Body)
				continue
			}
			r.ErrorCode(t)
		}
		if f, _ := ts.Store.Feedback(context.Background(), feedbackSlug); f == nil || !f.Enabled || len(f.Indicators) != 2 {
			t.Fatalf("a refused body changed the settings: %+v", f)
		}
	})
	t.Run("enabled must be given", func(t *testing.T) {
		r := ts.setFeedbackAPI(t, `{"indicators":["otrygg_kvall"]}`)
		if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"enabled"`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("unknown survey", func(t *testing.T) {
		for _, path := range []string{"/api/v1/admin/surveys/finns-inte/feedback", "/api/v1/admin/surveys/Bad%20Slug/feedback"} {
			if r := ts.do(t, "PUT", path, []byte(`{"enabled":true}`), "Authorization", "Bearer "+adminToken); r.Status != 404 {
				t.Errorf("%s: %d %s", path, r.Status, r.Body)
			}
		}
	})
	t.Run("staff form", func(t *testing.T) {
		post := func(form url.Values) response {
			t.Helper()
			req, _ := http.NewRequest("POST", ts.URL+"/staff/surveys/"+feedbackSlug+"/feedback", strings.NewReader(form.Encode()))
			req.Header.Set("Authorization", "Bearer "+admin.token)
			req.Header.Set("Content-Type", formType)
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
		}
		r := post(url.Values{"indicators": {"otrygg_centrum", "orolig_brott"}}) // enabled unticked: off
		if r.Status != 303 || r.Header.Get("Location") != "/staff/surveys/"+feedbackSlug+"/followup" {
			t.Fatalf("%d %q", r.Status, r.Header.Get("Location"))
		}
		if f, _ := ts.Store.Feedback(context.Background(), feedbackSlug); f == nil || f.Enabled || strings.Join(f.Indicators, ",") != "otrygg_centrum,orolig_brott" {
			t.Fatalf("stored %+v", f)
		}
		if r := post(url.Values{"enabled": {"on"}, "indicators": {"otrygg_kvall"}}); r.Status != 303 {
			t.Fatalf("switch on: %d", r.Status)
		}
		if f, _ := ts.Store.Feedback(context.Background(), feedbackSlug); f == nil || !f.Enabled {
			t.Fatalf("stored %+v", f)
		}
		r = post(url.Values{"enabled": {"on"}, "indicators": {"nope"}})
		if r.Status != 422 || !strings.Contains(html.UnescapeString(string(r.Body)), `"nope"`) {
			t.Fatalf("unknown indicator from the form: %d %s", r.Status, r.Body)
		}
	})
}

// feedbackPlan stores the built-in survey's promise with one activity in
// every status, and one under way that has no line for young people.
func feedbackPlan(t *testing.T, ts *testServer) {
	t.Helper()
	ctx := context.Background()
	sv, err := ts.Store.Survey(ctx, feedbackSlug)
	if err != nil || sv.Promise == nil || sv.Promise.ID == "" {
		t.Fatalf("the built-in survey names no promise: %v", err)
	}
	if err := ts.Store.EnsurePromise(ctx, *sv.Promise); err != nil {
		t.Fatal(err)
	}
	at := time.Now().UTC().Truncate(time.Millisecond)
	for i, a := range []struct {
		status string
		youth  models.Text
	}{
		{models.ActivityOngoing, models.Text{"sv": "Fler vuxna ute på kvällarna", "en": "More adults out in the evenings", "ar": "المزيد من البالغين في الخارج مساءً"}},
		{models.ActivityDone, models.Text{"sv": "Ny belysning i Stadsparken", "en": "New lights in Stadsparken"}},
		{models.ActivityPlanned, models.Text{"sv": "Planerad fritidsgård"}},
		{models.ActivityCancelled, models.Text{"sv": "Inställd konsert"}},
		{models.ActivityOngoing, nil},
	} {
		err := ts.Store.InsertActivity(ctx, &models.Activity{
			ID: fmt.Sprintf("a%d", i), Promise: sv.Promise.ID, CreatedAt: at.Add(time.Duration(i) * time.Second), UpdatedAt: at,
			ActivityInput: models.ActivityInput{Problem: "p", Activity: fmt.Sprintf("intern text %d", i), Partner: "Polisen", Status: a.status, Youth: a.youth},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// shownPercent is a share as the Swedish page writes it.
var shownPercent = regexp.MustCompile(`<b class="pct">(\d+) %</b>`)

func TestFeedbackPage(t *testing.T) {
	ts := newTestServer(t)
	ts.answer(t, 0, 12)
	ts.publish(t, feedbackSlug)
	feedbackPlan(t, ts)

	for _, path := range []string{feedbackPage, feedbackPage + "?lang=ar", "/surveys/finns-inte/feedback", "/surveys/Bad%20Slug/feedback"} {
		if r := ts.do(t, "GET", path, nil); r.Status != 404 || !strings.Contains(string(r.Body), "<h1>") {
			t.Fatalf("%s while off: %d %s", path, r.Status, r.Body)
		}
	}
	if strings.Contains(string(ts.do(t, "GET", "/?lang=sv", nil).Body), feedbackPage) {
		t.Fatal("the start page links to a page that is off")
	}
	if strings.Contains(string(ts.do(t, "GET", "/surveys/"+feedbackSlug+"?klar=1", nil).Body), feedbackPage) {
		t.Fatal("the thank-you page links to a page that is off")
	}

	// sett_forsaljning: nobody answered that question, so it is too few.
	if r := ts.setFeedbackAPI(t, `{"enabled":true,"indicators":["otrygg_kvall","otrygg_centrum","sett_forsaljning"]}`); r.Status != 200 {
		t.Fatalf("switch on: %d %s", r.Status, r.Body)
	}
	ctx := context.Background()
	sv, err := ts.Store.Survey(ctx, feedbackSlug)
	if err != nil {
		t.Fatal(err)
	}
	res, err := export.Build(ctx, export.Scan(ts.Store), export.Request{Survey: sv, Filter: models.ResponseFilter{Survey: feedbackSlug}, MinCell: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]export.IndicatorResult{}
	for _, ind := range res.Indicators {
		want[ind.ID] = ind
	}
	if want["otrygg_kvall"].Hidden || want["otrygg_centrum"].Hidden || !want["sett_forsaljning"].Hidden {
		t.Fatalf("fixture: %+v", res.Indicators)
	}

	t.Run("Swedish figures are the whole survey's", func(t *testing.T) {
		r := ts.do(t, "GET", feedbackPage+"?lang=sv", nil)
		body := string(r.Body)
		if r.Status != 200 || !strings.Contains(body, `lang="sv" dir="ltr"`) || !strings.Contains(body, "<h1>Det här hände med era svar</h1>") {
			t.Fatalf("%d %s", r.Status, body)
		}
		if !strings.Contains(body, "12 unga har svarat.") {
			t.Errorf("the number who answered is missing: %s", body)
		}
		got := shownPercent.FindAllStringSubmatch(body, -1)
		if len(got) != 2 {
			t.Fatalf("shares shown %v, want two", got)
		}
		for i, id := range []string{"otrygg_kvall", "otrygg_centrum"} {
			ind := want[id]
			if w := fmt.Sprint(int(math.Round(ind.Share.Share * 100))); got[i][1] != w {
				t.Errorf("%s shows %s %%, export.Build says %s %% (%v)", id, got[i][1], w, ind.Share.Share)
			}
			// Said as a sentence to young people, not as the analyst's label.
			plain := strings.TrimPrefix(ind.Label.In("sv"), "Andel som ")
			if !strings.Contains(body, html.EscapeString(fmt.Sprintf("%s %% av er %s.", got[i][1], plain))) {
				t.Errorf("%s: no plain sentence", id)
			}
		}
		if strings.Count(body, "För få svar för att visa ännu") != 1 || !strings.Contains(body, html.EscapeString(want["sett_forsaljning"].Label.In("sv"))) {
			t.Errorf("the hidden indicator does not say it has too few answers: %s", body)
		}
		for _, w := range []string{"Fler vuxna ute på kvällarna", "Ny belysning i Stadsparken", "Pågår", "Det här har gjorts", "Ett medborgarlöfte är", "Här kan du få hjälp", `href="/?lang=sv"`} {
			if !strings.Contains(body, w) {
				t.Errorf("missing %q", w)
			}
		}
		for _, w := range []string{"Planerad fritidsgård", "Inställd konsert", "intern text", "otrygg_skolan"} {
			if strings.Contains(body, w) {
				t.Errorf("shows %q", w)
			}
		}
		if r.Header.Get("Set-Cookie") != "" {
			t.Error("the public page sets a cookie")
		}
	})
	t.Run("English and Arabic", func(t *testing.T) {
		en := string(ts.do(t, "GET", feedbackPage+"?lang=en", nil).Body)
		for _, w := range []string{`lang="en" dir="ltr"`, "What happened with your answers", "12 young people have answered.", "More adults out in the evenings", "New lights in Stadsparken", "Ongoing", "This has been done"} {
			if !strings.Contains(en, w) {
				t.Errorf("en: missing %q", w)
			}
		}
		if !strings.Contains(en, fmt.Sprintf(`<b class="pct">%d %%</b>`, int(math.Round(want["otrygg_kvall"].Share.Share*100)))) {
			t.Errorf("en: share missing: %s", en)
		}
		r := ts.do(t, "GET", feedbackPage, nil, "Accept-Language", "ar")
		ar := string(r.Body)
		for _, w := range []string{`lang="ar" dir="rtl"`, "ماذا حدث لإجاباتكم", "المزيد من البالغين في الخارج مساءً", "٪</b>"} {
			if r.Status != 200 || !strings.Contains(ar, w) {
				t.Errorf("ar: missing %q (%d)", w, r.Status)
			}
		}
		// No Arabic line was written for this one: the Swedish shows.
		if !strings.Contains(ar, `<span lang="sv" dir="ltr">Ny belysning i Stadsparken</span>`) {
			t.Error("ar: the activity without an Arabic line is missing")
		}
	})
	t.Run("linked from the start and thank-you pages", func(t *testing.T) {
		home := string(ts.do(t, "GET", "/?lang=en", nil).Body)
		if !strings.Contains(home, `href="`+feedbackPage+`?lang=en"`) || !strings.Contains(home, "What happened with your answers: ") {
			t.Errorf("start page: %s", home)
		}
		thanks := string(ts.do(t, "GET", "/surveys/"+feedbackSlug+"?klar=1&lang=sv", nil).Body)
		if !strings.Contains(thanks, `href="`+feedbackPage+`?lang=sv"`) || !strings.Contains(thanks, "Det här hände med era svar: ") {
			t.Errorf("thank-you page (script): %s", thanks)
		}
		form := url.Values{"submission_id": {uuid.NewString()}, "q.kon": {"tjej"}, "q.trygg_kvall": {"ganska_trygg"}}
		r := ts.do(t, "POST", "/surveys/"+feedbackSlug+"?lang=sv", []byte(form.Encode()), "Content-Type", formType)
		if r.Status != 200 || !strings.Contains(string(r.Body), `href="`+feedbackPage+`?lang=sv"`) {
			t.Errorf("thank-you page (no script): %d %s", r.Status, r.Body)
		}
	})
	t.Run("figures change only with a publication", func(t *testing.T) {
		ts.answer(t, 100, 3) // 12 + 1 from the form above + 3
		if body := string(ts.do(t, "GET", feedbackPage+"?lang=sv", nil).Body); !strings.Contains(body, "12 unga har svarat.") {
			t.Errorf("figures moved without a publication: %s", body)
		}
		if r := ts.setFeedbackAPI(t, `{"enabled":true,"indicators":["otrygg_kvall"]}`); r.Status != 200 {
			t.Fatal(r.Status)
		}
		if body := string(ts.do(t, "GET", feedbackPage+"?lang=sv", nil).Body); !strings.Contains(body, "12 unga har svarat.") {
			t.Errorf("figures moved when the settings changed: %s", body)
		}
		ts.publish(t, feedbackSlug)
		if body := string(ts.do(t, "GET", feedbackPage+"?lang=sv", nil).Body); !strings.Contains(body, "16 unga har svarat.") {
			t.Errorf("figures not counted again after a publication: %s", body)
		}
	})
	t.Run("switched off again", func(t *testing.T) {
		if r := ts.setFeedbackAPI(t, `{"enabled":false,"indicators":["otrygg_kvall"]}`); r.Status != 200 {
			t.Fatal(r.Status)
		}
		if r := ts.do(t, "GET", feedbackPage+"?lang=sv", nil); r.Status != 404 {
			t.Errorf("page after switching off: %d", r.Status)
		}
		if strings.Contains(string(ts.do(t, "GET", "/?lang=sv", nil).Body), feedbackPage) {
			t.Error("the start page still links to it")
		}
		if strings.Contains(string(ts.do(t, "GET", "/surveys/"+feedbackSlug+"?klar=1", nil).Body), feedbackPage) {
			t.Error("the thank-you page still links to it")
		}
	})
}

func TestFeedbackPageWithTooFewAnswers(t *testing.T) {
	ts := newTestServer(t)
	ts.addTestSurvey(t) // its promise has no id, so no action plan
	for range 3 {
		if r := ts.submit(t, matrixSlug, submitBody(uuid.NewString(), validAnswers)); r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	}
	ts.publish(t, matrixSlug)
	r := ts.do(t, "PUT", "/api/v1/admin/surveys/"+matrixSlug+"/feedback", []byte(`{"enabled":true,"indicators":["otrygg_kvall","otrygg_skolan"]}`),
		"Authorization", "Bearer "+adminToken)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r = ts.do(t, "GET", "/surveys/"+matrixSlug+"/feedback?lang=sv", nil)
	body := string(r.Body)
	if r.Status != 200 || strings.Count(body, "För få svar för att visa ännu") != 3 {
		t.Fatalf("%d %s", r.Status, body)
	}
	if m := regexp.MustCompile(`\d+ %|class="pct"|unga har svarat`).FindString(body); m != "" {
		t.Errorf("a page with three answers shows %q", m)
	}
	// Nothing is under way yet: a kind line instead.
	if !strings.Contains(body, "Arbetet med era svar har precis börjat") || strings.Contains(body, `class="acts"`) {
		t.Error("no word on what is being done")
	}
}

// TestFeedbackPageWeight holds the page to the answer page's budget:
// everything a phone downloads, HTML, CSS and script, at most 30 KiB even
// uncompressed, and nothing from another host.
func TestFeedbackPageWeight(t *testing.T) {
	ts := newTestServer(t)
	ts.answer(t, 0, 6)
	feedbackPlan(t, ts)
	sv, err := ts.Store.Survey(context.Background(), feedbackSlug)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, 8)
	for _, ind := range sv.Indicators[:8] {
		ids = append(ids, `"`+ind.ID+`"`)
	}
	if r := ts.setFeedbackAPI(t, `{"enabled":true,"indicators":[`+strings.Join(ids, ",")+`]}`); r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	refs := regexp.MustCompile(`(?:href|src)="([^"]+)"`)
	for _, lang := range []string{"sv", "en", "ar"} {
		page := ts.do(t, "GET", feedbackPage+"?lang="+lang, nil)
		if page.Status != 200 {
			t.Fatalf("%s: %d", lang, page.Status)
		}
		total := len(page.Body)
		for _, m := range refs.FindAllStringSubmatch(string(page.Body), -1) {
			ref := html.UnescapeString(m[1])
			switch {
			case strings.HasPrefix(ref, "/static/"):
				r := ts.do(t, "GET", ref, nil)
				if r.Status != 200 {
					t.Fatalf("%s: %d", ref, r.Status)
				}
				total += len(r.Body)
			case strings.HasPrefix(ref, "https://") && (strings.Contains(ref, "google.com/search") || strings.HasPrefix(m[0], "href")):
				// Links the young person may follow (quick exit, help
				// resources), not something the page loads.
			case strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "?") || strings.HasPrefix(ref, "tel:") || strings.HasPrefix(ref, "data:"):
			default:
				t.Errorf("%s: reference to elsewhere: %s", lang, ref)
			}
		}
		t.Logf("feedback page (%s): %d bytes uncompressed with its CSS and script", lang, total)
		if total > 30*1024 {
			t.Errorf("%s: the feedback page weighs %d bytes; the budget is 30 KiB", lang, total)
		}
	}
}

// TestFeedbackCacheCountsOnce: a class opening the page at once costs one
// pass over the answers, a failure is not kept, and a new version or a
// change of settings counts again.
func TestFeedbackCacheCountsOnce(t *testing.T) {
	fc := newFeedbackCache(time.Hour)
	var calls atomic.Int32
	release := make(chan struct{})
	fail := atomic.Bool{}
	build := func(ctx context.Context, sv *models.Survey) (*feedbackFigures, error) {
		calls.Add(1)
		<-release
		if fail.Load() {
			return nil, errors.New("database gone")
		}
		return &feedbackFigures{Version: sv.Version, N: int(calls.Load())}, nil
	}
	sv := &models.Survey{Slug: "s", Version: 1}
	var wg sync.WaitGroup
	got := make([]*feedbackFigures, 30)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := fc.figures(context.Background(), sv, build)
			if err != nil {
				t.Error(err)
			}
			got[i] = f
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("%d counts for 30 concurrent first requests", calls.Load())
	}
	for _, f := range got {
		if f != got[0] {
			t.Fatal("requests got different figures")
		}
	}
	if f, _ := fc.figures(context.Background(), sv, build); f != got[0] || calls.Load() != 1 {
		t.Fatal("a later request counted again")
	}

	// A request that gives up does not stop the count for the others.
	fc.forget("s")
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	release = make(chan struct{})
	if _, err := fc.figures(ctx, sv, build); models.ErrorCode(err) != models.ErrUnavailable {
		t.Fatalf("gave up: %v", err)
	}
	close(release)
	if f, err := fc.figures(context.Background(), sv, build); err != nil || f.N != 2 || calls.Load() != 2 {
		t.Fatalf("after forget: %+v %v, %d counts", f, err, calls.Load())
	}

	sv2 := &models.Survey{Slug: "s", Version: 2}
	fail.Store(true)
	if _, err := fc.figures(context.Background(), sv2, build); err == nil || calls.Load() != 3 {
		t.Fatalf("a new version was not counted: %v, %d", err, calls.Load())
	}
	fail.Store(false)
	if f, err := fc.figures(context.Background(), sv2, build); err != nil || f.Version != 2 || calls.Load() != 4 {
		t.Fatalf("a failed count was kept: %+v %v, %d", f, err, calls.Load())
	}
}

// reopenEarlierWave stores ungdomsdialog-2022 again, open so it can be
// answered; reworded changes trygg_kvall's Swedish wording, which breaks
// otrygg_kvall between the waves.
func reopenEarlierWave(t *testing.T, ts *testServer, reworded bool) {
	t.Helper()
	if reworded {
		rewordEarlierWave(t, ts)
		return
	}
	ctx := context.Background()
	sv, err := ts.Store.Survey(ctx, "ungdomsdialog-2022")
	if err != nil {
		t.Fatal(err)
	}
	sv.Status, sv.OpensAt, sv.ClosesAt = models.StatusOpen, nil, nil
	if _, err := ts.Store.PublishSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
}

// answerBoth answers n pupils in slug with one answer to trygg_kvall and
// half and half to trygg_skolan, and publishes.
func (ts *testServer) answerWith(t *testing.T, slug string, n int, kvall string) {
	t.Helper()
	for i := range n {
		answers := `{"kon":"tjej","trygg_kvall":"` + kvall + `","trygg_skolan":"` + []string{"inte_alls", "helt_och_hallet"}[i%2] + `"}`
		if r := ts.submit(t, slug, submitBody(uuid.NewString(), answers)); r.Status != 201 {
			t.Fatalf("%s, pupil %d: %d %s", slug, i, r.Status, r.Body)
		}
	}
	ts.publish(t, slug)
}

// TestFeedbackPageTellsTheChangeUnderTheBreakRule: young people read the
// change since the last wave only where the staff follow-up calls it
// clear, never across a break, and see the publication's date.
func TestFeedbackPageTellsTheChangeUnderTheBreakRule(t *testing.T) {
	const (
		fewer   = "Färre av er känner sig ganska eller mycket otrygga ute ensamma sent på kvällen där de bor än förra gången."
		unclear = "Vi kan inte säga säkert att det har ändrats sedan förra gången."
		broken  = "Frågan har ändrats sedan förra gången, så svaren kan inte jämföras."
	)
	for _, tc := range []struct {
		name      string
		reworded  bool
		want, not []string
	}{
		{"comparable", false, []string{fewer, unclear}, []string{broken, "Fler av er"}},
		{"a break", true, []string{broken, unclear}, []string{fewer, "Fler av er"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t)
			reopenEarlierWave(t, ts, tc.reworded)
			ts.answerWith(t, "ungdomsdialog-2022", 30, "mycket_otrygg")
			ts.answerWith(t, feedbackSlug, 30, "mycket_trygg")
			if r := ts.setFeedbackAPI(t, `{"enabled":true,"indicators":["otrygg_kvall","otrygg_skolan"]}`); r.Status != 200 {
				t.Fatalf("switch on: %d %s", r.Status, r.Body)
			}
			pub, err := ts.Results.Publication(context.Background(), feedbackSlug, 0)
			if err != nil {
				t.Fatal(err)
			}
			body := html.UnescapeString(string(ts.do(t, "GET", feedbackPage+"?lang=sv", nil).Body))
			for _, w := range append(tc.want, "Siffrorna är från "+pub.Day+".", "0 % av er känner sig ganska eller mycket otrygga ute ensamma") {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(body, w) {
					t.Errorf("says %q", w)
				}
			}
			if en := html.UnescapeString(string(ts.do(t, "GET", feedbackPage+"?lang=en", nil).Body)); !tc.reworded &&
				!strings.Contains(en, "Fewer of you feel quite or very unsafe out alone late in the evening where they live than last time.") {
				t.Errorf("en: no change told:\n%s", en)
			}
		})
	}
}
