package handlers

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// uploadPlaces sends a workbook to the import form, as a browser does.
func (ts *testServer) uploadPlaces(t *testing.T, data []byte) response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", "platser.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	return ts.do(t, "POST", "/staff/places/import", body.Bytes(), "Authorization", "Bearer "+adminToken, "Content-Type", w.FormDataContentType())
}

// editSheet changes cells of a downloaded catalogue workbook.
func editSheet(t *testing.T, data []byte, cells map[string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for at, v := range cells {
		sheet, cell, _ := strings.Cut(at, "!")
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

var hiddenField = regexp.MustCompile(`<input type="hidden" name="(catalogue|version)" value="([^"]*)">`)

// confirm sends the preview's confirmation form back.
func (ts *testServer) confirm(t *testing.T, preview response) response {
	t.Helper()
	form := url.Values{}
	for _, m := range hiddenField.FindAllStringSubmatch(string(preview.Body), -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	if form.Get("catalogue") == "" || form.Get("version") == "" {
		t.Fatalf("the preview has no confirmation form: %.3000s", preview.Body)
	}
	return ts.adminForm(t, "/staff/places/import/apply", form)
}

func TestThePlacesSheetRoundTripsThroughExcel(t *testing.T) {
	ts := newTestServer(t)
	before := ts.catalogue(t)
	sheet := ts.admin(t, "GET", "/staff/places/platser.xlsx", nil)
	if sheet.Status != 200 || sheet.Header.Get("Content-Type") != xlsxType {
		t.Fatalf("download: %d %s", sheet.Status, sheet.Header.Get("Content-Type"))
	}
	r := ts.uploadPlaces(t, sheet.Body)
	if r.Status != 200 || !strings.Contains(string(r.Body), "Filen ändrar ingenting i katalogen.") {
		t.Fatalf("the file as downloaded: %d %.3000s", r.Status, r.Body)
	}
	if after := ts.catalogue(t); !reflect.DeepEqual(after, before) {
		t.Fatalf("the catalogue changed:\n%+v\n%+v", after, before)
	}

	// A new row and a deactivated school: shown first, stored on confirmation.
	edited := editSheet(t, sheet.Body, map[string]string{
		"Skolor!B20": "Sandbacka skola", "Skolor!C20": "Kungsgården", "Skolor!D20": "Årskurs 7, Årskurs 8", "Skolor!E20": "ja",
		"Skolor!E3": "nej", // the second school, Hedängsskolan
	})
	preview := ts.uploadPlaces(t, edited)
	body := html.UnescapeString(string(preview.Body))
	if preview.Status != 200 || !strings.Contains(body, "Ny skola: Sandbacka skola") || !strings.Contains(body, "Ändrad skola: Hedängsskolan (blir inaktiv") {
		t.Fatalf("preview: %d %.4000s", preview.Status, body)
	}
	if len(ts.catalogue(t).Schools) != 7 {
		t.Fatal("the preview stored the catalogue")
	}
	if r := ts.confirm(t, preview); !saved(r) {
		t.Fatalf("confirm: %d %.2000s", r.Status, r.Body)
	}
	p := ts.catalogue(t)
	sc, ok := p.School("sandbacka-skola")
	if !ok || sc.Area != "kungsgarden" || strings.Join(sc.Grades, ",") != "ak7,ak8" || !sc.Active {
		t.Fatalf("the new school: %+v", sc)
	}
	if h, _ := p.School("hedangsskolan"); h.Active {
		t.Fatal("Hedängsskolan is still active")
	}
	// The same confirmation again is over a catalogue that has changed.
	if r := ts.confirm(t, preview); r.Status != 409 || !strings.Contains(string(r.Body), "Katalogen har ändrats sedan filen lästes in.") {
		t.Fatalf("a stale confirmation: %d %.2000s", r.Status, r.Body)
	}
	assertAudit(t, ts, models.AuditPlacesSave)
}

func TestABadPlacesRowIsReportedAndNothingApplied(t *testing.T) {
	ts := newTestServer(t)
	before := ts.catalogue(t)
	sheet := ts.admin(t, "GET", "/staff/places/platser.xlsx", nil)
	edited := editSheet(t, sheet.Body, map[string]string{
		"Skolor!B2": "Norrsätraskolan Nya", // a good change beside the bad ones
		"Skolor!C3": "Mars",
		"Skolor!D4": "Årskurs 7, åk 12",
	})
	r := ts.uploadPlaces(t, edited)
	body := html.UnescapeString(string(r.Body))
	if r.Status != 422 {
		t.Fatalf("status %d: %.3000s", r.Status, body)
	}
	for _, want := range []string{
		"Filen har fel. Ingenting har ändrats.",
		"Blad Skolor, rad 3, kolumn Område: Området Mars finns inte.",
		"Blad Skolor, rad 4, kolumn Årskurser: Årskursen åk 12 finns inte.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, `name="catalogue"`) {
		t.Error("a file with problems can be confirmed")
	}
	if after := ts.catalogue(t); !reflect.DeepEqual(after, before) {
		t.Fatal("a file with problems changed the catalogue")
	}
	if r := ts.uploadPlaces(t, []byte("PK\x03\x04 not really a zip")); r.Status != 422 {
		t.Fatalf("a broken file: %d %.2000s", r.Status, r.Body)
	}
}
