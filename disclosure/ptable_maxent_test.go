package disclosure

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func entropy(p []float64) float64 {
	h := 0.0
	for _, x := range p {
		if x > 0 {
			h -= x * math.Log(x)
		}
	}
	return h
}

// nullSpace returns an orthonormal basis of the directions d over the
// values xs with Σd = Σ d·x = Σ d·x² = 0: the changes of a distribution
// that keep its total, mean and variance.
func nullSpace(xs []int) [][]float64 {
	n := len(xs)
	var basis [][]float64
	add := func(d []float64) bool {
		for _, b := range basis {
			dot := 0.0
			for j := range d {
				dot += d[j] * b[j]
			}
			for j := range d {
				d[j] -= dot * b[j]
			}
		}
		norm := 0.0
		for _, x := range d {
			norm += x * x
		}
		if norm = math.Sqrt(norm); norm < 1e-8 {
			return false
		}
		for j := range d {
			d[j] /= norm
		}
		basis = append(basis, d)
		return true
	}
	for k := range 3 { // the constraint rows, then the complement
		d := make([]float64, n)
		for j, x := range xs {
			d[j] = math.Pow(float64(x), float64(k))
		}
		add(d)
	}
	constraints := len(basis)
	for i := range n {
		d := make([]float64, n)
		d[i] = 1
		add(d)
	}
	return basis[constraints:]
}

// TestPTableMaxEntropy checks that no feasible change of a row (one that
// keeps total, mean and variance and gives no allowed noise a negative
// probability) raises its entropy. For rows whose solution leaves some
// allowed noise at probability 0 it checks that no feasible change exists
// at all: the row is the only distribution that obeys the rules. It also
// checks that the check notices a row that is feasible but not the best.
func TestPTableMaxEntropy(t *testing.T) {
	for _, params := range ptableCases {
		pt := mustGenerate(t, params)
		for count := 1; count < pt.Rows(); count++ {
			noise, prob := pt.Row(count)
			for _, problem := range maxEntropyProblems(params, count, noise, prob) {
				t.Errorf("%s count %d: %s", fmtParams(params), count, problem)
			}
		}
	}
	// A worse row: move the reference row 6 along a feasible direction.
	noise, prob := DefaultPTable().Row(6)
	d := nullSpace(noise)[0]
	for j := range prob {
		prob[j] += 0.01 * d[j]
	}
	if len(maxEntropyProblems(ReferenceParams, 6, noise, prob)) == 0 {
		t.Error("the maximum-entropy check accepts a row that is not the best")
	}
}

// maxEntropyProblems describes how the row for count fails to be the
// unique maximum-entropy distribution over the allowed noise values.
func maxEntropyProblems(params Params, count int, noise []int, prob []float64) []string {
	var allowed []int
	for v := -params.D; v <= params.D; v++ {
		if s := count + v; s >= 0 && (s == 0 || s > params.JS) {
			allowed = append(allowed, v)
		}
	}
	p := make([]float64, len(allowed))
	for j, v := range noise {
		p[slices.Index(allowed, v)] = prob[j]
	}
	boundary := len(noise) < len(allowed)
	basis := nullSpace(allowed)
	dirs := slices.Clone(basis)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 * min(len(basis), 1) {
		d := make([]float64, len(allowed))
		for _, b := range basis {
			c := rng.NormFloat64()
			for j := range d {
				d[j] += c * b[j]
			}
		}
		dirs = append(dirs, d)
	}
	var problems []string
	h0 := entropy(p)
	for _, d := range dirs {
		for _, sign := range []float64{1, -1} {
			step, feasible := 1e-4, true
			for j := range p {
				switch dj := sign * d[j]; {
				case p[j] == 0 && dj < -1e-9:
					feasible = false
				case dj < 0:
					step = min(step, p[j]/-dj/2)
				}
			}
			if boundary {
				if feasible {
					problems = append(problems, fmt.Sprintf("row %v %v is not the only feasible distribution: direction %v", noise, prob, d))
				}
				continue
			}
			if !feasible {
				problems = append(problems, fmt.Sprintf("interior row has an infeasible direction %v", d))
				continue
			}
			q := make([]float64, len(p))
			for j := range p {
				q[j] = p[j] + step*sign*d[j]
			}
			if h := entropy(q); h > h0+1e-13 {
				problems = append(problems, fmt.Sprintf("entropy rises from %.17g to %.17g along %v", h0, h, d))
			}
		}
	}
	return problems
}

func TestPTableExp(t *testing.T) {
	for x := -700.0; x <= 700; x += 0.37 {
		want := math.Exp(x)
		if got := ptableExp(x); math.Abs(got-want) > 4e-16*want {
			t.Errorf("ptableExp(%v) = %v, want %v", x, got, want)
		}
	}
	if ptableExp(0) != 1 || ptableExp(800) != math.Inf(1) || ptableExp(-800) != 0 || !math.IsNaN(ptableExp(math.NaN())) {
		t.Error("ptableExp special values wrong")
	}
}
