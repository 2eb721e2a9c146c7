package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"medborgardialog/models"
	"medborgardialog/web"
)

// TestBrowserNumberingFollowsWhatIsShown: questions are numbered among
// those shown, and the count and the progress bar change as a follow-up
// appears and goes.
func TestBrowserNumberingFollowsWhatIsShown(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
	waitFor(t, ctx, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	shown := func() int {
		return eval[int](t, ctx, `[...document.querySelectorAll('#f>fieldset')].filter(q => !q.hidden).length`)
	}
	number := func(id string) string {
		return eval[string](t, ctx, `document.querySelector('#q-`+id+` small').textContent`)
	}
	bar := func() string {
		return eval[string](t, ctx, `(p => p.hidden ? 'hidden' : p.firstChild.textContent + ' ' + p.lastChild.value + '/' + p.lastChild.max)(document.getElementById('pg'))`)
	}
	n := shown()
	if got, want := number("kon"), fmt.Sprintf(web.T("sv", "form.progress"), 1, n); got != want {
		t.Fatalf("first question: %q, want %q", got, want)
	}
	if got, want := bar(), fmt.Sprintf(web.T("sv", "js.answered"), 0, n)+fmt.Sprintf(" 0/%d", n); got != want {
		t.Fatalf("progress %q, want %q", got, want)
	}
	after := eval[string](t, ctx, `document.querySelector('#q-anmalt_polis').nextElementSibling.id.slice(2)`)
	before := number(after)

	choose(t, ctx, "q.kon", "tjej")
	choose(t, ctx, "q.utsatt_brott", "ja")
	waitFor(t, ctx, `!document.getElementById('q-anmalt_polis').hidden`)
	if shown() != n+1 {
		t.Fatalf("%d shown after the follow-up appeared, want %d", shown(), n+1)
	}
	k := eval[int](t, ctx, `[...document.querySelectorAll('#f>fieldset')].filter(q => !q.hidden).indexOf(document.getElementById('q-anmalt_polis')) + 1`)
	if got, want := number("anmalt_polis"), fmt.Sprintf(web.T("sv", "form.progress"), k, n+1); got != want {
		t.Errorf("the follow-up: %q, want %q", got, want)
	}
	if got := number("kon"); got != fmt.Sprintf(web.T("sv", "form.progress"), 1, n+1) {
		t.Errorf("the first question after the follow-up appeared: %q", got)
	}
	if got, want := bar(), fmt.Sprintf(web.T("sv", "js.answered"), 2, n+1)+fmt.Sprintf(" 2/%d", n+1); got != want {
		t.Errorf("progress %q, want %q", got, want)
	}
	t.Logf("before: %s is %q; with the follow-up: %q", after, before, number(after))

	choose(t, ctx, "q.utsatt_brott", "nej")
	waitFor(t, ctx, `document.getElementById('q-anmalt_polis').hidden`)
	if got := number(after); got != before {
		t.Errorf("after the follow-up went: %q, want %q again", got, before)
	}
	if got, want := bar(), fmt.Sprintf(web.T("sv", "js.answered"), 2, n)+fmt.Sprintf(" 2/%d", n); got != want {
		t.Errorf("progress %q, want %q", got, want)
	}
}

// TestBrowserEscapeTwiceLeaves: one Escape does nothing (it closes things
// in browsers), a second within 1.5 s leaves as the button does.
func TestBrowserEscapeTwiceLeaves(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	defer neutralSite(t, ctx)()
	act(t, ctx, chromedp.Navigate(a.URL+"/?lang=sv"))
	waitFor(t, ctx, `document.documentElement.classList.contains('js')`)
	act(t, ctx, chromedp.Click(chromedp.CSS(`a[href^="`+formPath+`"]`)))
	waitFor(t, ctx, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	choose(t, ctx, "q.kon", "kille")
	act(t, ctx, chromedp.KeyEvent(kb.Escape))
	if eval[string](t, ctx, `location.pathname`) != formPath {
		t.Fatal("one Escape left the page")
	}
	act(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, `location.hostname === 'www.google.com'`)
	noServiceInHistory(t, ctx, a.URL)
}

// TestBrowserQuickExitOnAKioskStartsAfresh: on a shared tablet, quick exit
// (the button or Escape twice) wipes the answers and starts the form again
// for the next person instead of leaving the device on another site.
func TestBrowserQuickExitOnAKioskStartsAfresh(t *testing.T) {
	a := startApp(t, nil)
	sess := &models.Session{Survey: "ungdomsdialog-2023", School: "Fritidsgården", Kiosk: true, CreatedBy: "fatima",
		CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := a.store.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	tablet := newTab(t, true)
	defer neutralSite(t, tablet)()
	for _, how := range []string{"button", "escape"} {
		t.Run(how, func(t *testing.T) {
			act(t, tablet, chromedp.Navigate(a.URL+"/s/"+sess.Code))
			waitFor(t, tablet, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
			first := eval[string](t, tablet, `document.querySelector('input[name=submission_id]').value`)
			choose(t, tablet, "q.kon", "tjej")
			act(t, tablet, chromedp.SendKeys(chromedp.CSS(`textarea[name="q.forslag"]`), "Hemligt förslag"))
			act(t, tablet, chromedp.Evaluate[chromedp.Void](`window.unwiped = 1`))
			if how == "button" {
				act(t, tablet, chromedp.Click(chromedp.CSS(`.exit`)))
			} else {
				act(t, tablet, chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent(kb.Escape))
			}
			// A new page: the marker is gone with the old one.
			waitFor(t, tablet, `!window.unwiped && document.getElementById('f') && document.documentElement.classList.contains('js')`)
			if loc := eval[string](t, tablet, `location.pathname`); loc != "/s/"+sess.Code {
				t.Fatalf("the kiosk is at %s", loc)
			}
			if eval[bool](t, tablet, `!!document.querySelector('input[name="q.kon"]:checked') || document.querySelector('textarea[name="q.forslag"]').value !== ''`) {
				t.Fatal("the next person sees the answers")
			}
			if id := eval[string](t, tablet, `document.querySelector('input[name=submission_id]').value`); id == first {
				t.Fatal("the next person has the same submission id")
			}
		})
	}
	if n := len(storedAnswers(t, a)); n != 0 {
		t.Fatalf("%d answers stored by leaving", n)
	}
}

// TestBrowserJoinWithACodeTypedLoosely: the code as read off a board, in
// lower case with a dash, joins from the start page, and the form replaces
// the start page in the history.
func TestBrowserJoinWithACodeTypedLoosely(t *testing.T) {
	a := startApp(t, nil)
	sess := &models.Session{Survey: "ungdomsdialog-2023", School: "bjorksatraskolan", Grade: "ak8", Area: "bjorksatra", CreatedBy: "fatima",
		CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := a.store.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t, true)
	act(t, ctx, chromedp.Navigate(a.URL+"/?lang=en"))
	waitFor(t, ctx, `document.documentElement.classList.contains('js')`)
	typed := strings.ToLower(sess.Code[:3] + "-" + sess.Code[3:])
	act(t, ctx, chromedp.SendKeys(chromedp.CSS(`#code`), typed), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	if loc := eval[string](t, ctx, `location.pathname + location.search`); loc != "/s/"+sess.Code+"?lang=en" {
		t.Fatalf("joined %s", loc)
	}
	hist, err := chromedp.Run(ctx, chromedp.NavigationEntries())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range hist.Entries {
		if strings.HasSuffix(e.URL, "/?lang=en") {
			t.Errorf("the start page stays in the history: %v", e.URL)
		}
	}
	if eval[bool](t, ctx, `!!document.getElementById('q-arskurs')`) {
		t.Error("the session's grade is asked")
	}
	// A wrong code comes back to the start page with the field filled
	// in, marked and focused.
	act(t, ctx, chromedp.Navigate(a.URL+"/?lang=en"))
	waitFor(t, ctx, `document.documentElement.classList.contains('js')`)
	act(t, ctx, chromedp.SendKeys(chromedp.CSS(`#code`), "zz9 zzz"), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `document.getElementById('e-code')`)
	if got := eval[string](t, ctx, `(c => [c.value, c.getAttribute('aria-invalid'), document.activeElement === c].join())(document.getElementById('code'))`); got != "zz9 zzz,true,true" {
		t.Errorf("the code field after a wrong code: %s", got)
	}
	checkAxe(t, ctx, "the start page after a wrong code")
}

// speechStub stands in for the device's voices: none at first, a Swedish
// one when the test calls __voice(), and a speak that records what it is
// given and finishes only when the test calls __end().
const speechStub = `(() => {
 const S = window.speechSynthesis, q = [];
 let voices = [];
 window.__said = []; window.__cancels = 0;
 window.SpeechSynthesisUtterance = class { constructor(t) { this.text = t; } };
 S.getVoices = () => voices;
 S.speak = u => { q.push(u); window.__said.push(u.text); };
 S.cancel = () => { window.__cancels++; q.length = 0; };
 window.__voice = lang => { voices = [{ lang, name: 'Stub', voiceURI: 'stub', localService: true, default: true }]; S.dispatchEvent(new Event('voiceschanged')); };
 window.__end = () => { const u = q.pop(); q.length = 0; u && u.onend && u.onend(); };
})()`

// TestBrowserReadAloud: "Lyssna" shows only where the device has a voice
// for the page's language, reads the question and then its options, and
// is a toggle button operated from the keyboard that says what it does.
func TestBrowserReadAloud(t *testing.T) {
	a := startApp(t, nil)

	t.Run("no voice", func(t *testing.T) {
		ctx := newTab(t, true)
		act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
		waitFor(t, ctx, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
		voices := eval[int](t, ctx, `speechSynthesis.getVoices().filter(v => v.lang.toLowerCase().startsWith('sv')).length`)
		if n := eval[int](t, ctx, `document.querySelectorAll('.say').length`); n != eval[int](t, ctx, `document.querySelectorAll('#f>fieldset').length`) {
			t.Fatalf("%d buttons", n)
		}
		shown := eval[int](t, ctx, `[...document.querySelectorAll('.say')].filter(b => b.offsetParent).length`)
		t.Logf("this Chromium has %d Swedish voices", voices)
		if voices == 0 && shown != 0 {
			t.Fatalf("%d buttons shown without a voice", shown)
		}
	})

	t.Run("stubbed voice", func(t *testing.T) {
		ctx := newTab(t, true)
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: speechStub}); err != nil {
			t.Fatal(err)
		}
		act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
		waitFor(t, ctx, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
		if eval[bool](t, ctx, `[...document.querySelectorAll('.say')].some(b => !b.hidden)`) {
			t.Fatal("shown before a voice was there")
		}
		act(t, ctx, chromedp.Evaluate[chromedp.Void](`__voice('en-US')`))
		if eval[bool](t, ctx, `[...document.querySelectorAll('.say')].some(b => !b.hidden)`) {
			t.Fatal("shown with only an English voice on a Swedish page")
		}
		act(t, ctx, chromedp.Evaluate[chromedp.Void](`__voice('sv-SE')`))
		waitFor(t, ctx, `!document.querySelector('#q-kon .say').hidden`)

		sv, err := a.store.Survey(context.Background(), "ungdomsdialog-2023")
		if err != nil {
			t.Fatal(err)
		}
		q, _ := sv.Question("kon")
		want := []string{q.Text.In("sv")}
		for _, o := range q.Options {
			want = append(want, o.Label.In("sv"))
		}
		state := func() string {
			return eval[string](t, ctx, `document.querySelector('#q-kon .say').getAttribute('aria-pressed') + ' ' + document.getElementById('sst').textContent`)
		}
		// The keyboard: the button takes focus and Enter presses it.
		act(t, ctx, chromedp.Focus(chromedp.CSS(`#q-kon .say`)), chromedp.KeyEvent(kb.Enter))
		if got := eval[[]string](t, ctx, `__said`); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("read %q, want %q", got, want)
		}
		if got := state(); got != "true "+web.T("sv", "js.reading") {
			t.Fatalf("while reading: %q", got)
		}
		// Pressed again, it stops.
		act(t, ctx, chromedp.KeyEvent(kb.Enter))
		if got := state(); got != "false "+web.T("sv", "js.stopped") || eval[int](t, ctx, `__cancels`) == 0 {
			t.Fatalf("after pressing again: %q", got)
		}
		// Read to the end, it goes back by itself.
		act(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.Evaluate[chromedp.Void](`__end()`))
		if got := state(); got != "false "+web.T("sv", "js.stopped") {
			t.Fatalf("after the last option was read: %q", got)
		}
		if role := eval[string](t, ctx, `document.querySelector('#q-kon .say').type + ' ' + document.getElementById('sst').getAttribute('role')`); role != "button status" {
			t.Fatalf("button and status: %q", role)
		}
		// The buttons and the progress bar, shown, in the right-to-left
		// page too.
		checkAxe(t, ctx, "the form with read-aloud")
		act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=ar"), chromedp.Evaluate[chromedp.Void](`__voice('ar-SA')`))
		waitFor(t, ctx, `!document.querySelector('#q-kon .say').hidden && document.querySelector('#q-kon .say').textContent === '`+web.T("ar", "js.listen")+`'`)
		checkAxe(t, ctx, "the Arabic form with read-aloud")
	})
}
