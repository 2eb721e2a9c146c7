package handlers

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
)

// Closing, reopening and publishing are asked first, on a page that
// works without JavaScript; the post without the confirmation page's
// field does nothing.
func TestWhatCannotBeUndoneIsConfirmedFirst(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	ctx := context.Background()
	b := newBrowser(t, ts)
	b.signIn(admin.name, admin.password)
	csrf := b.csrf("/staff")
	status := func(slug string) string {
		t.Helper()
		sv, err := ts.Store.Survey(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		return sv.Status
	}

	t.Run("closing", func(t *testing.T) {
		for _, ask := range []response{
			b.do("GET", "/staff/surveys/ungdomsdialog-2023/close", nil),
			b.do("POST", "/staff/surveys/ungdomsdialog-2023/close", url.Values{"csrf": {csrf}}),
		} {
			text := visibleText(string(ask.Body))
			if ask.Status != 200 || !strings.Contains(text, "Stänga enkäten ”Ungdomsdialog") || !strings.Contains(text, "Ingen kan svara på enkäten efter det") {
				t.Fatalf("no confirmation page: %d %s", ask.Status, text)
			}
			if !strings.Contains(string(ask.Body), `name="confirm" value="yes"`) {
				t.Fatalf("the confirmation page has no button that confirms")
			}
			if got := status("ungdomsdialog-2023"); got != models.StatusOpen {
				t.Fatalf("closed before it was confirmed: %s", got)
			}
		}
		if r := b.confirm("/staff/surveys/ungdomsdialog-2023/close", url.Values{"csrf": {csrf}}); r.Status != 303 {
			t.Fatalf("confirmed: %d", r.Status)
		}
		if got := status("ungdomsdialog-2023"); got != models.StatusClosed {
			t.Fatalf("not closed once confirmed: %s", got)
		}
	})

	t.Run("reopening", func(t *testing.T) {
		ask := b.do("POST", "/staff/surveys/ungdomsdialog-2022/open", url.Values{"csrf": {csrf}, "next": {"/staff/surveys/ungdomsdialog-2022/admin"}})
		if text := visibleText(string(ask.Body)); ask.Status != 200 || !strings.Contains(text, "Öppna enkäten ”") || !strings.Contains(text, "omgången 2022") {
			t.Fatalf("no confirmation page: %d %s", ask.Status, text)
		}
		if got := status("ungdomsdialog-2022"); got != models.StatusClosed {
			t.Fatalf("opened before it was confirmed: %s", got)
		}
		r := b.confirm("/staff/surveys/ungdomsdialog-2022/open", url.Values{"csrf": {csrf}, "next": {"/staff/surveys/ungdomsdialog-2022/admin"}})
		if r.Status != 303 || r.Header.Get("Location") != "/staff/surveys/ungdomsdialog-2022/admin" {
			t.Fatalf("confirmed: %d to %s", r.Status, r.Header.Get("Location"))
		}
		if got := status("ungdomsdialog-2022"); got != models.StatusOpen {
			t.Fatalf("not open once confirmed: %s", got)
		}
	})

	t.Run("publishing", func(t *testing.T) {
		ts.Clock.Advance(29 * 24 * time.Hour)
		count := func() int {
			t.Helper()
			list, err := ts.Results.Publications(ctx, "ungdomsdialog-2023")
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		before := count()
		path := "/staff/surveys/ungdomsdialog-2023/publications"
		ask := b.do("POST", path, url.Values{"csrf": {csrf}, "note": {"Till styrgruppen"}})
		if text := visibleText(string(ask.Body)); ask.Status != 200 || !strings.Contains(text, "kan inte ändras eller tas bort") {
			t.Fatalf("no confirmation page: %d %s", ask.Status, text)
		}
		if !strings.Contains(string(ask.Body), `value="Till styrgruppen"`) {
			t.Fatalf("the note typed is not kept on the confirmation page")
		}
		if n := count(); n != before {
			t.Fatalf("published before it was confirmed: %d publications, had %d", n, before)
		}
		// A note that cannot be used: the page again, the note kept, the
		// problem at the top and at the field.
		bad := b.do("POST", path, url.Values{"csrf": {csrf}, "note": {strings.Repeat("x", maxNote+1)}, "confirm": {"yes"}})
		if bad.Status != 422 || !strings.Contains(string(bad.Body), `id="error-summary"`) || !strings.Contains(string(bad.Body), `value="`+strings.Repeat("x", maxNote+1)+`"`) ||
			!strings.Contains(string(bad.Body), `<a href="#pub-note">`) {
			t.Fatalf("a bad note: %d %.1500s", bad.Status, bad.Body)
		}
		if n := count(); n != before {
			t.Fatalf("published with a bad note")
		}
		if r := b.confirm(path, url.Values{"csrf": {csrf}, "note": {"Till styrgruppen"}}); r.Status != 303 {
			t.Fatalf("confirmed: %d %s", r.Status, r.Body)
		}
		list, err := ts.Results.Publications(ctx, "ungdomsdialog-2023")
		if err != nil || len(list) != before+1 || list[len(list)-1].Note != "Till styrgruppen" {
			t.Fatalf("not published once confirmed, or the note lost: %v", err)
		}
	})

	t.Run("a draft's fields go along with its confirmation", func(t *testing.T) {
		sv, err := ts.Store.Survey(ctx, "ungdomsdialog-2023")
		if err != nil {
			t.Fatal(err)
		}
		d, err := ts.Store.InsertSurveyDraft(ctx, sv, "greta")
		if err != nil {
			t.Fatal(err)
		}
		ask := b.do("POST", "/staff/surveys/ungdomsdialog-2023/drafts/"+d.ID+"/publish", url.Values{"csrf": {csrf}, "accept_breaks": {"yes"}})
		if ask.Status != 200 || !strings.Contains(string(ask.Body), `<input type="hidden" name="accept_breaks" value="yes">`) {
			t.Fatalf("the confirmation drops the draft form's fields: %d %.1500s", ask.Status, ask.Body)
		}
	})
}
