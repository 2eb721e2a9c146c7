package export

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"medborgardialog/demo"
	"medborgardialog/models"
	"medborgardialog/surveys"
)

// BenchmarkColumnsCount counts the built-in survey's figures from columns
// of 100,000 demo responses held in memory, with breakdowns: the work of
// one wave of the results JSON, without the database. For profiling:
//
//	go test ./export -run '^$' -bench ColumnsCount -cpuprofile /tmp/cpu.out
func BenchmarkColumnsCount(b *testing.B) {
	defs, err := surveys.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	var sv *models.Survey
	for _, d := range defs {
		if d.Slug == "ungdomsdialog-2023" {
			sv = d
		}
	}
	text, closed := textAndClosed(sv)
	cols := NewColumns(sv.Slug, text, closed)
	g := demo.NewGenerator(sv, 1)
	rng := rand.New(rand.NewPCG(1, 2))
	from := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)
	for cols.Len() < 100_000 {
		sess, place := g.Session(from, from.AddDate(0, 9, 0))
		for range 14 + rng.IntN(14) {
			r := g.Response(sess, place)
			r.RecordKey = rng.Uint32()
			cols.Append(r)
		}
	}
	f := models.ResponseFilter{Survey: sv.Slug}
	for b.Loop() {
		t := NewTally(sv)
		if err := cols.Count(context.Background(), t, f); err != nil {
			b.Fatal(err)
		}
		t.Results(5)
	}
}
