package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// diagnostics are the profiles taken over the measured runs, to find out
// what a stall is made of: a CPU profile says what ran, block and mutex
// profiles what goroutines waited for inside Go, and the execution trace
// snapshots taken just after a slow request (a flight recorder, so only
// the seconds around the stall are kept) show syscalls (fsync, SQLite's
// busy-handler sleeps), GC and scheduling of every goroutine in the stall.
//
// With segDir, the CPU profile is cut into one file a second
// (cpu-SS.pprof, SS seconds from the start of the measured runs) and the
// block and mutex profiles are written out every second (block-SS.pprof,
// mutex-SS.pprof, cumulative: compare two with pprof -diff_base), so the
// seconds of a stall can be looked at alone at the small cost of
// profiling rather than tracing.
type diagnostics struct {
	cpu, block, mutex string
	allocs            string // what was allocated during the measured runs, and where
	traceDir          string
	segDir            string
	stall             time.Duration // a request this slow triggers a trace snapshot
	maxSnapshots      int

	cpuFile  *os.File
	recorder *trace.FlightRecorder
	taken    atomic.Int32
	pending  atomic.Bool
	wg       sync.WaitGroup
	errs     chan error
	segStop  chan struct{}
	segDone  chan struct{}
}

func (d *diagnostics) start() error {
	d.errs = make(chan error, 16)
	if d.allocs != "" {
		// The profile counts from the start of the process; this base
		// takes out what start-up and warm-up allocated.
		if err := writeProfile("allocs", d.allocs+".base"); err != nil {
			return err
		}
	}
	if d.block != "" || d.segDir != "" {
		// Waits of 100 µs and more are all recorded, shorter ones sampled.
		runtime.SetBlockProfileRate(int(100 * time.Microsecond))
	}
	if d.mutex != "" || d.segDir != "" {
		runtime.SetMutexProfileFraction(10)
	}
	if d.segDir != "" {
		if err := os.MkdirAll(d.segDir, 0o755); err != nil {
			return fmt.Errorf("profile dir: %w", err)
		}
		d.segStop, d.segDone = make(chan struct{}), make(chan struct{})
		go d.segments()
	}
	if d.traceDir != "" {
		if err := os.MkdirAll(d.traceDir, 0o755); err != nil {
			return fmt.Errorf("trace dir: %w", err)
		}
		// Long enough to hold a multi-second stall and what led to it.
		d.recorder = trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: 8 * time.Second, MaxBytes: 256 << 20})
		if err := d.recorder.Start(); err != nil {
			return fmt.Errorf("flight recorder: %w", err)
		}
	}
	if d.cpu != "" {
		f, err := os.Create(d.cpu)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return fmt.Errorf("cpu profile: %w", err)
		}
		d.cpuFile = f
	}
	return nil
}

// slow is told of every request slower than d.stall. The snapshot waits a
// little, so the trace also holds how the stall ended, and one stall
// (hundreds of slow requests) gives one snapshot.
func (d *diagnostics) slow(runStart time.Time, latency time.Duration) {
	if d.recorder == nil || int(d.taken.Load()) >= d.maxSnapshots || !d.pending.CompareAndSwap(false, true) {
		return
	}
	d.wg.Go(func() {
		defer d.pending.Store(false)
		time.Sleep(300 * time.Millisecond)
		n := d.taken.Add(1)
		name := filepath.Join(d.traceDir, fmt.Sprintf("stall-%d.trace", n))
		f, err := os.Create(name)
		if err != nil {
			d.errs <- fmt.Errorf("trace snapshot: %w", err)
			return
		}
		defer f.Close()
		if _, err := d.recorder.WriteTo(f); err != nil {
			d.errs <- fmt.Errorf("trace snapshot %s: %w", name, err)
			return
		}
		fmt.Fprintf(os.Stderr, "loadgen: %s: request of %v ending %.1f s into the run\n",
			name, latency.Round(time.Millisecond), time.Since(runStart).Seconds()-0.3)
	})
}

// segments writes a CPU profile of each second and the block and mutex
// profiles at its end, until stop.
func (d *diagnostics) segments() {
	defer close(d.segDone)
	for i := 0; ; i++ {
		f, err := os.Create(filepath.Join(d.segDir, fmt.Sprintf("cpu-%02d.pprof", i)))
		if err != nil {
			d.errs <- fmt.Errorf("cpu profile: %w", err)
			return
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			d.errs <- fmt.Errorf("cpu profile: %w", err)
			return
		}
		stopped := false
		select {
		case <-d.segStop:
			stopped = true
		case <-time.After(time.Second):
		}
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			d.errs <- fmt.Errorf("cpu profile: %w", err)
			return
		}
		for _, name := range []string{"block", "mutex"} {
			if err := writeProfile(name, filepath.Join(d.segDir, fmt.Sprintf("%s-%02d.pprof", name, i))); err != nil {
				d.errs <- err
				return
			}
		}
		if stopped {
			return
		}
	}
}

func (d *diagnostics) stop() error {
	d.wg.Wait()
	if d.segStop != nil {
		close(d.segStop)
		<-d.segDone
	}
	if d.cpuFile != nil {
		pprof.StopCPUProfile()
		if err := d.cpuFile.Close(); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
	}
	if d.recorder != nil {
		d.recorder.Stop()
	}
	for _, p := range []struct{ name, file string }{{"block", d.block}, {"mutex", d.mutex}, {"allocs", d.allocs}} {
		if p.file == "" {
			continue
		}
		if err := writeProfile(p.name, p.file); err != nil {
			return err
		}
	}
	select {
	case err := <-d.errs:
		return err
	default:
		return nil
	}
}

func writeProfile(name, file string) error {
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("%s profile: %w", name, err)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("%s profile: %w", name, err)
	}
	return f.Close()
}

// stallWindow is a stretch of the run in which requests were slow: from
// the scheduled start of the first to the end of the last that overlap.
type stallWindow struct {
	from, to time.Duration // offsets from the run's start
	requests int
	worst    time.Duration
}

// stalls merges the requests slower than limit into windows, longest
// first, so a report can say when the tail happened and how often.
func stalls(out []outcome, limit time.Duration) []stallWindow {
	var slow []outcome
	for _, o := range out {
		if o.sent && o.latency >= limit {
			slow = append(slow, o)
		}
	}
	slices.SortFunc(slow, func(a, b outcome) int { return int(a.at - b.at) })
	var ws []stallWindow
	for _, o := range slow {
		end := o.at + o.latency
		if n := len(ws); n > 0 && o.at <= ws[n-1].to {
			w := &ws[n-1]
			w.to = max(w.to, end)
			w.requests++
			w.worst = max(w.worst, o.latency)
			continue
		}
		ws = append(ws, stallWindow{from: o.at, to: end, requests: 1, worst: o.latency})
	}
	slices.SortFunc(ws, func(a, b stallWindow) int { return int(b.worst - a.worst) })
	return ws
}

func reportStalls(ws []stallWindow) []stall {
	out := make([]stall, len(ws))
	for i, w := range ws {
		out[i] = stall{FromS: w.from.Seconds(), ToS: w.to.Seconds(), Requests: w.requests, WorstMS: ms(w.worst)}
	}
	return out
}

func printStalls(w io.Writer, ss []stall, limit time.Duration) {
	if len(ss) == 0 {
		fmt.Fprintf(w, "  stalls      none (no request took %v or more)\n", limit)
		return
	}
	fmt.Fprintf(w, "  stalls      %d windows with requests of %v or more (worst first):\n", len(ss), limit)
	for i, s := range ss {
		if i == 10 {
			fmt.Fprintf(w, "              … %d more\n", len(ss)-i)
			break
		}
		fmt.Fprintf(w, "              %6.2f–%6.2f s  %4d requests  worst %.0f ms\n", s.FromS, s.ToS, s.Requests, s.WorstMS)
	}
}
