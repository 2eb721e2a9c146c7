package xlsform

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// zipOf builds a zip with the given parts; a part given as a size instead
// of content is that many zero bytes, which deflate to almost nothing.
func zipOf(t *testing.T, parts map[string]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		switch c := content.(type) {
		case string:
			_, err = io.WriteString(w, c)
		case int:
			_, err = io.CopyN(w, zeros{}, int64(c))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// minimal is a valid form to build the refused files from.
func minimal() book {
	return book{
		"survey":   {{"type", "name", "label"}, {"text", "fritt", "Skriv"}},
		"settings": {{"form_title", "form_id"}, {"Titel", "titel"}},
	}
}

// The refused files never reach excelize: precheck, which reads only the
// zip's directory and the XML of the sheets, refuses them, and Read
// returns before opening the workbook.
func TestRefusedFiles(t *testing.T) {
	withFormula := func(t *testing.T) []byte {
		f, err := excelize.OpenReader(bytes.NewReader(minimal().bytes(t)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.SetCellFormula("survey", "C2", `HYPERLINK("https://example.com","Skriv")`); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula("settings", "B2", `LOWER("TITEL")`); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	many := map[string]any{}
	for i := 0; i <= maxParts; i++ {
		many[fmt.Sprintf("xl/part%d.xml", i)] = "<a/>"
	}
	cases := []struct {
		name string
		file func(t *testing.T) []byte
		want []Problem
	}{
		{"formula", withFormula, []Problem{
			{Sheet: "settings", Row: 2, Column: "B", Code: CodeFormula},
			{Sheet: "survey", Row: 2, Column: "C", Code: CodeFormula},
		}},
		// No workbook at all: excelize would fail on it, so a macro
		// problem shows that precheck spoke first.
		{"xlsm", func(t *testing.T) []byte {
			return zipOf(t, map[string]any{"xl/vbaProject.bin": "VBA", "[Content_Types].xml": "<Types/>"})
		}, []Problem{{Code: CodeMacros}}},
		{"macro-enabled content type", func(t *testing.T) []byte {
			return zipOf(t, map[string]any{"[Content_Types].xml": `<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>`})
		}, []Problem{{Code: CodeMacros}}},
		{"excel 4 macro sheet", func(t *testing.T) []byte {
			return zipOf(t, map[string]any{"xl/macrosheets/sheet1.xml": "<xm/>"})
		}, []Problem{{Code: CodeMacros}}},
		{"zip bomb, ratio", func(t *testing.T) []byte {
			return zipOf(t, map[string]any{"xl/worksheets/sheet1.xml": 8 << 20})
		}, []Problem{{Code: CodeCompressionRatio, Arg: "20"}}},
		{"zip bomb, size", func(t *testing.T) []byte {
			return zipOf(t, map[string]any{"xl/sharedStrings.xml": maxUnpacked + 1})
		}, []Problem{{Code: CodeUnpackedTooLarge, Arg: fmt.Sprint(maxUnpacked)}}},
		{"too many parts", func(t *testing.T) []byte { return zipOf(t, many) },
			[]Problem{{Code: CodeTooManyParts, Arg: fmt.Sprint(maxParts)}}},
		{"not a zip", func(*testing.T) []byte { return []byte("type,name,label\ntext,a,A\n") },
			[]Problem{{Code: CodeNotXLSX}}},
		{"old xls or password", func(*testing.T) []byte { return append(bytes.Clone(oleMagic), make([]byte, 600)...) },
			[]Problem{{Code: CodeProtected}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := c.file(t)
			if got := precheck(t.Context(), bytes.NewReader(data), int64(len(data)), DefaultMaxSize); !equalProblems(got, c.want) {
				t.Errorf("precheck:%s\nwant:%s", problemList(got), problemList(c.want))
			}
			sv, got := readBytes(data)
			if sv != nil || !equalProblems(got, c.want) {
				t.Errorf("Read: survey %v, problems:%s", sv != nil, problemList(got))
			}
		})
	}
}

func TestSizeLimitIsTheCallers(t *testing.T) {
	data := minimal().bytes(t)
	rd := Reader{MaxSize: int64(len(data)) - 1}
	sv, ps := rd.Read(t.Context(), bytes.NewReader(data), int64(len(data)))
	if sv != nil || len(ps) != 1 || ps[0].Code != CodeTooLarge {
		t.Fatalf("got %v:%s", sv != nil, problemList(ps))
	}
	if msg := ps[0].Message("sv"); msg == "" || !bytes.Contains([]byte(msg), []byte("MB")) {
		t.Errorf("message %q", msg)
	}
	rd.MaxSize = int64(len(data))
	if _, ps := rd.Read(t.Context(), bytes.NewReader(data), int64(len(data))); len(ps) > 0 {
		t.Fatalf("at the limit:%s", problemList(ps))
	}
}

func equalProblems(a, b []Problem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// excelize's SaveAs declares a content type for .bin parts in every file
// it writes; that declaration alone is no macro, and the file imports.
func TestAWorkbookSavedToAFileIsNoMacro(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(minimal().bytes(t)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "form.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, ps := Read(t.Context(), bytes.NewReader(data), int64(len(data)))
	for _, p := range ps {
		if p.Code == CodeMacros {
			t.Fatalf("refused as a macro: %+v", p)
		}
	}
}
