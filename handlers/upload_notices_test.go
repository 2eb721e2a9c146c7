package handlers

import (
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// A workbook from another tool carries a language the service does not
// offer and an underscored form_id. It is read all the same, and the
// draft's page says, in Swedish, what the import left out and changed. A
// YAML definition's problems read in Swedish on the Swedish page.
func TestUploadSaysInSwedishWhatTheImportChanged(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	b := newBrowser(t, ts)
	if r := b.signIn("greta", admin.password); r.Status != 303 {
		t.Fatalf("sign-in: %d", r.Status)
	}
	page := "/staff/surveys/" + builtinSlug + "/admin"
	csrf := b.csrf(page)

	f := workbook(t, changedWorkbook(t, ts, analyst))
	cols, err := f.GetCols("survey")
	if err != nil {
		t.Fatal(err)
	}
	col, _ := excelize.ColumnNumberToName(len(cols) + 1)
	f.SetCellStr("survey", col+"1", "label::chinese")
	f.SetCellStr("survey", col+"2", "你好")
	head, err := f.GetRows("settings")
	if err != nil || len(head) < 2 {
		t.Fatalf("settings sheet: %v %v", head, err)
	}
	for i, h := range head[0] {
		if h == "form_id" {
			cell, _ := excelize.CoordinatesToCellName(i+1, 2)
			f.SetCellStr("settings", cell, strings.ReplaceAll(builtinSlug, "-", "_"))
		}
	}

	r := b.upload("/staff/surveys/"+builtinSlug+"/drafts", csrf, "enkat.xlsx", saveWorkbook(t, f))
	if r.Status != 303 {
		t.Fatalf("the upload was refused: %d %s", r.Status, r.Body)
	}
	body := string(b.do("GET", r.Header.Get("Location"), nil).Body)
	for _, want := range []string{
		`id="draft-notices"`,
		"Tjänsten erbjuder inte språket &#34;chinese&#34;, så kolumnen lämnades utanför.",
		"form_id skrevs om så att den kan stå i en webbadress",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the draft's page lacks %q", want)
		}
	}

	yaml := "slug: " + builtinSlug + `
version: 1
status: draft
languages: [sv]
title: {sv: Test}
questions:
  - id: alder
    type: number
    dimension: age
    text: {sv: "Hur gammal är du?"}
`
	r = b.do("POST", "/staff/surveys/"+builtinSlug+"/drafts", url.Values{"csrf": {csrf}, "definition": {yaml}})
	if r.Status != 422 || !strings.Contains(string(r.Body), "en sifferfråga som är bakgrundsfråga behöver min") {
		t.Fatalf("%d: the YAML problem is not in Swedish: %s", r.Status, r.Body)
	}
	if strings.Contains(string(r.Body), "needs min") {
		t.Error("English checker text on the Swedish page")
	}
}
