package handlers

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/demo"
	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
)

// queryLog keeps every command a store sent, with the request it was
// sent under. Work a request leaves to the background (the tallies'
// flush, a count of figures) is logged under whatever request runs then.
type queryLog struct {
	mu    sync.Mutex
	route string
	cmds  []routedCommand
}

type routedCommand struct {
	route string
	store.Command
}

func (l *queryLog) add(c store.Command) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cmds = append(l.cmds, routedCommand{l.route, c})
}

// during names the request the next commands are sent under.
func (l *queryLog) during(route string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.route = route
}

func (l *queryLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cmds = nil
}

func (l *queryLog) all() []routedCommand {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]routedCommand(nil), l.cmds...)
}

// boundedScans are the collections a public request may read by
// something other than _id, each small, written by staff only, and read
// through a cache, so that their cost grows neither with the responses
// nor with the requests (docs/database-operations.md). Any other read
// by a field fails the test below.
var boundedScans = map[string]string{
	"surveys":      "the list of surveys, at most once per 5 s (surveyindex.go)",
	"feedback":     "which surveys have a feedback page, at most once per 30 s",
	"publications": "a survey's publications, when its feedback figures are counted, at most once per 10 min",
	"activities":   "a promise's action plan, at most once per minute (feedback.go)",
	// Staff load them from one file: a few waves of a few dozen figures.
	"outside_figures": "a series' outside figures, when its feedback figures are counted with the change since the last wave, at most once per 10 min",
}

// publicCase is one request to a public route.
type publicCase struct {
	route  string // method and Gin pattern, as the router names it
	name   string
	method string
	path   string
	body   string
	header []string
	want   int
}

// TestPublicRoutesReadResponsesOnlyByKey sends every public route its
// ordinary requests, and some odd ones, against a survey with answers,
// sessions, a publication, a feedback page and an action plan, on the
// real driver and engine, and checks every command the store sent: the
// responses are touched only by insert and by _id, and nothing else is
// read by a field but the few small collections in boundedScans. On the
// embedded engine anything else reads every document of its collection
// (FerretDB v1.24's SQLite backend looks up nothing but _id).
// newLoggedServer serves the real handler, as newTestServer does, on a
// store whose every command goes to the returned log.
func newLoggedServer(t *testing.T) (*testServer, *queryLog) {
	t.Helper()
	qlog := &queryLog{}
	st := storetest.NewWith(t, store.WithCommands(qlog.add))
	ctx := context.Background()
	builtin, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureSurveys(ctx, builtin); err != nil {
		t.Fatal(err)
	}
	if err := followup.SeedBuiltins(ctx, st, builtin, time.Now()); err != nil {
		t.Fatal(err)
	}
	places, err := surveys.BuiltinPlaces()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.EnsurePlaces(ctx, places); err != nil {
		t.Fatal(err)
	}
	res := results.New(st, results.Options{TextDir: t.TempDir()})
	st.AddObserver(res)
	t.Cleanup(res.Close)
	clock := &testClock{now: time.Now()}
	h, err := New(Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5, Results: res, Now: clock.Now}, st,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{URL: srv.URL, Store: st, Results: res, Clock: clock}, qlog
}

func TestPublicRoutesReadResponsesOnlyByKey(t *testing.T) {
	ts, qlog := newLoggedServer(t)
	st, res, ctx := ts.Store, ts.Results, context.Background()
	sv, err := st.Survey(ctx, feedbackSlug)
	if err != nil {
		t.Fatal(err)
	}
	err = demo.Fill(ctx, st, []demo.Wave{{Survey: sv, From: time.Now().AddDate(0, -2, 0), To: time.Now(), Count: 300}}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The copy is read once, as the service does at start-up (Preload).
	if _, err := res.Columns(ctx, feedbackSlug); err != nil {
		t.Fatal(err)
	}
	ts.publish(t, feedbackSlug)
	if r := ts.setFeedbackAPI(t, `{"enabled":true,"indicators":["otrygg_kvall"]}`); r.Status != 200 {
		t.Fatalf("feedback on: %d %s", r.Status, r.Body)
	}
	session := func(kiosk, excluded bool) string {
		s := &models.Session{Survey: feedbackSlug, School: "murgardsskolan", Grade: "ak8", Area: "centrum", Kiosk: kiosk,
			CreatedBy: "anna", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
		if err := st.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		if excluded {
			if _, err := st.ExcludeSession(ctx, s.Code, "test", "anna"); err != nil {
				t.Fatal(err)
			}
		}
		return s.Code
	}
	class, kiosk, excluded := session(false, false), session(true, false), session(false, true)
	// A staff member's token, for a request that passes authentication.
	if err := st.CreateUser(ctx, "greta", models.RoleAnalyst, "x"); err != nil {
		t.Fatal(err)
	}

	survey := "/surveys/" + feedbackSlug
	api := "/api/v1/surveys/" + feedbackSlug
	again := uuid.NewString()
	formAgain := uuid.NewString()
	form := func(sid, code string) string {
		v := url.Values{"submission_id": {sid}, "q.kon": {"tjej"}, "q.arskurs": {"ak8"}, "q.trygg_kvall": {"ganska_trygg"},
			"q.trygghet_platser.centrum": {"ganska_otrygg"}, "q.forslag": {"Mer ljus"}}
		if code != "" {
			v.Set("session", code)
		}
		return v.Encode()
	}
	jsonPost := []string{"Content-Type", "application/json"}
	formPost := []string{"Content-Type", formType}
	cases := []publicCase{
		{route: "GET /healthz", method: "GET", path: "/healthz", want: 200},
		{route: "GET /readyz", method: "GET", path: "/readyz", want: 200},
		{route: "GET /", method: "GET", path: "/", want: 200},
		{route: "GET /", name: "again", method: "GET", path: "/?lang=en", want: 200},
		{route: "GET /surveys/:slug", method: "GET", path: survey, want: 200},
		{route: "GET /surveys/:slug", name: "thank-you page", method: "GET", path: survey + "?klar=1", want: 200},
		{route: "GET /surveys/:slug", name: "made-up slug", method: "GET", path: "/surveys/finns-inte", want: 404},
		{route: "GET /surveys/:slug", name: "closed survey", method: "GET", path: "/surveys/ungdomsdialog-2022", want: 409},
		{route: "GET /api/v1/surveys/:slug", method: "GET", path: api, want: 200},
		{route: "GET /api/v1/surveys/:slug", name: "made-up slug", method: "GET", path: "/api/v1/surveys/finns-inte-heller", want: 404},
		{route: "POST /api/v1/surveys/:slug/responses", method: "POST", path: api + "/responses", body: string(submitBody(again, pupilAnswers(1))), header: jsonPost, want: 201},
		{route: "POST /api/v1/surveys/:slug/responses", name: "duplicate", method: "POST", path: api + "/responses", body: string(submitBody(again, pupilAnswers(1))), header: jsonPost, want: 200},
		{route: "POST /api/v1/surveys/:slug/responses", name: "in a session", method: "POST", path: api + "/responses", body: string(submitBody(uuid.NewString(), pupilAnswers(2), `"session":"`+class+`"`)), header: jsonPost, want: 201},
		{route: "POST /api/v1/surveys/:slug/responses", name: "in an excluded session", method: "POST", path: api + "/responses", body: string(submitBody(uuid.NewString(), pupilAnswers(3), `"session":"`+excluded+`"`)), header: jsonPost, want: 201},
		{route: "POST /api/v1/surveys/:slug/responses", name: "unknown session", method: "POST", path: api + "/responses", body: string(submitBody(uuid.NewString(), pupilAnswers(4), `"session":"XYZXYZ"`)), header: jsonPost, want: 409},
		{route: "POST /api/v1/surveys/:slug/responses", name: "invalid", method: "POST", path: api + "/responses", body: string(submitBody(uuid.NewString(), `{"kon":"nej"}`)), header: jsonPost, want: 422},
		{route: "POST /api/v1/surveys/:slug/responses", name: "empty", method: "POST", path: api + "/responses", body: string(submitBody(uuid.NewString(), `{}`)), header: jsonPost, want: 422},
		{route: "POST /surveys/:slug", method: "POST", path: survey, body: form(formAgain, ""), header: formPost, want: 200},
		{route: "POST /surveys/:slug", name: "double click", method: "POST", path: survey, body: form(formAgain, ""), header: formPost, want: 200},
		{route: "POST /surveys/:slug", name: "in a session", method: "POST", path: survey, body: form(uuid.NewString(), class), header: formPost, want: 200},
		{route: "POST /surveys/:slug", name: "with problems", method: "POST", path: survey, body: "submission_id=" + uuid.NewString() + "&q.kon=nej", header: formPost, want: 422},
		{route: "GET /s/:code", method: "GET", path: "/s/" + class, want: 200},
		{route: "GET /s/:code", name: "kiosk", method: "GET", path: "/s/" + kiosk, want: 200},
		{route: "GET /s/:code", name: "kiosk thank-you page", method: "GET", path: "/s/" + kiosk + "?klar=1", want: 200},
		{route: "GET /s/:code", name: "thank-you page", method: "GET", path: "/s/" + class + "?klar=1", want: 200},
		{route: "GET /s/:code", name: "wrong code", method: "GET", path: "/s/XYZXYZ", want: 404},
		{route: "GET /s", method: "GET", path: "/s?code=" + strings.ToLower(class), want: 200}, // the client follows the 303 to /s/{code}
		{route: "GET /s/:code/qr.svg", method: "GET", path: "/s/" + class + "/qr.svg", want: 200},
		{route: "GET /surveys/:slug/feedback", method: "GET", path: feedbackPage, want: 200},
		{route: "GET /surveys/:slug/feedback", name: "again, in English", method: "GET", path: feedbackPage + "?lang=en", want: 200},
		{route: "GET /surveys/:slug/feedback", name: "made-up slug", method: "GET", path: "/surveys/finns-inte/feedback", want: 404},
		{route: "GET /static/*file", method: "GET", path: "/static/app.css", want: 200},
		{route: "GET /integritet", method: "GET", path: "/integritet?lang=ar", want: 200},
		{route: "GET /tillganglighet", method: "GET", path: "/tillganglighet", want: 200},
		{route: "GET /api/openapi.yaml", method: "GET", path: "/api/openapi.yaml", want: 200},
		{route: "GET /login", method: "GET", path: "/login", want: 200},
		{route: "POST /login", name: "wrong password", method: "POST", path: "/login", body: "name=greta&password=fel&csrf=c", header: []string{"Content-Type", formType, "Cookie", loginCSRFCookie + "=c"}, want: 401},
		{route: "POST /logout", method: "POST", path: "/logout", header: []string{"Cookie", sessionCookie + "=gammal"}, want: 200}, // followed to /login
		{route: "GET /setup", name: "no setup link", method: "GET", path: "/setup?token=gissat", want: 410},
		{route: "POST /setup", name: "no setup link", method: "POST", path: "/setup", body: "token=gissat&name=greta", header: formPost, want: 410},
		{route: "GET /metrics", name: "without credentials", method: "GET", path: "/metrics", want: 401},
		{route: "GET /api/v1/admin/surveys", name: "a made-up token", method: "GET", path: "/api/v1/admin/surveys", header: []string{"Authorization", "Bearer " + store.TokenPrefix + "gissat"}, want: 401},
		{route: "GET /staff", name: "a made-up staff session", method: "GET", path: "/staff", header: []string{"Cookie", sessionCookie + "=gissat"}, want: 200}, // followed to /login
		{route: "(unmatched)", method: "GET", path: "/finns/inte", want: 404},
	}

	qlog.reset()
	for _, c := range cases {
		qlog.during(c.route + " " + c.name)
		r := ts.do(t, c.method, c.path, []byte(c.body), c.header...)
		if r.Status != c.want {
			t.Errorf("%s %s (%s): %d, want %d: %.300s", c.method, c.path, c.name, r.Status, c.want, r.Body)
		}
	}
	// The tallies noted by the submissions are written in the background
	// (store.flushEvery); here at once.
	qlog.during("the tallies' flush")
	if err := st.FlushTallies(ctx); err != nil {
		t.Fatal(err)
	}

	cmds := qlog.all()
	var inserts, byID int
	for _, c := range cmds {
		if c.Collection == "responses" {
			switch {
			case c.Name == "insert":
				inserts++
			case c.ByKey:
				byID++
			}
		}
		switch {
		case c.Collection == "responses" && !c.ByKey:
			t.Errorf("%s: %s on responses by %v: a public request may touch responses only by _id", c.route, c.Name, c.Filters)
		case !c.ByKey && boundedScans[c.Collection] == "":
			t.Errorf("%s: %s on %s by %v: neither by _id nor one of the small collections read through a cache", c.route, c.Name, c.Collection, c.Filters)
		case c.Collection == "surveys" && strings.Contains(strings.Join(c.Filters, " "), "finns-inte"):
			t.Errorf("%s: a made-up slug was looked up in the database (%v)", c.route, c.Filters)
		}
	}
	if testing.Verbose() {
		for _, c := range cmds {
			t.Logf("%-60s %-8s %-16s by key %-5v %v", c.route, c.Name, c.Collection, c.ByKey, c.Filters)
		}
	}
	// The log saw the submissions, five stored and two sent again; the
	// copy holds what was sent again, so nothing was read back.
	if inserts < 7 {
		t.Errorf("%d inserts of responses seen; the command log missed the submissions", inserts)
	}
	if byID > 0 {
		t.Errorf("%d reads of responses by _id: a duplicate the copy holds is not read back (store.SetHeld)", byID)
	}

	// Every public route has a case: a new one must be added above.
	engine, err := newEngine(Config{BaseURL: "http://dialog.test", MinCell: 5}, storetest.New(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.route] = true
	}
	for _, r := range engine.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/admin/") || strings.HasPrefix(r.Path, "/staff") || r.Path == "/metrics" {
			continue // signed-in staff only; their unauthenticated requests are sampled above
		}
		if name := r.Method + " " + r.Path; !covered[name] {
			t.Errorf("public route %s has no case here", name)
		}
	}
}
