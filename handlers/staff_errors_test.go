package handlers

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"medborgardialog/models"
	"medborgardialog/web"
)

// staffLayout fails unless page is a staff page with a focused error
// summary at the top: the staff navigation, no quick-exit button of the
// young people's pages, and the summary before the page's content.
func staffLayout(t *testing.T, r response, wantStatus int) string {
	t.Helper()
	body := string(r.Body)
	if r.Status != wantStatus {
		t.Fatalf("status %d, want %d: %.400s", r.Status, wantStatus, body)
	}
	if !strings.Contains(body, `class="staffnav"`) {
		t.Errorf("not in the staff layout (no staff navigation): %.600s", body)
	}
	if strings.Contains(body, web.T(models.LangSV, "exit")) {
		t.Errorf("the young people's quick-exit button is on a staff page")
	}
	summary := strings.Index(body, `id="error-summary"`)
	if summary < 0 || !strings.Contains(body[summary-80:summary+200], `tabindex="-1" autofocus`) {
		t.Fatalf("no focused error summary: %.2000s", body)
	}
	if form := strings.Index(body, "<form method=\"post\" action=\"/staff/users\""); form >= 0 && form < summary {
		t.Errorf("the summary comes after the form")
	}
	return visibleText(body)
}

func TestStaffErrorsStayInTheStaffLayout(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)

	t.Run("a refused role is told what it may do", func(t *testing.T) {
		b := newBrowser(t, ts)
		b.signIn(fac.name, fac.password)
		text := staffLayout(t, b.do("GET", "/staff/users", nil), 403)
		for _, want := range []string{web.T(models.LangSV, "error.forbidden"), "Som Fältassistent kan du:", "starta pass med en klass"} {
			if !strings.Contains(text, want) {
				t.Errorf("the refusal lacks %q: %s", want, text)
			}
		}
	})
	t.Run("an address under /staff that does not exist", func(t *testing.T) {
		b := newBrowser(t, ts)
		b.signIn(admin.name, admin.password)
		text := staffLayout(t, b.do("GET", "/staff/finns-inte", nil), 404)
		if !strings.Contains(text, web.T(models.LangSV, "error.not_found")) {
			t.Errorf("the page does not say it was not found: %s", text)
		}
		staffLayout(t, b.do("DELETE", "/staff/places", nil), 405)
		// Not signed in: the public page, which tells nothing of staff pages.
		if r := ts.do(t, "GET", "/staff/finns-inte", nil); r.Status != 404 || strings.Contains(string(r.Body), `class="staffnav"`) {
			t.Errorf("signed out: %d %.300s", r.Status, r.Body)
		}
	})
	t.Run("a survey that does not exist", func(t *testing.T) {
		b := newBrowser(t, ts)
		b.signIn(admin.name, admin.password)
		text := staffLayout(t, b.do("GET", "/staff/surveys/finns-inte/admin?draft=x", nil), 404)
		if !strings.Contains(text, web.T(models.LangSV, "staff.error.home")) {
			t.Errorf("no way back: %s", text)
		}
	})
	t.Run("a refused upload is summed up at the top", func(t *testing.T) {
		b := newBrowser(t, ts)
		b.signIn(admin.name, admin.password)
		csrf := b.csrf("/staff/surveys/ungdomsdialog-2023/admin")
		r := b.do("POST", "/staff/surveys/ungdomsdialog-2023/drafts", url.Values{"csrf": {csrf}, "definition": {"slug: [inte, yaml"}})
		staffLayout(t, r, 422)
		body := string(r.Body)
		if s, l := strings.Index(body, `id="error-summary"`), strings.Index(body, `id="upload-problems"`); s > l || !strings.Contains(body, `<a href="#upload-problems">`) {
			t.Errorf("the summary is not at the top or does not link to the problems")
		}
	})
	t.Run("the user form keeps what was typed", func(t *testing.T) {
		b := newBrowser(t, ts)
		b.signIn(admin.name, admin.password)
		csrf := b.csrf("/staff/users")
		r := b.do("POST", "/staff/users", url.Values{"csrf": {csrf}, "name": {"fatima"}, "role": {"analyst"}, "token": {"on"}})
		text := staffLayout(t, r, 409)
		body := string(r.Body)
		if want := "Det finns redan ett konto som heter fatima"; !strings.Contains(text, want) {
			t.Errorf("lacks %q: %s", want, text)
		}
		for _, want := range []string{`value="fatima"`, `<option value="analyst" selected>`, `name="token" checked`, `<a href="#new-name">`} {
			if !strings.Contains(body, want) {
				t.Errorf("the form lost what was typed: no %s", want)
			}
		}
	})
}

// Ticking more key figures than the feedback page takes shows the
// follow-up page again, ticked as sent, with the problem at the top.
func TestTheFeedbackFormKeepsWhatWasTicked(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	ts.publish(t, "ungdomsdialog-2023")
	sv, err := ts.Store.Survey(context.Background(), "ungdomsdialog-2023")
	if err != nil || len(sv.Indicators) <= maxFeedbackIndicators {
		t.Fatalf("the survey has too few key figures for the test: %v", err)
	}
	var ticked []string
	for _, ind := range sv.Indicators[:maxFeedbackIndicators+1] {
		ticked = append(ticked, ind.ID)
	}
	b := newBrowser(t, ts)
	b.signIn(admin.name, admin.password)
	csrf := b.csrf("/staff/surveys/ungdomsdialog-2023/followup")
	r := b.do("POST", "/staff/surveys/ungdomsdialog-2023/feedback?lang=sv", url.Values{"csrf": {csrf}, "enabled": {"on"}, "indicators": ticked})
	text := staffLayout(t, r, 422)
	if want := fmt.Sprintf(web.T(models.LangSV, "staff.feedback.too_many"), maxFeedbackIndicators); !strings.Contains(text, want) {
		t.Errorf("lacks %q", want)
	}
	body := string(r.Body)
	for _, id := range ticked {
		if !strings.Contains(body, `id="fb-`+id+`" name="indicators" value="`+id+`" checked>`) {
			t.Errorf("%s is no longer ticked", id)
		}
	}
	if !strings.Contains(body, `id="fb-enabled" name="enabled" checked>`) || !strings.Contains(body, `<a href="#feedback-indicators">`) {
		t.Errorf("the switch or the summary's link is lost")
	}
	if f, err := ts.Store.Feedback(context.Background(), "ungdomsdialog-2023"); err == nil && f.Enabled {
		t.Errorf("saved anyway: %+v", f)
	}
}
