package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"medborgardialog/password"
)

const chromiumPath = "/usr/bin/chromium"

// One headless Chromium serves the whole test binary; each test gets its
// own tab. The allocator kills the browser when the test process ends.
var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
)

// needBrowser fails the test when Chromium is missing: a browser test never
// passes by not running. DIALOG_SKIP_BROWSER=1 skips them on purpose, and
// says so.
func needBrowser(t *testing.T) {
	t.Helper()
	if os.Getenv("DIALOG_SKIP_BROWSER") == "1" {
		t.Skip("DIALOG_SKIP_BROWSER=1: browser test skipped on purpose")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("browser tests need Debian's Chromium at %s (apt-get install -y chromium), or DIALOG_SKIP_BROWSER=1 to skip them: %v", chromiumPath, err)
	}
}

// chromiumVersion asks the binary itself, so a failure names the build
// that failed.
func chromiumVersion() string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, chromiumPath, "--version").Output()
	if err != nil {
		return fmt.Sprintf("unknown version (%v)", err)
	}
	return strings.TrimSpace(string(out))
}

// newTab opens a tab at a phone viewport (390×844). script false runs the
// page as a browser with JavaScript turned off.
func newTab(t *testing.T, script bool) context.Context {
	t.Helper()
	needBrowser(t)
	browserOnce.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath),
			chromedp.NoSandbox,
			chromedp.Headless,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-dev-shm-usage", true),
		)
		alloc, _ := chromedp.NewExecAllocator(context.Background(), opts...)
		browserCtx, _ = chromedp.NewContext(alloc)
		// The first Run starts the browser and ties its life to the
		// context it gets, so the wait is bounded by a timer, not by a
		// deadline on that context: a browser that does not answer fails
		// here instead of hanging until go test's own timeout.
		started := make(chan error, 1)
		go func() {
			_, err := chromedp.Run(browserCtx, chromedp.Evaluate[chromedp.Void]("1"))
			started <- err
		}()
		select {
		case browserErr = <-started:
		case <-time.After(60 * time.Second):
			browserErr = errors.New("no answer over DevTools within 60 s")
		}
	})
	if browserErr != nil {
		t.Fatalf("start %s (%s) over DevTools: %v", chromiumPath, chromiumVersion(), browserErr)
	}
	tab, cancel := chromedp.NewContext(browserCtx)
	// A guard against a hung tab, not a speed test: CI's two cores also
	// run the other packages' tests, and a tab may visit a dozen pages.
	ctx, cancelTimeout := context.WithTimeout(tab, 120*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	act(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	if !script {
		ctx = context.WithValue(ctx, noScript{}, true)
		setScripts(t, ctx, false)
	}
	return ctx
}

type noScript struct{}

// setScripts turns the page's script execution on or off.
func setScripts(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
		t.Fatal(err)
	}
}

// act runs actions and fails the test on the first error.
func act(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%v (%s)", err, chromiumVersion())
	}
}

// eval evaluates a JavaScript expression in the page (also when the page's
// own scripts are off) and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")")); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	t.Fatalf("timed out waiting for %s (page %s)", cond, loc)
}

// choose ticks the radio or checkbox of a question (or grid row) option.
func choose(t *testing.T, ctx context.Context, name, value string) {
	t.Helper()
	act(t, ctx, chromedp.Click(chromedp.CSS(`input[name="`+name+`"][value="`+value+`"]`)))
}

// intercept pauses every request of the tab whose URL matches pattern (the
// Fetch domain's wildcards) and hands it to answer, until the returned
// function stops it. The Fetch domain is stable DevTools protocol, unlike
// Network.emulateNetworkConditionsByRule, Network.overrideNetworkState and
// Network.setBlockedURLs, whose parameters changed between Chromium 148 and
// 156.
func intercept(t *testing.T, ctx context.Context, pattern string, answer func(context.Context, fetch.RequestID) error) (stop func()) {
	t.Helper()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: pattern}}}); err != nil {
		t.Fatalf("Fetch.enable(%s) on %s: %v", pattern, chromiumVersion(), err)
	}
	// Listen's callback runs on the DevTools reader: calls back into the
	// browser must come from another goroutine, or they deadlock.
	paused := make(chan fetch.RequestID, 16)
	done := make(chan struct{})
	lctx, cancel := context.WithCancel(ctx)
	if err := chromedp.Listen(lctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			select {
			case paused <- e.RequestID:
			case <-lctx.Done():
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(done)
		for {
			select {
			case id := <-paused:
				// A request the page gave up on (it navigated away) can
				// no longer be answered; what the test checks is the page.
				if err := answer(ctx, id); err != nil && ctx.Err() == nil {
					t.Logf("answer an intercepted request: %v", err)
				}
			case <-lctx.Done():
				return
			}
		}
	}()
	return func() {
		t.Helper()
		cancel()
		<-done
		// Requests still paused go on as if never intercepted.
		if _, err := chromedp.Call(ctx, fetch.Disable, cdp.Empty{}); err != nil {
			t.Fatalf("Fetch.disable: %v", err)
		}
	}
}

// cutNetwork makes every matching request of the tab fail the way a lost
// connection does (net::ERR_INTERNET_DISCONNECTED) until the returned
// function restores the network.
func cutNetwork(t *testing.T, ctx context.Context, pattern string) (restore func()) {
	t.Helper()
	return intercept(t, ctx, pattern, func(ctx context.Context, id fetch.RequestID) error {
		_, err := chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonInternetDisconnected})
		return err
	})
}

// checkAxe runs axe-core in the page and fails on serious or critical
// violations. axe is evaluated from its source, not added as a script tag,
// so the page's Content-Security-Policy stays in force for everything else.
func checkAxe(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		path = "../../.ci/axe/node_modules/axe-core/axe.min.js" // where the README's npm step puts it
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the accessibility check of %s needs axe-core (npm install --no-save --prefix .ci/axe axe-core@4.14.1, or AXE_CORE_JS=path/to/axe.min.js): %v", what, err)
	}
	// axe needs timers, which do not run while scripts are off; turning
	// them on does not run the page's own script, which was skipped at load.
	if ctx.Value(noScript{}) != nil {
		setScripts(t, ctx, true)
		defer setScripts(t, ctx, false)
	}
	act(t, ctx, chromedp.Evaluate[chromedp.Void](string(src)))
	found := eval[[]string](t, ctx, `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
		.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))`)
	for _, v := range found {
		t.Errorf("axe on %s: %s", what, v)
	}
}

// storedAnswers returns the answers of every stored response to the
// built-in survey, as plain JSON-like values.
func storedAnswers(t *testing.T, a *testApp) []map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rs, err := a.store.FindResponses(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, len(rs))
	for i, r := range rs {
		out[i] = plain(r.Answers).(map[string]any)
	}
	return out
}

// plain turns what the driver decodes (ordered documents, arrays) into maps
// and slices that compare with reflect.DeepEqual against JSON values.
func plain(v any) any {
	rv := reflect.ValueOf(v)
	switch {
	case v == nil:
		return nil
	case rv.Kind() == reflect.Map:
		m := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			m[it.Key().String()] = plain(it.Value().Interface())
		}
		return m
	case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Struct && rv.Type().Elem().NumField() == 2 &&
		rv.Type().Elem().Field(0).Name == "Key":
		m := make(map[string]any, rv.Len())
		for i := 0; i < rv.Len(); i++ {
			m[rv.Index(i).Field(0).String()] = plain(rv.Index(i).Field(1).Interface())
		}
		return m
	case rv.Kind() == reflect.Slice:
		s := make([]any, rv.Len())
		for i := range s {
			s[i] = plain(rv.Index(i).Interface())
		}
		return s
	}
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// wantAnswers decodes the expected answers from JSON.
func wantAnswers(t *testing.T, js string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// screenshot saves the full page as PNG under DIALOG_SCREENSHOTS, when set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("DIALOG_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// staffUser makes a staff account on a's store whose password is already
// its own, as if chosen at the first sign-in (TestBrowserFirstSignIn
// covers the change), and returns the password.
func staffUser(t *testing.T, a *testApp, name, role string) string {
	t.Helper()
	ctx := context.Background()
	pw := password.Generate()
	hash, err := password.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.CreateUser(ctx, name, role, hash); err != nil {
		t.Fatal(err)
	}
	if err := a.store.SetPassword(ctx, name, hash); err != nil {
		t.Fatal(err)
	}
	return pw
}
