package export

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var rowBreakRE = regexp.MustCompile(`<brk id="(\d+)"[^>]*man="(?:1|true)"`)

// TestWorkbookQuestionBlocksAreHeaded: in Frågor every block of numbers
// (a closed question, or one row of a grid) is headed by a row with its
// question in words, and every manual page break falls on such a heading,
// so no printed page starts with numbers nobody can place.
func TestWorkbookQuestionBlocksAreHeaded(t *testing.T) {
	fx := newFixture(t)
	data, f := fx.write(t, "sv", fx.res, fx.resps)
	rows := rowsOf(t, f, "Frågor")
	headings := map[int]bool{}
	blocks := 0
	for i := 1; i < len(rows); i++ {
		id := cellAt(rows[i], 0)
		q, ok := fx.sv.Question(id)
		if !ok || cellAt(rows[i-1], 0) == id {
			continue
		}
		blocks++
		head := cellAt(rows[i-1], 0)
		text := q.Text.In("sv")
		if !strings.HasPrefix(head, text) || rowLabelOf(rows[i]) != "" && !strings.HasSuffix(head, " – "+rowLabelOf(rows[i])) {
			t.Errorf("row %d: the block of %s is headed %q, want its question %q", i+1, id, head, text)
		}
		headings[i] = true // the heading is rows[i-1]: row i, counted from 1
	}
	if blocks < 10 {
		t.Fatalf("only %d blocks in Frågor", blocks)
	}
	sheet := zipFile(t, openZip(t, data), "xl/worksheets/sheet3.xml")
	breaks := rowBreakRE.FindAllStringSubmatch(sheet, -1)
	if len(breaks) == 0 {
		t.Fatal("Frågor has no page breaks between its blocks")
	}
	for _, b := range breaks {
		// A break with id n falls after row n: the next page starts at n+1.
		n, _ := strconv.Atoi(b[1])
		if !headings[n+1] {
			t.Errorf("a page starts at row %d, %q, not at a question's heading", n+1, rows[n])
		}
	}
}

func rowLabelOf(row []string) string { return cellAt(row, 2) }
