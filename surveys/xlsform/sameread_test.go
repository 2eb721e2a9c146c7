package xlsform

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeRows is how this package read a sheet before issue 26:
// excelize's row iterator with raw cell values, Excel's row n at index
// n-1. It is kept here as the reference the workbook reader must match.
func excelizeRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnpacked, UnzipXMLSizeLimit: maxUnpacked})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	it, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var out [][]string
	for n := 1; it.Next(); n++ {
		row, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(row) == 0 {
			continue
		}
		for len(out) < n-1 {
			out = append(out, nil)
		}
		out = append(out, row)
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Everything the reader accepted before reads the same, cell for cell:
// the files the service writes, the template, a KoboToolbox form, cells
// Excel typed as numbers, booleans and dates, and the corners of the
// format a hand-made file can reach (cells and rows without references,
// rich text, escapes, shared strings out of range, rows out of order).
func TestCellsReadAsExcelizeReadsThem(t *testing.T) {
	files := map[string][]byte{
		"kobo":  koboForm("label::Svenska (sv)").bytes(t),
		"typed": typedWorkbook(t),
		"corners": rawWorkbook(t,
			[]string{"plain", "  spaced  ", "line_x000D_\nbreak", "under_x005F_x0041_score", ""},
			rawSheet{"survey", `<row r="1" spans="1:4">` + inline("A1", "type") + `<c r="B1" s="3" t="s"><v>0</v></c><c t="s"><v> 1 </v></c><c r="E1" t="s"><v>9</v></c><c r="F1" t="s"><v>x</v></c></row>` +
				`<row><c r="A2" t="inlineStr"><is><r><t>rich</t></r><r><rPr><b/></rPr><t xml:space="preserve"> text</t></r><rPh><t>ignored</t></rPh></is></c>` +
				`<c r="C2" t="s"><v>2</v></c><c r="D2" t="s"><v>3</v></c><c r="E2" t="s"><v>4</v></c></row>` +
				`<row r="4"><c r="B4" t="b"><v>1</v></c><c r="A4"><v>3.50</v></c><c t="str"><v>  </v></c><c r="F4" t="e"><v>#N/A</v></c><c r="G4" t="d"><v>2024-01-09T00:00:00Z</v></c></row>` +
				`<row r="3"><c r="H3" t="inlineStr"><is><t>late</t></is></c></row>` +
				`<row r="7"><c r="A7" s="2"/><c r="B7"><v></v></c></row>` +
				`<row r="9"><c r="C9" t="inlineStr"><is><t>a</t><t>b</t></is></c></row>`},
			rawSheet{"settings", formSettings}),
	}
	for _, sv := range builtins(t) {
		var buf bytes.Buffer
		if err := Write(&buf, sv); err != nil {
			t.Fatal(err)
		}
		files["builtin "+sv.Slug] = buf.Bytes()
	}
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	files["template"] = data
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			sheets, err := readSheets(context.Background(), bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if len(sheets) == 0 {
				t.Fatal("no sheets read")
			}
			for _, s := range sheets {
				if s.err != nil {
					t.Fatalf("%s: %v", s.name, s.err)
				}
				if want := excelizeRows(t, data, s.name); !reflect.DeepEqual(s.rows, want) {
					t.Errorf("sheet %s:\n got %q\nwant %q", s.name, s.rows, want)
				}
			}
		})
	}
}

// typedWorkbook holds what authors type into Excel: numbers, TRUE, dates.
func typedWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Survey"))
	must(f.SetSheetRow("Survey", "A1", &[]any{"type", "name", "label", "required", "min", "max"}))
	must(f.SetSheetRow("Survey", "A2", &[]any{"integer", "alder", "Ålder\r\nny rad", true, 10, 20.5}))
	_, err := f.NewSheet("settings")
	must(err)
	must(f.SetSheetRow("settings", "A1", &[]any{"form_title", "form_id", "opens_at"}))
	must(f.SetSheetRow("settings", "A3", &[]any{"Titel", "titel", time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)}))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}
