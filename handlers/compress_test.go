package handlers

import (
	"strings"
	"testing"
)

func TestPublicPagesAreCompressedStaffPagesAreNot(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/", "/surveys/ungdomsdialog-2023?lang=ar", ts.staticCSS(t)} {
		r := ts.do(t, "GET", path, nil, "Accept-Encoding", "gzip")
		if r.Status != 200 || r.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: %d, Content-Encoding %q", path, r.Status, r.Header.Get("Content-Encoding"))
		}
	}
	for _, path := range []string{"/login", "/staff", "/api/v1/surveys/ungdomsdialog-2023"} {
		r := ts.do(t, "GET", path, nil, "Accept-Encoding", "gzip", "Authorization", "Bearer "+adminToken)
		if r.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s is compressed; staff pages and the API are not (BREACH)", path)
		}
	}
}

// staticCSS is the stylesheet's current hashed address, as a page links it.
func (ts *testServer) staticCSS(t *testing.T) string {
	t.Helper()
	body := string(ts.do(t, "GET", "/", nil).Body)
	const marker = `href="/static/app.css`
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatal("start page links no stylesheet")
	}
	rest := body[i+len(`href="`):]
	return rest[:strings.Index(rest, `"`)]
}
