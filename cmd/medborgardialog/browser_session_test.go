package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/password"
)

// TestBrowserFieldSession is a field assistant's lesson: start a session,
// show the code and QR code, a phone joins and answers, the count moves on
// the projector without a reload and is all it shows about the answers,
// then "Stäng och visa resultat" closes the session and shows the class
// its one release: shares in tens of percent, nothing sensitive.
func TestBrowserFieldSession(t *testing.T) {
	a := startApp(t, nil)
	pw := password.Generate()
	hash, err := password.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.CreateUser(context.Background(), "fatima", models.RoleFacilitator, hash); err != nil {
		t.Fatal(err)
	}
	// As if chosen at the first sign-in; TestBrowserFirstSignIn covers the change.
	if err := a.store.SetPassword(context.Background(), "fatima", hash); err != nil {
		t.Fatal(err)
	}

	projector := newTab(t, true)
	act(t, projector, chromedp.Navigate(a.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#name`), "fatima"),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form.staff-form button[type=submit]`)))
	waitFor(t, projector, `location.pathname === '/staff'`)
	act(t, projector, chromedp.Navigate(a.URL+"/staff/sessions"),
		// School and grade are picked from lists; nothing to type but
		// the number present.
		chromedp.SetValue(chromedp.CSS(`#s-school`), "bjorksatraskolan"),
		chromedp.SetValue(chromedp.CSS(`#s-grade`), "ak8"),
		chromedp.SetValue(chromedp.CSS(`#s-present`), "26"),
		chromedp.Click(chromedp.CSS(`form.session-form button[type=submit]`)))
	waitFor(t, projector, `location.pathname.startsWith('/staff/sessions/') && document.querySelector('.code')`)
	code := strings.TrimSpace(eval[string](t, projector, `document.querySelector('.code').textContent`))
	if models.NormalizeJoinCode(code) != code {
		t.Fatalf("projector shows %q, not a join code", code)
	}
	waitFor(t, projector, `document.querySelector('img.qr').complete && document.querySelector('img.qr').naturalWidth > 0`)
	if !eval[bool](t, projector, `!document.getElementById('show-results') && !document.querySelector('a[href$="/results"]') && !!document.getElementById('release')`) {
		t.Fatal("the open session's screen links to results, or offers no release")
	}
	checkAxe(t, projector, "the facilitator screen")
	screenshot(t, projector, "facilitator-screen")

	phone := newTab(t, true)
	act(t, phone, chromedp.Navigate(a.URL+"/s/"+code))
	waitFor(t, phone, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	choose(t, phone, "q.kon", "kille")
	choose(t, phone, "q.trygg_kvall", "ganska_otrygg")
	act(t, phone, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, phone, `location.search.includes('klar=1') && document.readyState === 'complete'`)

	waitFor(t, projector, `document.getElementById('count').textContent.trim() === '1'`)
	// The browser asks for English, which staff pages speak besides Swedish.
	if !strings.Contains(eval[string](t, projector, `document.querySelector('.count').textContent`), "1 of 26 have answered") {
		t.Fatalf("count line %q", eval[string](t, projector, `document.querySelector('.count').textContent`))
	}
	for i := range 3 {
		submitInSession(t, a, code, i)
	}
	waitFor(t, projector, `document.getElementById('count').textContent.trim() === '4'`)
	for i := 4; i < 10; i++ {
		submitInSession(t, a, code, i)
	}
	waitFor(t, projector, `document.getElementById('count').textContent.trim() === '10'`)
	if eval[bool](t, projector, `!!document.querySelector('svg, a[href$="/results"]')`) {
		t.Fatal("the open session's screen shows something about the answers besides the count")
	}
	act(t, projector, chromedp.Click(chromedp.CSS(`#release`)))
	waitFor(t, projector, `location.pathname.endsWith('/results') && document.querySelector('svg.bars')`)
	text := eval[string](t, projector, `document.body.textContent`)
	if strings.Contains(text, "Mer ljus") {
		t.Fatal("free text shown on the projector")
	}
	if strings.Contains(text, "n=") || strings.Contains(text, "have answered") {
		t.Fatal("a count shown with the class results")
	}
	if strings.Contains(text, "Have you been the victim of a crime") || strings.Contains(text, "Was it reported to the police") {
		t.Fatal("a sensitive question, or one shown only after it, is in the class results")
	}
	values := eval[[]string](t, projector, `Array.from(document.querySelectorAll('.bar-value')).map(e => e.textContent)`)
	for _, v := range values {
		if !tensOfPercent.MatchString(v) {
			t.Fatalf("bar value %q is not whole tens of percent", v)
		}
	}
	if len(values) == 0 {
		t.Fatal("no bars in the class results")
	}
	// The session is closed: a late answer is refused.
	late := fmt.Sprintf(`{"submission_id":%q,"session":%q,"answers":{"kon":"tjej"}}`, uuid.NewString(), code)
	if resp, err := http.Post(a.URL+"/api/v1/surveys/ungdomsdialog-2023/responses", "application/json", bytes.NewBufferString(late)); err != nil || resp.StatusCode != 409 {
		t.Fatalf("answer after the release: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	checkAxe(t, projector, "the class results")
	screenshot(t, projector, "class-results")

	stored, err := a.store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if err != nil || len(stored) != 10 {
		t.Fatalf("%d stored, %v", len(stored), err)
	}
	for _, r := range stored {
		if r.Session != code || r.School != "bjorksatraskolan" || r.Grade != "ak8" || r.Area != "bjorksatra" {
			t.Fatalf("response not bound to the session: %+v", r)
		}
	}
}

var tensOfPercent = regexp.MustCompile(`^(0|[1-9]0|100) %$`)

// submitInSession answers through the API as another pupil in the room.
func submitInSession(t *testing.T, a *testApp, code string, i int) {
	t.Helper()
	body := fmt.Sprintf(`{"submission_id":%q,"session":%q,"answers":{"kon":"tjej","trygg_kvall":%q,"utsatt_brott":"ja","anmalt_polis":"nej","forslag":"Mer ljus %d"}}`,
		uuid.NewString(), code, []string{"ganska_otrygg", "mycket_trygg", "ganska_trygg"}[i%3], i)
	resp, err := http.Post(a.URL+"/api/v1/surveys/ungdomsdialog-2023/responses", "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("pupil %d: %d", i, resp.StatusCode)
	}
}
