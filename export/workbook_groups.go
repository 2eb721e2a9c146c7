package export

import "fmt"

// groups writes the Nyckeltal per grupp sheet: one table, one row per
// indicator and group of each breakdown present, with the whole
// population's figure first. Hidden cells show "–" with a note on the row.
func (wb *workbook) groups() error {
	tx, st, res := wb.tx, &wb.st, wb.res
	s := wb.sheet(tx.sheetGroups)
	s.widths(62, 14, 30, 9, 10, 12, 12, 48)
	const cols = 8
	s.header(1, st.header, tx.hIndicator, tx.hDimension, tx.hGroup, tx.hN, tx.hShare, tx.hCILow, tx.hCIHigh, tx.hNote)
	row := 1
	note := fmt.Sprintf(tx.hiddenNote, res.MinCell)
	put := func(label, dim, group string, sh Share) {
		row++
		s.set(1, row, label, 0)
		s.set(2, row, dim, 0)
		s.set(3, row, group, 0)
		s.count(4, row, sh.N, sh.Hidden, st)
		s.share(5, row, sh.Share, sh.Hidden, st)
		s.share(6, row, sh.CILow, sh.Hidden, st)
		s.share(7, row, sh.CIHigh, sh.Hidden, st)
		if sh.Hidden {
			s.set(8, row, note, st.note)
		}
	}
	if res.Hidden {
		row++
		s.set(1, row, fmt.Sprintf(tx.hiddenAll, res.MinCell), 0)
	} else {
		for i := range res.Indicators {
			ir := &res.Indicators[i]
			label := ir.Label.In(tx.lang)
			put(label, tx.all, tx.all, ir.Share)
			for _, dim := range res.Dimensions {
				for _, gs := range ir.By[dim] {
					put(label, wb.dimLabel(dim), wb.groupLabel(gs.Group), gs.Share)
				}
			}
		}
	}
	last := row
	s.set(1, last+2, fmt.Sprintf(tx.hiddenLegend, res.MinCell), st.note)
	s.freezeHeader(cols, last)
	return s.err
}
