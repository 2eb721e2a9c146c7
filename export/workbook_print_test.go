package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// libreOffice is the path of LibreOffice, or the test fails: a workbook
// that only prints well in theory is the bug this test guards against.
// DIALOG_SKIP_LIBREOFFICE=1 skips it on purpose (CI unsets it, and
// .ci/run installs libreoffice-calc), as the browser tests treat
// Chromium.
func libreOffice(t *testing.T) string {
	t.Helper()
	if os.Getenv("DIALOG_SKIP_LIBREOFFICE") == "1" {
		t.Skip("DIALOG_SKIP_LIBREOFFICE=1: LibreOffice print test skipped on purpose")
	}
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("the print test needs LibreOffice (apt-get install -y --no-install-recommends libreoffice-calc), or DIALOG_SKIP_LIBREOFFICE=1 to skip it")
	return ""
}

var pdfPageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)

// printedPages renders the workbook in LibreOffice and counts the printed
// pages of each visible sheet: one copy per sheet with the others hidden
// (hidden sheets are not printed), all converted in one run.
func printedPages(t *testing.T, lo string, data []byte) map[string]int {
	t.Helper()
	dir := t.TempDir()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	sheets := visibleSheets(t, f)
	f.Close()
	var files []string
	for i, sheet := range sheets {
		c, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		idx, _ := c.GetSheetIndex(sheet)
		c.SetActiveSheet(idx)
		for _, other := range sheets {
			if other != sheet {
				if err := c.SetSheetVisible(other, false); err != nil {
					t.Fatal(err)
				}
			}
		}
		name := filepath.Join(dir, "sheet"+string(rune('a'+i))+".xlsx")
		if err := c.SaveAs(name); err != nil {
			t.Fatal(err)
		}
		c.Close()
		files = append(files, name)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}, files...)
	if out, err := exec.Command(lo, args...).CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pages := map[string]int{}
	for i, sheet := range sheets {
		pdf, err := os.ReadFile(strings.TrimSuffix(files[i], ".xlsx") + ".pdf")
		if err != nil {
			t.Fatalf("%s: no PDF: %v", sheet, err)
		}
		pages[sheet] = len(pdfPageRE.FindAll(pdf, -1))
	}
	return pages
}

// TestWorkbookPrintsInLibreOffice: the lägesbild printed from LibreOffice
// is a document to put on the table, not 52 pages of numbers: Översikt on
// one or two pages, every sheet within a few, the whole far below that.
func TestWorkbookPrintsInLibreOffice(t *testing.T) {
	lo := libreOffice(t)
	fx := newFixture(t)
	data, _ := fx.write(t, "sv", fx.res, fx.resps)
	pages := printedPages(t, lo, data)
	total := 0
	for _, n := range pages {
		total += n
	}
	t.Logf("printed pages per sheet: %v, %d in all", pages, total)
	if n := pages["Översikt"]; n < 1 || n > 2 {
		t.Errorf("Översikt prints on %d pages, want one or two", n)
	}
	for sheet, n := range pages {
		if n == 0 {
			t.Errorf("%s prints nothing", sheet)
		}
	}
	if total > 30 {
		t.Errorf("the workbook prints on %d pages, want far below 52 (at most 30)", total)
	}
}
