package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// report is the result of one run, printed for people or as JSON.
type report struct {
	Mode        string         `json:"mode"` // "service" or "bare"
	Target      string         `json:"target"`
	Concurrency int            `json:"concurrency,omitempty"`
	Rate        float64        `json:"rate,omitempty"`
	Submissions int            `json:"submissions"` // unique submission ids
	Requests    int            `json:"requests"`    // planned, duplicates included
	NotSent     int            `json:"not_sent,omitempty"`
	Seconds     float64        `json:"seconds"`
	Throughput  float64        `json:"throughput"`    // answered requests per second
	OKPerSecond float64        `json:"ok_per_second"` // 2xx per second
	LatencyMS   latency        `json:"latency_ms"`
	Status      map[string]int `json:"status"`
	Verify      *verdict       `json:"verify,omitempty"`
	Stalls      []stall        `json:"stalls,omitempty"`        // with -stall, worst first
	Groups      *groups        `json:"insert_groups,omitempty"` // with -serve
}

// groups is how the embedded engine's relay committed single-document
// inserts during a run: how many insert commands it sent and how many
// inserts each carried (embedded.Server.InsertGroups).
type groups struct {
	Commands int64         `json:"commands"`
	Inserts  int64         `json:"inserts"`
	Max      int           `json:"max"`
	Sizes    map[int]int64 `json:"sizes"` // inserts in a command: commands
}

// summarizeGroups is the difference of two InsertGroups counts.
func summarizeGroups(before, after map[int]int64) *groups {
	g := &groups{Sizes: map[int]int64{}}
	for size, n := range after {
		if d := n - before[size]; d > 0 {
			g.Sizes[size] = d
			g.Commands += d
			g.Inserts += d * int64(size)
			g.Max = max(g.Max, size)
		}
	}
	return g
}

// groupBuckets are the ranges of group sizes printed.
var groupBuckets = []struct{ lo, hi int }{{1, 1}, {2, 4}, {5, 16}, {17, 64}, {65, 100}}

func (g *groups) print(w io.Writer) {
	if g.Commands == 0 {
		fmt.Fprintf(w, "  groups      no insert committed in a group\n")
		return
	}
	var parts []string
	for _, b := range groupBuckets {
		var commands, inserts int64
		for size, n := range g.Sizes {
			if size >= b.lo && size <= b.hi {
				commands += n
				inserts += n * int64(size)
			}
		}
		name := strconv.Itoa(b.lo)
		if b.hi > b.lo {
			name += "–" + strconv.Itoa(b.hi)
		}
		parts = append(parts, fmt.Sprintf("%s: %d (%.0f%% of inserts)", name, commands, 100*float64(inserts)/float64(g.Inserts)))
	}
	fmt.Fprintf(w, "  groups      %d inserts in %d commands, %.2f a command, largest %d; commands by size %s\n",
		g.Inserts, g.Commands, float64(g.Inserts)/float64(g.Commands), g.Max, strings.Join(parts, ", "))
}

// stall is a stallWindow as reported.
type stall struct {
	FromS    float64 `json:"from_s"`
	ToS      float64 `json:"to_s"`
	Requests int     `json:"requests"`
	WorstMS  float64 `json:"worst_ms"`
}

type latency struct {
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

// verdict compares what was acknowledged with what is stored.
type verdict struct {
	Unique int `json:"unique"` // distinct submission ids sent
	Acked  int `json:"acked"`  // ids that got at least one 2xx
	Stored int `json:"stored"` // documents stored for those ids
	// Lost: acknowledged but not stored. Doubled: stored more than once.
	// DoubleCreated: answered 201 more than once for one id.
	Lost          int  `json:"lost"`
	Doubled       int  `json:"doubled"`
	DoubleCreated int  `json:"double_created"`
	OK            bool `json:"ok"`
}

// summarize turns the outcomes of a run into a report.
func summarize(mode, target string, p pace, jobs []job, out []outcome, elapsed time.Duration) *report {
	r := &report{Mode: mode, Target: target, Submissions: len(uniqueIDs(jobs)), Requests: len(out),
		Seconds: elapsed.Seconds(), Status: map[string]int{}}
	if p.rate > 0 {
		r.Rate = p.rate
	} else {
		r.Concurrency = p.concurrency
	}
	var lat []time.Duration
	var sum time.Duration
	answered, ok := 0, 0
	for _, o := range out {
		if !o.sent {
			r.NotSent++
			continue
		}
		lat = append(lat, o.latency)
		sum += o.latency
		if o.err != "" {
			r.Status[o.err]++
			continue
		}
		answered++
		if o.status >= 200 && o.status < 300 {
			ok++
		}
		r.Status[strconv.Itoa(o.status)]++
	}
	if s := elapsed.Seconds(); s > 0 {
		r.Throughput = float64(answered) / s
		r.OKPerSecond = float64(ok) / s
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		at := func(q float64) float64 { return ms(lat[min(len(lat)-1, int(q*float64(len(lat))))]) }
		r.LatencyMS = latency{P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: ms(lat[len(lat)-1]), Mean: ms(sum / time.Duration(len(lat)))}
	}
	return r
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// judge checks the stored counts per id against the answers received.
func judge(jobs []job, out []outcome, stored map[string]int64) *verdict {
	ids := uniqueIDs(jobs)
	acked := map[string]bool{}
	created := map[string]int{}
	for _, o := range out {
		if o.sent && o.err == "" && o.status >= 200 && o.status < 300 {
			acked[o.id] = true
			if o.status == 201 {
				created[o.id]++
			}
		}
	}
	v := &verdict{Unique: len(ids), Acked: len(acked)}
	for _, id := range ids {
		n := stored[id]
		if acked[id] {
			v.Stored += int(n)
			if n == 0 {
				v.Lost++
			}
		}
		if n > 1 {
			v.Doubled++
		}
		if created[id] > 1 {
			v.DoubleCreated++
		}
	}
	v.OK = v.Lost == 0 && v.Doubled == 0 && v.DoubleCreated == 0
	return v
}

func (r *report) print(w io.Writer) {
	how := fmt.Sprintf("concurrency %d", r.Concurrency)
	if r.Rate > 0 {
		how = fmt.Sprintf("open loop at %.0f req/s", r.Rate)
	}
	fmt.Fprintf(w, "%s → %s, %s\n", r.Mode, r.Target, how)
	fmt.Fprintf(w, "  %d submissions, %d requests in %.2f s", r.Submissions, r.Requests, r.Seconds)
	if r.NotSent > 0 {
		fmt.Fprintf(w, " (%d not sent: time limit)", r.NotSent)
	}
	fmt.Fprintf(w, "\n  throughput  %.0f req/s answered, %.0f req/s 2xx\n", r.Throughput, r.OKPerSecond)
	l := r.LatencyMS
	fmt.Fprintf(w, "  latency ms  p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f\n", l.P50, l.P95, l.P99, l.Max, l.Mean)
	keys := make([]string, 0, len(r.Status))
	for k := range r.Status {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, r.Status[k])
	}
	fmt.Fprintf(w, "  status      %s\n", strings.Join(parts, ", "))
	if v := r.Verify; v != nil {
		word := "OK"
		if !v.OK {
			word = "FAILED"
		}
		fmt.Fprintf(w, "  verify      %s: %d unique, %d acknowledged, %d stored for them; lost %d, stored twice %d, created twice %d\n",
			word, v.Unique, v.Acked, v.Stored, v.Lost, v.Doubled, v.DoubleCreated)
	}
	if r.Groups != nil {
		r.Groups.print(w)
	}
}
