package main

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"medborgardialog/surveys"
)

// The answers drawn must pass the service's own checker unchanged, or the
// load test measures 422s and the bare baseline stores other documents.
func TestGeneratedAnswersAreValidAndStoredAsDrawn(t *testing.T) {
	builtin, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range builtin {
		t.Run(sv.Slug, func(t *testing.T) {
			gen := newGenerator(sv, 7)
			hidden := 0
			for range 500 {
				sub := gen.next()
				body, err := json.Marshal(sub.Answers)
				if err != nil {
					t.Fatal(err)
				}
				var raw map[string]json.RawMessage
				if err := json.Unmarshal(body, &raw); err != nil {
					t.Fatal(err)
				}
				got, problems := surveys.CheckAnswers(sv, raw, sub.Lang)
				if len(problems) > 0 {
					t.Fatalf("generated answers refused: %+v\n%s", problems, body)
				}
				if !reflect.DeepEqual(got, sub.Answers) {
					t.Fatalf("stored differs from drawn:\n got %#v\nwant %#v", got, sub.Answers)
				}
				for _, q := range sv.Questions {
					if q.ShowIf != nil && sub.Answers[q.ID] == nil {
						hidden++
					}
				}
			}
			if hidden == 0 {
				t.Fatal("skip logic never hid a question in 500 answer sets")
			}
		})
	}
}

func TestPlanSendsAFractionTwice(t *testing.T) {
	builtin, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	jobs := plan(newGenerator(builtin[0], 1), 1000, 0.1, 1)
	requests, races := 0, 0
	for _, j := range jobs {
		requests += j.requests()
		if j.race {
			races++
		}
	}
	if n := len(uniqueIDs(jobs)); n != 1000 {
		t.Fatalf("%d unique ids, want 1000", n)
	}
	if requests < 1060 || requests > 1140 {
		t.Fatalf("%d requests for 1000 submissions at 10%% duplicates", requests)
	}
	late := requests - 1000 - races
	if races == 0 || late == 0 || races-late > 1 || late-races > 1 {
		t.Fatalf("%d racing and %d late duplicates; want about half each", races, late)
	}
}

func TestOnlyLoopbackTargets(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:8080", "http://127.1.2.3"} {
		if _, err := checkServiceURL(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.1:8080", "http://192.168.1.2", "https://example.se", "http://example.se", "http://127.0.0.1.example.se", "ftp://127.0.0.1", "http://127.0.0.1:8080/api"} {
		if _, err := checkServiceURL(u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	for _, u := range []string{"mongodb://127.0.0.1:27017", "mongodb://u:p@localhost:27017,[::1]:27018/db?replicaSet=rs"} {
		if err := checkMongoURI(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	for _, u := range []string{"mongodb://db.example.se", "mongodb://127.0.0.1,10.0.0.2:27017", "mongodb+srv://cluster.example.net", "postgres://127.0.0.1"} {
		if err := checkMongoURI(u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}

func TestFlagsAreBounded(t *testing.T) {
	for _, args := range [][]string{
		{"-n", "1000000"}, {"-c", "5000"}, {"-rate", "100000"}, {"-rate", "10", "-duration", "1h"},
		{"-duration", "10s"}, {"-dup", "2"}, {"-url", "http://10.1.1.1"}, {"-verify"},
	} {
		if _, err := parse(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	o, err := parse([]string{"-rate", "500", "-duration", "20s", "-dup", "0.1"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.n != 9090 {
		t.Fatalf("n = %d for 500 req/s × 20 s with 10%% duplicates, want 9090", o.n)
	}
}

func TestEngineFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-commit-delay", "100ms"},                  // not -serve: the engine is not ours
		{"-embedded-sync", "normal"},                // nor here
		{"-serve", "-embedded-sync", "off"},         // no such mode
		{"-serve", "-commit-delay", "150ms-100ms"},  // upside down
		{"-serve", "-commit-delay", "1m"},           // a dead disk, not a slow one
		{"-serve", "-commit-delay", "100ms-150"},    // no unit
		{"-serve", "-commit-delay", "-100ms-150ms"}, // negative
		{"-serve", "-commit-delay-every", "5s"},     // every what
	} {
		if _, err := parse(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	o, err := parse([]string{"-serve", "-commit-delay", "100ms-150ms"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.commitDelayMin != 100*time.Millisecond || o.commitDelayMax != 150*time.Millisecond || o.embeddedSync != "full" {
		t.Fatalf("parsed %v-%v sync %s", o.commitDelayMin, o.commitDelayMax, o.embeddedSync)
	}
	if n := len(o.engineOptions()); n != 1 {
		t.Fatalf("%d engine options for a commit delay with the default sync, want 1", n)
	}
	o, err = parse([]string{"-serve", "-embedded-sync", "normal"}, &bytes.Buffer{})
	if err != nil || len(o.engineOptions()) != 1 {
		t.Fatalf("-embedded-sync normal: %v, %d options", err, len(o.engineOptions()))
	}
}

func TestSlowCommitsNowAndThen(t *testing.T) {
	every := slowCommits(100*time.Millisecond, 150*time.Millisecond, 0)
	for range 100 {
		if d := every(); d < 100*time.Millisecond || d > 150*time.Millisecond {
			t.Fatalf("delay %v outside 100ms-150ms", d)
		}
	}
	sometimes := slowCommits(100*time.Millisecond, 100*time.Millisecond, time.Hour)
	if first, second := sometimes(), sometimes(); first != 100*time.Millisecond || second != 0 {
		t.Fatalf("once an hour: %v then %v, want 100ms then none", first, second)
	}
}

func TestGroupsOfARunAreTheDifference(t *testing.T) {
	g := summarizeGroups(map[int]int64{1: 10, 3: 2}, map[int]int64{1: 15, 3: 2, 40: 1})
	if g.Commands != 6 || g.Inserts != 45 || g.Max != 40 || len(g.Sizes) != 2 || g.Sizes[1] != 5 || g.Sizes[40] != 1 {
		t.Fatalf("groups %+v", g)
	}
	var out bytes.Buffer
	g.print(&out)
	if !strings.Contains(out.String(), "45 inserts in 6 commands") || !strings.Contains(out.String(), "17–64: 1 (89% of inserts)") {
		t.Fatalf("printed %q", out.String())
	}
}

// A small run end to end: the service in-process, duplicates racing, and
// the stored counts checked for service and bare inserts alike.
func TestServeCompareVerify(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an engine and the service")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-serve", "-compare", "-verify", "-n", "40", "-c", "4", "-dup", "0.3", "-warmup", "5", "-json"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	var res output
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 3 || res.Ratio <= 0 {
		t.Fatalf("want bare, service, bare and a ratio: %s", stdout.String())
	}
	for _, r := range res.Runs {
		v := r.Verify
		if v == nil || !v.OK || v.Unique != 40 || v.Acked != 40 || v.Stored != 40 {
			t.Fatalf("%s: verify %+v", r.Mode, v)
		}
		if r.Status["201"] != 40 || r.Requests <= 40 || r.Status["200"] != r.Requests-40 {
			t.Fatalf("%s: statuses %v for %d requests", r.Mode, r.Status, r.Requests)
		}
	}
	if !strings.Contains(res.Runs[1].Target, "http://127.0.0.1:") {
		t.Fatalf("service target %q", res.Runs[1].Target)
	}
	if g := res.Runs[1].Groups; g == nil || g.Inserts < 40 {
		t.Fatalf("service run: insert groups %+v, want every insert counted", g)
	}
}
