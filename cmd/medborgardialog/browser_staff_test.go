package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"medborgardialog/models"
	"medborgardialog/web"
)

// TestBrowserStaffPagesReadWell walks the staff pages at desktop size in
// Swedish: each passes axe, nothing scrolls sideways, every checkbox sits
// beside its label and numbers are written the Swedish way. The projector
// screen shows the QR code, the join code and the count in one screen at
// 1280×720 and 1920×1080, and the class results show the stored release
// as bars with words. Screenshots of each page go to DIALOG_SCREENSHOTS,
// or to the test's own temporary directory.
func TestBrowserStaffPagesReadWell(t *testing.T) {
	a := startApp(t, nil)
	ctx := context.Background()
	pw := staffUser(t, a, "ada", models.RoleAdmin)
	sv, err := a.store.Survey(ctx, "ungdomsdialog-2023")
	if err != nil || sv.Promise == nil || sv.Promise.ID == "" {
		t.Fatalf("the built-in survey names no promise: %v", err)
	}
	if err := a.store.EnsurePromise(ctx, *sv.Promise); err != nil {
		t.Fatal(err)
	}
	// Made in the store, not through the form another change is reworking:
	// this test is about how the pages read.
	now := time.Now().UTC().Truncate(time.Millisecond)
	sess := &models.Session{Survey: sv.Slug, Present: 26, CreatedBy: "ada", CreatedAt: now, ClosesAt: now.Add(90 * time.Minute)}
	if err := a.store.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		submitInSession(t, a, sess.Code, i)
	}
	if resp, body := a.do(t, "POST", "/api/v1/admin/surveys/ungdomsdialog-2023/publications", nil,
		"Authorization", "Bearer "+testAdminToken); resp.StatusCode != 201 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}

	shots := screenshotDir(t)
	tab := newTab(t, true)
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "sv"}}); err != nil {
		t.Fatal(err)
	}
	desktop(t, tab, 1280, 720)
	if got := eval[string](t, tab, `new Intl.NumberFormat('sv').format(1500)`); got != "1\u00a0500" {
		t.Errorf("the browser writes 1500 in Swedish as %q; the server writes 1\u00a0500", got)
	}

	act(t, tab, chromedp.Navigate(a.URL+"/login"))
	checkStaffPage(t, tab, shots, "login")
	act(t, tab, chromedp.SendKeys(chromedp.CSS(`#name`), "ada"),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form.staff-form button[type=submit]`)))
	waitFor(t, tab, `location.pathname === '/staff'`)

	for _, p := range []struct{ name, path string }{
		{"staff-home", "/staff"},
		{"dashboard", "/staff/surveys/ungdomsdialog-2023"},
		{"dashboard-unpublished", "/staff/surveys/ungdomsdialog-2022"},
		{"followup", "/staff/surveys/ungdomsdialog-2023/followup"},
		{"promise", "/staff/promises/" + sv.Promise.ID},
		{"session-form", "/staff/sessions"},
		{"users", "/staff/users"},
	} {
		act(t, tab, chromedp.Navigate(a.URL+p.path))
		checkStaffPage(t, tab, shots, p.name)
	}

	t.Run("numbers are Swedish on the dashboard", func(t *testing.T) {
		act(t, tab, chromedp.Navigate(a.URL+"/staff/surveys/ungdomsdialog-2023"))
		text := eval[string](t, tab, `document.querySelector('main').innerText`)
		if !regexp.MustCompile(`\d,\d %`).MatchString(text) || regexp.MustCompile(`\d\.\d %`).MatchString(text) {
			t.Errorf("shares on the Swedish dashboard are not written 23,3 %%:\n%s", text)
		}
		act(t, tab, chromedp.Navigate(a.URL+"/staff/surveys/ungdomsdialog-2023?lang=en"))
		if text := eval[string](t, tab, `document.querySelector('main').innerText`); !regexp.MustCompile(`\d\.\d %`).MatchString(text) {
			t.Errorf("shares on the English dashboard are not written 23.3 %%:\n%s", text)
		}
	})

	t.Run("the kiosk checkbox sits next to its label", func(t *testing.T) {
		act(t, tab, chromedp.Navigate(a.URL+"/staff/sessions"))
		gap := eval[float64](t, tab, `document.querySelector('label[for=s-kiosk]').getBoundingClientRect().left - document.getElementById('s-kiosk').getBoundingClientRect().right`)
		if gap < 0 || gap > 24 {
			t.Errorf("the kiosk label starts %.0f px after its checkbox", gap)
		}
	})

	// The projector shows the presenter view; the facilitator's control
	// view, with the buttons, is the session's own page.
	projector := "/staff/sessions/" + sess.Code + "/presenter"
	control := "/staff/sessions/" + sess.Code
	for _, size := range [][2]int64{{1280, 720}, {1920, 1080}} {
		desktop(t, tab, size[0], size[1])
		act(t, tab, chromedp.Navigate(a.URL+projector))
		waitFor(t, tab, `document.querySelector('img.qr').complete && document.querySelector('img.qr').naturalWidth > 0`)
		name := fmt.Sprintf("projector-%dx%d", size[0], size[1])
		checkStaffPage(t, tab, shots, name)
		if sc := scrollSize(t, tab); sc[2] > sc[3] {
			t.Errorf("%s: the projector scrolls (%d px of content in a %d px window)", name, sc[2], sc[3])
		}
		for _, sel := range []string{"img.qr", ".code", ".count"} {
			if !eval[bool](t, tab, `(r => r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth)(document.querySelector('`+sel+`').getBoundingClientRect())`) {
				t.Errorf("%s: %s is not wholly on the screen", name, sel)
			}
		}
		// From the back of a room: the code at least a tenth of the screen's
		// height, the count and the instruction well above body text.
		if px := eval[float64](t, tab, `parseFloat(getComputedStyle(document.querySelector('.code')).fontSize) / innerHeight`); px < 0.1 {
			t.Errorf("%s: the join code is %.0f%% of the screen's height", name, px*100)
		}
		for _, sel := range []string{".count", ".join-how"} {
			if px := eval[float64](t, tab, `parseFloat(getComputedStyle(document.querySelector('`+sel+`')).fontSize)`); px < 28 {
				t.Errorf("%s: %s in %.0f px type", name, sel, px)
			}
		}
	}
	if got := eval[string](t, tab, `document.querySelector('.count').textContent`); got != "12 av 26 har svarat" {
		t.Errorf("count line %q", got)
	}
	submitInSession(t, a, sess.Code, 12)
	waitFor(t, tab, `document.getElementById('count').textContent === '13'`)

	desktop(t, tab, 1280, 720)
	act(t, tab, chromedp.Navigate(a.URL+control), chromedp.Click(chromedp.CSS(`#release`)))
	waitFor(t, tab, `location.pathname.endsWith('/results') && document.querySelector('.bar-value')`)
	// Every question on one page; the class steps through them one per
	// screen (handlers' TestClassResultsOneQuestionPerScreen).
	act(t, tab, chromedp.Navigate(a.URL+control+"/results?q=all"))
	stored, err := a.store.Session(ctx, sess.Code)
	if err != nil || stored.Release == nil || !stored.Release.Shown {
		t.Fatalf("no release shown: %+v %v", stored, err)
	}
	// Each option a bar with its share (or its word), except "vet inte",
	// whose share is of everyone and stands in a sentence below the bars.
	// The key figures are analysts' words ("Andel som …") and are not
	// shown to the class.
	var want, wantExcluded []string
	for _, q := range stored.Release.Questions {
		for _, o := range q.Options {
			switch {
			case o.Word != "":
				want = append(want, o.Label.In("sv")+": "+web.T("sv", "session.word."+o.Word))
			case o.Exclude && *o.ShareTens > 0:
				wantExcluded = append(wantExcluded, fmt.Sprintf(web.T("sv", "session.excluded_share"), fmt.Sprintf("%d %%", *o.ShareTens), o.Label.In("sv")))
			case !o.Exclude:
				want = append(want, o.Label.In("sv")+": "+fmt.Sprintf("%d %%", *o.ShareTens))
			}
		}
	}
	got := eval[[]string](t, tab, `[...document.querySelectorAll('.bar-row')].map(r => r.querySelector('.bar-label').textContent + ': ' + r.querySelector('.bar-value, .bar-word').textContent)`)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the class results show\n%s\nthe stored release holds\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	gotExcluded := eval[[]string](t, tab, `[...document.querySelectorAll('.chart-note.excluded')].map(p => p.textContent)`)
	if strings.Join(gotExcluded, "\n") != strings.Join(wantExcluded, "\n") {
		t.Errorf("the class results say\n%s\nof \"vet inte\", the stored release\n%s", strings.Join(gotExcluded, "\n"), strings.Join(wantExcluded, "\n"))
	}
	if n := eval[int](t, tab, `document.querySelectorAll('main table').length`); n != 0 {
		t.Errorf("the class results have %d tables", n)
	}
	if px := eval[float64](t, tab, `parseFloat(getComputedStyle(document.querySelector('.bar-label')).fontSize)`); px < 18 {
		t.Errorf("the class results' words are in %.0f px type", px)
	}
	checkStaffPage(t, tab, shots, "class-results-1280x720")
	desktop(t, tab, 1920, 1080)
	checkStaffPage(t, tab, shots, "class-results-1920x1080")

	// Closed, the control view keeps the count and leads to the results.
	desktop(t, tab, 1280, 720)
	act(t, tab, chromedp.Navigate(a.URL+control))
	checkStaffPage(t, tab, shots, "projector-closed")
	// It is the facilitator's page, not the projector's: it may scroll
	// down, never sideways.
	if sc := scrollSize(t, tab); sc[0] > sc[1] || !eval[bool](t, tab, `!document.querySelector('img.qr, .code') && !!document.getElementById('show-results')`) {
		t.Errorf("the closed session's control view scrolls sideways (%v) or still shows how to join", sc)
	}
}

// desktop sets the tab's viewport and waits for the page to lay out anew.
func desktop(t *testing.T, ctx context.Context, w, h int64) {
	t.Helper()
	act(t, ctx, chromedp.EmulateViewport(w, h))
	act(t, ctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`, chromedp.EvalAwaitPromise))
}

// scrollSize is the document's scroll width, client width, scroll height
// and client height.
func scrollSize(t *testing.T, ctx context.Context) []int {
	t.Helper()
	return eval[[]int](t, ctx, `(e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight])(document.documentElement)`)
}

// checkStaffPage checks the page in the tab (axe, no sideways scrolling,
// form controls inside their forms and checkboxes and radios beside
// their labels) and saves a screenshot of it as name.
func checkStaffPage(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	waitFor(t, ctx, `document.readyState === 'complete'`)
	if sc := scrollSize(t, ctx); sc[0] > sc[1] {
		t.Errorf("%s scrolls sideways (%d px wide in a %d px window)", name, sc[0], sc[1])
	}
	problems := eval[[]string](t, ctx, `(() => {
		const out = [], shown = e => e.getClientRects().length > 0;
		for (const f of document.querySelectorAll('main form')) {
			const box = f.getBoundingClientRect();
			for (const c of f.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
				if (shown(c) && c.getBoundingClientRect().right > box.right + 1) out.push((c.id || c.name || c.tagName) + ' sticks out of its form');
			}
		}
		for (const c of document.querySelectorAll('main input[type=checkbox], main input[type=radio]')) {
			if (!shown(c)) continue;
			const l = c.id && document.querySelector('label[for="' + c.id + '"]');
			if (!l) { out.push(c.id + ' has no label'); continue; }
			const a = c.getBoundingClientRect(), b = l.getBoundingClientRect(), mid = (a.top + a.bottom) / 2;
			const gap = getComputedStyle(c).direction === 'rtl' ? a.left - b.right : b.left - a.right;
			if (mid < b.top || mid > b.bottom || gap < 0 || gap > 24) out.push(c.id + ' is not beside its label (gap ' + Math.round(gap) + ' px)');
		}
		return out;
	})()`)
	for _, p := range problems {
		t.Errorf("%s: %s", name, p)
	}
	checkAxe(t, ctx, name)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot of %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// screenshotDir is DIALOG_SCREENSHOTS when set, else the test's own
// temporary directory.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DIALOG_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}
