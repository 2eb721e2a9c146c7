package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
	"medborgardialog/redact"
	"medborgardialog/surveys"
)

// wbSurvey parses a built-in survey by file name.
func wbSurvey(tb testing.TB, name string) *models.Survey {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "surveys", "builtin", name+".yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	sv, err := surveys.Parse(data)
	if err != nil {
		tb.Fatal(err)
	}
	return sv
}

var wbSchools = []string{"Alléskolan", "Björksätraskolan", "Norrsätraskolan", "Murgårdsskolan", "Storviks skola", "Järbo skola"}

// plantedTexts are free texts a spreadsheet could mistake for formulas,
// or that are awkward to store; each must come back exactly as scrubbed.
var plantedTexts = []string{
	`=HYPERLINK("http://x")`,
	"=1+1",
	"+ fler vuxna ute",
	"-1 för bussen",
	"@ kvällarna är det otryggt",
	"\t=SUM(A1:A9)",
	"\r=1+2",
	"rad ett\nrad två",
	"  mellanslag runt  ",
	"emoji 🚌 och العربية",
	"_x0041_ och <b>&amp;</b>",
	"ring mig 070-123 45 67", // scrubbed to "ring mig [borttaget]"
}

// wbGen makes synthetic responses to the built-in surveys in the shapes the
// store gives them: string for single and scale, []string for multi,
// map[string]string for grid, with school, grade and area carried by
// two thirds of them through sessions. shift moves every single and scale
// answer towards later options, so two waves differ.
type wbGen struct {
	sv    *models.Survey
	rng   *rand.Rand
	shift int
	texts []string
}

func newGen(sv *models.Survey, seed uint64, shift int) *wbGen {
	return &wbGen{sv: sv, rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), shift: shift,
		texts: []string{"mer vuxna ute på kvällarna", "bättre belysning vid Resecentrum", "fler fritidsgårdar", "poliser som pratar med oss"}}
}

// fill writes one response into r, reusing its answers map.
func (g *wbGen) fill(r *models.Response) {
	rng := g.rng
	answers := r.Answers
	if answers == nil {
		answers = make(map[string]any, len(g.sv.Questions))
	}
	clear(answers)
	*r = models.Response{Survey: g.sv.Slug, Version: g.sv.Version, Lang: "sv", Day: "2023-10-12", Answers: answers}
	if rng.IntN(3) > 0 {
		s := rng.IntN(len(wbSchools))
		gr := rng.IntN(3)
		r.School = wbSchools[s]
		r.Grade = []string{"ak7", "ak8", "ak9"}[gr]
		r.Session = fmt.Sprintf("S%dG%d", s, gr)
		if s%2 == 0 {
			r.Area = []string{"centrum", "storvik", "jarbo"}[s/2]
		}
	}
	for qi := range g.sv.Questions {
		q := &g.sv.Questions[qi]
		if rng.IntN(12) == 0 {
			continue
		}
		switch q.Type {
		case models.TypeSingle, models.TypeScale:
			i := min(rng.IntN(len(q.Options))+g.shift*rng.IntN(2), len(q.Options)-1)
			answers[q.ID] = q.Options[i].Value
		case models.TypeMulti:
			var a []string
			for _, o := range q.Options {
				if rng.IntN(4) == 0 {
					a = append(a, o.Value)
				}
			}
			if len(a) > 0 {
				answers[q.ID] = a
			}
		case models.TypeGrid:
			m := make(map[string]string, len(q.Rows))
			for _, row := range q.Rows {
				if rng.IntN(10) > 0 {
					i := min(rng.IntN(len(q.Options))+g.shift*rng.IntN(2), len(q.Options)-1)
					m[row.Value] = q.Options[i].Value
				}
			}
			answers[q.ID] = m
		case models.TypeNumber:
			answers[q.ID] = *q.Min + int64(rng.IntN(int(*q.Max-*q.Min)+1))
		case models.TypeText:
			if rng.IntN(3) == 0 {
				answers[q.ID] = g.texts[rng.IntN(len(g.texts))]
			}
		}
	}
}

func (g *wbGen) responses(n int) []*models.Response {
	out := make([]*models.Response, n)
	for i := range out {
		out[i] = &models.Response{}
		g.fill(out[i])
	}
	return out
}

// lagesbildFixture is the current wave with planted texts and a school of
// two, the baseline wave, and everything built from them.
type lagesbildFixture struct {
	sv, base  *models.Survey
	resps     []*models.Response
	baseResps []*models.Response
	res       *Results
}

const tinySchool = "Lillskolan"

func newFixture(t *testing.T) *lagesbildFixture {
	t.Helper()
	fx := &lagesbildFixture{sv: wbSurvey(t, "ungdomsdialog-2023"), base: wbSurvey(t, "ungdomsdialog-2022")}
	fx.resps = newGen(fx.sv, 7, 0).responses(400)
	for i, s := range plantedTexts {
		fx.resps[i*7].Answers["forslag"] = s
	}
	// A school of two: hidden itself, and its neighbour hidden with it.
	for _, r := range fx.resps[len(fx.resps)-2:] {
		r.School, r.Session, r.Grade, r.Area = tinySchool, "TINY01", "ak8", ""
		r.Answers["trygg_kvall"] = "mycket_trygg"
	}
	fx.baseResps = newGen(fx.base, 11, 1).responses(300)
	fx.res = tallyResults(fx.sv, fx.resps, nil)
	Compare(fx.res, tallyResults(fx.base, fx.baseResps, nil))
	return fx
}

func tallyResults(sv *models.Survey, resps []*models.Response, texts interface{ Add(*models.Response) }) *Results {
	t := exactTally(NewTally(sv)).WithExactTotal() // a whole survey
	for _, r := range resps {
		t.Add(r)
		if texts != nil {
			texts.Add(r)
		}
	}
	return t.Results(DefaultMinCell)
}

// write builds the workbook and opens it again.
func (fx *lagesbildFixture) write(t *testing.T, lang string, res *Results, resps []*models.Response) ([]byte, *excelize.File) {
	t.Helper()
	ts, err := NewTextSpool(fx.sv, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ts.Close()
	for _, r := range resps {
		ts.Add(r)
	}
	var buf bytes.Buffer
	err = WriteWorkbook(&buf, WorkbookInput{
		Survey: fx.sv, Results: res, Lang: lang, Texts: ts,
		Generated: time.Date(2023, 12, 1, 9, 30, 0, 0, time.UTC), Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("DIALOG_WRITE_WORKBOOK"); p != "" && lang == "sv" && !res.Hidden {
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", p, buf.Len())
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return buf.Bytes(), f
}

func TestWorkbookSheets(t *testing.T) {
	fx := newFixture(t)
	for lang, want := range map[string][]string{
		"sv": {"Översikt", "Nyckeltal per grupp", "Frågor", "Fritext", "Metod"},
		"en": {"Overview", "Indicators by group", "Questions", "Free text", "Method"},
		"":   {"Översikt", "Nyckeltal per grupp", "Frågor", "Fritext", "Metod"},
	} {
		t.Run("lang="+lang, func(t *testing.T) {
			_, f := fx.write(t, lang, fx.res, fx.resps)
			if got := visibleSheets(t, f); !slices.Equal(got, want) {
				t.Errorf("sheets = %q, want %q", got, want)
			}
			// The overview chart's data is on a last sheet, hidden.
			if all := f.GetSheetList(); len(all) != len(want)+1 || !slices.Contains([]string{"Diagramdata", "Chart data"}, all[len(all)-1]) {
				t.Errorf("all sheets = %q, want the visible ones and the chart data", all)
			}
		})
	}
}

// visibleSheets lists the sheets a reader sees, in order.
func visibleSheets(t *testing.T, f *excelize.File) []string {
	t.Helper()
	var out []string
	for _, name := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(name)
		if err != nil {
			t.Fatal(err)
		}
		if visible {
			out = append(out, name)
		}
	}
	return out
}

// naiveIndicator counts an indicator the obvious way: the share of those
// answering one of the count values among those who answered anything but
// an excluded value or an option marked exclude.
func wbNaiveIndicator(sv *models.Survey, ind *models.Indicator, resps []*models.Response, keep func(*models.Response) bool) (count, n int) {
	q, _ := sv.Question(ind.Question)
	for _, r := range resps {
		if keep != nil && !keep(r) {
			continue
		}
		var v string
		switch a := r.Answers[ind.Question].(type) {
		case string:
			v = a
		case map[string]string:
			v = a[ind.Row]
		}
		o, ok := q.Option(v)
		if !ok || v == "" {
			continue
		}
		switch {
		case slices.Contains(ind.Count, v):
			count++
			n++
		case slices.Contains(ind.Exclude, v) || o.Exclude:
		default:
			n++
		}
	}
	return count, n
}

// rowsOf reads a sheet's cells raw (numbers unformatted).
func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func cellAt(row []string, col int) string {
	if col < len(row) {
		return row[col]
	}
	return ""
}

func parseNum(t *testing.T, s string) float64 {
	t.Helper()
	var v float64
	if _, err := fmt.Sscan(s, &v); err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return v
}

func TestWorkbookOverviewMatchesNaiveCounts(t *testing.T) {
	fx := newFixture(t)
	_, f := fx.write(t, "sv", fx.res, fx.resps)
	rows := rowsOf(t, f, "Översikt")
	find := func(label string) ([]string, int) {
		for i, r := range rows {
			if cellAt(r, 0) == label {
				return r, i + 1
			}
		}
		t.Fatalf("Översikt has no row %q", label)
		return nil, 0
	}
	if r, _ := find("Antal svar"); cellAt(r, 1) != fmt.Sprint(len(fx.resps)) {
		t.Errorf("Antal svar = %q, want %d", cellAt(r, 1), len(fx.resps))
	}
	// Schools are counted only where their group is shown: the school of
	// two is hidden, and so is its smallest neighbour.
	perSchool := map[string]int{}
	sessions := map[string]bool{}
	for _, r := range fx.resps {
		perSchool[r.School]++
		if r.Session != "" {
			sessions[r.Session] = true
		}
	}
	var names []string
	var cells []int
	for s, n := range perSchool {
		names, cells = append(names, s), append(cells, n)
	}
	shown := 0
	for i, hidden := range Suppress(cells, DefaultMinCell) {
		if !hidden && names[i] != "" {
			shown++
		}
	}
	if shown != len(wbSchools)-1 {
		t.Fatalf("the fixture shows %d schools, want %d", shown, len(wbSchools)-1)
	}
	if r, _ := find("Antal skolor"); cellAt(r, 1) != fmt.Sprint(shown) {
		t.Errorf("Antal skolor = %q, want %d", cellAt(r, 1), shown)
	}
	if r, _ := find("Antal sessioner"); cellAt(r, 1) != fmt.Sprint(len(sessions)) {
		t.Errorf("Antal sessioner = %q, want %d", cellAt(r, 1), len(sessions))
	}
	compared := 0
	for i := range fx.sv.Indicators {
		ind := &fx.sv.Indicators[i]
		r, rowNo := find(ind.Label.In("sv"))
		count, n := wbNaiveIndicator(fx.sv, ind, fx.resps, nil)
		if got := cellAt(r, 1); got != fmt.Sprint(n) {
			t.Errorf("%s: n = %q, want %d", ind.ID, got, n)
			continue
		}
		share := float64(count) / float64(n)
		if got := parseNum(t, cellAt(r, 2)); math.Abs(got-share) > 1e-12 {
			t.Errorf("%s: share = %v, want %v", ind.ID, got, share)
		}
		lo, hi := parseNum(t, cellAt(r, 3)), parseNum(t, cellAt(r, 4))
		if lo > share || hi < share || lo < 0 || hi > 1 {
			t.Errorf("%s: interval [%v, %v] does not hold %v", ind.ID, lo, hi, share)
		}
		// Shares are numbers formatted as percentages.
		if fmt := numFmt(t, f, "Översikt", fmt.Sprintf("C%d", rowNo)); fmt != "0.0%" {
			t.Errorf("%s: share format %q, want 0.0%%", ind.ID, fmt)
		}
		// The baseline wave has the indicator unless it is new in 2023.
		bi := slices.IndexFunc(fx.base.Indicators, func(b models.Indicator) bool { return b.ID == ind.ID })
		if bi < 0 {
			if got := cellAt(r, 5); got != dash {
				t.Errorf("%s: new indicator has baseline %q, want %q", ind.ID, got, dash)
			}
			continue
		}
		compared++
		bc, bn := wbNaiveIndicator(fx.base, &fx.base.Indicators[bi], fx.baseResps, nil)
		bshare := float64(bc) / float64(bn)
		if got := parseNum(t, cellAt(r, 5)); math.Abs(got-bshare) > 1e-12 || cellAt(r, 6) != fmt.Sprint(bn) {
			t.Errorf("%s: baseline %s of %s, want %v of %d", ind.ID, cellAt(r, 5), cellAt(r, 6), bshare, bn)
		}
		if got := parseNum(t, cellAt(r, 7)); math.Abs(got-(share-bshare)*100) > 1e-9 {
			t.Errorf("%s: change %v pp, want %v", ind.ID, got, (share-bshare)*100)
		}
		mark := cellAt(r, 9)
		ch := CompareShares(count, n, bc, bn)
		if ch.Significant != strings.HasPrefix(mark, "Tydlig förändring") {
			t.Errorf("%s: p = %.4f but mark %q", ind.ID, ch.P, mark)
		}
		if want := map[bool]string{true: "Ja", false: "Nej"}[ch.Overlap]; cellAt(r, 8) != want {
			t.Errorf("%s: overlap %q, want %q", ind.ID, cellAt(r, 8), want)
		}
	}
	if compared == 0 {
		t.Error("no indicator was compared with the baseline")
	}
	if !slices.ContainsFunc(rows, func(r []string) bool { return strings.HasPrefix(cellAt(r, 9), "Tydlig förändring – sämre") }) {
		t.Error("the shifted baseline gives no clear change; the fixture does not exercise the mark")
	}
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

func TestWorkbookGroupsHideSmallGroupAndPartner(t *testing.T) {
	fx := newFixture(t)
	_, f := fx.write(t, "sv", fx.res, fx.resps)
	rows := rowsOf(t, f, "Nyckeltal per grupp")
	if got := rows[0]; !slices.Equal(got[:4], []string{"Nyckeltal", "Indelning", "Grupp", "n"}) {
		t.Fatalf("header = %q", got)
	}
	ind := &fx.sv.Indicators[slices.IndexFunc(fx.sv.Indicators, func(i models.Indicator) bool { return i.ID == "otrygg_kvall" })]
	label := ind.Label.In("sv")

	// Naive n per school group; "" is the group of responses with no
	// school (no session).
	naive := map[string]int{}
	for _, school := range append(slices.Clone(wbSchools), tinySchool, "") {
		_, n := wbNaiveIndicator(fx.sv, ind, fx.resps, func(r *models.Response) bool { return r.School == school })
		naive[school] = n
	}
	if naive[tinySchool] != 2 {
		t.Fatalf("fixture: tiny school n = %d", naive[tinySchool])
	}
	hidden := map[string]bool{}
	seen := 0
	for _, r := range rows[1:] {
		if cellAt(r, 0) != label || cellAt(r, 1) != "Skola" {
			continue
		}
		seen++
		group := cellAt(r, 2)
		key := group
		if group == "Okänt / ej angivet" {
			key = ""
		}
		want, ok := naive[key]
		if !ok {
			t.Errorf("unexpected school group %q", group)
			continue
		}
		if cellAt(r, 3) == dash {
			hidden[key] = true
			for c := 3; c <= 6; c++ {
				if cellAt(r, c) != dash {
					t.Errorf("%s: hidden row shows %q in column %d", group, cellAt(r, c), c+1)
				}
			}
			if !strings.HasPrefix(cellAt(r, 7), "Dold: färre än 5 svar") {
				t.Errorf("%s: hidden row note %q", group, cellAt(r, 7))
			}
			continue
		}
		if cellAt(r, 3) != fmt.Sprint(want) {
			t.Errorf("%s: n = %q, want %d", group, cellAt(r, 3), want)
		}
	}
	if seen != len(naive) {
		t.Errorf("%d school rows, want %d", seen, len(naive))
	}
	if !hidden[tinySchool] {
		t.Errorf("the school of two is shown")
	}
	if len(hidden) != 2 {
		t.Fatalf("hidden school groups %v, want the school of two and one partner", hidden)
	}
	// The partner is the smallest of the others.
	smallest := math.MaxInt
	for k, n := range naive {
		if k != tinySchool {
			smallest = min(smallest, n)
		}
	}
	for k := range hidden {
		if k != tinySchool && naive[k] != smallest {
			t.Errorf("partner %q has n = %d, want the smallest (%d)", k, naive[k], smallest)
		}
	}
}

func TestWorkbookQuestionsMatchNaiveCounts(t *testing.T) {
	fx := newFixture(t)
	_, f := fx.write(t, "sv", fx.res, fx.resps)
	rows := rowsOf(t, f, "Frågor")
	q, _ := fx.sv.Question("trygg_kvall")
	counts := map[string]int{}
	answered, valid := 0, 0
	girls := map[string]int{}
	for _, r := range fx.resps {
		v, _ := r.Answers[q.ID].(string)
		o, ok := q.Option(v)
		if !ok {
			continue
		}
		counts[v]++
		answered++
		if !o.Exclude {
			valid++
		}
		if r.Answers["kon"] == "tjej" {
			girls[v]++
		}
	}
	hdr := rows[0]
	girlCol := slices.Index(hdr, "Tjej, antal")
	if girlCol < 0 {
		t.Fatalf("no gender columns in header %q", hdr)
	}
	found := 0
	for _, r := range rows[1:] {
		if cellAt(r, 0) != q.ID {
			continue
		}
		o := q.Options[found]
		found++
		if cellAt(r, 3) != o.Label.In("sv") {
			t.Errorf("option %d label %q, want %q", found, cellAt(r, 3), o.Label.In("sv"))
		}
		if cellAt(r, 4) != fmt.Sprint(counts[o.Value]) {
			t.Errorf("%s: count %q, want %d", o.Value, cellAt(r, 4), counts[o.Value])
		}
		base := valid
		if o.Exclude {
			base = answered
		}
		if got, want := parseNum(t, cellAt(r, 5)), float64(counts[o.Value])/float64(base); math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: share %v, want %v", o.Value, got, want)
		}
		if cellAt(r, girlCol) != fmt.Sprint(girls[o.Value]) {
			t.Errorf("%s: girls %q, want %d", o.Value, cellAt(r, girlCol), girls[o.Value])
		}
	}
	if found != len(q.Options) {
		t.Errorf("%d rows for %s, want %d", found, q.ID, len(q.Options))
	}
	// Grids come row by row.
	if !slices.ContainsFunc(rows, func(r []string) bool {
		return cellAt(r, 0) == "trygghet_platser" && cellAt(r, 2) == "I centrum och Stadsparken"
	}) {
		t.Error("grid row missing from Frågor")
	}
	// No text question among the closed ones.
	if slices.ContainsFunc(rows, func(r []string) bool { return cellAt(r, 0) == "forslag" }) {
		t.Error("free-text question listed in Frågor")
	}
}

func TestWorkbookFreeText(t *testing.T) {
	fx := newFixture(t)
	data, f := fx.write(t, "sv", fx.res, fx.resps)
	q, _ := fx.sv.Question("forslag")

	var want []string
	for _, r := range fx.resps {
		if s, ok := r.Answers["forslag"].(string); ok && strings.TrimSpace(s) != "" {
			scrubbed, _ := redact.Scrub(s)
			want = append(want, scrubbed)
		}
	}
	rows, err := f.GetRows("Fritext")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows[0]) != 1 || !strings.HasPrefix(rows[0][0], "Läs texterna innan du delar filen.") {
		t.Fatalf("Fritext does not start with the note to read before sharing: %q", rows[0])
	}
	if !slices.Equal(rows[1], []string{"Fråga-id", "Fråga", "Svar", "Granska"}) {
		t.Fatalf("header = %q", rows[1])
	}
	background := append(slices.Clone(wbSchools), tinySchool, "TINY01", "2023-10-12", "ak7", "ak8", "ak9")
	var got []string
	for i, r := range rows[2:] {
		rowNo := i + 3
		if (len(r) != 3 && (len(r) != 4 || r[3] != "Kan nämna någon")) || r[0] != "forslag" || r[1] != q.Text.In("sv") {
			t.Fatalf("row %d = %q: want only question id, question, answer and perhaps a mark to check it", rowNo, r)
		}
		for _, c := range r {
			if slices.Contains(background, c) {
				t.Errorf("row %d holds background value %q", rowNo, c)
			}
		}
		ref := fmt.Sprintf("C%d", rowNo)
		if fm, err := f.GetCellFormula("Fritext", ref); err != nil || fm != "" {
			t.Errorf("%s: formula %q (%v)", ref, fm, err)
		}
		if ct, _ := f.GetCellType("Fritext", ref); ct != excelize.CellTypeInlineString && ct != excelize.CellTypeSharedString {
			t.Errorf("%s: cell type %v, want a string", ref, ct)
		}
		got = append(got, r[2])
	}
	// Fritext is shuffled so a text's place cannot tell when it was written.
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("Fritext has %d texts, want %d; first difference:", len(got), len(want))
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("text %d = %q, want %q", i, got[i], want[i])
				break
			}
		}
	}
	for _, p := range plantedTexts {
		s, _ := redact.Scrub(p)
		if !slices.Contains(got, s) {
			t.Errorf("planted text %q missing", s)
		}
	}
	if slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "070-123") }) {
		t.Error("a phone number reached the workbook")
	}

	// In the file itself: a frozen, filtered header, and no formula in any
	// worksheet at all.
	zr := openZip(t, data)
	sheet4 := zipFile(t, zr, "xl/worksheets/sheet4.xml")
	if !strings.Contains(sheet4, fmt.Sprintf(`<autoFilter ref="$A$2:$D$%d"`, len(rows))) {
		t.Errorf("Fritext has no autofilter over A2:D%d", len(rows))
	}
	// Excel wants columns listed in ascending order, or it repairs the file.
	if c1, c3 := strings.Index(sheet4, `<col min="1"`), strings.Index(sheet4, `<col min="3"`); c1 < 0 || c3 < c1 {
		t.Error("Fritext columns are not listed in ascending order")
	}
	if !strings.Contains(sheet4, `state="frozen"`) {
		t.Error("Fritext header is not frozen")
	}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			if s := zipFile(t, zr, zf.Name); strings.Contains(s, "<f>") || strings.Contains(s, "<f ") {
				t.Errorf("%s holds a formula", zf.Name)
			}
		}
	}
}

func openZip(t *testing.T, data []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func zipFile(t *testing.T, zr *zip.Reader, name string) string {
	t.Helper()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWorkbookCharts(t *testing.T) {
	fx := newFixture(t)
	data, _ := fx.write(t, "sv", fx.res, fx.resps)
	zr := openZip(t, data)
	chart := zipFile(t, zr, "xl/charts/chart1.xml")
	// The indicator chart reads its own columns of the hidden chart data
	// sheet (A: labels, B: shares, C: the previous wave's), by the quoted
	// sheet name (the quote is &#39; in the XML), where a hidden figure
	// is an empty cell instead of the table's "–".
	for _, want := range []string{"Diagramdata&#39;!$A$", "Diagramdata&#39;!$B$", "Diagramdata&#39;!$C$", "barDir val=\"bar\""} {
		if !strings.Contains(chart, want) {
			t.Errorf("chart1.xml lacks %q", want)
		}
	}
	// The series are named by their header cells: the waves, so the
	// legend says 2023 and 2022, not "Andel" and "Förra omgången, andel".
	_, f := fx.write(t, "sv", fx.res, fx.resps)
	head := rowsOf(t, f, "Diagramdata")[0]
	if cellAt(head, 1) != fx.sv.Wave || cellAt(head, 2) != fx.base.Wave || fx.sv.Wave == "" || fx.base.Wave == "" {
		t.Errorf("the chart's series are named %q, want the waves %q and %q", head, fx.sv.Wave, fx.base.Wave)
	}
	// Nothing of it beside the table on Översikt, where it printed as a
	// second table with cut headers.
	for _, row := range rowsOf(t, f, "Översikt") {
		if len(row) > 12 {
			t.Errorf("Översikt has cells beyond the table: %q", row)
			break
		}
	}
	if rels := zipFile(t, zr, "xl/worksheets/_rels/sheet1.xml.rels"); !strings.Contains(rels, "drawing") {
		t.Error("Översikt has no drawing")
	}
	charts := 0
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
	}
	if charts < 2 {
		t.Errorf("%d charts, want the indicator chart and question charts", charts)
	}
	t.Logf("%d charts, %d bytes", charts, len(data))
}

// TestWorkbookHidden: with fewer than min_cell responses the file says so
// and holds no figure: no number anywhere, no chart, no free text.
func TestWorkbookHidden(t *testing.T) {
	fx := newFixture(t)
	few := fx.resps[:3]
	few[0].Answers["forslag"] = "bara tre svarade"
	res := tallyResults(fx.sv, few, nil)
	if !res.Hidden {
		t.Fatal("fixture: three responses are not hidden")
	}
	for _, lang := range []string{"sv", "en"} {
		data, f := fx.write(t, lang, res, few)
		for _, sheet := range f.GetSheetList() {
			rows := rowsOf(t, f, sheet)
			for i, r := range rows {
				for j, c := range r {
					if c == "" {
						continue
					}
					ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
					ct, _ := f.GetCellType(sheet, ref)
					if ct != excelize.CellTypeSharedString && ct != excelize.CellTypeInlineString {
						t.Errorf("%s: %s!%s = %q is not text (type %v)", lang, sheet, ref, c, ct)
					}
					if strings.Contains(c, "bara tre svarade") {
						t.Errorf("%s: %s!%s shows a free text of a hidden selection", lang, sheet, ref)
					}
				}
			}
		}
		over := rowsOf(t, f, f.GetSheetList()[0])
		msg := map[string]string{"sv": "Färre än 5 har svarat", "en": "Fewer than 5 answered"}[lang]
		if !slices.ContainsFunc(over, func(r []string) bool { return strings.HasPrefix(cellAt(r, 0), msg) }) {
			t.Errorf("%s: overview does not say %q", lang, msg)
		}
		for _, zf := range openZip(t, data).File {
			if strings.HasPrefix(zf.Name, "xl/charts/") {
				t.Errorf("%s: hidden workbook has %s", lang, zf.Name)
			}
		}
	}
}

func TestWorkbookNoTexts(t *testing.T) {
	fx := newFixture(t)
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, WorkbookInput{Survey: fx.sv, Results: fx.res, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := rowsOf(t, f, "Free text")
	if len(rows) != 3 || cellAt(rows[2], 2) != "This file contains no free-text answers." {
		t.Errorf("Free text = %q", rows)
	}
}

type failWriter struct{ after int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, io.ErrShortWrite
	}
	return len(p), nil
}

func TestWorkbookWriteError(t *testing.T) {
	fx := newFixture(t)
	err := WriteWorkbook(&failWriter{after: 1000}, WorkbookInput{Survey: fx.sv, Results: fx.res})
	if err == nil {
		t.Fatal("a failing writer gave no error")
	}
}

// TestWorkbookChartLeavesHiddenIndicatorsEmpty: a hidden indicator is "–"
// in the table and an empty cell in the chart's data, so the chart shows a
// gap rather than a 0 % bar that a reader would take for "nobody".
func TestWorkbookChartLeavesHiddenIndicatorsEmpty(t *testing.T) {
	fx := newFixture(t)
	res := *fx.res
	res.Indicators = slices.Clone(res.Indicators)
	hidden := &res.Indicators[0]
	hidden.Share = Share{Hidden: true}
	hidden.Baseline, hidden.Change = nil, nil
	_, f := fx.write(t, "sv", &res, fx.resps)
	for _, r := range rowsOf(t, f, "Översikt") {
		if cellAt(r, 0) != hidden.Label.In("sv") {
			continue
		}
		if cellAt(r, 2) != dash {
			t.Fatalf("table share %q, want %q", cellAt(r, 2), dash)
		}
		data := rowsOf(t, f, "Diagramdata")
		if len(data) < 3 || cellAt(data[1], 0) != hidden.Label.In("sv") || cellAt(data[1], 1) != "" || cellAt(data[1], 2) != "" {
			t.Fatalf("chart data: %q", data)
		}
		if cellAt(data[2], 1) == "" {
			t.Fatal("the next, shown indicator has no chart value")
		}
		return
	}
	t.Fatal("no row for the hidden indicator")
}

// TestWorkbookPrintsOnA4WithItsHeaders: every sheet prints on A4 in
// landscape, and a sheet whose header is frozen on screen repeats it on
// every printed page, so a table continued on page two can be read.
func TestWorkbookPrintsOnA4WithItsHeaders(t *testing.T) {
	fx := newFixture(t)
	_, f := fx.write(t, "sv", fx.res, fx.resps)
	titles := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" {
			titles[d.Scope] = d.RefersTo
		}
	}
	for _, sheet := range visibleSheets(t, f) {
		layout, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if layout.Size == nil || *layout.Size != paperA4 || layout.Orientation == nil || *layout.Orientation != "landscape" {
			t.Errorf("%s: paper %v, orientation %v; want A4 (%d), landscape", sheet, layout.Size, layout.Orientation, paperA4)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze {
			continue
		}
		want := fmt.Sprintf("'%s'!$1:$%d", sheet, panes.YSplit)
		if got := titles[sheet]; got != want {
			t.Errorf("%s: print titles %q, want its %d frozen rows, %q", sheet, got, panes.YSplit, want)
		}
	}
	if titles["Fritext"] == "" || titles["Nyckeltal per grupp"] == "" {
		t.Fatalf("print titles %v: Fritext and Nyckeltal per grupp have headers to repeat", titles)
	}
}
