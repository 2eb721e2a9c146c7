package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
	"medborgardialog/results"
)

// The red team's attacks on figures, each tried through the HTTP API
// against publications (DESIGN §5): padding a small group with answers
// of one's own, toggling an exclusion, downloading around one answer,
// and reading before anything is published. Between two publications
// nothing shown may move; the next publication moves it.

const pubSurvey = "ungdomsdialog-2023"

// pubWorld is a test server with one staff member of each role.
type pubWorld struct {
	ts                  *testServer
	admin, analyst, fac staffUser
	texts               int // free texts written so far, for unique ones
}

func newPubWorld(t *testing.T) *pubWorld {
	t.Helper()
	ts := newTestServer(t)
	return &pubWorld{ts: ts,
		admin:   ts.addStaff(t, "greta", models.RoleAdmin),
		analyst: ts.addStaff(t, "anders", models.RoleAnalyst),
		fac:     ts.addStaff(t, "fatima", models.RoleFacilitator)}
}

// youthAnswers is the i-th young person's answers; area is what they say
// where they live, and text their free text ("" for none of either).
func youthAnswers(i int, area, text string) string {
	s := fmt.Sprintf(`{"kon":%q,"arskurs":"ak8","trygg_kvall":%q,"trygghet_platser":{"centrum":%q},"alkohol":"nagon_gang","vet_var_hjalp":"ja"`,
		[]string{"tjej", "kille"}[i%2], []string{"ganska_otrygg", "mycket_trygg", "ganska_trygg"}[i%3], []string{"ganska_otrygg", "ganska_trygg"}[i%2])
	if area != "" {
		s += fmt.Sprintf(`,"omrade":%q`, area)
	}
	if text != "" {
		b, _ := json.Marshal(text)
		s += `,"forslag":` + string(b)
	}
	return s + "}"
}

// answer submits one young person's answers through the public API, in
// session code ("" for the open link), with a free text of its own when
// withText.
func (w *pubWorld) answer(t *testing.T, code, area string, withText bool) string {
	t.Helper()
	text := ""
	if withText {
		w.texts++
		text = fmt.Sprintf("Förslag nummer %d: mer ljus och fler vuxna ute", w.texts)
	}
	extra := []string{}
	if code != "" {
		extra = append(extra, `"session":"`+code+`"`)
	}
	r := w.ts.submit(t, pubSurvey, submitBody(uuid.NewString(), youthAnswers(w.texts, area, text), extra...))
	if r.Status != 201 {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	return text
}

// class starts a session at school and answers n times in it, each with
// a free text; it returns the session's code and the texts.
func (w *pubWorld) class(t *testing.T, school string, n int) (string, []string) {
	t.Helper()
	code := w.ts.startSession(t, w.fac, `{"survey":"`+pubSurvey+`","school":"`+school+`","grade":"ak8"}`).Code
	var texts []string
	for range n {
		texts = append(texts, w.answer(t, code, "", true))
	}
	return code, texts
}

// results is the results JSON for query, as the analyst reads it.
func (w *pubWorld) results(t *testing.T, query string) []byte {
	t.Helper()
	r := w.ts.as(t, w.analyst, "GET", "/api/v1/admin/surveys/"+pubSurvey+"/results?"+query, nil)
	if r.Status != 200 {
		t.Fatalf("results?%s: %d %s", query, r.Status, r.Body)
	}
	return r.Body
}

// workbookRows is every sheet of the workbook for query, each row's cell
// values joined by "|". The row that says when the file was made is left
// out, and Fritext is sorted: it lists the texts in a new random order
// each time by design (export/textspool.go).
func (w *pubWorld) workbookRows(t *testing.T, query string) map[string][]string {
	t.Helper()
	r := w.ts.as(t, w.analyst, "GET", "/api/v1/admin/surveys/"+pubSurvey+"/lagesbild.xlsx?"+query, nil)
	if r.Status != 200 {
		t.Fatalf("workbook?%s: %d %s", query, r.Status, r.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		lines := []string{}
		for _, row := range rows {
			if len(row) > 0 && (row[0] == "Skapad" || row[0] == "Generated") {
				continue
			}
			lines = append(lines, strings.Join(row, "|"))
		}
		if sheet == "Fritext" {
			slices.Sort(lines)
		}
		out[sheet] = lines
	}
	if len(out) < 6 {
		t.Fatalf("a workbook of %d sheets", len(out))
	}
	return out
}

func sameWorkbook(t *testing.T, what string, want, got map[string][]string) {
	t.Helper()
	for sheet, rows := range want {
		if !slices.Equal(rows, got[sheet]) {
			t.Fatalf("%s: sheet %s changed:\nwas %q\nnow %q", what, sheet, rows, got[sheet])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d sheets, were %d", what, len(got), len(want))
	}
}

// cell is the value beside label in a sheet's rows ("" if none).
func cell(rows []string, label string) string {
	for _, row := range rows {
		if v, ok := strings.CutPrefix(row, label+"|"); ok {
			return strings.Split(v, "|")[0]
		}
	}
	return ""
}

// tryPublish asks for a publication now, without moving the clock.
func (w *pubWorld) tryPublish(t *testing.T, as staffUser) response {
	t.Helper()
	return w.ts.as(t, as, "POST", "/api/v1/admin/surveys/"+pubSurvey+"/publications", nil)
}

type tooSoonBody struct {
	Error struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		FirstDay string `json:"first_day"`
	} `json:"error"`
}

// wantTooSoon checks that r refused a publication until firstDay.
func wantTooSoon(t *testing.T, r response, firstDay string) {
	t.Helper()
	var body tooSoonBody
	r.JSON(t, &body)
	if r.Status != http.StatusConflict || body.Error.Code != models.ErrTooSoon || body.Error.FirstDay != firstDay || body.Error.Message == "" {
		t.Fatalf("publishing again: %d %s, want 409 too_soon until %s", r.Status, r.Body, firstDay)
	}
}

type publicationsBody struct {
	Publications []publicationBody `json:"publications"`
	IntervalDays int               `json:"interval_days"`
	NextDay      string            `json:"next_day"`
}

func (w *pubWorld) publications(t *testing.T) publicationsBody {
	t.Helper()
	r := w.ts.as(t, w.analyst, "GET", "/api/v1/admin/surveys/"+pubSurvey+"/publications", nil)
	if r.Status != 200 {
		t.Fatalf("publications: %d %s", r.Status, r.Body)
	}
	var body publicationsBody
	r.JSON(t, &body)
	return body
}

// liveCount is the survey's live count of responses.
func (w *pubWorld) liveCount(t *testing.T) int {
	t.Helper()
	var body struct {
		Responses *int `json:"responses"`
	}
	r := w.ts.as(t, w.analyst, "GET", "/api/v1/admin/surveys/"+pubSurvey, nil)
	r.JSON(t, &body)
	if r.Status != 200 || body.Responses == nil {
		t.Fatalf("survey: %d %.300s", r.Status, r.Body)
	}
	return *body.Responses
}

// TestPaddingAGroupMovesNoFigure: the attacker answers into a small group
// again and again, 30 times, one answer at a time, and after each tries
// to publish and reads the group's figures. The publication is refused
// as too soon and every figure is the same to the byte, so no answer of
// the three young people can be worked out from what moved; the next
// publication, a month later, shows the padded group.
func TestPaddingAGroupMovesNoFigure(t *testing.T) {
	w := newPubWorld(t)
	w.class(t, "norrsatraskolan", 8)
	w.class(t, "hedangsskolan", 8)
	small, _ := w.class(t, "bjorksatraskolan", 3)
	for range 3 { // three who live in Storvik answer on the open link
		w.answer(t, "", "storvik", false)
	}
	w.ts.publish(t, pubSurvey)
	pubs := w.publications(t)
	firstDay := results.FirstAllowedDay(pubs.Publications[0].Day, results.DefaultPublicationInterval)
	if pubs.NextDay != firstDay {
		t.Fatalf("next day %q, want %s", pubs.NextDay, firstDay)
	}
	views := []string{"school=bjorksatraskolan", "", "grade=ak8", "school=bjorksatraskolan&grade=ak8"}
	before := map[string][]byte{}
	for _, v := range views {
		before[v] = w.results(t, v)
	}
	if !bytes.Contains(before[""], []byte(`"group":"storvik"`)) || !bytes.Contains(before[""], []byte(`"group":"bjorksatraskolan"`)) {
		t.Fatalf("the whole survey's breakdowns do not show the small groups at all: %.600s", before[""])
	}

	pad := func(t *testing.T, answer func()) {
		for i := range 30 {
			answer()
			wantTooSoon(t, w.tryPublish(t, w.admin), firstDay)
			for _, v := range views {
				if got := w.results(t, v); !bytes.Equal(got, before[v]) {
					t.Fatalf("after padding answer %d, results?%s moved:\nwas %.400s\nnow %.400s", i+1, v, before[v], got)
				}
			}
		}
	}
	t.Run("a school's class of three", func(t *testing.T) {
		pad(t, func() { w.answer(t, small, "", false) })
	})
	t.Run("three who live in Storvik, no session", func(t *testing.T) {
		pad(t, func() { w.answer(t, "", "storvik", false) })
	})
	if n := w.liveCount(t); n != 8+8+3+3+60 {
		t.Fatalf("live count %d, want every answer: %d", n, 8+8+3+3+60)
	}
	if n := len(w.publications(t).Publications); n != 1 {
		t.Fatalf("%d publications after refused attempts", n)
	}

	// A month later the next publication shows the padded groups: the
	// comparison above would have seen a move.
	w.ts.publish(t, pubSurvey)
	for _, v := range views {
		if bytes.Equal(w.results(t, v), before[v]) {
			t.Errorf("results?%s did not move with the next publication", v)
		}
	}
	var whole struct {
		N int `json:"n"`
	}
	if err := json.Unmarshal(w.results(t, ""), &whole); err != nil || whole.N != 82 {
		t.Fatalf("the next publication counts n=%d, want 82 (%v)", whole.N, err)
	}
}

// TestExclusionTogglesMoveNothingUntilTheNextPublication: an admin
// excludes a session and includes it again, and the analyst downloads
// around each step: every figure and the Fritext sheet stay the same.
// The next publication takes the excluded session out of the figures,
// and keeps every text it had released (append-only).
func TestExclusionTogglesMoveNothingUntilTheNextPublication(t *testing.T) {
	w := newPubWorld(t)
	toggled, toggledTexts := w.class(t, "norrsatraskolan", 8)
	w.class(t, "hedangsskolan", 8)
	w.class(t, "murgardsskolan", 8)
	w.ts.publish(t, pubSurvey)
	views := []string{"", "school=norrsatraskolan", "grade=ak8"}
	snapshot := func() (map[string][]string, map[string][]byte) {
		res := map[string][]byte{}
		for _, v := range views {
			res[v] = w.results(t, v)
		}
		return w.workbookRows(t, ""), res
	}
	same := func(what string, wb0, wb map[string][]string, r0, r map[string][]byte) {
		t.Helper()
		sameWorkbook(t, what, wb0, wb)
		for _, v := range views {
			if !bytes.Equal(r0[v], r[v]) {
				t.Fatalf("%s: results?%s moved:\nwas %.400s\nnow %.400s", what, v, r0[v], r[v])
			}
		}
	}
	wb0, r0 := snapshot()
	fritext := strings.Join(wb0["Fritext"], "\n")
	for _, text := range toggledTexts {
		if !strings.Contains(fritext, text) {
			t.Fatalf("the first publication did not release %q:\n%s", text, fritext)
		}
	}
	exclude := func(as staffUser) response {
		return w.ts.as(t, as, "POST", "/api/v1/admin/sessions/"+toggled+"/exclude", []byte(`{"reason":"Klassen svarade inte på allvar"}`))
	}
	for _, as := range []staffUser{w.analyst, w.fac} {
		if r := exclude(as); r.Status != 403 {
			t.Fatalf("%s excludes: %d %s", as.role, r.Status, r.Body)
		}
		if r := w.ts.as(t, as, "POST", "/api/v1/admin/sessions/"+toggled+"/include", nil); r.Status != 403 {
			t.Fatalf("%s includes: %d %s", as.role, r.Status, r.Body)
		}
	}

	if r := exclude(w.admin); r.Status != 200 {
		t.Fatalf("exclude: %d %s", r.Status, r.Body)
	}
	wb1, r1 := snapshot()
	same("excluded", wb0, wb1, r0, r1)
	if r := w.ts.as(t, w.admin, "POST", "/api/v1/admin/sessions/"+toggled+"/include", nil); r.Status != 200 {
		t.Fatalf("include: %d %s", r.Status, r.Body)
	}
	wb2, r2 := snapshot()
	same("included again", wb0, wb2, r0, r2)

	// Excluded once more, the next publication leaves the session out.
	if r := exclude(w.admin); r.Status != 200 {
		t.Fatalf("exclude: %d %s", r.Status, r.Body)
	}
	w.ts.publish(t, pubSurvey)
	wb3, r3 := snapshot()
	var whole struct {
		N int `json:"n"`
	}
	if err := json.Unmarshal(r3[""], &whole); err != nil || whole.N != 16 {
		t.Fatalf("after the next publication n=%d, want 16 (%v)", whole.N, err)
	}
	if bytes.Equal(r3["school=norrsatraskolan"], r0["school=norrsatraskolan"]) {
		t.Fatal("the excluded session's school shows the same figures after the next publication")
	}
	if got := cell(wb3["Översikt"], "Antal svar"); got != "16" {
		t.Fatalf("Översikt says %q answers, want 16", got)
	}
	// Append-only: no text released before disappears, the excluded
	// session's included.
	if !slices.Equal(wb3["Fritext"], wb0["Fritext"]) {
		t.Fatalf("Fritext changed with the exclusion:\nwas %q\nnow %q", wb0["Fritext"], wb3["Fritext"])
	}
	pubs := w.publications(t).Publications
	if len(pubs) != 2 || pubs[1].Texts != 24 || pubs[1].Excluded.Sessions != 1 || pubs[1].Excluded.ResponsesRounded != 10 ||
		!slices.Equal(pubs[1].Excluded.Reasons, []string{"Klassen svarade inte på allvar"}) {
		t.Fatalf("publications %+v", pubs)
	}
	// The first publication can still be read, as it was.
	if got := w.results(t, "publication=1"); !bytes.Equal(got, r0[""]) {
		t.Fatalf("publication 1 asked for by number:\nwas %.400s\nnow %.400s", r0[""], got)
	}
}

// TestOneAnswerBetweenTwoDownloadsChangesNothing: download, one young
// person answers with a free text, download again: every sheet holds the
// same values and the exact total is the same.
func TestOneAnswerBetweenTwoDownloadsChangesNothing(t *testing.T) {
	w := newPubWorld(t)
	code, _ := w.class(t, "norrsatraskolan", 8)
	w.class(t, "hedangsskolan", 8)
	w.class(t, "murgardsskolan", 8)
	w.ts.publish(t, pubSurvey)
	wb0, r0 := w.workbookRows(t, ""), w.results(t, "")
	for _, in := range []string{code, ""} { // in a class, and on the open link
		text := w.answer(t, in, "centrum", true)
		wb1, r1 := w.workbookRows(t, ""), w.results(t, "")
		sameWorkbook(t, "around one answer", wb0, wb1)
		if !bytes.Equal(r0, r1) {
			t.Fatalf("results moved around one answer:\nwas %.400s\nnow %.400s", r0, r1)
		}
		if got := cell(wb1["Översikt"], "Antal svar"); got != "24" {
			t.Fatalf("Översikt says %q answers, want the published 24", got)
		}
		if strings.Contains(strings.Join(wb1["Fritext"], "\n"), text) {
			t.Fatal("the new text is in the workbook")
		}
	}
	if n := w.liveCount(t); n != 26 {
		t.Fatalf("live count %d, want 26", n)
	}
}

// TestTextsAreReleasedInBigSpreadBatches: through the API, a publication
// releases no new texts until there are at least 10 from at least 3
// sessions or places; the waiting ones are counted, and a later
// publication releases them.
func TestTextsAreReleasedInBigSpreadBatches(t *testing.T) {
	w := newPubWorld(t)
	a, textsA := w.class(t, "norrsatraskolan", 6)
	b, textsB := w.class(t, "hedangsskolan", 6)
	shown := func() string { return strings.Join(w.workbookRows(t, "")["Fritext"], "\n") }
	wantTexts := func(what string, released, waiting []string) {
		t.Helper()
		sheet := shown()
		for _, text := range released {
			if !strings.Contains(sheet, text) {
				t.Fatalf("%s: %q is not released:\n%s", what, text, sheet)
			}
		}
		for _, text := range waiting {
			if strings.Contains(sheet, text) {
				t.Fatalf("%s: %q is released:\n%s", what, text, sheet)
			}
		}
	}
	publish := func(newTexts, texts, waiting int) {
		t.Helper()
		w.ts.Clock.Advance(29 * 24 * time.Hour)
		r := w.tryPublish(t, w.admin)
		var body struct {
			NewTexts     int `json:"new_texts"`
			Texts        int `json:"texts"`
			TextsWaiting int `json:"texts_waiting"`
		}
		r.JSON(t, &body)
		if r.Status != 201 || body.NewTexts != newTexts || body.Texts != texts || body.TextsWaiting != waiting {
			t.Fatalf("publish: %d %s; want %d new, %d in all, %d waiting", r.Status, r.Body, newTexts, texts, waiting)
		}
	}

	// 12 texts, but from two classes only.
	publish(0, 0, 12)
	wantTexts("12 from two classes", nil, append(textsA, textsB...))
	page := string(w.ts.as(t, w.analyst, "GET", "/staff/surveys/"+pubSurvey, nil).Body)
	if !strings.Contains(page, "väntade 12 nya fritexter") {
		t.Fatal("the survey page does not say that 12 texts wait")
	}
	// The tables' count column says what it counts, not "n".
	if !strings.Contains(page, `class="num">Antal svar</th>`) || strings.Contains(page, `class="num">n</th>`) {
		t.Error(`the dashboard's count column is not headed "Antal svar"`)
	}

	// A third class writes one: 13 from three classes are released.
	c, textsC := w.class(t, "murgardsskolan", 1)
	publish(13, 13, 0)
	first := slices.Concat(textsA, textsB, textsC)
	wantTexts("13 from three classes", first, nil)

	// 9 more from the three classes wait: fewer than 10.
	var nine []string
	for _, code := range []string{a, b, c} {
		for range 3 {
			nine = append(nine, w.answer(t, code, "", true))
		}
	}
	publish(0, 13, 9)
	wantTexts("9 more", first, nine)

	// A tenth, from a young person in Storvik on the open link: released.
	tenth := w.answer(t, "", "storvik", true)
	publish(10, 23, 0)
	wantTexts("a tenth", append(first, append(nine, tenth)...), nil)
	pubs := w.publications(t).Publications
	if len(pubs) != 4 || pubs[2].TextsWaiting != 9 || pubs[3].NewTexts != 10 || pubs[3].Texts != 23 {
		t.Fatalf("publications %+v", pubs)
	}
}

// TestNoFigureBeforeTheFirstPublication: before the first publication
// every route that shows figures answers 409 not_published; the survey's
// page says so and shows how many have answered, and so does the API.
// After it, a number the survey does not have is 404 and a number that
// is no number 422.
func TestNoFigureBeforeTheFirstPublication(t *testing.T) {
	w := newPubWorld(t)
	w.class(t, "norrsatraskolan", 6)
	for range 3 {
		w.answer(t, "", "storvik", true)
	}
	base := "/api/v1/admin/surveys/" + pubSurvey
	figureRoutes := []string{
		base + "/results", base + "/results?school=norrsatraskolan", base + "/results?publication=1",
		base + "/lagesbild.xlsx", base + "/lagesbild.xlsx?grade=ak8", base + "/series",
	}
	for _, path := range figureRoutes {
		r := w.ts.as(t, w.analyst, "GET", path, nil)
		if r.Status != http.StatusConflict || r.ErrorCode(t) != models.ErrNotPublished {
			t.Errorf("%s before the first publication: %d %.300s", path, r.Status, r.Body)
		}
		if bytes.Contains(r.Body, []byte(`"n"`)) || bytes.Contains(r.Body, []byte(`"results"`)) {
			t.Errorf("%s carries figures: %s", path, r.Body)
		}
	}
	if r := w.ts.as(t, w.analyst, "GET", base+"/results?lang=en", nil); !strings.Contains(string(r.Body), "not published yet") {
		t.Errorf("in English: %s", r.Body)
	}
	if r := w.ts.as(t, w.analyst, "GET", "/staff/surveys/"+pubSurvey+"/followup", nil); r.Status != http.StatusConflict {
		t.Errorf("follow-up page before the first publication: %d", r.Status)
	}
	page := w.ts.as(t, w.analyst, "GET", "/staff/surveys/"+pubSurvey, nil)
	body := string(page.Body)
	if page.Status != 200 || !strings.Contains(body, "Inget är publicerat än. 9 svar har kommit in.") {
		t.Fatalf("the survey page before the first publication: %d\n%s", page.Status, body)
	}
	for _, figure := range []string{"Andel som känner sig", `id="f-from"`, "lagesbild.xlsx"} {
		if strings.Contains(body, figure) {
			t.Errorf("the survey page shows %q before the first publication", figure)
		}
	}
	if n := w.liveCount(t); n != 9 {
		t.Fatalf("live count %d, want 9", n)
	}

	w.ts.publish(t, pubSurvey)
	for _, path := range figureRoutes {
		if r := w.ts.as(t, w.analyst, "GET", path, nil); r.Status != 200 {
			t.Errorf("%s once published: %d %.300s", path, r.Status, r.Body)
		}
	}
	for _, tc := range []struct {
		query  string
		status int
		code   string
	}{
		{"publication=99", 404, models.ErrNotFound},
		{"publication=abc", 422, models.ErrInvalid},
		{"publication=0", 422, models.ErrInvalid},
		{"publication=-1", 422, models.ErrInvalid},
		{"publication=1.5", 422, models.ErrInvalid},
	} {
		for _, route := range []string{"/results", "/lagesbild.xlsx", "/series"} {
			r := w.ts.as(t, w.analyst, "GET", base+route+"?"+tc.query, nil)
			if r.Status != tc.status || r.ErrorCode(t) != tc.code {
				t.Errorf("%s?%s: %d %.300s", route, tc.query, r.Status, r.Body)
			}
		}
		if r := w.ts.as(t, w.analyst, "GET", "/staff/surveys/"+pubSurvey+"?"+tc.query, nil); r.Status != tc.status {
			t.Errorf("the survey page ?%s: %d", tc.query, r.Status)
		}
	}
	page = w.ts.as(t, w.analyst, "GET", "/staff/surveys/"+pubSurvey, nil)
	if body := string(page.Body); page.Status != 200 || !strings.Contains(body, "Siffrorna kommer från publicering 1") || !strings.Contains(body, "9 svar har kommit in hittills") {
		t.Fatalf("the survey page once published: %d", page.Status)
	}
}

// TestPublicationsAreSpacedAndAudited: a second publication within the
// interval is refused with the first day allowed; closing the survey
// publishes the final figures, but reopening and closing it again within
// the interval does not; every publication is listed and in the audit
// log, and only an admin may publish.
func TestPublicationsAreSpacedAndAudited(t *testing.T) {
	w := newPubWorld(t)
	w.class(t, "norrsatraskolan", 6)
	stockholm := mustLoad(t, "Europe/Stockholm")
	// Noon, so that no change to or from summer time moves a day.
	w.ts.Clock.mu.Lock()
	w.ts.Clock.now = time.Date(2027, 1, 4, 12, 0, 0, 0, stockholm)
	w.ts.Clock.mu.Unlock()
	day := func() string { return w.ts.Clock.Now().In(stockholm).Format(time.DateOnly) }
	plus28 := func(d string) string {
		t0, err := time.Parse(time.DateOnly, d)
		if err != nil {
			t.Fatal(err)
		}
		return t0.AddDate(0, 0, 28).Format(time.DateOnly)
	}
	if r := w.tryPublish(t, w.analyst); r.Status != 403 {
		t.Fatalf("an analyst publishes: %d", r.Status)
	}
	if r := w.ts.as(t, w.admin, "POST", "/api/v1/admin/surveys/"+pubSurvey+"/publications", []byte(`{"note":"a\u0000b"}`)); r.Status != 422 {
		t.Fatalf("a note with a NUL: %d %s", r.Status, r.Body)
	}

	day1 := day()
	r := w.tryPublish(t, w.admin)
	if r.Status != 201 || !strings.Contains(string(r.Body), `"publication":1`) || !strings.Contains(string(r.Body), `"day":"`+day1+`"`) {
		t.Fatalf("first publication: %d %s", r.Status, r.Body)
	}
	wantTooSoon(t, w.tryPublish(t, w.admin), plus28(day1))
	w.ts.Clock.Advance(27 * 24 * time.Hour)
	wantTooSoon(t, w.tryPublish(t, w.admin), plus28(day1))
	w.ts.Clock.Advance(24 * time.Hour)
	if r := w.tryPublish(t, w.admin); r.Status != 201 || !strings.Contains(string(r.Body), `"publication":2`) {
		t.Fatalf("on the first day allowed: %d %s", r.Status, r.Body)
	}

	// Closing publishes the final figures.
	w.ts.Clock.Advance(29 * 24 * time.Hour)
	day3 := day()
	r = w.ts.as(t, w.admin, "POST", "/api/v1/admin/surveys/"+pubSurvey+"/close", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"publication":3`) {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	// Reopened and closed again within the interval: no publication.
	if r := w.ts.as(t, w.admin, "POST", "/api/v1/admin/surveys/"+pubSurvey+"/open", nil); r.Status != 200 {
		t.Fatalf("open: %d %s", r.Status, r.Body)
	}
	w.answer(t, "", "", false)
	r = w.ts.as(t, w.admin, "POST", "/api/v1/admin/surveys/"+pubSurvey+"/close", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"publication":null`) {
		t.Fatalf("close again: %d %s", r.Status, r.Body)
	}

	pubs := w.publications(t)
	if len(pubs.Publications) != 3 || pubs.IntervalDays != 28 || pubs.NextDay != plus28(day3) {
		t.Fatalf("publications %+v", pubs)
	}
	for i, p := range pubs.Publications {
		if p.Publication != i+1 || p.Final != (i == 2) || p.By != "greta" || p.Responses != 6 {
			t.Errorf("publication %d: %+v", i+1, p)
		}
	}
	if pubs.Publications[0].Day != day1 || pubs.Publications[2].Day != day3 {
		t.Errorf("days %s and %s, want %s and %s", pubs.Publications[0].Day, pubs.Publications[2].Day, day1, day3)
	}

	var audit struct {
		Entries []models.AuditEntry `json:"entries"`
	}
	ra := w.ts.as(t, w.admin, "GET", "/api/v1/admin/audit?limit=500", nil)
	ra.JSON(t, &audit)
	var got []string
	for _, e := range audit.Entries {
		if e.Action == models.AuditPublish {
			if e.Actor != "greta" || e.Survey != pubSurvey || e.Details["responses"] != "6" {
				t.Errorf("audit entry %+v", e)
			}
			got = append(got, e.Details["publication"]+"/"+e.Details["final"])
		}
	}
	slices.Sort(got)
	if want := []string{"1/false", "2/false", "3/true"}; !slices.Equal(got, want) {
		t.Fatalf("publications in the audit log %v, want %v", got, want)
	}
}
