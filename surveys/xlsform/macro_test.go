package xlsform

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// rezip copies a workbook, passing each part's content through change
// and adding the parts in add.
func rezip(t testing.TB, data []byte, change func(name, content string) string, add map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		writePart(t, zw, f.Name, change(f.Name, string(content)))
	}
	for name, content := range add {
		writePart(t, zw, name, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A VBA project is a macro whatever its part is called: found by its
// content type or by the relationship that points at it (issue 26,
// finding 3). Each file is an otherwise valid form.
func TestMacrosUnderAnotherName(t *testing.T) {
	const vba = "application/vnd.ms-office.vbaProject"
	form := minimal().bytes(t)
	insert := func(part, what string) func(name, content string) string {
		return func(name, content string) string {
			if name != part {
				return content
			}
			i := strings.LastIndex(content, "</")
			return content[:i] + what + content[i:]
		}
	}
	code := map[string]string{"xl/project.dat": "VBA project, not called vbaProject.bin"}
	cases := map[string][]byte{
		"override": rezip(t, form, insert("[Content_Types].xml", `<Override PartName="/xl/project.dat" ContentType="`+vba+`"/>`), code),
		"default":  rezip(t, form, insert("[Content_Types].xml", `<Default Extension="dat" ContentType="`+vba+`"/>`), code),
		"signature": rezip(t, form, insert("[Content_Types].xml", `<Override PartName="/xl/sig.dat" ContentType="application/vnd.ms-office.vbaProjectSignature"/>`),
			map[string]string{"xl/sig.dat": "signature"}),
		"relationship": rezip(t, form, insert("xl/_rels/workbook.xml.rels",
			`<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="project.dat"/>`), code),
		"excel 4 macro sheet elsewhere": rezip(t, form, insert("xl/_rels/workbook.xml.rels",
			`<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="worksheets/sheet9.xml"/>`),
			map[string]string{"xl/worksheets/sheet9.xml": "<xm/>"}),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			sv, ps := readBytes(data)
			if sv != nil || len(ps) != 1 || ps[0].Code != CodeMacros {
				t.Fatalf("survey %v,%s", sv != nil, problemList(ps))
			}
		})
	}
	// The VBA type declared for an extension no part has is no macro:
	// excelize declares it for .bin in every file it saves.
	declared := rezip(t, form, insert("[Content_Types].xml", `<Default Extension="bin" ContentType="`+vba+`"/>`), nil)
	if sv, ps := readBytes(declared); sv == nil || len(ps) > 0 {
		t.Fatalf("a declaration alone: survey %v,%s", sv != nil, problemList(ps))
	}
	// Nor is a part of that extension that an Override types otherwise.
	printer := rezip(t, form, insert("[Content_Types].xml", `<Default Extension="bin" ContentType="`+vba+`"/>`+
		`<Override PartName="/xl/printerSettings/printerSettings1.bin" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"/>`),
		map[string]string{"xl/printerSettings/printerSettings1.bin": "printer"})
	if sv, ps := readBytes(printer); sv == nil || len(ps) > 0 {
		t.Fatalf("printer settings: survey %v,%s", sv != nil, problemList(ps))
	}
}
