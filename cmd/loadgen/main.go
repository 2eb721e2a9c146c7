// Command loadgen measures the submission API of a running medborgardialog
// on this machine: throughput, latency and whether every acknowledged
// answer was stored exactly once, against bare driver inserts of the same
// documents into the same database.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/store"
)

const usage = `usage: loadgen [flags]

Drives POST /api/v1/surveys/{slug}/responses with realistic answers drawn
from the survey's own definition. Loopback targets only.

Start the service with DIALOG_SUBMIT_RATE=0, or its per-address limit
(120 a minute) answers 429 to nearly everything. Or use -serve, which
starts the service in this process on a fresh embedded engine.

  loadgen -serve -compare -c 16 -n 5000 -verify     service vs bare inserts
  loadgen -serve -rate 500 -duration 20s -verify    p99 at a fixed rate
  loadgen -serve -rate 500 -duration 20s -verify -commit-delay 100ms-150ms
                                                     the same on a disk whose syncs are slow
  loadgen -serve -data-dir /tmp/d -sessions 25 -n 30000 -c 8
                                                    fill a data dir to measure
  loadgen -url http://127.0.0.1:8080 -n 2000 -dup 0.1 -verify \
          -mongodb-uri mongodb://127.0.0.1:27017 -db medborgardialog

flags:
`

// Hard limits: a run ends by itself, whatever it is asked.
const (
	maxN           = 200_000
	maxConcurrency = 512
	maxRate        = 5_000
	maxDuration    = 5 * time.Minute
	maxRunTime     = 10 * time.Minute
)

type options struct {
	url, survey, mongoURI, db, cpuProfile string
	blockProfile, mutexProfile, traceDir  string
	profileDir, allocProfile              string
	stall                                 time.Duration
	dataDir                               string
	sessions                              int
	serve, verify, baseline, compare      bool
	asJSON                                bool
	n, c                                  int
	rate, dup                             float64
	duration, timeout, maxTime            time.Duration
	seed                                  uint64
	warmup                                int
	// With -serve: the embedded engine's sync mode, and a delay held at
	// each commit (uniform in [commitDelayMin, commitDelayMax]), or only
	// at the first commit after each commitDelayEvery.
	embeddedSync                   string
	commitDelayMin, commitDelayMax time.Duration
	commitDelayEvery               time.Duration
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func parse(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "service base address (loopback only)")
	fs.BoolVar(&o.serve, "serve", false, "start the service in-process on a fresh embedded engine (instead of -url)")
	fs.StringVar(&o.dataDir, "data-dir", "", "with -serve: keep the engine's files in this new or empty directory, and list their sizes before and after the engine stops")
	fs.IntVar(&o.sessions, "sessions", 0, "answer in class sessions of this many submissions, opened in the database first (needs -serve or -mongodb-uri; not with -baseline or -compare)")
	fs.StringVar(&o.survey, "survey", "ungdomsdialog-2023", "slug of an open survey")
	fs.IntVar(&o.n, "n", 1000, fmt.Sprintf("unique submissions (at most %d)", maxN))
	fs.IntVar(&o.c, "c", 8, fmt.Sprintf("concurrency of the closed loop (at most %d)", maxConcurrency))
	fs.Float64Var(&o.rate, "rate", 0, "open loop: requests per second instead of -c (latency counted from each request's scheduled time)")
	fs.DurationVar(&o.duration, "duration", 0, "with -rate: run this long; sets -n (at most 5m)")
	fs.Float64Var(&o.dup, "dup", 0.1, "fraction of submissions sent again with the same submission_id (half racing the original, half at the end)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the answers drawn")
	fs.IntVar(&o.warmup, "warmup", 200, "requests sent first and left out of the figures (with -rate: at that rate, and at least 2 s of them)")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "limit of one request")
	fs.DurationVar(&o.maxTime, "max-time", 2*time.Minute, "limit of one run; what is not sent by then is reported as not sent (at most 10m)")
	fs.BoolVar(&o.verify, "verify", false, "afterwards, check every acknowledged submission is stored exactly once (needs -serve or -mongodb-uri)")
	fs.BoolVar(&o.baseline, "baseline", false, "insert the same documents with a bare driver insert (store.InsertResponseBare) instead of HTTP")
	fs.BoolVar(&o.compare, "compare", false, "run bare, service, bare again and print the ratio service/bare")
	fs.StringVar(&o.mongoURI, "mongodb-uri", "", "the service's database, for -verify and -baseline (loopback only)")
	fs.StringVar(&o.db, "db", "medborgardialog", "database name (DIALOG_DB of the service)")
	fs.BoolVar(&o.asJSON, "json", false, "print the report as JSON")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured runs to this file (whole process with -serve)")
	fs.StringVar(&o.blockProfile, "blockprofile", "", "write a block profile of the measured runs to this file (waits of 10 µs or more)")
	fs.StringVar(&o.mutexProfile, "mutexprofile", "", "write a mutex contention profile of the measured runs to this file")
	fs.StringVar(&o.allocProfile, "allocprofile", "", "write the allocations of the measured runs to this file (compare with FILE.base: pprof -diff_base)")
	fs.StringVar(&o.profileDir, "profile-seconds", "", "write CPU, block and mutex profiles of each second of the measured runs to this directory (not with -cpuprofile)")
	fs.DurationVar(&o.stall, "stall", 0, "list the windows in which requests took this long or longer (0: none)")
	fs.StringVar(&o.traceDir, "trace-stalls", "", "with -stall: write an execution trace of the seconds before each of the first 3 slow requests to this directory")
	fs.StringVar(&o.embeddedSync, "embedded-sync", "full", "with -serve: full (every commit synced, the service's default) or normal (synced at checkpoints)")
	commitDelay := fs.String("commit-delay", "", "with -serve: hold each commit this much longer, as a slow disk sync would: a duration (100ms) or a range drawn uniformly per commit (100ms-150ms)")
	fs.DurationVar(&o.commitDelayEvery, "commit-delay-every", 0, "with -commit-delay: delay only the first commit after each such interval (a disk whose syncs are slow now and then); 0: every commit")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *commitDelay != "" {
		var err error
		if o.commitDelayMin, o.commitDelayMax, err = parseDelayRange(*commitDelay); err != nil {
			return nil, fmt.Errorf("-commit-delay: %w", err)
		}
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case o.rate < 0 || o.rate > maxRate:
		return nil, fmt.Errorf("-rate must be from 0 to %d", maxRate)
	case o.duration < 0 || o.duration > maxDuration:
		return nil, fmt.Errorf("-duration must be at most %v", maxDuration)
	case o.duration > 0 && o.rate == 0:
		return nil, fmt.Errorf("-duration needs -rate")
	case o.dup < 0 || o.dup > 1:
		return nil, fmt.Errorf("-dup must be a fraction from 0 to 1")
	case o.c < 1 || o.c > maxConcurrency:
		return nil, fmt.Errorf("-c must be from 1 to %d", maxConcurrency)
	case o.maxTime <= 0 || o.maxTime > maxRunTime:
		return nil, fmt.Errorf("-max-time must be from 1s to %v", maxRunTime)
	case o.timeout <= 0 || o.timeout > time.Minute:
		return nil, fmt.Errorf("-timeout must be from 1ms to 1m")
	case o.warmup < 0 || o.warmup > 10_000:
		return nil, fmt.Errorf("-warmup must be from 0 to 10000")
	case o.stall < 0:
		return nil, fmt.Errorf("-stall must not be negative")
	case o.traceDir != "" && o.stall == 0:
		return nil, fmt.Errorf("-trace-stalls needs -stall")
	case o.dataDir != "" && !o.serve:
		return nil, fmt.Errorf("-data-dir needs -serve")
	case o.sessions < 0:
		return nil, fmt.Errorf("-sessions must not be negative")
	case o.sessions > 0 && (o.baseline || o.compare):
		return nil, fmt.Errorf("-sessions is for the service only: the bare inserts would store other documents")
	case o.profileDir != "" && o.cpuProfile != "":
		return nil, fmt.Errorf("-profile-seconds and -cpuprofile exclude each other: one CPU profile at a time")
	case o.embeddedSync != "full" && o.embeddedSync != "normal":
		return nil, fmt.Errorf("-embedded-sync must be full or normal")
	case !o.serve && (*commitDelay != "" || o.embeddedSync != "full"):
		return nil, fmt.Errorf("-commit-delay and -embedded-sync need -serve: they change the engine loadgen starts")
	case o.commitDelayEvery < 0 || (o.commitDelayEvery > 0 && *commitDelay == ""):
		return nil, fmt.Errorf("-commit-delay-every needs -commit-delay and must not be negative")
	}
	if o.duration > 0 {
		o.n = int(o.rate * o.duration.Seconds() / (1 + o.dup))
	}
	if o.n < 1 || o.n > maxN {
		return nil, fmt.Errorf("-n must be from 1 to %d", maxN)
	}
	if !o.serve {
		u, err := checkServiceURL(o.url)
		if err != nil {
			return nil, err
		}
		o.url = u
		if o.mongoURI != "" {
			if err := checkMongoURI(o.mongoURI); err != nil {
				return nil, err
			}
		} else if o.verify || o.baseline || o.compare || o.sessions > 0 {
			return nil, fmt.Errorf("-verify, -baseline, -compare and -sessions need the database: -mongodb-uri, or -serve")
		}
	}
	return o, nil
}

// output is the whole JSON report.
type output struct {
	Runs  []*report `json:"runs"`
	Ratio float64   `json:"ratio_service_bare,omitempty"` // 2xx per second
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parse(args, stderr)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 2
	}
	setup, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var svc *service
	if o.serve {
		svc, err = startService(setup, "loadgen", o.dataDir, o.engineOptions()...)
		if err != nil {
			fmt.Fprintln(stderr, "loadgen: start service:", err)
			return 1
		}
		defer func() {
			if o.dataDir != "" {
				listDataDir(stdout, o.dataDir, "running")
			}
			svc.stop()
			if o.dataDir != "" {
				listDataDir(stdout, o.dataDir, "stopped")
			}
		}()
		o.url, o.mongoURI, o.db = svc.URL, svc.URI, "loadgen"
	}
	conns := o.c * 2
	if o.rate > 0 {
		conns = 1024
	}
	client := newClient(conns)
	sv, err := fetchSurvey(setup, client, o.url, o.survey)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	var st *store.Store
	if o.mongoURI != "" {
		var engine []store.Option
		if o.serve {
			engine = append(engine, store.OnEmbeddedEngine())
		}
		if st, err = store.Open(setup, o.mongoURI, o.db, engine...); err != nil {
			fmt.Fprintln(stderr, "loadgen: -mongodb-uri:", err)
			return 1
		}
		defer st.Close(context.WithoutCancel(ctx))
	}

	p := pace{concurrency: o.c, rate: o.rate, timeout: o.timeout}
	jobs := plan(newGenerator(sv, o.seed), o.n, o.dup, o.seed)
	if o.sessions > 0 {
		if _, err := openClassSessions(setup, st, sv, jobs, o.sessions, o.seed); err != nil {
			fmt.Fprintln(stderr, "loadgen:", err)
			return 1
		}
	}
	service := httpSender(client, o.url, o.survey)
	modes := []string{"service"}
	switch {
	case o.compare:
		modes = []string{"bare", "service", "bare"}
	case o.baseline:
		modes = []string{"bare"}
	}
	if err := warmUp(ctx, sv, o, p, service, st, modes); err != nil {
		fmt.Fprintln(stderr, "loadgen: warm-up:", err)
		return 1
	}
	diag := &diagnostics{cpu: o.cpuProfile, block: o.blockProfile, mutex: o.mutexProfile,
		allocs: o.allocProfile, traceDir: o.traceDir, segDir: o.profileDir, stall: o.stall, maxSnapshots: 3}
	if err := diag.start(); err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	if o.stall > 0 {
		p.onSlow, p.stall = diag.slow, o.stall
	}

	var res output
	failed := false
	groupsBefore := map[int]int64{}
	for _, mode := range modes {
		if svc != nil {
			groupsBefore = svc.engine.InsertGroups()
		}
		send, target := service, o.url
		if mode == "bare" {
			send, target = bareSender(st, sv), "bare InsertOne on "+o.db
		}
		// Every run stores the same answers under fresh ids.
		these := freshIDs(jobs)
		rctx, cancel := context.WithTimeout(ctx, o.maxTime)
		out, elapsed := execute(rctx, these, send, p)
		cancel()
		r := summarize(mode, target, p, these, out, elapsed)
		if svc != nil {
			r.Groups = summarizeGroups(groupsBefore, svc.engine.InsertGroups())
		}
		if o.stall > 0 {
			r.Stalls = reportStalls(stalls(out, o.stall))
		}
		if o.verify {
			vctx, cancel := context.WithTimeout(ctx, time.Minute)
			stored, err := st.CountResponsesBySubmissionIDs(vctx, sv.Slug, uniqueIDs(these))
			cancel()
			if err != nil {
				// The run's figures are still worth printing.
				fmt.Fprintln(stderr, "loadgen: verify:", err)
				failed = true
			} else {
				r.Verify = judge(these, out, stored)
				failed = failed || !r.Verify.OK
			}
		}
		res.Runs = append(res.Runs, r)
		if ctx.Err() != nil {
			break
		}
	}
	if o.compare && len(res.Runs) == 3 {
		bare := (res.Runs[0].OKPerSecond + res.Runs[2].OKPerSecond) / 2
		if bare > 0 {
			res.Ratio = res.Runs[1].OKPerSecond / bare
		}
	}

	if err := diag.stop(); err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		failed = true
	}
	if o.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res)
	} else {
		for _, r := range res.Runs {
			r.print(stdout)
			if o.stall > 0 {
				printStalls(stdout, r.Stalls, o.stall)
			}
		}
		if res.Ratio > 0 {
			fmt.Fprintf(stdout, "ratio service/bare (2xx per second, bare = mean of both bare runs): %.2f\n", res.Ratio)
		}
	}
	if failed {
		return 1
	}
	return 0
}

// freshIDs copies jobs with new submission ids (one per original id, so
// duplicates stay duplicates) and the same answers.
func freshIDs(jobs []job) []job {
	ids := map[string]*submission{}
	out := make([]job, len(jobs))
	for i, j := range jobs {
		sub, ok := ids[j.sub.ID]
		if !ok {
			sub = &submission{ID: uuid.NewString(), Session: j.sub.Session, Lang: j.sub.Lang, Answers: j.sub.Answers}
			ids[j.sub.ID] = sub
		}
		out[i] = job{sub: sub, race: j.race}
	}
	return out
}

// openLoopWarmup is the least warm-up of a fixed-rate run. With 200
// requests at concurrency 8 the measured run began in a process still
// starting: in 5 of 12 runs of 4 s the first second had requests of
// 50–240 ms (engine connections opened by the dozen, goroutine stacks
// grown by copying, CPU at 125% where the rest of the run used 85%), and
// none of 8 did after 2 s at the rate (docs/BENCHMARKS.md, Submissions).
const openLoopWarmup = 2 * time.Second

// warmUp opens connections and fills caches on each path a run will use,
// so the first figures are not start-up costs. A fixed-rate run is warmed
// at its own rate, so the process is in the state the run keeps it in.
func warmUp(ctx context.Context, sv *models.Survey, o *options, p pace, service sendFunc, st *store.Store, modes []string) error {
	if o.warmup == 0 {
		return nil
	}
	n := o.warmup
	wp := pace{concurrency: p.concurrency, timeout: p.timeout}
	if p.rate > 0 {
		wp.rate = p.rate
		n = max(n, int(p.rate*openLoopWarmup.Seconds()))
	}
	jobs := plan(newGenerator(sv, o.seed+1), n, 0, o.seed+1)
	done := map[string]bool{}
	for _, mode := range modes {
		if done[mode] {
			continue
		}
		done[mode] = true
		send := service
		if mode == "bare" {
			send = bareSender(st, sv)
		}
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		out, _ := execute(wctx, freshIDs(jobs), send, wp)
		cancel()
		ok := 0
		for _, r := range out {
			if r.err == "" && r.status/100 == 2 {
				ok++
			}
		}
		if ok == 0 {
			st := "no answer"
			if len(out) > 0 {
				st = fmt.Sprintf("status %d %s", out[0].status, out[0].err)
			}
			return fmt.Errorf("%s: no request succeeded (%s); is DIALOG_SUBMIT_RATE=0 set?", mode, st)
		}
	}
	return nil
}
