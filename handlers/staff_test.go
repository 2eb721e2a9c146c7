package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/password"
)

// staffUser is a signed-up staff member with an API token.
type staffUser struct {
	name, role, password, token string
}

func (ts *testServer) addStaff(t *testing.T, name, role string) staffUser {
	t.Helper()
	ctx := context.Background()
	pw := password.Generate()
	hash, err := password.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Store.CreateUser(ctx, name, role, hash); err != nil {
		t.Fatal(err)
	}
	// As if chosen at the first sign-in: the forced change has tests of its own.
	if err := ts.Store.SetPassword(ctx, name, hash); err != nil {
		t.Fatal(err)
	}
	tok, _, err := ts.Store.CreateToken(ctx, name, "test")
	if err != nil {
		t.Fatal(err)
	}
	return staffUser{name: name, role: role, password: pw, token: tok}
}

// routeSample makes a request that succeeds for a role allowed on the route.
type routeSample func(t *testing.T, ts *testServer, as staffUser) (path string, body []byte)

func fixed(path, body string) routeSample {
	return func(*testing.T, *testServer, staffUser) (string, []byte) { return path, []byte(body) }
}

var userCount int

func TestEveryStaffRouteAllowsExactlyItsRoles(t *testing.T) {
	ts := newTestServer(t)
	staff := []staffUser{
		ts.addStaff(t, "fatima", models.RoleFacilitator),
		ts.addStaff(t, "anders", models.RoleAnalyst),
		ts.addStaff(t, "greta", models.RoleAdmin),
	}
	ts.addStaff(t, "kalle", models.RoleAnalyst) // the account the user routes change
	ts.publish(t, "ungdomsdialog-2023")         // figures come from a publication
	// A new publication each time: the clock moves past the interval.
	publishSample := func(path, body string) routeSample {
		return func(_ *testing.T, ts *testServer, _ staffUser) (string, []byte) {
			ts.Clock.Advance(29 * 24 * time.Hour)
			return path, []byte(body)
		}
	}
	survey := string(readFile(t, "../surveys/builtin/ungdomsdialog-2023.yaml"))
	samples := map[string]routeSample{
		"GET /api/v1/admin/me":                           fixed("/api/v1/admin/me", ""),
		"GET /api/v1/admin/surveys":                      fixed("/api/v1/admin/surveys", ""),
		"POST /api/v1/admin/surveys":                     newSurveySample(survey),
		"GET /api/v1/admin/surveys/:slug":                fixed("/api/v1/admin/surveys/ungdomsdialog-2023", ""),
		"PUT /api/v1/admin/surveys/:slug":                fixed("/api/v1/admin/surveys/ungdomsdialog-2023", survey),
		"POST /api/v1/admin/surveys/:slug/open":          fixed("/api/v1/admin/surveys/ungdomsdialog-2023/open", ""),
		"POST /api/v1/admin/surveys/:slug/close":         fixed("/api/v1/admin/surveys/ungdomsdialog-2022/close", ""),
		"GET /api/v1/admin/users":                        fixed("/api/v1/admin/users", ""),
		"GET /api/v1/admin/surveys/:slug/results":        fixed("/api/v1/admin/surveys/ungdomsdialog-2023/results?area=centrum", ""),
		"GET /api/v1/admin/surveys/:slug/lagesbild.xlsx": fixed("/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx?school=x", ""),
		"POST /api/v1/admin/users": func(*testing.T, *testServer, staffUser) (string, []byte) {
			userCount++
			return "/api/v1/admin/users", []byte(fmt.Sprintf(`{"name":"user%d","role":"analyst"}`, userCount))
		},
		"POST /api/v1/admin/users/:name/disable": fixed("/api/v1/admin/users/kalle/disable", ""),
		"POST /api/v1/admin/users/:name/enable":  fixed("/api/v1/admin/users/kalle/enable", ""),
		"GET /api/v1/admin/tokens":               fixed("/api/v1/admin/tokens", ""),
		"POST /api/v1/admin/tokens":              fixed("/api/v1/admin/tokens", `{"label":"laptop"}`),
		"DELETE /api/v1/admin/tokens/:id": func(t *testing.T, ts *testServer, as staffUser) (string, []byte) {
			owner := as.name
			if owner == "" || as.role == models.RoleAdmin {
				owner = "fatima" // an admin may revoke anyone's token
			}
			_, tok, err := ts.Store.CreateToken(context.Background(), owner, "to revoke")
			if err != nil {
				t.Fatal(err)
			}
			return "/api/v1/admin/tokens/" + tok.ID, nil
		},
		"GET /api/v1/admin/audit":                  fixed("/api/v1/admin/audit", ""),
		"GET /api/v1/admin/sessions":               fixed("/api/v1/admin/sessions", ""),
		"POST /api/v1/admin/sessions":              fixed("/api/v1/admin/sessions", `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak8"}`),
		"GET /api/v1/admin/sessions/:code":         sessionSample(""),
		"POST /api/v1/admin/sessions/:code/close":  sessionSample("/close"),
		"GET /api/v1/admin/sessions/:code/results": sessionSample("/results"),
		"GET /staff/sessions":                      fixed("/staff/sessions", ""),
		"POST /staff/sessions":                     fixed("/staff/sessions", "survey=ungdomsdialog-2023&school=norrsatraskolan&grade=ak9&minutes=45"),
		"GET /staff/sessions/:code":                staffSessionSample(""),
		"GET /staff/sessions/:code/presenter":      staffSessionSample("/presenter"),
		"POST /staff/sessions/:code/close":         withBody(staffSessionSample("/close"), "confirm=yes"),
		"GET /staff/sessions/:code/results":        staffSessionSample("/results"),
		"GET /staff":                               fixed("/staff", ""),
		"GET /staff/surveys/:slug":                 fixed("/staff/surveys/ungdomsdialog-2023?by=school", ""),
		"GET /staff/surveys/:slug/open":            fixed("/staff/surveys/ungdomsdialog-2023/open", ""),
		"POST /staff/surveys/:slug/open":           fixed("/staff/surveys/ungdomsdialog-2023/open", "confirm=yes"),
		"GET /staff/surveys/:slug/close":           fixed("/staff/surveys/ungdomsdialog-2022/close", ""),
		"POST /staff/surveys/:slug/close":          fixed("/staff/surveys/ungdomsdialog-2022/close", "confirm=yes"),
		"GET /staff/users":                         fixed("/staff/users", ""),
		"POST /staff/users":                        fixed("/staff/users", "name=ny.person&role=facilitator"),
		"POST /staff/users/:name/disable":          fixed("/staff/users/kalle/disable", ""),
		"POST /staff/users/:name/enable":           fixed("/staff/users/kalle/enable", ""),
		"GET /staff/audit":                         fixed("/staff/audit", ""),

		"PUT /api/v1/admin/surveys/:slug/feedback": fixed("/api/v1/admin/surveys/ungdomsdialog-2023/feedback", `{"enabled":true,"indicators":["otrygg_kvall"]}`),
		"POST /staff/surveys/:slug/feedback":       fixed("/staff/surveys/ungdomsdialog-2023/feedback", "enabled=on&indicators=otrygg_kvall"),

		"GET /api/v1/admin/surveys/:slug/publications":  fixed("/api/v1/admin/surveys/ungdomsdialog-2023/publications", ""),
		"POST /api/v1/admin/surveys/:slug/publications": publishSample("/api/v1/admin/surveys/ungdomsdialog-2023/publications", `{"note":"styrgrupp"}`),
		"GET /staff/surveys/:slug/publications":         fixed("/staff/surveys/ungdomsdialog-2023/publications", ""),
		"POST /staff/surveys/:slug/publications":        publishSample("/staff/surveys/ungdomsdialog-2023/publications", "note=styrgrupp&confirm=yes"),

		"GET /api/v1/admin/surveys/:slug/series":            fixed("/api/v1/admin/surveys/ungdomsdialog-2023/series", ""),
		"POST /api/v1/admin/surveys/:slug/series/outside":   fixed("/api/v1/admin/surveys/ungdomsdialog-2023/series/outside", outsideYAML),
		"DELETE /api/v1/admin/surveys/:slug/series/outside": fixed("/api/v1/admin/surveys/ungdomsdialog-2023/series/outside?wave=2019&source=LUPP", ""),
		"GET /api/v1/admin/places":                          fixed("/api/v1/admin/places", ""),
		"PUT /api/v1/admin/places":                          placesSample(false),
		"GET /staff/places":                                 fixed("/staff/places", ""),
		"POST /staff/places":                                placesSample(true),
		"GET /staff/places/platser.xlsx":                    fixed("/staff/places/platser.xlsx", ""),
		"POST /staff/places/import": func(t *testing.T, ts *testServer, _ staffUser) (string, []byte) {
			sheet := ts.admin(t, "GET", "/staff/places/platser.xlsx", nil)
			return "/staff/places/import", []byte(url.Values{"definition": {string(sheet.Body)}}.Encode())
		},
		"POST /staff/places/import/apply": func(t *testing.T, ts *testServer, _ staffUser) (string, []byte) {
			p, version, err := ts.Store.PlacesVersion(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			js, _ := json.Marshal(p)
			return "/staff/places/import/apply", []byte(url.Values{"catalogue": {string(js)}, "version": {version.UTC().Format(time.RFC3339Nano)}}.Encode())
		},
		"GET /staff/places/yaml":       fixed("/staff/places/yaml", ""),
		"GET /staff/places/new-school": fixed("/staff/places/new-school", ""),
		"POST /staff/places/schools": func(*testing.T, *testServer, staffUser) (string, []byte) {
			userCount++
			return "/staff/places/schools", []byte(fmt.Sprintf("name=Skola+%d&area=centrum&grades=ak7&active=on", userCount))
		},
		"GET /staff/places/schools/:id":  fixed("/staff/places/schools/hedangsskolan", ""),
		"POST /staff/places/schools/:id": fixed("/staff/places/schools/hedangsskolan", "name=Hed%C3%A4ngsskolan&area=centrum&grades=ak7&active=on"),
		"POST /staff/places/areas": func(*testing.T, *testServer, staffUser) (string, []byte) {
			userCount++
			return "/staff/places/areas", []byte(fmt.Sprintf("name=Omr%%C3%%A5de+%d", userCount))
		},
		"POST /staff/places/areas/:value":                     fixed("/staff/places/areas/centrum", "label=Centrum"),
		"GET /api/v1/admin/promises":                          fixed("/api/v1/admin/promises", ""),
		"GET /api/v1/admin/promises/:id":                      fixed("/api/v1/admin/promises/sandviken-2022-2023", ""),
		"POST /api/v1/admin/promises/:id/activities":          fixed("/api/v1/admin/promises/sandviken-2022-2023/activities", `{"problem":"p","activity":"a","partner":"Polisen","status":"planned"}`),
		"PUT /api/v1/admin/promises/:id/activities/:activity": activitySample(false),
		"GET /staff/surveys/:slug/followup":                   fixed("/staff/surveys/ungdomsdialog-2023/followup", ""),
		"GET /staff/promises/:id":                             fixed("/staff/promises/sandviken-2022-2023", ""),
		"POST /staff/promises/:id/activities":                 fixed("/staff/promises/sandviken-2022-2023/activities", "problem=p&activity=a&partner=Polisen&status=planned"),
		"POST /staff/promises/:id/activities/:activity":       activitySample(true),
		"POST /staff/promises/:id/activities/:activity/status": func(t *testing.T, ts *testServer, u staffUser) (string, []byte) {
			path, _ := activitySample(true)(t, ts, u)
			a, _ := ts.Store.Activity(context.Background(), "sandviken-2022-2023", "sandviken22-dialog")
			return path + "/status", []byte(fmt.Sprintf("status=ongoing&on_track=yellow&rev=%d", a.Rev))
		},

		// Releasing a fresh session: too few answered, which is a release too.
		"POST /api/v1/admin/sessions/:code/release": sessionSample("/release"),
		"POST /staff/sessions/:code/release":        staffSessionSample("/release"),

		"POST /api/v1/admin/sessions/:code/exclude": withBody(sessionSample("/exclude"), `{"reason":"Provklass"}`),
		"POST /api/v1/admin/sessions/:code/include": sessionSample("/include"),
		"POST /staff/sessions/:code/exclude":        withBody(staffSessionSample("/exclude"), "reason=Provklass&confirm=yes"),
		"POST /staff/sessions/:code/include":        staffSessionSample("/include"),

		"GET /api/v1/admin/surveys/:slug/definition.xlsx": fixed("/api/v1/admin/surveys/ungdomsdialog-2023/definition.xlsx", ""),
		"GET /api/v1/admin/surveys/:slug/definition.yaml": fixed("/api/v1/admin/surveys/ungdomsdialog-2023/definition.yaml?version=1", ""),
		"GET /staff/surveys/:slug/admin":                  fixed("/staff/surveys/ungdomsdialog-2023/admin", ""),
		"POST /staff/surveys/:slug/drafts":                uploadSample,
		"GET /staff/surveys/:slug/drafts/:id/preview":     draftSample("/preview"),
		"GET /staff/surveys/:slug/drafts/:id/publish":     draftSample("/publish"),
		"POST /staff/surveys/:slug/drafts/:id/publish":    withBody(draftSample("/publish"), "confirm=yes"),

		"POST /api/v1/admin/me/password": changePasswordSample(false),
		"GET /staff/password":            fixed("/staff/password", ""),
		"POST /staff/password":           changePasswordSample(true),
	}
	srv := &Server{}
	var routes []staffRoute
	for _, r := range srv.staffAPI() {
		r.Path = "/api/v1/admin" + r.Path
		routes = append(routes, r)
	}
	for _, r := range srv.staffPages() {
		r.Path = "/staff" + r.Path
		routes = append(routes, r)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Path
		sample, ok := samples[key]
		if !ok {
			t.Errorf("%s has no sample request in this test: add one", key)
			continue
		}
		delete(samples, key)
		t.Run(key, func(t *testing.T) {
			call := func(auth string, as staffUser) int {
				path, body := sample(t, ts, as)
				req, _ := http.NewRequest(rt.Method, ts.URL+path, strings.NewReader(string(body)))
				if strings.HasPrefix(path, "/staff") && len(body) > 0 {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				if auth != "" {
					req.Header.Set("Authorization", auth)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login") {
					return http.StatusUnauthorized // a browser is sent to sign in
				}
				return resp.StatusCode
			}
			if got := call("", staffUser{}); got != 401 {
				t.Errorf("no credentials: %d, want 401", got)
			}
			if got := call("Bearer md_"+strings.Repeat("x", 43), staffUser{}); got != 401 {
				t.Errorf("wrong token: %d, want 401", got)
			}
			for i, u := range staff {
				got := call("Bearer "+u.token, u)
				if rt.Method == "POST" && strings.HasSuffix(rt.Path, "/password") {
					// A change of password revokes the account's tokens.
					tok, _, err := ts.Store.CreateToken(context.Background(), u.name, "test")
					if err != nil {
						t.Fatal(err)
					}
					staff[i].token = tok
				}
				allowed := false
				for _, r := range rt.Roles {
					allowed = allowed || r == u.role
				}
				switch {
				case allowed && (got < 200 || got > 303 || got == 300):
					t.Errorf("%s: %d, want success\n%s", u.role, got, firstError(ts.Logs.String()))
				case !allowed && got != 403:
					t.Errorf("%s: %d, want 403", u.role, got)
				}
			}
		})
	}
	for key := range samples {
		t.Errorf("sample for %s, which is not a staff route", key)
	}
}

func staffSessionSample(suffix string) routeSample {
	api := sessionSample(suffix)
	return func(t *testing.T, ts *testServer, as staffUser) (string, []byte) {
		path, body := api(t, ts, as)
		return strings.Replace(path, "/api/v1/admin/", "/staff/", 1), body
	}
}

// sessionSample makes a session of the caller's own (a facilitator sees
// only their own sessions; an admin sees all).
func sessionSample(suffix string) routeSample {
	return func(t *testing.T, ts *testServer, as staffUser) (string, []byte) {
		owner := as.name
		if owner == "" {
			owner = "fatima"
		}
		sess := &models.Session{Survey: "ungdomsdialog-2023", CreatedBy: owner, CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
		if err := ts.Store.CreateSession(context.Background(), sess); err != nil {
			t.Fatal(err)
		}
		return "/api/v1/admin/sessions/" + sess.Code + suffix, nil
	}
}

func newSurveySample(def string) routeSample {
	n := 0
	return func(*testing.T, *testServer, staffUser) (string, []byte) {
		n++
		return "/api/v1/admin/surveys", []byte(strings.Replace(def, "slug: ungdomsdialog-2023", fmt.Sprintf("slug: ny-enkat-%d", n), 1))
	}
}

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	t       *testing.T
	ts      *testServer
	cookies map[string]*http.Cookie
}

func newBrowser(t *testing.T, ts *testServer) *browser {
	return &browser{t: t, ts: ts, cookies: map[string]*http.Cookie{}}
}

func (b *browser) do(method, path string, form url.Values) response {
	b.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, _ := http.NewRequest(method, b.ts.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

var hiddenCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn loads the sign-in page and posts the form.
func (b *browser) signIn(name, pw string) response {
	b.t.Helper()
	page := b.do("GET", "/login", nil)
	m := hiddenCSRF.FindSubmatch(page.Body)
	if m == nil {
		b.t.Fatalf("no CSRF field on the sign-in page: %s", page.Body)
	}
	return b.do("POST", "/login", url.Values{"csrf": {string(m[1])}, "name": {name}, "password": {pw}, "next": {"/staff"}})
}

var (
	confirmForm = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)" class="staff-form confirm-form">(.*?)</form>`)
	formInput   = regexp.MustCompile(`<input (?:type="hidden" )?(?:id="[^"]*" )?name="([^"]+)"[^>]*? value="([^"]*)"`)
)

// confirm sends form to path as the page's button does, which must
// answer with the confirmation page and do nothing yet, then presses
// the confirmation page's button with the fields that page holds.
func (b *browser) confirm(path string, form url.Values) response {
	b.t.Helper()
	ask := b.do("POST", path, form)
	m := confirmForm.FindSubmatch(ask.Body)
	if ask.Status != http.StatusOK || m == nil {
		b.t.Fatalf("POST %s without confirming: %d, want the confirmation page: %.600s", path, ask.Status, ask.Body)
	}
	if string(m[1]) != path {
		b.t.Fatalf("the confirmation page posts to %s, not %s", m[1], path)
	}
	sent := url.Values{}
	for _, in := range formInput.FindAllSubmatch(m[2], -1) {
		sent.Set(string(in[1]), html.UnescapeString(string(in[2])))
	}
	return b.do("POST", path, sent)
}

func (b *browser) csrf(path string) string {
	b.t.Helper()
	m := hiddenCSRF.FindSubmatch(b.do("GET", path, nil).Body)
	if m == nil {
		b.t.Fatalf("no CSRF field on %s", path)
	}
	return string(m[1])
}

func TestSignInAndOut(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	b := newBrowser(t, ts)
	r := b.signIn("greta", admin.password)
	if r.Status != 303 || r.Header.Get("Location") != "/staff" {
		t.Fatalf("sign-in: %d %s", r.Status, r.Header.Get("Location"))
	}
	c := b.cookies[sessionCookie]
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie %+v", c)
	}
	if r := b.do("GET", "/staff", nil); r.Status != 200 || !strings.Contains(string(r.Body), "ungdomsdialog-2023") {
		t.Fatalf("staff page: %d", r.Status)
	}
	first := c.Value
	// Signing in again gives a new session and ends the old one.
	b.signIn("greta", admin.password)
	if b.cookies[sessionCookie].Value == first {
		t.Fatal("session not rotated at sign-in")
	}
	old := newBrowser(t, ts)
	old.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: first}
	if r := old.do("GET", "/staff", nil); r.Status != 303 {
		t.Fatalf("old session still works: %d", r.Status)
	}

	token := b.csrf("/staff")
	last := b.cookies[sessionCookie].Value
	if r := b.do("POST", "/logout", url.Values{"csrf": {token}}); r.Status != 303 {
		t.Fatalf("logout: %d", r.Status)
	}
	if r := b.do("GET", "/staff", nil); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("after logout: %d %s", r.Status, r.Header.Get("Location"))
	}
	// The session itself is gone, not just the cookie.
	if _, _, err := ts.Store.WebSession(context.Background(), last); err == nil {
		t.Fatal("session still valid after logout")
	}
}

// Failed sign-ins: see TestSignInFailuresLookAlikeAndAreSlowedDown in login_test.go.

func TestSignInNeedsItsCSRFToken(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addStaff(t, "greta", models.RoleAdmin)
	b := newBrowser(t, ts)
	b.do("GET", "/login", nil)
	if r := b.do("POST", "/login", url.Values{"csrf": {"forged"}, "name": {"greta"}, "password": {u.password}}); r.Status != 403 {
		t.Fatalf("forged token: %d", r.Status)
	}
}

func TestStaffFormsNeedCSRF(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addStaff(t, "greta", models.RoleAdmin)
	b := newBrowser(t, ts)
	b.signIn("greta", u.password)
	if r := b.do("POST", "/staff/surveys/ungdomsdialog-2023/close", url.Values{}); r.Status != 403 {
		t.Fatalf("without token: %d", r.Status)
	}
	if r := b.do("POST", "/staff/surveys/ungdomsdialog-2023/close", url.Values{"csrf": {"wrong"}}); r.Status != 403 {
		t.Fatalf("wrong token: %d", r.Status)
	}
	sv, _ := ts.Store.Survey(context.Background(), "ungdomsdialog-2023")
	if sv.Status != "open" {
		t.Fatal("a forged form changed the survey")
	}
	if r := b.confirm("/staff/surveys/ungdomsdialog-2023/close", url.Values{"csrf": {b.csrf("/staff")}}); r.Status != 303 {
		t.Fatalf("with token: %d", r.Status)
	}
	sv, _ = ts.Store.Survey(context.Background(), "ungdomsdialog-2023")
	if sv.Status != "closed" {
		t.Fatal("survey not closed")
	}
	// Closing publishes the figures: the close, then the publication.
	entries, _ := ts.Store.Audit(context.Background(), 10, time.Time{})
	if len(entries) < 2 || entries[1].Action != models.AuditSurveyClose || entries[1].Actor != "greta" || entries[1].Survey != "ungdomsdialog-2023" ||
		entries[0].Action != models.AuditPublish || entries[0].Survey != "ungdomsdialog-2023" {
		t.Fatalf("audit %+v", entries)
	}
}

func TestExpiredSessionIsRefused(t *testing.T) {
	ts := newTestServer(t)
	ts.addStaff(t, "greta", models.RoleAdmin)
	secret, _, err := ts.Store.CreateWebSession(context.Background(), "greta", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // past the session's stored expiry
	b := newBrowser(t, ts)
	b.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: secret}
	if r := b.do("GET", "/staff", nil); r.Status != 303 {
		t.Fatalf("expired session: %d", r.Status)
	}
	if r := b.do("GET", "/api/v1/admin/me", nil); r.Status != 401 {
		t.Fatalf("expired session on the API: %d", r.Status)
	}
}

func TestCreatedUserCanSignInWithTheOneTimePassword(t *testing.T) {
	ts := newTestServer(t)
	r := ts.admin(t, "POST", "/api/v1/admin/users", []byte(`{"name":"hanna","role":"facilitator"}`))
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var out createdUser
	r.JSON(t, &out)
	if out.Password == "" || out.Token != "" {
		t.Fatalf("%+v", out)
	}
	if r := newBrowser(t, ts).signIn("hanna", out.Password); r.Status != 303 {
		t.Fatalf("sign-in with the one-time password: %d", r.Status)
	}
	for _, bad := range []string{`{"name":"hanna","role":"facilitator"}`, `{"name":"Hanna!","role":"analyst"}`, `{"name":"olle","role":"chief"}`, `not json`} {
		if r := ts.admin(t, "POST", "/api/v1/admin/users", []byte(bad)); r.Status < 400 || r.Status >= 500 {
			t.Errorf("%s: %d", bad, r.Status)
		}
	}
	r = ts.admin(t, "POST", "/api/v1/admin/users", []byte(`{"name":"robot","role":"analyst","token":true}`))
	out = createdUser{}
	r.JSON(t, &out)
	if r.Status != 201 || out.Token == "" || out.Password != "" {
		t.Fatalf("token user: %d %+v", r.Status, out)
	}
	if r := ts.do(t, "GET", "/api/v1/admin/surveys", nil, "Authorization", "Bearer "+out.Token); r.Status != 200 {
		t.Fatalf("new token: %d", r.Status)
	}
	if r := ts.admin(t, "POST", "/api/v1/admin/users/robot/disable", nil); r.Status != 200 {
		t.Fatalf("disable: %d", r.Status)
	}
	if r := ts.do(t, "GET", "/api/v1/admin/surveys", nil, "Authorization", "Bearer "+out.Token); r.Status != 401 {
		t.Fatalf("token of a disabled user: %d", r.Status)
	}
}

func TestNoSecretReachesTheLog(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addStaff(t, "greta", models.RoleAdmin)
	b := newBrowser(t, ts)
	b.signIn("greta", "wrong-password-marker")
	b.signIn("greta", u.password)
	ts.do(t, "GET", "/api/v1/admin/me", nil, "Authorization", "Bearer "+u.token)
	ts.do(t, "GET", "/api/v1/admin/me", nil, "Authorization", "Bearer md_wrong-token-marker")
	r := ts.admin(t, "POST", "/api/v1/admin/users", []byte(`{"name":"hanna","role":"analyst"}`))
	var out createdUser
	r.JSON(t, &out)
	logs := ts.Logs.String()
	for _, secret := range []string{u.password, u.token, "wrong-password-marker", "wrong-token-marker", out.Password, adminToken, b.cookies[sessionCookie].Value} {
		if secret != "" && strings.Contains(logs, secret) {
			t.Errorf("the log holds a secret %q", secret)
		}
	}
	if !strings.Contains(logs, "route=/login") {
		t.Fatalf("nothing logged at all? %s", logs)
	}
}

func firstError(logs string) string {
	i := strings.Index(logs, "level=ERROR")
	if i < 0 {
		return ""
	}
	return logs[i:min(len(logs), i+400)]
}

// activitySample changes a built-in activity on its current revision.
func activitySample(form bool) routeSample {
	return func(t *testing.T, ts *testServer, _ staffUser) (string, []byte) {
		a, err := ts.Store.Activity(context.Background(), "sandviken-2022-2023", "sandviken22-dialog")
		if err != nil {
			t.Fatal(err)
		}
		path := "/promises/sandviken-2022-2023/activities/" + a.ID
		if form {
			return "/staff" + path, []byte(fmt.Sprintf("problem=p&activity=a&partner=Polisen&status=ongoing&rev=%d", a.Rev))
		}
		return "/api/v1/admin" + path, []byte(fmt.Sprintf(`{"problem":"p","activity":"a","partner":"Polisen","status":"ongoing","rev":%d}`, a.Rev))
	}
}

// placesSample saves the built-in catalogue again.
func placesSample(form bool) routeSample {
	return func(t *testing.T, _ *testServer, _ staffUser) (string, []byte) {
		data, err := os.ReadFile("../surveys/builtin/places/sandviken.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if form {
			return "/staff/places", []byte(url.Values{"yaml": {string(data)}}.Encode())
		}
		return "/api/v1/admin/places", data
	}
}
