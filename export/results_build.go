package export

import (
	"slices"
	"strconv"
	"strings"
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
	}
	var dims []listedBreakdown
	if t.n < mc {
		res.Hidden = true
	} else {
		res.N = t.n
		res.Sessions = len(t.sessions)
		dims = t.listed()
		for _, d := range dims {
			res.Dimensions = append(res.Dimensions, d.name)
			if d.name == DimSchool {
				for _, g := range d.groups {
					if !g.unknown && cell(g.block, 0) > 0 {
						res.Schools++
					}
				}
			}
		}
	}
	for i := range t.lay.indicators {
		res.Indicators = append(res.Indicators, t.indicator(&t.lay.indicators[i], dims, mc))
	}
	for i := range t.lay.questions {
		if ql := &t.lay.questions[i]; ql.kind != kindSkip {
			res.Questions = append(res.Questions, t.question(ql, dims, mc))
		}
	}
	return res
}

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

func (t *Tally) indicator(il *iLayout, dims []listedBreakdown, mc int) IndicatorResult {
	ind := il.ind
	ir := IndicatorResult{ID: ind.ID, Label: ind.Label, Question: ind.Question, Row: ind.Row, Better: ind.Better}
	n := t.total[il.off]
	if t.n < mc || n < mc {
		ir.Share = Share{Hidden: true}
		return ir
	}
	ir.Share = shareOf(t.total[il.off+1], n)
	for _, d := range dims {
		cells := make([]int, len(d.groups))
		for i, g := range d.groups {
			cells[i] = cell(g.block, il.off)
		}
		hidden := Suppress(cells, mc)
		gs := make([]GroupShare, len(d.groups))
		for i, g := range d.groups {
			gs[i].Group = g.public()
			if hidden[i] {
				gs[i].Share = Share{Hidden: true}
			} else {
				gs[i].Share = shareOf(cell(g.block, il.off+1), cells[i])
			}
		}
		if ir.By == nil {
			ir.By = make(map[string][]GroupShare, len(dims))
		}
		ir.By[d.name] = gs
	}
	return ir
}

func shareOf(count, n int) Share {
	lo, hi := Wilson(count, n)
	s := Share{N: n, Count: count, CILow: lo, CIHigh: hi}
	if n > 0 {
		s.Share = float64(count) / float64(n)
	}
	return s
}

func (t *Tally) question(ql *qLayout, dims []listedBreakdown, mc int) QuestionResult {
	q := ql.q
	qr := QuestionResult{ID: q.ID, Type: q.Type, Text: q.Text, Dimension: q.Dimension}
	hideAll := t.n < mc
	switch ql.kind {
	case kindCount:
		qr.Distribution = countOnly(t.total[ql.off], mc, hideAll)
	case kindGrid:
		qr.Distribution = countOnly(t.total[ql.off], mc, hideAll)
		for r, row := range q.Rows {
			rr := RowResult{Value: row.Value, Label: row.Label}
			rr.Distribution, rr.By = t.distributionWithBy(ql, ql.rowOff(r), dims, mc)
			qr.Rows = append(qr.Rows, rr)
		}
	default:
		qr.Distribution, qr.By = t.distributionWithBy(ql, ql.off, dims, mc)
	}
	return qr
}

// countOnly is the figure of a question counted as answered only.
func countOnly(n, mc int, hideAll bool) Distribution {
	if hideAll || n < mc {
		return Distribution{Hidden: true}
	}
	return Distribution{N: n, Valid: n}
}

// distributionWithBy builds the distribution at off in total and in each
// group of each breakdown. A question is not broken down by its own
// dimension: that table would only repeat its own distribution.
func (t *Tally) distributionWithBy(ql *qLayout, off int, dims []listedBreakdown, mc int) (Distribution, map[string][]GroupDistribution) {
	if t.n < mc || t.total[off] < mc {
		return Distribution{Hidden: true}, nil
	}
	opts := t.shownOptions(ql, off)
	dist := distribution(t.total, ql, off, opts, true)
	var by map[string][]GroupDistribution
	for _, d := range dims {
		if d.name == ql.q.Dimension {
			continue
		}
		cells := make([]int, len(d.groups))
		for i, g := range d.groups {
			cells[i] = cell(g.block, off)
		}
		hidden := Suppress(cells, mc)
		gd := make([]GroupDistribution, len(d.groups))
		for i, g := range d.groups {
			gd[i].Group = g.public()
			if hidden[i] {
				gd[i].Distribution = Distribution{Hidden: true}
			} else {
				gd[i].Distribution = distribution(g.block, ql, off, opts, false)
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
// option, except that a number question shows only the values someone
// gave, since its range may be wide.
func (t *Tally) shownOptions(ql *qLayout, off int) []int {
	var idx []int
	for i := range ql.nopt {
		if ql.kind != kindNumber || t.total[off+2+i] > 0 {
			idx = append(idx, i)
		}
	}
	return idx
}

// distribution reads the counters at off of blk. Labels are given on the
// total only; a group's options carry values, to keep the JSON small.
func distribution(blk []int, ql *qLayout, off int, opts []int, labels bool) Distribution {
	d := Distribution{N: cell(blk, off), Valid: cell(blk, off+1), Options: make([]OptionResult, 0, len(opts))}
	for _, i := range opts {
		o := OptionResult{Count: cell(blk, off+2+i), Exclude: ql.excl[i]}
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
