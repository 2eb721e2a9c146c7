package store_test

import (
	"context"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"medborgardialog/demo"
	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
)

// lagesbildData fills one database with demo responses of the built-in
// 2023 survey, once per benchmark run.
var lagesbildData struct {
	once sync.Once
	st   *store.Store
	sv   *models.Survey
	err  error
}

const benchResponses = 100_000

func benchStore(b *testing.B) (*store.Store, *models.Survey) {
	d := &lagesbildData
	d.once.Do(func() {
		ctx := context.Background()
		d.st, d.err = store.Open(ctx, storetest.URI(), storetest.DBName(), storetest.Options()...)
		if d.err != nil {
			return
		}
		var builtin []*models.Survey
		if builtin, d.err = surveys.Builtin(); d.err != nil {
			return
		}
		for _, sv := range builtin {
			if sv.Slug == "ungdomsdialog-2023" {
				d.sv = sv
			}
		}
		if _, d.err = d.st.EnsureSurveys(ctx, builtin); d.err != nil {
			return
		}
		from := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)
		d.err = demo.Fill(ctx, d.st, []demo.Wave{{Survey: d.sv, From: from, To: from.AddDate(0, 9, 0), Count: benchResponses}}, 7, nil)
	})
	if d.err != nil {
		b.Fatal(d.err)
	}
	return d.st, d.sv
}

// peakHeap samples the heap while fn runs and returns its peak in MiB.
func peakHeap(fn func()) float64 {
	runtime.GC()
	var peak uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	return float64(peak) / (1 << 20)
}

// BenchmarkLagesbild100k compares the workbook of 100,000 responses with a
// bare scan of the same responses through a driver cursor, the floor any
// export has to pay. Run with:
//
//	go test ./store -run '^$' -bench Lagesbild100k -benchtime 3x
func BenchmarkLagesbild100k(b *testing.B) {
	st, sv := benchStore(b)
	ctx := context.Background()
	b.Run("cursor-scan", func(b *testing.B) {
		var peak float64
		for b.Loop() {
			peak = max(peak, peakHeap(func() {
				n, err := store.ScanResponses(ctx, st, sv.Slug)
				if err != nil || n != benchResponses {
					b.Fatalf("scanned %d, %v", n, err)
				}
			}))
		}
		b.ReportMetric(peak, "peak-heap-MiB")
	})
	b.Run("workbook", func(b *testing.B) {
		var peak float64
		for b.Loop() {
			peak = max(peak, peakHeap(func() {
				res, err := export.WriteLagesbild(ctx, export.Scan(st), export.TextsOf(st), export.Request{Survey: sv, Filter: models.ResponseFilter{Survey: sv.Slug}, MinCell: 5},
					io.Discard, export.Workbook{Lang: "sv", Now: time.Now()})
				if err != nil || res.N != benchResponses {
					b.Fatalf("workbook over %v responses: %v", res, err)
				}
			}))
		}
		b.ReportMetric(peak, "peak-heap-MiB")
	})
}
