package handlers

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
)

// The hardening of the public paths after the outside review (issue 15):
// nothing dates an answer in the log, wrong join codes all look alike and
// never keep a class out, limits count per client (an IPv6 /56), other
// sites cannot post answers, and staff answers are never cached.

const builtinSlug = "ungdomsdialog-2023"

// formPost posts the built-in survey's form with one answer, in session
// code when code is not "", with extra headers.
func (ts *testServer) formPost(t *testing.T, lang, code string, header ...string) response {
	t.Helper()
	f := url.Values{"submission_id": {uuid.NewString()}, "q.kon": {"tjej"}}
	if code != "" {
		f.Set("session", code)
	}
	return ts.do(t, "POST", "/surveys/"+builtinSlug+"?lang="+lang, []byte(f.Encode()), append([]string{"Content-Type", formType}, header...)...)
}

// apiPost submits one answer to the built-in survey through the API, in
// session code when code is not "", with extra headers.
func (ts *testServer) apiPost(t *testing.T, code string, header ...string) response {
	t.Helper()
	extra := []string{`"lang":"en"`}
	if code != "" {
		extra = append(extra, `"session":"`+code+`"`)
	}
	return ts.submit(t, builtinSlug, submitBody(uuid.NewString(), `{"kon":"tjej"}`, extra...), header...)
}

func TestAnsweringWritesNoLogLine(t *testing.T) {
	ts := newTestServer(t)
	sv := ts.addTestSurvey(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"`+builtinSlug+`"}`).Code
	kiosk := ts.startSession(t, fac, `{"survey":"`+builtinSlug+`","kiosk":true}`).Code
	before, _ := ts.scrape(t)
	logged := len(ts.Logs.String())

	id := uuid.NewString()
	steps := []struct {
		name   string
		send   func() response
		status int
	}{
		{"the form", func() response { return ts.do(t, "GET", "/surveys/"+sv.Slug, nil) }, 200},
		{"a stored answer", func() response { return ts.submit(t, sv.Slug, submitBody(id, validAnswers)) }, 201},
		{"its retry", func() response { return ts.submit(t, sv.Slug, submitBody(id, validAnswers)) }, 200},
		{"the thank-you page", func() response { return ts.do(t, "GET", "/surveys/"+sv.Slug+"?klar=1", nil) }, 200},
		{"an invalid answer", func() response { return ts.submit(t, sv.Slug, submitBody(uuid.NewString(), `{"kon":"robot"}`)) }, 422},
		{"the wrong content type", func() response {
			return ts.do(t, "POST", "/api/v1/surveys/"+sv.Slug+"/responses", submitBody(uuid.NewString(), validAnswers), "Content-Type", "text/plain")
		}, 415},
		{"another site's page", func() response { return ts.apiPost(t, "", "Origin", "https://evil.example") }, 403},
		{"a typed code", func() response { return matrixDo(t, ts, "/s?code="+code) }, 303},
		{"the join page", func() response { return ts.do(t, "GET", "/s/"+code, nil) }, 200},
		{"an answer in a session", func() response { return ts.apiPost(t, code) }, 201},
		{"the session's thank-you page", func() response { return ts.do(t, "GET", "/s/"+code+"?klar=1", nil) }, 200},
		{"a form post", func() response { return ts.formPost(t, "sv", "") }, 200},
		{"a kiosk's form post", func() response { return ts.formPost(t, "sv", kiosk) }, 200},
		{"a wrong code", func() response { return ts.apiPost(t, "KXRT7W") }, 409},
	}
	for _, s := range steps {
		if r := s.send(); r.Status != s.status {
			t.Fatalf("%s: %d, want %d: %.300s", s.name, r.Status, s.status, r.Body)
		}
	}
	if lines := ts.Logs.String()[logged:]; lines != "" {
		t.Fatalf("answering wrote to the log:\n%s", lines)
	}

	// Counted instead, by outcome.
	after, _ := ts.scrape(t)
	for outcome, want := range map[string]float64{"stored": 4, "duplicate": 1, "invalid": 2, "cross_site": 1, "closed": 1, "limited": 0, "failed": 0} {
		label := `outcome="` + outcome + `"`
		if got := after.get("medborgardialog_submissions_total", label) - before.get("medborgardialog_submissions_total", label); got != want {
			t.Errorf("submissions %s moved by %v, want %v", outcome, got, want)
		}
	}
	// Other routes are still logged.
	ts.do(t, "GET", "/healthz", nil)
	if !strings.Contains(ts.Logs.String()[logged:], "route=/healthz") {
		t.Fatal("the request log is off altogether")
	}
}

// wrongCodes sets up a session of each kind that must not let anyone in:
// closed by hand, expired, and (for answers) another survey's.
func wrongCodes(t *testing.T, ts *testServer) (open string, wrong map[string]string) {
	t.Helper()
	ts.addTestSurvey(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	open = ts.startSession(t, fac, `{"survey":"`+builtinSlug+`"}`).Code
	closed := ts.startSession(t, fac, `{"survey":"`+builtinSlug+`"}`).Code
	if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+closed+"/close", nil); r.Status != 200 {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	expired := &models.Session{Survey: builtinSlug, CreatedBy: "fatima", CreatedAt: time.Now().Add(-2 * time.Hour), ClosesAt: time.Now().Add(-time.Minute)}
	if err := ts.Store.CreateSession(context.Background(), expired); err != nil {
		t.Fatal(err)
	}
	other := ts.startSession(t, fac, `{"survey":"testdialog-2023"}`).Code
	unknown := "KXRT7W"
	for _, c := range []string{open, closed, expired.Code, other} {
		if c == unknown {
			t.Skip("a session drew the unknown code") // one in 887 million
		}
	}
	return open, map[string]string{"unknown": unknown, "closed": closed, "expired": expired.Code, "another survey's": other, "malformed": "0O1IL"}
}

func TestWrongCodesGetOneAnswer(t *testing.T) {
	ts := newTestServer(t)
	_, wrong := wrongCodes(t, ts)
	paths := []struct {
		name   string
		send   func(code string) response
		status int
		// forAnswers: a session of another survey is wrong only where an
		// answer to this survey is given; it joins its own survey.
		forAnswers bool
	}{
		{"GET /s/{code}", func(code string) response { return ts.do(t, "GET", "/s/"+code+"?lang=en", nil) }, 404, false},
		{"GET /s?code=", func(code string) response { return ts.do(t, "GET", "/s?lang=en&code="+code, nil) }, 404, false},
		{"the API's session", func(code string) response { return ts.apiPost(t, code, "Accept-Language", "en") }, 409, true},
		{"the form's session", func(code string) response { return ts.formPost(t, "en", code) }, 409, true},
	}
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			first := p.send(wrong["unknown"])
			if first.Status != p.status || first.Header.Get("Retry-After") != "" {
				t.Fatalf("unknown code: %d %.300s", first.Status, first.Body)
			}
			if !bytes.Contains(first.Body, []byte("does not exist or the session is over")) {
				t.Fatalf("the answer does not say what may be wrong: %s", first.Body)
			}
			for kind, code := range wrong {
				if kind == "another survey's" && !p.forAnswers {
					continue
				}
				r := p.send(code)
				// The start page shows the code typed again in its
				// field: apart from that, the answer is the same.
				if r.Status != first.Status || !bytes.Equal(bytes.ReplaceAll(r.Body, []byte(code), []byte("CODE")), bytes.ReplaceAll(first.Body, []byte(wrong["unknown"]), []byte("CODE"))) || r.Header.Get("Content-Type") != first.Header.Get("Content-Type") {
					t.Errorf("%s code: %d %s\nunknown code: %d %s", kind, r.Status, r.Body, first.Status, first.Body)
				}
			}
		})
	}
	if n := ts.countResponses(t, builtinSlug); n != 0 {
		t.Fatalf("%d answers stored with wrong codes", n)
	}
}

// sendCode tries code on one of the four paths that take one.
func (ts *testServer) sendCode(t *testing.T, path int, code string, header ...string) response {
	t.Helper()
	switch path % 4 {
	case 0:
		return ts.do(t, "GET", "/s/"+code, nil, header...)
	case 1:
		return matrixDo(t, ts, "/s?code="+code, header...)
	case 2:
		return ts.apiPost(t, code, header...)
	}
	return ts.formPost(t, "sv", code, header...)
}

// matrixDo is a GET that does not follow redirects.
func matrixDo(t *testing.T, ts *testServer, path string, header ...string) response {
	t.Helper()
	return ts.send(t, badCase{method: "GET", path: path, header: header})
}

// wrongCode is the i-th of many well-formed codes that are no session's.
func wrongCode(i int) string {
	const a = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	return fmt.Sprintf("ZZ%c%c%c%c", a[i/27000%30], a[i/900%30], a[i/30%30], a[i%30])
}

func TestWrongCodesCountOnEveryPathAndNeverKeepAClassOut(t *testing.T) {
	ts := newTestServer(t)
	open, _ := wrongCodes(t, ts)
	// Thirty wrong codes, spread over the four paths: each path counts,
	// or the thirty-first would not be refused.
	for i := range 30 {
		if r := ts.sendCode(t, i, wrongCode(i)); r.Status == 429 {
			t.Fatalf("wrong code %d refused as too many: %s", i+1, r.Body)
		}
	}
	for p := range 4 {
		r := ts.sendCode(t, p, wrongCode(100+p))
		if r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("path %d: a wrong code past the limit: %d %.200s", p, r.Status, r.Body)
		}
	}
	// The class's own code still works, from the same address, on every path.
	want := []int{200, 303, 201, 200}
	for p := range 4 {
		if r := ts.sendCode(t, p, open); r.Status != want[p] {
			t.Fatalf("path %d: the open session's code past the limit: %d %.300s", p, r.Status, r.Body)
		}
	}
	if n := ts.countResponses(t, builtinSlug); n != 2 {
		t.Fatalf("%d answers stored in the session, want 2", n)
	}

	// The bound that keeps enumeration hopeless: 330 wrong codes in a row,
	// then nothing is looked up, the open code included, until 10 s of
	// the debt are paid.
	for i := 34; i < 330; i++ {
		if r := ts.sendCode(t, 0, wrongCode(i)); r.Status != 429 {
			t.Fatalf("wrong code %d: %d", i+1, r.Status)
		}
	}
	r := ts.sendCode(t, 0, open)
	if ra := r.Header.Get("Retry-After"); r.Status != 429 || ra < "1" || ra > "9" && ra != "10" {
		t.Fatalf("the open code after 330 wrong ones: %d, Retry-After %q", r.Status, ra)
	}
}

func TestClientsAreCountedByIPv4AddressOrIPv6Slash56(t *testing.T) {
	ts := newTestServerWith(t, func(c *Config) {
		c.TrustedProxies = []string{"127.0.0.1", "::1"}
		c.SubmitRate = 3
	})
	from := func(ip string) []string { return []string{"X-Forwarded-For", ip} }
	t.Run("wrong codes", func(t *testing.T) {
		tests := []struct {
			name        string
			fill        []string // the addresses the 30 wrong codes come from, in turn
			same, other string
		}{
			{"IPv6 /56", []string{"2001:db8:1:2::a", "2001:db8:1:2:ffff:ffff:ffff:ffff"}, "2001:db8:1:ff::c", "2001:db8:1:100::a"},
			{"IPv4", []string{"192.0.2.7"}, "::ffff:192.0.2.7", "192.0.2.8"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				// Joining only: the answer paths would meet the
				// submission limit of 3 first.
				for i := range 30 {
					if r := ts.sendCode(t, i%2, wrongCode(1000*len(tt.name)+i), from(tt.fill[i%len(tt.fill)])...); r.Status == 429 {
						t.Fatalf("wrong code %d refused", i+1)
					}
				}
				if r := ts.sendCode(t, 0, wrongCode(999), from(tt.same)...); r.Status != 429 {
					t.Fatalf("%s shares the bucket but got %d", tt.same, r.Status)
				}
				if r := ts.sendCode(t, 0, wrongCode(998), from(tt.other)...); r.Status != 404 {
					t.Fatalf("%s has its own bucket but got %d", tt.other, r.Status)
				}
			})
		}
	})
	t.Run("submissions", func(t *testing.T) {
		for i, ip := range []string{"2001:db8:9:9::1", "2001:db8:9:9::2", "2001:db8:9:9:8000::1"} {
			if r := ts.apiPost(t, "", from(ip)...); r.Status != 201 {
				t.Fatalf("submission %d from %s: %d", i+1, ip, r.Status)
			}
		}
		if r := ts.apiPost(t, "", from("2001:db8:9:9::3")...); r.Status != 429 {
			t.Fatalf("fourth from the same /64: %d", r.Status)
		}
		// A home is often given a /56: its other /64s share the limit.
		if r := ts.apiPost(t, "", from("2001:db8:9:a::1")...); r.Status != 429 {
			t.Fatalf("fourth from another /64 of the same /56: %d", r.Status)
		}
		if r := ts.apiPost(t, "", from("2001:db8:9:100::1")...); r.Status != 201 {
			t.Fatalf("from the next /56: %d", r.Status)
		}
	})
}

func TestTheAPITakesJSONFromTheServicesOwnPagesOnly(t *testing.T) {
	ts := newTestServer(t) // BaseURL http://dialog.test
	tests := []struct {
		name   string
		header []string
		status int
		code   string
	}{
		{"no Origin", nil, 201, ""},
		{"Origin of the base URL", []string{"Origin", "http://dialog.test"}, 201, ""},
		{"Origin of the base URL with its default port", []string{"Origin", "http://DIALOG.test:80"}, 201, ""},
		{"Origin of the host the request went to", []string{"Origin", ts.URL}, 201, ""},
		{"same-origin fetch", []string{"Origin", ts.URL, "Sec-Fetch-Site", "same-origin"}, 201, ""},
		{"charset UTF-8", []string{"Content-Type", "application/json; charset=UTF-8"}, 201, ""},
		{"another site", []string{"Origin", "https://evil.example"}, 403, "forbidden"},
		{"the base URL's host over another scheme", []string{"Origin", "https://dialog.test"}, 403, "forbidden"},
		{"a sibling host", []string{"Origin", "http://evil.dialog.test"}, 403, "forbidden"},
		{"Origin null", []string{"Origin", "null"}, 403, "forbidden"},
		{"Sec-Fetch-Site cross-site", []string{"Sec-Fetch-Site", "cross-site"}, 403, "forbidden"},
		{"Sec-Fetch-Site same-site", []string{"Sec-Fetch-Site", "same-site"}, 403, "forbidden"},
		{"text/plain", []string{"Content-Type", "text/plain"}, 415, "unsupported_media_type"},
		{"text/plain from another site", []string{"Content-Type", "text/plain;charset=UTF-8", "Origin", "https://evil.example"}, 403, "forbidden"},
		{"a form", []string{"Content-Type", formType}, 415, "unsupported_media_type"},
		{"another charset", []string{"Content-Type", "application/json; charset=latin1"}, 415, "unsupported_media_type"},
		{"JSON with a parameter", []string{"Content-Type", "application/json; x=1"}, 415, "unsupported_media_type"},
		{"no Content-Type", []string{"Content-Type", ""}, 415, "unsupported_media_type"},
	}
	stored := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.apiPost(t, "", tt.header...)
			if r.Status != tt.status {
				t.Fatalf("%d, want %d: %s", r.Status, tt.status, r.Body)
			}
			if tt.code != "" && r.ErrorCode(t) != tt.code {
				t.Fatalf("code %s, want %s", r.ErrorCode(t), tt.code)
			}
			if tt.status == 201 {
				stored++
			}
			if n := ts.countResponses(t, builtinSlug); n != stored {
				t.Fatalf("%d stored, want %d", n, stored)
			}
		})
	}
	// A browser asks first whether another site may send JSON: nothing
	// says it may.
	r := ts.do(t, "OPTIONS", "/api/v1/surveys/"+builtinSlug+"/responses", nil,
		"Origin", "https://evil.example", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	for name := range r.Header {
		if strings.HasPrefix(name, "Access-Control-") {
			t.Errorf("the preflight was answered with %s: %s", name, r.Header.Get(name))
		}
	}
}

func TestTheFormPostRefusesOtherSites(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	kiosk := ts.startSession(t, fac, `{"survey":"`+builtinSlug+`","kiosk":true}`).Code
	tests := []struct {
		name   string
		code   string
		header []string
		status int
	}{
		{"no such headers (an old browser)", "", nil, 200},
		// The service's own pages ask for Referrer-Policy: no-referrer,
		// so browsers send Origin: null with their form posts.
		{"same-origin with Origin null", "", []string{"Sec-Fetch-Site", "same-origin", "Origin", "null"}, 200},
		{"typed or bookmarked (none)", "", []string{"Sec-Fetch-Site", "none"}, 200},
		{"Origin of the base URL", "", []string{"Origin", "http://dialog.test"}, 200},
		{"a kiosk's own post", kiosk, []string{"Sec-Fetch-Site", "same-origin", "Origin", "null"}, 200},
		{"cross-site", "", []string{"Sec-Fetch-Site", "cross-site", "Origin", "null"}, 403},
		{"same-site", "", []string{"Sec-Fetch-Site", "same-site", "Origin", "https://www.dialog.test"}, 403},
		{"another site's Origin (no Sec-Fetch-Site)", "", []string{"Origin", "https://evil.example"}, 403},
		{"cross-site into a kiosk session", kiosk, []string{"Sec-Fetch-Site", "cross-site"}, 403},
	}
	stored := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.formPost(t, "en", tt.code, tt.header...)
			if r.Status != tt.status || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("%d %s, want %d", r.Status, r.Header.Get("Content-Type"), tt.status)
			}
			if tt.status == 403 && !bytes.Contains(r.Body, []byte("came through another website")) {
				t.Fatalf("the page does not say why, in English: %.500s", r.Body)
			}
			if tt.status == 200 {
				stored++
			}
			if n := ts.countResponses(t, builtinSlug); n != stored {
				t.Fatalf("%d stored, want %d", n, stored)
			}
		})
	}
	if r := ts.formPost(t, "ar", "", "Sec-Fetch-Site", "cross-site"); r.Status != 403 || !bytes.Contains(r.Body, []byte(`lang="ar" dir="rtl"`)) {
		t.Fatalf("the refusal is not in the young person's language: %d", r.Status)
	}
}

func TestStaffAnswersAreNeverCached(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	tests := []struct {
		name, method, path string
		header             []string
		status             int
	}{
		{"staff JSON", "GET", "/api/v1/admin/me", []string{"Authorization", "Bearer " + adminToken}, 200},
		{"staff JSON without credentials", "GET", "/api/v1/admin/surveys", nil, 401},
		{"staff JSON for a role that may not", "GET", "/api/v1/admin/users", []string{"Authorization", "Bearer " + fac.token}, 403},
		{"staff JSON that does not exist", "GET", "/api/v1/admin/no-such-thing", []string{"Authorization", "Bearer " + adminToken}, 404},
		{"staff page", "GET", "/staff", []string{"Authorization", "Bearer " + adminToken}, 200},
		{"staff page for a role that may not", "GET", "/staff/users", []string{"Authorization", "Bearer " + fac.token}, 403},
		{"staff page that does not exist", "GET", "/staff/no-such-page", []string{"Authorization", "Bearer " + adminToken}, 404},
		{"metrics", "GET", "/metrics", []string{"Authorization", "Bearer " + adminToken}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.do(t, tt.method, tt.path, nil, tt.header...)
			if r.Status != tt.status {
				t.Fatalf("%d, want %d", r.Status, tt.status)
			}
			if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Fatalf("Cache-Control %q", cc)
			}
		})
	}
	// A public file may still be cached.
	if cc := ts.do(t, "GET", "/static/app.css", nil).Header.Get("Cache-Control"); cc == "no-store" {
		t.Fatal("a public static file is not cached")
	}
}

func TestHSTSOnlyWithAnHTTPSBaseURL(t *testing.T) {
	const hsts = "max-age=31536000; includeSubDomains"
	paths := []string{"/healthz", "/", "/surveys/" + builtinSlug, "/api/v1/admin/me", "/no-such-page"}
	secure := newTestServerWith(t, func(c *Config) { c.BaseURL = "https://dialog.example" })
	for _, p := range paths {
		if got := secure.do(t, "GET", p, nil).Header.Get("Strict-Transport-Security"); got != hsts {
			t.Errorf("https: %s has Strict-Transport-Security %q", p, got)
		}
	}
	plain := newTestServer(t)
	for _, p := range paths {
		if got := plain.do(t, "GET", p, nil).Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("http: %s has Strict-Transport-Security %q", p, got)
		}
	}
}
