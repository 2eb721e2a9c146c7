package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

const emptyMessageSV = "Svara på minst en fråga innan du skickar."

// emptyState is what the page shows after an empty form was sent.
const emptyState = `({
	summary: !document.getElementById('fel').hidden,
	items: [...document.querySelectorAll('#fel li')].map(li => li.textContent),
	status: (document.getElementById('st') || {}).textContent || '',
	queued: Object.keys(localStorage).filter(k => k.startsWith('md.q.')).length,
	posts: performance.getEntriesByType('resource').filter(e => e.name.includes('/responses')).length,
})`

// TestBrowserEmptyAnswerWithScript presses send without answering. The
// page refuses at once in the server's words and queues nothing; a page
// that lets it through gets the same words back from the server, which
// is neither queued nor retried. Nothing is stored until a question is
// answered.
func TestBrowserEmptyAnswerWithScript(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, true)
	act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
	waitFor(t, ctx, `document.getElementById('f') && document.documentElement.classList.contains('js')`)
	// Blank text is no answer.
	act(t, ctx, chromedp.SendKeys(chromedp.CSS(`textarea[name="q.forslag"]`), "   "))
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `!document.getElementById('fel').hidden`)
	state := eval[map[string]any](t, ctx, emptyState)
	t.Logf("refused on the page: %v", state)
	if items, _ := state["items"].([]any); len(items) != 1 || items[0] != emptyMessageSV || state["status"] != "" {
		t.Fatalf("the summary does not say what to do: %v", state)
	}
	if state["queued"] != 0.0 || state["posts"] != 0.0 {
		t.Fatalf("an empty form was queued or sent: %v", state)
	}
	if focused := eval[string](t, ctx, `document.activeElement.id`); focused != "fel" {
		t.Fatalf("focus on %q, not on the summary", focused)
	}
	checkAxe(t, ctx, "the form refused as empty")

	// The server's own answer, as a page without the message would get it.
	act(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('fel').hidden = true; delete document.getElementById('f').dataset.mEmpty`))
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `!document.getElementById('fel').hidden`)
	state = eval[map[string]any](t, ctx, emptyState)
	t.Logf("refused by the server: %v", state)
	if items, _ := state["items"].([]any); len(items) != 1 || items[0] != emptyMessageSV || state["status"] != "" {
		t.Fatalf("the server's message is not shown: %v", state)
	}
	if state["queued"] != 0.0 || state["posts"] != 1.0 {
		t.Fatalf("want one post and nothing queued for a retry: %v", state)
	}
	if n := len(storedAnswers(t, a)); n != 0 {
		t.Fatalf("%d empty answers stored", n)
	}

	choose(t, ctx, "q.kon", "tjej")
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `location.search.includes('klar=1') && document.readyState === 'complete'`)
	if got := storedAnswers(t, a); len(got) != 1 || len(got[0]) != 1 || got[0]["kon"] != "tjej" {
		t.Fatalf("stored %v, want the one answer", got)
	}
}

// TestBrowserEmptyAnswerWithoutScript posts the form with nothing chosen:
// it comes back with the message at the top, where the page jumps to.
func TestBrowserEmptyAnswerWithoutScript(t *testing.T) {
	a := startApp(t, nil)
	ctx := newTab(t, false)
	act(t, ctx, chromedp.Navigate(a.URL+formPath+"?lang=sv"))
	act(t, ctx, chromedp.SendKeys(chromedp.CSS(`textarea[name="q.forslag"]`), "   "))
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `location.hash === '#fel' && document.readyState === 'complete'`)
	state := eval[map[string]any](t, ctx, `({
		summary: !document.getElementById('fel').hidden,
		items: [...document.querySelectorAll('#fel li')].map(li => li.textContent),
		first: document.getElementById('fel').getBoundingClientRect().top < document.getElementById('f').getBoundingClientRect().top,
		marked: document.querySelectorAll('#f .bad').length,
	})`)
	t.Logf("refused: %v", state)
	if items, _ := state["items"].([]any); state["summary"] != true || len(items) != 1 || items[0] != emptyMessageSV || state["first"] != true || state["marked"] != 0.0 {
		t.Fatalf("the message is not at the top of the page: %v", state)
	}
	if n := len(storedAnswers(t, a)); n != 0 {
		t.Fatalf("%d empty answers stored", n)
	}
	checkAxe(t, ctx, "the form refused as empty (no script)")

	choose(t, ctx, "q.trygg_kvall", "ganska_trygg")
	act(t, ctx, chromedp.Click(chromedp.CSS(`#f button[type=submit]`)))
	waitFor(t, ctx, `!document.getElementById('f') && document.querySelector('h1').textContent.includes('Klart')`)
	if got := storedAnswers(t, a); len(got) != 1 || got[0]["trygg_kvall"] != "ganska_trygg" {
		t.Fatalf("stored %v, want the one answer", got)
	}
}
