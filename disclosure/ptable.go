package disclosure

import (
	"bytes"
	_ "embed"
	"sync"
)

// Params are the p-table's parameters.
type Params struct {
	D  int     // maximum absolute noise
	V  float64 // noise variance
	JS int     // shown counts 1..JS never occur
}

// ReferenceParams are D=3, V=2, JS=2: noise of at most ±3 with variance 2,
// and no shown 1 or 2. The published table (DefaultPTable) uses them.
var ReferenceParams = Params{D: 3, V: 2, JS: 2}

// PTable is a p-table ("perturbation table"): for every true count, how
// likely each amount of noise is. The service never shows a true count: it
// shows count+v, where v is drawn from the count's row of the table by
// the figure's cell key (see Noise). Publishing the table lets anyone check
// what the noise can and cannot do, without letting them undo it, because
// the cell key that picks v stays secret.
//
// Every row obeys the same rules:
//
//   - The noise is small: |v| ≤ D, so a shown figure is never more than D
//     away from the truth.
//   - The noise is unbiased: its average is exactly 0 for every count, so
//     sums and averages over many figures are not pulled up or down.
//   - Its spread is known: the variance is V wherever the row's possible
//     noise values allow it, so confidence intervals can be widened by a
//     known amount (Rule.Widen).
//   - Zero stays zero. A count of 0 cannot go down, and an unbiased noise
//     that cannot go down cannot go up either; besides, an empty group
//     shown as 3 would invent respondents who do not exist.
//   - Shown counts 1..JS never occur. A shown 1 or 2 would single out one
//     or two people ("the one pupil in grade 7 who answered X"); with this
//     rule every shown figure is either 0 or at least JS+1, and a true 1 or
//     2 is shown as 0 or as something at least JS+1.
//
// These rules still leave many possible tables. Among them we take, row by
// row, the one with maximum entropy: the distribution that spreads its
// probability as evenly as the rules allow and assumes nothing else. That
// makes the shown figure as uninformative about the true one as the rules
// permit, and it makes the table unique, so anyone can regenerate it from
// D, V and JS alone (as the R package sdcTools/ptable does).
//
// Counts above JS+D have every noise value -D..D available, so the rules
// and hence the best distribution are the same for all of them. The table
// therefore stores rows 0..JS+D+1 and every larger count uses the last row.
//
// Build one with Generate, ParseTSV or DefaultPTable; the zero PTable has
// no rows, and Noise panics on it rather than show an unperturbed count.
type PTable struct {
	params Params
	rows   []ptableRow
}

// ptableRow is one count's noise distribution: the possible noise values
// in ascending order, their probabilities (all > 0), and the running sums
// of those probabilities (the last one is exactly 1). Noise value j is
// chosen when cum[j-1] <= u < cum[j].
type ptableRow struct {
	noise []int
	prob  []float64
	cum   []float64
}

// newPTableRow computes the cumulative bounds of a row. The last bound is
// set to exactly 1 so that every cell key in [0, 1) falls in some interval
// even when the probabilities' float64 sum is a hair below 1.
func newPTableRow(noise []int, prob []float64) ptableRow {
	cum := make([]float64, len(prob))
	s := 0.0
	for j, p := range prob {
		s += p
		cum[j] = s
	}
	if len(cum) > 0 {
		cum[len(cum)-1] = 1
	}
	return ptableRow{noise: noise, prob: prob, cum: cum}
}

//go:embed ptable.tsv
var ptableTSV []byte

var defaultPTable = sync.OnceValue(func() *PTable {
	t, err := ParseTSV(bytes.NewReader(ptableTSV))
	if err != nil {
		panic("disclosure: embedded ptable.tsv is malformed: " + err.Error())
	}
	return t
})

// DefaultPTable returns the published table shipped as data
// (disclosure/ptable.tsv, generated with ReferenceParams), parsed once. It
// panics only if the embedded file is malformed, which a test guards.
func DefaultPTable() *PTable { return defaultPTable() }

// Noise returns the noise for true count count (negative counts are
// treated as 0) given a cell key u in [0, 1): the noise value v whose
// interval [cum(previous v), cum(v)) holds u, values in ascending order.
// So u near 0 gives the most negative noise and u near 1 the most
// positive. Keys outside [0, 1) are clamped to the first or last value.
// It does not allocate.
func (t *PTable) Noise(count int, u float64) int {
	if count < 0 {
		count = 0
	}
	if last := len(t.rows) - 1; count > last {
		count = last
	}
	r := &t.rows[count]
	for j, c := range r.cum {
		if u < c {
			return r.noise[j]
		}
	}
	return r.noise[len(r.noise)-1]
}

// Params returns the table's parameters.
func (t *PTable) Params() Params { return t.params }

// Rows returns how many count rows the table stores; the last one serves
// all larger counts.
func (t *PTable) Rows() int { return len(t.rows) }

// Row returns the noise values and their probabilities for count (larger
// counts: the last row; negative counts: row 0), for documentation and
// tests. The slices are copies.
func (t *PTable) Row(count int) (noise []int, prob []float64) {
	count = max(count, 0)
	count = min(count, len(t.rows)-1)
	r := t.rows[count]
	return append([]int(nil), r.noise...), append([]float64(nil), r.prob...)
}
