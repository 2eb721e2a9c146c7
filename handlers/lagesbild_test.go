package handlers

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// lagesbildFixture submits 20 answers: 16 through three school sessions
// (8, 6 and 2 pupils) and 4 without a session, with free text that tries
// to be a formula and text that names a phone number.
func lagesbildFixture(t *testing.T, ts *testServer) (unsafe, counted int) {
	t.Helper()
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	sizes := map[string]int{"norrsatraskolan": 8, "hedangsskolan": 6, "bjorksatraskolan": 2, "": 4}
	i := 0
	for school, n := range sizes {
		code := ""
		if school != "" {
			code = ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"`+school+`"}`).Code
		}
		for range n {
			i++
			trygg := "ganska_trygg"
			switch {
			case i%5 == 0:
				trygg = "gar_inte_ut_oro" // left out of the indicator's denominator
			case i%3 == 0:
				trygg = "mycket_otrygg"
			}
			if trygg != "gar_inte_ut_oro" {
				counted++
				if trygg == "mycket_otrygg" {
					unsafe++
				}
			}
			text := fmt.Sprintf("förslag %d", i)
			switch i {
			case 1:
				text = `=HYPERLINK("http://x")`
			case 2:
				text = "+46 70 123 45 67 ring mig"
			case 3:
				text = "@SUMMA(A1)"
			}
			body := fmt.Sprintf(`{"submission_id":%q,"session":%q,"answers":{"kon":"tjej","trygg_kvall":%q,"forslag":%q}}`, uuid.NewString(), code, trygg, text)
			if r := ts.submit(t, "ungdomsdialog-2023", []byte(body)); r.Status != 201 {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		}
	}
	ts.publish(t, "ungdomsdialog-2023")
	return unsafe, counted
}

func TestLagesbildResultsAndWorkbook(t *testing.T) {
	ts := newTestServer(t)
	unsafe, counted := lagesbildFixture(t, ts)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)

	// JSON: n at the top, the indicator as counted independently above,
	// and the school of two hidden.
	r := ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results", nil)
	var got struct {
		N       int `json:"n"`
		Results struct {
			Indicators []struct {
				ID    string  `json:"id"`
				N     int     `json:"n"`
				Count int     `json:"count"`
				Share float64 `json:"share"`
				By    map[string][]struct {
					Group  string `json:"group"`
					N      int    `json:"n"`
					Hidden bool   `json:"hidden"`
				} `json:"by"`
			} `json:"indicators"`
		} `json:"results"`
	}
	r.JSON(t, &got)
	if r.Status != 200 || got.N != 20 {
		t.Fatalf("results: %d n=%d", r.Status, got.N)
	}
	var shownN, shownCount int
	for _, ind := range got.Results.Indicators {
		if ind.ID != "otrygg_kvall" {
			continue
		}
		// Perturbed: within 3 of the truth, never 1 or 2.
		shownN, shownCount = ind.N, ind.Count
		if ind.N-counted > 3 || counted-ind.N > 3 || ind.Count-unsafe > 3 || unsafe-ind.Count > 3 || ind.Count == 1 || ind.Count == 2 {
			t.Fatalf("otrygg_kvall %d of %d, want about %d of %d", ind.Count, ind.N, unsafe, counted)
		}
		for _, g := range ind.By["school"] {
			if g.Group == "bjorksatraskolan" && !g.Hidden {
				t.Fatal("a school of two is shown in the JSON")
			}
			if !g.Hidden && g.N < 5 {
				t.Fatalf("group %q shown with n=%d", g.Group, g.N)
			}
		}
	}
	if r := ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results?gender=%01&school="+strings.Repeat("x", 81), nil); r.Status != 422 ||
		!strings.Contains(string(r.Body), `"field":"gender"`) || !strings.Contains(string(r.Body), `"field":"school"`) {
		t.Fatalf("bad filters: %d %s", r.Status, r.Body)
	}

	// The workbook with the same figures.
	r = ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx", nil)
	if r.Status != 200 {
		t.Fatalf("workbook: %d %s", r.Status, r.Body)
	}
	wantName := "lagesbild-ungdomsdialog-2023-publicering-1.xlsx"
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, wantName) {
		t.Fatalf("Content-Disposition %q, want %s", cd, wantName)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if names := strings.Join(f.GetSheetList(), "|"); names != "Översikt|Nyckeltal per grupp|Frågor|Fritext|Metod|Uppföljning|Diagramdata" { // the last hidden
		t.Fatalf("sheets %s", names)
	}
	rows, _ := f.GetRows("Översikt", excelize.Options{RawCellValue: true})
	var sawCount, sawIndicator, sawPublication bool
	for _, row := range rows {
		if len(row) > 1 && row[0] == "Antal svar" {
			sawCount = row[1] == "20"
		}
		if len(row) > 1 && row[0] == "Period" {
			sawPublication = strings.HasPrefix(row[1], "Publicering 1, ") && strings.HasSuffix(row[1], " (delrapport)")
		}
		if len(row) > 2 && strings.HasPrefix(row[0], "Andel som känner sig ganska eller mycket otrygga ute") {
			share, err := strconv.ParseFloat(row[2], 64)
			sawIndicator = err == nil && row[1] == fmt.Sprint(shownN) && math.Abs(share-float64(shownCount)/float64(shownN)) < 1e-12
		}
	}
	// The whole survey's total is the one exact figure; the indicator is
	// the same perturbed figure the JSON gave: one group, one figure.
	if !sawCount || !sawIndicator || !sawPublication {
		t.Fatalf("Översikt does not show publication 1, 20 answers and %d of %d: %v", shownCount, shownN, rows)
	}
	groups, _ := f.GetRows("Nyckeltal per grupp")
	for _, row := range groups {
		if len(row) > 3 && strings.Contains(strings.Join(row, "|"), "Björksätraskolan") && !strings.Contains(strings.Join(row, "|"), "–") {
			t.Fatalf("Björksätraskolan shown in the workbook: %v", row)
		}
	}
	texts, _ := f.GetRows("Fritext")
	all := ""
	for _, row := range texts {
		all += strings.Join(row, "|") + "\n"
		for _, cell := range row {
			if strings.Contains(cell, "Norrsätraskolan") || strings.Contains(cell, "Hedängsskolan") {
				t.Fatalf("free text sits beside background data: %v", row)
			}
		}
	}
	if !strings.Contains(all, `=HYPERLINK("http://x")`) || strings.Contains(all, "123 45 67") || !strings.Contains(all, "[borttaget] ring mig") {
		t.Fatalf("free text:\n%s", all)
	}
	for i := range texts {
		for col := 'A'; col <= 'C'; col++ {
			if formula, _ := f.GetCellFormula("Fritext", fmt.Sprintf("%c%d", col, i+1)); formula != "" {
				t.Fatalf("a formula in Fritext %c%d: %s", col, i+1, formula)
			}
		}
	}
	entries, _ := ts.Store.Audit(context.Background(), 5, time.Time{})
	if len(entries) == 0 || entries[0].Action != models.AuditExport || entries[0].Actor != "anders" {
		t.Fatalf("download not audited: %+v", entries)
	}

	// English on request.
	r = ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx?lang=en", nil)
	f2, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if f2.GetSheetList()[0] != "Overview" {
		t.Fatalf("English sheets %v", f2.GetSheetList())
	}
}

func TestLagesbildBelowMinCellShowsNothing(t *testing.T) {
	ts := newTestServer(t)
	for range 3 {
		ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), `{"kon":"tjej","trygg_kvall":"mycket_otrygg"}`))
	}
	ts.publish(t, "ungdomsdialog-2023")
	r := ts.admin(t, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"hidden":true`) || strings.Contains(string(r.Body), `"share":1`) {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	// "Fewer than 5", not a false 0 or a true 3.
	if !strings.HasPrefix(string(r.Body), `{"filter"`) && !strings.Contains(string(r.Body), `"n":null`) || !strings.Contains(string(r.Body), `"n_below":5`) {
		t.Fatalf("a hidden total says %s", r.Body)
	}
}
