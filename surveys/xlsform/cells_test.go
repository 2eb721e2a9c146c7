package xlsform

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Authors type numbers, TRUE and dates into Excel, which stores them as
// numbers and booleans, not as text; they read the same as text does.
func TestTypedCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Survey")) // sheet names are matched without regard to case
	must(f.SetSheetRow("Survey", "A1", &[]any{"type", "name", "label", "required", "min", "max"}))
	must(f.SetSheetRow("Survey", "A2", &[]any{"integer", "alder", "Ålder", true, 10, 20.0}))
	_, err := f.NewSheet("Settings")
	must(err)
	must(f.SetSheetRow("Settings", "A1", &[]any{"form_title", "form_id", "version", "opens_at"}))
	must(f.SetSheetRow("Settings", "A2", &[]any{"Titel", "titel", 4, time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)}))
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetCellStyle("Settings", "D2", "D2", date))
	_, err = f.NewSheet("promise")
	must(err)
	must(f.SetSheetRow("promise", "A1", &[]any{"name", "from", "to"}))
	must(f.SetSheetRow("promise", "A2", &[]any{"Löfte", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "2024-12-31"}))
	must(f.SetCellStyle("promise", "B2", "B2", date))
	var buf bytes.Buffer
	must(f.Write(&buf))

	sv, ps := readBytes(buf.Bytes())
	if len(ps) > 0 {
		t.Fatalf("problems:%s", problemList(ps))
	}
	q := sv.Questions[0]
	switch {
	case !q.Required || *q.Min != 10 || *q.Max != 20:
		t.Errorf("question %+v", q)
	case sv.Version != 4:
		t.Errorf("version %d", sv.Version)
	case sv.OpensAt == nil || !sv.OpensAt.Equal(time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)):
		t.Errorf("opens_at %v", sv.OpensAt)
	case sv.Promise == nil || sv.Promise.From != "2024-01-01" || sv.Promise.To != "2024-12-31":
		t.Errorf("promise %+v", sv.Promise)
	}
}

// Without a settings sheet, the problems say which cells to add.
func TestMissingSettings(t *testing.T) {
	b := book{"survey": {{"type", "name", "label"}, {"text", "fritt", "Skriv"}}}
	_, ps := readBytes(b.bytes(t))
	want := []Problem{
		{Code: CodeMissingSheet, Arg: "settings"},
		{Sheet: "settings", Row: 2, Column: "form_id"},
		{Sheet: "settings", Row: 2, Column: "form_title"},
	}
	if len(ps) != len(want) {
		t.Fatalf("got:%s", problemList(ps))
	}
	for i, w := range want {
		p := ps[i]
		if p.Sheet != w.Sheet || p.Row != w.Row || p.Column != w.Column || (w.Code != "" && p.Code != w.Code) {
			t.Errorf("%d: got %s", i, p)
		}
	}
}
