package export

import (
	"math/rand/v2"
	"slices"
	"testing"

	"medborgardialog/models"
)

func TestWholeTens(t *testing.T) {
	for _, tt := range []struct {
		name   string
		counts []int
		want   []int // nil: no tens, words
	}{
		{"exact tens", []int{5, 3, 2}, []int{50, 30, 20}},
		// Rounded one by one, of a perturbed 17 who answered, these read
		// 50 + 20 + 0 + 40 = 110 %.
		{"counts perturbed apart from their total", []int{9, 4, 0, 7}, []int{50, 20, 0, 30}},
		{"three equal parts: the first gets the ten left", []int{7, 7, 7}, []int{40, 30, 30}},
		{"a tie of remainders goes to the larger count", []int{3, 0, 5, 12}, []int{10, 0, 30, 60}},
		{"nobody chose anything", []int{0, 0, 0}, []int{0, 0, 0}},
		{"one option chosen by all", []int{0, 24, 0}, []int{0, 100, 0}},
		{"a chosen option is never 0 %", []int{33, 3}, []int{90, 10}},
		{"four small ones lifted to 10 %", []int{25, 3, 3, 3}, []int{70, 10, 10, 10}},
		{"ten chosen options, ten tens", []int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, []int{10, 10, 10, 10, 10, 10, 10, 10, 10, 10}},
		{"eleven chosen options cannot all show", []int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, nil},
		// 43 % would have to show as 30 %: more than rounding.
		{"lifts that would push a big share down a whole ten", []int{16, 3, 3, 3, 3, 3, 3, 3}, nil},
		{"lifts the others' remainders pay for", []int{13, 3, 3, 3, 3, 3, 3, 3}, []int{30, 10, 10, 10, 10, 10, 10, 10}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := wholeTens(tt.counts)
			if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
				t.Fatalf("wholeTens(%v) = %v, %v; want %v", tt.counts, got, ok, tt.want)
			}
		})
	}
}

// perturbedCounts draws k option counts the way a class release sees
// them: a class of 10–30 split over the options, some never chosen, and
// each count moved by the cell-key noise (at most ±3, 0 stays 0, never 1
// or 2).
func perturbedCounts(r *rand.Rand, k, class int) []int {
	weights := make([]float64, k)
	for i := range weights {
		if r.IntN(4) > 0 { // a quarter of the options nobody chooses
			weights[i] = r.ExpFloat64()
		}
	}
	counts := make([]int, k)
	if slices.Max(weights) == 0 {
		weights[r.IntN(k)] = 1
	}
	for range class {
		counts[draw(r, weights)]++
	}
	for i, c := range counts {
		if c > 0 {
			counts[i] = max(3, c+r.IntN(7)-3)
		}
	}
	return counts
}

// draw picks an index with probability proportional to its weight.
func draw(r *rand.Rand, w []float64) int {
	x, last := r.Float64()*sum(w), 0
	for i, wi := range w {
		if wi == 0 {
			continue
		}
		if last = i; x < wi {
			return i
		}
		x -= wi
	}
	return last
}

func sum[T int | float64](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

// TestWholeTensAddsUpTo100 draws many classes of 10–30 answering one
// question of 2–8 options with perturbed counts: the tens add up to 100,
// an option is 0 % exactly when its count is 0, no share is a whole ten
// or more from its exact value, a larger count never shows less. Words
// come only where no such tens exist (checked by trying every way to
// share ten tens), which in a class this small takes noise that lifts
// the total over 30: rarely.
func TestWholeTensAddsUpTo100(t *testing.T) {
	seed := uint64(20240624)
	r := rand.New(rand.NewPCG(seed, 1))
	const runs = 20000
	words := 0
	for run := range runs {
		k, class := 2+r.IntN(7), 10+r.IntN(21)
		counts := perturbedCounts(r, k, class)
		tens, ok := wholeTens(counts)
		if ok {
			checkWholeTens(t, counts, tens)
			continue
		}
		if anyHonestTens(counts, nil, 10) {
			t.Fatalf("run %d (seed %d): words for %v, which tens can show", run, seed, counts)
		}
		words++
	}
	if words > runs/100 {
		t.Fatalf("%d of %d classes in words", words, runs)
	}
	t.Logf("%d of %d classes in words", words, runs)
}

// TestWholeTensWordsOnlyWhenNeeded does the same for bigger classes and,
// in a third of the draws, one big answer beside many small ones: words
// exactly when no sharing of ten tens adds up to 100, shows each chosen
// option above 0 % and each share less than ten points from its exact
// value.
func TestWholeTensWordsOnlyWhenNeeded(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 24))
	words := 0
	for run := range 3000 {
		k, class := 2+r.IntN(6), 10+r.IntN(60)
		counts := perturbedCounts(r, k, class)
		if run%3 == 0 {
			for i := 1; i < k; i++ {
				counts[i] = 3
			}
		}
		tens, ok := wholeTens(counts)
		if feasible := anyHonestTens(counts, nil, 10); ok != feasible {
			t.Fatalf("wholeTens(%v): ok %v, but honest tens exist: %v", counts, ok, feasible)
		}
		if ok {
			checkWholeTens(t, counts, tens)
		} else {
			words++
		}
	}
	if words == 0 {
		t.Fatal("no draw needed words: the test tests nothing")
	}
}

// anyHonestTens says whether the options from len(prefix) on can share
// left tens so that every option is 0 exactly when its count is, and
// less than one ten from its exact share.
func anyHonestTens(counts, prefix []int, left int) bool {
	i := len(prefix)
	if i == len(counts) {
		return left == 0
	}
	total := sum(counts)
	for u := 0; u <= left; u++ {
		if (u == 0) != (counts[i] == 0) || abs(u*total-10*counts[i]) >= total {
			continue
		}
		if anyHonestTens(counts, append(prefix, u), left-u) {
			return true
		}
	}
	return false
}

func abs(x int) int { return max(x, -x) }

func checkWholeTens(t *testing.T, counts, tens []int) {
	t.Helper()
	total := sum(counts)
	if len(tens) != len(counts) || total > 0 && sum(tens) != 100 {
		t.Fatalf("%v: tens %v add up to %d", counts, tens, sum(tens))
	}
	for i, c := range counts {
		if (tens[i] == 0) != (c == 0) || tens[i]%10 != 0 {
			t.Fatalf("%v: option %d shows %d %%", counts, i, tens[i])
		}
		if exact := 100 * float64(c) / float64(total); tens[i]-int(exact) >= 10 || exact-float64(tens[i]) >= 10 {
			t.Fatalf("%v: option %d shows %d %% for %.1f %%", counts, i, tens[i], exact)
		}
		for j, d := range counts {
			if c > d && tens[i] < tens[j] {
				t.Fatalf("%v: %d shows %d %%, fewer than %d's %d %%", counts, c, tens[i], d, tens[j])
			}
		}
	}
}

func TestShareWord(t *testing.T) {
	for _, tt := range []struct {
		count, total int
		want         string
	}{
		{0, 40, models.ShareWordNone}, {3, 0, models.ShareWordNone},
		{3, 40, models.ShareWordSome}, {15, 40, models.ShareWordSome},
		{16, 40, models.ShareWordAboutHalf}, {20, 40, models.ShareWordAboutHalf}, {24, 40, models.ShareWordAboutHalf},
		{25, 40, models.ShareWordMost}, {40, 40, models.ShareWordMost},
	} {
		if got := shareWord(tt.count, tt.total); got != tt.want {
			t.Errorf("shareWord(%d, %d) = %q, want %q", tt.count, tt.total, got, tt.want)
		}
	}
}

func TestPartTens(t *testing.T) {
	for _, tt := range []struct{ count, base, want int }{
		{0, 28, 0}, {3, 0, 0},
		{1, 28, 10}, // would round to 0 %, but somebody chose it
		{3, 28, 10}, {14, 28, 50}, {20, 28, 70},
		{27, 28, 90}, // would round to 100 %, but not everybody chose it
		{28, 28, 100}, {30, 28, 100},
	} {
		if got := partTens(tt.count, tt.base); got != tt.want {
			t.Errorf("partTens(%d, %d) = %d, want %d", tt.count, tt.base, got, tt.want)
		}
	}
}
