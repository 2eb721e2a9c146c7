package export

import "math"

// z95 is the two-sided 95% quantile of the standard normal distribution.
const z95 = 1.959964

// Wilson returns the 95% Wilson score interval for count successes out of
// n. Unlike the textbook p ± z·se interval it stays inside [0, 1] and does
// not collapse to a point at 0% or 100%, which matters for the small groups
// of a lägesbild. With n = 0 nothing is known and the interval is [0, 1].
func Wilson(count, n int) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	count = min(max(count, 0), n)
	nf := float64(n)
	p := float64(count) / nf
	z2 := z95 * z95
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / denom
	return max(center-half, 0), min(center+half, 1)
}

// WilsonNoisy is the Wilson interval of perturbed counts whose numerator
// and denominator each carry noise of variance v. By the delta method the
// share then carries about v·(1+p²)/n² more variance than sampling alone
// gives, so each side's half-width h becomes sqrt(h² + z²·v·(1+p²)/n²),
// clamped to [0, 1]. With v = 0 it is Wilson.
func WilsonNoisy(count, n int, v float64) (low, high float64) {
	low, high = Wilson(count, n)
	if n <= 0 || v <= 0 {
		return low, high
	}
	nf := float64(n)
	p := float64(min(max(count, 0), n)) / nf
	extra := z95 * z95 * noiseVar(p, n, v)
	low = p - math.Sqrt((p-low)*(p-low)+extra)
	high = p + math.Sqrt((high-p)*(high-p)+extra)
	return max(low, 0), min(high, 1)
}

// noiseVar is the variance a share p over n gets from noise of variance v
// on its numerator and denominator.
func noiseVar(p float64, n int, v float64) float64 {
	nf := float64(n)
	return v * (1 + p*p) / (nf * nf)
}

// Change compares a current share with a baseline share.
type Change struct {
	// DiffPP is the current share minus the baseline share, in percentage
	// points.
	DiffPP float64 `json:"diff_pp"`
	// Z and P are the statistic and two-sided p-value of a pooled
	// two-proportion z-test.
	Z float64 `json:"z"`
	P float64 `json:"p"`
	// Significant is P < 0.05: the change is statistically clear.
	Significant bool `json:"significant"`
	// Overlap reports whether the two 95% Wilson intervals overlap. It is
	// a stricter, more visual test than Significant (intervals can overlap
	// while the difference is still significant); DESIGN §6 marks changes
	// where they do not.
	Overlap bool `json:"intervals_overlap"`
	// Direction is "better", "worse" or "unclear" given the indicator's
	// better direction; set by Compare, empty from CompareShares.
	Direction string `json:"direction,omitempty"`
	// Break lists what changed in the indicator's definition between the
	// waves (models.Break* codes); a change across a break is never
	// called clear.
	Break []string `json:"break,omitempty"`
}

// CompareShares compares c1 of n1 (current) with c2 of n2 (baseline) with
// a two-sided two-proportion z-test at the 5% level using the pooled share
// p = (c1+c2)/(n1+n2), z = (p1-p2) / sqrt(p(1-p)(1/n1+1/n2)). The waves are
// independent samples of young people, which is what the test assumes.
// With an empty side, or both at 0% or both at 100%, there is nothing to
// test: P is 1 and the change is not significant.
func CompareShares(c1, n1, c2, n2 int) Change {
	return CompareSharesNoisy(c1, n1, c2, n2, 0)
}

// CompareSharesNoisy is CompareShares for perturbed counts, each carrying
// noise of variance v: the test's variance and both intervals grow by what
// the noise adds (WilsonNoisy), so noise is never read as a change.
func CompareSharesNoisy(c1, n1, c2, n2 int, v float64) Change {
	var ch Change
	ch.P = 1
	l1, h1 := WilsonNoisy(c1, n1, v)
	l2, h2 := WilsonNoisy(c2, n2, v)
	ch.Overlap = l1 <= h2 && l2 <= h1
	if n1 <= 0 || n2 <= 0 {
		return ch
	}
	c1 = min(max(c1, 0), n1)
	c2 = min(max(c2, 0), n2)
	p1 := float64(c1) / float64(n1)
	p2 := float64(c2) / float64(n2)
	ch.DiffPP = 100 * (p1 - p2)
	p := float64(c1+c2) / float64(n1+n2)
	se := math.Sqrt(p*(1-p)*(1/float64(n1)+1/float64(n2)) + noiseVar(p1, n1, v) + noiseVar(p2, n2, v))
	if se == 0 {
		return ch
	}
	ch.Z = (p1 - p2) / se
	ch.P = math.Erfc(math.Abs(ch.Z) / math.Sqrt2)
	ch.Significant = ch.P < 0.05
	return ch
}
