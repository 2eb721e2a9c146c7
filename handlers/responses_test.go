package handlers

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
)

func submitBody(id string, answers string, extra ...string) []byte {
	b := fmt.Sprintf(`{"submission_id":%q,"answers":%s`, id, answers)
	for _, e := range extra {
		b += "," + e
	}
	return []byte(b + "}")
}

const validAnswers = `{"kon":"tjej","alder":14,"trygg_kvall":"ganska_otrygg","varfor":["droger","morkt"],"platser":{"skolan":"trygg","centrum":"otrygg"},"ovrigt":"Mer ljus i parken"}`

func (ts *testServer) submit(t *testing.T, slug string, body []byte, header ...string) response {
	t.Helper()
	return ts.do(t, "POST", "/api/v1/surveys/"+slug+"/responses", body, append([]string{"Content-Type", "application/json"}, header...)...)
}

func TestSubmitStoresExactlyOnce(t *testing.T) {
	ts := newTestServer(t)
	ts.addTestSurvey(t)
	id := uuid.NewString()
	r := ts.submit(t, "testdialog-2023", submitBody(id, validAnswers, `"lang":"sv"`))
	if r.Status != 201 || !strings.Contains(string(r.Body), `"duplicate":false`) {
		t.Fatalf("first: %d %s", r.Status, r.Body)
	}
	r = ts.submit(t, "testdialog-2023", submitBody(id, validAnswers))
	if r.Status != 200 || !strings.Contains(string(r.Body), `"duplicate":true`) {
		t.Fatalf("retry: %d %s", r.Status, r.Body)
	}
	got, err := ts.Store.FindResponses(context.Background(), "testdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d responses stored, want 1", len(got))
	}
	// Answers are stored normalized: multi in definition order, numbers as integers.
	stored, _ := json.Marshal(got[0].Answers)
	want := `{"alder":14,"kon":"tjej","ovrigt":"Mer ljus i parken","platser":{"centrum":"otrygg","skolan":"trygg"},"trygg_kvall":"ganska_otrygg","varfor":["morkt","droger"]}`
	if string(stored) != want {
		t.Fatalf("answers stored as\n%s\nwant\n%s", stored, want)
	}
}

func TestConcurrentRetriesStoreOnce(t *testing.T) {
	ts := newTestServer(t)
	ts.addTestSurvey(t)
	id := uuid.NewString()
	const n = 12
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- ts.submit(t, "testdialog-2023", submitBody(id, validAnswers)).Status
		}()
	}
	wg.Wait()
	close(statuses)
	created := 0
	for s := range statuses {
		switch s {
		case 201:
			created++
		case 200:
		default:
			t.Errorf("status %d", s)
		}
	}
	count, err := ts.Store.ResponsesBySubmission(context.Background(), "testdialog-2023", id)
	if err != nil {
		t.Fatal(err)
	}
	if created != 1 || count != 1 {
		t.Fatalf("%d answered 201 and %d stored; want exactly one of each", created, count)
	}
}

func TestStoredResponseHoldsNothingThatPointsAtThePerson(t *testing.T) {
	ts := newTestServer(t)
	ts.addTestSurvey(t)
	r := ts.submit(t, "testdialog-2023", submitBody(uuid.NewString(), validAnswers, `"lang":"en"`),
		"User-Agent", "Marker-UA/1.0", "X-Forwarded-For", "198.51.100.23", "Cookie", "tracker=marker-cookie")
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if r.Header.Get("Set-Cookie") != "" {
		t.Fatal("public route set a cookie")
	}
	docs, err := ts.Store.RawResponses(context.Background(), "testdialog-2023")
	if err != nil || len(docs) != 1 {
		t.Fatalf("%d docs, %v", len(docs), err)
	}
	doc := docs[0]
	// rk is the record key for cell-key noise: a random number drawn by
	// the store, nothing the request carried.
	allowed := map[string]bool{"_id": true, "survey": true, "version": true, "submission_id": true, "lang": true, "day": true, "answers": true, "rk": true}
	for k := range doc {
		if !allowed[k] {
			t.Errorf("stored field %q", k)
		}
	}
	id, _ := doc["_id"].(string)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Errorf("_id %#v is not a random 128-bit hex string", doc["_id"])
	}
	if want := time.Now().In(mustLoad(t, "Europe/Stockholm")).Format(time.DateOnly); doc["day"] != want {
		t.Errorf("day = %v, want %s", doc["day"], want)
	}
	raw, _ := json.Marshal(doc)
	for _, leak := range []string{"Marker-UA", "198.51.100.23", "127.0.0.1", "marker-cookie"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("stored response holds %q", leak)
		}
	}
}

func mustLoad(t *testing.T, zone string) *time.Location {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestFreeTextIsScrubbedBeforeItIsStored(t *testing.T) {
	ts := newTestServer(t)
	ts.addTestSurvey(t)
	answers := strings.Replace(validAnswers, "Mer ljus i parken", "ring 0701234567", 1)
	if r := ts.submit(t, "testdialog-2023", submitBody(uuid.NewString(), answers)); r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	got, _ := ts.Store.FindResponses(context.Background(), "testdialog-2023")
	if len(got) != 1 || got[0].Answers["ovrigt"] != "ring [borttaget]" || !got[0].Redacted {
		t.Fatalf("stored %#v", got)
	}
}

func TestInvalidAnswersListEveryProblem(t *testing.T) {
	ts := newTestServer(t)
	ts.addTestSurvey(t)
	answers := `{"alder":"fjorton","trygg_kvall":"ja","varfor":["morkt","morkt"],"platser":{"skolan":"trygg","taket":"trygg"},"ovrigt":{"$gt":""},"hemlig":"x"}`
	for _, lang := range []string{"sv", "en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			r := ts.submit(t, "testdialog-2023", submitBody("not-a-uuid", answers, `"lang":"`+lang+`"`))
			if r.Status != 422 || r.ErrorCode(t) != "invalid" {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			var e struct {
				Error struct {
					Message string         `json:"message"`
					Fields  []fieldProblem `json:"fields"`
				} `json:"error"`
			}
			r.JSON(t, &e)
			want := map[string]string{
				"submission_id": "invalid",
				"kon":           "required",
				"alder":         "wrong_type",
				"trygg_kvall":   "not_an_option",
				"varfor":        "repeated_option", // its show_if source is itself wrong, so only its own problem counts
				"platser":       "unknown_row",
				"ovrigt":        "wrong_type",
				"hemlig":        "unknown_question",
			}
			got := map[string]string{}
			for _, f := range e.Error.Fields {
				got[f.Question+f.Field] = f.Code
				if f.Message == "" {
					t.Errorf("%+v has no message", f)
				}
				if lang == "ar" && !regexp.MustCompile(`\p{Arabic}`).MatchString(f.Message) && f.Field == "" {
					t.Errorf("message %q is not in Arabic", f.Message)
				}
			}
			for k, code := range want {
				if got[k] != code {
					t.Errorf("%s: code %q, want %q (all: %v)", k, got[k], code, got)
				}
			}
		})
	}
}

func TestSubmissionRejections(t *testing.T) {
	ts := newTestServer(t)
	ts.addTestSurvey(t)
	big := `"` + strings.Repeat("a", 70<<10) + `"`
	tests := []struct {
		name   string
		slug   string
		body   []byte
		status int
		code   string
	}{
		{"malformed JSON", "testdialog-2023", []byte(`{"submission_id":`), 400, "bad_request"},
		{"not an object", "testdialog-2023", []byte(`[1,2]`), 400, "bad_request"},
		{"trailing data", "testdialog-2023", append(submitBody(uuid.NewString(), validAnswers), []byte(`{}`)...), 400, "bad_request"},
		{"invalid UTF-8", "testdialog-2023", append([]byte(`{"submission_id":"`), 0xff, 0xfe, '"', '}'), 400, "bad_request"},
		{"unknown top-level field", "testdialog-2023", submitBody(uuid.NewString(), validAnswers, `"ip":"1.2.3.4"`), 400, "bad_request"},
		{"deep nesting", "testdialog-2023", []byte(`{"answers":{"kon":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`), 400, "bad_request"},
		{"unknown survey", "finns-inte", submitBody(uuid.NewString(), validAnswers), 404, "not_found"},
		{"closed survey", "ungdomsdialog-2022", submitBody(uuid.NewString(), `{}`), 409, "closed"},
		{"body over 64 KiB", "testdialog-2023", submitBody(uuid.NewString(), `{"ovrigt":`+big+`}`), 413, "too_large"},
		{"bad language", "testdialog-2023", submitBody(uuid.NewString(), validAnswers, `"lang":"xx"`), 422, "invalid"},
		{"unknown session code", "testdialog-2023", submitBody(uuid.NewString(), validAnswers, `"session":"ABC234"`), 409, "closed"},
		{"text over max length", "testdialog-2023", submitBody(uuid.NewString(), strings.Replace(validAnswers, "Mer ljus i parken", strings.Repeat("å", 21), 1)), 422, "invalid"},
		{"NUL in text", "testdialog-2023", submitBody(uuid.NewString(), strings.Replace(validAnswers, "Mer ljus", `Mer\u0000ljus`, 1)), 422, "invalid"},
		{"too many choices", "testdialog-2023", submitBody(uuid.NewString(), strings.Replace(validAnswers, `["droger","morkt"]`, `["droger","morkt","grupper"]`, 1)), 422, "invalid"},
		{"number out of range", "testdialog-2023", submitBody(uuid.NewString(), strings.Replace(validAnswers, `"alder":14`, `"alder":99999999999999999999`, 1)), 422, "invalid"},
		{"number not integer", "testdialog-2023", submitBody(uuid.NewString(), strings.Replace(validAnswers, `"alder":14`, `"alder":14.5`, 1)), 422, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.submit(t, tt.slug, tt.body)
			if r.Status != tt.status || r.ErrorCode(t) != tt.code {
				t.Fatalf("%d %.300s", r.Status, r.Body)
			}
		})
	}
	got, _ := ts.Store.FindResponses(context.Background(), "testdialog-2023")
	if len(got) != 0 {
		t.Fatalf("%d rejected submissions were stored", len(got))
	}
}

func TestSubmissionRateLimit(t *testing.T) {
	ts := newTestServerWith(t, func(c *Config) { c.SubmitRate = 3 })
	ts.addTestSurvey(t)
	for i := range 3 {
		if r := ts.submit(t, "testdialog-2023", submitBody(uuid.NewString(), validAnswers)); r.Status != 201 {
			t.Fatalf("submission %d: %d", i, r.Status)
		}
	}
	r := ts.submit(t, "testdialog-2023", submitBody(uuid.NewString(), validAnswers))
	if r.Status != 429 || r.ErrorCode(t) != "rate_limited" {
		t.Fatalf("fourth: %d %s", r.Status, r.Body)
	}
	if ra := r.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Fatalf("Retry-After %q", ra)
	}
}

func TestDefaultRateLetsAWholeClassIn(t *testing.T) {
	ts := newTestServerWith(t, func(c *Config) { c.SubmitRate = 120 })
	ts.addTestSurvey(t)
	for i := range 35 {
		if r := ts.submit(t, "testdialog-2023", submitBody(uuid.NewString(), validAnswers)); r.Status != 201 {
			t.Fatalf("pupil %d of 35 from one address: %d", i+1, r.Status)
		}
	}
}

// The message of a submission that answers nothing, by language.
var emptyMessages = map[string]string{
	"sv": "Svara på minst en fråga innan du skickar.",
	"en": "Answer at least one question before you send.",
	"ar": "أجب عن سؤال واحد على الأقل قبل الإرسال.",
}

// emptyForm is a post of the built-in survey's form with nothing answered:
// the fields a browser sends anyway, empty, and a blank text.
func emptyForm(sid string, extra ...string) []byte {
	f := url.Values{"submission_id": {sid}, "q.forslag": {"  \r\n "}, "q.arskurs": {""}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return []byte(f.Encode())
}

func (ts *testServer) postForm(t *testing.T, path string, body []byte) response {
	t.Helper()
	return ts.do(t, "POST", path, body, "Content-Type", "application/x-www-form-urlencoded")
}

func (ts *testServer) countResponses(t *testing.T, slug string) int {
	t.Helper()
	got, err := ts.Store.FindResponses(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return len(got)
}

// checkEmptyRefused holds a JSON answer to the contract's 422 with the one
// problem "empty", in lang.
func checkEmptyRefused(t *testing.T, r response, lang string) {
	t.Helper()
	if r.Status != 422 || r.ErrorCode(t) != "invalid" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var e struct {
		Error struct {
			Message string         `json:"message"`
			Fields  []fieldProblem `json:"fields"`
		} `json:"error"`
	}
	r.JSON(t, &e)
	want := fieldProblem{Field: "answers", Code: "empty", Message: emptyMessages[lang]}
	if len(e.Error.Fields) != 1 || e.Error.Fields[0] != want || e.Error.Message != want.Message {
		t.Fatalf("got %s\nwant the one problem %+v", r.Body, want)
	}
}

func TestEmptySubmissionIsRefused(t *testing.T) {
	const slug = "ungdomsdialog-2023" // no required question: only the empty rule refuses
	ts := newTestServer(t)
	bodies := map[string]string{
		"no answers":           `{}`,
		"answers left out":     ``,
		"every value empty":    `{"kon":"","arskurs":null,"battre_trygghet":[],"kontaktad_var":[],"trygghet_platser":{"skolan":""},"forslag":"  \n\t "}`,
		"only a hidden answer": `{"kontaktad_var":["skolan"]}`,
	}
	for name, answers := range bodies {
		for lang := range emptyMessages {
			t.Run(name+"/"+lang, func(t *testing.T) {
				body := submitBody(uuid.NewString(), cmp.Or(answers, "null"), `"lang":"`+lang+`"`)
				r := ts.submit(t, slug, body)
				if name == "only a hidden answer" {
					// The API refuses a hidden question's answer as well.
					if r.Status != 422 || !strings.Contains(string(r.Body), `"code":"empty"`) || !strings.Contains(string(r.Body), `"code":"hidden"`) {
						t.Fatalf("%d %s", r.Status, r.Body)
					}
					return
				}
				checkEmptyRefused(t, r, lang)
			})
		}
	}
	// The language of the answer comes from the route's usual places too.
	t.Run("lang from the query", func(t *testing.T) {
		r := ts.do(t, "POST", "/api/v1/surveys/"+slug+"/responses?lang=ar", submitBody(uuid.NewString(), `{}`), "Content-Type", "application/json")
		checkEmptyRefused(t, r, "ar")
	})
	t.Run("lang from Accept-Language", func(t *testing.T) {
		checkEmptyRefused(t, ts.submit(t, slug, submitBody(uuid.NewString(), `{}`), "Accept-Language", "en-GB,en;q=0.8"), "en")
	})
	if n := ts.countResponses(t, slug); n != 0 {
		t.Fatalf("%d empty submissions stored", n)
	}
	if r := ts.submit(t, slug, submitBody(uuid.NewString(), `{"forslag":"Mer ljus"}`)); r.Status != 201 {
		t.Fatalf("one answer: %d %s", r.Status, r.Body)
	}
	if n := ts.countResponses(t, slug); n != 1 {
		t.Fatalf("%d stored, want 1", n)
	}
}

func TestEmptyFormIsRefused(t *testing.T) {
	const slug = "ungdomsdialog-2023"
	ts := newTestServer(t)
	for lang, msg := range emptyMessages {
		t.Run(lang, func(t *testing.T) {
			sid := uuid.NewString()
			r := ts.postForm(t, "/surveys/"+slug+"?lang="+lang, emptyForm(sid, "q.kontaktad_var", "skolan"))
			body := string(r.Body)
			// The message heads the page, in the summary the form jumps to,
			// and the page keeps its submission id for the next try.
			summary := regexp.MustCompile(`(?s)<div id="fel"[^>]*>.*?</div>`).FindString(body)
			if r.Status != 422 || !strings.Contains(summary, "<li>"+msg+"</li>") || strings.Contains(summary, " hidden") {
				t.Fatalf("%d, summary %q", r.Status, summary)
			}
			if !strings.Contains(body, `name="submission_id" value="`+sid+`"`) {
				t.Fatal("the page lost its submission id")
			}
		})
	}
	if n := ts.countResponses(t, slug); n != 0 {
		t.Fatalf("%d empty posts stored", n)
	}
	r := ts.postForm(t, "/surveys/"+slug, emptyForm(uuid.NewString(), "q.kon", "tjej"))
	if r.Status != 200 || ts.countResponses(t, slug) != 1 {
		t.Fatalf("one answer: %d", r.Status)
	}
}

// Answering in a field session, kiosk or not, goes through the same
// checks; a refused post counts no respondent in the session.
func TestEmptyAnswersInASession(t *testing.T) {
	const slug = "ungdomsdialog-2023"
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	for _, kiosk := range []bool{false, true} {
		t.Run(fmt.Sprintf("kiosk %v", kiosk), func(t *testing.T) {
			code := ts.startSession(t, fac, fmt.Sprintf(`{"survey":%q,"kiosk":%v}`, slug, kiosk)).Code
			page := ts.do(t, "GET", "/s/"+code+"?lang=en", nil)
			m := regexp.MustCompile(`name="submission_id" value="([^"]+)"`).FindSubmatch(page.Body)
			if page.Status != 200 || m == nil || !strings.Contains(string(page.Body), `data-m-empty="`+emptyMessages["en"]+`"`) {
				t.Fatalf("join page: %d", page.Status)
			}
			r := ts.postForm(t, "/surveys/"+slug+"?lang=en", emptyForm(string(m[1]), "session", code))
			if r.Status != 422 || !strings.Contains(string(r.Body), emptyMessages["en"]) || !strings.Contains(string(r.Body), `name="session" value="`+code+`"`) {
				t.Fatalf("no-JS post: %d", r.Status)
			}
			checkEmptyRefused(t, ts.submit(t, slug, submitBody(uuid.NewString(), `{}`, `"session":"`+code+`","lang":"en"`)), "en")
			var v sessionView
			ts.as(t, fac, "GET", "/api/v1/admin/sessions/"+code, nil).JSON(t, &v)
			if v.Responses != 0 {
				t.Fatalf("the session counts %d respondents", v.Responses)
			}
		})
	}
	if n := ts.countResponses(t, slug); n != 0 {
		t.Fatalf("%d empty answers stored", n)
	}
}

// TestAnEmptySubmissionTouchesNoDatabase: an empty post, on the API and
// the form, is refused from what the request holds: with the database
// gone it is still the plain 422, never a 503 from a lookup. On the
// embedded engine a lookup of the submission id read every response,
// some seconds of work for anyone who posts nothing.
func TestAnEmptySubmissionTouchesNoDatabase(t *testing.T) {
	const slug = "ungdomsdialog-2023"
	ts := newTestServer(t)
	// The definition is read once and kept briefly; then the database goes.
	if r := ts.do(t, "GET", "/api/v1/surveys/"+slug, nil); r.Status != 200 {
		t.Fatalf("definition: %d", r.Status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ts.Store.Close(ctx); err != nil {
		t.Fatal(err)
	}
	r := ts.submit(t, slug, submitBody(uuid.NewString(), `{}`))
	if r.Status != 422 || r.ErrorCode(t) != models.ErrInvalid || !strings.Contains(string(r.Body), "Svara på minst en fråga") {
		t.Fatalf("API: %d %s", r.Status, r.Body)
	}
	if r := ts.postForm(t, "/surveys/"+slug, emptyForm(uuid.NewString())); r.Status != 422 || !strings.Contains(string(r.Body), "Svara på minst en fråga") {
		t.Fatalf("form: %d", r.Status)
	}
	// A real answer needs the database: that one is the 503.
	if r := ts.submit(t, slug, submitBody(uuid.NewString(), `{"kon":"tjej"}`)); r.Status != 503 {
		t.Fatalf("an answer with the database gone: %d %s", r.Status, r.Body)
	}
}
