package export

import (
	"math/rand/v2"
	"slices"
	"testing"

	"medborgardialog/models"
)

func TestSuppress(t *testing.T) {
	const T, F = true, false
	tests := []struct {
		name    string
		cells   []int
		minCell int
		want    []bool
	}{
		{"all groups large enough", []int{10, 20, 30}, 5, []bool{F, F, F}},
		{"exactly min cell is shown", []int{5, 5}, 5, []bool{F, F}},
		{"one group equal to the total", []int{12}, 5, []bool{F}},
		// total 33 - 10 - 20 = 3 would give the hidden group away.
		{"one hidden cell recoverable from the total hides the next smallest", []int{3, 10, 20}, 5, []bool{T, T, F}},
		{"next smallest, not next in order", []int{2, 30, 8, 10}, 5, []bool{T, F, T, F}},
		{"ties for next smallest take the first", []int{2, 10, 10, 30}, 5, []bool{T, T, F, F}},
		// 1+2 = 3 people whose answers would be total minus shown.
		{"two hidden summing below min cell", []int{1, 2, 10, 20}, 5, []bool{T, T, T, F}},
		// 2+3 = 5 but each is at most 4, so each is known to be at least 1.
		{"two hidden pinned above zero", []int{2, 3, 10, 20}, 5, []bool{T, T, T, F}},
		// 2+3+0 = 5 could be 4+1+0, 1+4+0, 2+0+3...: nobody is pinned.
		{"three hidden including an empty one protect each other", []int{2, 3, 0, 10, 20}, 5, []bool{T, T, T, F, F}},
		{"an empty group is hidden and needs no partner", []int{0, 10, 20}, 5, []bool{T, F, F}},
		{"several empty groups", []int{0, 7, 0, 9}, 5, []bool{T, F, T, F}},
		{"hidden group of two hides the other: total only", []int{3, 40}, 5, []bool{T, T}},
		{"all hidden when the total is below min cell", []int{1, 2, 1}, 5, []bool{T, T, T}},
		{"all empty", []int{0, 0}, 5, []bool{T, T}},
		{"no cells", []int{}, 5, []bool{}},
		// Both pinned at 4, but nothing shown is left to hide; only the
		// sizes are known, the answers are those of all 8.
		{"all small but total large", []int{4, 4}, 5, []bool{T, T}},
		{"min cell 1 shows every non-empty group", []int{1, 1, 0, 3}, 1, []bool{F, F, T, F}},
		{"min cell 0 means the default", []int{3, 10, 20}, 0, []bool{T, T, F}},
		{"larger min cell", []int{9, 10, 11}, 10, []bool{T, T, F}},
		{"negative counts read as empty", []int{-1, 10}, 5, []bool{T, F}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Suppress(tt.cells, tt.minCell)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Suppress(%v, %d) = %v, want %v", tt.cells, tt.minCell, got, tt.want)
			}
		})
	}
}

// TestSuppressProperties checks on random tables what a reader of the
// shown cells and the total can and cannot work out.
func TestSuppressProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 20000 {
		mc := 1 + rng.IntN(10)
		cells := make([]int, 1+rng.IntN(6))
		total := 0
		for i := range cells {
			switch rng.IntN(3) {
			case 0:
				cells[i] = rng.IntN(mc + 1)
			default:
				cells[i] = rng.IntN(40)
			}
			total += cells[i]
		}
		hidden := Suppress(cells, mc)
		if total < mc {
			if slices.Contains(hidden, false) {
				t.Fatalf("Suppress(%v, %d) = %v: total below min cell must hide all", cells, mc, hidden)
			}
			continue
		}
		k, sum, shown, secondary := 0, 0, 0, false
		for i, c := range cells {
			switch {
			case !hidden[i] && c < mc:
				t.Fatalf("Suppress(%v, %d) = %v: cell %d shown below min cell", cells, mc, hidden, i)
			case hidden[i]:
				k++
				sum += c
				secondary = secondary || c >= mc
			default:
				shown++
			}
		}
		if shown == 0 {
			continue
		}
		if sum > 0 && sum < mc {
			t.Fatalf("Suppress(%v, %d) = %v: hidden cells sum to %d, recoverable and below min cell", cells, mc, hidden, sum)
		}
		if sum > 0 && !secondary && sum > (k-1)*(mc-1) {
			t.Fatalf("Suppress(%v, %d) = %v: hidden cells are pinned above zero", cells, mc, hidden)
		}
		if k > 0 && secondary && slices.ContainsFunc(cells, func(c int) bool { return c < mc && c > 0 }) == false {
			t.Fatalf("Suppress(%v, %d) = %v: a secondary cell without a primary one", cells, mc, hidden)
		}
	}
}

func TestEffectiveMinCell(t *testing.T) {
	tests := []struct {
		name       string
		survey     int
		configured int
		want       int
	}{
		{"nothing set", 0, 0, DefaultMinCell},
		{"configured", 0, 8, 8},
		{"survey raises", 10, 5, 10},
		{"survey cannot lower", 3, 5, 5},
		{"survey raises the default", 7, 0, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EffectiveMinCell(&models.Survey{MinCell: tt.survey}, tt.configured); got != tt.want {
				t.Errorf("EffectiveMinCell = %d, want %d", got, tt.want)
			}
		})
	}
}
