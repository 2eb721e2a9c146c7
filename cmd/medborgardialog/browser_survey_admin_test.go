package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"medborgardialog/models"
)

// TestBrowserSurveyUploadPreviewPublish is an admin's way from the staff
// home to a new version: the survey page, the example workbook uploaded
// through the file field, the draft's form previewed in Swedish and in
// Arabic (right to left) without sending anything, and publishing it.
// Each page passes axe.
func TestBrowserSurveyUploadPreviewPublish(t *testing.T) {
	a := startApp(t, nil)
	ctx := context.Background()
	pw := staffUser(t, a, "ada", models.RoleAdmin)
	workbook, err := filepath.Abs("../../surveys/xlsform/testdata/ungdomsdialog-2023.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	shots := screenshotDir(t)
	tab := newTab(t, true)
	desktop(t, tab, 1280, 720)

	act(t, tab, chromedp.Navigate(a.URL+"/login?lang=sv"),
		chromedp.SendKeys(chromedp.CSS(`#name`), "ada"),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form.staff-form button[type=submit]`)))
	waitFor(t, tab, `(location.pathname === '/staff' || location.pathname === '/staff/password') && document.readyState === 'complete'`)
	if eval[string](t, tab, `location.pathname`) == "/staff/password" {
		// Should a first sign-in ask for a new password after all, choose one.
		act(t, tab,
			chromedp.SendKeys(chromedp.CSS(`#current`), pw),
			chromedp.SendKeys(chromedp.CSS(`#new`), pw+" och lite till"),
			chromedp.SendKeys(chromedp.CSS(`#repeat`), pw+" och lite till"),
			chromedp.Click(chromedp.CSS(`form.staff-form button[type=submit]`)))
		waitFor(t, tab, `location.pathname === '/staff' && document.readyState === 'complete'`)
	}

	act(t, tab, chromedp.Click(chromedp.CSS(`a[href="/staff/surveys/ungdomsdialog-2023/admin"]`)))
	waitFor(t, tab, `location.pathname === '/staff/surveys/ungdomsdialog-2023/admin' && document.readyState === 'complete'`)
	checkStaffPage(t, tab, shots, "survey-admin")

	act(t, tab, chromedp.SetUploadFiles(chromedp.CSS(`#upload-file`), []string{workbook}),
		chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button[type=submit]`)))
	waitFor(t, tab, `location.search.startsWith('?draft=') && document.readyState === 'complete' && document.getElementById('publish')`)
	checkStaffPage(t, tab, shots, "survey-admin-draft")

	t.Run("the preview sends nothing", func(t *testing.T) {
		act(t, tab, chromedp.Click(chromedp.CSS(`a.preview-link[lang="sv"]`)))
		waitFor(t, tab, `location.pathname.endsWith('/preview') && document.readyState === 'complete'`)
		if got := eval[string](t, tab, `document.getElementById('preview-banner').innerText`); got == "" || eval[int](t, tab, `document.querySelectorAll('main fieldset').length`) < 10 {
			t.Fatalf("the preview shows no banner (%q) or no form", got)
		}
		checkAxe(t, tab, "the Swedish preview")
		before := eval[string](t, tab, `location.href`)
		act(t, tab, chromedp.Click(chromedp.CSS(`input[name="q.kon"][value="tjej"]`)),
			chromedp.Click(chromedp.CSS(`form#f button[type=submit]`)))
		time.Sleep(500 * time.Millisecond)
		if after := eval[string](t, tab, `location.href`); after != before {
			t.Fatalf("the preview's form went from %s to %s", before, after)
		}
		if got := storedAnswers(t, a); len(got) != 0 {
			t.Fatalf("the preview stored %d answers", len(got))
		}
	})

	t.Run("the Arabic preview is right to left", func(t *testing.T) {
		act(t, tab, chromedp.Click(chromedp.CSS(`nav.langs a[lang="ar"]`)))
		waitFor(t, tab, `document.documentElement.lang === 'ar' && document.readyState === 'complete'`)
		if dir := eval[string](t, tab, `document.documentElement.dir`); dir != "rtl" {
			t.Fatalf("dir %q", dir)
		}
		if dir := eval[string](t, tab, `getComputedStyle(document.getElementById('preview-banner')).direction`); dir != "ltr" {
			t.Errorf("the Swedish banner runs %s", dir)
		}
		checkAxe(t, tab, "the Arabic preview")
		screenshot(t, tab, "survey-preview-ar")
	})

	act(t, tab, chromedp.Click(chromedp.CSS(`#preview-banner a`)))
	waitFor(t, tab, `location.search.startsWith('?draft=') && document.readyState === 'complete' && document.getElementById('publish')`)
	act(t, tab, chromedp.Click(chromedp.CSS(`#publish`)))
	// Publishing is asked first, on a page of its own.
	waitFor(t, tab, `location.pathname.endsWith('/publish') && document.readyState === 'complete' && document.getElementById('confirm')`)
	act(t, tab, chromedp.Click(chromedp.CSS(`#confirm`)))
	waitFor(t, tab, `location.search === '?published=1' && document.readyState === 'complete'`)
	checkStaffPage(t, tab, shots, "survey-admin-published")
	entries, err := a.store.Audit(ctx, 5, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 || entries[0].Action != models.AuditSurveySave || entries[0].Actor != "ada" || entries[0].Survey != "ungdomsdialog-2023" {
		t.Fatalf("audit %+v", entries)
	}
}
