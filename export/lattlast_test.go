package export

import (
	"reflect"
	"strconv"
	"testing"

	"medborgardialog/models"
)

// Lättläst is the same survey: an answer given in it counts in every
// figure exactly as the same answer given in Swedish would, and the
// Metod sheet reports how many answered in it, under the same rule as
// every language (a count under min_cell is not shown).
func TestLattlastCountsInTheSameFigures(t *testing.T) {
	sv := testSurvey()
	cases := generate(sv, 200, 27)
	mixed, swedish := NewTally(sv).WithExactTotal(), NewTally(sv).WithExactTotal()
	easy := 0
	for i, c := range cases {
		r := *c.resp
		r.Lang = models.LangSV
		swedish.Add(&r)
		if i%3 == 0 {
			r.Lang = models.LangEasy
			easy++
		}
		mixed.Add(&r)
	}
	a, b := mixed.Results(5), swedish.Results(5)
	langs := a.Languages
	a.Languages, b.Languages = nil, nil
	if !reflect.DeepEqual(a, b) {
		t.Fatal("answers given in lättläst change a figure")
	}
	var ll LanguageCount
	for _, l := range langs {
		if l.Lang == models.LangEasy {
			ll = l
		}
	}
	if ll.Hidden || ll.N < easy-3 || ll.N > easy+3 {
		t.Fatalf("lättläst %+v, want %d ± 3", ll, easy)
	}
	res := mixed.Results(5)
	rows := metodRows(t, "sv", res, nil)
	if r := rowStarting(rows, "Lättläst svenska|"); r != "Lättläst svenska|"+strconv.Itoa(ll.N) {
		t.Errorf("Metod's lättläst row %q, want %d", r, ll.N)
	}
	if r := rowStarting(metodRows(t, "en", res, nil), "Easy-to-read Swedish|"); r != "Easy-to-read Swedish|"+strconv.Itoa(ll.N) {
		t.Errorf("Metod in English: lättläst row %q", r)
	}

	// Three in lättläst are fewer than min_cell: not shown as a number.
	few := NewTally(sv).WithExactTotal()
	for i, c := range cases[:40] {
		r := *c.resp
		r.Lang = models.LangSV
		if i < 3 {
			r.Lang = models.LangEasy
		}
		few.Add(&r)
	}
	if r := rowStarting(metodRows(t, "sv", few.Results(5), nil), "Lättläst svenska|"); r != "Lättläst svenska|– (färre än 5)" {
		t.Errorf("three in lättläst: %q", r)
	}
}
