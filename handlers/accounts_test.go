package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/password"
)

// changePasswordSample changes the caller's password, through the API or
// the form, remembering it per server so the next sample knows it.
func changePasswordSample(form bool) routeSample {
	return func(t *testing.T, ts *testServer, as staffUser) (string, []byte) {
		current, next := samplePasswords.swap(ts, as)
		if form {
			return "/staff/password", []byte(url.Values{"current": {current}, "new": {next}, "repeat": {next}}.Encode())
		}
		body, _ := json.Marshal(map[string]string{"current": current, "new": next})
		return "/api/v1/admin/me/password", body
	}
}

var samplePasswords = passwordBook{m: map[*testServer]map[string]string{}}

type passwordBook struct {
	mu sync.Mutex
	n  int
	m  map[*testServer]map[string]string
}

// swap returns the user's password and the next one, which it records.
func (b *passwordBook) swap(ts *testServer, as staffUser) (current, next string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m[ts] == nil {
		b.m[ts] = map[string]string{}
	}
	current, ok := b.m[ts][as.name]
	if !ok {
		current = as.password
	}
	b.n++
	next = fmt.Sprintf("ett nytt och långt lösenord %d", b.n)
	b.m[ts][as.name] = next
	return current, next
}

// createUser makes an account the way an admin does, with its one-time
// password.
func (ts *testServer) createUser(t *testing.T, name, role string) string {
	t.Helper()
	r := ts.admin(t, "POST", "/api/v1/admin/users", []byte(`{"name":"`+name+`","role":"`+role+`"}`))
	var out createdUser
	r.JSON(t, &out)
	if r.Status != 201 || out.Password == "" {
		t.Fatalf("create %s: %d %s", name, r.Status, r.Body)
	}
	return out.Password
}

func TestOneTimePasswordMustBeChangedFirst(t *testing.T) {
	ts := newTestServer(t)
	otp := ts.createUser(t, "hanna", models.RoleFacilitator)
	b := newBrowser(t, ts)
	if r := b.signIn("hanna", otp); r.Status != 303 || r.Header.Get("Location") != "/staff/password" {
		t.Fatalf("sign-in with the one-time password: %d to %q", r.Status, r.Header.Get("Location"))
	}
	csrf := b.csrf("/staff/password")

	t.Run("every staff page leads to the change", func(t *testing.T) {
		for _, path := range []string{"/staff", "/staff/sessions", "/staff/places", "/staff/users"} {
			if r := b.do("GET", path, nil); r.Status != 303 || r.Header.Get("Location") != "/staff/password" {
				t.Errorf("GET %s: %d to %q", path, r.Status, r.Header.Get("Location"))
			}
		}
		if r := b.do("POST", "/staff/sessions", url.Values{"csrf": {csrf}, "survey": {"ungdomsdialog-2023"}}); r.Status != 303 || r.Header.Get("Location") != "/staff/password" {
			t.Errorf("POST /staff/sessions: %d to %q", r.Status, r.Header.Get("Location"))
		}
	})
	t.Run("the API answers 403 with a code that says why", func(t *testing.T) {
		cookie := sessionCookie + "=" + b.cookies[sessionCookie].Value
		for _, rq := range []struct{ method, path, body string }{
			{"GET", "/api/v1/admin/me", ""},
			{"GET", "/api/v1/admin/sessions", ""},
			{"POST", "/api/v1/admin/tokens", `{"label":"a way around"}`},
		} {
			r := ts.do(t, rq.method, rq.path, []byte(rq.body), "Cookie", cookie, "X-CSRF-Token", csrf)
			if r.Status != 403 || r.ErrorCode(t) != "password_change_required" {
				t.Errorf("%s %s: %d %s", rq.method, rq.path, r.Status, r.Body)
			}
		}
	})
	t.Run("the form says why it is shown", func(t *testing.T) {
		r := b.do("GET", "/staff/password?lang=en", nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), "one-time password") || !strings.Contains(string(r.Body), `autocomplete="new-password"`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("a bad new password is refused with the reason", func(t *testing.T) {
		for _, tt := range []struct{ current, next, repeat, want string }{
			{otp, "kort", "kort", "för kort"},
			{otp, "jag är HANNA från fältet", "jag är HANNA från fältet", "användarnamn"},
			{otp, "ett nytt långt lösenord", "ett annat långt lösenord", "inte lika"},
			{otp, otp, otp, "ett annat än det nuvarande"},
			{"fel lösenord", "ett nytt långt lösenord", "ett nytt långt lösenord", "stämmer inte"},
		} {
			r := b.do("POST", "/staff/password", url.Values{"csrf": {csrf}, "current": {tt.current}, "new": {tt.next}, "repeat": {tt.repeat}})
			if r.Status != 422 || !strings.Contains(string(r.Body), tt.want) {
				t.Errorf("new %q: %d, want 422 with %q", tt.next, r.Status, tt.want)
			}
		}
	})

	other := newBrowser(t, ts) // a second session, to be ended by the change
	other.signIn("hanna", otp)
	const chosen = "tre ord i följd, och lite till"
	old := b.cookies[sessionCookie].Value
	r := b.do("POST", "/staff/password", url.Values{"csrf": {csrf}, "current": {otp}, "new": {chosen}, "repeat": {chosen}})
	if r.Status != 303 || r.Header.Get("Location") != "/staff" {
		t.Fatalf("change: %d to %q %s", r.Status, r.Header.Get("Location"), r.Body)
	}
	if b.cookies[sessionCookie].Value == old {
		t.Fatal("the session was not renewed at the change")
	}
	if r := b.do("GET", "/staff", nil); r.Status != 200 {
		t.Fatalf("staff page after the change: %d", r.Status)
	}
	if r := other.do("GET", "/staff", nil); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("another session of the account after the change: %d %q", r.Status, r.Header.Get("Location"))
	}
	if r := newBrowser(t, ts).signIn("hanna", otp); r.Status != 401 {
		t.Fatalf("the one-time password after the change: %d", r.Status)
	}
	if r := newBrowser(t, ts).signIn("hanna", chosen); r.Status != 303 || r.Header.Get("Location") != "/staff" {
		t.Fatalf("the chosen password: %d to %q", r.Status, r.Header.Get("Location"))
	}
	u, hash, err := ts.Store.UserWithHash(context.Background(), "hanna")
	if err != nil || u.MustChangePassword || u.PasswordExpiresAt != nil || !strings.HasPrefix(hash, "$argon2id$") {
		t.Fatalf("stored: %+v %q %v", u, hash, err)
	}
	if !auditHas(t, ts, models.AuditPassword, "hanna") {
		t.Fatal("the change is not in the audit log")
	}
}

func TestForcedChangeStillSignsOut(t *testing.T) {
	ts := newTestServer(t)
	otp := ts.createUser(t, "hanna", models.RoleAnalyst)
	b := newBrowser(t, ts)
	b.signIn("hanna", otp)
	secret := b.cookies[sessionCookie].Value
	if r := b.do("POST", "/logout", url.Values{"csrf": {b.csrf("/staff/password")}}); r.Status != 303 || r.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %q", r.Status, r.Header.Get("Location"))
	}
	if _, _, err := ts.Store.WebSession(context.Background(), secret); err == nil {
		t.Fatal("the session survived sign-out")
	}
}

// An admin's reset gives a new one-time password, which must be changed
// again; one left for longer than its week no longer signs in.
func TestOneTimePasswordExpires(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	ts.createUser(t, "hanna", models.RoleFacilitator)
	reset := password.Generate()
	hash, err := password.Hash(reset)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Store.ResetPassword(ctx, "hanna", hash, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if r := newBrowser(t, ts).signIn("hanna", reset); r.Status != 303 || r.Header.Get("Location") != "/staff/password" {
		t.Fatalf("after a reset: %d to %q", r.Status, r.Header.Get("Location"))
	}
	if err := ts.Store.ResetPassword(ctx, "hanna", hash, time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	r := newBrowser(t, ts).signIn("hanna", reset)
	if r.Status != 401 || !strings.Contains(string(r.Body), "gått ut") {
		t.Fatalf("an expired one-time password: %d %s", r.Status, r.Body)
	}
	// A wrong password for the same account says nothing about expiry.
	if r := newBrowser(t, ts).signIn("hanna", "not it at all"); r.Status != 401 || strings.Contains(string(r.Body), "gått ut") {
		t.Fatalf("a wrong password: %d", r.Status)
	}
	entries, _ := ts.Store.Audit(ctx, 10, time.Time{})
	if len(entries) < 2 || entries[1].Action != models.AuditLoginFailed || entries[1].Details["reason"] != "expired" {
		t.Fatalf("audit %+v", entries)
	}
}

func TestChangeOwnPasswordThroughTheAPI(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addStaff(t, "greta", models.RoleAnalyst)
	session, _, err := ts.Store.CreateWebSession(context.Background(), "greta", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	change := func(current, next string) response {
		body, _ := json.Marshal(map[string]string{"current": current, "new": next})
		return ts.do(t, "POST", "/api/v1/admin/me/password", body, "Authorization", "Bearer "+u.token)
	}
	for _, tt := range []struct{ current, next, field, code string }{
		{"wrong", "ett långt nytt lösenord", "current", "wrong"},
		{u.password, "elva tecken", "new", "too_short"},
		{u.password, "jag heter Greta, hej", "new", "contains_name"},
		{u.password, u.password, "new", "same"},
		{u.password, strings.Repeat("x", 2000), "new", "too_long"},
	} {
		r := change(tt.current, tt.next)
		var e struct {
			Error struct {
				Code   string `json:"code"`
				Fields []struct{ Field, Code, Message string }
			} `json:"error"`
		}
		r.JSON(t, &e)
		if r.Status != 422 || e.Error.Code != "invalid" || len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != tt.field || e.Error.Fields[0].Code != tt.code || e.Error.Fields[0].Message == "" {
			t.Errorf("%q → %q: %d %s", tt.current, tt.next, r.Status, r.Body)
		}
	}
	if r := change(u.password, "ett långt nytt lösenord"); r.Status != 200 || !strings.Contains(string(r.Body), `"tokens_revoked":1`) {
		t.Fatalf("change: %d %s", r.Status, r.Body)
	}
	if _, _, err := ts.Store.WebSession(context.Background(), session); err == nil {
		t.Fatal("the account's web session survived the change")
	}
	if r := newBrowser(t, ts).signIn("greta", "ett långt nytt lösenord"); r.Status != 303 {
		t.Fatalf("sign-in with the new password: %d", r.Status)
	}
	if r := ts.admin(t, "POST", "/api/v1/admin/me/password", []byte(`{"current":"x","new":"ett långt nytt lösenord"}`)); r.Status != 422 {
		t.Fatalf("the bootstrap token changing a password: %d %s", r.Status, r.Body)
	}
	// The change revoked the token it came with.
	if r := ts.do(t, "POST", "/api/v1/admin/me/password", []byte(`{}`), "Authorization", "Bearer "+u.token); r.Status != 401 {
		t.Fatalf("the token after the change: %d", r.Status)
	}
	u2 := ts.addStaff(t, "gustav", models.RoleAnalyst)
	if r := ts.do(t, "POST", "/api/v1/admin/me/password", []byte(`{`), "Authorization", "Bearer "+u2.token); r.Status != 400 {
		t.Fatalf("malformed body: %d", r.Status)
	}
}

// Changing a password revokes the account's API tokens, since whoever
// knew the old password could have made one; the page says so before the
// change and lists them, and each revocation is in the audit log
// (issue 26).
func TestChangingAPasswordRevokesTheAccountsTokens(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	greta := ts.addStaff(t, "greta", models.RoleAnalyst)
	ci, ciToken, err := ts.Store.CreateToken(ctx, "greta", "ci-skript")
	if err != nil {
		t.Fatal(err)
	}
	anders := ts.addStaff(t, "anders", models.RoleAnalyst)

	b := newBrowser(t, ts)
	if r := b.signIn("greta", greta.password); r.Status != 303 {
		t.Fatalf("sign-in: %d", r.Status)
	}
	page := b.do("GET", "/staff/password", nil)
	if page.Status != 200 || !strings.Contains(string(page.Body), "alla dina API-nycklar slutar gälla") ||
		!strings.Contains(string(page.Body), "ci-skript (<code>"+ciToken.ID+"</code>)") {
		t.Fatalf("the page does not say the tokens go: %d %s", page.Status, page.Body)
	}
	const chosen = "tre ord i följd, och lite till"
	r := b.do("POST", "/staff/password", url.Values{"csrf": {b.csrf("/staff/password")}, "current": {greta.password}, "new": {chosen}, "repeat": {chosen}})
	if r.Status != 303 {
		t.Fatalf("change: %d %s", r.Status, r.Body)
	}
	for _, tok := range []string{greta.token, ci} {
		if r := ts.do(t, "GET", "/api/v1/admin/tokens", nil, "Authorization", "Bearer "+tok); r.Status != 401 {
			t.Errorf("a token of greta after the change: %d", r.Status)
		}
	}
	if r := ts.do(t, "GET", "/api/v1/admin/tokens", nil, "Authorization", "Bearer "+anders.token); r.Status != 200 {
		t.Errorf("another account's token after the change: %d", r.Status)
	}
	if page := b.do("GET", "/staff/password", nil); strings.Contains(string(page.Body), "ci-skript") {
		t.Error("the page still lists a revoked token")
	}
	entries, err := ts.Store.Audit(ctx, 20, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var revoked []string
	for _, e := range entries {
		switch {
		case e.Action == models.AuditTokenRevoke && e.Actor == "greta" && e.Details["why"] == models.AuditPassword:
			revoked = append(revoked, e.Details["token"])
		case e.Action == models.AuditPassword && e.Details["tokens_revoked"] != "2":
			t.Errorf("the change's entry: %+v", e)
		}
	}
	if len(revoked) != 2 || !slices.Contains(revoked, ciToken.ID) {
		t.Errorf("revocations in the audit log: %v", revoked)
	}
}

// The built-in identities act in the audit log and own what they made; an
// account under one of their names would inherit that.
func TestReservedNamesCannotBeCreated(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	b := newBrowser(t, ts)
	b.signIn("greta", admin.password)
	csrf := b.csrf("/staff/users")
	for _, name := range []string{"admin-token", "cli", "system", "demo"} {
		if r := ts.admin(t, "POST", "/api/v1/admin/users", []byte(`{"name":"`+name+`","role":"admin"}`)); r.Status != 422 || !strings.Contains(string(r.Body), "admin-token") {
			t.Errorf("API, %s: %d %s", name, r.Status, r.Body)
		}
		if r := b.do("POST", "/staff/users", url.Values{"csrf": {csrf}, "name": {name}, "role": {"analyst"}}); r.Status != 422 {
			t.Errorf("staff page, %s: %d", name, r.Status)
		}
		if _, _, err := ts.Store.UserWithHash(context.Background(), name); models.ErrorCode(err) != models.ErrNotFound {
			t.Errorf("%s was stored: %v", name, err)
		}
	}
}

func auditHas(t *testing.T, ts *testServer, action, actor string) bool {
	t.Helper()
	entries, err := ts.Store.Audit(context.Background(), 100, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && e.Actor == actor {
			return true
		}
	}
	return false
}
