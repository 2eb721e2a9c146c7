package handlers

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"medborgardialog/models"
)

var (
	fuSummaryRE = regexp.MustCompile(`<p class="count summary" id="summary">([^<]+)</p>`)
	fuVerdictRE = regexp.MustCompile(`<span class="verdict change-([a-z]+)">`)
	fuCountRE   = regexp.MustCompile(`(\d+) (av (\d+) nyckeltal tydligt bättre|tydligt sämre|oklara?|ej jämförbara?|utan jämförelse)`)
)

// TestFollowupSummaryCountsTheRows: the page starts with one sentence
// that counts the indicators by the verdict their rows show, in the
// plural the count needs.
func TestFollowupSummaryCountsTheRows(t *testing.T) {
	ts := newTestServer(t)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	rewordEarlierWave(t, ts)
	ts.answerWave(t, "ungdomsdialog-2022", 12)
	ts.answerWave(t, "ungdomsdialog-2023", 12)
	page := html.UnescapeString(string(ts.as(t, analyst, "GET", followupPath, nil).Body))
	m := fuSummaryRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no summary:\n%.2000s", page)
	}
	if strings.Index(page, m[0]) > strings.Index(page, `class="series"`) {
		t.Error("the summary comes after the indicators")
	}
	rows := map[string]int{}
	total := 0
	for _, v := range fuVerdictRE.FindAllStringSubmatch(page, -1) {
		rows[v[1]]++
		total++
	}
	said := map[string]int{}
	for _, c := range fuCountRE.FindAllStringSubmatch(m[1], -1) {
		n, _ := strconv.Atoi(c[1])
		switch {
		case c[3] != "":
			said["better"] = n
			if all, _ := strconv.Atoi(c[3]); all != total {
				t.Errorf("the summary counts %d indicators, the page shows %d", all, total)
			}
		case c[2] == "tydligt sämre":
			said["worse"] = n
		case strings.HasPrefix(c[2], "oklar"):
			said["unclear"] = n
			if n == 1 && c[2] != "oklar" || n > 1 && c[2] != "oklara" {
				t.Errorf("plural: %q", c[0])
			}
		case strings.HasPrefix(c[2], "ej jämförbar"):
			said["break"] = n
			if n == 1 && c[2] != "ej jämförbar" || n > 1 && c[2] != "ej jämförbara" {
				t.Errorf("plural: %q", c[0])
			}
		default:
			said["none"] = n
		}
	}
	for class, n := range rows {
		if said[class] != n {
			t.Errorf("%s: the summary says %d, the rows show %d (%q)", class, said[class], n, m[1])
		}
	}
	if rows["break"] == 0 {
		t.Errorf("the reworded question shows no break: %v", rows)
	}
	t.Logf("%s  rows %v", m[1], rows)
}

// rowForm is the status form on activity id's row of the follow-up page.
func rowForm(t *testing.T, page, id string) (string, url.Values) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<tr id="row-` + id + `">.*?<form method="post" action="([^"]+)".*?</form>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form on the row of %s", id)
	}
	form := url.Values{}
	for _, in := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(m[0], -1) {
		form.Set(in[1], html.UnescapeString(in[2]))
	}
	for _, sel := range regexp.MustCompile(`(?s)<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(m[0], -1) {
		if o := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(sel[2]); o != nil {
			form.Set(sel[1], o[1])
		}
	}
	return html.UnescapeString(m[1]), form
}

// TestFollowupRowChangesStatus: an activity's status and on-track mark
// change from the small form on its row, everything else kept; the row
// then says "Sparat", and marking it done asks for the young people's
// text with a link to that field.
func TestFollowupRowChangesStatus(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	ts.answerWave(t, "ungdomsdialog-2023", 12)
	b := newBrowser(t, ts)
	b.signIn("anders", analyst.password)
	before, err := ts.Store.Activity(ctx, pagePromise, pageActivity)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b.do("GET", followupPath, nil).Body)
	if strings.Contains(page, "Sparat") {
		t.Fatal("Sparat before anything was saved")
	}

	t.Run("status and colour, Sparat on the row", func(t *testing.T) {
		action, form := rowForm(t, page, pageActivity)
		form.Set("status", "ongoing")
		form.Set("on_track", "red")
		r := b.do("POST", action, form)
		if r.Status != 303 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		a, err := ts.Store.Activity(ctx, pagePromise, pageActivity)
		if err != nil || a.Status != "ongoing" || a.OnTrack != "red" || a.Activity != before.Activity || a.Problem != before.Problem ||
			a.Youth["ar"] != before.Youth["ar"] || strings.Join(a.Indicators, ",") != strings.Join(before.Indicators, ",") || a.Rev != before.Rev+1 {
			t.Fatalf("stored %+v, %v", a, err)
		}
		loc := r.Header.Get("Location")
		if !strings.HasPrefix(loc, followupPath+"?") {
			t.Fatalf("goes to %s", loc)
		}
		after := html.UnescapeString(string(b.do("GET", loc, nil).Body))
		row := after[strings.Index(after, `<tr id="row-`+pageActivity+`">`):]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, "Sparat") || strings.Count(after, "Sparat") != 1 || strings.Contains(row, "uppdatera texten") {
			t.Fatalf("the row after saving:\n%s", row)
		}
		if !strings.Contains(row, `<option value="red" selected>`) {
			t.Errorf("the row does not show the new colour:\n%s", row)
		}
	})
	t.Run("done asks for the young people's text", func(t *testing.T) {
		action, form := rowForm(t, string(b.do("GET", followupPath, nil).Body), pageActivity)
		form.Set("status", "done")
		form.Set("on_track", "green")
		r := b.do("POST", action, form)
		after := html.UnescapeString(string(b.do("GET", r.Header.Get("Location"), nil).Body))
		row := after[strings.Index(after, `<tr id="row-`+pageActivity+`">`):]
		row = row[:strings.Index(row, "</tr>")]
		link := regexp.MustCompile(`Aktiviteten är klar.*?<a href="([^"]+)">uppdatera texten till de unga</a>`).FindStringSubmatch(row)
		if link == nil {
			t.Fatalf("no prompt for the young people's text:\n%s", row)
		}
		promise := html.UnescapeString(string(b.do("GET", link[1], nil).Body))
		sec := pageSection(t, promise, pageActivity)
		if !strings.Contains(sec, `<details class="edit" open>`) || !strings.Contains(sec, `id="`+pageActivity+`-youth_sv"`) {
			t.Errorf("the link does not open the activity's form:\n%s", sec)
		}
	})
	t.Run("a stale row is refused with a word of why", func(t *testing.T) {
		action, form := rowForm(t, page, pageActivity) // the first page's revision
		form.Set("status", "cancelled")
		r := b.do("POST", action, form)
		after := html.UnescapeString(string(b.do("GET", r.Header.Get("Location"), nil).Body))
		if a, _ := ts.Store.Activity(ctx, pagePromise, pageActivity); a.Status == "cancelled" || !strings.Contains(after, `id="row-problem"`) {
			t.Fatalf("a stale form was saved or said nothing: %s", a.Status)
		}
	})
}

var (
	promiseFigureRE = regexp.MustCompile(`<li data-indicator="([^"]+)"><strong>[^<]+</strong>: ([^<]*), <span class="verdict change-([a-z]+)">`)
	followupLatest  = regexp.MustCompile(`<span class="latest">([^<]*)</span> <span class="verdict change-([a-z]+)">`)
)

// TestPromisePageShowsIndicatorFigures: each activity on the promise page
// lists its linked indicators with the newest share and the verdict the
// follow-up page shows for them (same publication, disclosure control and
// break rule); a facilitator, who sees no results, sees none.
func TestPromisePageShowsIndicatorFigures(t *testing.T) {
	ts := newTestServer(t)
	differencingData(t, ts, 6)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	promise := html.UnescapeString(string(ts.as(t, analyst, "GET", promisePath, nil).Body))
	follow := html.UnescapeString(string(ts.as(t, analyst, "GET", followupPath, nil).Body))
	figs := promiseFigureRE.FindAllStringSubmatch(promise, -1)
	if len(figs) == 0 {
		t.Fatalf("no indicator figures on the promise page:\n%s", promise)
	}
	shown := 0
	for _, f := range figs {
		m := followupLatest.FindStringSubmatch(pageSection(t, follow, "ind-"+f[1]))
		if m == nil {
			t.Fatalf("%s: not on the follow-up page", f[1])
		}
		latest := strings.TrimSpace(f[2])
		if i := strings.Index(latest, " ("); i >= 0 {
			latest = latest[:i]
			shown++
		} else {
			latest = "–"
		}
		if latest != m[1] || f[3] != m[2] {
			t.Errorf("%s: the promise page says %q, %s; the follow-up page %q, %s", f[1], f[2], f[3], m[1], m[2])
		}
	}
	if shown == 0 {
		t.Errorf("no indicator shows a share: %v", figs)
	}
	if !strings.Contains(promise, "Nyckeltalen kommer från") {
		t.Error("the page does not say where the figures come from")
	}
	if page := string(ts.as(t, fac, "GET", promisePath, nil).Body); strings.Contains(page, "data-indicator=") || fuPercentSV.MatchString(page) {
		t.Error("a facilitator sees figures on the promise page")
	}
}
