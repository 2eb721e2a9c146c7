package export

import (
	"strings"

	"medborgardialog/disclosure"
	"medborgardialog/models"
)

// Tally counts responses to one survey in a single pass. Its memory grows
// with the number of groups times the number of options, never with the
// number of responses: Add allocates only for the first respondent of a
// group (and the first response of a session or language), never per
// response. Free
// text is counted, not kept.
//
// A Tally is not safe for concurrent use.
type Tally struct {
	sv       *models.Survey
	lay      *layout
	n        int
	total    []int
	totalKey disclosure.Group // the record keys of everyone counted
	dims     []*breakdown
	places   *models.Places // the catalogue filters are read with (filterOf)
	sessions map[string]struct{}
	// langs counts respondents per answering language, for the one
	// figure of them a whole survey shows (Results.Languages).
	langs map[string]*langGroup
	rule  disclosure.Rule
	// exact is whether the total number of responses is shown as it is
	// (a whole survey, no filter); every other count is perturbed.
	exact bool

	// Scratch reused by every Add.
	cells  []int    // counter indices this response increments
	choice []int    // option index per single-choice slot, -1 if none
	strs   []string // a multi answer's values
	seen   []bool   // options already counted for a multi answer
	blocks [][]int  // blocks this response is counted in
	keys   []*disclosure.Group
}

// NewTally prepares a Tally for responses to sv, which must not be nil and
// must not change while the Tally is in use. sv need not have passed the
// surveys checker: references it cannot resolve count nothing.
func NewTally(sv *models.Survey) *Tally {
	l := newLayout(sv)
	t := &Tally{
		sv:       sv,
		lay:      l,
		total:    make([]int, l.size),
		sessions: make(map[string]struct{}),
		langs:    make(map[string]*langGroup),
		choice:   make([]int, l.slots),
		rule:     disclosure.NewRule(nil),
	}
	t.dims = newBreakdowns(l)
	maxOpts := 0
	for _, ql := range l.questions {
		maxOpts = max(maxOpts, ql.nopt)
	}
	t.seen = make([]bool, maxOpts)
	t.blocks = make([][]int, 0, 1+len(t.dims))
	t.keys = make([]*disclosure.Group, 0, 1+len(t.dims))
	return t
}

// WithoutBreakdowns counts the total only: for a query whose filters
// already use every dimension a figure may combine (disclosure.Query).
func (t *Tally) WithoutBreakdowns() *Tally {
	t.dims = nil
	return t
}

// WithPlaces makes session values the catalogue p does not know count as
// not known, in breakdowns and filters alike, and labels schools and
// areas with the catalogue's names. Call it before the first Add or Count.
func (t *Tally) WithPlaces(p *models.Places) *Tally {
	if p != nil {
		withPlaces(t.dims, p)
		t.places = p
	}
	return t
}

// WithExactTotal shows the number of responses unperturbed: only for a
// whole survey with no filter (disclosure.Query.Exact).
func (t *Tally) WithExactTotal() *Tally {
	t.exact = true
	return t
}

// N is the number of responses added.
func (t *Tally) N() int { return t.n }

// Add counts one response. Answers it does not recognise (an unknown
// option, a wrong shape) are skipped as if not given. r is not kept.
func (t *Tally) Add(r *models.Response) {
	if r == nil {
		return
	}
	t.n++
	if r.Session != "" {
		if _, ok := t.sessions[r.Session]; !ok {
			t.sessions[strings.Clone(r.Session)] = struct{}{}
		}
	}
	t.lang(r.Lang).add(1, r.RecordKey)
	t.cells = append(t.cells[:0], 0)
	for i := range t.choice {
		t.choice[i] = -1
	}
	for i := range t.lay.questions {
		ql := &t.lay.questions[i]
		if v, ok := r.Answers[ql.q.ID]; ok && v != nil {
			t.addAnswer(ql, v)
		}
	}
	t.addIndicators()

	t.blocks = append(t.blocks[:0], t.total)
	t.keys = append(t.keys[:0], &t.totalKey)
	for _, b := range t.dims {
		g := b.groups[b.groupOf(r)]
		if g.block == nil {
			g.block = make([]int, t.lay.size)
		}
		t.blocks = append(t.blocks, g.block)
		t.keys = append(t.keys, &g.key)
	}
	for i, blk := range t.blocks {
		for _, c := range t.cells {
			blk[c]++
		}
		t.keys[i].Add(r.RecordKey)
	}
}

// langGroup is the respondents who answered in one language.
type langGroup struct {
	n   int
	key disclosure.Group
}

func (g *langGroup) add(n int, keys uint32) {
	g.n += n
	g.key.Add(keys)
}

// lang is the group of answering language code ("" if not stored).
func (t *Tally) lang(code string) *langGroup {
	g := t.langs[code]
	if g == nil {
		g = &langGroup{}
		t.langs[strings.Clone(code)] = g
	}
	return g
}

// addAnswer lists the cells answer v to ql increments, and notes the
// option chosen in each of its single-choice slots for addIndicators.
func (t *Tally) addAnswer(ql *qLayout, v any) {
	switch ql.kind {
	case kindChoice:
		if s, ok := answerString(v); ok {
			if o, ok := ql.option(s); ok {
				t.choice[ql.slot] = o
				t.addChoice(ql.off, ql, o)
			}
		}
	case kindMulti:
		t.addMulti(ql, v)
	case kindGrid:
		t.addGrid(ql, v)
	case kindNumber:
		if n, ok := answerInt(v); ok && n >= ql.min && n-ql.min < int64(ql.nopt) {
			t.addChoice(ql.off, ql, int(n-ql.min))
		}
	case kindCount:
		if ql.q.Type == models.TypeText {
			if s, ok := answerString(v); ok && strings.TrimSpace(s) != "" {
				t.cells = append(t.cells, ql.off)
			}
		} else if _, ok := answerInt(v); ok {
			t.cells = append(t.cells, ql.off)
		}
	}
}

// addIndicators lists the indicator cells the options noted in t.choice
// increment.
func (t *Tally) addIndicators() {
	for i := range t.lay.indicators {
		il := &t.lay.indicators[i]
		if il.slot < 0 {
			continue
		}
		o := t.choice[il.slot]
		if o < 0 || o >= len(il.role) {
			continue
		}
		switch il.role[o] {
		case roleCount:
			t.cells = append(t.cells, il.off, il.off+1)
		case roleBase:
			t.cells = append(t.cells, il.off)
		}
	}
}

// addChoice counts one chosen option o of the distribution at off.
func (t *Tally) addChoice(off int, ql *qLayout, o int) {
	t.cells = append(t.cells, off)
	if !ql.excl[o] {
		t.cells = append(t.cells, off+1)
	}
	t.cells = append(t.cells, off+2+o)
}

// addMulti counts a multi-choice answer: each option once per respondent,
// whatever the stored list repeats, so shares are of respondents.
func (t *Tally) addMulti(ql *qLayout, v any) {
	t.strs = answerStrings(t.strs[:0], v)
	answered, valid := false, false
	for _, s := range t.strs {
		o, ok := ql.option(s)
		if !ok || t.seen[o] {
			continue
		}
		t.seen[o] = true
		t.cells = append(t.cells, ql.off+2+o)
		answered = true
		valid = valid || !ql.excl[o]
	}
	for _, s := range t.strs {
		if o, ok := ql.option(s); ok {
			t.seen[o] = false
		}
	}
	if answered {
		t.cells = append(t.cells, ql.off)
	}
	if valid {
		t.cells = append(t.cells, ql.off+1)
	}
}

// addGrid counts each answered row of a grid like a question of its own.
func (t *Tally) addGrid(ql *qLayout, v any) {
	answered := false
	for r := range ql.q.Rows {
		s, ok := answerGrid(v, ql.q.Rows[r].Value)
		if !ok {
			continue
		}
		o, ok := ql.option(s)
		if !ok {
			continue
		}
		t.choice[ql.slot+r] = o
		t.addChoice(ql.rowOff(r), ql, o)
		answered = true
	}
	if answered {
		t.cells = append(t.cells, ql.off)
	}
}

// effects lists the cells one answer v to ql increments in a block, the
// indicators on it included: what Add increments for it.
func (t *Tally) effects(ql *qLayout, v any) []int {
	t.cells = t.cells[:0]
	for i := range t.choice {
		t.choice[i] = -1
	}
	t.addAnswer(ql, v)
	t.addIndicators()
	return t.cells
}

// rowEffects is effects for the value v given to row r of grid ql, less
// the grid's own "answered" cell.
func (t *Tally) rowEffects(ql *qLayout, r int, v any) []int {
	t.cells = t.cells[:0]
	for i := range t.choice {
		t.choice[i] = -1
	}
	if s, ok := answerString(v); ok {
		if o, ok := ql.option(s); ok {
			t.choice[ql.slot+r] = o
			t.addChoice(ql.rowOff(r), ql, o)
		}
	}
	t.addIndicators()
	return t.cells
}
