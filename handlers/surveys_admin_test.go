package handlers

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

// workbook opens an .xlsx body with excelize.
func workbook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// cellOf is the cell of the survey sheet in the row named name and the
// column headed header, e.g. "C6".
func cellOf(t *testing.T, f *excelize.File, name, header string) (cell string, row int) {
	t.Helper()
	rows, err := f.GetRows("survey")
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == header {
			col = i
		}
	}
	for i, r := range rows {
		if len(r) > 1 && r[1] == name && col >= 0 {
			cell, _ := excelize.CoordinatesToCellName(col+1, i+1)
			return cell, i + 1
		}
	}
	t.Fatalf("no row %s with a column %s in the survey sheet", name, header)
	return "", 0
}

func saveWorkbook(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// changedWorkbook is the built-in survey's workbook as the API gives it,
// with trygg_kvall reworded and a question added before the closing note.
func changedWorkbook(t *testing.T, ts *testServer, as staffUser) []byte {
	t.Helper()
	r := ts.do(t, "GET", "/api/v1/admin/surveys/"+builtinSlug+"/definition.xlsx", nil, "Authorization", "Bearer "+as.token)
	if r.Status != 200 || r.Header.Get("Content-Type") != xlsxType || !strings.Contains(r.Header.Get("Content-Disposition"), builtinSlug+"-v1.xlsx") {
		t.Fatalf("download: %d %v", r.Status, r.Header)
	}
	f := workbook(t, r.Body)
	for _, sheet := range []string{"survey", "choices", "settings"} {
		if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
			t.Fatalf("no sheet %s in %v", sheet, f.GetSheetList())
		}
	}
	cell, _ := cellOf(t, f, "trygg_kvall", "label::Svenska (sv)")
	if err := f.SetCellStr("survey", cell, "Hur trygg känner du dig ute ensam en sen kväll?"); err != nil {
		t.Fatal(err)
	}
	_, outro := cellOf(t, f, "outro", "type")
	if err := f.InsertRows("survey", outro, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow("survey", "A"+strconv.Itoa(outro), &[]any{"text", "ny_fraga", "Något mer du vill säga?", "Anything else to say?", "هل هناك شيء آخر تريد قوله؟"}); err != nil {
		t.Fatal(err)
	}
	return saveWorkbook(t, f)
}

func TestSurveyDefinitionAsXLSFormThroughTheAPI(t *testing.T) {
	ts := newTestServer(t)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	ctx := context.Background()
	put := func(t *testing.T, slug string, body []byte, lang string) response {
		t.Helper()
		return ts.do(t, "PUT", "/api/v1/admin/surveys/"+slug, body, "Authorization", "Bearer "+admin.token, "Content-Type", xlsxType, "Accept-Language", lang)
	}
	changed := changedWorkbook(t, ts, analyst)

	t.Run("an unanswered version is replaced", func(t *testing.T) {
		r := put(t, builtinSlug, changed, "sv")
		var res struct {
			Version  int  `json:"version"`
			Replaced bool `json:"replaced"`
		}
		r.JSON(t, &res)
		if r.Status != 200 || res.Version != 1 || !res.Replaced {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		sv, err := ts.Store.Survey(ctx, builtinSlug)
		if err != nil {
			t.Fatal(err)
		}
		q, ok := sv.Question("trygg_kvall")
		if !ok || q.Text["sv"] != "Hur trygg känner du dig ute ensam en sen kväll?" {
			t.Fatalf("trygg_kvall reads %q", q.Text["sv"])
		}
		if q, ok := sv.Question("ny_fraga"); !ok || q.Type != models.TypeText || q.Text["ar"] == "" {
			t.Fatalf("the added question: %+v", q)
		}
	})

	t.Run("an answered version gets a new version", func(t *testing.T) {
		resp := &models.Response{Survey: builtinSlug, Version: 1, SubmissionID: "00000000-0000-4000-8000-000000000001", Lang: "sv", Day: "2023-05-01", Answers: map[string]any{"kon": "tjej"}}
		if _, err := ts.Store.InsertResponse(ctx, resp); err != nil {
			t.Fatal(err)
		}
		r := put(t, builtinSlug, changed, "sv")
		if r.Status != 200 || !strings.Contains(string(r.Body), `"version":2`) || !strings.Contains(string(r.Body), `"replaced":false`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if entries, _ := ts.Store.Audit(ctx, 10, time.Time{}); len(entries) == 0 || entries[0].Action != models.AuditSurveySave || entries[0].Actor != "greta" {
			t.Fatalf("audit %+v", entries)
		}
	})

	t.Run("an older version by ?version", func(t *testing.T) {
		r := ts.do(t, "GET", "/api/v1/admin/surveys/"+builtinSlug+"/definition.xlsx?version=1", nil, "Authorization", "Bearer "+analyst.token)
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "-v1.xlsx") {
			t.Fatalf("%d %v", r.Status, r.Header)
		}
		for _, path := range []string{"definition.xlsx?version=9", "definition.yaml?version=9"} {
			if r := ts.do(t, "GET", "/api/v1/admin/surveys/"+builtinSlug+"/"+path, nil, "Authorization", "Bearer "+analyst.token); r.Status != 404 {
				t.Errorf("%s: %d, want 404", path, r.Status)
			}
		}
		if r := ts.do(t, "GET", "/api/v1/admin/surveys/no-such-survey/definition.xlsx", nil, "Authorization", "Bearer "+analyst.token); r.Status != 404 {
			t.Errorf("unknown survey: %d", r.Status)
		}
	})

	t.Run("YAML reads back as the same definition", func(t *testing.T) {
		for _, version := range []string{"1", "2"} {
			r := ts.do(t, "GET", "/api/v1/admin/surveys/"+builtinSlug+"/definition.yaml?version="+version, nil, "Authorization", "Bearer "+analyst.token)
			if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/yaml") {
				t.Fatalf("%d %v", r.Status, r.Header)
			}
			got, problems, err := surveys.Load(r.Body)
			if err != nil || len(problems) > 0 {
				t.Fatalf("the YAML does not load: %v %v", err, problems)
			}
			n := int(version[0] - '0')
			want, err := ts.Store.SurveyVersion(ctx, builtinSlug, n)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := mustJSON(got), mustJSON(want); a != b {
				t.Fatalf("version %s changed on the way through YAML:\n%s\n%s", version, a, b)
			}
		}
	})

	t.Run("a bad workbook is refused by sheet, row and column", func(t *testing.T) {
		f := workbook(t, changed)
		cell, row := cellOf(t, f, "trygg_skolan", "relevant")
		if err := f.SetCellStr("survey", cell, "${kon} > 'tjej'"); err != nil {
			t.Fatal(err)
		}
		bad := saveWorkbook(t, f)
		before, _ := ts.Store.Survey(ctx, builtinSlug)
		for _, lang := range []string{"sv", "en"} {
			r := put(t, builtinSlug, bad, lang)
			if r.Status != 422 || r.ErrorCode(t) != models.ErrInvalid {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			var body struct {
				Error struct {
					Fields []sheetProblem `json:"fields"`
				} `json:"error"`
			}
			r.JSON(t, &body)
			if len(body.Error.Fields) != 1 {
				t.Fatalf("fields %+v", body.Error.Fields)
			}
			p := body.Error.Fields[0]
			where := map[string]string{"sv": "Blad survey, rad %d, kolumn relevant: ", "en": "Sheet survey, row %d, column relevant: "}[lang]
			if p.Sheet != "survey" || p.Row != row || p.Column != "relevant" || p.Field != "survey!relevant"+strconv.Itoa(row) ||
				p.Code == "" || !strings.HasPrefix(p.Message, strings.Replace(where, "%d", strconv.Itoa(row), 1)) {
				t.Fatalf("%s: %+v", lang, p)
			}
			if !strings.Contains(string(r.Body), `"sheet":"survey"`) || !strings.Contains(string(r.Body), `"row":`+strconv.Itoa(row)) {
				t.Fatalf("keys: %s", r.Body)
			}
		}
		if after, _ := ts.Store.Survey(ctx, builtinSlug); after.Version != before.Version {
			t.Fatal("a refused workbook was stored")
		}
	})

	t.Run("the slug must be the address's", func(t *testing.T) {
		r := put(t, "ungdomsdialog-2022", changed, "en")
		if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"settings!form_id2"`) || !strings.Contains(string(r.Body), "Sheet settings, row 2, column form_id: the file is the survey ungdomsdialog-2023") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("a new survey from a workbook", func(t *testing.T) {
		f := workbook(t, changed)
		// form_id follows a form_title column per language.
		rows, _ := f.GetRows("settings")
		col := slices.Index(rows[0], "form_id")
		if col < 0 {
			t.Fatalf("settings has no form_id: %q", rows[0])
		}
		cell, _ := excelize.CoordinatesToCellName(col+1, 2)
		if err := f.SetCellStr("settings", cell, "ny-enkat-xlsx"); err != nil {
			t.Fatal(err)
		}
		r := ts.do(t, "POST", "/api/v1/admin/surveys", saveWorkbook(t, f), "Authorization", "Bearer "+admin.token, "Content-Type", xlsxType)
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if _, err := ts.Store.Survey(ctx, "ny-enkat-xlsx"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("not a workbook at all", func(t *testing.T) {
		r := put(t, builtinSlug, []byte("slug: x\n"), "en")
		if r.Status != 422 || !strings.Contains(string(r.Body), `"code":"not_xlsx"`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
}

// uploadSample uploads a small YAML definition pasted into the form: the
// route test sends form-encoded bodies.
func uploadSample(t *testing.T, ts *testServer, _ staffUser) (string, []byte) {
	def := readFile(t, "../surveys/testdata/valid.yaml")
	return "/staff/surveys/testdialog-2023/drafts", []byte(url.Values{"definition": {string(def)}}.Encode())
}

// draftSample keeps a checked draft of valid.yaml and names its suffix.
func draftSample(suffix string) routeSample {
	return func(t *testing.T, ts *testServer, _ staffUser) (string, []byte) {
		sv, err := surveys.Parse(readFile(t, "../surveys/testdata/valid.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := ts.Store.InsertSurveyDraft(context.Background(), sv, "greta")
		if err != nil {
			t.Fatal(err)
		}
		return "/staff/surveys/" + sv.Slug + "/drafts/" + d.ID + suffix, nil
	}
}

// upload posts a file to the survey page's upload form, as a browser
// signed in with b does.
func (b *browser) upload(path, csrf, name string, data []byte) response {
	b.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("csrf", csrf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		b.t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", b.ts.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: out.Bytes()}
}

func TestSurveyPageUploadPreviewPublish(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	ctx := context.Background()
	page := "/staff/surveys/" + builtinSlug + "/admin"
	b := newBrowser(t, ts)
	if r := b.signIn("greta", admin.password); r.Status != 303 {
		t.Fatalf("sign-in: %d", r.Status)
	}
	r := b.do("GET", page, nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), "definition.xlsx?version=1") || !strings.Contains(string(r.Body), `enctype="multipart/form-data"`) {
		t.Fatalf("survey page: %d %s", r.Status, r.Body)
	}
	if home := b.do("GET", "/staff", nil); !strings.Contains(string(home.Body), `href="/staff/surveys/`+builtinSlug+`/admin"`) {
		t.Fatal("the staff home does not link the survey page")
	}
	// A cookie session downloads through the API too: the page's links work.
	if dl := b.do("GET", "/api/v1/admin/surveys/"+builtinSlug+"/definition.yaml", nil); dl.Status != 200 {
		t.Fatalf("download with the cookie: %d", dl.Status)
	}
	changed := changedWorkbook(t, ts, analyst)
	csrf := b.csrf(page)

	t.Run("problems are listed by row and nothing is kept", func(t *testing.T) {
		f := workbook(t, changed)
		cell, row := cellOf(t, f, "trygg_skolan", "relevant")
		f.SetCellStr("survey", cell, "${kon} > 'tjej'")
		r := b.upload("/staff/surveys/"+builtinSlug+"/drafts", csrf, "enkat.xlsx", saveWorkbook(t, f))
		if r.Status != 422 || !strings.Contains(string(r.Body), "Blad survey, rad "+strconv.Itoa(row)+", kolumn relevant: ") || strings.Contains(string(r.Body), `id="draft"`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if sv, _ := ts.Store.Survey(ctx, builtinSlug); sv.Version != 1 || sv.Questions[3].Text["sv"] == "Hur trygg känner du dig ute ensam en sen kväll?" {
			t.Fatal("the refused upload changed the survey")
		}
	})

	t.Run("a file for another survey is refused", func(t *testing.T) {
		r := b.upload("/staff/surveys/ungdomsdialog-2022/drafts", csrf, "enkat.xlsx", changed)
		if r.Status != 422 || !strings.Contains(string(r.Body), "Blad settings, rad 2, kolumn form_id: filen är enkäten ungdomsdialog-2023") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	var draftPage string
	t.Run("a good upload is kept as a draft and shown", func(t *testing.T) {
		r := b.upload("/staff/surveys/"+builtinSlug+"/drafts", csrf, "enkat.xlsx", changed)
		if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), page+"?draft=") {
			t.Fatalf("%d %v %s", r.Status, r.Header, r.Body)
		}
		draftPage = r.Header.Get("Location")
		p := b.do("GET", draftPage, nil)
		body := string(p.Body)
		if p.Status != 200 || !strings.Contains(body, `id="draft"`) || !strings.Contains(body, "Publicera ersätter version 1") || !strings.Contains(body, "/preview?lang=ar") {
			t.Fatalf("%d %s", p.Status, body)
		}
		if sv, _ := ts.Store.Survey(ctx, builtinSlug); sv.Version != 1 || len(sv.Questions) == 0 {
			t.Fatal("the survey changed before publishing")
		} else if _, ok := sv.Question("ny_fraga"); ok {
			t.Fatal("the draft was published on upload")
		}
	})

	previewPath := func(t *testing.T, lang string) string {
		m := regexp.MustCompile(`href="(/staff/surveys/[^"]+/preview\?lang=` + lang + `)"`).FindStringSubmatch(string(b.do("GET", draftPage, nil).Body))
		if m == nil {
			t.Fatalf("no %s preview link", lang)
		}
		return m[1]
	}

	t.Run("the preview is the form, sending nothing", func(t *testing.T) {
		p := b.do("GET", previewPath(t, "sv"), nil)
		body := string(p.Body)
		if p.Status != 200 || !strings.Contains(body, "Förhandsvisning – svar skickas inte") ||
			!strings.Contains(body, "Hur trygg känner du dig ute ensam en sen kväll?") || !strings.Contains(body, `name="q.ny_fraga"`) {
			t.Fatalf("%d %s", p.Status, body)
		}
		if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'none'") || !strings.Contains(csp, "script-src 'none'") {
			t.Fatalf("CSP %q", csp)
		}
		if strings.Contains(body, "<script") {
			t.Fatal("the preview loads a script")
		}
		ar := b.do("GET", previewPath(t, "ar"), nil)
		if !strings.Contains(string(ar.Body), `<html lang="ar" dir="rtl">`) || !strings.Contains(string(ar.Body), `lang="sv" dir="ltr" id="preview-banner"`) {
			t.Fatalf("Arabic preview: %s", ar.Body)
		}
	})

	t.Run("the draft says what changes and what breaks", func(t *testing.T) {
		body := string(b.do("GET", draftPage, nil).Body)
		for _, want := range []string{
			"Det här ändras jämfört med version 1",
			// old and new wording side by side
			"<td>Om du går ut ensam sent en kväll i området där du bor, hur trygg känner du dig då?</td><td>Hur trygg känner du dig ute ensam en sen kväll?</td>",
			"Nya frågor:", "Något mer du vill säga? (ny_fraga)",
			// the indicator on it, in the follow-up's break words, and what keeps it
			`id="broken-indicators"`, "frågetexten ändrad", "Behåll den gamla formuleringen",
			`name="accept_breaks" value="yes" required`, "Jag förstår att jämförelsen bryts för: ",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the draft's page lacks %q", want)
			}
		}
		if t.Failed() {
			t.Log(body)
		}
	})

	t.Run("publishing a break needs the tick", func(t *testing.T) {
		id := strings.TrimSuffix(strings.SplitN(draftPage, "draft=", 2)[1], "#draft")
		publish := "/staff/surveys/" + builtinSlug + "/drafts/" + id + "/publish"
		r := b.do("POST", publish, url.Values{"csrf": {csrf}})
		if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "tick=needed") {
			t.Fatalf("published without the tick: %d %v", r.Status, r.Header)
		}
		if sv, _ := ts.Store.Survey(ctx, builtinSlug); sv != nil {
			if _, ok := sv.Question("ny_fraga"); ok {
				t.Fatal("the draft was published without the tick")
			}
		}
		back := string(b.do("GET", r.Header.Get("Location"), nil).Body)
		if !strings.Contains(back, `id="accept-needed"`) || !strings.Contains(back, `aria-invalid="true"`) {
			t.Errorf("the page does not say the tick is needed: %s", back)
		}
	})

	t.Run("publish stores the new version and audits it", func(t *testing.T) {
		id := strings.TrimSuffix(strings.SplitN(draftPage, "draft=", 2)[1], "#draft")
		publish := "/staff/surveys/" + builtinSlug + "/drafts/" + id + "/publish"
		r := b.confirm(publish, url.Values{"csrf": {csrf}, "accept_breaks": {"yes"}})
		if r.Status != 303 || r.Header.Get("Location") != page+"?published=1" {
			t.Fatalf("%d %v", r.Status, r.Header)
		}
		sv, err := ts.Store.Survey(ctx, builtinSlug)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := sv.Question("ny_fraga"); !ok || sv.Version != 1 {
			t.Fatalf("published: version %d", sv.Version)
		}
		entries, _ := ts.Store.Audit(ctx, 10, time.Time{})
		if len(entries) == 0 || entries[0].Action != models.AuditSurveySave || entries[0].Actor != "greta" || entries[0].Details["replaced"] != "true" {
			t.Fatalf("audit %+v", entries)
		}
		if p := b.do("GET", page+"?published=1", nil); !strings.Contains(string(p.Body), "Version 1 är publicerad.") {
			t.Fatalf("%s", p.Body)
		}
		if again := b.do("POST", publish, url.Values{"csrf": {csrf}, "confirm": {"yes"}}); again.Status != 404 {
			t.Fatalf("publishing twice: %d", again.Status)
		}
	})

	t.Run("an answered survey gets a new version", func(t *testing.T) {
		resp := &models.Response{Survey: builtinSlug, Version: 1, SubmissionID: "00000000-0000-4000-8000-000000000002", Lang: "sv", Day: "2023-05-01", Answers: map[string]any{"kon": "tjej"}}
		if _, err := ts.Store.InsertResponse(ctx, resp); err != nil {
			t.Fatal(err)
		}
		r := b.upload("/staff/surveys/"+builtinSlug+"/drafts", csrf, "enkat.xlsx", changed)
		p := b.do("GET", r.Header.Get("Location"), nil)
		if !strings.Contains(string(p.Body), "Publicera gör den till version 2. Version 1 har svar") {
			t.Fatalf("%s", p.Body)
		}
		id := regexp.MustCompile(`/drafts/([0-9a-f]+)/publish`).FindStringSubmatch(string(p.Body))
		if id == nil {
			t.Fatal("no publish form")
		}
		if r := b.confirm("/staff/surveys/"+builtinSlug+"/drafts/"+id[1]+"/publish", url.Values{"csrf": {csrf}, "accept_breaks": {"yes"}}); r.Status != 303 {
			t.Fatalf("%d", r.Status)
		}
		if sv, _ := ts.Store.Survey(ctx, builtinSlug); sv.Version != 2 {
			t.Fatalf("version %d, want 2", sv.Version)
		}
		p = b.do("GET", page, nil)
		if !strings.Contains(string(p.Body), "definition.xlsx?version=2") || !strings.Contains(string(p.Body), "definition.xlsx?version=1") {
			t.Fatalf("both versions are not listed: %s", p.Body)
		}
		// Only the version young people get is open; the older one says
		// what replaced it.
		if n := strings.Count(string(p.Body), `class="status status-open"`); n != 1 || !strings.Contains(string(p.Body), "Ersatt av version 2") {
			t.Errorf("%d versions read as open, want 1, and version 1 replaced by 2: %s", n, p.Body)
		}
	})

	t.Run("only admins", func(t *testing.T) {
		for _, u := range []staffUser{analyst, ts.addStaff(t, "fatima", models.RoleFacilitator)} {
			if r := ts.do(t, "GET", page, nil, "Authorization", "Bearer "+u.token); r.Status != 403 {
				t.Errorf("%s: %d, want 403", u.role, r.Status)
			}
		}
	})
}

// The draft's summary counts its questions in the form the language's
// plural rule asks for: "1 fråga", never "1 frågor".
func TestDraftSummaryCountsQuestionsInTheirPluralForm(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	ctx := context.Background()
	b := newBrowser(t, ts)
	if r := b.signIn("greta", admin.password); r.Status != 303 {
		t.Fatalf("sign-in: %d", r.Status)
	}
	builtin, err := ts.Store.Survey(ctx, builtinSlug)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		questions int
		lang      string
		want      string
	}{
		{1, "sv", "1 fråga, status"},
		{2, "sv", "2 frågor, status"},
		{1, "en", "1 question, status"},
		{2, "en", "2 questions, status"},
	} {
		sv := *builtin
		sv.Questions = builtin.Questions[:tc.questions]
		d, err := ts.Store.InsertSurveyDraft(ctx, &sv, "greta")
		if err != nil {
			t.Fatal(err)
		}
		r := b.do("GET", "/staff/surveys/"+builtinSlug+"/admin?lang="+tc.lang+"&draft="+d.ID, nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), tc.want) {
			t.Errorf("%d questions in %s: %d, no %q in %s", tc.questions, tc.lang, r.Status, tc.want, r.Body)
		}
	}
}
