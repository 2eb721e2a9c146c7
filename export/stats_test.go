package export

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Wilson interval by hand, z = 1.959964, z² = 3.841459:
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)
func TestWilson(t *testing.T) {
	tests := []struct {
		name      string
		count, n  int
		low, high float64
	}{
		// No data: anything is possible.
		{"n zero", 0, 0, 0, 1},
		// p=0: centre = 0.192073/1.384146 = 0.138767 = half.
		{"0 of 10", 0, 10, 0, 0.277534},
		// p=.5: half = 1.959964·sqrt(.025+.009604)/1.384146 = 0.263403.
		{"5 of 10", 5, 10, 0.236597, 0.763403},
		{"10 of 10", 10, 10, 0.722466, 1},
		// p=1, n=1: centre = 2.920730/4.841459 = 0.603273, half = 0.396727.
		{"1 of 1", 1, 1, 0.206546, 1},
		// p=.6: centre = 0.619207/1.038415 = 0.596300, half = 0.094298.
		{"60 of 100", 60, 100, 0.502002, 0.690598},
		{"count above n is clamped", 12, 10, 0.722466, 1},
		{"negative n", 0, -3, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			low, high := Wilson(tt.count, tt.n)
			if !near(low, tt.low, 1e-5) || !near(high, tt.high, 1e-5) {
				t.Errorf("Wilson(%d, %d) = (%.6f, %.6f), want (%.6f, %.6f)", tt.count, tt.n, low, high, tt.low, tt.high)
			}
		})
	}
}

// Pooled two-proportion z-test by hand:
//
//	p = (c1+c2)/(n1+n2), se = sqrt(p(1-p)(1/n1+1/n2)), z = (p1-p2)/se,
//	P = erfc(|z|/√2).
func TestCompareShares(t *testing.T) {
	tests := []struct {
		name           string
		c1, n1, c2, n2 int
		diff, z, p     float64
		significant    bool
		overlap        bool
	}{
		// p=.5, se=sqrt(.25·.02)=0.070711, z=2.828427, P=erfc(2)=0.004678.
		// Intervals (0.502, 0.691) and (0.309, 0.498) are apart.
		{"clear rise", 60, 100, 40, 100, 20, 2.828427, 0.004678, true, false},
		// z=1.414214, P=erfc(1)=0.157299.
		{"unclear rise", 55, 100, 45, 100, 10, 1.414214, 0.157299, false, true},
		// p=.49, se=sqrt(.49·.51·.02)=0.0706965, z=.14/se=1.980295, P=0.047670, but
		// (0.462, 0.653) and (0.328, 0.518) overlap: the interval check is
		// the stricter of the two.
		{"significant although intervals overlap", 56, 100, 42, 100, 14, 1.980295, 0.047670, true, true},
		{"fall", 40, 100, 60, 100, -20, -2.828427, 0.004678, true, false},
		// p=.5, se=sqrt(.25·.2)=0.223607, z=4.472136, P=erfc(3.162278).
		{"all against none", 10, 10, 0, 10, 100, 4.472136, 7.744216e-6, true, false},
		{"both zero: nothing to test", 0, 50, 0, 50, 0, 0, 1, false, true},
		{"empty baseline", 5, 10, 0, 0, 0, 0, 1, false, true},
		{"empty current", 0, 0, 5, 10, 0, 0, 1, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := CompareShares(tt.c1, tt.n1, tt.c2, tt.n2)
			if !near(ch.DiffPP, tt.diff, 1e-9) || !near(ch.Z, tt.z, 1e-5) || !near(ch.P, tt.p, 1e-6) ||
				ch.Significant != tt.significant || ch.Overlap != tt.overlap {
				t.Errorf("CompareShares(%d, %d, %d, %d) = %+v, want diff %.2f z %.6f p %.6g significant %v overlap %v",
					tt.c1, tt.n1, tt.c2, tt.n2, ch, tt.diff, tt.z, tt.p, tt.significant, tt.overlap)
			}
		})
	}
}
