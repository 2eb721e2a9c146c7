package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
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
		{"unknown session code", "testdialog-2023", submitBody(uuid.NewString(), validAnswers, `"session":"ABC234"`), 422, "invalid"},
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
