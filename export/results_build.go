package export

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"medborgardialog/disclosure"
)

// listedBreakdown is a breakdown as shown: the groups a reader sees, in
// display order, with the unknown group last.
type listedBreakdown struct {
	name   string
	groups []*group
}

// Results applies disclosure control to the counts so far and returns the
// figures. minCell is the configured threshold (0 or less: DefaultMinCell);
// the survey's own min_cell can only raise it (EffectiveMinCell). Results
// does not change the Tally and may be called again after more Adds.
//
// Every count is shown perturbed (disclosure.Rule), keyed by the record
// keys of the group it describes, except the number of responses of a
// whole survey with no filter (WithExactTotal). Shares and intervals come
// from the perturbed counts. A figure is hidden when its group has fewer
// than min_cell respondents, counted either way.
func (t *Tally) Results(minCell int) *Results {
	mc := EffectiveMinCell(t.sv, minCell)
	res := &Results{
		Survey:     t.sv.Slug,
		Version:    t.sv.Version,
		Wave:       t.sv.Wave,
		MinCell:    mc,
		Dimensions: []string{},
		Indicators: make([]IndicatorResult, 0, len(t.lay.indicators)),
		Questions:  make([]QuestionResult, 0, len(t.lay.questions)),
		noise:      t.rule.NoiseVariance(),
	}
	total := t.shownBlock(t.total, t.totalKey)
	n := total.at(0)
	if t.exact {
		n = t.n
	}
	var dims []listedBreakdown
	if t.n < mc || n < mc {
		res.Hidden, res.NBelow = true, mc
	} else {
		res.N = n
		dims = t.listed()
		for _, d := range dims {
			res.Dimensions = append(res.Dimensions, d.name)
			if d.name == DimSchool {
				res.Schools = t.shownSchools(d, mc)
			}
		}
		if t.exact {
			res.Sessions = len(t.sessions)
			res.Languages = t.languages(mc)
		}
	}
	for i := range t.lay.indicators {
		res.Indicators = append(res.Indicators, t.indicator(&t.lay.indicators[i], total, dims, mc, res.Hidden))
	}
	for i := range t.lay.questions {
		if ql := &t.lay.questions[i]; ql.kind != kindSkip {
			res.Questions = append(res.Questions, t.question(ql, total, dims, mc, res.Hidden))
		}
	}
	return res
}

// shownSchools counts the schools of the breakdown by school whose
// number of respondents is shown: not hidden by suppression (primary or
// secondary) nor perturbed below mc. A hidden school is not counted, so
// the count says nothing about groups too small to show.
func (t *Tally) shownSchools(d listedBreakdown, mc int) int {
	hidden := t.suppress(t.groupsOf(d), 0, mc)
	n := 0
	for i, g := range d.groups {
		if !g.unknown && !hidden[i] {
			n++
		}
	}
	return n
}

// languages is the number of respondents per answering language, each
// a group whose count is perturbed with its own record keys and hidden as
// the groups of a breakdown are (Suppress, then below mc as shown), in
// the order of the languages' codes.
func (t *Tally) languages(mc int) []LanguageCount {
	codes := slices.Sorted(maps.Keys(t.langs))
	cells := make([]int, len(codes))
	for i, c := range codes {
		cells[i] = t.langs[c].n
	}
	hidden := Suppress(cells, mc)
	out := make([]LanguageCount, 0, len(codes))
	for i, c := range codes {
		g := t.langs[c]
		n := t.rule.Count(g.n, g.key, disclosure.FigureN)
		if hidden[i] || g.n < mc || n < mc {
			out = append(out, LanguageCount{Lang: c, Hidden: true})
			continue
		}
		out = append(out, LanguageCount{Lang: c, N: n})
	}
	return out
}

// shown reads one block's counters as they may be shown: each perturbed
// with the cell key of its group and figure. An empty group reads 0.
type shown struct {
	t    *Tally
	blk  []int
	key  disclosure.Group
	figs []disclosure.Figure
}

func (t *Tally) shownBlock(blk []int, key disclosure.Group) shown {
	return shown{t: t, blk: blk, key: key, figs: t.lay.figs}
}

// raw is the true count at i, for the decisions that must see it (is the
// group big enough to show at all); it is never shown.
func (s shown) raw(i int) int { return cell(s.blk, i) }

// at is the perturbed count at i.
func (s shown) at(i int) int {
	return s.t.rule.Count(cell(s.blk, i), s.key, s.figs[i])
}

// enough says whether the figure at i is counted over enough respondents
// to be shown: at least mc of them, both truly and as shown.
func (s shown) enough(i, mc int) bool { return s.raw(i) >= mc && s.at(i) >= mc }

// listed returns the breakdowns that have at least one respondent in a
// known group; a breakdown where nobody's group is known says nothing.
func (t *Tally) listed() []listedBreakdown {
	var out []listedBreakdown
	for _, b := range t.dims {
		var known, seen []*group
		for _, g := range b.groups[1:] {
			switch {
			case g.defined:
				known = append(known, g)
			case cell(g.block, 0) > 0:
				seen = append(seen, g)
			}
		}
		if !slices.ContainsFunc(b.groups[1:], func(g *group) bool { return cell(g.block, 0) > 0 }) {
			continue
		}
		// Session values arrive in no particular order; sort them so the
		// same figures always come out in the same rows.
		if b.ql == nil || b.ql.kind != kindNumber {
			slices.SortFunc(seen, func(a, b *group) int {
				if c := naturalCompare(a.value, b.value); c != 0 {
					return c
				}
				return strings.Compare(a.value, b.value)
			})
		}
		groups := append(known, seen...)
		if u := b.groups[0]; cell(u.block, 0) > 0 {
			groups = append(groups, u)
		}
		out = append(out, listedBreakdown{name: b.name, groups: groups})
	}
	return out
}

func (t *Tally) indicator(il *iLayout, total shown, dims []listedBreakdown, mc int, hideAll bool) IndicatorResult {
	ind := il.ind
	ir := IndicatorResult{ID: ind.ID, Label: ind.Label, Question: ind.Question, Row: ind.Row, Better: ind.Better}
	if hideAll || !total.enough(il.off, mc) {
		ir.Share = Share{Hidden: true}
		return ir
	}
	ir.Share = t.shareOf(total, il.off)
	for _, d := range dims {
		groups := t.groupsOf(d)
		hidden := t.suppress(groups, il.off, mc)
		gs := make([]GroupShare, len(d.groups))
		for i, g := range d.groups {
			gs[i].Group = g.public()
			if hidden[i] {
				gs[i].Share = Share{Hidden: true}
			} else {
				gs[i].Share = t.shareOf(groups[i], il.off)
			}
		}
		if ir.By == nil {
			ir.By = make(map[string][]GroupShare, len(dims))
		}
		ir.By[d.name] = gs
	}
	return ir
}

// groupsOf reads the blocks of a breakdown's groups.
func (t *Tally) groupsOf(d listedBreakdown) []shown {
	out := make([]shown, len(d.groups))
	for i, g := range d.groups {
		out[i] = t.shownBlock(g.block, g.key)
	}
	return out
}

// suppress hides the groups of one breakdown whose figure at off is over
// too few respondents: Suppress on the true counts (with its secondary
// cells), and any group whose perturbed count falls below mc.
func (t *Tally) suppress(groups []shown, off, mc int) []bool {
	cells := make([]int, len(groups))
	for i, g := range groups {
		cells[i] = g.raw(off)
	}
	hidden := Suppress(cells, mc)
	for i, g := range groups {
		hidden[i] = hidden[i] || g.at(off) < mc
	}
	return hidden
}

// shareOf is an indicator's share in one block: perturbed numerator over
// perturbed denominator, with the interval widened for the noise.
func (t *Tally) shareOf(b shown, off int) Share {
	n := b.at(off)
	count := min(b.at(off+1), n)
	lo, hi := WilsonNoisy(count, n, t.rule.NoiseVariance())
	s := Share{N: n, Count: count, CILow: lo, CIHigh: hi}
	if n > 0 {
		s.Share = float64(count) / float64(n)
	}
	return s
}

func (t *Tally) question(ql *qLayout, total shown, dims []listedBreakdown, mc int, hideAll bool) QuestionResult {
	q := ql.q
	qr := QuestionResult{ID: q.ID, Type: q.Type, Text: q.Text, Dimension: q.Dimension}
	switch ql.kind {
	case kindCount:
		qr.Distribution = countOnly(total, ql.off, mc, hideAll)
	case kindGrid:
		qr.Distribution = countOnly(total, ql.off, mc, hideAll)
		for r, row := range q.Rows {
			rr := RowResult{Value: row.Value, Label: row.Label}
			rr.Distribution, rr.By = t.distributionWithBy(ql, ql.rowOff(r), total, dims, mc, hideAll)
			qr.Rows = append(qr.Rows, rr)
		}
	default:
		qr.Distribution, qr.By = t.distributionWithBy(ql, ql.off, total, dims, mc, hideAll)
	}
	return qr
}

// countOnly is the figure of a question counted as answered only.
func countOnly(total shown, off, mc int, hideAll bool) Distribution {
	if hideAll || !total.enough(off, mc) {
		return Distribution{Hidden: true}
	}
	n := total.at(off)
	return Distribution{N: n, Valid: n}
}

// distributionWithBy builds the distribution at off in total and in each
// group of each breakdown. A question is not broken down by its own
// dimension: that table would only repeat its own distribution.
func (t *Tally) distributionWithBy(ql *qLayout, off int, total shown, dims []listedBreakdown, mc int, hideAll bool) (Distribution, map[string][]GroupDistribution) {
	if hideAll || !total.enough(off, mc) {
		return Distribution{Hidden: true}, nil
	}
	opts := shownOptions(ql, total, off)
	dist := distribution(total, ql, off, opts, true)
	var by map[string][]GroupDistribution
	for _, d := range dims {
		if d.name == ql.q.Dimension {
			continue
		}
		groups := t.groupsOf(d)
		hidden := t.suppress(groups, off, mc)
		gd := make([]GroupDistribution, len(d.groups))
		for i, g := range d.groups {
			gd[i].Group = g.public()
			if hidden[i] {
				gd[i].Distribution = Distribution{Hidden: true}
			} else {
				gd[i].Distribution = distribution(groups[i], ql, off, opts, false)
			}
		}
		if by == nil {
			by = make(map[string][]GroupDistribution, len(dims))
		}
		by[d.name] = gd
	}
	return dist, by
}

// shownOptions lists the option indices a distribution shows: every
// option, except that a number question shows only the values that show a
// count, since its range may be wide.
func shownOptions(ql *qLayout, total shown, off int) []int {
	var idx []int
	for i := range ql.nopt {
		if ql.kind != kindNumber || total.at(off+2+i) > 0 {
			idx = append(idx, i)
		}
	}
	return idx
}

// distribution reads the perturbed counters at off of one block. No count
// is shown above the number it is a part of (noise could push it there).
// Labels are given on the total only; a group's options carry values, to
// keep the JSON small.
func distribution(b shown, ql *qLayout, off int, opts []int, labels bool) Distribution {
	d := Distribution{N: b.at(off), Options: make([]OptionResult, 0, len(opts))}
	d.Valid = min(b.at(off+1), d.N)
	for _, i := range opts {
		o := OptionResult{Exclude: ql.excl[i]}
		if ql.kind == kindNumber {
			o.Value = strconv.FormatInt(ql.min+int64(i), 10)
		} else {
			o.Value = ql.q.Options[i].Value
			if labels {
				o.Label = ql.q.Options[i].Label
			}
		}
		base := d.Valid
		if o.Exclude {
			base = d.N
		}
		o.Count = min(b.at(off+2+i), base)
		if base > 0 {
			o.Share = float64(o.Count) / float64(base)
		}
		d.Options = append(d.Options, o)
	}
	return d
}

// cell reads counter i of a block that may not exist yet.
func cell(blk []int, i int) int {
	if blk == nil {
		return 0
	}
	return blk[i]
}

func (g *group) public() Group {
	return Group{Value: g.value, Label: g.label, Unknown: g.unknown}
}

// naturalCompare orders strings with runs of digits compared as numbers,
// so grades "7", "8", "10" and schools "Skola 2", "Skola 10" sort as people
// expect.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, _ := strconv.ParseUint(a[:min(da, 18)], 10, 64)
			nb, _ := strconv.ParseUint(b[:min(db, 18)], 10, 64)
			if na != nb {
				if na < nb {
					return -1
				}
				return 1
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
