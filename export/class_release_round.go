package export

import "medborgardialog/models"

// How a class release rounds: the shares of one question that are parts
// of one whole are rounded together, so a class never reads 60 + 70 + 0 +
// 30 = 160 % (DESIGN §5 "Class results are one release").

// tensUnits is how many tens of percent make a whole.
const tensUnits = 10

// wholeTens shares ten tens of percent among options by their (perturbed)
// counts, so the tens add up to exactly 100 % whenever any count is above
// 0. It is the largest-remainder rule with one more condition: an option
// is 0 % only when its count is 0, so an option somebody chose gets at
// least 10 %.
//
// Plain largest remainder shows every share less than ten points from
// its exact value. ok is false when no rounding keeps that, adds up to
// 100 and shows every chosen option above 0 %: when the chosen options
// that would round down to 0 %, lifted to 10 %, leave too little for the
// others' own whole tens. More than ten chosen options is the plain case;
// 26 of 47 beside seven options of 3 another (55 % would show as 30 %).
// Then the question is given in words (shareWord). A class of at most 30
// seldom gets there: a perturbed count is 0 or at least 3, and 3 of 30 is
// 10 %, so only noise that lifts the total over 30 needs any lift.
// With no count above 0 every option is 0 %.
//
// The arithmetic is in integers: option i's exact share is 10·c_i/T
// tens, compared with a_i tens as 10·c_i − a_i·T.
func wholeTens(counts []int) (tens []int, ok bool) {
	total := 0
	for _, c := range counts {
		total += c
	}
	units := make([]int, len(counts))
	if total == 0 {
		return units, true
	}
	sum := 0
	for i, c := range counts {
		units[i] = tensUnits * c / total
		if c > 0 && units[i] == 0 {
			units[i] = 1 // chosen, so not 0 %
		}
		sum += units[i]
	}
	if sum > tensUnits {
		return nil, false
	}
	// The largest remainders get the tens left, the larger count first
	// on a tie, then the earlier option. A lifted option is above its
	// exact share, so it is never picked before one below.
	for ; sum < tensUnits; sum++ {
		best := -1
		for i, c := range counts {
			if c == 0 {
				continue
			}
			if best < 0 || excess(units[i], c, total) < excess(units[best], counts[best], total) ||
				excess(units[i], c, total) == excess(units[best], counts[best], total) && c > counts[best] {
				best = i
			}
		}
		units[best]++
	}
	for i := range units {
		units[i] *= tensUnits
	}
	return units, true
}

// excess is how far a tens of percent shown lie above the option's exact
// share, scaled by total·10 to stay in integers.
func excess(units, count, total int) int { return units*total - tensUnits*count }

// shareWord says in a word how large a part count is of total, for a
// question whose shares cannot be shown as tens (see wholeTens).
func shareWord(count, total int) string {
	switch {
	case count <= 0 || total <= 0:
		return models.ShareWordNone
	case 10*count > 6*total:
		return models.ShareWordMost
	case 10*count >= 4*total:
		return models.ShareWordAboutHalf
	default:
		return models.ShareWordSome
	}
}

// partTens rounds a share that stands on its own (a multi-choice option,
// "vet inte") to tens, like ShareTens, except that it is 0 only when
// count is 0 and 100 only when count is all of base.
func partTens(count, base int) int {
	if count <= 0 || base <= 0 {
		return 0
	}
	if count >= base {
		return 100
	}
	return min(max(ShareTens(float64(count)/float64(base)), 10), 90)
}
