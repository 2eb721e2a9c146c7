package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const adminToken = "handlers-test-admin-token-0123456789"

type testServer struct {
	URL     string
	Store   *store.Store
	Logs    *syncBuffer      // everything the server logged
	Results *results.Manager // the figures' in-memory copy of the responses
	Clock   *testClock       // what publications are spaced by
}

// testClock is a clock a test moves forward.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// publish makes the survey's next publication through the API, moving
// the clock past the publication interval first, and returns its number.
func (ts *testServer) publish(t *testing.T, slug string) int {
	t.Helper()
	ts.Clock.Advance(29 * 24 * time.Hour)
	resp := ts.admin(t, "POST", "/api/v1/admin/surveys/"+slug+"/publications", []byte(`{"note":"test"}`))
	if resp.Status != http.StatusCreated {
		t.Fatalf("publish %s: %d %s", slug, resp.Status, resp.Body)
	}
	var body struct {
		Publication int `json:"publication"`
	}
	resp.JSON(t, &body)
	return body.Publication
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newTestServer serves the real handler on a fresh database holding the
// built-in surveys.
func newTestServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServerWith(t, func(*Config) {})
}

// newTestServerWith lets a test change the configuration first.
func newTestServerWith(t *testing.T, adjust func(*Config)) *testServer {
	t.Helper()
	st, builtin := storeWithBuiltins(t)
	if err := followup.SeedBuiltins(context.Background(), st, builtin, time.Now()); err != nil {
		t.Fatal(err)
	}
	places, err := surveys.BuiltinPlaces()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.EnsurePlaces(context.Background(), places); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	res := results.New(st, results.Options{TextDir: t.TempDir(), Logger: log})
	st.AddObserver(res)
	t.Cleanup(res.Close)
	clock := &testClock{now: time.Now()}
	cfg := Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5, Results: res, Now: clock.Now}
	adjust(&cfg)
	h, err := New(cfg, st, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{URL: srv.URL, Store: st, Logs: logs, Results: res, Clock: clock}
}

// storeWithBuiltins is a fresh store holding the built-in surveys.
func storeWithBuiltins(t *testing.T) (*store.Store, []*models.Survey) {
	t.Helper()
	st := storetest.New(t)
	builtin, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureSurveys(context.Background(), builtin); err != nil {
		t.Fatal(err)
	}
	return st, builtin
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it is not JSON.
func (r response) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("body is not JSON (%v): %s", err, r.Body)
	}
}

// ErrorCode is the code of a standard error body.
func (r response) ErrorCode(t *testing.T) string {
	t.Helper()
	var e errorBody
	r.JSON(t, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not an error body: %s", r.Body)
	}
	return e.Error.Code
}

func (ts *testServer) do(t *testing.T, method, path string, body []byte, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// admin sends a request with the bootstrap admin token.
func (ts *testServer) admin(t *testing.T, method, path string, body []byte) response {
	t.Helper()
	return ts.do(t, method, path, body, "Authorization", "Bearer "+adminToken)
}

// addTestSurvey stores surveys/testdata/valid.yaml (every question type,
// required questions, skip logic) as an open survey without end date.
func (ts *testServer) addTestSurvey(t *testing.T) *models.Survey {
	t.Helper()
	data, err := os.ReadFile("../surveys/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sv, err := surveys.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	sv.OpensAt, sv.ClosesAt = nil, nil
	if _, err := ts.Store.PublishSurvey(context.Background(), sv); err != nil {
		t.Fatal(err)
	}
	return sv
}
