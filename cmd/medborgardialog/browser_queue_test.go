package main

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"medborgardialog/models"
)

// queued is the JavaScript of an answer waiting in the offline queue as
// the answer page's script stores it, queued hoursAgo hours ago (or with
// no time at all, as before answers expired, when hoursAgo < 0).
func queued(id, kon string, hoursAgo int) string {
	t := fmt.Sprintf(", t: Math.floor(Date.now() / 36e5) - %d", hoursAgo)
	if hoursAgo < 0 {
		t = ""
	}
	return fmt.Sprintf(`localStorage.setItem('md.q.%[1]s', JSON.stringify({u: '/api/v1%[2]s/responses', ok: 'Skickat', no: 'Inte skickat'%[3]s,
		b: JSON.stringify({submission_id: '%[1]s', lang: 'sv', answers: {kon: '%[4]s'}})}))`, id, formPath, t, kon)
}

// queueKeys lists the answers waiting on the device.
const queueKeys = `Object.keys(localStorage).filter(k => k.startsWith('md.q.')).sort()`

// TestBrowserQueuedAnswersExpire: answers left waiting on a device for more
// than seven days are dropped unsent the next time a page loads; younger
// ones still go.
func TestBrowserQueuedAnswersExpire(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	act(t, ctx, chromedp.Navigate(a.URL+"/?lang=sv"))
	old, legacy, young := uuid.NewString(), uuid.NewString(), uuid.NewString()
	act(t, ctx, chromedp.Evaluate[chromedp.Void](queued(old, "tjej", 8*24)+`; `+queued(legacy, "annat", -1)+`; `+queued(young, "kille", 6*24)))

	// The API is out of reach, so what is not dropped stays.
	restore := cutNetwork(t, ctx, "*/api/*")
	act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
	waitFor(t, ctx, `document.documentElement.classList.contains('js') && document.readyState === 'complete'`)
	act(t, ctx, chromedp.Sleep(300*time.Millisecond))
	if got := eval[[]string](t, ctx, queueKeys); !slices.Equal(got, []string{"md.q." + young}) {
		t.Fatalf("waiting after a load: %v; want only the six-day-old answer (%s)", got, young)
	}
	restore()

	act(t, ctx, chromedp.Reload())
	waitFor(t, ctx, queueKeys+`.length === 0`)
	got := storedAnswers(t, a)
	if len(got) != 1 || got[0]["kon"] != "kille" {
		t.Fatalf("stored %v; want only the six-day-old answer", got)
	}
}

// TestBrowserKioskQueueShowsNothingToTheNextPerson: on a shared tablet
// without a connection, an answer waits on the device, but the form is
// empty for the next person at once, under a new submission id, and when
// the waiting answers go, the next person's page says nothing about them.
func TestBrowserKioskQueueShowsNothingToTheNextPerson(t *testing.T) {
	a := startApp(t, nil)
	sess := &models.Session{Survey: "ungdomsdialog-2023", School: "Fritidsgården", Kiosk: true, CreatedBy: "fatima",
		CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := a.store.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	tablet := newTab(t, true)
	act(t, tablet, chromedp.Navigate(a.URL+"/s/"+sess.Code+"?lang=sv"))
	waitFor(t, tablet, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	restore := cutNetwork(t, tablet, "*/api/*")

	const secret = "Hemligt förslag från person"
	nothingShown := func(who string) {
		t.Helper()
		state := eval[map[string]any](t, tablet, `({
			checked: document.querySelectorAll('#f input:checked').length,
			text: [...document.querySelectorAll('#f textarea')].map(x => x.value).join(''),
			page: document.body.innerText,
		})`)
		if state["checked"] != 0.0 || state["text"] != "" || strings.Contains(state["page"].(string), secret) {
			t.Fatalf("%s sees the previous answers: %v", who, state)
		}
	}
	ids := map[string]bool{}
	for i, kon := range []string{"tjej", "kille"} {
		id := eval[string](t, tablet, `document.querySelector('input[name=submission_id]').value`)
		if ids[id] || !regexp.MustCompile(`^[0-9a-f-]{36}$`).MatchString(id) {
			t.Fatalf("person %d answers under submission id %q (before: %v)", i+1, id, ids)
		}
		ids[id] = true
		choose(t, tablet, "q.kon", kon)
		act(t, tablet, chromedp.SendKeys(chromedp.CSS(`textarea[name="q.forslag"]`), fmt.Sprintf("%s %d", secret, i+1)))
		act(t, tablet, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
		waitFor(t, tablet, `document.getElementById('st').textContent.includes('sparade')`)
		nothingShown(fmt.Sprintf("the person after person %d", i+1))
		if n := eval[int](t, tablet, queueKeys+`.length`); n != i+1 {
			t.Fatalf("%d answers waiting after person %d, want %d", n, i+1, i+1)
		}
	}
	if n := len(storedAnswers(t, a)); n != 0 {
		t.Fatalf("stored %d while the connection was down", n)
	}

	// The connection is back; the next person's form sends the waiting
	// answers without a word about them.
	restore()
	act(t, tablet, chromedp.Navigate(a.URL+"/s/"+sess.Code+"?lang=sv"))
	waitFor(t, tablet, `document.getElementById('f') && `+queueKeys+`.length === 0`)
	act(t, tablet, chromedp.Sleep(200*time.Millisecond))
	nothingShown("the next person")
	if st := eval[string](t, tablet, `document.getElementById('st').textContent`); st != "" {
		t.Fatalf("the next person's page says %q", st)
	}
	stored, err := a.store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if err != nil || len(stored) != 2 {
		t.Fatalf("stored %d (%v), want both people's answers", len(stored), err)
	}
	kons := []string{fmt.Sprint(stored[0].Answers["kon"]), fmt.Sprint(stored[1].Answers["kon"])}
	slices.Sort(kons)
	if kons[0] != "kille" || kons[1] != "tjej" || stored[0].Session != sess.Code || stored[1].Session != sess.Code {
		t.Fatalf("stored %v in sessions %s, %s", kons, stored[0].Session, stored[1].Session)
	}
}
