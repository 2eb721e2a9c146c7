package main

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"medborgardialog/models"
)

// TestBrowserSessionsOnAPhone is a field assistant with a 390 px phone:
// the home is their sessions, the form offers only the grades the chosen
// school teaches, the session's control view and the step that confirms
// ending it without results fit the screen (no sideways scrolling, axe
// clean), and the class results step through one question per screen.
func TestBrowserSessionsOnAPhone(t *testing.T) {
	a := startApp(t, nil)
	ctx := context.Background()
	pw := staffUser(t, a, "fatima", models.RoleFacilitator)
	// Sessions to list: a school with a long name, a youth centre.
	now := time.Now().UTC().Truncate(time.Millisecond)
	for _, s := range []models.Session{
		{School: "goranssonska-skolan", Grade: "gy2", Area: "centrum", Present: 31},
		{Area: "storvik"},
	} {
		s.Survey, s.CreatedBy, s.CreatedAt, s.ClosesAt = "ungdomsdialog-2023", "fatima", now, now.Add(90*time.Minute)
		if err := a.store.CreateSession(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	shots := screenshotDir(t)
	tab := newTab(t, true) // 390×844
	act(t, tab, chromedp.Navigate(a.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#name`), "fatima"),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form.staff-form button[type=submit]`)))
	waitFor(t, tab, `location.pathname === '/staff'`)
	checkStaffPage(t, tab, shots, "phone-facilitator-home")
	if !eval[bool](t, tab, `document.querySelectorAll('.session-card').length === 2 && !!document.getElementById('new-session')`) {
		t.Fatal("the facilitator's home does not list their sessions with \"Nytt pass\"")
	}

	act(t, tab, chromedp.Click(chromedp.CSS(`#new-session`)))
	waitFor(t, tab, `location.pathname === '/staff/sessions' && document.readyState === 'complete'`)
	checkStaffPage(t, tab, shots, "phone-sessions")
	// A gymnasium: the grade list offers its grades alone.
	act(t, tab, chromedp.Evaluate[chromedp.Void](`(s => { s.value = 'goranssonska-skolan'; s.dispatchEvent(new Event('change')); })(document.getElementById('s-school'))`))
	offered := eval[[]string](t, tab, `[...document.querySelectorAll('#s-grade option')].filter(o => !o.disabled && !o.hidden && o.value).map(o => o.value)`)
	if len(offered) != 4 || offered[0] != "gy1" || offered[3] != "-" {
		t.Fatalf("for a gymnasium the form offers %q", offered)
	}
	act(t, tab, chromedp.SetValue(chromedp.CSS(`#s-grade`), "gy1"),
		chromedp.Click(chromedp.CSS(`form.session-form button[type=submit]`)))
	waitFor(t, tab, `/^\/staff\/sessions\/[A-Z0-9]{6}$/.test(location.pathname) && document.readyState === 'complete'`)
	code := eval[string](t, tab, `document.getElementById('session').dataset.code`)
	waitFor(t, tab, `document.querySelector('img.qr').complete`)
	checkStaffPage(t, tab, shots, "phone-control")
	if !eval[bool](t, tab, `document.getElementById('presenter').target === '_blank' && !!document.getElementById('release') && !!document.getElementById('close')`) {
		t.Fatal("the control view lacks the presenter link, the release or the end without results")
	}
	// The projector, signed in as the same facilitator (the tabs share
	// the browser's cookies): the presenter view, without staff chrome.
	projector := newTab(t, true)
	desktop(t, projector, 1280, 720)
	act(t, projector, chromedp.Navigate(a.URL+"/staff/sessions/"+code+"/presenter"))
	waitFor(t, projector, `document.readyState === 'complete' && !!document.querySelector('.presenter .code')`)
	if !eval[bool](t, projector, `!document.querySelector('.staffnav, form, button') && getComputedStyle(document.querySelector('header.top')).display === 'none'`) {
		t.Error("the presenter view shows staff chrome or controls")
	}
	if got := eval[string](t, projector, `document.querySelector('.presenter .code').textContent`); got != code[:3]+" "+code[3:] {
		t.Errorf("the presenter view shows the code as %q", got)
	}
	sv, err := a.store.Survey(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	answerAsClass(t, a, sv, code, 12, rand.New(rand.NewPCG(1, 2)))

	// Ending without results asks first.
	act(t, tab, chromedp.Click(chromedp.CSS(`#close`)))
	waitFor(t, tab, `!!document.getElementById('confirm') && document.readyState === 'complete'`)
	checkStaffPage(t, tab, shots, "phone-confirm-close")
	if sess, err := a.store.Session(ctx, code); err != nil || !sess.Open(time.Now()) {
		t.Fatalf("ended before the confirmation: %v", err)
	}
	act(t, tab, chromedp.Click(chromedp.CSS(`#confirm`)))
	waitFor(t, tab, `location.pathname === '/staff/sessions/`+code+`' && document.getElementById('session').dataset.status === 'closed'`)
	checkStaffPage(t, tab, shots, "phone-control-closed")

	// The results after all, one question per screen.
	act(t, tab, chromedp.Click(chromedp.CSS(`#release`)))
	waitFor(t, tab, `location.pathname.endsWith('/results') && document.readyState === 'complete'`)
	checkStaffPage(t, tab, shots, "phone-class-results")
	// The projector follows the release made on the phone.
	waitFor(t, projector, `location.pathname === '/staff/sessions/`+code+`/results' && !!document.querySelector('figure.chart')`)
	if !eval[bool](t, tab, `document.querySelectorAll('figure.chart').length === 1 && !!document.getElementById('next')`) {
		t.Fatalf("the class results are not one question per screen:\n%s", eval[string](t, tab, `document.querySelector("main").innerText`))
	}
	act(t, tab, chromedp.Click(chromedp.CSS(`#next`)))
	waitFor(t, tab, `location.search === '?q=2' && !!document.getElementById('prev')`)
	checkStaffPage(t, tab, shots, "phone-class-results-2")
}
