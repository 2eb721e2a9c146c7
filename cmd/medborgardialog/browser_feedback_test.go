package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"medborgardialog/models"
)

// TestBrowserFeedbackPage opens "Det här hände med era svar" on a phone,
// once in Swedish and once in Arabic (right to left): the title shows, the
// page passes axe and nothing scrolls sideways.
func TestBrowserFeedbackPage(t *testing.T) {
	a := startApp(t, nil)
	youth := models.Text{"sv": "Fler vuxna ute på kvällarna i centrum och vid Resecentrum", "ar": "المزيد من البالغين في الخارج مساءً في وسط المدينة"}
	for i := range 8 {
		submitInSession(t, a, "", i)
	}
	ctx := context.Background()
	sv, err := a.store.Survey(ctx, "ungdomsdialog-2023")
	if err != nil || sv.Promise == nil || sv.Promise.ID == "" {
		t.Fatalf("the built-in survey names no promise: %v", err)
	}
	if err := a.store.EnsurePromise(ctx, *sv.Promise); err != nil {
		t.Fatal(err)
	}
	for i, status := range []string{models.ActivityOngoing, models.ActivityDone} {
		err := a.store.InsertActivity(ctx, &models.Activity{ID: fmt.Sprintf("feedback-test-%d", i), Promise: sv.Promise.ID, CreatedAt: time.Now(),
			ActivityInput: models.ActivityInput{Problem: "p", Activity: "a", Partner: "Polisen", Status: status,
				Youth: youth}})
		if err != nil {
			t.Fatal(err)
		}
	}
	if resp, body := a.do(t, "POST", "/api/v1/admin/surveys/ungdomsdialog-2023/publications", nil,
		"Authorization", "Bearer "+testAdminToken); resp.StatusCode != 201 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	resp, body := a.do(t, "PUT", "/api/v1/admin/surveys/ungdomsdialog-2023/feedback",
		strings.NewReader(`{"enabled":true,"indicators":["otrygg_kvall","otrygg_skolan","otrygg_centrum"]}`),
		"Authorization", "Bearer "+testAdminToken, "Content-Type", "application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("switch the page on: %d %s", resp.StatusCode, body)
	}
	tab := newTab(t, true)
	for _, c := range []struct{ lang, dir, title string }{
		{"sv", "ltr", "Det här hände med era svar"},
		{"ar", "rtl", "ماذا حدث لإجاباتكم"},
	} {
		act(t, tab, chromedp.Navigate(a.URL+"/surveys/ungdomsdialog-2023/feedback?lang="+c.lang))
		waitFor(t, tab, `document.readyState === 'complete'`)
		act(t, tab, chromedp.WaitVisible(chromedp.CSS(`h1`)))
		if h1 := eval[string](t, tab, `document.querySelector('h1').textContent`); h1 != c.title {
			t.Errorf("%s: title %q, want %q", c.lang, h1, c.title)
		}
		if dir := eval[string](t, tab, `document.documentElement.dir`); dir != c.dir {
			t.Errorf("%s: dir %q, want %q", c.lang, dir, c.dir)
		}
		// Only the evening question was answered by enough pupils.
		if n := eval[int](t, tab, `document.querySelectorAll('.figs .pct').length`); n != 1 {
			t.Errorf("%s: %d shares shown, want 1", c.lang, n)
		}
		if n := eval[int](t, tab, `[...document.querySelectorAll('.acts li')].filter(li => li.textContent.includes('`+youth[c.lang]+`')).length`); n != 2 {
			t.Errorf("%s: the activities' lines for young people show %d times, want 2", c.lang, n)
		}
		if w := eval[[]int](t, tab, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
			t.Errorf("%s: the page scrolls sideways on a phone (%d px wide in a %d px viewport)", c.lang, w[0], w[1])
		}
		checkAxe(t, tab, "the feedback page ("+c.lang+")")
		screenshot(t, tab, "feedback-"+c.lang)
	}

	// The page needs no script at all.
	plain := newTab(t, false)
	act(t, plain, chromedp.Navigate(a.URL+"/surveys/ungdomsdialog-2023/feedback?lang=sv"))
	act(t, plain, chromedp.WaitVisible(chromedp.CSS(`.figs .pct`)), chromedp.WaitVisible(chromedp.CSS(`.acts`)))
}
