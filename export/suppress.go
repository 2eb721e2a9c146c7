package export

import "medborgardialog/models"

// DefaultMinCell is the smallest group shown when neither the caller nor
// the survey says otherwise (DESIGN §5).
const DefaultMinCell = 5

// EffectiveMinCell is the min_cell to use for sv when the service is
// configured with configured (DIALOG_MIN_CELL; 0 or less means unset). A
// survey's own min_cell can raise the threshold but never lower it: the
// survey author may know its groups are small, and a lower value would be
// a way around the service's policy.
func EffectiveMinCell(sv *models.Survey, configured int) int {
	mc := configured
	if mc <= 0 {
		mc = DefaultMinCell
	}
	if sv != nil && sv.MinCell > mc {
		mc = sv.MinCell
	}
	return mc
}

// Suppress decides which cells of one breakdown to hide. cells are the
// numbers of respondents in each group of the breakdown, and their sum is
// the breakdown's total, which is shown elsewhere when it reaches minCell.
// Every group a respondent can be in must be among cells (including
// "not answered"), or the arithmetic below is wrong. minCell of 0 or less
// means DefaultMinCell.
//
// The rule, used by every output of the service:
//
//  1. If the total is below minCell, every cell is hidden.
//  2. Primary: a cell below minCell is hidden. That includes an empty
//     cell: were zeros shown, every hidden cell would be known to hold at
//     least one person, and "someone in this class answered X" is exactly
//     what hiding is meant to protect.
//  3. Secondary: anyone can work out the hidden cells' sum S as the total
//     minus the shown cells. With k hidden cells each known to be at most
//     minCell-1, S gives away too much when
//     - 0 < S < minCell: the hidden groups together are a group smaller
//     than minCell whose answers are the total's minus the shown groups'
//     (with k = 1 that is the hidden group itself), or
//     - S > (k-1)·(minCell-1): the other hidden cells cannot hold all of
//     S, so every hidden group is known to be non-empty, and with k = 1 its
//     exact size is known.
//     Then the smallest shown cell is hidden too (ties: the first in
//     order, so the choice is stable between runs). A shown cell holds at
//     least minCell, so after that S ≥ minCell and no hidden cell has a
//     known upper bound below S: one extra cell is always enough.
//     S = 0 (only empty cells hidden) needs nothing more: working out a
//     zero discloses no respondent.
//
// Within a shown group, the counts of the answers are not suppressed
// further: like Ungdata and Skolverket, the threshold is on the number of
// respondents a figure is computed over, so "1 of 12 in year 8" is shown.
//
// This is a one-pass rule of the kind used in practice, not an optimal
// cell-suppression solver: each table is protected on its own, and figures
// for different questions are counted over different respondents.
func Suppress(cells []int, minCell int) []bool {
	if minCell <= 0 {
		minCell = DefaultMinCell
	}
	hidden := make([]bool, len(cells))
	total := 0
	for _, c := range cells {
		total += max(c, 0)
	}
	if total < minCell {
		for i := range hidden {
			hidden[i] = true
		}
		return hidden
	}
	k, sum := 0, 0
	for i, c := range cells {
		if c < minCell {
			hidden[i] = true
			k++
			sum += max(c, 0)
		}
	}
	if sum == 0 || sum >= minCell && sum <= (k-1)*(minCell-1) {
		return hidden
	}
	smallest := -1
	for i, c := range cells {
		if !hidden[i] && (smallest < 0 || c < cells[smallest]) {
			smallest = i
		}
	}
	if smallest >= 0 {
		hidden[smallest] = true
	}
	return hidden
}
