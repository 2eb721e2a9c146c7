package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// One headless Chromium serves the whole test binary; each test gets its
// own tab. The allocator kills the browser when the test process ends.
var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
)

// needBrowser skips the test when Chromium is missing, unless
// DIALOG_REQUIRE_BROWSER=1 (as in CI), where a missing browser fails.
func needBrowser(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("DIALOG_REQUIRE_BROWSER") == "1" {
			t.Fatalf("browser tests required but %s is missing: %v", chromiumPath, err)
		}
		t.Skipf("no %s; browser tests skipped", chromiumPath)
	}
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
		_, browserErr = chromedp.Run(browserCtx, chromedp.Evaluate[chromedp.Void]("1"))
	})
	if browserErr != nil {
		t.Fatalf("start Chromium: %v", browserErr)
	}
	tab, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelTimeout := context.WithTimeout(tab, 40*time.Second)
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
		t.Fatal(err)
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

// setOffline cuts every request of the tab and tells the page it is
// offline, or restores both.
func setOffline(t *testing.T, ctx context.Context, offline bool) {
	t.Helper()
	var rules []*network.Conditions
	if offline {
		rules = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
}

// checkAxe runs axe-core in the page and fails on serious or critical
// violations. axe is evaluated from its source, not added as a script tag,
// so the page's Content-Security-Policy stays in force for everything else.
func checkAxe(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		path = "/tmp/axe/node_modules/axe-core/axe.min.js"
	}
	src, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("DIALOG_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core required (AXE_CORE_JS): %v", err)
		}
		t.Logf("axe-core not found (%v); accessibility check of %s skipped", err, what)
		return
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

// screenshot saves the full page as PNG under DIALOG_SHOTS, when set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("DIALOG_SHOTS")
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
