package disclosure

import (
	"errors"
	"fmt"
	"math"
)

// Generate computes the maximum-entropy p-table for p: rows 0..JS+D+1,
// each the most even noise distribution over its allowed noise values
// with mean 0 and, where those values allow it, variance V.
//
// Which variance a row can have: write each allowed noise v as the point
// (v, v²). A distribution's (mean, E[v²]) is a weighted average of those
// points, so it lies in their convex hull; the points lie on a parabola,
// so every one of them is a corner of the hull. At mean 0 the reachable
// E[v²] (= the variance) is an interval [lo, hi]:
//
//   - hi = -min·max, reached only by the two extreme values min and max;
//   - lo = 0 if noise 0 is allowed, else -a·b for the allowed values a < 0
//     < b nearest to zero, reached only by those two.
//
// If lo < V < hi the target lies inside the hull, a distribution giving
// every allowed value some probability exists, and the maximum-entropy one
// has the form p(v) ∝ exp(α·v + β·v²), found by Newton's method. If V is at
// or beyond an end, only the two values of that end can carry probability
// and their probabilities follow from the mean alone: the rules leave
// exactly one distribution, so it is also the one of maximum entropy. A V
// beyond the end is not reachable; the row gets the end's variance. With the
// reference parameters this happens for counts 1 and 2 (V = lo = 2, see
// the tests), and row 0 has variance 0.
func Generate(p Params) (*PTable, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	t := &PTable{params: p, rows: make([]ptableRow, p.lastRow()+1)}
	for count := range t.rows {
		noise, prob, err := maxEntropyRow(p.allowedNoise(count), p.V)
		if err == nil {
			err = p.checkRow(count, noise, prob)
		}
		if err != nil {
			return nil, fmt.Errorf("disclosure: p-table row for count %d: %w", count, err)
		}
		t.rows[count] = newPTableRow(noise, prob)
	}
	return t, nil
}

// maxEntropyRow returns the maximum-entropy distribution over the allowed
// noise values (ascending) with mean 0 and variance V, or the nearest
// reachable variance (see Generate). Values that must get probability 0
// are left out.
func maxEntropyRow(allowed []int, V float64) ([]int, []float64, error) {
	lo, hi := allowed[0], allowed[len(allowed)-1]
	if lo > 0 || hi < 0 {
		return nil, nil, errors.New("no unbiased noise: all allowed noise has the same sign")
	}
	if lo == 0 || hi == 0 {
		// Noise can only go one way, so mean 0 leaves only noise 0.
		return []int{0}, []float64{1}, nil
	}
	// below and above: the allowed values nearest to zero on either side.
	below, above, hasZero := lo, hi, false
	for _, v := range allowed {
		if v < 0 {
			below = v
		}
		hasZero = hasZero || v == 0
	}
	for j := len(allowed) - 1; j >= 0 && allowed[j] > 0; j-- {
		above = allowed[j]
	}
	varHi := float64(-lo * hi)
	varLo := float64(-below * above)
	if hasZero {
		varLo = 0
	}
	switch {
	case V >= varHi:
		return twoPoint(lo, hi)
	case V <= varLo && hasZero:
		return []int{0}, []float64{1}, nil
	case V <= varLo:
		return twoPoint(below, above)
	}
	prob, err := maxEntropyInterior(allowed, V)
	if err != nil {
		return nil, nil, err
	}
	// For extreme parameters (tiny V, large D) the probability of the
	// farthest values is below the smallest float64 and comes out as 0;
	// such values can never be drawn, so they are left out of the row.
	var noise []int
	var kept []float64
	for j, p := range prob {
		if p > 0 {
			noise, kept = append(noise, allowed[j]), append(kept, p)
		}
	}
	return noise, kept, nil
}

// twoPoint is the only distribution on {a, b}, a < 0 < b, with mean 0.
func twoPoint(a, b int) ([]int, []float64, error) {
	span := float64(b - a)
	return []int{a, b}, []float64{float64(b) / span, float64(-a) / span}, nil
}

// The Newton iteration stops when a full step no longer reduces the
// moment errors (they are then at rounding level); the result is accepted
// if the errors are at most ptableTol, relative to the largest v².
const ptableTol = 1e-12

// maxEntropyInterior finds p(v) ∝ exp(α·v + β·v²) with mean 0 and E[v²] =
// V by minimising the dual function F(α, β) = log Σ exp(α·v + β·v²) - β·V,
// which is convex and whose gradient is the moment error (E[v], E[v²]-V).
// Far from the solution Newton steps are halved until F drops enough
// (damped Newton); near it, where F's predicted drop is tiny, full steps
// converge quadratically.
//
// Every product that feeds a sum is written float64(x*y) and exp is
// ptableExp: the compiler may otherwise fuse x*y+z into one instruction on
// some targets, and math.Exp uses FMA on some CPUs, and either would
// change the last bits of the published probabilities.
func maxEntropyInterior(allowed []int, V float64) ([]float64, error) {
	d := newMaxEntDual(allowed, V)
	tol := ptableTol * max(1, d.x2[0], d.x2[len(d.x2)-1])
	var a, b float64
	cur := d.eval(a, b)
	for range 200 {
		r := cur.residual()
		da, db, ok := cur.newtonStep()
		if !ok {
			return nil, errors.New("maximum-entropy solve: singular Hessian")
		}
		// slope is F's rate of change along the step; -slope/2 is the
		// drop a full step would give if F were quadratic.
		slope := float64(cur.g1*da) + float64(cur.g2*db)
		if -slope <= 1e-4 {
			next := d.eval(a+da, b+db)
			if next.residual() < r {
				a, b, cur = a+da, b+db, next
				continue
			}
			if r <= tol {
				return cur.p, nil
			}
		}
		for t := 1.0; ; t /= 2 {
			if t < 1e-18 {
				if r <= tol {
					return cur.p, nil
				}
				return nil, fmt.Errorf("maximum-entropy solve stalled at moment error %g", r)
			}
			na, nb := a+float64(t*da), b+float64(t*db)
			next := d.eval(na, nb)
			// Armijo: F(next)-F(cur) <= 1e-4·t·slope, with F = m + log s - β·V.
			bound := float64(1e-4*float64(t*slope)) + float64((nb-b)*V) - (next.m - cur.m)
			if next.s/cur.s <= ptableExp(bound) {
				a, b, cur = na, nb, next
				break
			}
		}
	}
	return nil, errors.New("maximum-entropy solve did not converge")
}

// maxEntDual holds the noise values of one row as float64 powers.
type maxEntDual struct {
	x, x2 []float64
	v     float64
}

func newMaxEntDual(allowed []int, V float64) maxEntDual {
	d := maxEntDual{x: make([]float64, len(allowed)), x2: make([]float64, len(allowed)), v: V}
	for j, v := range allowed {
		d.x[j] = float64(v)
		d.x2[j] = float64(v * v)
	}
	return d
}

// dualPoint is the distribution at (α, β) with what Newton needs: Σ
// exp(α·v + β·v²) = exp(m)·s, the moment errors g1 = E[v], g2 = E[v²]-V
// and the Hessian of F, the covariance of (v, v²).
type dualPoint struct {
	p             []float64
	m, s          float64
	g1, g2        float64
	h11, h12, h22 float64
}

func (d maxEntDual) eval(a, b float64) dualPoint {
	n := len(d.x)
	e := make([]float64, n)
	pt := dualPoint{p: make([]float64, n), m: math.Inf(-1)}
	for j := range e {
		e[j] = float64(a*d.x[j]) + float64(b*d.x2[j])
		pt.m = max(pt.m, e[j])
	}
	for j := range e {
		pt.p[j] = ptableExp(e[j] - pt.m)
		pt.s += pt.p[j]
	}
	var m1, m2 float64
	for j := range pt.p {
		pt.p[j] /= pt.s
		m1 += float64(pt.p[j] * d.x[j])
		m2 += float64(pt.p[j] * d.x2[j])
	}
	for j, pj := range pt.p {
		cx, cx2 := d.x[j]-m1, d.x2[j]-m2
		pt.h11 += float64(pj * float64(cx*cx))
		pt.h12 += float64(pj * float64(cx*cx2))
		pt.h22 += float64(pj * float64(cx2*cx2))
	}
	pt.g1, pt.g2 = m1, m2-d.v
	return pt
}

func (pt dualPoint) residual() float64 { return max(math.Abs(pt.g1), math.Abs(pt.g2)) }

// newtonStep solves H·δ = -g.
func (pt dualPoint) newtonStep() (da, db float64, ok bool) {
	det := float64(pt.h11*pt.h22) - float64(pt.h12*pt.h12)
	if !(det > 0) || math.IsInf(det, 0) {
		return 0, 0, false
	}
	da = -(float64(pt.h22*pt.g1) - float64(pt.h12*pt.g2)) / det
	db = -(float64(pt.h11*pt.g2) - float64(pt.h12*pt.g1)) / det
	return da, db, true
}

// ptableExp is exp(x) computed with +, -, * and / only (x = k·ln2 + r,
// then a Taylor series for e^r), so it rounds the same on every CPU. It is
// accurate to a few units in the last place, plenty for a p-table.
func ptableExp(x float64) float64 {
	const ln2Hi, ln2Lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
	switch {
	case math.IsNaN(x):
		return x
	case x > 709.7:
		return math.Inf(1)
	case x < -745.2:
		return 0
	}
	k := math.Round(x / math.Ln2)
	r := (x - float64(k*ln2Hi)) - float64(k*ln2Lo)
	s := 1.0
	for n := 20; n >= 1; n-- {
		s = 1 + float64(r*s)/float64(n)
	}
	return math.Ldexp(s, int(k))
}
