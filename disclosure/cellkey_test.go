package disclosure

import (
	"math"
	"testing"
)

// group builds a Group from record keys.
func group(keys ...uint32) Group {
	var g Group
	for _, k := range keys {
		g.Add(k)
	}
	return g
}

func TestCountKeepsTheTableProperties(t *testing.T) {
	r := NewRule(nil)
	for count := 0; count <= 40; count++ {
		for k := range uint32(2000) {
			g := group(k*2654435761, k)
			got := r.Count(count, g, FigureOf("q\x00x"))
			switch {
			case count == 0 && got != 0:
				t.Fatalf("0 became %d", got)
			case got == 1 || got == 2:
				t.Fatalf("count %d shown as %d", count, got)
			case got < 0 || abs(got-count) > r.MaxNoise():
				t.Fatalf("count %d shown as %d", count, got)
			}
		}
	}
}

func TestSameGroupSameFigure(t *testing.T) {
	r := NewRule(nil)
	keys := []uint32{3, 1 << 31, 77, 4000000000, 12345}
	a := group(keys...)
	b := group(keys[4], keys[2], keys[0], keys[3], keys[1]) // another order, as another filter would count them
	for _, f := range []Figure{FigureN, FigureOf("question\x00kon\x00option\x00tjej")} {
		for count := 1; count < 30; count++ {
			if r.Count(count, a, f) != r.Count(count, b, f) {
				t.Fatalf("count %d of figure %x: the same respondents give two figures", count, f)
			}
		}
	}
}

// TestOnePupilMoreGivesNewNoise: two groups that differ by one respondent
// get independent noise on every figure, also where that respondent adds
// nothing to the count. Were the noise the same, the difference of two
// shown figures would be the true difference.
func TestOnePupilMoreGivesNewNoise(t *testing.T) {
	r := NewRule(nil)
	const trials = 20000
	same := 0
	for i := range uint32(trials) {
		base := group(i*7919+1, i*104729+3, i*15485863+5, i*32452843+7, i*49979687+9)
		more := base
		more.Add(i*86028121 + 11)
		// The new pupil did not choose this option: the true count is 12
		// in both groups.
		if r.Count(12, base, FigureOf("opt")) == r.Count(12, more, FigureOf("opt")) {
			same++
		}
	}
	// Independent draws agree with probability Σ p(v)², about 0.2 for
	// V = 2; the same draw would agree every time.
	rate := float64(same) / trials
	var want float64
	_, prob := DefaultPTable().Row(12)
	for _, p := range prob {
		want += p * p
	}
	if math.Abs(rate-want) > 0.02 {
		t.Fatalf("the shown count stays the same in %.3f of cases, want about %.3f (independent noise)", rate, want)
	}
}

// TestFiguresOfOneGroupAreIndependent: knowing the noise of n says nothing
// about the noise of an option count of the same group.
func TestFiguresOfOneGroupAreIndependent(t *testing.T) {
	r := NewRule(nil)
	const trials = 20000
	var sx, sy, sxy, sxx, syy float64
	for i := range uint32(trials) {
		g := group(i*2246822519 + 1)
		x := float64(r.Count(20, g, FigureN) - 20)
		y := float64(r.Count(20, g, FigureOf("option")) - 20)
		sx, sy, sxy, sxx, syy = sx+x, sy+y, sxy+x*y, sxx+x*x, syy+y*y
	}
	n := float64(trials)
	cov := sxy/n - sx/n*sy/n
	corr := cov / math.Sqrt((sxx/n-sx*sx/n/n)*(syy/n-sy*sy/n/n))
	if math.Abs(corr) > 0.03 {
		t.Fatalf("noise of two figures of one group correlates: %.3f", corr)
	}
	if mean := sx / n; math.Abs(mean) > 0.05 {
		t.Fatalf("mean noise %.3f, want about 0", mean)
	}
	if v := sxx/n - (sx/n)*(sx/n); math.Abs(v-r.NoiseVariance()) > 0.1 {
		t.Fatalf("noise variance %.3f, want about %.1f", v, r.NoiseVariance())
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
