package export

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"medborgardialog/models"
)

// workbookPass is a whole lägesbild as the service makes it: one pass of n
// responses into a Tally and a TextSpool, then the workbook to w. The
// responses cycle through pool, like a cursor decoding into fresh values
// would, so the input itself takes no memory that grows with n.
func workbookPass(tb testing.TB, sv *models.Survey, pool []*models.Response, n int, w io.Writer) {
	tally := NewTally(sv).WithExactTotal() // a whole survey, as the service counts it
	ts, err := NewTextSpool(sv, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	defer ts.Close()
	for i := range n {
		r := pool[i%len(pool)]
		tally.Add(r)
		ts.Add(r)
	}
	res := tally.Results(DefaultMinCell)
	if res.N != n {
		tb.Fatalf("n = %d", res.N)
	}
	err = WriteWorkbook(w, WorkbookInput{Survey: sv, Results: res, Texts: ts, Generated: time.Now(), Version: "bench"})
	if err != nil {
		tb.Fatal(err)
	}
}

// benchPool is 5,000 distinct responses; a third carry a free text, and
// the texts are made distinct so the Fritext sheet is a realistic size.
func benchPool(sv *models.Survey) []*models.Response {
	pool := newGen(sv, 42, 0).responses(5000)
	for i, r := range pool {
		if _, ok := r.Answers["forslag"]; ok {
			r.Answers["forslag"] = plantedTexts[i%len(plantedTexts)] + " – mer ljus i parken och fler vuxna ute på kvällarna, svar " + string(rune('A'+i%26))
		}
	}
	return pool
}

// BenchmarkWorkbook100k: Tally + TextSpool + WriteWorkbook for 100,000
// responses of the built-in survey, to io.Discard.
func BenchmarkWorkbook100k(b *testing.B) {
	sv := builtinSurvey(b)
	pool := benchPool(sv)
	const n = 100_000
	b.ReportAllocs()
	for b.Loop() {
		workbookPass(b, sv, pool, n, io.Discard)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/response")
}

// BenchmarkWorkbookTallyOnly is the same pass without the free text and
// the workbook, to see what the workbook adds.
func BenchmarkWorkbookTallyOnly(b *testing.B) {
	sv := builtinSurvey(b)
	pool := benchPool(sv)
	const n = 100_000
	b.ReportAllocs()
	for b.Loop() {
		tally := NewTally(sv)
		for i := range n {
			tally.Add(pool[i%len(pool)])
		}
		_ = tally.Results(DefaultMinCell)
	}
}

// peakHeap runs fn while sampling the heap in use, and returns the highest
// HeapInuse seen above what was in use before, and the bytes allocated.
func peakHeap(fn func()) (peak, alloc uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var top atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > top.Load() {
				top.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	fn()
	close(done)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	p := top.Load()
	if p < before.HeapInuse {
		p = before.HeapInuse
	}
	return p - before.HeapInuse, after.TotalAlloc - before.TotalAlloc
}

// TestWorkbookMemoryDoesNotGrow measures the peak heap of a whole
// lägesbild at 20,000 to 600,000 responses. The Tally grows with groups,
// not responses; the spool keeps texts on disk; the zip goes straight to
// the writer. What remains is excelize's stream writer, which keeps up to
// 16 MiB of the Fritext sheet's XML in memory before it spills to a
// temporary file (excelize.StreamChunkSize): the peak rises until the free
// text reaches that size (about 150,000 responses here), then stays flat.
func TestWorkbookMemoryDoesNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("writes large workbooks")
	}
	sv := builtinSurvey(t)
	pool := benchPool(sv)
	workbookPass(t, sv, pool, 5000, io.Discard) // warm up: styles, caches
	sizes := []int{20_000, 100_000, 300_000, 600_000}
	peaks := map[int]uint64{}
	for _, n := range sizes {
		start := time.Now()
		peak, alloc := peakHeap(func() { workbookPass(t, sv, pool, n, io.Discard) })
		peaks[n] = peak
		t.Logf("%7d responses: %v, peak heap in use +%.1f MiB, allocated %.1f MiB (%.0f B/response)",
			n, time.Since(start).Round(time.Millisecond), float64(peak)/(1<<20), float64(alloc)/(1<<20), float64(alloc)/float64(n))
	}
	const ceiling = 128 << 20
	for _, n := range sizes {
		if peaks[n] > ceiling {
			t.Errorf("%d responses: peak heap %.1f MiB, over %d MiB", n, float64(peaks[n])/(1<<20), ceiling>>20)
		}
	}
	// Twice the responses past the stream writer's spill point: allow a
	// quarter more plus 8 MiB of noise from the collector's pacing.
	if limit := peaks[300_000]*5/4 + 8<<20; peaks[600_000] > limit {
		t.Errorf("peak heap grows with responses: %.1f MiB at 300k, %.1f MiB at 600k",
			float64(peaks[300_000])/(1<<20), float64(peaks[600_000])/(1<<20))
	}
}
