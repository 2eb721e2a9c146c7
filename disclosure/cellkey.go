package disclosure

import "hash/fnv"

// Figure names which figure of a group a count is: the number of
// respondents, an option of a question, an indicator's numerator. Mixing
// it into the cell key gives the figures of one group independent noise,
// so the noise of one figure says nothing about another's.
type Figure uint64

// FigureOf names a figure by a stable text (question and option values,
// indicator ids), never by a position that could change between survey
// versions: the same figure must get the same noise in every version and
// view.
func FigureOf(name string) Figure {
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	return Figure(mix(h.Sum64()))
}

// FigureN is the figure "number of respondents in the group".
var FigureN = FigureOf("n")

// Group accumulates the record keys of the respondents a figure describes:
// their sum modulo 2^32, as in the cellKey reference implementation. A sum
// does not depend on the order respondents were counted in, or on which
// route or filter led to the group, so the same respondents always give
// the same key.
type Group uint32

// Add counts one respondent's record key.
func (g *Group) Add(recordKey uint32) { *g += Group(recordKey) }

// key is the cell key of figure f of group g, uniform in [0, 1). A group
// that differs by one respondent has a different sum, and the mixing makes
// its key independent of the first one, for every figure, even where that
// respondent adds nothing to the count.
func (g Group) key(f Figure) float64 {
	x := mix(uint64(g)*0x9e3779b97f4a7c15 ^ uint64(f))
	return float64(x>>11) / (1 << 53)
}

// mix is the SplitMix64 finaliser: a bijection of 64-bit words in which
// every input bit changes every output bit with probability one half.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Rule applies the p-table to counts. The zero Rule is not usable: take
// NewRule.
type Rule struct {
	pt *PTable
}

// NewRule perturbs with pt; nil means the published table.
func NewRule(pt *PTable) Rule {
	if pt == nil {
		pt = DefaultPTable()
	}
	return Rule{pt: pt}
}

// Count returns the count shown for a true count of figure f of group g.
// It is never negative, never 1 or 2, zero stays zero, and it differs from
// the true count by at most the table's D.
func (r Rule) Count(count int, g Group, f Figure) int {
	if count <= 0 {
		return 0
	}
	return count + r.pt.Noise(count, g.key(f))
}

// NoiseVariance is the variance of the noise a count gets (V), which
// widens every interval computed from perturbed counts (export.WilsonNoisy).
func (r Rule) NoiseVariance() float64 { return r.pt.Params().V }

// MaxNoise is the largest noise the table adds or takes away (D).
func (r Rule) MaxNoise() int { return r.pt.Params().D }
