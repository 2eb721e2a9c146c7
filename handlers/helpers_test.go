package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"medborgardialog/store"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const adminToken = "handlers-test-admin-token-0123456789"

type testServer struct {
	URL   string
	Store *store.Store
}

// newTestServer serves the real handler on a fresh database holding the
// built-in surveys.
func newTestServer(t *testing.T) *testServer {
	t.Helper()
	st := storetest.New(t)
	builtin, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureSurveys(context.Background(), builtin); err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5}, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{URL: srv.URL, Store: st}
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
