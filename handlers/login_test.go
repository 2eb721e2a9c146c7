package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"medborgardialog/models"
)

func TestSafeNext(t *testing.T) {
	for _, tt := range []struct{ next, want string }{
		{"/staff", "/staff"},
		{"/staff/sessions", "/staff/sessions"},
		{"/staff/sessions/ABC234", "/staff/sessions/ABC234"},
		{"/staff/surveys/ungdomsdialog-2023?by=school&from=2023-01-01", "/staff/surveys/ungdomsdialog-2023?by=school&from=2023-01-01"},
		{"/staff/users/", "/staff/users/"},
		{"/staff/surveys/x%3Fy", "/staff/surveys/x%3Fy"}, // decodes to a harmless "?"
		{"", "/staff"},
		{"/", "/staff"},
		{"/login", "/staff"},
		{"/staffevil", "/staff"},
		{"//evil.example", "/staff"},
		{"///evil.example", "/staff"},
		{"/\\evil.example", "/staff"},
		{"\\\\evil.example", "/staff"},
		{"/\t/evil.example", "/staff"},
		{"/\n/evil.example", "/staff"},
		{"/\r/evil.example", "/staff"},
		{"/ /evil.example", "/staff"},
		{"/%09/evil.example", "/staff"},
		{"/%0a/evil.example", "/staff"},
		{"/%0D%0A/evil.example", "/staff"},
		{"/%2F%2Fevil.example", "/staff"},
		{"/%2f/evil.example", "/staff"},
		{"/%5Cevil.example", "/staff"},
		{"/staff/%2F%2Fevil.example", "/staff"},
		{"/staff/%2e%2e/%2e%2e//evil.example", "/staff"},
		{"/staff/../..//evil.example", "/staff"},
		{"/staff/..", "/staff"},
		{"/staff/./users", "/staff"},
		{"/staff//evil.example", "/staff"},
		{"/staff\\..\\..\\evil.example", "/staff"},
		{"/staff\t", "/staff"},
		{"/staff/\u00a0", "/staff"},
		{"/staff/\u2028", "/staff"},
		{"/staff\x00", "/staff"},
		{"https://evil.example", "/staff"},
		{"https://evil.example/staff", "/staff"},
		{"http:evil.example", "/staff"},
		{"javascript:alert(1)", "/staff"},
		{"//evil.example/staff", "/staff"},
		{"/\t\t/evil.example/staff", "/staff"},
		{"evil.example", "/staff"},
		{"staff", "/staff"},
		{"/staff@evil.example", "/staff"},
		{"/staff#frag", "/staff#frag"},
		{"/" + strings.Repeat("a", 3000), "/staff"},
	} {
		t.Run(tt.next, func(t *testing.T) {
			if got := safeNext(tt.next); got != tt.want {
				t.Fatalf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
			// Whatever comes through, a browser resolves on this site.
			base, _ := url.Parse("http://dialog.test/login")
			if ref, err := url.Parse(safeNext(tt.next)); err != nil || base.ResolveReference(ref).Host != "dialog.test" {
				t.Fatalf("%q leaves the site", safeNext(tt.next))
			}
		})
	}
}

func TestSignInRedirectStaysOnTheSite(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addStaff(t, "greta", models.RoleAdmin)
	for _, next := range []string{"/\t/evil.example", "/%09/evil.example", "//evil.example", "/staff/sessions"} {
		b := newBrowser(t, ts)
		page := b.do("GET", "/login?next="+url.QueryEscape(next), nil)
		m := hiddenCSRF.FindSubmatch(page.Body)
		if m == nil {
			t.Fatal("no CSRF field")
		}
		r := b.do("POST", "/login", url.Values{"csrf": {string(m[1])}, "name": {"greta"}, "password": {u.password}, "next": {next}})
		want := "/staff"
		if next == "/staff/sessions" {
			want = next
		}
		if r.Status != 303 || r.Header.Get("Location") != want {
			t.Errorf("next=%q: %d to %q, want %q", next, r.Status, r.Header.Get("Location"), want)
		}
	}
}

// delayLog replaces the sign-in throttle's sleep for one test: it records
// every delay and, with a gate, holds the attempts until the gate opens.
type delayLog struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (d *delayLog) all() []time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.delays)
}

// recordDelays must be called before the test server is made.
func recordDelays(t *testing.T, gate <-chan struct{}) *delayLog {
	t.Helper()
	log := &delayLog{}
	old := signInPolicy
	p := old
	p.sleep = func(ctx context.Context, d time.Duration) error {
		log.mu.Lock()
		log.delays = append(log.delays, d)
		log.mu.Unlock()
		if gate == nil {
			return nil
		}
		select {
		case <-gate:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	signInPolicy = p
	t.Cleanup(func() { signInPolicy = old })
	return log
}

// signInForm is a sign-in's form and CSRF cookie, to post many times.
type signInForm struct {
	ts     *testServer
	cookie *http.Cookie
	csrf   string
}

func newSignInForm(t *testing.T, ts *testServer) signInForm {
	t.Helper()
	b := newBrowser(t, ts)
	m := hiddenCSRF.FindSubmatch(b.do("GET", "/login", nil).Body)
	if m == nil || b.cookies[loginCSRFCookie] == nil {
		t.Fatal("no CSRF field or cookie on the sign-in page")
	}
	return signInForm{ts: ts, cookie: b.cookies[loginCSRFCookie], csrf: string(m[1])}
}

// post signs in; safe from several goroutines.
func (f signInForm) post(name, pw string) (int, error) {
	form := url.Values{"csrf": {f.csrf}, "name": {name}, "password": {pw}}
	req, err := http.NewRequest("POST", f.ts.URL+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(f.cookie)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func (f signInForm) mustPost(t *testing.T, name, pw string) int {
	t.Helper()
	status, err := f.post(name, pw)
	if err != nil {
		t.Fatal(err)
	}
	return status
}

func TestSignInFailuresLookAlikeAndAreSlowedDown(t *testing.T) {
	delays := recordDelays(t, nil)
	ts := newTestServer(t)
	u := ts.addStaff(t, "greta", models.RoleAdmin)
	b := newBrowser(t, ts)
	wrong := b.signIn("greta", "not-the-password")
	unknown := b.signIn("nobody", "whatever")
	if wrong.Status != 401 || unknown.Status != 401 {
		t.Fatalf("statuses %d %d", wrong.Status, unknown.Status)
	}
	msg := regexp.MustCompile(`role="alert"[^>]*>([^<]+)<`)
	if m1, m2 := msg.FindSubmatch(wrong.Body), msg.FindSubmatch(unknown.Body); m1 == nil || m2 == nil || string(m1[1]) != string(m2[1]) {
		t.Fatalf("messages differ or are missing: %q / %q", m1, m2)
	}
	// Five failures for the account are free; each one after waits twice
	// as long as the one before, and is still an ordinary 401.
	form := newSignInForm(t, ts)
	for i := range 9 {
		if got := form.mustPost(t, "greta", "still-wrong"); got != 401 {
			t.Fatalf("failure %d: %d, want 401", i+2, got)
		}
	}
	if got, want := delays.all(), []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}; !slices.Equal(got, want) {
		t.Fatalf("delays %v, want %v", got, want)
	}
	// The owner's right password gets in after the next delay, and the
	// account starts over.
	if got := form.mustPost(t, "greta", u.password); got != 303 {
		t.Fatalf("right password after ten failures: %d, want 303", got)
	}
	if d := delays.all(); d[len(d)-1] != 30*time.Second {
		t.Fatalf("the right password waited %v, want 30s", d[len(d)-1])
	}
	n := len(delays.all())
	if got := newSignInForm(t, ts).mustPost(t, "greta", "wrong-again"); got != 401 || len(delays.all()) != n {
		t.Fatalf("after a success: %d, delays %v", got, delays.all()[n:])
	}
}

// Twenty wrong passwords at once from one address: every attempt is
// counted before its password is checked, so exactly five are checked at
// once, four more after 1, 2, 4 and 8 s, and eleven are told to come back.
func TestParallelSignInsAreCountedExactly(t *testing.T) {
	gate := make(chan struct{})
	delays := recordDelays(t, gate)
	ts := newTestServer(t)
	ts.addStaff(t, "greta", models.RoleAdmin)
	form := newSignInForm(t, ts)
	statuses := make(chan int, 20)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, err := form.post("greta", "a-guess")
			if err != nil {
				t.Error(err)
			}
			statuses <- status
		}()
	}
	count := map[int]int{}
	for range 16 { // all but the four held at the gate
		select {
		case st := <-statuses:
			count[st]++
		case <-time.After(30 * time.Second):
			t.Fatalf("only %v answered", count)
		}
	}
	if count[401] != 5 || count[429] != 11 {
		t.Fatalf("before the delayed ones: %v, want 5×401 and 11×429", count)
	}
	close(gate)
	wg.Wait()
	close(statuses)
	for st := range statuses {
		count[st]++
	}
	if count[401] != 9 || count[429] != 11 {
		t.Fatalf("statuses %v, want 9×401 and 11×429", count)
	}
	got := delays.all()
	slices.Sort(got)
	if want := []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}; !slices.Equal(got, want) {
		t.Fatalf("delays %v, want %v", got, want)
	}
	entries, err := ts.Store.Audit(context.Background(), 100, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, e := range entries {
		if e.Action == models.AuditLoginFailed && e.Actor == "greta" {
			failed++
		}
	}
	if failed != 9 {
		t.Fatalf("%d failed sign-ins in the audit log, want the 9 checked", failed)
	}
}

// Many failures from an office's one address slow everyone there down a
// little but never refuse a colleague's right password.
func TestOfficeAddressDoesNotLockOutColleagues(t *testing.T) {
	delays := recordDelays(t, nil)
	ts := newTestServer(t)
	u := ts.addStaff(t, "greta", models.RoleAdmin)
	form := newSignInForm(t, ts)
	for i := range 25 {
		if got := form.mustPost(t, "kollega"+string(rune('a'+i)), "fel"); got != 401 {
			t.Fatalf("failure %d: %d", i+1, got)
		}
	}
	if got := form.mustPost(t, "greta", u.password); got != 303 {
		t.Fatalf("a colleague's right password: %d, want 303", got)
	}
	d := delays.all()
	if len(d) != 6 || d[5] != 30*time.Second {
		t.Fatalf("delays %v: want the office's five past its twenty free, then 30 s for greta", d)
	}
}

func TestSessionCookieIsSecureWhenPublishedOverHTTPS(t *testing.T) {
	for _, tt := range []struct {
		base   string
		secure bool
	}{
		{"https://dialog.example", true}, // TLS ends at a proxy: we see plain HTTP
		{"HTTPS://dialog.example/", true},
		{"http://dialog.test", false},
	} {
		t.Run(tt.base, func(t *testing.T) {
			ts := newTestServerWith(t, func(c *Config) { c.BaseURL = tt.base })
			u := ts.addStaff(t, "greta", models.RoleAdmin)
			b := newBrowser(t, ts)
			r := b.signIn("greta", u.password)
			if r.Status != 303 {
				t.Fatalf("sign-in: %d", r.Status)
			}
			for _, name := range []string{sessionCookie, loginCSRFCookie} {
				var c *http.Cookie
				for _, rc := range (&http.Response{Header: r.Header}).Cookies() {
					if rc.Name == name {
						c = rc
					}
				}
				if c == nil || c.Secure != tt.secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
					t.Fatalf("%s: %+v, want Secure=%v", name, c, tt.secure)
				}
			}
		})
	}
}

func TestSignInAndOutAreAudited(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addStaff(t, "greta", models.RoleAdmin)
	const typedAsName = "Vinter-Sol-2024!"
	b := newBrowser(t, ts)
	b.signIn(typedAsName, "whatever")
	b.signIn("greta", "wrong-password-here")
	b.signIn("greta", u.password)
	if r := b.do("POST", "/logout", url.Values{"csrf": {b.csrf("/staff")}}); r.Status != 303 {
		t.Fatalf("logout: %d", r.Status)
	}
	entries, err := ts.Store.Audit(context.Background(), 100, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Action, "auth.") {
			continue
		}
		got = append(got, e.Action+" "+e.Actor+" "+e.Role+" "+e.Details["reason"])
		for _, v := range append([]string{e.Actor, e.Role, e.Survey}, mapValues(e.Details)...) {
			for _, secret := range []string{typedAsName, "whatever", "wrong-password-here", u.password, "127.0.0.1", "Go-http-client"} {
				if strings.Contains(v, secret) {
					t.Errorf("the audit log holds %q: %+v", secret, e)
				}
			}
		}
	}
	slices.Reverse(got)
	want := []string{
		"auth.login_failed (unknown)  unknown",
		"auth.login_failed greta admin password",
		"auth.login greta admin ",
		"auth.logout greta admin ",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
