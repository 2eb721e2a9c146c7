package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserFirstSignIn is a new staff member's first sign-in: the
// one-time password an admin handed over leads to the change form and
// nowhere else, a slip is shown beside the form, and the chosen password
// opens the staff pages. Both states of the form pass axe.
func TestBrowserFirstSignIn(t *testing.T) {
	a := startApp(t, nil)
	resp, body := a.do(t, "POST", "/api/v1/admin/users", strings.NewReader(`{"name":"hanna","role":"facilitator"}`),
		"Authorization", "Bearer "+testAdminToken, "Content-Type", "application/json")
	var created struct{ Password string }
	if err := json.Unmarshal(body, &created); err != nil || resp.StatusCode != 201 || created.Password == "" {
		t.Fatalf("create the account: %d %s", resp.StatusCode, body)
	}

	tab := newTab(t, true)
	desktop(t, tab, 1280, 720)
	act(t, tab, chromedp.Navigate(a.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#name`), "hanna"),
		chromedp.SendKeys(chromedp.CSS(`#password`), created.Password),
		chromedp.Click(chromedp.CSS(`form.staff-form button[type=submit]`)))
	waitFor(t, tab, `location.pathname === '/staff/password' && document.readyState === 'complete'`)
	checkAxe(t, tab, "the forced password change")
	screenshot(t, tab, "password-forced")

	act(t, tab, chromedp.Navigate(a.URL+"/staff/sessions"))
	waitFor(t, tab, `location.pathname === '/staff/password'`)

	const chosen = "tre ord i följd och lite till"
	fill := func(repeat string) {
		t.Helper()
		act(t, tab,
			chromedp.SendKeys(chromedp.CSS(`#current`), created.Password),
			chromedp.SendKeys(chromedp.CSS(`#new`), chosen),
			chromedp.SendKeys(chromedp.CSS(`#repeat`), repeat),
			chromedp.Click(chromedp.CSS(`form.staff-form button[type=submit]`)))
	}
	fill(chosen + "!")
	waitFor(t, tab, `document.readyState === 'complete' && document.getElementById('password-error')`)
	if !eval[bool](t, tab, `document.getElementById('repeat').getAttribute('aria-describedby') === 'password-error'`) {
		t.Error("the mismatch is not tied to the repeated field")
	}
	checkAxe(t, tab, "the password change with a mistake")
	screenshot(t, tab, "password-mismatch")

	fill(chosen)
	waitFor(t, tab, `location.pathname === '/staff' && document.readyState === 'complete'`)
	if !eval[bool](t, tab, `!!document.querySelector('nav.staffnav a[href="/staff/sessions"]')`) {
		t.Fatal("the staff pages did not open after the change")
	}
	act(t, tab, chromedp.Navigate(a.URL+"/staff/sessions"))
	waitFor(t, tab, `location.pathname === '/staff/sessions'`)
}
