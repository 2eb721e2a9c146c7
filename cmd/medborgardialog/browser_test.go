package main

import (
	"context"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const formPath = "/surveys/ungdomsdialog-2023"

// TestBrowserAnswerWithScript answers the built-in survey the way most
// young people will: start page, form, JSON submission, thank-you page.
func TestBrowserAnswerWithScript(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	act(t, ctx, chromedp.Navigate(a.URL+"/?lang=sv"))
	checkAxe(t, ctx, "the start page")
	act(t, ctx, chromedp.Click(chromedp.CSS(`a[href^="`+formPath+`"]`)))
	waitFor(t, ctx, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	checkAxe(t, ctx, "the form")

	choose(t, ctx, "q.kon", "tjej")
	choose(t, ctx, "q.arskurs", "ak8")
	choose(t, ctx, "q.trygg_kvall", "ganska_trygg")
	choose(t, ctx, "q.trygghet_platser.skolan", "mycket_trygg")
	choose(t, ctx, "q.trygghet_platser.centrum", "ganska_otrygg")
	choose(t, ctx, "q.kontaktad_brott", "ja")
	choose(t, ctx, "q.kontaktad_var", "sociala_medier")
	choose(t, ctx, "q.kontaktad_var", "skolan")
	choose(t, ctx, "q.battre_trygghet", "fler_aktiviteter")
	choose(t, ctx, "q.battre_trygghet", "battre_belysning")
	act(t, ctx, chromedp.SendKeys(chromedp.CSS(`textarea[name="q.forslag"]`), "Mer ljus i parken"))
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `location.search.includes('klar=1') && document.readyState === 'complete'`)
	if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); !strings.Contains(h1, "Klart") {
		t.Fatalf("thank-you page heading %q", h1)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#hjalp li').length`); n < 5 {
		t.Fatalf("thank-you page lists %d help resources", n)
	}
	checkAxe(t, ctx, "the thank-you page")
	if n := eval[int](t, ctx, `Object.keys(localStorage).length`); n != 0 {
		t.Fatalf("%d items left in localStorage after a stored answer", n)
	}

	got := storedAnswers(t, a)
	want := wantAnswers(t, `{"kon": "tjej", "arskurs": "ak8", "trygg_kvall": "ganska_trygg",
		"trygghet_platser": {"skolan": "mycket_trygg", "centrum": "ganska_otrygg"},
		"kontaktad_brott": "ja", "kontaktad_var": ["skolan", "sociala_medier"],
		"battre_trygghet": ["battre_belysning", "fler_aktiviteter"], "forslag": "Mer ljus i parken"}`)
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("stored %v\nwant exactly one: %v", got, want)
	}
}

// TestBrowserAnswerWithoutScript uses the form's own post: first with a
// mistake, which comes back beside its question with every answer kept,
// then fixed and stored.
func TestBrowserAnswerWithoutScript(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, false)
	act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
	if js := eval[bool](t, ctx, `document.documentElement.classList.contains('js')`); js {
		t.Fatal("the page's script ran although scripts are off")
	}
	// Without a script every question shows, the follow-ups too.
	act(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#q-kontaktad_var`)))

	choose(t, ctx, "q.kon", "kille")
	choose(t, ctx, "q.trygg_skolan", "till_stor_del")
	choose(t, ctx, "q.trygghet_platser.pa_natet", "vet_inte")
	choose(t, ctx, "q.kontaktad_brott", "nej")
	choose(t, ctx, "q.kontaktad_var", "annat") // a follow-up that does not apply: dropped
	for _, v := range []string{"fler_vuxna_ute", "battre_belysning", "mer_synlig_polis", "annat"} {
		choose(t, ctx, "q.battre_trygghet", v) // one too many
	}
	act(t, ctx, chromedp.SendKeys(chromedp.CSS(`textarea[name="q.forslag"]`), "Hej"))
	sid := eval[string](t, ctx, `document.querySelector('[name=submission_id]').value`)
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `document.querySelector('#e-battre_trygghet')`)

	state := eval[map[string]any](t, ctx, `({
		summary: !document.getElementById('fel').hidden,
		link: document.querySelector('#fel a[href="#q-battre_trygghet"]') !== null,
		target: location.hash,
		described: document.getElementById('q-battre_trygghet').getAttribute('aria-describedby'),
		error: document.getElementById('e-battre_trygghet').textContent,
		errorInside: document.getElementById('q-battre_trygghet').contains(document.getElementById('e-battre_trygghet')),
		kon: document.querySelector('[name="q.kon"][value=kille]').checked,
		row: document.querySelector('[name="q.trygghet_platser.pa_natet"][value=vet_inte]').checked,
		boxes: document.querySelectorAll('[name="q.battre_trygghet"]:checked').length,
		text: document.querySelector('[name="q.forslag"]').value,
		sid: document.querySelector('[name=submission_id]').value,
	})`)
	t.Logf("form with an error: %v", state)
	if state["summary"] != true || state["link"] != true || state["target"] != "#fel" || state["errorInside"] != true ||
		!strings.Contains(state["described"].(string), "e-battre_trygghet") || state["error"] == "" {
		t.Fatalf("error not shown beside its question and in the summary: %v", state)
	}
	if state["kon"] != true || state["row"] != true || state["boxes"] != 4.0 || state["text"] != "Hej" || state["sid"] != sid {
		t.Fatalf("answers not kept: %v", state)
	}
	if n := len(storedAnswers(t, a)); n != 0 {
		t.Fatalf("%d responses stored from a post with a mistake", n)
	}
	checkAxe(t, ctx, "the form with an error")

	choose(t, ctx, "q.battre_trygghet", "annat") // untick the fourth
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `!document.getElementById('f') && document.querySelector('h1').textContent.includes('Klart')`)
	checkAxe(t, ctx, "the thank-you page (no script)")

	got := storedAnswers(t, a)
	want := wantAnswers(t, `{"kon": "kille", "trygg_skolan": "till_stor_del", "trygghet_platser": {"pa_natet": "vet_inte"},
		"kontaktad_brott": "nej", "battre_trygghet": ["fler_vuxna_ute", "battre_belysning", "mer_synlig_polis"], "forslag": "Hej"}`)
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("stored %v\nwant exactly one: %v", got, want)
	}
}

// TestBrowserArabicIsRightToLeft checks the Arabic form mirrors: the page
// is dir=rtl and a radio button sits to the right of its label's text.
func TestBrowserArabicIsRightToLeft(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	for _, lang := range []string{"sv", "ar"} {
		act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang="+lang))
		screenshot(t, ctx, "form-"+lang)
		for _, q := range []string{"trygghet_platser", "erbjuden_narkotika", "forslag"} {
			if os.Getenv("DIALOG_SCREENSHOTS") != "" {
				act(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('q-`+q+`').scrollIntoView()`))
				screenshot(t, ctx, "form-"+lang+"-"+q)
			}
		}
		act(t, ctx, chromedp.Evaluate[chromedp.Void](`scrollTo(0, 0)`))
		layout := eval[map[string]any](t, ctx, `(() => {
			const input = document.querySelector('input[name="q.kon"]'), label = input.parentElement;
			const r = document.createRange(); r.selectNodeContents(label.lastChild);
			const text = r.getBoundingClientRect(), box = input.getBoundingClientRect();
			const exit = document.querySelector('.exit').getBoundingClientRect();
			const brand = document.querySelector('.brand').getBoundingClientRect();
			return {dir: document.documentElement.dir, lang: document.documentElement.lang,
				radioRight: box.left >= text.right, radioLeft: box.right <= text.left,
				exitLeft: exit.right <= brand.left, tall: label.getBoundingClientRect().height >= 44,
				wide: document.documentElement.scrollWidth <= innerWidth};
		})()`)
		t.Logf("%s layout: %v", lang, layout)
		if layout["lang"] != lang || layout["tall"] != true || layout["wide"] != true {
			t.Fatalf("%s: %v", lang, layout)
		}
		rtl := lang == "ar"
		if (layout["dir"] == "rtl") != rtl || layout["radioRight"] != rtl || layout["radioLeft"] == rtl || layout["exitLeft"] != rtl {
			t.Fatalf("%s does not run in its direction: %v", lang, layout)
		}
	}
}

// TestBrowserSkipLogic shows and hides a follow-up question as its
// question is answered, and clears what was answered in it.
func TestBrowserSkipLogic(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=en"))
	visible := `document.getElementById('q-kontaktad_var').offsetParent !== null`
	if eval[bool](t, ctx, visible) {
		t.Fatal("follow-up shown before its question is answered")
	}
	choose(t, ctx, "q.kontaktad_brott", "ja")
	waitFor(t, ctx, visible)
	choose(t, ctx, "q.kontaktad_var", "utomhus")
	choose(t, ctx, "q.kontaktad_brott", "nej")
	waitFor(t, ctx, "!("+visible+")")
	if eval[bool](t, ctx, `document.querySelector('[name="q.kontaktad_var"][value=utomhus]').checked`) {
		t.Fatal("a hidden follow-up keeps its answer")
	}
	choose(t, ctx, "q.utsatt_brott", "ja")
	waitFor(t, ctx, `document.getElementById('q-anmalt_polis').offsetParent !== null`)

	// At most three choices: the script rests the other boxes; a fourth
	// forced through comes back from the API as an error beside the
	// question, with focus on the summary.
	for _, v := range []string{"fler_vuxna_ute", "battre_belysning", "mer_synlig_polis"} {
		choose(t, ctx, "q.battre_trygghet", v)
	}
	fourth := `document.querySelector('[name="q.battre_trygghet"][value=annat]')`
	if !eval[bool](t, ctx, fourth+`.disabled`) {
		t.Fatal("a fourth choice is still open")
	}
	act(t, ctx, chromedp.Evaluate[chromedp.Void](fourth+`.disabled = false; `+fourth+`.checked = true`))
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `document.getElementById('e-battre_trygghet') && document.activeElement.id === 'fel'`)
	if !strings.Contains(eval[string](t, ctx, `document.getElementById('q-battre_trygghet').getAttribute('aria-describedby')`), "e-battre_trygghet") {
		t.Fatal("the error is not tied to its question")
	}
	if n := len(storedAnswers(t, a)); n != 0 {
		t.Fatalf("%d responses stored from a refused submission", n)
	}
}

// TestBrowserOfflineQueue submits without a network: the answers wait on
// the device and are stored exactly once when the connection returns, also
// when the page they were given on is gone.
//
// The network is cut in the browser itself: every request fails as on a
// lost connection. The browser's own notice that the connection is back is
// the window's 'online' event; the test fires it, because only deprecated
// or experimental DevTools calls can move navigator.onLine.
func TestBrowserOfflineQueue(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	saved := `document.getElementById('st').textContent.includes('sparade')`

	// 1: back online on the same page.
	act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
	choose(t, ctx, "q.kon", "annat")
	restore := cutNetwork(t, ctx, "*")
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, saved)
	if n := eval[int](t, ctx, `Object.keys(localStorage).filter(k => k.startsWith('md.q.')).length`); n != 1 {
		t.Fatalf("%d submissions queued, want 1", n)
	}
	if n := len(storedAnswers(t, a)); n != 0 {
		t.Fatalf("stored while offline: %d", n)
	}
	restore()
	act(t, ctx, chromedp.Evaluate[chromedp.Void](`dispatchEvent(new Event('online'))`))
	waitFor(t, ctx, `location.search.includes('klar=1')`)
	if got := storedAnswers(t, a); len(got) != 1 || got[0]["kon"] != "annat" {
		t.Fatalf("after reconnecting: %v", got)
	}

	// 2: requests to the API fail while pages still load; the answers wait
	// through page loads and go with the first load that reaches the
	// server, without any 'online' event.
	act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
	choose(t, ctx, "q.kon", "tjej")
	restore = cutNetwork(t, ctx, "*/api/*")
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, saved)
	act(t, ctx, chromedp.Navigate(a.URL+"/?lang=sv")) // its load tries, and fails
	act(t, ctx, chromedp.Sleep(300*time.Millisecond))
	if n := eval[int](t, ctx, `Object.keys(localStorage).length`); n != 1 {
		t.Fatalf("%d submissions kept after a failed try, want 1", n)
	}
	if n := len(storedAnswers(t, a)); n != 1 {
		t.Fatalf("stored %d responses while the API was cut, want 1", n)
	}
	restore()
	act(t, ctx, chromedp.Reload())
	waitFor(t, ctx, `Object.keys(localStorage).length === 0 && document.getElementById('st')`)
	if msg := eval[string](t, ctx, `document.getElementById('st').textContent`); !strings.Contains(msg, "skickats") {
		t.Fatalf("start page says %q after sending the saved answers", msg)
	}
	got := storedAnswers(t, a)
	if len(got) != 2 {
		t.Fatalf("stored %d responses, want 2: %v", len(got), got)
	}
	// Another load sends nothing more.
	act(t, ctx, chromedp.Reload(), chromedp.Sleep(300*time.Millisecond))
	if n := len(storedAnswers(t, a)); n != 2 {
		t.Fatalf("stored %d responses after another load, want 2", n)
	}
}

// TestBrowserQuickExit leaves the form at once for a neutral page, and
// nothing of the service is one Back away: a pupil who came by the start
// page moved on with location.replace, so Back leads to where they were
// before the service (here the tab's blank page).
func TestBrowserQuickExit(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	// The machine has no internet: answer for the neutral page here.
	defer neutralSite(t, ctx)()
	act(t, ctx, chromedp.Navigate(a.URL+"/?lang=sv"))
	waitFor(t, ctx, `document.documentElement.classList.contains('js')`)
	act(t, ctx, chromedp.Click(chromedp.CSS(`a[href^="`+formPath+`"]`)))
	waitFor(t, ctx, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	choose(t, ctx, "q.kon", "tjej")
	// A link within the page (the help list) adds no entry either.
	act(t, ctx, chromedp.Click(chromedp.CSS(`.sos a[href="#hjalp"]`)))
	waitFor(t, ctx, `location.hash === '#hjalp'`)
	act(t, ctx, chromedp.Click(chromedp.CSS(`.exit`)))
	waitFor(t, ctx, `location.hostname === 'www.google.com'`)
	noServiceInHistory(t, ctx, a.URL)
	// Later, so the evaluation returns before the page it runs in is gone.
	act(t, ctx, chromedp.Evaluate[chromedp.Void](`setTimeout(() => history.back(), 0)`))
	waitFor(t, ctx, `location.href === 'about:blank'`)
}

// neutralSite answers for the quick exit's neutral page, which the
// machine cannot reach, until the returned function stops.
func neutralSite(t *testing.T, ctx context.Context) func() {
	t.Helper()
	return intercept(t, ctx, "https://www.google.com/*", func(ctx context.Context, id fetch.RequestID) error {
		_, err := chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
			RequestID: id, ResponseCode: 200,
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html"}},
			Body:            []byte("<title>väder</title>"),
		})
		return err
	})
}

// noServiceInHistory fails when any entry of the tab's history is a page
// of the service at base.
func noServiceInHistory(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	hist, err := chromedp.Run(ctx, chromedp.NavigationEntries())
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, e := range hist.Entries {
		urls = append(urls, e.URL)
		if strings.HasPrefix(e.URL, base) {
			t.Errorf("the service is still in the history: %s", e.URL)
		}
	}
	t.Logf("history after leaving: %v", urls)
}

// TestBrowserPageWeight measures everything the form page downloads and
// checks that nothing comes from another host.
func TestBrowserPageWeight(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	var mu sync.Mutex
	var urls []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			urls = append(urls, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	// Every language's form, as transferred (gzip) and as decoded; the
	// Swedish form is within the budget even uncompressed.
	var sizes map[string][2]float64
	for _, lang := range []string{"en", "ar", "sv"} {
		mu.Lock()
		urls = nil
		mu.Unlock()
		act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang="+lang))
		waitFor(t, ctx, `document.readyState === 'complete' && document.documentElement.classList.contains('js')`)
		sizes = eval[map[string][2]float64](t, ctx, `Object.fromEntries(performance.getEntriesByType('navigation')
			.concat(performance.getEntriesByType('resource')).map(e => [e.name, [e.decodedBodySize, e.encodedBodySize]]))`)
		var decoded, encoded float64
		for u, n := range sizes {
			t.Logf("%s: %6.0f bytes (%6.0f transferred)  %s", lang, n[0], n[1], u)
			decoded += n[0]
			encoded += n[1]
		}
		t.Logf("form page weight (%s): %.0f bytes uncompressed, %.0f bytes transferred over %d requests", lang, decoded, encoded, len(sizes))
		if encoded > 30*1024 || encoded < 3*1024 {
			t.Errorf("%s form page transfers %.0f bytes; the budget is 30 KiB", lang, encoded)
		}
		// Issue 27's budget is what a phone downloads: the HTML document
		// at most 14 KiB of it (one TCP initial window), as transferred.
		if doc := sizes[a.URL+formPath+"?lang="+lang][1]; doc > 14*1024 || doc == 0 {
			t.Errorf("%s form document transfers %.0f bytes; the budget is 14 KiB", lang, doc)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(urls) != len(sizes) {
		t.Errorf("requests %v, timed %v", urls, sizes)
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, a.URL+"/") {
			t.Errorf("request to another host: %s", u)
		}
	}
}
