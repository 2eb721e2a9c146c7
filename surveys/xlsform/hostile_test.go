package xlsform

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"

	"medborgardialog/models"
)

// rawSheet is a worksheet written as XML in the test: the rows of
// sheetData, each row element written out.
type rawSheet struct {
	name string
	rows string
}

// rawWorkbook writes a workbook part by part, as Excel lays one out,
// without excelize: the hostile files must say exactly what the test
// wants, and excelize cannot even build some of them in memory.
func rawWorkbook(t testing.TB, sst []string, sheets ...rawSheet) []byte {
	t.Helper()
	var types, wbSheets, rels strings.Builder
	parts := map[string]string{}
	for i, s := range sheets {
		n := i + 1
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&wbSheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.name, n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", n)] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + s.rows + `</sheetData></worksheet>`
	}
	if sst != nil {
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, len(sheets)+1)
		var b strings.Builder
		fmt.Fprintf(&b, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(sst), len(sst))
		for _, s := range sst {
			b.WriteString("<si><t>" + html.EscapeString(s) + "</t></si>")
		}
		b.WriteString("</sst>")
		parts["xl/sharedStrings.xml"] = b.String()
	}
	parts["[Content_Types].xml"] = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` + types.String() + `</Types>`
	parts["_rels/.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	parts["xl/workbook.xml"] = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
		wbSheets.String() + `</sheets></workbook>`
	parts["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"} {
		if content, ok := parts[name]; ok {
			writePart(t, zw, name, content)
			delete(parts, name)
		}
	}
	for i := range sheets {
		name := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		writePart(t, zw, name, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writePart(t testing.TB, zw *zip.Writer, name, content string) {
	t.Helper()
	w, err := zw.Create(name)
	if err == nil {
		_, err = io.WriteString(w, content)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// inline is a cell holding text of its own.
func inline(ref, text string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + html.EscapeString(text) + `</t></is></c>`
}

// shared is a cell holding shared string i.
func shared(ref string, i int) string {
	return fmt.Sprintf(`<c r="%s" t="s"><v>%d</v></c>`, ref, i)
}

// The valid one-question form each hostile file is made from, so that
// what refuses it is what was added.
var (
	formHeader   = inline("A1", "type") + inline("B1", "name") + inline("C1", "label")
	formQuestion = inline("A2", "text") + inline("B2", "fritt") + inline("C2", "Skriv")
	formRows     = `<row r="1">` + formHeader + `</row><row r="2">` + formQuestion + `</row>`
	formSettings = `<row r="1">` + inline("A1", "form_title") + inline("B1", "form_id") + `</row>` +
		`<row r="2">` + inline("A2", "Titel") + inline("B2", "titel") + `</row>`
)

// formText is the text of the form's cells, which count towards the
// limit on all text too.
const formText = len("typenamelabeltextfrittSkrivform_titleform_idTiteltitel")

// hostileForm is the valid form with more rows on its survey sheet.
func hostileForm(t testing.TB, sst []string, moreRows string) []byte {
	return rawWorkbook(t, sst, rawSheet{"survey", formRows + moreRows}, rawSheet{"settings", formSettings})
}

// wideRows has one cell at column XFD, Excel's last, on each of 5,001
// rows: the old reader built every row 16,384 cells wide (6 GB).
func wideRows(t testing.TB) []byte {
	var b strings.Builder
	b.WriteString(`<row r="1">` + formHeader + inline("XFD1", "x") + `</row>`)
	b.WriteString(`<row r="2">` + formQuestion + inline("XFD2", "x") + `</row>`)
	for r := 3; r <= maxRows+1; r++ {
		fmt.Fprintf(&b, `<row r="%d">%s</row>`, r, inline(fmt.Sprintf("XFD%d", r), "x"))
	}
	return rawWorkbook(t, nil, rawSheet{"survey", b.String()}, rawSheet{"settings", formSettings})
}

// longString is n bytes of letters that do not compress well, as text
// pasted into a file does not.
func longString(n int) string {
	r := rand.New(rand.NewPCG(26, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return string(b)
}

// sharedBomb uses one shared string of 600 KB from 10,000 cells, two on
// each row: the old reader copied it into every cell (11.6 GB).
func sharedBomb(t testing.TB) []byte {
	var b strings.Builder
	for r := 3; r < 3+5000; r++ {
		fmt.Fprintf(&b, `<row r="%d">%s%s</row>`, r, shared(fmt.Sprintf("D%d", r), 0), shared(fmt.Sprintf("E%d", r), 0))
	}
	return hostileForm(t, []string{longString(600 << 10)}, b.String())
}

// tallSheet declares Excel's last row, 1,048,576, with a value in it:
// the old reader stepped through every row up to it.
func tallSheet(t testing.TB) []byte {
	return hostileForm(t, nil, `<row r="1048576">`+inline("A1048576", "x")+`</row>`)
}

// readMeasured reads data and says how many bytes were allocated
// meanwhile.
func readMeasured(ctx context.Context, data []byte) (*models.Survey, []Problem, uint64) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sv, ps := Read(ctx, bytes.NewReader(data), int64(len(data)))
	runtime.ReadMemStats(&after)
	return sv, ps, after.TotalAlloc - before.TotalAlloc
}

// maxAlloc bounds what reading a hostile file may allocate in all (issue
// 26: "peak memory stays under 200 MB"; what is allocated bounds the
// peak).
const maxAlloc = 200 << 20

// Each hostile file of issue 26 is refused at the cell that breaks a
// limit, with nothing built: no survey, one problem that names the cell,
// and far less than maxAlloc allocated.
func TestHostileWorkbooks(t *testing.T) {
	cases := []struct {
		name string
		file func(testing.TB) []byte
		want Problem
	}{
		{"wide rows", wideRows, Problem{Sheet: "survey", Row: 1, Column: "XFD", Code: CodeTooManyColumns, Arg: "200"}},
		{"shared string bomb", sharedBomb, Problem{Sheet: "survey", Row: 3, Column: "D", Code: CodeCellTooLong, Arg: "32768"}},
		{"tall sheet", tallSheet, Problem{Sheet: "survey", Row: 1048576, Column: "A", Code: CodeTooManyRows, Arg: "5000"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := c.file(t)
			t.Logf("file: %d KB", len(data)>>10)
			sv, ps, alloc := readMeasured(t.Context(), data)
			if len(ps) != 1 || ps[0] != c.want {
				t.Fatalf("want only %s, got:%s", c.want, problemList(ps))
			}
			if sv != nil {
				t.Error("a survey was built from a refused file")
			}
			if msg := ps[0].Text("sv"); !strings.Contains(msg, "Filen lästes inte") {
				t.Errorf("the Swedish message does not say the file was refused: %q", msg)
			}
			t.Logf("allocated %d KB while reading", alloc>>10)
			if alloc > maxAlloc {
				t.Errorf("reading allocated %d MB, more than %d MB", alloc>>20, maxAlloc>>20)
			}
		})
	}
}

// deepSheet opens 2 million nested elements in a row of the survey sheet: a
// file of 430 KB (a random shared string keeps it from compressing past
// the zip-bomb ratio) for which encoding/xml kept a record per level,
// 900 MB in all.
func deepSheet(t testing.TB) []byte {
	return rawWorkbook(t, []string{longString(700 << 10)},
		rawSheet{"survey", formRows + `<row r="3">` + strings.Repeat("<a>", 2_000_000) + `</row>`},
		rawSheet{"settings", formSettings})
}

// Elements nested deeper than any sheet needs refuse the file where the
// nesting passes maxDepth, before the decoder has paid for the rest.
func TestDeeplyNestedSheet(t *testing.T) {
	data := deepSheet(t)
	t.Logf("file: %d KB", len(data)>>10)
	sv, ps, alloc := readMeasured(t.Context(), data)
	if sv != nil || len(ps) != 1 || ps[0].Code != CodeUnreadable || ps[0].Sheet != "survey" || !strings.Contains(ps[0].Arg, "nested more than 100 deep") {
		t.Fatalf("survey %v,%s", sv != nil, problemList(ps))
	}
	t.Logf("allocated %d KB while reading", alloc>>10)
	if alloc > maxAlloc {
		t.Errorf("reading allocated %d MB, more than %d MB", alloc>>20, maxAlloc>>20)
	}
}

// manySheets lists 120,000 sheets in the workbook part of a valid form:
// a file of 870 KB whose sheet list the old precheck decoded whole.
func manySheets(t testing.TB) []byte {
	var b strings.Builder
	for i := range 120_000 {
		fmt.Fprintf(&b, `<sheet name="s%d" sheetId="%d" r:id="rId%d"/>`, i, i+10, i+10)
	}
	return rawWorkbookWith(t, func(name, content string) string {
		if name == "xl/workbook.xml" {
			return strings.Replace(content, "</sheets>", b.String()+"</sheets>", 1)
		}
		return content
	})
}

// rawWorkbookWith is the valid form with its parts passed through change.
func rawWorkbookWith(t testing.TB, change func(name, content string) string) []byte {
	t.Helper()
	return rezip(t, hostileForm(t, nil, ""), change, nil)
}

// A workbook may list no more sheets than a file may have parts.
func TestTooManySheetsListed(t *testing.T) {
	data := manySheets(t)
	t.Logf("file: %d KB", len(data)>>10)
	sv, ps, alloc := readMeasured(t.Context(), data)
	if sv != nil || len(ps) != 1 || ps[0] != (Problem{Code: CodeTooManyParts, Arg: "1000"}) {
		t.Fatalf("survey %v,%s", sv != nil, problemList(ps))
	}
	t.Logf("allocated %d KB while reading", alloc>>10)
	if alloc > 16<<20 {
		t.Errorf("reading allocated %d MB", alloc>>20)
	}
}

// A string of many rich-text runs costs time in proportion to its runs:
// 300,000 empty runs and one with text read as that text.
func TestManyRunsInAString(t *testing.T) {
	label := `<c r="C3" t="inlineStr"><is>` + strings.Repeat("<r></r>", 300_000) + `<r><t>Skriv mer</t></r></is></c>`
	// An unused shared string of random letters keeps the file under the
	// zip-bomb ratio.
	data := hostileForm(t, []string{longString(200 << 10)}, `<row r="3">`+inline("A3", "text")+inline("B3", "mer")+label+`</row>`)
	sv, ps := readBytes(data)
	if sv == nil || len(ps) > 0 || len(sv.Questions) != 2 || sv.Questions[1].Text["sv"] != "Skriv mer" {
		t.Fatalf("survey %v,%s", sv != nil, problemList(ps))
	}
}

// A shared string counts towards the 10 MB of cell text at every cell
// that uses it: 20 KB used from 600 cells is 12 MB, refused at the cell
// that passes the limit.
func TestSharedStringCountsAtEveryUse(t *testing.T) {
	const n = 20 << 10
	var b strings.Builder
	for r := 3; r < 3+600; r++ {
		b.WriteString(`<row r="` + itoa(r) + `">` + shared("D"+itoa(r), 0) + `</row>`)
	}
	data := hostileForm(t, []string{longString(n)}, b.String())
	// The form's own cells come first; the cell that passes the limit
	// is the k-th use of the string.
	k := (maxTextBytes-formText)/n + 1
	want := Problem{Sheet: "survey", Row: 2 + k, Column: "D", Code: CodeTooMuchText, Arg: itoa(maxTextBytes)}
	sv, ps, alloc := readMeasured(t.Context(), data)
	if sv != nil || len(ps) != 1 || ps[0] != want {
		t.Fatalf("want only %s, got:%s", want, problemList(ps))
	}
	if alloc > maxAlloc {
		t.Errorf("reading allocated %d MB", alloc>>20)
	}
	// Used once it is an ordinary cell, under both limits: the label of
	// a second question.
	data = hostileForm(t, []string{longString(n)}, `<row r="3">`+inline("A3", "text")+inline("B3", "lang")+shared("C3", 0)+`</row>`)
	sv, ps = readBytes(data)
	if sv == nil || len(sv.Questions) != 2 || len(sv.Questions[1].Text["sv"]) != n {
		t.Fatalf("one use of the string: survey %v,%s", sv != nil, problemList(ps))
	}
	for _, p := range ps {
		if p.Code == CodeCellTooLong || p.Code == CodeTooMuchText {
			t.Errorf("one use of the string: %s", p)
		}
	}
}

// What the limits do not touch still reads as before: empty cells and
// rows, however far out and however formatted, are skipped without
// stepping through the rows between.
func TestEmptyCellsFarOutAreSkipped(t *testing.T) {
	data := hostileForm(t, nil, `<row r="9000" ht="30" customHeight="1"><c r="XFD9000" s="1"/><c r="A9000" s="1"><v></v></c></row><row r="1048576" s="1" customFormat="1"/>`)
	sv, ps, alloc := readMeasured(t.Context(), data)
	if sv == nil || len(ps) > 0 {
		t.Fatalf("problems:%s", problemList(ps))
	}
	if alloc > 16<<20 {
		t.Errorf("reading allocated %d MB", alloc>>20)
	}
}

// A context that has ended stops the reading before it starts, and one
// that ends while a sheet is read stops it there: the reader looks at it
// every few thousand XML tokens.
func TestReadingStopsWithTheContext(t *testing.T) {
	var b strings.Builder
	for r := 3; r <= maxRows+1; r++ {
		fmt.Fprintf(&b, `<row r="%d">%s%s%s</row>`, r, inline(fmt.Sprintf("A%d", r), "text"), inline(fmt.Sprintf("B%d", r), fmt.Sprintf("q%d", r)), inline(fmt.Sprintf("C%d", r), "Skriv"))
	}
	data := hostileForm(t, nil, b.String())
	sv, ps := readBytes(data)
	if sv == nil || len(sv.Questions) != maxRows {
		t.Fatalf("with time to read it, the workbook reads: survey %v,%s", sv != nil, problemList(ps))
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	sv, ps = Read(ctx, bytes.NewReader(data), int64(len(data)))
	if sv != nil || len(ps) != 1 || ps[0].Code != CodeInterrupted {
		t.Fatalf("an ended context: survey %v,%s", sv != nil, problemList(ps))
	}

	// precheck looks at the context a number of times; one that ends a
	// few looks later ends while the sheets are read.
	pre := &endsAfter{Context: t.Context(), looks: 1 << 30}
	if ps := precheck(pre, bytes.NewReader(data), int64(len(data)), DefaultMaxSize); len(ps) > 0 {
		t.Fatalf("precheck:%s", problemList(ps))
	}
	mid := &endsAfter{Context: t.Context(), looks: pre.n + 8}
	sv, ps = Read(mid, bytes.NewReader(data), int64(len(data)))
	if sv != nil || len(ps) != 1 || ps[0].Code != CodeInterrupted {
		t.Fatalf("a context that ended while reading: survey %v,%s", sv != nil, problemList(ps))
	}
	if mid.n <= mid.looks {
		t.Fatalf("the context was looked at %d times only", mid.n)
	}
}

// endsAfter is a context that reports it has been cancelled once it has
// been asked more than looks times: a cancellation that arrives in the
// middle of the reading, without a clock.
type endsAfter struct {
	context.Context
	looks, n int
}

func (c *endsAfter) Err() error {
	if c.n++; c.n > c.looks {
		return context.Canceled
	}
	return nil
}

// BenchmarkHostileWorkbooks measures reading each hostile file of issue
// 26 to its refusal, beside the template (a real form) for scale:
//
//	go test ./surveys/xlsform -run '^$' -bench HostileWorkbooks -benchmem
func BenchmarkHostileWorkbooks(b *testing.B) {
	template, err := os.ReadFile(examplePath)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"template", template},
		{"wide rows", wideRows(b)},
		{"shared string bomb", sharedBomb(b)},
		{"tall sheet", tallSheet(b)},
		{"deep sheet", deepSheet(b)},
		{"many sheets", manySheets(b)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				Read(b.Context(), bytes.NewReader(c.data), int64(len(c.data)))
			}
		})
	}
}
