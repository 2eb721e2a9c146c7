package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"medborgardialog/results"
)

// TestAClientThatWentAwayIsNoInternalError: a request whose client has
// gone (its context cancelled) while a publication, a figure or a staff
// page was being made is logged as abandoned, not as an internal error
// an operator would go looking for, and answered with nothing.
func TestAClientThatWentAwayIsNoInternalError(t *testing.T) {
	st, _ := storeWithBuiltins(t)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	res := results.New(st, results.Options{TextDir: t.TempDir(), Logger: log})
	st.AddObserver(res)
	t.Cleanup(res.Close)
	h, err := New(Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5, Results: res}, st, log)
	if err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct{ method, path string }{
		{http.MethodPost, "/api/v1/admin/surveys/ungdomsdialog-2023/publications"},
		{http.MethodGet, "/api/v1/admin/surveys/ungdomsdialog-2023/publications"},
		{http.MethodGet, "/api/v1/admin/surveys"},
	} {
		req := httptest.NewRequestWithContext(gone, tc.method, tc.path, strings.NewReader("{}"))
		req.Header.Set("Authorization", "Bearer "+adminToken)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != statusClientGone {
			t.Errorf("%s %s: status %d, want %d for a client that went away: %s", tc.method, tc.path, rec.Code, statusClientGone, rec.Body)
		}
	}
	if out := logs.String(); strings.Contains(out, "level=ERROR") || !strings.Contains(out, "client went away") {
		t.Fatalf("log:\n%s", out)
	}
}
