package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"medborgardialog/models"
)

// wcagLangs are the languages every public page is checked in: Swedish,
// Finnish, and Arabic and Dari for the two right-to-left scripts. Dari is
// not on by default, so wcagApp enables it.
var wcagLangs = []string{"sv", "ar", "fi", "prs"}

// wcagApp starts the service with every language of wcagLangs enabled.
func wcagApp(t *testing.T) *testApp {
	t.Helper()
	return startApp(t, func(c *Config) {
		langs, err := models.ParseEnabled(strings.Join(wcagLangs, ","))
		if err != nil {
			t.Fatal(err)
		}
		c.Languages = langs
	})
}

// TestBrowserWCAGPublicPages checks every page young people can land on,
// in each of wcagLangs, against what WCAG 2.1 AA (aiming at 2.2 AA) asks
// that a browser can measure: axe-core clean for the WCAG tags, reflow at
// 320 CSS px, text at 200 % without clipping, targets of at least 24×24
// px, and a visible focus on everything the keyboard reaches.
func TestBrowserWCAGPublicPages(t *testing.T) {
	a := wcagApp(t)
	publishFeedback(t, a)
	tab := newTab(t, true)
	for _, lang := range wcagLangs {
		for _, p := range []struct{ name, path string }{
			{"start", "/?lang=" + lang},
			{"join error", "/s/KXRT7W?lang=" + lang},
			{"survey form", "/surveys/ungdomsdialog-2023?lang=" + lang},
			{"thanks", "/surveys/ungdomsdialog-2023?klar=1&lang=" + lang},
			{"feedback", "/surveys/ungdomsdialog-2023/feedback?lang=" + lang},
			{"privacy", "/integritet?lang=" + lang},
			{"accessibility", "/tillganglighet?lang=" + lang},
			{"not found", "/finns-inte?lang=" + lang},
			{"notice", "/surveys/ungdomsdialog-2022?lang=" + lang},
		} {
			what := p.name + " (" + lang + ")"
			t.Run(lang+"/"+p.name, func(t *testing.T) {
				open := func(width, height int64) {
					act(t, tab, chromedp.EmulateViewport(width, height, chromedp.EmulateScale(1)),
						chromedp.Navigate(a.URL+p.path))
					waitFor(t, tab, `document.readyState === 'complete'`)
				}
				open(390, 844)
				wcagAxe(t, tab, what)
				checkTargets(t, tab, what)
				checkFocusVisible(t, tab, what)

				open(320, 640)
				if w := eval[[]int](t, tab, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
					t.Errorf("%s: at 320 CSS px the page scrolls sideways (%d px wide)", what, w[0])
				}

				open(640, 800)
				act(t, tab, chromedp.Evaluate[chromedp.Void](`document.documentElement.style.fontSize = '200%'`))
				if w := eval[[]int](t, tab, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
					t.Errorf("%s: with text at 200 %% the page scrolls sideways (%d px wide in %d)", what, w[0], w[1])
				}
				if clipped := eval[[]string](t, tab, `[...document.querySelectorAll('body *')].filter(e => {
						const s = getComputedStyle(e);
						return e.getClientRects().length && e.textContent.trim() &&
							((/hidden|clip/.test(s.overflowX) && e.scrollWidth > e.clientWidth + 1) ||
							 (/hidden|clip/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1));
					}).map(e => e.tagName + '.' + e.className)`); len(clipped) > 0 {
					t.Errorf("%s: with text at 200 %% text is clipped in %v", what, clipped)
				}
				act(t, tab, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
			})
		}
	}
}

// TestBrowserWCAGKeyboardOnly answers the whole built-in survey with the
// keyboard alone: Tab to each question, arrows and Space to choose, typing
// into the fields, Enter on the send button, until the thank-you page.
func TestBrowserWCAGKeyboardOnly(t *testing.T) {
	a := wcagApp(t)
	tab := newTab(t, true)
	for _, lang := range wcagLangs {
		t.Run(lang, func(t *testing.T) {
			act(t, tab, chromedp.Navigate(a.URL+"/surveys/ungdomsdialog-2023?lang="+lang))
			waitFor(t, tab, `document.readyState === 'complete' && document.getElementById('f')`)
			answered := map[string]bool{}
			sent := false
			for i := 0; i < 600 && !sent; i++ {
				act(t, tab, chromedp.KeyEvent(kb.Tab))
				el := eval[[]string](t, tab, `(() => { const e = document.activeElement;
					return [e.tagName, e.type || '', e.name || '', e.closest('form') ? 'form' : ''] })()`)
				tag, typ, name := el[0], el[1], el[2]
				if el[3] != "form" || name == "" && typ != "submit" || answered[name] {
					continue
				}
				switch {
				case typ == "radio":
					// Arrows move within a group and choose as they go.
					act(t, tab, chromedp.KeyEvent(kb.ArrowDown))
				case typ == "checkbox":
					act(t, tab, chromedp.KeyEvent(" "))
				case typ == "number":
					act(t, tab, chromedp.KeyEvent("15"))
				case tag == "TEXTAREA":
					act(t, tab, chromedp.KeyEvent("Mer ljus"))
				case typ == "submit":
					act(t, tab, chromedp.KeyEvent(kb.Enter))
					sent = true
					continue
				}
				answered[name] = true
			}
			if !sent {
				t.Fatalf("the send button was never reached with Tab (%d questions answered)", len(answered))
			}
			waitFor(t, tab, `location.search.includes('klar=1') || document.querySelector('.sum:not([hidden])')`)
			if problems := eval[string](t, tab, `(document.querySelector('.sum:not([hidden])') || {}).textContent || ''`); problems != "" {
				t.Fatalf("the form refused what the keyboard answered: %s", problems)
			}
			if len(answered) < 10 {
				t.Errorf("only %d questions were answered on the way", len(answered))
			}
		})
	}
	if n := len(storedAnswers(t, a)); n != len(wcagLangs) {
		t.Errorf("%d responses stored, want %d", n, len(wcagLangs))
	}
}

// publishFeedback gives the built-in survey a publication and switches on
// its feedback page.
func publishFeedback(t *testing.T, a *testApp) {
	t.Helper()
	for i := range 8 {
		submitInSession(t, a, "", i)
	}
	if resp, body := a.do(t, "POST", "/api/v1/admin/surveys/ungdomsdialog-2023/publications", nil,
		"Authorization", "Bearer "+testAdminToken); resp.StatusCode != 201 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	resp, body := a.do(t, "PUT", "/api/v1/admin/surveys/ungdomsdialog-2023/feedback",
		strings.NewReader(`{"enabled":true,"indicators":["otrygg_kvall","otrygg_skolan"]}`),
		"Authorization", "Bearer "+testAdminToken, "Content-Type", "application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("switch the feedback page on: %d %s", resp.StatusCode, body)
	}
}

// wcagAxe runs axe-core for the WCAG A and AA rules of 2.0, 2.1 and 2.2,
// and fails on every violation whatever its impact.
func wcagAxe(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		path = "../../.ci/axe/node_modules/axe-core/axe.min.js"
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the WCAG check of %s needs axe-core (npm install --no-save --prefix .ci/axe axe-core@4.14.1, or AXE_CORE_JS=path/to/axe.min.js): %v", what, err)
	}
	act(t, ctx, chromedp.Evaluate[chromedp.Void](string(src)))
	found := eval[[]string](t, ctx, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})
		.then(r => r.violations.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))`)
	for _, v := range found {
		t.Errorf("axe on %s: %s", what, v)
	}
}

// checkTargets fails on a link, button or field smaller than 24×24 CSS px
// (WCAG 2.2, 2.5.8). A box inside a label is measured by its label, which
// the whole of chooses it; a link within a sentence is exempt, as the
// criterion says.
func checkTargets(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	small := eval[[]string](t, ctx, `[...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')]
		.filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
		.filter(e => !(e.tagName === 'A' && getComputedStyle(e).display === 'inline' &&
			e.parentElement.textContent.trim().length > e.textContent.trim().length + 3))
		.map(e => { const r = (e.closest('label') || e).getBoundingClientRect();
			return [e, Math.round(r.width), Math.round(r.height)] })
		.filter(([e, w, h]) => w < 24 || h < 24)
		.map(([e, w, h]) => e.outerHTML.slice(0, 80) + ' ' + w + '×' + h)`)
	for _, s := range small {
		t.Errorf("%s: target under 24×24 px: %s", what, s)
	}
}

// checkFocusVisible tabs through the page and fails on an element whose
// look does not change when the keyboard focuses it.
func checkFocusVisible(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	const style = `(e => { const s = getComputedStyle(e);
		return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor, s.textDecorationLine].join('|') })`
	n := eval[int](t, ctx, `document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary').length`)
	seen := 0
	for i := 0; i < n+3 && i < 120; i++ {
		act(t, ctx, chromedp.KeyEvent(kb.Tab))
		ok := eval[bool](t, ctx, `(() => { const e = document.activeElement;
			if (!e || e === document.body || e.dataset.focusLook) return true;
			e.dataset.focusLook = `+style+`(e); return true })()`)
		if ok {
			seen++
		}
	}
	same := eval[[]string](t, ctx, `(() => { document.activeElement && document.activeElement.blur();
		return [...document.querySelectorAll('[data-focus-look]')]
			.filter(e => `+style+`(e) === e.dataset.focusLook)
			.map(e => e.outerHTML.slice(0, 80)) })()`)
	for _, s := range same {
		t.Errorf("%s: no visible focus on %s", what, s)
	}
	if eval[int](t, ctx, `document.querySelectorAll('[data-focus-look]').length`) == 0 {
		t.Errorf("%s: Tab reached nothing", what)
	}
}
