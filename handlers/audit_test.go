package handlers

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/web"
)

func TestTheAuditLogShowsAtMostOnePageOfEntries(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	start := time.Now().Add(-time.Hour)
	for i := range maxAuditLimit + 5 {
		e := models.AuditEntry{At: start.Add(time.Duration(i) * time.Second), Actor: "anders", Role: models.RoleAnalyst, Action: models.AuditResultsView, Survey: "ungdomsdialog-2023"}
		if err := ts.Store.InsertAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		limit string
		want  int
	}{
		{"", 100},
		{"3", 3},
		{strconv.Itoa(maxAuditLimit), maxAuditLimit},
		{strconv.Itoa(maxAuditLimit + 1), maxAuditLimit},
		{"100000", maxAuditLimit},
		{"99999999999999999999999", maxAuditLimit},
	} {
		t.Run("limit="+tt.limit, func(t *testing.T) {
			r := ts.admin(t, "GET", "/api/v1/admin/audit?limit="+tt.limit, nil)
			var body struct{ Entries []models.AuditEntry }
			r.JSON(t, &body)
			if r.Status != 200 || len(body.Entries) != tt.want {
				t.Fatalf("%d, %d entries, want %d", r.Status, len(body.Entries), tt.want)
			}
		})
	}
	page := pageAs(t, ts, adminToken, "GET", "/staff/audit?limit=100000", nil)
	if n := strings.Count(string(page.Body), "<tr><td><time"); page.Status != 200 || n != maxAuditLimit {
		t.Fatalf("staff page: %d, %d rows", page.Status, n)
	}
}

func TestABadAuditLimitIsRefusedInTheUsersLanguage(t *testing.T) {
	ts := newTestServer(t)
	for _, limit := range []string{"-1", "0", "abc", "1.5", "-99999999999999999999999", "1e3"} {
		for _, lang := range []string{models.LangSV, models.LangEN} {
			want := fmt.Sprintf(web.T(lang, "audit.bad_limit"), maxAuditLimit)
			t.Run(limit+" "+lang, func(t *testing.T) {
				q := "?" + url.Values{"limit": {limit}, "lang": {lang}}.Encode()
				r := ts.admin(t, "GET", "/api/v1/admin/audit"+q, nil)
				var e errorBody
				r.JSON(t, &e)
				if r.Status != 422 || e.Error.Code != models.ErrInvalid || e.Error.Message != want {
					t.Fatalf("API: %d %s", r.Status, r.Body)
				}
				page := pageAs(t, ts, adminToken, "GET", "/staff/audit"+q, nil)
				if page.Status != 422 || !strings.Contains(html.UnescapeString(string(page.Body)), want) {
					t.Fatalf("staff page: %d %.300s", page.Status, page.Body)
				}
			})
		}
	}
	r := ts.admin(t, "GET", "/api/v1/admin/audit?lang=en&before=yesterday", nil)
	var e errorBody
	if r.JSON(t, &e); r.Status != 422 || e.Error.Message != web.T(models.LangEN, "audit.bad_before") {
		t.Fatalf("before=yesterday: %d %s", r.Status, r.Body)
	}
}

// pageAs asks for a staff page with a bearer token (no CSRF token is
// needed then), posting form when it is not nil, without following a
// redirect.
func pageAs(t *testing.T, ts *testServer, token, method, path string, form url.Values) response {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// auditEntry finds the entry of action about the session code.
func auditEntry(t *testing.T, ts *testServer, action, code string) models.AuditEntry {
	t.Helper()
	entries, err := ts.Store.Audit(context.Background(), 200, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && e.Details["session"] == code {
			return e
		}
	}
	t.Fatalf("no %s of %s in the audit log: %+v", action, code, entries)
	return models.AuditEntry{}
}

// checkSessionAudit checks that an entry names the session by its code
// and place, and nothing about the pupils in it.
func checkSessionAudit(t *testing.T, e models.AuditEntry, actor string, want map[string]string) {
	t.Helper()
	if e.Actor != actor || e.Role != models.RoleFacilitator || e.Survey != "ungdomsdialog-2023" || len(e.Details) != len(want) {
		t.Fatalf("%+v", e)
	}
	for k, v := range want {
		if e.Details[k] != v {
			t.Fatalf("%s=%q, want %q: %+v", k, e.Details[k], v, e)
		}
	}
}

func TestSessionsAreAuditedWhenStartedAndClosed(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)

	t.Run("API", func(t *testing.T) {
		v := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"bjorksatraskolan","grade":"ak8","present":26,"minutes":45}`)
		want := map[string]string{"session": v.Code, "school": "bjorksatraskolan", "grade": "ak8", "area": v.Area}
		checkSessionAudit(t, auditEntry(t, ts, models.AuditSessionCreate, v.Code), "fatima", want)
		if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+v.Code+"/close", nil); r.Status != 200 {
			t.Fatalf("close: %d %s", r.Status, r.Body)
		}
		checkSessionAudit(t, auditEntry(t, ts, models.AuditSessionClose, v.Code), "fatima", want)
	})

	t.Run("staff pages", func(t *testing.T) {
		// A youth centre: no school, mixed grades, the area chosen.
		r := pageAs(t, ts, fac.token, "POST", "/staff/sessions", url.Values{"survey": {"ungdomsdialog-2023"}, "school": {"-"}, "grade": {"-"}, "area": {"storvik"}, "present": {"12"}})
		code, ok := strings.CutPrefix(r.Header.Get("Location"), "/staff/sessions/")
		if r.Status != 303 || !ok {
			t.Fatalf("start: %d %s", r.Status, r.Header.Get("Location"))
		}
		want := map[string]string{"session": code, "area": "storvik"}
		checkSessionAudit(t, auditEntry(t, ts, models.AuditSessionCreate, code), "fatima", want)
		if r := pageAs(t, ts, fac.token, "POST", "/staff/sessions/"+code+"/close", url.Values{"confirm": {"yes"}}); r.Status != 303 {
			t.Fatalf("close: %d", r.Status)
		}
		checkSessionAudit(t, auditEntry(t, ts, models.AuditSessionClose, code), "fatima", want)
	})
}

// The audit page narrows the log by action and by user and pages back
// through it with links, in words and Swedish time.
func TestTheAuditPageFiltersAndPages(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	start := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC) // 12:00 in Stockholm, summer time
	for i := range 7 {
		e := models.AuditEntry{At: start.Add(time.Duration(i) * time.Minute), Actor: "anders", Role: models.RoleAnalyst, Action: models.AuditResultsView,
			Survey: "ungdomsdialog-2023", Details: map[string]string{"grade": "ak8", "version": "1"}}
		if i%2 == 1 {
			e.Actor, e.Role, e.Action, e.Survey, e.Details = "fatima", models.RoleFacilitator, models.AuditSessionCreate, "", nil
		}
		if err := ts.Store.InsertAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	rows := regexp.MustCompile(`<tr><td><time datetime="[^"]+">([^<]+)</time></td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>`)
	get := func(query string) (string, [][]string) {
		t.Helper()
		r := pageAs(t, ts, adminToken, "GET", "/staff/audit"+query, nil)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", query, r.Status, r.Body)
		}
		var out [][]string
		for _, m := range rows.FindAllStringSubmatch(string(r.Body), -1) {
			out = append(out, m[1:])
		}
		return string(r.Body), out
	}

	body, list := get("?action=results.view&actor=anders")
	if len(list) != 4 {
		t.Fatalf("by action and user: %d rows, want 4: %v", len(list), list)
	}
	want := []string{"2026-06-01 12:06:00", "anders (Analytiker)", "Resultat visade", "Ungdomsdialog – medborgarlöfte Sandviken 2022–2023", "Årskurs: Årskurs 8; Version: 1"}
	if got := list[0]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("first row\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(body, `<option value="results.view" selected>Resultat visade</option>`) || !strings.Contains(body, `<option value="anders" selected>anders</option>`) {
		t.Errorf("the filters do not show what was chosen")
	}
	if _, l := get("?actor=fatima"); len(l) != 3 || l[0][2] != "Pass skapat" {
		t.Fatalf("by user: %v", l)
	}

	// Two a page: 7 entries are 4 pages, each linked to the next, no
	// entry twice and none left out.
	query, seen := "?limit=2", map[string]bool{}
	older := regexp.MustCompile(`<a href="(/staff/audit\?[^"]+)" rel="next">`)
	for page := 1; ; page++ {
		body, l := get(query)
		for _, r := range l {
			if seen[r[0]] {
				t.Fatalf("page %d repeats %s", page, r[0])
			}
			seen[r[0]] = true
		}
		if page > 1 && !strings.Contains(body, "Till de senaste") {
			t.Errorf("page %d has no way back to the latest", page)
		}
		m := older.FindStringSubmatch(body)
		if m == nil {
			if page != 4 || len(seen) != 7 {
				t.Fatalf("stopped at page %d with %d entries, want 4 pages of 7", page, len(seen))
			}
			break
		}
		query = strings.TrimPrefix(html.UnescapeString(m[1]), "/staff/audit")
		if page > 4 {
			t.Fatal("more pages than entries")
		}
	}
}
