package handlers

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// withBody sends body with the request sample makes.
func withBody(sample routeSample, body string) routeSample {
	return func(t *testing.T, ts *testServer, as staffUser) (string, []byte) {
		path, _ := sample(t, ts, as)
		return path, []byte(body)
	}
}

// surveyN is the survey's unfiltered total in the results: the one exact
// figure, so it tells excluded responses apart from noise.
func (ts *testServer) surveyN(t *testing.T, as staffUser) int {
	t.Helper()
	r := ts.as(t, as, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results", nil)
	var got struct {
		N int `json:"n"`
	}
	r.JSON(t, &got)
	if r.Status != 200 {
		t.Fatalf("results: %d %s", r.Status, r.Body)
	}
	return got.N
}

// metodRows is the Metod sheet of the lägesbild workbook, each row joined
// with "|".
func (ts *testServer) metodRows(t *testing.T, as staffUser) []string {
	t.Helper()
	r := ts.as(t, as, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx", nil)
	if r.Status != 200 {
		t.Fatalf("workbook: %d %s", r.Status, r.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Metod")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, row := range rows {
		out[i] = strings.Join(row, "|")
	}
	return out
}

func excludedLine(rows []string) string {
	for _, row := range rows {
		if strings.HasPrefix(row, "Exkluderade pass|") {
			return row
		}
	}
	return ""
}

func TestExcludingASessionTakesItsAnswersOutOfEveryFigure(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	silly := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak8"}`).Code
	other := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.answerInSession(t, silly, 8)
	ts.answerInSession(t, other, 12)
	ts.publish(t, "ungdomsdialog-2023")
	before := ts.surveyN(t, analyst)
	if before != 20 {
		t.Fatalf("n = %d before, want 20", before)
	}
	if line := excludedLine(ts.metodRows(t, analyst)); !strings.Contains(line, "|0 (") {
		t.Fatalf("Metod before any exclusion: %q", line)
	}
	const reason = "Klassen svarade inte på allvar"
	exclude := func(as staffUser, body string, header ...string) response {
		return ts.do(t, "POST", "/api/v1/admin/sessions/"+silly+"/exclude", []byte(body),
			append([]string{"Authorization", "Bearer " + as.token, "Content-Type", "application/json"}, header...)...)
	}

	t.Run("a facilitator or an analyst may not", func(t *testing.T) {
		if r := exclude(fac, `{"reason":"x"}`); r.Status != 403 {
			t.Fatalf("facilitator: %d %s", r.Status, r.Body)
		}
		// An analyst who could exclude and read could difference the
		// figures around a session: only admins exclude.
		if r := exclude(analyst, `{"reason":"x"}`); r.Status != 403 {
			t.Fatalf("analyst: %d %s", r.Status, r.Body)
		}
		if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+silly+"/include", nil); r.Status != 403 {
			t.Fatalf("facilitator include: %d", r.Status)
		}
		page := ts.as(t, fac, "GET", "/staff/sessions/"+silly, nil)
		if page.Status != 200 || strings.Contains(string(page.Body), "/exclude") {
			t.Fatalf("the facilitator's page: %d, exclusion form shown: %v", page.Status, strings.Contains(string(page.Body), "/exclude"))
		}
	})

	t.Run("a reason is required", func(t *testing.T) {
		for _, tc := range []struct{ body, lang, want string }{
			{`{}`, "sv", "Skriv varför"},
			{`{"reason":"   "}`, "en", "Write why"},
			{`{"reason":"` + strings.Repeat("å", 501) + `"}`, "sv", "högst 500"},
			{`{"reason":"a\u0000b"}`, "en", "plain text"},
		} {
			r := exclude(admin, tc.body, "Accept-Language", tc.lang)
			if r.Status != 422 || r.ErrorCode(t) != models.ErrInvalid || !strings.Contains(string(r.Body), tc.want) || !strings.Contains(string(r.Body), `"field":"reason"`) {
				t.Errorf("%s in %s: %d %s", tc.body, tc.lang, r.Status, r.Body)
			}
		}
		if r := exclude(admin, `{not json`); r.Status != 400 {
			t.Errorf("bad JSON: %d", r.Status)
		}
		if n := ts.surveyN(t, analyst); n != before {
			t.Fatalf("n = %d after refused exclusions", n)
		}
	})

	// Excluded, twice: the same state, the first reason kept. The figures
	// hold still until the next publication.
	for i, why := range []string{reason, "Another reason"} {
		r := exclude(admin, `{"reason":"`+why+`"}`)
		var v sessionView
		r.JSON(t, &v)
		if r.Status != 200 || v.Excluded == nil || v.Excluded.Reason != reason || v.Excluded.By != "greta" {
			t.Fatalf("exclude %d: %d %s", i, r.Status, r.Body)
		}
		if n := ts.surveyN(t, analyst); n != before {
			t.Fatalf("exclude %d: n = %d before the next publication, want %d", i, n, before)
		}
	}
	ts.publish(t, "ungdomsdialog-2023")
	if n := ts.surveyN(t, analyst); n != before-8 {
		t.Fatalf("published after the exclusion: n = %d, want %d", n, before-8)
	}

	// The workbook says how many sessions, about how many answers (in
	// tens) and why, with no count per reason, and not whose.
	rows := ts.metodRows(t, analyst)
	if line := excludedLine(rows); !strings.Contains(line, "|1 pass med omkring 10 svar (skäl: "+reason+")") {
		t.Fatalf("Metod: %q", line)
	}
	for _, row := range rows {
		for _, leak := range []string{"Norrsätraskolan", "norrsatraskolan", silly} {
			if strings.Contains(row, leak) {
				t.Fatalf("Metod names %q: %s", leak, row)
			}
		}
	}

	// A pupil still answering in the excluded session is stored, and left out.
	ts.answerInSession(t, silly, 1)
	ts.publish(t, "ungdomsdialog-2023")
	if n := ts.surveyN(t, analyst); n != before-8 {
		t.Fatalf("after an answer into the excluded session: n = %d", n)
	}
	stored, err := ts.Store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	inSilly := 0
	for _, r := range stored {
		if r.Session == silly {
			inSilly++
			if !r.Excluded {
				t.Fatal("a response of the excluded session is not marked")
			}
		}
	}
	if inSilly != 9 {
		t.Fatalf("%d responses stored in the excluded session, want 9", inSilly)
	}
	// Staff still see every answer in the session's live count.
	var v sessionView
	ts.as(t, fac, "GET", "/api/v1/admin/sessions/"+silly, nil).JSON(t, &v)
	if v.Responses != 9 {
		t.Fatalf("live count %d, want 9", v.Responses)
	}

	// Once closed, an admin's session page shows the exclusion and the way
	// back (not while open: that page is on the projector).
	if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+silly+"/close", nil); r.Status != 200 {
		t.Fatalf("close: %d", r.Status)
	}
	page := string(ts.as(t, admin, "GET", "/staff/sessions/"+silly, nil).Body)
	if !strings.Contains(page, `id="excluded-notice"`) || !strings.Contains(page, reason) || !strings.Contains(page, "/staff/sessions/"+silly+"/include") {
		t.Fatalf("admin's page lacks the exclusion notice:\n%s", page)
	}

	// Included again: every answer counts, from the next publication on.
	if r := ts.as(t, admin, "POST", "/api/v1/admin/sessions/"+silly+"/include", nil); r.Status != 200 || strings.Contains(string(r.Body), `"excluded"`) {
		t.Fatalf("include: %d %s", r.Status, r.Body)
	}
	if n := ts.surveyN(t, analyst); n != before-8 {
		t.Fatalf("included, not yet published: n = %d, want %d", n, before-8)
	}
	ts.publish(t, "ungdomsdialog-2023")
	if n := ts.surveyN(t, analyst); n != before+1 {
		t.Fatalf("included: n = %d, want %d", n, before+1)
	}
	if line := excludedLine(ts.metodRows(t, analyst)); !strings.Contains(line, "|0 (") {
		t.Fatalf("Metod after include: %q", line)
	}

	entries, err := ts.Store.Audit(context.Background(), 100, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var excludes, includes int
	for _, e := range entries {
		switch e.Action {
		case models.AuditSessionExclude:
			excludes++
			if e.Actor != "greta" || e.Survey != "ungdomsdialog-2023" || e.Details["session"] != silly || e.Details["reason"] != reason || e.Details["school"] != "" {
				t.Errorf("exclude entry %+v", e)
			}
		case models.AuditSessionInclude:
			includes++
		}
	}
	if excludes != 2 || includes != 1 {
		t.Fatalf("%d exclude and %d include entries, want 2 and 1", excludes, includes)
	}
}

// TestAnAdminExcludesFromTheSessionPageAfterConfirming: an admin finds a
// facilitator's session in the session list, and its page (once closed)
// has the form to exclude its answers. The form asks first, on a page
// of its own that needs no script, with the reason kept; only the
// confirmed form excludes, and a missing reason is named there.
func TestAnAdminExcludesFromTheSessionPageAfterConfirming(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak8"}`).Code
	if list := string(ts.as(t, admin, "GET", "/staff/sessions", nil).Body); !strings.Contains(list, `href="/staff/sessions/`+code+`"`) {
		t.Fatal("the admin's session list does not link to the facilitator's session")
	}
	if page := string(ts.as(t, admin, "GET", "/staff/sessions/"+code, nil).Body); strings.Contains(page, "/exclude") {
		t.Fatal("the open session's page shows the exclusion form")
	}
	if r := ts.as(t, admin, "POST", "/api/v1/admin/sessions/"+code+"/close", nil); r.Status != 200 {
		t.Fatalf("close: %d", r.Status)
	}
	if page := string(ts.as(t, admin, "GET", "/staff/sessions/"+code, nil).Body); !strings.Contains(page, `action="/staff/sessions/`+code+`/exclude"`) {
		t.Fatal("the closed session's page has no exclusion form")
	}
	form := func(body string) response {
		return ts.do(t, "POST", "/staff/sessions/"+code+"/exclude", []byte(body), "Authorization", "Bearer "+admin.token, "Content-Type", "application/x-www-form-urlencoded")
	}
	excluded := func() bool {
		sess, err := ts.Store.Session(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		return sess.Excluded != nil
	}

	// The session page's form only asks.
	r := form("reason=Provklass")
	page := string(r.Body)
	if r.Status != 200 || !strings.Contains(page, "Exkludera passets svar från statistiken?") || !strings.Contains(page, `name="confirm" value="yes"`) ||
		!strings.Contains(page, ">Provklass</textarea>") || !strings.Contains(page, `href="/staff/sessions/`+code+`"`) {
		t.Fatalf("no confirmation step with the reason kept: %d\n%s", r.Status, page)
	}
	if excluded() {
		t.Fatal("excluded without the confirmation")
	}
	// Confirmed without a reason: the problem, on the confirmation page.
	if r := form("reason=&confirm=yes"); r.Status != 422 || !strings.Contains(string(r.Body), "Skriv varför") || !strings.Contains(string(r.Body), `id="exclusion-errors"`) || excluded() {
		t.Fatalf("no reason: %d", r.Status)
	}
	// Confirmed.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", ts.URL+"/staff/sessions/"+code+"/exclude", strings.NewReader("reason=Provklass&confirm=yes"))
	req.Header.Set("Authorization", "Bearer "+admin.token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/staff/sessions/"+code {
		t.Fatalf("exclude: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	sess, err := ts.Store.Session(context.Background(), code)
	if err != nil || sess.Excluded == nil || sess.Excluded.Reason != "Provklass" {
		t.Fatalf("stored %+v %v", sess, err)
	}
}
