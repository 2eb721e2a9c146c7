package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// seedWave stores n responses to a built-in wave, unsafe of them feeling
// quite unsafe out late (the otrygg_kvall indicator), the rest quite safe.
func seedWave(t *testing.T, ts *testServer, slug string, n, unsafe int) {
	t.Helper()
	ctx := context.Background()
	sv, err := ts.Store.Survey(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	rs := make([]*models.Response, n)
	for i := range rs {
		answer := "ganska_trygg"
		if i < unsafe {
			answer = "ganska_otrygg"
		}
		rs[i] = &models.Response{Survey: slug, Version: sv.Version, Lang: "sv", Day: sv.Wave + "-03-15",
			Answers: map[string]any{"trygg_kvall": answer}, SubmissionID: fmt.Sprintf("%s-%04d-%s", slug, i, strings.Repeat("0", 20))}
	}
	if err := ts.Store.InsertResponses(ctx, rs); err != nil {
		t.Fatal(err)
	}
	ts.publish(t, slug)
}

type seriesBody struct {
	Series models.Series `json:"series"`
}

func (sb seriesBody) indicator(t *testing.T, id string) models.SeriesIndicator {
	t.Helper()
	for _, ind := range sb.Series.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	t.Fatalf("no %s in the series", id)
	return models.SeriesIndicator{}
}

func TestSeriesShowsBothWavesAndMarksABreak(t *testing.T) {
	ts := newTestServer(t)
	seedWave(t, ts, "ungdomsdialog-2022", 200, 100)
	seedWave(t, ts, "ungdomsdialog-2023", 200, 40)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)

	r := ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/series", nil)
	if r.Status != 200 {
		t.Fatalf("series: %d %s", r.Status, r.Body)
	}
	var sb seriesBody
	r.JSON(t, &sb)
	var waves []string
	for _, w := range sb.Series.Waves {
		waves = append(waves, w.Wave+":"+w.Survey)
	}
	if !slices.Equal(waves, []string{"2022:ungdomsdialog-2022", "2023:ungdomsdialog-2023"}) {
		t.Fatalf("waves %v", waves)
	}
	ind := sb.indicator(t, "otrygg_kvall")
	// Every n is perturbed by at most 3.
	if len(ind.Points) != 2 || ind.Points[0].N == nil || *ind.Points[0].N < 197 || *ind.Points[0].N > 203 || ind.Points[1].Break != nil {
		t.Fatalf("points %s", mustJSON(ind.Points))
	}
	// 50 % → 20 % of 200 is clear, even with the noise; fewer unsafe is better.
	if len(ind.Changes) != 1 || !ind.Changes[0].Significant || ind.Changes[0].Direction != "better" {
		t.Fatalf("changes %+v", ind.Changes)
	}
	if *ind.Points[0].Share < 0.4 || *ind.Points[0].Share > 0.6 {
		t.Fatalf("2022 share %v, want about 0.5", *ind.Points[0].Share)
	}

	// A new version of 2022 asks the question in other words: the series
	// breaks there and stops judging the change.
	sv, err := ts.Store.Survey(context.Background(), "ungdomsdialog-2022")
	if err != nil {
		t.Fatal(err)
	}
	q, _ := sv.Question("trygg_kvall")
	q.Text = models.Text{"sv": "Hur trygg känner du dig när du går ut ensam en kväll?", "en": "x", "ar": "x"}
	if _, err := ts.Store.PublishSurvey(context.Background(), sv); err != nil {
		t.Fatal(err)
	}
	r = ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/series", nil)
	sb = seriesBody{}
	r.JSON(t, &sb)
	ind = sb.indicator(t, "otrygg_kvall")
	if b := ind.Points[1].Break; b == nil || !slices.Equal(b.Changed, []string{models.BreakText}) {
		t.Fatalf("2023 break %+v", b)
	}
	if c := ind.Changes[0]; c.Significant || !c.Break || c.Direction != "unclear" {
		t.Fatalf("a change across a break was judged: %+v", c)
	}
	// The lägesbild's own "change since last time" says the same.
	var res struct {
		Results struct {
			Indicators []struct {
				ID     string
				Change *struct {
					Significant bool
					Break       []string
				}
			}
		}
	}
	ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results", nil).JSON(t, &res)
	for _, ind := range res.Results.Indicators {
		if ind.ID == "otrygg_kvall" && (ind.Change == nil || ind.Change.Significant || len(ind.Change.Break) == 0) {
			t.Fatalf("results change across a break: %+v", ind.Change)
		}
	}

	// Every page agrees: the dashboard, the follow-up page and the
	// workbook show no difference across the break, only why.
	label := "Andel som känner sig ganska eller mycket otrygga ute ensamma sent på kvällen där de bor"
	rowOf := func(page, body string) string {
		t.Helper()
		i := strings.Index(body, label)
		if i < 0 {
			t.Fatalf("%s: no row for otrygg_kvall", page)
		}
		end := strings.Index(body[i:], "</tr>")
		if end < 0 {
			end = len(body) - i
		}
		return body[i : i+end]
	}
	dash := ts.as(t, analyst, "GET", "/staff/surveys/ungdomsdialog-2023", nil)
	if row := rowOf("dashboard", string(dash.Body)); !strings.Contains(row, "frågetexten ändrad") || strings.Contains(row, "procentenheter") {
		t.Errorf("the dashboard shows a change across the break: %s", row)
	}
	fu := string(ts.as(t, analyst, "GET", "/staff/surveys/ungdomsdialog-2023/followup", nil).Body)
	if !strings.Contains(fu, "ej jämförbar") {
		t.Errorf("the follow-up page does not call the break not comparable")
	}

	// Filters apply to every wave, and the query space still holds.
	r = ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/series?school=a&grade=ak8&area=centrum", nil)
	if r.Status != 422 || !strings.Contains(string(r.Body), "too_many_dimensions") {
		t.Fatalf("three dimensions: %d %s", r.Status, r.Body)
	}
	facilitator := ts.addStaff(t, "fatima", models.RoleFacilitator)
	if r := ts.as(t, facilitator, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/series", nil); r.Status != 403 {
		t.Fatalf("facilitator read the series: %d", r.Status)
	}
}

const outsideYAML = `
source: "LUPP 2019, Sandvikens kommun"
wave: "2019"
figures:
  - {indicator: otrygg_kvall, share: 0.31, n: 612}
  - {indicator: snusar, share: "7,5 %", n: 598}
`

func TestOutsideFiguresJoinTheSeriesWithTheirSource(t *testing.T) {
	ts := newTestServer(t)
	seedWave(t, ts, "ungdomsdialog-2022", 30, 10)
	ts.publish(t, "ungdomsdialog-2023") // no answers yet, but published
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	path := "/api/v1/admin/surveys/ungdomsdialog-2023/series/outside"
	if r := ts.do(t, "POST", path, []byte(outsideYAML), "Authorization", "Bearer "+analyst.token, "Content-Type", "application/yaml"); r.Status != 403 {
		t.Fatalf("analyst loaded outside figures: %d", r.Status)
	}

	bad := "indicator;wave;share;n;source\notrygg_kvall;2019;31 %;612;LUPP\nokand;2019;0,2;10;LUPP\nsnusar;i fjol;2;0;\n"
	r := ts.do(t, "POST", path, []byte(bad), "Authorization", "Bearer "+adminToken, "Content-Type", "text/csv; charset=utf-8")
	if r.Status != 422 {
		t.Fatalf("bad file: %d %s", r.Status, r.Body)
	}
	var e struct {
		Error struct {
			Fields []outsideProblem `json:"fields"`
		} `json:"error"`
	}
	r.JSON(t, &e)
	var got []string
	for _, p := range e.Error.Fields {
		got = append(got, fmt.Sprintf("%d:%s:%s", p.Line, p.Field, p.Code))
		if !strings.HasPrefix(p.Message, fmt.Sprintf("Rad %d, %s: ", p.Line, p.Field)) {
			t.Errorf("message %q does not point at its line in Swedish", p.Message)
		}
	}
	want := []string{"3:indicator:unknown_indicator", "4:wave:bad_wave", "4:source:required", "4:share:out_of_range", "4:n:out_of_range"}
	if !slices.Equal(got, want) {
		t.Fatalf("problems\n got %v\nwant %v", got, want)
	}
	if figs, _ := ts.Store.OutsideFigures(context.Background(), []string{"ungdomsdialog-2023"}); len(figs) != 0 {
		t.Fatalf("a bad file stored %d figures", len(figs))
	}

	r = ts.admin(t, "POST", path, []byte(outsideYAML))
	if r.Status != 200 || !strings.Contains(string(r.Body), `"loaded":2`) {
		t.Fatalf("good file: %d %s", r.Status, r.Body)
	}
	// Loading again replaces rather than doubles.
	if r := ts.admin(t, "POST", path, []byte(outsideYAML)); r.Status != 200 {
		t.Fatalf("reload: %d", r.Status)
	}
	var sb seriesBody
	ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/series", nil).JSON(t, &sb)
	if w := sb.Series.Waves; len(w) != 3 || !w[0].Outside || w[0].Source != "LUPP 2019, Sandvikens kommun" || w[0].Wave != "2019" {
		t.Fatalf("waves %+v", w)
	}
	ind := sb.indicator(t, "otrygg_kvall")
	first := ind.Points[0]
	if !first.Outside || *first.N != 612 || *first.Share != 0.31 {
		t.Fatalf("outside point %+v", first)
	}
	// 2022's 30 responses are shown, 2023 has none and is hidden.
	if p := ind.Points[1]; p.Outside || p.Break == nil || p.Break.Changed[0] != models.BreakSource || p.N == nil {
		t.Fatalf("2022 point %s", mustJSON(p))
	}
	if p := ind.Points[2]; !p.Hidden || p.N != nil || p.NBelow == 0 {
		t.Fatalf("2023 point %s", mustJSON(p))
	}
	// Filtered, outside figures describe someone else: they are left out.
	sb = seriesBody{}
	ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/series?area=centrum", nil).JSON(t, &sb)
	if !sb.Series.OutsideLeftOut || len(sb.Series.Waves) != 2 {
		t.Fatalf("filtered series %+v", sb.Series.Waves)
	}

	r = ts.admin(t, "DELETE", path+"?wave=2019&source=LUPP+2019%2C+Sandvikens+kommun", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"deleted":2`) {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	if r := ts.admin(t, "DELETE", path, nil); r.Status != 422 {
		t.Fatalf("delete without wave and source: %d", r.Status)
	}
	assertAudit(t, ts, models.AuditOutsideLoad, models.AuditOutsideDelete)
}

func TestTheActionPlanIsEditedByAnalystsAndReadByEveryone(t *testing.T) {
	ts := newTestServer(t)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	facilitator := ts.addStaff(t, "fatima", models.RoleFacilitator)
	base := "/api/v1/admin/promises/sandviken-2022-2023"

	var list struct{ Promises []models.Promise }
	ts.as(t, facilitator, "GET", "/api/v1/admin/promises", nil).JSON(t, &list)
	if len(list.Promises) != 1 || list.Promises[0].ID != "sandviken-2022-2023" {
		t.Fatalf("promises %+v", list.Promises)
	}
	var plan promiseView
	ts.as(t, facilitator, "GET", base, nil).JSON(t, &plan)
	if len(plan.Activities) != 4 || !slices.Equal(plan.Surveys, []string{"ungdomsdialog-2023", "ungdomsdialog-2022"}) {
		t.Fatalf("built-in plan: %d activities, surveys %v", len(plan.Activities), plan.Surveys)
	}
	for _, a := range plan.Activities {
		if a.Status != models.ActivityOngoing || len(a.History) != 1 {
			t.Fatalf("built-in activity %+v", a)
		}
	}

	body := `{"problem":"Otrygghet vid Resecentrum på kvällarna","activity":"Vuxna på plats fredagskvällar",
		"goal":"Vuxna på plats varje fredag","partner":"Sandvikens kommun","start":"2023-02-01","end":"2023-12-31",
		"status":"planned","indicators":["otrygg_resecentrum"],"youth":{"sv":"Fler vuxna finns vid Resecentrum på fredagar."}}`
	if r := ts.as(t, facilitator, "POST", base+"/activities", []byte(body)); r.Status != 403 {
		t.Fatalf("facilitator created an activity: %d", r.Status)
	}
	r := ts.as(t, analyst, "POST", base+"/activities", []byte(body))
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var a models.Activity
	r.JSON(t, &a)
	if a.Rev != 1 || a.UpdatedBy != "anders" || a.Promise != "sandviken-2022-2023" || r.Header.Get("Location") == "" {
		t.Fatalf("created %+v", a)
	}

	change := func(rev int, status, onTrack string) response {
		var in map[string]any
		_ = json.Unmarshal([]byte(body), &in)
		in["rev"], in["status"], in["on_track"] = rev, status, onTrack
		b, _ := json.Marshal(in)
		return ts.as(t, analyst, "PUT", base+"/activities/"+a.ID, b)
	}
	r = change(1, models.ActivityOngoing, models.OnTrackYellow)
	if r.Status != 200 {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	var updated models.Activity
	r.JSON(t, &updated)
	if updated.Rev != 2 || len(updated.History) != 2 || updated.History[1].Status != models.ActivityOngoing || updated.History[1].OnTrack != models.OnTrackYellow {
		t.Fatalf("updated %+v", updated)
	}
	// Someone saving on the old revision would overwrite that change.
	if r := change(1, models.ActivityDone, ""); r.Status != 409 || r.ErrorCode(t) != models.ErrConflict {
		t.Fatalf("stale revision: %d %s", r.Status, r.Body)
	}
	if r := ts.as(t, facilitator, "PUT", base+"/activities/"+a.ID, []byte(body)); r.Status != 403 {
		t.Fatalf("facilitator changed an activity: %d", r.Status)
	}

	bad := `{"problem":"","activity":"x","partner":"Polisen","start":"2023-13-01","status":"paused","indicators":["nope"]}`
	r = ts.as(t, analyst, "POST", base+"/activities", []byte(bad))
	if r.Status != 422 {
		t.Fatalf("bad activity: %d %s", r.Status, r.Body)
	}
	for _, want := range []string{`"problem"`, `"start"`, `"status"`, "otrygg_kvall, otrygg_skolan"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("422 body lacks %s: %s", want, r.Body)
		}
	}
	for path, want := range map[string]int{
		"/api/v1/admin/promises/nope":                   404,
		"/api/v1/admin/promises/NOPE!":                  404,
		base + "/activities/a-nosuchthing":              404,
		base + "/activities/" + strings.Repeat("x", 70): 404,
	} {
		method := "GET"
		if strings.Contains(path, "/activities/") {
			method = "PUT"
		}
		if r := ts.as(t, analyst, method, path, []byte(body)); r.Status != want {
			t.Errorf("%s %s: %d, want %d", method, path, r.Status, want)
		}
	}
	if r := ts.as(t, analyst, "POST", base+"/activities", []byte("{not json")); r.Status != 400 {
		t.Errorf("bad JSON: %d", r.Status)
	}
	assertAudit(t, ts, models.AuditActivityCreate, models.AuditActivityUpdate)
}

// assertAudit checks that each action is in the audit log.
func assertAudit(t *testing.T, ts *testServer, actions ...string) {
	t.Helper()
	entries, err := ts.Store.Audit(context.Background(), 200, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, action := range actions {
		if !slices.ContainsFunc(entries, func(e models.AuditEntry) bool { return e.Action == action && e.Actor != "" }) {
			t.Errorf("no %s in the audit log", action)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestTheWorkbookFollowsUpThePromise(t *testing.T) {
	ts := newTestServer(t)
	seedWave(t, ts, "ungdomsdialog-2022", 120, 60)
	seedWave(t, ts, "ungdomsdialog-2023", 120, 30)
	if r := ts.admin(t, "POST", "/api/v1/admin/surveys/ungdomsdialog-2023/series/outside", []byte(outsideYAML)); r.Status != 200 {
		t.Fatalf("outside: %d %s", r.Status, r.Body)
	}
	// An analyst marks the drug-trade activity as behind schedule.
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	var plan promiseView
	ts.as(t, analyst, "GET", "/api/v1/admin/promises/sandviken-2022-2023", nil).JSON(t, &plan)
	a := plan.Activities[0]
	a.OnTrack, a.Notes = models.OnTrackRed, "Färre tillslag än planerat"
	body, _ := json.Marshal(activityBody{ActivityInput: a.ActivityInput, Rev: &a.Rev})
	if r := ts.as(t, analyst, "PUT", "/api/v1/admin/promises/sandviken-2022-2023/activities/"+a.ID, body); r.Status != 200 {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}

	r := ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/lagesbild.xlsx", nil)
	if r.Status != 200 {
		t.Fatalf("workbook: %d %s", r.Status, r.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Uppföljning is the last sheet a reader sees; the chart data, hidden,
	// comes after it.
	sheets := f.GetSheetList()
	if len(sheets) < 2 || sheets[len(sheets)-2] != "Uppföljning" || sheets[len(sheets)-1] != "Diagramdata" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := f.GetRows("Uppföljning")
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, row := range rows {
		text.WriteString(strings.Join(row, "|") + "\n")
	}
	for _, want := range []string{"Medborgarlöfte Sandviken 2022–2023", "Bekämpa den illegala narkotikahandeln.", "Färre tillslag än planerat",
		"Pågår", "Röd", "Extern källa: LUPP 2019, Sandvikens kommun", "2022", "2023"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("Uppföljning lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("Uppföljning:\n%s", text.String())
	}
}
