package main

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"medborgardialog/models"
)

var setupLinkRe = regexp.MustCompile(`/setup\?token=([A-Za-z0-9_-]+)`)

// The first admin without stopping anything (issue 28): a service with
// no admin prints a one-time link at start-up; the link makes one admin,
// once, even when several browsers send it at the same moment.
func TestTheSetupLinkCreatesTheFirstAdminOnce(t *testing.T) {
	a := startApp(t, nil)
	m := setupLinkRe.FindStringSubmatch(a.Logs.String())
	if m == nil {
		t.Fatalf("no setup link in the log:\n%s", a.Logs.String())
	}
	token := m[1]
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(tok string) int {
		resp, err := noFollow.Get(a.URL + "/setup?token=" + url.QueryEscape(tok))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	post := func(name, pw, repeat string) *http.Response {
		form := url.Values{"token": {token}, "name": {name}, "password": {pw}, "repeat": {repeat}}
		resp, err := noFollow.PostForm(a.URL+"/setup", form)
		if err != nil {
			t.Error(err)
			return nil
		}
		resp.Body.Close()
		return resp
	}
	if got := get("not-the-token"); got != http.StatusGone {
		t.Fatalf("a wrong token: %d", got)
	}
	if got := get(token); got != http.StatusOK {
		t.Fatalf("the link: %d", got)
	}
	// A refused form leaves the link working.
	if r := post("greta", "kort", "kort"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a short password: %d", r.StatusCode)
	}

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		created []string
		gone    int
	)
	for _, name := range []string{"greta", "goran", "gunnel", "gustav"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := post(name, "hallon-cykel-vinter-7", "hallon-cykel-vinter-7")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case r == nil:
			case r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/staff"):
				created = append(created, name)
				if !strings.Contains(r.Header.Get("Set-Cookie"), "=") {
					t.Errorf("%s was not signed in", name)
				}
			case r.StatusCode == http.StatusGone:
				gone++
			default:
				t.Errorf("%s: %d", name, r.StatusCode)
			}
		}()
	}
	wg.Wait()
	if len(created) != 1 || gone != 3 {
		t.Fatalf("created %v, refused %d: the link made more or fewer than one admin", created, gone)
	}
	users, err := a.store.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0].Name != created[0] || users[0].Role != models.RoleAdmin || users[0].MustChangePassword {
		t.Fatalf("accounts: %+v", users)
	}
	if got := get(token); got != http.StatusGone {
		t.Fatalf("the used link: %d", got)
	}
	if n := strings.Count(a.Logs.String(), token); n != 1 {
		t.Fatalf("the token is in the log %d times, want only the start-up line", n)
	}

	// A restart with an admin prints no link.
	b := startApp(t, func(c *Config) { c.DB = a.cfg.DB })
	if setupLinkRe.MatchString(b.Logs.String()) {
		t.Fatalf("a link was printed though an admin exists:\n%s", b.Logs.String())
	}
}
