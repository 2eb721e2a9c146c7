package handlers

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/web"
)

const (
	exportSlug   = "ungdomsdialog-2023"
	workbookPath = "/api/v1/admin/surveys/" + exportSlug + "/lagesbild.xlsx"
	resultsPath  = "/api/v1/admin/surveys/" + exportSlug + "/results"
	seriesPath   = "/api/v1/admin/surveys/" + exportSlug + "/series"
	// workbookLog is the line logged once a workbook request is done:
	// after its handler has returned and given everything back.
	workbookLog = "msg=request method=GET route=/api/v1/admin/surveys/:slug/lagesbild.xlsx "
)

// gatedListener holds the server's writes on the connections the test
// gates until it lets them through. A workbook keeps its export slot until
// it is sent, so a gated download keeps its slot for exactly as long as
// the test wants: no sleeping, no racing a slow export.
type gatedListener struct {
	net.Listener
	mu   sync.Mutex
	next []*gate // for the next connections accepted, in order
}

// gate is one held connection.
type gate struct {
	writing chan struct{} // closed at the server's first write
	open    chan struct{} // closed to let the writes through
	wrote   sync.Once
	opened  sync.Once
}

func (g *gate) release() { g.opened.Do(func() { close(g.open) }) }

// gateNext gates the next connection the server accepts.
func (l *gatedListener) gateNext() *gate {
	g := &gate{writing: make(chan struct{}), open: make(chan struct{})}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next = append(l.next, g)
	return g
}

func (l *gatedListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.next) == 0 {
		return conn, nil
	}
	g := l.next[0]
	l.next = l.next[1:]
	return &gatedConn{Conn: conn, g: g}, nil
}

type gatedConn struct {
	net.Conn
	g *gate
}

func (c *gatedConn) Write(p []byte) (int, error) {
	c.g.wrote.Do(func() { close(c.g.writing) })
	<-c.g.open
	return c.Conn.Write(p)
}

type gatedServer struct {
	*testServer
	gates *gatedListener
	mu    sync.Mutex
	held  []*gate
}

// newGatedServer serves the real handler on a fresh database (as
// newTestServer) behind a gatedListener, with some answers to export.
func newGatedServer(t *testing.T) *gatedServer {
	t.Helper()
	base := newTestServer(t)
	seedWave(t, base, exportSlug, 40, 10)
	logs := &syncBuffer{}
	h, err := New(Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5}, base.Store, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	gs := &gatedServer{gates: &gatedListener{Listener: srv.Listener}}
	srv.Listener = gs.gates
	srv.Start()
	t.Cleanup(srv.Close)
	// Cleanups run last first: the held writes go through before Close
	// waits for their requests.
	t.Cleanup(func() {
		gs.mu.Lock()
		defer gs.mu.Unlock()
		for _, g := range gs.held {
			g.release()
		}
	})
	gs.testServer = &testServer{URL: srv.URL, Store: base.Store, Logs: logs}
	return gs
}

// heldExport is a download whose response the server is writing and the
// test holds.
type heldExport struct {
	g      *gate
	cancel context.CancelFunc
	done   chan response
}

// hold starts a download by u on a connection of its own and returns once
// the server writes its response, the export slot taken.
func (ts *gatedServer) hold(t *testing.T, u staffUser, path string) *heldExport {
	t.Helper()
	g := ts.gates.gateNext()
	ts.mu.Lock()
	ts.held = append(ts.held, g)
	ts.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h := &heldExport{g: g, cancel: cancel, done: make(chan response, 1)}
	req, err := http.NewRequestWithContext(ctx, "GET", ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+u.token)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			h.done <- response{Status: -1, Body: []byte(err.Error())}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			h.done <- response{Status: -1, Body: []byte(err.Error())}
			return
		}
		h.done <- response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	}()
	select {
	case <-g.writing:
		return h
	case r := <-h.done:
		t.Fatalf("%s ended before the server wrote: %d %s", path, r.Status, r.Body)
	case <-time.After(time.Minute):
		t.Fatalf("%s: the server never wrote", path)
	}
	return nil
}

// finish lets the held response through and returns it.
func (h *heldExport) finish(t *testing.T) response {
	t.Helper()
	h.g.release()
	select {
	case r := <-h.done:
		return r
	case <-time.After(time.Minute):
		t.Fatal("the held download never finished")
	}
	return response{}
}

// wantWorkbook checks that r is a whole workbook.
func wantWorkbook(t *testing.T, who string, r response) {
	t.Helper()
	if r.Status != 200 || !strings.HasPrefix(string(r.Body), "PK") || r.Header.Get("Content-Length") != strconv.Itoa(len(r.Body)) {
		t.Fatalf("%s: %d, %d bytes of %s: %.200s", who, r.Status, len(r.Body), r.Header.Get("Content-Length"), r.Body)
	}
}

// wantRefused checks a 429 with Retry-After and the message in lang.
func wantRefused(t *testing.T, r response, lang, key string) {
	t.Helper()
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("want 429 %s, got %d %.200q", key, r.Status, r.Body)
	}
	var e errorBody
	r.JSON(t, &e)
	if e.Error.Code != models.ErrRateLimited || e.Error.Message != web.T(lang, key) {
		t.Fatalf("want 429 %s in %s: %d %s", key, lang, r.Status, r.Body)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
}

func TestOneExportAtATimePerUser(t *testing.T) {
	ts := newGatedServer(t)
	anders := ts.addStaff(t, "anders", models.RoleAnalyst)
	first := ts.hold(t, anders, workbookPath)

	for _, tt := range []struct{ name, path, lang string }{
		{"a second workbook", workbookPath + "?lang=en", models.LangEN},
		{"the results", resultsPath, models.LangSV},
		{"the series", seriesPath + "?lang=en", models.LangEN},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.do(t, "GET", tt.path, nil, "Authorization", "Bearer "+anders.token)
			wantRefused(t, r, tt.lang, "export.busy_user")
		})
	}

	wantWorkbook(t, "the first download", first.finish(t))
	r := ts.as(t, anders, "GET", workbookPath, nil)
	wantWorkbook(t, "the next download, the slot given back", r)
}

func TestExportsOfDifferentUsersRunSideBySide(t *testing.T) {
	ts := newGatedServer(t)
	anders := ts.addStaff(t, "anders", models.RoleAnalyst)
	berit := ts.addStaff(t, "berit", models.RoleAnalyst)
	cecilia := ts.addStaff(t, "cecilia", models.RoleAdmin)

	a := ts.hold(t, anders, workbookPath)
	b := ts.hold(t, berit, workbookPath) // within the total: runs beside anders's
	r := ts.do(t, "GET", workbookPath, nil, "Authorization", "Bearer "+cecilia.token, "Accept-Language", "en")
	wantRefused(t, r, models.LangEN, "export.busy")
	r = ts.as(t, cecilia, "GET", resultsPath, nil)
	wantRefused(t, r, models.LangSV, "export.busy")

	wantWorkbook(t, "anders", a.finish(t))
	wantWorkbook(t, "berit", b.finish(t))
	if r := ts.as(t, cecilia, "GET", resultsPath, nil); r.Status != 200 {
		t.Fatalf("cecilia once the others are done: %d %s", r.Status, r.Body)
	}
}

// waitForLog waits until the server has logged n lines containing s.
func waitForLog(t *testing.T, ts *gatedServer, s string, n int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); strings.Count(ts.Logs.String(), s) < n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d %q logged:\n%s", strings.Count(ts.Logs.String(), s), n, s, ts.Logs)
		}
	}
}

// leftovers lists what exports left in dir. The in-memory results' own
// directory of free-text logs (results-*) lives as long as the service.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "results-") {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestAnAbandonedExportFreesItsSlotAndLeavesNoFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the workbook and its text spool are written
	ts := newGatedServer(t)
	anders := ts.addStaff(t, "anders", models.RoleAnalyst)

	t.Run("while sending", func(t *testing.T) {
		h := ts.hold(t, anders, workbookPath)
		if names := leftovers(t, tmp); len(names) == 0 {
			t.Fatal("no temporary file while the workbook is sent")
		}
		h.cancel() // the client goes away
		h.g.release()
		waitForLog(t, ts, workbookLog, 1)
		if names := leftovers(t, tmp); len(names) > 0 {
			t.Fatalf("left behind: %v", names)
		}
		wantWorkbook(t, "the next download", ts.as(t, anders, "GET", workbookPath, nil))
	})

	t.Run("while counting", func(t *testing.T) {
		// Enough answers that counting them takes a while; whether the
		// client is gone before the count ends or after, the slot and
		// the files must be given back.
		sv, err := ts.Store.Survey(context.Background(), exportSlug)
		if err != nil {
			t.Fatal(err)
		}
		more := make([]*models.Response, 5000)
		for i := range more {
			more[i] = &models.Response{Survey: exportSlug, Version: sv.Version, Lang: "sv", Day: sv.Wave + "-03-15",
				Answers: map[string]any{"trygg_kvall": "ganska_trygg", "forslag": "fler fritidsgårdar " + strconv.Itoa(i)}, SubmissionID: uuid.NewString()}
		}
		if err := ts.Store.InsertResponses(context.Background(), more); err != nil {
			t.Fatal(err)
		}
		before := strings.Count(ts.Logs.String(), workbookLog)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+workbookPath, nil)
			req.Header.Set("Authorization", "Bearer "+anders.token)
			if resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req); err == nil {
				resp.Body.Close()
			}
		}()
		for len(leftovers(t, tmp)) == 0 && strings.Count(ts.Logs.String(), workbookLog) == before {
			time.Sleep(time.Millisecond)
		}
		cancel()
		<-done
		waitForLog(t, ts, workbookLog, before+1)
		if names := leftovers(t, tmp); len(names) > 0 {
			t.Fatalf("left behind: %v", names)
		}
		if strings.Contains(ts.Logs.String(), "level=ERROR") {
			t.Errorf("a client going away is not an error:\n%s", ts.Logs)
		}
		wantWorkbook(t, "the next download", ts.as(t, anders, "GET", workbookPath, nil))
	})
}

func TestExportLimiter(t *testing.T) {
	l := newExportLimiter(1, 2)
	a, refused := l.acquire("anders")
	if refused != "" {
		t.Fatal(refused)
	}
	if _, refused := l.acquire("anders"); refused != "export.busy_user" {
		t.Fatalf("second for anders: %q", refused)
	}
	b, _ := l.acquire("berit")
	if _, refused := l.acquire("cecilia"); refused != "export.busy" {
		t.Fatalf("third in all: %q", refused)
	}
	a()
	a() // a second release gives nothing back twice
	if _, refused := l.acquire("cecilia"); refused != "" {
		t.Fatalf("after anders: %q", refused)
	}
	if _, refused := l.acquire("anders"); refused != "export.busy" {
		t.Fatalf("anders while two run: %q", refused)
	}
	b()
	if l.running != 1 || len(l.byUser) != 1 {
		t.Fatalf("running %d, by user %v", l.running, l.byUser)
	}
}
