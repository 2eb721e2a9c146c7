package export

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
)

// freeText writes the Fritext sheet with the stream writer, since it grows
// with the number of responses: a note asking the reader to check the
// texts before sharing the file, a header row (question id, question,
// answer, check) and one row per text, grouped by question in survey
// order, marked in the last column when it may name someone
// (namecheck.go). Nothing else about the writer is in the row.
//
// Texts of a question fewer than min_cell answered are not shown, nor any
// when the whole selection is too small: a handful of texts from a small
// class is easy to attribute, and their number is a count disclosure
// control would hide.
func (wb *workbook) freeText() error {
	tx, st, res, sp := wb.tx, &wb.st, wb.res, wb.in.Texts
	lang := tx.lang
	name := tx.sheetFreeText

	type textQ struct {
		q        *models.Question
		withheld bool
		n        int
	}
	var qs []textQ
	rows := 2 // the note and the header
	for i := range wb.sv.Questions {
		q := &wb.sv.Questions[i]
		if q.Type != models.TypeText {
			continue
		}
		n := sp.Count(q.ID)
		if n == 0 {
			continue
		}
		withheld := res.Hidden || n < res.MinCell
		for j := range res.Questions {
			if res.Questions[j].ID == q.ID && res.Questions[j].Hidden {
				withheld = true
			}
		}
		qs = append(qs, textQ{q: q, withheld: withheld, n: n})
		if withheld {
			rows++
		} else {
			rows += n
		}
	}
	// A worksheet holds TotalRows rows; the last one says what did not fit.
	truncated := 0
	if rows > excelize.TotalRows {
		truncated = rows - (excelize.TotalRows - 1)
		rows = excelize.TotalRows
	}
	if len(qs) == 0 {
		rows = 2
	}

	// Autofilter and panes must be set before the stream writer starts.
	if err := wb.f.AutoFilter(name, fmt.Sprintf("A2:D%d", max(rows, 3)), nil); err != nil {
		return err
	}
	if err := wb.printLayout(name, true, 2, ""); err != nil {
		return err
	}
	sw, err := wb.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(frozenRows(2)); err != nil {
		return err
	}
	// The stream writer lists columns in the reverse order of these calls,
	// and Excel wants them ascending.
	for _, c := range []struct {
		col int
		w   float64
	}{{4, 18}, {3, answerWidth}, {2, 50}, {1, 22}} {
		if err := sw.SetColWidth(c.col, c.col, c.w); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.wrap, Value: tx.textsCheck}},
		excelize.RowOpts{Height: estimateHeight(tx.textsCheck, answerWidth+90)}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", "D1"); err != nil {
		return err
	}
	hdr := []any{
		excelize.Cell{StyleID: st.header, Value: tx.hQuestionID},
		excelize.Cell{StyleID: st.header, Value: tx.hQuestion},
		excelize.Cell{StyleID: st.header, Value: tx.hAnswer},
		excelize.Cell{StyleID: st.header, Value: tx.hReview},
	}
	if err := sw.SetRow("A2", hdr); err != nil {
		return err
	}
	row := 2
	vals := make([]any, 4)
	put := func(id, question string, text string, style int) error {
		row++
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		// Each value is a plain string: the stream writer stores it as an
		// inline string, never as a formula, whatever it starts with.
		vals[0] = excelize.Cell{StyleID: st.top, Value: id}
		vals[1] = excelize.Cell{StyleID: st.top, Value: question}
		vals[2] = excelize.Cell{StyleID: style, Value: text}
		out := vals[:3]
		if style == st.textCell && mayNameSomeone(text, wb.in.Schools) {
			vals[3] = excelize.Cell{StyleID: st.top, Value: tx.mayName}
			out = vals
		}
		// Spreadsheets do not size rows of wrapped text on opening, so
		// a long or multi-line answer gets its height here.
		if len(text) > answerWidth || strings.ContainsAny(text, "\n\r") {
			return sw.SetRow(cell, out, excelize.RowOpts{Height: estimateHeight(text, answerWidth)})
		}
		return sw.SetRow(cell, out)
	}
	switch {
	case wb.in.TextsFiltered:
		if err := put("", "", tx.textsFiltered, st.note); err != nil {
			return err
		}
	case sp == nil || len(qs) == 0:
		if err := put("", "", tx.noTexts, st.note); err != nil {
			return err
		}
	default:
		for _, t := range qs {
			text := t.q.Text.In(lang)
			if t.withheld {
				if err := put(t.q.ID, text, fmt.Sprintf(tx.textsWithheld, res.MinCell), st.note); err != nil {
					return err
				}
				continue
			}
			err := sp.Each(t.q.ID, func(s string) error {
				if row >= rows-1 && truncated > 0 {
					return errFull
				}
				return put(t.q.ID, text, s, st.textCell)
			})
			if errors.Is(err, errFull) {
				break
			}
			if err != nil {
				return err
			}
		}
		if truncated > 0 {
			if err := put("", "", fmt.Sprintf(tx.textsTruncated, truncated), st.note); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// answerWidth is the width of the answer column, in characters.
const answerWidth = 100

// errFull stops reading texts once the worksheet is full.
var errFull = errors.New("worksheet full")
