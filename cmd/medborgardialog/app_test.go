package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"medborgardialog/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const testAdminToken = "test-admin-token-0123456789abcdef"

// logBuffer collects the service's log lines so tests can check what is
// (and is not) written.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type testApp struct {
	*App
	URL  string
	Logs *logBuffer
}

// startApp runs the real wiring on the shared test engine with a fresh
// database, serving on a free loopback port.
func startApp(t *testing.T, adjust func(*Config)) *testApp {
	t.Helper()
	cfg, err := LoadConfig(envOf(map[string]string{
		"DIALOG_ADDR":        "127.0.0.1:0",
		"DIALOG_DATA_DIR":    t.TempDir(), // the free-text logs go there
		"MONGODB_URI":        storetest.URI(),
		"DIALOG_DB":          storetest.DBName(),
		"DIALOG_ADMIN_TOKEN": testAdminToken,
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if adjust != nil {
		adjust(&cfg)
	}
	logs := &logBuffer{}
	app, err := Start(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	go app.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = app.store.Drop(ctx)
		_ = app.Shutdown(ctx)
	})
	return &testApp{App: app, URL: "http://" + app.Addr(), Logs: logs}
}

func (a *testApp) do(t *testing.T, method, path string, body io.Reader, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, a.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// errorCode decodes the standard error body and returns its code.
func errorCode(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("body %q is not an error object: %v", body, err)
	}
	return e.Error.Code
}

func TestHealthAndReadiness(t *testing.T) {
	a := startApp(t, nil)
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, body := a.do(t, "GET", path, nil)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"ok"`) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
}

func TestReadinessFailsWhenDatabaseIsGone(t *testing.T) {
	// This test owns its engine, so it can stop it under the running service.
	a := startApp(t, func(c *Config) {
		c.MongoURI = ""
		c.DataDir = t.TempDir()
	})
	if resp, _ := a.do(t, "GET", "/readyz", nil); resp.StatusCode != 200 {
		t.Fatalf("readyz before = %d", resp.StatusCode)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.engine.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, body := a.do(t, "GET", "/readyz", nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database gone = %d %s, want 503", resp.StatusCode, body)
	}
	if waited := time.Since(start); waited > 4*time.Second {
		t.Fatalf("readyz took %v; it must give up after about 2 s", waited)
	}
	if resp, _ := a.do(t, "GET", "/healthz", nil); resp.StatusCode != 200 {
		t.Fatalf("healthz = %d; the process is still alive", resp.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	a := startApp(t, nil)
	for _, path := range []string{"/", "/healthz", "/api/v1/nothing-here", "/no-such-page"} {
		resp, _ := a.do(t, "GET", path, nil)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, h)
		}
		if h.Get("Set-Cookie") != "" {
			t.Errorf("%s: sets a cookie on a public route", path)
		}
	}
}

func TestUnknownAPIRoutesAnswerJSON(t *testing.T) {
	a := startApp(t, nil)
	resp, body := a.do(t, "GET", "/api/v1/nothing-here", nil)
	if resp.StatusCode != 404 || errorCode(t, body) != "not_found" {
		t.Fatalf("404: %d %s", resp.StatusCode, body)
	}
	resp, body = a.do(t, "DELETE", "/api/v1/surveys/ungdomsdialog-2023", nil)
	if resp.StatusCode != 405 || errorCode(t, body) != "method_not_allowed" {
		t.Fatalf("405: %d %s", resp.StatusCode, body)
	}
	resp, body = a.do(t, "GET", "/api/v1/nothing-here?lang=en", nil)
	if !strings.Contains(string(body), "does not exist") {
		t.Fatalf("English message missing: %s", body)
	}
	resp, body = a.do(t, "GET", "/no-such-page", nil, "Accept-Language", "ar")
	if resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), `dir="rtl"`) {
		t.Fatalf("HTML 404 in Arabic: %d %s", resp.StatusCode, body)
	}
}

func TestBodyLimit(t *testing.T) {
	a := startApp(t, nil)
	big := bytes.Repeat([]byte("a"), 64<<10+1)
	resp, body := a.do(t, "POST", "/api/v1/anything", bytes.NewReader(big), "Content-Type", "application/json")
	if resp.StatusCode != http.StatusRequestEntityTooLarge || errorCode(t, body) != "too_large" {
		t.Fatalf("public body over 64 KiB: %d %s", resp.StatusCode, body)
	}
	// Staff uploads (survey definitions) may be larger.
	resp, _ = a.do(t, "POST", "/api/v1/admin/me", bytes.NewReader(big), "Authorization", "Bearer "+testAdminToken)
	if resp.StatusCode == http.StatusRequestEntityTooLarge {
		t.Fatalf("staff body of 64 KiB refused")
	}
}

func TestAdminRoutesNeedTheToken(t *testing.T) {
	a := startApp(t, nil)
	tests := []struct {
		name   string
		header []string
		status int
	}{
		{"no credentials", nil, 401},
		{"wrong token", []string{"Authorization", "Bearer " + strings.Repeat("x", 32)}, 401},
		{"token as prefix", []string{"Authorization", "Bearer " + testAdminToken[:31]}, 401},
		{"basic scheme", []string{"Authorization", "Basic " + testAdminToken}, 401},
		{"admin token", []string{"Authorization", "Bearer " + testAdminToken}, 200},
		{"scheme in lower case", []string{"Authorization", "bearer " + testAdminToken}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := a.do(t, "GET", "/api/v1/admin/me", nil, tt.header...)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.status == 401 && errorCode(t, body) != "unauthorized" {
				t.Fatalf("body %s", body)
			}
		})
	}
	if strings.Contains(a.Logs.String(), testAdminToken) {
		t.Fatal("the admin token reached the log")
	}
}

func TestWithoutAdminTokenNothingGetsIn(t *testing.T) {
	a := startApp(t, func(c *Config) { c.AdminToken = "" })
	resp, _ := a.do(t, "GET", "/api/v1/admin/me", nil, "Authorization", "Bearer ")
	if resp.StatusCode != 401 {
		t.Fatalf("status %d, want 401", resp.StatusCode)
	}
}

func TestRequestLogHoldsNoClientDetails(t *testing.T) {
	a := startApp(t, nil)
	a.do(t, "GET", "/?lang=en&code=SECRET1", nil, "User-Agent", "Agent/Unique-UA-123", "X-Forwarded-For", "203.0.113.9")
	// The start-up line with the first admin's setup link names the
	// service's own address (127.0.0.1 here), not a client's.
	logs := setupLinkRe.ReplaceAllString(a.Logs.String(), "")
	logs = strings.ReplaceAll(logs, a.cfg.BaseURL, "")
	for _, leak := range []string{"127.0.0.1", "Unique-UA-123", "203.0.113.9", "SECRET1", "lang=en"} {
		if strings.Contains(logs, leak) {
			t.Errorf("log holds %q:\n%s", leak, logs)
		}
	}
	if !strings.Contains(logs, "route=/ ") || !strings.Contains(logs, "status=200") {
		t.Errorf("log lacks route and status:\n%s", logs)
	}
}

func TestShutdownLetsRequestsInFlightFinish(t *testing.T) {
	a := startApp(t, nil)
	// A handler that is still working when shutdown begins.
	inner := a.srv.Handler
	entered := make(chan struct{})
	a.srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			close(entered)
			time.Sleep(500 * time.Millisecond)
		}
		inner.ServeHTTP(w, r)
	})
	got := make(chan int, 1)
	go func() {
		resp, err := http.Get(a.URL + "/healthz")
		if err != nil {
			got <- -1
			return
		}
		resp.Body.Close()
		got <- resp.StatusCode
	}()
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := a.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if status := <-got; status != 200 {
		t.Fatalf("request in flight got %d, want 200", status)
	}
	if _, err := http.Get(a.URL + "/healthz"); err == nil {
		t.Fatal("server still accepts requests after shutdown")
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestServeExitsCleanlyOnSIGTERM runs the real command with the embedded
// default, signals it and restarts it on the same data directory.
func TestServeExitsCleanlyOnSIGTERM(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	for round := 1; round <= 2; round++ {
		addr := freePort(t)
		env := envOf(map[string]string{"DIALOG_ADDR": addr, "DIALOG_DATA_DIR": dataDir})
		var stderr logBuffer
		exit := make(chan int, 1)
		go func() { exit <- run([]string{"serve"}, env, io.Discard, &stderr) }()
		waitReady(t, "http://"+addr)
		if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		select {
		case code := <-exit:
			if code != 0 {
				t.Fatalf("round %d: exit %d\n%s", round, code, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("round %d: still running 20 s after SIGTERM", round)
		}
		if !strings.Contains(stderr.String(), "msg=stopped") {
			t.Fatalf("round %d: no clean stop in log:\n%s", round, stderr.String())
		}
	}
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s not ready after 15 s", base)
}

func TestStartupFailuresNameTheSetting(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		setting string
		code    int
	}{
		{"short admin token", map[string]string{"DIALOG_ADMIN_TOKEN": "abc"}, "DIALOG_ADMIN_TOKEN", 2},
		{"unwritable data dir", map[string]string{"DIALOG_DATA_DIR": filepath.Join(file, "data")}, "DIALOG_DATA_DIR", 1},
		{"unreachable MongoDB", map[string]string{"MONGODB_URI": "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300"}, "MONGODB_URI", 1},
		{"address in use", map[string]string{"DIALOG_DATA_DIR": t.TempDir()}, "DIALOG_ADDR", 1},
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env["DIALOG_ADDR"] == "" {
				tt.env["DIALOG_ADDR"] = freePort(t)
				if tt.setting == "DIALOG_ADDR" {
					tt.env["DIALOG_ADDR"] = busy.Addr().String()
				}
			}
			var stderr bytes.Buffer
			code := run(nil, envOf(tt.env), io.Discard, &stderr)
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			last := lines[len(lines)-1]
			if code != tt.code || !strings.Contains(last, tt.setting) {
				t.Fatalf("exit %d, last line %q; want exit %d naming %s", code, last, tt.code, tt.setting)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	var stderr bytes.Buffer
	if code := run([]string{"frobnicate"}, envOf(nil), io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "unknown command") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}

func TestHealthcheckCommand(t *testing.T) {
	a := startApp(t, nil)
	_, port, _ := net.SplitHostPort(a.Addr())
	if code := run([]string{"healthcheck"}, envOf(map[string]string{"DIALOG_ADDR": ":" + port}), io.Discard, io.Discard); code != 0 {
		t.Fatalf("healthcheck against a running service: exit %d", code)
	}
	if code := run([]string{"healthcheck"}, envOf(map[string]string{"DIALOG_ADDR": freePort(t)}), io.Discard, io.Discard); code != 1 {
		t.Fatalf("healthcheck with nothing listening: exit %d", code)
	}
	_ = fmt.Sprint()
}

// With MONGODB_URI as on the embedded engine, the free-text logs live in
// a fixed private directory (DIALOG_TEXT_DIR), not the system's temporary
// one, and what a crashed or killed process left there is removed at
// start-up, so free text never outlives retention (issue 26).
func TestFreeTextLogsLiveInThePrivateTextDirectory(t *testing.T) {
	textDir := filepath.Join(t.TempDir(), "fritext")
	stale := filepath.Join(textDir, "results-4711", "texts-0815")
	if err := os.MkdirAll(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, "q000"), []byte("en text från förra körningen"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startApp(t, func(c *Config) { c.TextDir = textDir })
	if _, err := os.Stat(filepath.Join(textDir, "results-4711")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the logs of a crashed run are still there: %v", err)
	}
	if _, err := a.results.Columns(context.Background(), "ungdomsdialog-2023"); err != nil {
		t.Fatal(err)
	}
	mine, err := filepath.Glob(filepath.Join(textDir, "results-*"))
	if err != nil || len(mine) != 1 {
		t.Fatalf("the running service's logs in %s: %v %v", textDir, mine, err)
	}
	for _, dir := range []string{textDir, mine[0]} {
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v %v, want 0700", dir, fi.Mode(), err)
		}
	}
}
