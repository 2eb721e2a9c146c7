package results

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"medborgardialog/demo"
	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
)

// The benchmarks below measure the issue-18 targets on the embedded engine
// with demo responses to both built-in waves (the 2023 survey and its
// comparison wave 2022), n of each. Run with:
//
//	go test ./results -run '^$' -bench . -benchtime 20x -timeout 60m
//
// BENCH_RESPONSES sets n (default 100000). Filling the database takes a
// few minutes and is not timed.

type benchSet struct {
	st       *store.Store
	m        *Manager
	sv, base *models.Survey
	places   *models.Places
	n        int
}

var benchSets = map[int]*benchSet{}

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_RESPONSES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// benchData fills a database with n responses to each wave and loads the
// copy, reporting the load against a bare scan and the copy's heap.
func benchData(b *testing.B, n int) *benchSet {
	if d := benchSets[n]; d != nil {
		return d
	}
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.URI(), storetest.DBName(), storetest.Options()...)
	if err != nil {
		b.Fatal(err)
	}
	defs, err := surveys.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.EnsureSurveys(ctx, defs); err != nil {
		b.Fatal(err)
	}
	d := &benchSet{st: st, n: n}
	if d.sv, err = st.Survey(ctx, current); err != nil {
		b.Fatal(err)
	}
	if d.base, err = st.Survey(ctx, baseline); err != nil {
		b.Fatal(err)
	}
	if d.places, err = surveys.BuiltinPlaces(); err != nil {
		b.Fatal(err)
	}
	err = demo.Fill(ctx, st, []demo.Wave{
		{Survey: d.base, From: time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC), Count: n, Shift: 0.1},
		{Survey: d.sv, From: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC), Count: n},
	}, 7, nil)
	if err != nil {
		b.Fatal(err)
	}

	start := time.Now()
	if got, err := st.ScanRaw(ctx, current); err != nil || got != n {
		b.Fatalf("scanned %d: %v", got, err)
	}
	scan := time.Since(start)

	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	dir, err := os.MkdirTemp("", "bench-results-")
	if err != nil {
		b.Fatal(err)
	}
	d.m = New(st, Options{Wait: time.Hour, TextDir: dir}) // kept for every benchmark of the run
	start = time.Now()
	if _, err := d.m.Columns(ctx, current); err != nil {
		b.Fatal(err)
	}
	load := time.Since(start)
	if _, err := d.m.Columns(ctx, baseline); err != nil {
		b.Fatal(err)
	}
	after := heap()
	fmt.Fprintf(os.Stderr, "%d responses per wave: bare cursor scan %v, loading the copy %v (%.2f×); copy heap %.1f bytes/response (both waves)\n",
		n, scan.Round(time.Millisecond), load.Round(time.Millisecond), load.Seconds()/scan.Seconds(), float64(after-before)/float64(2*n))
	benchSets[n] = d
	return d
}

// benchFilters are the kinds of allowed filter the figures are timed for,
// from the live copy and from a publication alike.
var benchFilters = []struct {
	name string
	f    models.ResponseFilter
}{
	{"whole", models.ResponseFilter{}},
	{"area", models.ResponseFilter{Area: "centrum"}},
	{"school", models.ResponseFilter{School: "murgardsskolan"}},
	{"school+grade", models.ResponseFilter{School: "norrsatraskolan", Grade: "ak8"}},
	{"gender", models.ResponseFilter{Gender: "tjej"}},
	{"area+gender", models.ResponseFilter{Area: "centrum", Gender: "kille"}},
}

// BenchmarkResultsJSON is the figures behind the results JSON and the
// dashboard, for every kind of allowed filter, with the comparison wave.
func BenchmarkResultsJSON(b *testing.B) {
	d := benchData(b, benchN())
	ctx := context.Background()
	for _, c := range benchFilters {
		b.Run(c.name, func(b *testing.B) {
			f := c.f
			f.Survey = current
			req := export.Request{Survey: d.sv, Baseline: d.base, Filter: f, MinCell: 5, Places: d.places}
			for b.Loop() {
				if _, err := export.Build(ctx, d.m, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWorkbook is the whole workbook with its Uppföljning sheet over
// both waves, free text included, at BENCH_WORKBOOK responses per wave
// (default 20000) and at BENCH_RESPONSES.
func BenchmarkWorkbook(b *testing.B) {
	sizes := []int{benchN()}
	if n, err := strconv.Atoi(os.Getenv("BENCH_WORKBOOK")); err == nil && n > 0 {
		sizes = append([]int{n}, sizes...)
	} else if benchN() != 20_000 {
		sizes = append([]int{20_000}, sizes...)
	}
	ctx := context.Background()
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			d := benchData(b, n)
			req := export.Request{Survey: d.sv, Earlier: []*models.Survey{d.base}, Followup: true,
				Filter: models.ResponseFilter{Survey: current}, MinCell: 5, Places: d.places}
			for b.Loop() {
				if _, err := export.WriteLagesbild(ctx, d.m, d.m, req, io.Discard, export.Workbook{Lang: "sv", Now: time.Now(), TempDir: b.TempDir()}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPublish is making one publication of the 2023 wave from the
// copy: freezing it, writing it to the database, and releasing its texts
// (issue 24 target: at most 5 s at 100,000 responses).
func BenchmarkPublish(b *testing.B) {
	d := benchData(b, benchN())
	ctx := context.Background()
	for b.Loop() {
		// Interval 0: the same day again is allowed, for the benchmark.
		if _, err := d.m.Publish(ctx, PublishRequest{Survey: d.sv, By: "bench", Now: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPublishedResults is the results JSON's figures counted from a
// publication (target: < 50 ms at 100,000), after a first read of the
// publication from the database, which is timed apart: it is what a
// restarted service does before its first figure.
func BenchmarkPublishedResults(b *testing.B) {
	d := benchData(b, benchN())
	ctx := context.Background()
	for _, sv := range []*models.Survey{d.base, d.sv} {
		if _, err := d.m.Publication(ctx, sv.Slug, 0); models.ErrorCode(err) == models.ErrNotPublished {
			if _, err := d.m.Publish(ctx, PublishRequest{Survey: sv, By: "bench", Now: time.Now()}); err != nil {
				b.Fatal(err)
			}
		}
	}
	fresh := New(d.st, Options{TextDir: b.TempDir()}) // a restarted service: no copy, nothing cached
	defer fresh.Close()
	req := export.Request{Survey: d.sv, Baseline: d.base, Filter: models.ResponseFilter{Survey: current}, MinCell: 5, Places: d.places}
	start := time.Now()
	if _, err := export.Build(ctx, fresh.Published(nil), req); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%d responses per wave: first figure from the publications after a restart %v\n", d.n, time.Since(start).Round(time.Millisecond))
	for _, c := range benchFilters {
		b.Run(c.name, func(b *testing.B) {
			f := c.f
			f.Survey = current
			req := req
			req.Filter = f
			for b.Loop() {
				if _, err := export.Build(ctx, fresh.Published(nil), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPublishedWorkbook is the whole workbook from the publications,
// free text included, as the service writes it now.
func BenchmarkPublishedWorkbook(b *testing.B) {
	d := benchData(b, benchN())
	ctx := context.Background()
	for _, sv := range []*models.Survey{d.base, d.sv} {
		if _, err := d.m.Publish(ctx, PublishRequest{Survey: sv, By: "bench", Now: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	pub := d.m.Published(nil)
	req := export.Request{Survey: d.sv, Earlier: []*models.Survey{d.base}, Followup: true,
		Filter: models.ResponseFilter{Survey: current}, MinCell: 5, Places: d.places}
	for b.Loop() {
		if _, err := export.WriteLagesbild(ctx, pub, pub, req, io.Discard, export.Workbook{Lang: "sv", Now: time.Now(), TempDir: b.TempDir()}); err != nil {
			b.Fatal(err)
		}
	}
}
