package disclosure

import (
	"fmt"
	"math"
)

// ptableMaxD bounds D. Real tables use D of 2 to 5; the bound only keeps
// a mistyped parameter from building a table of absurd size.
const ptableMaxD = 50

// validate reports whether a p-table can be built for p. JS must be below
// D: a true count of JS+1 can only move down to 0 (every shown count
// between is forbidden), so it needs noise -(JS+1) to be allowed, or its
// noise could only go up and could not average to zero.
func (p Params) validate() error {
	switch {
	case p.D < 1 || p.D > ptableMaxD:
		return fmt.Errorf("disclosure: p-table D=%d, want 1..%d", p.D, ptableMaxD)
	case p.JS < 0 || p.JS >= p.D:
		return fmt.Errorf("disclosure: p-table JS=%d, want 0..D-1=%d", p.JS, p.D-1)
	case !(p.V > 0) || math.IsInf(p.V, 0):
		return fmt.Errorf("disclosure: p-table V=%v, want a finite number > 0", p.V)
	}
	return nil
}

// lastRow is the first count whose possible noise no longer touches the
// shown counts 0..JS: from count JS+D+1 on, every noise -D..D is allowed,
// so this row serves every larger count, shifted.
func (p Params) lastRow() int { return p.JS + p.D + 1 }

// allowedNoise returns, ascending, the noise values count may get: at most
// D either way, never a negative shown count, never a shown 1..JS, and
// nothing but 0 for count 0.
func (p Params) allowedNoise(count int) []int {
	if count <= 0 {
		return []int{0}
	}
	var vs []int
	for v := -p.D; v <= p.D; v++ {
		shown := count + v
		if shown < 0 || (shown >= 1 && shown <= p.JS) {
			continue
		}
		vs = append(vs, v)
	}
	return vs
}

// checkRow checks the rules every row must obey (see PTable), except the
// variance, which some rows cannot reach: ascending noise within ±D, no
// negative or forbidden shown count, probabilities in (0, 1] summing to 1
// within 1e-12 and a mean noise of 0 within 1e-9. Row 0 must be exactly
// noise 0 with probability 1.
func (p Params) checkRow(count int, noise []int, prob []float64) error {
	if len(noise) == 0 || len(noise) != len(prob) {
		return fmt.Errorf("row for count %d is empty", count)
	}
	if count == 0 && (len(noise) != 1 || noise[0] != 0 || prob[0] != 1) {
		return fmt.Errorf("row for count 0 must be noise 0 with probability 1 (zero stays zero)")
	}
	var sum, mean float64
	for j, v := range noise {
		if j > 0 && v <= noise[j-1] {
			return fmt.Errorf("count %d: noise values not strictly ascending at %d", count, v)
		}
		if v < -p.D || v > p.D {
			return fmt.Errorf("count %d: noise %d exceeds D=%d", count, v, p.D)
		}
		if shown := count + v; shown < 0 || (shown >= 1 && shown <= p.JS) {
			return fmt.Errorf("count %d: noise %d gives shown count %d, but shown counts are never negative or in 1..%d", count, v, shown, p.JS)
		}
		if pr := prob[j]; !(pr > 0 && pr <= 1) {
			return fmt.Errorf("count %d: noise %d has probability %v, want one in (0, 1]", count, v, pr)
		}
		sum += prob[j]
		mean += prob[j] * float64(v)
	}
	if math.Abs(sum-1) > 1e-12 {
		return fmt.Errorf("count %d: probabilities sum to %.17g, not 1", count, sum)
	}
	if math.Abs(mean) > 1e-9 {
		return fmt.Errorf("count %d: mean noise is %g, not 0", count, mean)
	}
	return nil
}
