package export

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// followupFixture is a series of three waves (an outside LUPP figure and
// two of the service's own) and a plan of two activities:
//
//   - otrygg_kvall: LUPP 2019, 2022 (break: source), 2023; a clear change
//     for the better 2022 → 2023.
//   - otrygg_buss: 2022 hidden, 2023 with its wording and options changed.
//   - mobbad: two own waves, no break, not linked by any activity.
//
// The first activity links otrygg_buss, so it comes first on the sheet.
func followupFixture() *Followup {
	pt := func(wave, survey string, n int, share, lo, hi float64) models.SeriesPoint {
		return models.SeriesPoint{Wave: wave, Survey: survey, N: ptr(n), Share: ptr(share), CILow: ptr(lo), CIHigh: ptr(hi)}
	}
	lupp := models.SeriesPoint{Wave: "2019", Source: "LUPP 2019", Outside: true,
		N: ptr(812), Share: ptr(0.31), CILow: ptr(0.28), CIHigh: ptr(0.34)}
	kv22 := pt("2022", "ungdomsdialog-2022", 300, 0.25, 0.20, 0.30)
	kv22.Break = &models.Break{Changed: []string{models.BreakSource}}
	kv23 := pt("2023", "ungdomsdialog-2023", 390, 0.17, 0.14, 0.21)
	bus22 := models.SeriesPoint{Wave: "2022", Survey: "ungdomsdialog-2022", Hidden: true, NBelow: 5}
	bus23 := pt("2023", "ungdomsdialog-2023", 120, 0.4, 0.31, 0.49)
	bus23.Break = &models.Break{Changed: []string{models.BreakText, models.BreakOptions}}

	series := &models.Series{
		Survey: "ungdomsdialog-2023",
		Waves: []models.SeriesWave{
			{Wave: "2019", Source: "LUPP 2019", Outside: true},
			{Wave: "2022", Survey: "ungdomsdialog-2022", Version: 1},
			{Wave: "2023", Survey: "ungdomsdialog-2023", Version: 1},
		},
		Indicators: []models.SeriesIndicator{
			{
				ID: "otrygg_kvall", Label: models.Text{"sv": "Otrygg ute på kvällen", "en": "Unsafe out at night"}, Better: models.BetterLower,
				Points: []models.SeriesPoint{lupp, kv22, kv23},
				Changes: []models.SeriesChange{
					{From: "2019", To: "2022", DiffPP: -6, Direction: "unclear", Break: true},
					{From: "2022", To: "2023", DiffPP: -8, Significant: true, Direction: "better"},
				},
				Overall: &models.SeriesChange{From: "2019", To: "2023", DiffPP: -14, Direction: "unclear", Break: true},
			},
			{
				ID: "mobbad", Label: models.Text{"sv": "Har blivit mobbad", "en": "Has been bullied"}, Better: models.BetterLower,
				Points: []models.SeriesPoint{
					pt("2022", "ungdomsdialog-2022", 290, 0.12, 0.09, 0.16),
					pt("2023", "ungdomsdialog-2023", 380, 0.11, 0.08, 0.14),
				},
				Changes: []models.SeriesChange{{From: "2022", To: "2023", DiffPP: -1, Direction: "unclear"}},
				Overall: &models.SeriesChange{From: "2022", To: "2023", DiffPP: -1, Direction: "unclear"},
			},
			{
				ID: "otrygg_buss", Label: models.Text{"sv": "Otrygg på bussen", "en": "Unsafe on the bus"}, Better: models.BetterLower,
				Points: []models.SeriesPoint{bus22, bus23},
			},
		},
	}
	day := time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC)
	plan := &models.Plan{
		Promise: models.Promise{ID: "tryggare-sandviken", Name: models.Text{"sv": "Tryggare Sandviken", "en": "Safer Sandviken"},
			Partners: []string{"Polisen", "Sandvikens kommun"}, From: "2023-01-01", To: "2024-12-31"},
		Activities: []models.Activity{
			{ID: "a1", Promise: "tryggare-sandviken", UpdatedAt: day, UpdatedBy: "anna@polisen.se",
				ActivityInput: models.ActivityInput{Problem: "Otrygghet på kvällsbussarna", Activity: "Nattvandring på linje 10",
					Goal: "Vuxna på bussen fredagar", Partner: "Polisen", Start: "2023-09-01", End: "2024-06-30",
					Status: models.ActivityOngoing, OnTrack: models.OnTrackYellow,
					Indicators: []string{"otrygg_buss", "otrygg_kvall"},
					Notes:      "=SUM(A1:A2) kolla med skolan"}},
			{ID: "a2", Promise: "tryggare-sandviken",
				ActivityInput: models.ActivityInput{Problem: "Mörkt vid Resecentrum", Activity: "Ny belysning",
					Partner: "Sandvikens kommun", Status: models.ActivityPlanned, Indicators: []string{"otrygg_kvall", "finns_inte"}}},
		},
	}
	return &Followup{Series: series, Plan: plan}
}

// writeFollowup writes a workbook with fu and opens it again.
func writeFollowup(t *testing.T, lang string, fu *Followup) ([]byte, *excelize.File) {
	t.Helper()
	sv := wbSurvey(t, "ungdomsdialog-2023")
	res := tallyResults(sv, newGen(sv, 7, 0).responses(120), nil)
	var buf bytes.Buffer
	err := WriteWorkbook(&buf, WorkbookInput{Survey: sv, Results: res, Lang: lang, Followup: fu,
		Generated: time.Date(2024, 3, 6, 9, 0, 0, 0, time.UTC), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return buf.Bytes(), f
}

// rowWith finds the first row, at or after from, whose column col is v.
func rowWith(t *testing.T, rows [][]string, from, col int, v string) int {
	t.Helper()
	for i := from; i < len(rows); i++ {
		if cellAt(rows[i], col) == v {
			return i
		}
	}
	t.Fatalf("no row from %d with %q in column %d", from+1, v, col+1)
	return 0
}

func TestFollowupSheetOrder(t *testing.T) {
	for lang, want := range map[string][]string{
		"sv": {"Översikt", "Nyckeltal per grupp", "Frågor", "Fritext", "Metod", "Uppföljning"},
		"en": {"Overview", "Indicators by group", "Questions", "Free text", "Method", "Follow-up"},
	} {
		t.Run(lang, func(t *testing.T) {
			_, f := writeFollowup(t, lang, followupFixture())
			if got := visibleSheets(t, f); !slices.Equal(got, want) {
				t.Errorf("sheets = %q, want %q", got, want)
			}
		})
	}
}

func TestFollowupWithoutFollowupHasNoSheet(t *testing.T) {
	data, f := writeFollowup(t, "sv", nil)
	want := []string{"Översikt", "Nyckeltal per grupp", "Frågor", "Fritext", "Metod"}
	if got := visibleSheets(t, f); !slices.Equal(got, want) {
		t.Errorf("sheets = %q, want %q", got, want)
	}
	for _, r := range rowsOf(t, f, "Metod") {
		if cellAt(r, 0) == "Uppföljning" {
			t.Error("Metod explains a sheet that is not there")
		}
	}
	with, _ := writeFollowup(t, "sv", followupFixture())
	if got, base := len(chartFiles(t, with)), len(chartFiles(t, data)); got != base+3 {
		t.Errorf("%d charts with the follow-up, %d without; want one more per indicator (3)", got, base)
	}
}

func TestFollowupActionPlan(t *testing.T) {
	cases := []struct {
		lang                       string
		ongoing, yellow, planned   string
		notJudged, title, partners string
	}{
		{"sv", "Pågår", "Gul", "Planerad", "Ej bedömd", "Uppföljning – Tryggare Sandviken", "Polisen; Sandvikens kommun"},
		{"en", "Ongoing", "Yellow", "Planned", "Not judged", "Follow-up – Safer Sandviken", "Polisen; Sandvikens kommun"},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			_, f := writeFollowup(t, c.lang, followupFixture())
			sheet := f.GetSheetList()[5]
			rows := rowsOf(t, f, sheet)
			if got := cellAt(rows[0], 0); got != c.title {
				t.Errorf("title %q, want %q", got, c.title)
			}
			if got := cellAt(rows[1], 1); got != c.partners {
				t.Errorf("partners %q, want %q", got, c.partners)
			}
			a1 := rowWith(t, rows, 0, 0, "Otrygghet på kvällsbussarna")
			a2 := rowWith(t, rows, 0, 0, "Mörkt vid Resecentrum")
			if a2 != a1+1 {
				t.Errorf("activities on rows %d and %d, want consecutive", a1+1, a2+1)
			}
			r1, r2 := rows[a1], rows[a2]
			for _, w := range []struct{ got, want string }{
				{cellAt(r1, 1), "Nattvandring på linje 10"},
				{cellAt(r1, 2), "Vuxna på bussen fredagar"},
				{cellAt(r1, 3), "Polisen"},
				{cellAt(r1, 4), "2023-09-01"},
				{cellAt(r1, 5), "2024-06-30"},
				{cellAt(r1, 6), c.ongoing},
				{cellAt(r1, 7), c.yellow},
				{cellAt(r1, 9), "=SUM(A1:A2) kolla med skolan"},
				{cellAt(r1, 10), "2024-03-05, anna@polisen.se"},
				{cellAt(r2, 6), c.planned},
				{cellAt(r2, 7), c.notJudged},
				{cellAt(r2, 10), ""},
			} {
				if w.got != w.want {
					t.Errorf("got %q, want %q", w.got, w.want)
				}
			}
			if c.lang == "sv" {
				if got := cellAt(r1, 8); got != "Otrygg på bussen; Otrygg ute på kvällen" {
					t.Errorf("indicators %q", got)
				}
				if got := cellAt(r2, 8); got != "Otrygg ute på kvällen; finns_inte" {
					t.Errorf("indicators %q", got)
				}
			}
			// The yellow mark is filled yellow; the unjudged one is not filled.
			fill := func(row int) []string {
				ref, _ := excelize.CoordinatesToCellName(8, row+1)
				id, err := f.GetCellStyle(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				return st.Fill.Color
			}
			if got := fill(a1); !slices.Equal(got, []string{"FFEB9C"}) {
				t.Errorf("yellow cell fill %q", got)
			}
			if got := fill(a2); len(got) != 0 {
				t.Errorf("unjudged cell fill %q", got)
			}
			// The header of the plan is frozen with the rows above it.
			panes, err := f.GetPanes(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != a1 {
				t.Errorf("panes %+v, want the %d rows down to the plan's header frozen", panes, a1)
			}
		})
	}
}

func TestFollowupPlanMissing(t *testing.T) {
	fu := followupFixture()
	fu.Plan = nil
	_, f := writeFollowup(t, "sv", fu)
	rows := rowsOf(t, f, "Uppföljning")
	rowWith(t, rows, 0, 0, "Enkäten hör inte till något medborgarlöfte med en åtgärdsplan.")
	// Without a plan the indicators keep the series' order.
	at := rowWith(t, rows, 0, 0, "Nyckeltal över tid")
	kv, buss := rowWith(t, rows, at, 0, "Otrygg ute på kvällen"), rowWith(t, rows, at, 0, "Otrygg på bussen")
	if kv > buss {
		t.Error("indicators are not in the series' order")
	}

	fu = followupFixture()
	fu.Plan.Activities = nil
	_, f = writeFollowup(t, "en", fu)
	rowWith(t, rowsOf(t, f, "Follow-up"), 0, 0, "The action plan has no activities yet.")
}

func TestFollowupSeriesTables(t *testing.T) {
	_, f := writeFollowup(t, "sv", followupFixture())
	const sheet = "Uppföljning"
	rows := rowsOf(t, f, sheet)
	at := rowWith(t, rows, 0, 0, "Nyckeltal över tid")
	// Linked indicators first, in the order the activities link them.
	buss := rowWith(t, rows, at, 0, "Otrygg på bussen")
	kv := rowWith(t, rows, at, 0, "Otrygg ute på kvällen")
	mob := rowWith(t, rows, at, 0, "Har blivit mobbad")
	if !(buss < kv && kv < mob) {
		t.Errorf("indicator order: buss %d, kväll %d, mobbad %d", buss, kv, mob)
	}
	if hdr := rows[kv+1]; !slices.Equal(hdr[:7], []string{"Våg", "Källa", "n", "Andel", "95 % KI, lägre", "95 % KI, övre", "Brott i jämförbarheten"}) {
		t.Errorf("header %q", hdr)
	}

	num := func(row, col int) float64 {
		t.Helper()
		ref, _ := excelize.CoordinatesToCellName(col+1, row+1)
		ct, err := f.GetCellType(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		if ct == excelize.CellTypeSharedString || ct == excelize.CellTypeInlineString {
			t.Errorf("%s = %q is text, want a number", ref, cellAt(rows[row], col))
		}
		return parseNum(t, cellAt(rows[row], col))
	}

	// otrygg_kvall: the outside wave with its source, the own waves as numbers.
	lupp := rowWith(t, rows, kv, 0, "2019")
	if got := cellAt(rows[lupp], 1); got != "Extern källa: LUPP 2019" {
		t.Errorf("outside source %q", got)
	}
	if n, sh := num(lupp, 2), num(lupp, 3); n != 812 || sh != 0.31 {
		t.Errorf("LUPP n %v share %v", n, sh)
	}
	w22 := rowWith(t, rows, kv, 0, "2022")
	if got := cellAt(rows[w22], 1); got != "ungdomsdialog-2022" {
		t.Errorf("own source %q", got)
	}
	if got := cellAt(rows[w22], 6); got != "Jämförs med extern källa" {
		t.Errorf("source break %q", got)
	}
	if n, sh, lo, hi := num(w22, 2), num(w22, 3), num(w22, 4), num(w22, 5); n != 300 || sh != 0.25 || lo != 0.2 || hi != 0.3 {
		t.Errorf("2022: n %v share %v CI %v–%v", n, sh, lo, hi)
	}
	ref, _ := excelize.CoordinatesToCellName(4, w22+1)
	if got := numFmt(t, f, sheet, ref); got != "0.0%" {
		t.Errorf("share format %q", got)
	}

	// The changes: across the break no difference at all, as on every
	// page, then a clear improvement.
	ch := rowWith(t, rows, kv, 0, "2019 → 2022")
	if got := cellAt(rows[ch], 1); got != "Ej jämförbar (brott)" || cellAt(rows[ch], 2) != "" || cellAt(rows[ch], 3) != "" {
		t.Errorf("change across a break: %q", rows[ch])
	}
	ch = rowWith(t, rows, kv, 0, "2022 → 2023")
	if cellAt(rows[ch], 1) != "Tydlig" || num(ch, 2) != -8 || cellAt(rows[ch], 3) != "Bättre" {
		t.Errorf("clear change: %q", rows[ch])
	}
	ch = rowWith(t, rows, kv, 0, "Hela perioden: 2019 → 2023")
	if cellAt(rows[ch], 1) != "Ej jämförbar (brott)" || cellAt(rows[ch], 2) != "" {
		t.Errorf("overall: %q", rows[ch])
	}
	mc := rowWith(t, rows, mob, 0, "2022 → 2023")
	if cellAt(rows[mc], 1) != "Oklar" {
		t.Errorf("unclear change: %q", rows[mc])
	}

	// otrygg_buss: the hidden wave is "–" with a note, the next carries its break.
	h := rowWith(t, rows, buss, 0, "2022")
	for col := 2; col <= 5; col++ {
		if got := cellAt(rows[h], col); got != dash {
			t.Errorf("hidden point column %d = %q, want %q", col+1, got, dash)
		}
	}
	if got := cellAt(rows[h], 7); !strings.HasPrefix(got, "För få svar för att visa") {
		t.Errorf("hidden point note %q", got)
	}
	// The charts' copy of the shares: empty for the hidden point, and the
	// point after a break in a column (series) of its own.
	if got := rows[h][min(12, len(rows[h])):]; slices.ContainsFunc(got, func(s string) bool { return s != "" }) {
		t.Errorf("chart data of the hidden point: %q", got)
	}
	b := rowWith(t, rows, buss, 0, "2023")
	if got := cellAt(rows[b], 6); got != "Frågetext ändrad; Svarsalternativ ändrade" {
		t.Errorf("break %q", got)
	}
	if cellAt(rows[b], 12) != "" || num(b, 13) != 0.4 {
		t.Errorf("chart data after the break: %q", rows[b][min(12, len(rows[b])):])
	}
	if cellAt(rows[buss+1], 12) != "Andel, 2022" || cellAt(rows[buss+1], 13) != "Andel, 2023" {
		t.Errorf("chart series names: %q", rows[buss+1][min(12, len(rows[buss+1])):])
	}
}

func TestFollowupOutsideLeftOut(t *testing.T) {
	fu := followupFixture()
	fu.Series.OutsideLeftOut = true
	_, f := writeFollowup(t, "en", fu)
	rows := rowsOf(t, f, "Follow-up")
	at := rowWith(t, rows, 0, 0, "Indicators over time")
	if !strings.HasPrefix(cellAt(rows[at+1], 0), "Outside figures (such as LUPP) are not shown") {
		t.Errorf("row after the heading: %q", rows[at+1])
	}
}

func TestFollowupMethod(t *testing.T) {
	_, f := writeFollowup(t, "sv", followupFixture())
	rows := rowsOf(t, f, "Metod")
	r := rowWith(t, rows, 0, 0, "Uppföljning")
	for _, want := range []string{"samma röjandeskydd", "med sin källa", "Ett brott i serien"} {
		if !strings.Contains(cellAt(rows[r], 1), want) {
			t.Errorf("Metod's follow-up paragraph lacks %q", want)
		}
	}
}

var chartName = regexp.MustCompile(`^xl/charts/chart\d+\.xml$`)

func chartFiles(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	for _, zf := range openZip(t, data).File {
		if chartName.MatchString(zf.Name) {
			out = append(out, zf.Name)
		}
	}
	return out
}

func TestFollowupCharts(t *testing.T) {
	for _, c := range []struct{ lang, sheet, brk string }{
		{"sv", "Uppföljning", "(brott i serien)"},
		{"en", "Follow-up", "(break in the series)"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			data, _ := writeFollowup(t, c.lang, followupFixture())
			zr := openZip(t, data)
			var lines []string
			for _, name := range chartFiles(t, data) {
				if x := zipFile(t, zr, name); strings.Contains(x, "<lineChart>") {
					lines = append(lines, x)
				}
			}
			if len(lines) != 3 {
				t.Fatalf("%d line charts, want one per indicator (3)", len(lines))
			}
			broken := 0
			for _, x := range lines {
				// The sheet name is quoted (&#39; in the XML) in every reference.
				if !strings.Contains(x, "&#39;"+c.sheet+"&#39;!$A$") || !strings.Contains(x, "&#39;"+c.sheet+"&#39;!$M$") {
					t.Errorf("line chart does not read the %s sheet", c.sheet)
				}
				if !strings.Contains(x, `<dispBlanksAs val="gap"`) {
					t.Error("line chart does not leave gaps for hidden figures")
				}
				if strings.Contains(x, c.brk) {
					broken++
				}
			}
			if broken != 2 {
				t.Errorf("%d chart titles mark a break, want 2", broken)
			}
			rels := zipFile(t, zr, "xl/worksheets/_rels/sheet6.xml.rels")
			if !strings.Contains(rels, "drawing") {
				t.Error("the follow-up sheet has no drawing")
			}
		})
	}
}

// TestFollowupNoFormulas: no cell anywhere holds a formula, staff notes
// that look like one included.
func TestFollowupNoFormulas(t *testing.T) {
	_, f := writeFollowup(t, "sv", followupFixture())
	for _, sheet := range f.GetSheetList() {
		for i, r := range rowsOf(t, f, sheet) {
			for j := range r {
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fo, err := f.GetCellFormula(sheet, ref); err != nil || fo != "" {
					t.Errorf("%s!%s has formula %q (%v)", sheet, ref, fo, err)
				}
			}
		}
	}
}

func TestFollowupWithoutSeries(t *testing.T) {
	sv := wbSurvey(t, "ungdomsdialog-2023")
	res := tallyResults(sv, newGen(sv, 7, 0).responses(20), nil)
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, WorkbookInput{Survey: sv, Results: res, Followup: &Followup{}}); err == nil {
		t.Error("a follow-up without a series gave no error")
	}
}
