package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"medborgardialog/store"
)

// commandCount counts the commands the store sends, by collection,
// command and whether it selects by key, and keeps the first few that
// read the responses by anything else.
type commandCount struct {
	mu     sync.Mutex
	n      map[string]int
	badies []string
}

func newCommandCount() *commandCount { return &commandCount{n: map[string]int{}} }

func (c *commandCount) add(cmd store.Command) {
	key := cmd.Name + " " + cmd.Collection
	if !cmd.ByKey {
		key += " (not by key)"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
	if cmd.Collection == "responses" && !cmd.ByKey && len(c.badies) < 5 {
		c.badies = append(c.badies, fmt.Sprintf("%s %v", cmd.Name, cmd.Filters))
	}
}

func (c *commandCount) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.n))
	for k, v := range c.n {
		out[k] = v
	}
	return out
}

// result is one route's figures in one set of runs.
type result struct {
	Set      string         `json:"set,omitempty"`
	Route    string         `json:"route"`
	Requests int            `json:"requests"`
	PerSec   float64        `json:"per_second"`
	First    time.Duration  `json:"first_ns"` // the scenario's first request, before the clients start
	P50      time.Duration  `json:"p50_ns"`
	P95      time.Duration  `json:"p95_ns"`
	P99      time.Duration  `json:"p99_ns"`
	Max      time.Duration  `json:"max_ns"`
	Statuses map[string]int `json:"statuses"`
	Failed   int            `json:"failed"` // an unexpected status or a transport error
	// Commands are the database commands sent while the route ran,
	// background work included, by kind; PerRequest their sum divided
	// by the requests.
	Commands   map[string]int `json:"commands"`
	PerRequest float64        `json:"commands_per_request"`
	// ResponsesNotByKey counts reads of responses by anything but _id
	// while it ran: 0 is the requirement.
	ResponsesNotByKey int `json:"responses_not_by_key"`
	// Steps are the figures of each kind of request of a scenario that
	// sends several (the join flow).
	Steps []result `json:"steps,omitempty"`
}

type sample struct {
	route  string
	took   time.Duration
	status int
	ok     bool
}

var client = &http.Client{
	Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: 90 * time.Second},
	// A redirect is the route's answer; the next page is another route.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       30 * time.Second,
}

func send(st step) sample {
	began := time.Now()
	resp, err := client.Do(st.req)
	if err != nil {
		return sample{route: st.route, took: time.Since(began)}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return sample{route: st.route, took: time.Since(began), status: resp.StatusCode, ok: slices.Contains(st.ok, resp.StatusCode)}
}

// measure sends the scenario's first request alone (the cold figure),
// then n requests from c clients in a closed loop, and returns the
// figures per route the scenario's requests name.
func measure(ctx context.Context, s *service, f *fixture, sc scenario, o *options) result {
	cold := send(sc.next(newWorker(f, 0)))
	before := s.cmds.snapshot()
	var next atomic.Int64
	samples := make([][]sample, o.c)
	var wg sync.WaitGroup
	began := time.Now()
	for i := range o.c {
		wg.Go(func() {
			w := newWorker(f, i+1)
			for ctx.Err() == nil {
				k := next.Add(1) - 1
				if k >= int64(o.n) {
					return
				}
				if o.rate <= 0 {
					samples[i] = append(samples[i], send(sc.next(w)))
					continue
				}
				// Open loop: request k is due at its place in a fixed
				// schedule, and its time counts from then, so a request
				// that waited for a free client is not measured as fast.
				due := began.Add(time.Duration(float64(k) / o.rate * float64(time.Second)))
				time.Sleep(time.Until(due))
				x := send(sc.next(w))
				x.took = time.Since(due)
				samples[i] = append(samples[i], x)
			}
		})
	}
	wg.Wait()
	took := time.Since(began)
	after := s.cmds.snapshot()

	r := result{Route: sc.name, First: cold.took, Statuses: map[string]int{}, Commands: map[string]int{}}
	var lat []time.Duration
	for _, ws := range samples {
		for _, x := range ws {
			lat = append(lat, x.took)
			r.Statuses[fmt.Sprint(x.status)]++
			if !x.ok {
				r.Failed++
			}
		}
	}
	r.Requests = len(lat)
	r.PerSec = float64(r.Requests) / took.Seconds()
	slices.Sort(lat)
	r.P50, r.P95, r.P99, r.Max = pct(lat, 0.50), pct(lat, 0.95), pct(lat, 0.99), pct(lat, 1)
	byStep := map[string][]sample{}
	var order []string
	for _, ws := range samples {
		for _, x := range ws {
			if byStep[x.route] == nil {
				order = append(order, x.route)
			}
			byStep[x.route] = append(byStep[x.route], x)
		}
	}
	if len(order) > 1 {
		slices.Sort(order)
		for _, name := range order {
			st := result{Route: "… " + name, Statuses: map[string]int{}}
			var l []time.Duration
			for _, x := range byStep[name] {
				l = append(l, x.took)
				st.Statuses[fmt.Sprint(x.status)]++
				if !x.ok {
					st.Failed++
				}
			}
			slices.Sort(l)
			st.Requests = len(l)
			st.P50, st.P95, st.P99, st.Max = pct(l, 0.50), pct(l, 0.95), pct(l, 0.99), pct(l, 1)
			r.Steps = append(r.Steps, st)
		}
	}
	total := 0
	for k, v := range after {
		if d := v - before[k]; d > 0 {
			r.Commands[k] = d
			total += d
			if strings.HasSuffix(k, " responses (not by key)") {
				r.ResponsesNotByKey += d
			}
		}
	}
	if r.Requests > 0 {
		r.PerRequest = float64(total) / float64(r.Requests)
	}
	return r
}

func pct(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

func (r result) line() string {
	return fmt.Sprintf("%-44s %6d req %7.0f/s  first %7s  p50 %6s  p95 %6s  p99 %7s  max %7s ms  failed %d  db %.2f/req  responses not by key %d",
		r.Route, r.Requests, r.PerSec, ms(r.First), ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), r.Failed, r.PerRequest, r.ResponsesNotByKey)
}

// writeTable writes the figures as the Markdown table docs/BENCHMARKS.md
// keeps, one per set.
func writeTable(w io.Writer, all []result) {
	var sets []string
	for _, r := range all {
		if !slices.Contains(sets, r.Set) {
			sets = append(sets, r.Set)
		}
	}
	for _, set := range sets {
		if set != "" {
			fmt.Fprintf(w, "\n%s:\n\n", set)
		}
		fmt.Fprintln(w, "| route | requests | req/s | first | p50 | p95 | **p99** | max | statuses | db commands / request | reads of responses not by _id | p99 < 50 ms |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
		for _, r := range all {
			if r.Set != set {
				continue
			}
			verdict := "yes"
			if r.P99 >= 50*time.Millisecond {
				verdict = "**no**"
			}
			fmt.Fprintf(w, "| %s | %d | %.0f | %s | %s | %s | **%s** | %s | %s | %.2f | %d | %s |\n",
				r.Route, r.Requests, r.PerSec, ms(r.First), ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), statuses(r), r.PerRequest, r.ResponsesNotByKey, verdict)
			for _, st := range r.Steps {
				verdict := "yes"
				if st.P99 >= 50*time.Millisecond {
					verdict = "**no**"
				}
				fmt.Fprintf(w, "| %s | %d | | | %s | %s | **%s** | %s | %s | | | %s |\n",
					st.Route, st.Requests, ms(st.P50), ms(st.P95), ms(st.P99), ms(st.Max), statuses(st), verdict)
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Database commands per route (count while it ran):")
	for _, r := range all {
		keys := make([]string, 0, len(r.Commands))
		for k := range r.Commands {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s × %d", k, r.Commands[k])
		}
		set := ""
		if r.Set != "" {
			set = " [" + r.Set + "]"
		}
		fmt.Fprintf(w, "- %s%s: %s\n", r.Route, set, strings.Join(parts, ", "))
	}
	fmt.Fprintf(os.Stderr, "load average at the end: %s", loadavg())
}

func statuses(r result) string {
	keys := make([]string, 0, len(r.Statuses))
	for k := range r.Statuses {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s × %d", k, r.Statuses[k])
	}
	return strings.Join(parts, ", ")
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?\n"
	}
	return string(b)
}
