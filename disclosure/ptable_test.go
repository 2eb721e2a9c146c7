package disclosure

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// ptableCases are the parameter sets the property tests run on: the
// reference, a V below what counts 1 and 2 can reach, a V above what some
// rows can reach, and other shapes.
var ptableCases = []Params{
	ReferenceParams,
	{D: 3, V: 1, JS: 2},
	{D: 3, V: 5, JS: 2},
	{D: 5, V: 3, JS: 2},
	{D: 2, V: 1, JS: 1},
	{D: 4, V: 2.5, JS: 0},
}

func fmtParams(p Params) string { return fmt.Sprintf("D=%d V=%g JS=%d", p.D, p.V, p.JS) }

func mustGenerate(t testing.TB, p Params) *PTable {
	t.Helper()
	pt, err := Generate(p)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", p, err)
	}
	return pt
}

func moments(noise []int, prob []float64) (sum, mean, variance float64) {
	for j, v := range noise {
		sum += prob[j]
		mean += prob[j] * float64(v)
	}
	for j, v := range noise {
		variance += prob[j] * (float64(v) - mean) * (float64(v) - mean)
	}
	return sum, mean, variance
}

func TestPTableRowRules(t *testing.T) {
	tables := map[string]*PTable{"DefaultPTable": DefaultPTable()}
	for _, p := range ptableCases {
		tables[fmtParams(p)] = mustGenerate(t, p)
	}
	for name, pt := range tables {
		p := pt.Params()
		if want := p.JS + p.D + 2; pt.Rows() != want {
			t.Errorf("%s: %d rows, want %d (counts 0..JS+D+1)", name, pt.Rows(), want)
		}
		for count := range pt.Rows() {
			noise, prob := pt.Row(count)
			sum, mean, _ := moments(noise, prob)
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("%s count %d: probabilities sum to %.17g", name, count, sum)
			}
			if math.Abs(mean) > 1e-9 {
				t.Errorf("%s count %d: mean noise %g, want 0", name, count, mean)
			}
			for j, v := range noise {
				if shown := count + v; v < -p.D || v > p.D || shown < 0 || (shown >= 1 && shown <= p.JS) || !(prob[j] > 0) {
					t.Errorf("%s count %d: noise %d (shown %d) with probability %g breaks a rule", name, count, v, shown, prob[j])
				}
			}
		}
		if noise, prob := pt.Row(0); !slices.Equal(noise, []int{0}) || !slices.Equal(prob, []float64{1}) {
			t.Errorf("%s: row 0 is %v %v, want noise 0 with probability 1", name, noise, prob)
		}
		if noise, _ := pt.Row(pt.Rows() - 1); len(noise) != 2*p.D+1 {
			t.Errorf("%s: last row has noise %v, want all of -D..D", name, noise)
		}
	}
}

// TestPTableVariance documents what each row's variance is. With the
// reference parameters every row but 0 reaches V=2:
//
//   - count 0: variance 0 (zero stays zero);
//   - count 1 (noise -1, 2 or 3, i.e. shown 0, 3 or 4): 2 is the least
//     variance an unbiased noise can have there, reached only by -1 with
//     probability 2/3 and +2 with 1/3; +3 must get probability 0;
//   - count 2 (noise -2, 1, 2 or 3): likewise only -2 with 1/3 and +1 with
//     2/3 reach 2;
//   - counts 3..6: variance 2 with every allowed noise value used.
//
// Other parameters show the rows that cannot reach V: they get the nearest
// variance their possible noise allows.
func TestPTableVariance(t *testing.T) {
	tests := []struct {
		p    Params
		want []float64 // variance of rows 0, 1, ...
	}{
		{ReferenceParams, []float64{0, 2, 2, 2, 2, 2, 2}},
		// Counts 1 and 2 cannot go below 2 (see above).
		{Params{D: 3, V: 1, JS: 2}, []float64{0, 2, 2, 1, 1, 1, 1}},
		// Count 1: at most 3 (-1 and +3); count 4 (noise -1..3): at most 3.
		{Params{D: 3, V: 5, JS: 2}, []float64{0, 3, 5, 5, 3, 5, 5}},
		// Count 1 (noise -1, 1, 2): exactly 1, from -1 and +1 with 1/2 each.
		{Params{D: 2, V: 1, JS: 1}, []float64{0, 1, 1, 1, 1}},
	}
	for _, tt := range tests {
		pt := mustGenerate(t, tt.p)
		if pt.Rows() != len(tt.want) {
			t.Fatalf("%s: %d rows, want %d", fmtParams(tt.p), pt.Rows(), len(tt.want))
		}
		for count, want := range tt.want {
			noise, prob := pt.Row(count)
			if _, _, got := moments(noise, prob); math.Abs(got-want) > 1e-9 {
				t.Errorf("%s count %d: variance %.17g, want %g (row %v %v)", fmtParams(tt.p), count, got, want, noise, prob)
			}
		}
	}
}

func TestPTableReferenceRows(t *testing.T) {
	pt := DefaultPTable()
	tests := []struct {
		count int
		noise []int
		prob  []float64 // nil: not checked here (interior rows)
	}{
		{0, []int{0}, []float64{1}},
		{1, []int{-1, 2}, []float64{2.0 / 3, 1.0 / 3}},
		{2, []int{-2, 1}, []float64{1.0 / 3, 2.0 / 3}},
		{3, []int{-3, 0, 1, 2, 3}, nil},
		{4, []int{-1, 0, 1, 2, 3}, nil},
		{5, []int{-2, -1, 0, 1, 2, 3}, nil},
		{6, []int{-3, -2, -1, 0, 1, 2, 3}, nil},
	}
	for _, tt := range tests {
		noise, prob := pt.Row(tt.count)
		if !slices.Equal(noise, tt.noise) {
			t.Errorf("count %d: noise %v, want %v", tt.count, noise, tt.noise)
			continue
		}
		for j := range tt.prob {
			if math.Abs(prob[j]-tt.prob[j]) > 1e-15 {
				t.Errorf("count %d noise %d: probability %.17g, want %.17g", tt.count, noise[j], prob[j], tt.prob[j])
			}
		}
	}
}

func TestNoiseMatchesTable(t *testing.T) {
	const n = 1_000_000
	for _, pt := range []*PTable{DefaultPTable(), mustGenerate(t, Params{D: 5, V: 3, JS: 2})} {
		last := pt.Rows() - 1
		for _, count := range []int{-3, 0, 1, 2, 3, 4, 5, 6, last, last + 1, 1000} {
			noise, prob := pt.Row(count)
			freq := make([]int, 2*pt.Params().D+1) // by noise+D
			for k := range n {
				u := float64(k) / n
				v := pt.Noise(count, u)
				freq[v+pt.Params().D]++
				if count > last && v != pt.Noise(last, u) {
					t.Fatalf("count %d, u=%v: noise %d, but the last row (count %d) gives %d", count, u, v, last, pt.Noise(last, u))
				}
			}
			for j, v := range noise {
				if got := float64(freq[v+pt.Params().D]) / n; math.Abs(got-prob[j]) > 1e-5 {
					t.Errorf("count %d noise %d: frequency %g, want %g", count, v, got, prob[j])
				}
				freq[v+pt.Params().D] = 0
			}
			if slices.ContainsFunc(freq, func(f int) bool { return f != 0 }) {
				t.Errorf("count %d: Noise gave values outside the row %v: %v (by noise+D)", count, noise, freq)
			}
			if got := pt.Noise(count, 0); got != noise[0] {
				t.Errorf("count %d: Noise(u=0) = %d, want the smallest noise %d", count, got, noise[0])
			}
			if got := pt.Noise(count, math.Nextafter(1, 0)); got != noise[len(noise)-1] {
				t.Errorf("count %d: Noise(u just below 1) = %d, want the largest noise %d", count, got, noise[len(noise)-1])
			}
			// Interval ends: u = cum(v) already belongs to the next value.
			cum := pt.rows[min(max(count, 0), last)].cum
			for j := range len(cum) - 1 {
				if got := pt.Noise(count, cum[j]); got != noise[j+1] {
					t.Errorf("count %d: Noise(u=%v) = %d, want %d", count, cum[j], got, noise[j+1])
				}
				if got := pt.Noise(count, math.Nextafter(cum[j], 0)); got != noise[j] {
					t.Errorf("count %d: Noise(u just below %v) = %d, want %d", count, cum[j], got, noise[j])
				}
			}
		}
	}
}

func TestPTableRowCopies(t *testing.T) {
	pt := mustGenerate(t, ReferenceParams)
	noise, prob := pt.Row(3)
	noise[0], prob[0] = 99, 99
	if n, p := pt.Row(3); n[0] == 99 || p[0] == 99 {
		t.Error("Row returned the table's own slices")
	}
	for _, c := range []struct{ count, row int }{{-1, 0}, {7, 6}, {1 << 30, 6}} {
		n1, p1 := pt.Row(c.count)
		n2, p2 := pt.Row(c.row)
		if !reflect.DeepEqual(n1, n2) || !reflect.DeepEqual(p1, p2) {
			t.Errorf("Row(%d) differs from Row(%d)", c.count, c.row)
		}
	}
}

func TestGenerateRejectsBadParams(t *testing.T) {
	for _, p := range []Params{
		{D: 0, V: 2, JS: 0},
		{D: 51, V: 2, JS: 2},
		{D: 3, V: 2, JS: -1},
		{D: 3, V: 2, JS: 3}, // count 4 could never go down
		{D: 3, V: 0, JS: 2},
		{D: 3, V: -1, JS: 2},
		{D: 3, V: math.NaN(), JS: 2},
		{D: 3, V: math.Inf(1), JS: 2},
	} {
		if _, err := Generate(p); err == nil {
			t.Errorf("Generate(%+v) succeeded, want an error", p)
		}
	}
}

func BenchmarkNoise(b *testing.B) {
	pt := DefaultPTable()
	rng := rand.New(rand.NewPCG(3, 4))
	counts, keys := make([]int, 1024), make([]float64, 1024)
	for i := range counts {
		counts[i], keys[i] = rng.IntN(20), rng.Float64()
	}
	sum := 0
	b.ResetTimer()
	for i := range b.N {
		sum += pt.Noise(counts[i&1023], keys[i&1023])
	}
	if sum == math.MinInt {
		b.Log(sum)
	}
}
