package handlers

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"medborgardialog/models"
)

const dashPath = "/staff/surveys/ungdomsdialog-2023"

// selectTag is the opening tag of the select list named name, and the
// text after it up to the end of its paragraph (where its reason is).
func selectTag(t *testing.T, page, name string) (tag, after string) {
	t.Helper()
	m := regexp.MustCompile(`(?s)(<select id="f-` + name + `"[^>]*>)(.*?)</p>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no select list %s on the page", name)
	}
	return m[1], html.UnescapeString(m[2])
}

// TestDashboardOffersOnlyTheQuerySpace: with two filters chosen the other
// filters and the breakdown are switched off with the reason beside them,
// yet stay on the page; a third filter asked for anyway is refused inside
// the page with every choice kept, the breakdown list and the download
// still in view.
func TestDashboardOffersOnlyTheQuerySpace(t *testing.T) {
	ts := newTestServer(t)
	differencingData(t, ts, 3)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)

	t.Run("one filter leaves everything open", func(t *testing.T) {
		page := string(ts.as(t, analyst, "GET", dashPath+"?school=norrsatraskolan&by=grade", nil).Body)
		for _, name := range []string{"area", "grade", "gender", "by"} {
			if tag, _ := selectTag(t, page, name); strings.Contains(tag, "disabled") {
				t.Errorf("%s is off with one filter: %s", name, tag)
			}
		}
	})
	t.Run("two filters switch the rest off with the reason", func(t *testing.T) {
		r := ts.as(t, analyst, "GET", dashPath+"?school=norrsatraskolan&grade=ak8&by=gender", nil)
		page := string(r.Body)
		if r.Status != 200 {
			t.Fatalf("%d %.400s", r.Status, page)
		}
		for _, name := range []string{"area", "gender"} {
			tag, after := selectTag(t, page, name)
			if !strings.Contains(tag, "disabled") || !strings.Contains(after, "Högst två filter samtidigt") {
				t.Errorf("%s: %s …%s", name, tag, after)
			}
		}
		for _, name := range []string{"school", "grade"} {
			if tag, _ := selectTag(t, page, name); strings.Contains(tag, "disabled") {
				t.Errorf("a chosen filter is off: %s", tag)
			}
		}
		tag, after := selectTag(t, page, "by")
		if !strings.Contains(tag, "disabled") || !strings.Contains(after, "Med två filter går det inte att dela upp") || !strings.Contains(after, ">Kön</option>") {
			t.Errorf("breakdown: %s …%s", tag, after)
		}
		if !strings.Contains(page, `href="/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx?`) {
			t.Error("no download link with two filters")
		}
	})
	t.Run("a third filter is refused inside the page, choices kept", func(t *testing.T) {
		r := ts.as(t, analyst, "GET", dashPath+"?school=norrsatraskolan&grade=ak8&gender=kille&by=area", nil)
		page := html.UnescapeString(string(r.Body))
		if r.Status != 422 {
			t.Fatalf("%d %.400s", r.Status, page)
		}
		if !strings.Contains(page, `class="staffnav"`) || !strings.Contains(page, "högst två av område") || !strings.Contains(page, "Du valde: Skola, Årskurs, Kön") {
			t.Fatalf("the refusal is not on the staff page:\n%s", page)
		}
		if strings.Contains(page, "<li>filter:") {
			t.Error("the problem is headed by a code")
		}
		for name, want := range map[string]string{"school": "norrsatraskolan", "grade": "ak8", "gender": "kille"} {
			if _, after := selectTag(t, page, name); !strings.Contains(after, `value="`+want+`" selected`) {
				t.Errorf("%s lost the choice %s", name, want)
			}
		}
		_, by := selectTag(t, page, "by")
		if !strings.Contains(by, `value="area" selected`) || !strings.Contains(by, ">Ålder</option>") {
			t.Errorf("the breakdown list is empty or lost its choice: %s", by)
		}
		if !strings.Contains(page, "Ladda ner lägesbild (Excel)") || !strings.Contains(page, "Rätta urvalet ovan") {
			t.Error("the download vanished without a word of why")
		}
	})
}

var (
	matrixRE    = regexp.MustCompile(`(?s)<table class="staff-table matrix".*?</table>`)
	matrixRowRE = regexp.MustCompile(`(?s)<tr><th scope="row">([^<]+)</th>(.*?)</tr>`)
)

// TestDashboardMatrix: indicators by groups as one table, a row per
// indicator and a column per group, hidden cells "–" and one note.
func TestDashboardMatrix(t *testing.T) {
	ts := newTestServer(t)
	differencingData(t, ts, 3)
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	page := html.UnescapeString(string(ts.as(t, analyst, "GET", dashPath+"?by=school&grade=ak7", nil).Body))
	tables := matrixRE.FindAllString(page, -1)
	if len(tables) != 1 {
		t.Fatalf("%d matrices, want one:\n%s", len(tables), page)
	}
	head := tables[0][:strings.Index(tables[0], "</thead>")]
	for _, school := range []string{"Norrsätraskolan", "Hedängsskolan", "Murgårdsskolan"} {
		if !strings.Contains(head, school) {
			t.Errorf("no column for %s: %s", school, head)
		}
	}
	rows := matrixRowRE.FindAllStringSubmatch(tables[0], -1)
	sv, _ := ts.Store.Survey(t.Context(), "ungdomsdialog-2023")
	if len(rows) != len(sv.Indicators) {
		t.Fatalf("%d rows, want one per indicator (%d)", len(rows), len(sv.Indicators))
	}
	hidden := 0
	for _, row := range rows {
		cells := strings.Count(row[2], "<td")
		if cells != strings.Count(head, `<th scope="col" class="num">`) {
			t.Errorf("%s: %d cells", row[1], cells)
		}
		hidden += strings.Count(row[2], ">–<")
		if fuPercentSV.FindString(row[2]) == "" && strings.Count(row[2], ">–<") != cells {
			t.Errorf("%s shows neither shares nor –: %s", row[1], row[2])
		}
	}
	if strings.Contains(page, "Dold: för få svar") && strings.Count(page, "Dold: för få svar") > len(sv.Indicators) {
		t.Error("hidden groups are still spelled out one by one")
	}
	notes := strings.Count(page, "– betyder att siffran är dold")
	if hidden > 0 && notes != 1 || hidden == 0 && notes != 0 {
		t.Errorf("%d hidden cells, %d notes; want one note when any is hidden", hidden, notes)
	}
	if hidden == 0 {
		t.Log("no hidden cell in this data")
	}
}
