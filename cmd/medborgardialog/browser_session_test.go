package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/password"
)

// TestBrowserFieldSession is a field assistant's lesson: start a session,
// show the code and QR code, a phone joins and answers, the count moves on
// the projector without a reload, and "Visa resultat" turns on only once
// min_cell have answered.
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

	projector := newTab(t, true)
	act(t, projector, chromedp.Navigate(a.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#name`), "fatima"),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form.staff-form button[type=submit]`)))
	waitFor(t, projector, `location.pathname === '/staff'`)
	act(t, projector, chromedp.Navigate(a.URL+"/staff/sessions"),
		chromedp.SendKeys(chromedp.CSS(`#s-school`), "Sätraskolan"),
		chromedp.SendKeys(chromedp.CSS(`#s-grade`), "8B"),
		chromedp.SetValue(chromedp.CSS(`#s-present`), "26"),
		chromedp.Click(chromedp.CSS(`form.session-form button[type=submit]`)))
	waitFor(t, projector, `location.pathname.startsWith('/staff/sessions/') && document.querySelector('.code')`)
	code := strings.TrimSpace(eval[string](t, projector, `document.querySelector('.code').textContent`))
	if models.NormalizeJoinCode(code) != code {
		t.Fatalf("projector shows %q, not a join code", code)
	}
	waitFor(t, projector, `document.querySelector('img.qr').complete && document.querySelector('img.qr').naturalWidth > 0`)
	if !eval[bool](t, projector, `document.getElementById('show-results').getAttribute('aria-disabled') === 'true' && !document.getElementById('show-results').hasAttribute('href')`) {
		t.Fatal("results can be opened before anyone answered")
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
	if eval[bool](t, projector, `document.getElementById('show-results').hasAttribute('href')`) {
		t.Fatal("results enabled at 4 answers, below min_cell 5")
	}
	submitInSession(t, a, code, 4)
	waitFor(t, projector, `document.getElementById('show-results').hasAttribute('href')`)
	act(t, projector, chromedp.Click(chromedp.CSS(`#show-results`)))
	waitFor(t, projector, `location.pathname.endsWith('/results') && document.querySelector('svg.bars')`)
	if strings.Contains(eval[string](t, projector, `document.body.textContent`), "Mer ljus") {
		t.Fatal("free text shown on the projector")
	}
	checkAxe(t, projector, "the class results")
	screenshot(t, projector, "class-results")

	stored, err := a.store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if err != nil || len(stored) != 5 {
		t.Fatalf("%d stored, %v", len(stored), err)
	}
	for _, r := range stored {
		if r.Session != code || r.School != "Sätraskolan" || r.Grade != "8B" {
			t.Fatalf("response not bound to the session: %+v", r)
		}
	}
}

// submitInSession answers through the API as another pupil in the room.
func submitInSession(t *testing.T, a *testApp, code string, i int) {
	t.Helper()
	body := fmt.Sprintf(`{"submission_id":%q,"session":%q,"answers":{"kon":"tjej","forslag":"Mer ljus %d"}}`, uuid.NewString(), code, i)
	resp, err := http.Post(a.URL+"/api/v1/surveys/ungdomsdialog-2023/responses", "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("pupil %d: %d", i, resp.StatusCode)
	}
}
