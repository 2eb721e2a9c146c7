package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"medborgardialog/models"
)

// TestBrowserKiosk is one shared tablet at a youth centre: after each
// answer the form starts fresh, Back cannot bring the previous person's
// answers back, and a form left half-filled wipes itself.
func TestBrowserKiosk(t *testing.T) {
	a := startApp(t, nil)
	sess := &models.Session{Survey: "ungdomsdialog-2023", School: "Fritidsgården", Kiosk: true, CreatedBy: "fatima",
		CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := a.store.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	tablet := newTab(t, true)
	act(t, tablet, chromedp.Navigate(a.URL+"/s/"+sess.Code))
	waitFor(t, tablet, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	firstID := eval[string](t, tablet, `document.querySelector('input[name=submission_id]').value`)
	choose(t, tablet, "q.kon", "tjej")
	act(t, tablet, chromedp.SendKeys(chromedp.CSS(`textarea[name="q.forslag"]`), "Hemligt förslag från person ett"))
	act(t, tablet, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, tablet, `location.search.includes('klar=1') && document.readyState === 'complete'`)

	// The thank-you page leads the next person to a fresh form.
	act(t, tablet, chromedp.Click(chromedp.CSS(`a.btn[href^="/s/`+sess.Code+`"]`)))
	waitFor(t, tablet, `document.getElementById('f') && !location.search.includes('klar') && document.readyState === 'complete'`)
	if id := eval[string](t, tablet, `document.querySelector('input[name=submission_id]').value`); id == firstID || id == "" {
		t.Fatalf("the next person got submission id %q (first was %q)", id, firstID)
	}
	if eval[bool](t, tablet, `document.querySelector('input[name="q.kon"]:checked') !== null || document.querySelector('textarea[name="q.forslag"]').value !== ''`) {
		t.Fatal("the fresh form shows answers")
	}

	// Back: nothing of person one may show.
	// history.back rather than chromedp's NavigateBack, which waits for a
	// navigation: the answered form was replaced in history and may leave
	// nothing to go back to.
	// Two steps back: past the thank-you page to where the answered form
	// would be if it had been left in history.
	act(t, tablet, chromedp.Evaluate[chromedp.Void](`setTimeout(() => history.go(-2), 0)`))
	time.Sleep(800 * time.Millisecond)
	waitFor(t, tablet, `document.readyState === 'complete'`)
	t.Logf("two steps back: %s", eval[string](t, tablet, `location.href`))
	if body := eval[string](t, tablet, `document.body.innerText + [...document.querySelectorAll('textarea')].map(x => x.value).join()`); strings.Contains(body, "Hemligt förslag") {
		t.Fatal("going back shows the previous person's answer")
	}
	if eval[bool](t, tablet, `!!document.querySelector('input[name="q.kon"]:checked')`) {
		t.Fatal("going back shows the previous person's choice")
	}

	// A half-filled form left alone wipes itself (the idle time is cut
	// from two minutes for the test).
	act(t, tablet, chromedp.Navigate(a.URL+"/s/"+sess.Code))
	waitFor(t, tablet, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	choose(t, tablet, "q.kon", "kille")
	act(t, tablet, chromedp.Evaluate[chromedp.Void](`document.getElementById('f').dataset.idle = '1500'`))
	waitFor(t, tablet, `document.getElementById('f') && !document.querySelector('input[name="q.kon"]:checked')`)

	stored, err := a.store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if err != nil || len(stored) != 1 || stored[0].Session != sess.Code {
		t.Fatalf("stored %d (%v), want exactly person one's", len(stored), err)
	}
}
