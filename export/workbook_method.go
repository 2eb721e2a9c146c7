package export

import (
	"fmt"
	"slices"
	"strings"

	"medborgardialog/models"
)

// method writes the Metod sheet: what the file is, how each indicator is
// defined, and in plain words the disclosure rule, the interval and the
// change test behind the figures.
func (wb *workbook) method() error {
	tx, st, sv, res := wb.tx, &wb.st, wb.sv, wb.res
	lang := tx.lang
	s := wb.sheet(tx.sheetMethod)
	widths := []float64{40, 50, 36, 36, 12}
	s.widths(widths...)

	row := 1
	s.set(1, row, tx.sheetMethod+" – "+sv.Title.In(lang), st.title)
	row += 2
	s.set(1, row, tx.mAbout, st.h2)
	row++
	kv := func(k string, v any) {
		s.set(1, row, k, st.bold)
		s.set(2, row, v, 0)
		row++
	}
	kv(tx.survey, sv.Title.In(lang))
	kv(tx.surveyID, fmt.Sprintf("%s, version %d", sv.Slug, sv.Version))
	if sv.Wave != "" {
		kv(tx.wave, sv.Wave)
	}
	kv(tx.generated, wb.generated())
	kv(tx.mVersion, wb.in.Version)
	if res.Hidden {
		kv(tx.responses, fmt.Sprintf(tx.hiddenAll, res.MinCell))
	} else {
		kv(tx.responses, res.N)
	}
	kv(tx.mExcluded, wb.excluded())
	if len(res.Languages) > 0 {
		kv(tx.mLangs, fmt.Sprintf(tx.mLangsText, res.MinCell))
		for _, l := range res.Languages {
			name, ok := tx.langNames[l.Lang]
			if !ok {
				name = l.Lang
			}
			if l.Hidden {
				kv(name, fmt.Sprintf(tx.mLangHidden, res.MinCell))
			} else {
				kv(name, l.N)
			}
		}
	}
	if cw := res.ComparedWith; cw != nil {
		kv(tx.comparedWith, strings.TrimSpace(cw.Survey+" "+cw.Wave))
	}
	kv(tx.period, wb.period())
	if len(wb.in.Filters) == 0 {
		kv(tx.filters, tx.noFilters)
	} else {
		kv(tx.filters, tx.mFiltersText)
		for _, f := range wb.in.Filters {
			kv("", wb.filterLabel(f))
		}
	}
	row++

	s.set(1, row, tx.mIndicators, st.h2)
	row++
	s.header(row, st.header, tx.hIndicator, tx.hQuestion, tx.mCounts, tx.mLeftOut, tx.mBetter)
	for i := range sv.Indicators {
		ind := &sv.Indicators[i]
		row++
		counts, leftOut := wb.indicatorOptions(ind)
		question := ind.Question
		if q, ok := sv.Question(ind.Question); ok {
			question += ": " + q.Text.In(lang)
			if ind.Row != "" {
				if r, ok := q.Row(ind.Row); ok {
					question += " – " + r.Label.In(lang)
				}
			}
		}
		better := tx.mLower
		if ind.Better == models.BetterHigher {
			better = tx.mHigher
		}
		cells := []string{ind.Label.In(lang), question, counts, leftOut, better}
		height := 15.0
		for c, v := range cells {
			s.set(c+1, row, v, st.wrap)
			height = max(height, estimateHeight(v, widths[c]))
		}
		if s.err == nil {
			s.err = wb.f.SetRowHeight(tx.sheetMethod, row, height)
		}
	}
	row++

	paras := []struct{ title, text string }{
		{tx.mDisclosure, tx.adjusted + " " + fmt.Sprintf(tx.mDisclosureText, res.MinCell)},
		{tx.mQuerySpace, tx.mQuerySpaceText},
		{tx.mInterval, tx.mIntervalText},
		{tx.mChange, tx.mChangeText},
		{tx.mShares, tx.mSharesText},
		{tx.mFreeText, fmt.Sprintf(tx.mFreeTextText, res.MinCell)},
	}
	if wb.in.Followup != nil {
		paras = append(paras, struct{ title, text string }{tx.mFollowup, tx.mFollowupText})
	}
	s.set(1, row+1, tx.mMade, st.h2)
	row += 2
	for _, p := range paras {
		s.set(1, row, p.title, st.bold)
		s.set(2, row, p.text, st.wrap)
		if s.err == nil {
			s.err = wb.f.MergeCell(tx.sheetMethod, fmt.Sprintf("B%d", row), fmt.Sprintf("E%d", row))
		}
		if s.err == nil {
			s.err = wb.f.SetRowHeight(tx.sheetMethod, row, estimateHeight(p.text, 50+36+36+12))
		}
		row++
	}
	return s.err
}

// indicatorOptions names, in the workbook's language, the answers an
// indicator counts and the answers it leaves out of its denominator: its
// own exclude list and the question's options marked exclude, unless
// counted (the rule the Tally applies).
func (wb *workbook) indicatorOptions(ind *models.Indicator) (counts, leftOut string) {
	lang := wb.tx.lang
	q, ok := wb.sv.Question(ind.Question)
	label := func(v string) string {
		if ok {
			if o, found := q.Option(v); found {
				if l := o.Label.In(lang); l != "" {
					return l
				}
			}
		}
		return v
	}
	var c, l []string
	for _, v := range ind.Count {
		c = append(c, label(v))
	}
	var out []string
	out = append(out, ind.Exclude...)
	if ok {
		for _, o := range q.Options {
			if o.Exclude && !slices.Contains(out, o.Value) {
				out = append(out, o.Value)
			}
		}
	}
	for _, v := range out {
		if !slices.Contains(ind.Count, v) {
			l = append(l, label(v))
		}
	}
	return strings.Join(c, "; "), strings.Join(l, "; ")
}

// excluded says how many sessions of the survey were excluded from every
// figure, about how many responses that takes out, and why: "2 pass med
// omkring 40 svar (skäl: Ej allvar; Provklass)", or that none were. It
// names no session and no school, and gives no count per reason and no
// exact number of responses: beside the exact total of a whole survey,
// those would be exact counts of small groups.
func (wb *workbook) excluded() string {
	tx := wb.tx
	sessions, responses := 0, 0
	var reasons []string
	for _, e := range wb.in.Exclusions {
		sessions += e.Sessions
		responses += e.Responses
		if r := strings.Join(strings.Fields(e.Reason), " "); r != "" && !slices.Contains(reasons, r) {
			reasons = append(reasons, r)
		}
	}
	if sessions == 0 && responses == 0 && len(reasons) == 0 {
		return tx.mExcludedNone
	}
	n := fmt.Sprintf(tx.mExcludedMany, sessions)
	if sessions == 1 {
		n = tx.mExcludedOne
	}
	about := tx.mExcludedFew
	if tens := roundTens(responses); tens > 0 {
		about = fmt.Sprintf(tx.mExcludedAbout, tens)
	}
	return fmt.Sprintf(tx.mExcludedText, n, about, strings.Join(reasons, "; "))
}

// roundTens rounds n to the nearest ten, halves up.
func roundTens(n int) int { return (n + 5) / 10 * 10 }
