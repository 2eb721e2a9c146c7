package main

// Fault tests: the real binary, real HTTP, real signals. Each proves that
// an answer the service acknowledged (2xx) is stored, exactly once, after
// the fault. They run the binary built once per test binary and are
// skipped with -short.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/store/embedded"
)

var (
	faultBinOnce sync.Once
	faultBin     string
	faultBinErr  error
)

// binary builds cmd/medborgardialog once per test binary into a folder
// named after this process, and removes such folders left by earlier
// runs whose process is gone.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("fault tests build and run the real binary; skipped with -short")
	}
	faultBinOnce.Do(func() {
		old, _ := filepath.Glob(filepath.Join(os.TempDir(), "medborgardialog-fault-*"))
		for _, dir := range old {
			pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), "medborgardialog-fault-"))
			if err == nil && syscall.Kill(pid, 0) == syscall.ESRCH {
				_ = os.RemoveAll(dir)
			}
		}
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("medborgardialog-fault-%d", os.Getpid()))
		if faultBinErr = os.MkdirAll(dir, 0o755); faultBinErr != nil {
			return
		}
		faultBin = filepath.Join(dir, "medborgardialog")
		goTool, err := exec.LookPath("go")
		if err != nil {
			faultBinErr = err
			return
		}
		out, err := exec.Command(goTool, "build", "-o", faultBin, ".").CombinedOutput()
		if err != nil {
			faultBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if faultBinErr != nil {
		t.Fatal(faultBinErr)
	}
	return faultBin
}

// proc is one run of the binary.
type proc struct {
	cmd    *exec.Cmd
	URL    string
	stderr *logBuffer
	exited chan struct{} // closed when the process has been waited for
}

// startBinary runs the binary with env (and nothing else from this
// process's environment) and waits until /readyz answers 200.
func startBinary(t *testing.T, env map[string]string) *proc {
	t.Helper()
	p := &proc{stderr: &logBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(binary(t), "serve")
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
		if t.Failed() {
			t.Logf("service log:\n%s", p.stderr.String())
		}
	})
	p.URL = "http://" + env["DIALOG_ADDR"]
	waitReady(t, p.URL)
	return p
}

// wait waits up to limit for the process to end and returns its exit code.
func (p *proc) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		t.Fatalf("still running %v later", limit)
		return -1
	}
}

func faultEnv(addr, dataDir string) map[string]string {
	return map[string]string{
		"DIALOG_ADDR":        addr,
		"DIALOG_DATA_DIR":    dataDir,
		"DIALOG_SUBMIT_RATE": "0", // one client address sends everything here
		"DIALOG_ADMIN_TOKEN": faultToken,
	}
}

const faultToken = "fault-test-admin-token-0123456789abcdef"

func submissionBody(id string) []byte {
	return fmt.Appendf(nil, `{"submission_id":%q,"lang":"sv","answers":{"kon":"tjej","trygg_kvall":"ganska_trygg","forslag":"Mer ljus i parken."}}`, id)
}

const submitPath = "/api/v1/surveys/ungdomsdialog-2023/responses"

type submitResult struct {
	status    int
	duplicate bool
	code      string // error code of a refusal
	message   string
}

// submit posts one submission; err is a transport failure (no answer).
func submit(ctx context.Context, client *http.Client, base, id string) (submitResult, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+submitPath, bytes.NewReader(submissionBody(id)))
	if err != nil {
		return submitResult{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return submitResult{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return submitResult{}, err
	}
	var b struct {
		Duplicate bool `json:"duplicate"`
		Error     struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.Unmarshal(body, &b)
	return submitResult{status: resp.StatusCode, duplicate: b.Duplicate, code: b.Error.Code, message: b.Error.Message}, nil
}

// ledger records what the service answered under load.
type ledger struct {
	mu        sync.Mutex
	acked     []string // got a 2xx
	unanswerd []string // no answer, or a non-2xx
	statuses  map[int]int
	sent      int
}

func (l *ledger) add(id string, r submitResult, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent++
	if l.statuses == nil {
		l.statuses = map[int]int{}
	}
	if err == nil {
		l.statuses[r.status]++
	}
	if err == nil && r.status/100 == 2 {
		l.acked = append(l.acked, id)
		return
	}
	l.unanswerd = append(l.unanswerd, id)
}

func (l *ledger) counts() (acked, sent int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acked), l.sent
}

// load sends fresh submissions from workers until ctx ends or the
// service stops answering; each worker sends at most 2,000.
func load(ctx context.Context, base string, workers int, l *ledger) (wait func()) {
	client := &http.Client{Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := 0; i < 2000 && ctx.Err() == nil; i++ {
				id := uuid.NewString()
				r, err := submit(ctx, client, base, id)
				if ctx.Err() != nil && err != nil {
					return // cancelled by the test, not refused by the service
				}
				l.add(id, r, err)
				if err != nil {
					return // the service is gone; the rest would never reach it
				}
			}
		})
	}
	return wg.Wait
}

// waitAcked waits until n submissions were acknowledged, at most 10 s.
func waitAcked(t *testing.T, l *ledger, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if acked, _ := l.counts(); acked >= n {
			return
		}
	}
	acked, sent := l.counts()
	t.Fatalf("only %d of %d submissions acknowledged in 10 s", acked, sent)
}

// checkStoredOnce re-sends every acknowledged id: each must answer 200
// duplicate. Ids that got no answer may or may not be stored, but a retry
// must settle them: 201 or 200, and the next retry 200 duplicate.
func checkStoredOnce(t *testing.T, base string, acked, unanswered []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := &http.Client{Timeout: 10 * time.Second}
	var mu sync.Mutex
	var problems []string
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	ids := make(chan string)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for id := range ids {
				r, err := submit(ctx, client, base, id)
				if err != nil || r.status != 200 || !r.duplicate {
					report("acknowledged %s: resent → %d duplicate=%v %v (lost)", id, r.status, r.duplicate, err)
				}
			}
		})
	}
	for _, id := range acked {
		ids <- id
	}
	close(ids)
	wg.Wait()
	for _, id := range unanswered {
		r, err := submit(ctx, client, base, id)
		if err != nil || r.status != 200 && r.status != 201 {
			report("unanswered %s: retry → %d %v", id, r.status, err)
			continue
		}
		if r2, err := submit(ctx, client, base, id); err != nil || r2.status != 200 || !r2.duplicate {
			report("unanswered %s: second retry → %d duplicate=%v %v", id, r2.status, r2.duplicate, err)
		}
	}
	if len(problems) > 0 {
		t.Fatalf("%d acknowledged, %d unanswered; problems:\n%s", len(acked), len(unanswered), strings.Join(problems, "\n"))
	}
}

func TestFaultKill9UnderLoadLosesNothingAcknowledged(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	p := startBinary(t, faultEnv(freePort(t), dataDir))

	var l ledger
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wait := load(ctx, p.URL, 8, &l)
	waitAcked(t, &l, 150)
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.wait(t, 5*time.Second)
	cancel()
	wait()

	acked, sent := l.counts()
	t.Logf("killed with -9 after %d sent, %d acknowledged, statuses %v", sent, acked, l.statuses)
	again := startBinary(t, faultEnv(freePort(t), dataDir))
	checkStoredOnce(t, again.URL, l.acked, l.unanswerd)

	// The figures the restarted service publishes from its in-memory
	// copy, after the crash and the retries, are those of a scan of what
	// the database holds.
	publishVia(t, again.URL, "ungdomsdialog-2023")
	served := servedResults(t, again.URL)
	if err := again.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	again.wait(t, 30*time.Second)
	if scanned := scannedResults(t, dataDir); !reflect.DeepEqual(served, scanned) {
		t.Fatalf("after kill -9 the service's figures differ from a scan's\nservice: %.600v\nscan:    %.600v", served, scanned)
	}
}

// publishVia makes a publication of slug through the service's API.
func publishVia(t *testing.T, base, slug string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/admin/surveys/"+slug+"/publications", nil)
	req.Header.Set("Authorization", "Bearer "+faultToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("publish %s: %d %s", slug, resp.StatusCode, body)
	}
}

// servedResults is the results route's figures for the whole survey.
func servedResults(t *testing.T, base string) any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/admin/surveys/ungdomsdialog-2023/results", nil)
	req.Header.Set("Authorization", "Bearer "+faultToken)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Results any `json:"results"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusOK && err == nil:
			return body.Results
		case resp.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline):
			t.Fatalf("results: %d %v", resp.StatusCode, err)
		}
	}
}

// scannedResults counts the same figures by reading every response from
// the database in dataDir.
func scannedResults(t *testing.T, dataDir string) any {
	t.Helper()
	ctx := context.Background()
	st, closeDB, err := openDatabase(ctx, Config{DataDir: dataDir, DB: "medborgardialog"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	sv, err := st.Survey(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	baseline, err := st.Survey(ctx, sv.CompareWith)
	if err != nil {
		t.Fatal(err)
	}
	places, err := st.Places(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := export.Build(ctx, export.Scan(st), export.Request{Survey: sv, Baseline: baseline,
		Filter: models.ResponseFilter{Survey: sv.Slug}, MinCell: 5, Places: places})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFaultSIGTERMUnderLoadFinishesRequestsInFlight(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	addr := freePort(t)
	p := startBinary(t, faultEnv(addr, dataDir))

	var l ledger
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wait := load(ctx, p.URL, 6, &l)
	waitAcked(t, &l, 100)

	// "In flight" is made exact: these requests have sent their headers
	// and half their body, so the server has read the request and its
	// handler is waiting for the rest when the signal comes. The rest is
	// sent only after shutdown has begun (the listener refuses new
	// connections). Each must still get its answer.
	type slow struct {
		id   string
		conn net.Conn
		rest []byte
	}
	var slows []slow
	for range 4 {
		id := uuid.NewString()
		body := submissionBody(id)
		conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", submitPath, addr, len(body))
		if _, err := conn.Write(append([]byte(head), body[:len(body)/2]...)); err != nil {
			t.Fatal(err)
		}
		slows = append(slows, slow{id: id, conn: conn, rest: body[len(body)/2:]})
	}
	time.Sleep(300 * time.Millisecond) // the server reads the headers

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	closed := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			closed = true
			break
		}
		c.Close()
	}
	if !closed {
		t.Fatal("still accepting connections 5 s after SIGTERM")
	}
	for _, s := range slows {
		_ = s.conn.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := s.conn.Write(s.rest); err != nil {
			t.Fatalf("request in flight at SIGTERM: writing the rest: %v", err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(s.conn), nil)
		if err != nil {
			t.Fatalf("request in flight at SIGTERM got no answer: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("request in flight at SIGTERM: status %d, want 201", resp.StatusCode)
		}
		l.add(s.id, submitResult{status: resp.StatusCode}, nil)
	}
	if code := p.wait(t, 20*time.Second); code != 0 {
		t.Fatalf("exit status %d after SIGTERM, want 0", code)
	}
	cancel()
	wait()
	if !strings.Contains(p.stderr.String(), "msg=stopped") {
		t.Fatalf("no clean stop in the log:\n%s", p.stderr.String())
	}
	// Requests answered while draining were stored, never refused by a
	// half-closed database.
	for status, n := range l.statuses {
		if status >= 500 {
			t.Fatalf("%d requests answered %d while shutting down (statuses %v)", n, status, l.statuses)
		}
	}
	acked, sent := l.counts()
	t.Logf("SIGTERM after %d sent, %d acknowledged, statuses %v", sent, acked, l.statuses)
	again := startBinary(t, faultEnv(addr, dataDir))
	checkStoredOnce(t, again.URL, l.acked, l.unanswerd)
}

func TestFaultDatabaseGoneAndBack(t *testing.T) {
	binary(t) // skip or build before the engine starts
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	dbDir, dbAddr := t.TempDir(), freePort(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine, err := embedded.StartAt(ctx, dbDir, dbAddr, quiet)
	if err != nil {
		t.Fatal(err)
	}
	stopEngine := func() {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := engine.Stop(sctx); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { _ = engine.Stop(context.Background()) }()

	env := faultEnv(freePort(t), t.TempDir())
	env["MONGODB_URI"] = engine.URI()
	p := startBinary(t, env)
	client := &http.Client{Timeout: 10 * time.Second}
	before := uuid.NewString()
	if r, err := submit(ctx, client, p.URL, before); err != nil || r.status != 201 {
		t.Fatalf("before: %d %v", r.status, err)
	}

	stopped := time.Now()
	stopEngine()
	t.Logf("engine stopped in %v", time.Since(stopped).Round(time.Millisecond))
	for i := range 2 {
		start := time.Now()
		r, err := submit(ctx, client, p.URL, uuid.NewString())
		took := time.Since(start)
		if err != nil {
			t.Fatalf("database gone, submission %d: no answer: %v", i, err)
		}
		if r.status != http.StatusServiceUnavailable || r.code != "unavailable" || r.message == "" {
			t.Fatalf("database gone, submission %d: %d %q %q; want 503 unavailable with a message", i, r.status, r.code, r.message)
		}
		if took > 3*time.Second {
			t.Fatalf("database gone, submission %d took %v; want a 503 within 3 s", i, took)
		}
	}
	start := time.Now()
	resp, err := client.Get(p.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || time.Since(start) > 3*time.Second {
		t.Fatalf("readyz with the database gone: %d after %v; want 503 within 3 s", resp.StatusCode, time.Since(start))
	}

	if engine, err = embedded.StartAt(ctx, dbDir, dbAddr, quiet); err != nil {
		t.Fatal(err)
	}
	back := time.Now()
	waitReady(t, p.URL) // the same process: it reconnects by itself
	t.Logf("ready again %v after the database came back", time.Since(back).Round(time.Millisecond))
	if r, err := submit(ctx, client, p.URL, uuid.NewString()); err != nil || r.status != 201 {
		t.Fatalf("after: %d %v", r.status, err)
	}
	if r, err := submit(ctx, client, p.URL, before); err != nil || r.status != 200 || !r.duplicate {
		t.Fatalf("the submission stored before the outage, resent: %d duplicate=%v %v", r.status, r.duplicate, err)
	}

	stopping := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, 20*time.Second); code != 0 {
		t.Fatalf("exit %d", code)
	}
	t.Logf("service stopped in %v", time.Since(stopping).Round(time.Millisecond))
}
