package export

import (
	"strconv"

	"medborgardialog/disclosure"
	"medborgardialog/models"
)

// A Tally keeps one flat []int of counters per group ("block"): one for
// everyone and one for each group of each breakdown. The layout says which
// counter is where, so adding a response is a list of counter indices
// applied to a handful of blocks, with no map created per response.
//
// Cell 0 of every block counts respondents. Each distribution (a closed
// question, or one row of a grid) takes 2+len(options) cells:
//
//	off+0  answered: respondents who gave an answer we recognise
//	off+1  valid: of those, respondents who gave an answer that is not an
//	       option marked exclude ("vet inte"); the denominator of shares
//	off+2+i  respondents who chose option i
//
// A grid takes one cell for respondents who answered any row, then one
// distribution per row. A text question and an unbucketed number question
// take one cell (answered). An indicator takes two: denominator, numerator.

// maxNumberBuckets bounds how many values of a number dimension (age) are
// counted one by one; a wider range is counted as answered only, because
// its buckets would be mostly empty and their memory paid in every group.
const maxNumberBuckets = 100

// Kinds of question layout.
const (
	kindSkip   = iota // not counted (unknown type)
	kindChoice        // single, scale
	kindMulti
	kindGrid
	kindNumber // number with a bucketed dimension
	kindCount  // text, or number without buckets: answered only
)

// qLayout is where one question's counters are.
type qLayout struct {
	q    *models.Question
	kind int
	off  int
	// opts maps an option value to its index. A bucketed number has no
	// opts: its index is the value minus min.
	opts   map[string]int
	values []string // option values, when few enough to scan (see option)
	rows   map[string]int
	nopt   int
	excl   []bool // per option: marked exclude, left out of valid
	min    int64
	slot   int // first index in Tally.choice for this question's (row) choice
}

// option returns the index of the option with value v. Most questions
// have a handful of options, and comparing a few short strings is faster
// than hashing v, which matters when every answer of 100,000 responses
// comes through here.
func (l *qLayout) option(v string) (int, bool) {
	if len(l.values) > 0 {
		for i, o := range l.values {
			if o == v {
				return i, true
			}
		}
		return 0, false
	}
	i, ok := l.opts[v]
	return i, ok
}

// stride is the number of cells of one distribution.
func (l *qLayout) stride() int { return 2 + l.nopt }

// rowOff is where the distribution of grid row r starts.
func (l *qLayout) rowOff(r int) int { return l.off + 1 + r*l.stride() }

// Roles of an option in an indicator.
const (
	roleBase    int8 = iota // in the denominator only
	roleCount               // in the numerator and the denominator
	roleExclude             // left out of both
)

// iLayout is where one indicator's counters are.
type iLayout struct {
	ind  *models.Indicator
	off  int
	slot int    // index in Tally.choice of the answer it reads; -1 if none
	role []int8 // per option of the question
}

type layout struct {
	size       int
	figs       []disclosure.Figure // which figure each counter is, for its cell key
	questions  []qLayout
	indicators []iLayout
	slots      int // number of single-choice slots (questions and grid rows)
}

func newLayout(sv *models.Survey) *layout {
	l := &layout{size: 1}
	for i := range sv.Questions {
		q := &sv.Questions[i]
		ql := qLayout{q: q, off: l.size, slot: -1}
		switch q.Type {
		case models.TypeSingle, models.TypeScale, models.TypeMulti:
			ql.kind = kindChoice
			if q.Type == models.TypeMulti {
				ql.kind = kindMulti
			}
			ql.setOptions(q)
			l.size += ql.stride()
			if ql.kind == kindChoice {
				ql.slot = l.slots
				l.slots++
			}
		case models.TypeGrid:
			ql.kind = kindGrid
			ql.setOptions(q)
			ql.rows = make(map[string]int, len(q.Rows))
			for r, row := range q.Rows {
				if _, dup := ql.rows[row.Value]; !dup {
					ql.rows[row.Value] = r
				}
			}
			l.size += 1 + len(q.Rows)*ql.stride()
			ql.slot = l.slots
			l.slots += len(q.Rows)
		case models.TypeNumber:
			ql.kind = kindCount
			if lo, n, ok := numberBuckets(q); ok {
				ql.kind = kindNumber
				ql.min, ql.nopt = lo, n
				ql.excl = make([]bool, n)
				l.size += ql.stride()
			} else {
				l.size++
			}
		case models.TypeText:
			ql.kind = kindCount
			l.size++
		default:
			ql.kind = kindSkip
		}
		l.questions = append(l.questions, ql)
	}
	for i := range sv.Indicators {
		l.indicators = append(l.indicators, l.indicatorLayout(sv, &sv.Indicators[i]))
	}
	l.nameFigures()
	return l
}

// nameFigures names every counter by the ids and values of the survey
// (never by position), so a figure keeps its noise across versions that
// add or move questions.
func (l *layout) nameFigures() {
	l.figs = make([]disclosure.Figure, l.size)
	l.figs[0] = disclosure.FigureN
	dist := func(off int, prefix string, ql *qLayout) {
		l.figs[off] = disclosure.FigureOf(prefix + "answered")
		l.figs[off+1] = disclosure.FigureOf(prefix + "valid")
		for i := range ql.nopt {
			v := strconv.FormatInt(ql.min+int64(i), 10)
			if ql.kind != kindNumber {
				v = ql.q.Options[i].Value
			}
			l.figs[off+2+i] = disclosure.FigureOf(prefix + "option\x00" + v)
		}
	}
	for i := range l.questions {
		ql := &l.questions[i]
		prefix := "question\x00" + ql.q.ID + "\x00"
		switch ql.kind {
		case kindChoice, kindMulti, kindNumber:
			dist(ql.off, prefix, ql)
		case kindGrid:
			l.figs[ql.off] = disclosure.FigureOf(prefix + "answered")
			for r, row := range ql.q.Rows {
				dist(ql.rowOff(r), prefix+"row\x00"+row.Value+"\x00", ql)
			}
		case kindCount:
			l.figs[ql.off] = disclosure.FigureOf(prefix + "answered")
		}
	}
	for _, il := range l.indicators {
		prefix := "indicator\x00" + il.ind.ID + "\x00"
		l.figs[il.off] = disclosure.FigureOf(prefix + "base")
		l.figs[il.off+1] = disclosure.FigureOf(prefix + "count")
	}
}

// numberBuckets says whether number question q is counted value by value:
// only a dimension (age) with a bounded, small range is.
func numberBuckets(q *models.Question) (lo int64, n int, ok bool) {
	if q.Dimension == "" || q.Min == nil || q.Max == nil || *q.Max < *q.Min {
		return 0, 0, false
	}
	width := *q.Max - *q.Min + 1
	if width <= 0 || width > maxNumberBuckets {
		return 0, 0, false
	}
	return *q.Min, int(width), true
}

func (ql *qLayout) setOptions(q *models.Question) {
	ql.nopt = len(q.Options)
	ql.opts = make(map[string]int, len(q.Options))
	ql.excl = make([]bool, len(q.Options))
	for i, o := range q.Options {
		if _, dup := ql.opts[o.Value]; !dup {
			ql.opts[o.Value] = i
		}
		ql.excl[i] = o.Exclude
	}
	if len(q.Options) <= scanOptions {
		for _, o := range q.Options {
			ql.values = append(ql.values, o.Value)
		}
	}
}

// scanOptions is the most options looked up by scanning rather than by
// map (measured on the built-in survey: the scan wins up to about here).
const scanOptions = 12

// indicatorLayout places one indicator. An indicator on a question that is
// not single, scale or grid (the checker refuses those) or on a missing
// row keeps its cells but reads no answer, so it shows as hidden rather
// than vanishing from the workbook's rows.
func (l *layout) indicatorLayout(sv *models.Survey, ind *models.Indicator) iLayout {
	il := iLayout{ind: ind, off: l.size, slot: -1}
	l.size += 2
	var ql *qLayout
	for i := range l.questions {
		if l.questions[i].q.ID == ind.Question {
			ql = &l.questions[i]
			break
		}
	}
	if ql == nil {
		return il
	}
	switch ql.kind {
	case kindChoice:
		il.slot = ql.slot
	case kindGrid:
		r, ok := ql.rows[ind.Row]
		if !ok {
			return il
		}
		il.slot = ql.slot + r
	default:
		return il
	}
	// Leaving out of the denominator both the indicator's exclude values
	// and the options marked exclude on the question: "vet inte" says
	// nothing about whether someone feels unsafe, whether or not the
	// indicator's author remembered to list it. A value listed in count
	// always counts, even if its option is marked exclude, because the
	// author asked for it explicitly.
	il.role = make([]int8, ql.nopt)
	for i, o := range ql.q.Options {
		if o.Exclude {
			il.role[i] = roleExclude
		}
	}
	for _, v := range ind.Exclude {
		if i, ok := ql.opts[v]; ok {
			il.role[i] = roleExclude
		}
	}
	for _, v := range ind.Count {
		if i, ok := ql.opts[v]; ok {
			il.role[i] = roleCount
		}
	}
	return il
}
