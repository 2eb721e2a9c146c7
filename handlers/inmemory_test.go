package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"medborgardialog/demo"
	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
)

// serveAgain starts a second service on ts's database, as after a
// restart: a fresh in-memory copy, read from what the database holds.
func serveAgain(t *testing.T, ts *testServer, st results.Store, wait time.Duration) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	res := results.New(st, results.Options{TextDir: t.TempDir(), Logger: log, Wait: wait})
	ts.Store.AddObserver(res)
	t.Cleanup(res.Close)
	h, err := New(Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5, Results: res, Now: ts.Clock.Now}, ts.Store, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{URL: srv.URL, Store: ts.Store, Logs: logs, Results: res, Clock: ts.Clock}
}

// scanResults is what the results route would show for query if it
// counted by reading every response from the database.
func scanResults(t *testing.T, st *store.Store, query string) any {
	t.Helper()
	ctx := context.Background()
	sv, err := st.Survey(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	base, err := st.Survey(ctx, sv.CompareWith)
	if err != nil {
		t.Fatal(err)
	}
	places, err := st.Places(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	f := models.ResponseFilter{Survey: sv.Slug, Area: v.Get("area"), School: v.Get("school"), Grade: v.Get("grade"),
		Gender: v.Get("gender"), Age: v.Get("age")}
	res, err := export.Build(ctx, export.Scan(st), export.Request{Survey: sv, Baseline: base, Filter: f, MinCell: 5, Places: places})
	if err != nil {
		t.Fatal(err)
	}
	return jsonValue(t, res)
}

func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAsAScan checks that the results route shows, for every view, the
// figures a scan of the database gives: counts, shares, noise, changes.
func sameAsAScan(t *testing.T, ts *testServer, as staffUser, what string, queries []string) {
	t.Helper()
	for _, q := range queries {
		r := ts.as(t, as, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results?"+q, nil)
		if r.Status != 200 {
			t.Fatalf("%s %q: %d %s", what, q, r.Status, r.Body)
		}
		var body struct {
			Results any `json:"results"`
		}
		r.JSON(t, &body)
		if want := scanResults(t, ts.Store, q); !reflect.DeepEqual(body.Results, want) {
			a, _ := json.Marshal(want)
			b, _ := json.Marshal(body.Results)
			t.Fatalf("%s %q: the service's figures differ from a scan's\nscan:    %.500s\nservice: %.500s", what, q, a, b)
		}
	}
}

// TestTheServiceCountsWhatAScanCounts drives the service through its own
// routes (submissions and their retries, an exclusion, a restart) and
// checks every view of the results against a scan of the database, and
// the workbook's free text against the stored texts.
func TestTheServiceCountsWhatAScanCounts(t *testing.T) {
	ctx := context.Background()
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	sv, err := ts.Store.Survey(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	base, err := ts.Store.Survey(ctx, sv.CompareWith)
	if err != nil {
		t.Fatal(err)
	}
	// The copy is read before the demo data arrives, so the data reaches
	// it through the store's writes.
	if _, err := ts.Results.Columns(ctx, sv.Slug); err != nil {
		t.Fatal(err)
	}
	err = demo.Fill(ctx, ts.Store, []demo.Wave{
		{Survey: base, From: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC), Count: 150},
		{Survey: sv, From: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), Count: 250},
	}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The class's pupils say they live in Storvik; their session says
	// Norrsätra, and Norrsätra is where they count. Pupils who answer
	// without a session are placed by their own answers.
	class := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak8"}`).Code
	for i := range 12 {
		body := submitBody(uuid.NewString(), pupilAnswers(i), `"session":"`+class+`"`)
		for try, want := range []int{201, 200, 200} { // sent again: the answer page's offline queue retries
			if r := ts.submit(t, "ungdomsdialog-2023", body); r.Status != want {
				t.Fatalf("pupil %d, try %d: %d %s", i, try, r.Status, r.Body)
			}
		}
	}
	for i := range 9 {
		if r := ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), pupilAnswers(i))); r.Status != 201 {
			t.Fatalf("pupil %d without a session: %d %s", i, r.Status, r.Body)
		}
	}
	queries := []string{"", "area=centrum", "area=storvik", "area=norrsatra", "school=norrsatraskolan", "grade=ak8",
		"school=norrsatraskolan&grade=ak8", "gender=tjej", "area=storvik&gender=kille", "area=norrsatra&grade=ak8"}
	ts.publish(t, sv.Slug)
	ts.publish(t, base.Slug)
	sameAsAScan(t, ts, analyst, "after submissions and retries", queries)
	sameTexts(t, ts, analyst, "after submissions and retries")

	if r := ts.admin(t, "POST", "/api/v1/admin/sessions/"+class+"/exclude", []byte(`{"reason":"testade bara"}`)); r.Status != 200 {
		t.Fatalf("exclude: %d %s", r.Status, r.Body)
	}
	ts.publish(t, sv.Slug)
	sameAsAScan(t, ts, analyst, "after an exclusion", queries[:3])
	sameTexts(t, ts, analyst, "after an exclusion", true)

	again := serveAgain(t, ts, ts.Store, 0)
	sameAsAScan(t, again, analyst, "after a restart", queries)
	sameTexts(t, again, analyst, "after a restart", true)
}

// sameTexts checks the workbook's Fritext sheet against the free text
// stored in the counted responses, or in every stored response for
// everPublished: published texts stay published after an exclusion.
func sameTexts(t *testing.T, ts *testServer, as staffUser, what string, everPublished ...bool) {
	t.Helper()
	r := ts.as(t, as, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx", nil)
	if r.Status != 200 {
		t.Fatalf("%s: workbook %d %s", what, r.Status, r.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Fritext")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, row := range rows[1:] {
		if len(row) >= 3 && row[0] == "forslag" {
			got[row[2]]++
		}
	}
	sv, err := ts.Store.Survey(context.Background(), "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	spool, err := export.NewTextSpool(sv, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer spool.Close()
	if len(everPublished) > 0 && everPublished[0] {
		all, err := ts.Store.FindResponses(context.Background(), sv.Slug)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range all {
			for id, v := range r.Answers {
				spool.AddText(id, v)
			}
		}
	} else if err := export.TextsOf(ts.Store).EachText(context.Background(), sv.Slug, spool.AddText); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	err = spool.Each("forslag", func(s string) error {
		want[s]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: the Fritext sheet has %d distinct texts, the stored responses %d\ngot  %v\nwant %v", what, len(got), len(want), got, want)
	}
}

// heldStore is the real store whose reads for a copy wait until released.
type heldStore struct {
	*store.Store
	release chan struct{}
}

func (h heldStore) EachStoredResponse(ctx context.Context, surveys []string, fn func(*models.Response) error) error {
	select {
	case <-h.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return h.Store.EachStoredResponse(ctx, surveys, fn)
}

// TestWhileTheResponsesAreReadFiguresStayAvailable: after a restart the
// published figures come at once, from the publication, while the live
// copy is still being read; only a new publication needs the copy, and
// until it is read the API says 503 "loading" with how far the read has
// come.
func TestWhileTheResponsesAreReadFiguresStayAvailable(t *testing.T) {
	ts := newTestServer(t)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	ts.answerInSession(t, ts.startSession(t, ts.addStaff(t, "fatima", models.RoleFacilitator), `{"survey":"ungdomsdialog-2023"}`).Code, 7)
	ts.publish(t, "ungdomsdialog-2023")
	held := heldStore{Store: ts.Store, release: make(chan struct{})}
	again := serveAgain(t, ts, held, 20*time.Millisecond)
	if n := again.surveyN(t, analyst); n != 7 {
		t.Fatalf("published figures while the copy is read: n %d", n)
	}

	var r response
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Loaded  *int   `json:"loaded"`
			Total   int    `json:"total"`
		} `json:"error"`
	}
	again.Clock.Advance(29 * 24 * time.Hour)
	// Until the read has counted what it is to read, the total is 0.
	for deadline := time.Now().Add(10 * time.Second); body.Error.Total == 0 && time.Now().Before(deadline); {
		r = again.admin(t, "POST", "/api/v1/admin/surveys/ungdomsdialog-2023/publications", nil)
		r.JSON(t, &body)
	}
	if r.Status != 503 || body.Error.Code != "loading" || body.Error.Loaded == nil || body.Error.Total != 7 ||
		r.Header.Get("Retry-After") == "" || !strings.Contains(body.Error.Message, "0 av 7") {
		t.Fatalf("publishing while loading: %d %s (Retry-After %q)\n%s", r.Status, r.Body, r.Header.Get("Retry-After"), again.Logs)
	}
	close(held.release)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		r := again.admin(t, "POST", "/api/v1/admin/surveys/ungdomsdialog-2023/publications", nil)
		if r.Status == 201 {
			break
		}
		if r.Status != 503 || time.Now().After(deadline) {
			t.Fatalf("after the read was let go: %d %s", r.Status, r.Body)
		}
	}
	if n := again.surveyN(t, analyst); n != 7 {
		t.Fatalf("after the read: n %d", n)
	}
}
