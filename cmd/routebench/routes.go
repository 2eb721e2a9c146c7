package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/google/uuid"

	"medborgardialog/demo"
	"medborgardialog/models"
)

// fixture is what the routes are sent against: the filled survey, two
// open sessions (one in kiosk mode), its feedback page switched on.
type fixture struct {
	base, slug   string
	sv           *models.Survey
	class, kiosk string
	css          string // the stylesheet's address, as pages link it
	dup          float64
}

func prepare(ctx context.Context, s *service, o *options) (*fixture, error) {
	f := &fixture{base: s.url, slug: o.survey, dup: o.dup}
	var err error
	if f.sv, err = s.store.Survey(ctx, o.survey); err != nil {
		return nil, err
	}
	if f.sv.Status != models.StatusOpen {
		return nil, fmt.Errorf("%s is %s: the routes need an open survey", o.survey, f.sv.Status)
	}
	if pubs, err := s.results.Publications(ctx, o.survey); err != nil || len(pubs) == 0 {
		return nil, fmt.Errorf("%s has no publication (%v): fill the directory with `medborgardialog demo`, which publishes", o.survey, err)
	}
	if f.class, err = sessionFor(ctx, s.store, o.survey, false); err != nil {
		return nil, err
	}
	if f.kiosk, err = sessionFor(ctx, s.store, o.survey, true); err != nil {
		return nil, err
	}
	// The feedback page on, with the first key figures, as an admin
	// would switch it on.
	var inds []string
	for _, ind := range f.sv.Indicators {
		if len(inds) < 4 {
			inds = append(inds, ind.ID)
		}
	}
	if err := s.store.SetFeedback(ctx, models.Feedback{Survey: o.survey, Enabled: true, Indicators: inds, UpdatedBy: "routebench"}); err != nil {
		return nil, err
	}
	resp, err := http.Get(f.base + "/")
	if err != nil {
		return nil, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`href="(/static/app\.css[^"]*)"`).FindSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("the start page links no stylesheet")
	}
	f.css = string(m[1])
	return f, nil
}

// step is one request and the statuses that answer it as intended.
type step struct {
	route string
	req   *http.Request
	ok    []int
}

// scenario makes the requests one client sends, one after the other.
type scenario struct {
	name string
	next func(w *worker) step
}

// worker is one client; its state is its own goroutine's.
type worker struct {
	gen  *demo.Generator
	rng  *rand.Rand
	sent [][]byte // bodies acknowledged, to send again as duplicates
	i    int
}

func newWorker(f *fixture, id int) *worker {
	return &worker{gen: demo.NewGenerator(f.sv, uint64(1000+id)), rng: rand.New(rand.NewPCG(uint64(id), 7))}
}

func (f *fixture) get(route, path string, ok ...int) func(*worker) step {
	return func(*worker) step {
		req, _ := http.NewRequest(http.MethodGet, f.base+path, nil)
		return step{route: route, req: req, ok: ok}
	}
}

// submission is a new JSON body, or with probability dup one sent
// before: a retry of an acknowledged answer.
func (f *fixture) submission(w *worker, session string) []byte {
	if len(w.sent) > 0 && w.rng.Float64() < f.dup {
		return w.sent[w.rng.IntN(len(w.sent))]
	}
	answers := w.gen.Answers(0.3)
	for len(answers) == 0 {
		answers = w.gen.Answers(0.3)
	}
	body := map[string]any{"submission_id": uuid.NewString(), "lang": "sv", "answers": answers}
	if session != "" {
		body["session"] = session
	}
	b, _ := json.Marshal(body)
	w.sent = append(w.sent, b)
	return b
}

// formSubmission is the same as the no-JS form posts it.
func (f *fixture) formSubmission(w *worker) []byte {
	if len(w.sent) > 0 && w.rng.Float64() < f.dup {
		return w.sent[w.rng.IntN(len(w.sent))]
	}
	answers := w.gen.Answers(0.3)
	for len(answers) == 0 {
		answers = w.gen.Answers(0.3)
	}
	v := url.Values{"submission_id": {uuid.NewString()}}
	for id, a := range answers {
		switch a := a.(type) {
		case string:
			v.Set("q."+id, a)
		case []string:
			v["q."+id] = a
		case int64:
			v.Set("q."+id, strconv.FormatInt(a, 10))
		case map[string]string:
			for row, opt := range a {
				v.Set("q."+id+"."+row, opt)
			}
		}
	}
	b := []byte(v.Encode())
	w.sent = append(w.sent, b)
	return b
}

func (f *fixture) post(route, path, ctype string, body []byte, ok ...int) step {
	req, _ := http.NewRequest(http.MethodPost, f.base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	return step{route: route, req: req, ok: ok}
}

// routes are the scenarios, one per public route, then the join flow a
// class goes through, each request of it in turn.
func (f *fixture) routes(o *options) []scenario {
	sv := "/surveys/" + f.slug
	api := "/api/v1/surveys/" + f.slug
	one := func(name, path string, ok ...int) scenario {
		return scenario{name: name, next: f.get(name, path, ok...)}
	}
	submitAPI := func(w *worker) step {
		return f.post("POST "+api+"/responses", api+"/responses", "application/json", f.submission(w, ""), 201, 200)
	}
	submitForm := func(w *worker) step {
		return f.post("POST "+sv+" (no JS)", sv, "application/x-www-form-urlencoded", f.formSubmission(w), 200)
	}
	join := []func(*worker) step{
		f.get("GET /s/{code}", "/s/"+f.class+"?lang=sv", 200),
		func(w *worker) step {
			return f.post("POST …/responses in the session", api+"/responses", "application/json", f.submission(w, f.class), 201, 200)
		},
		f.get("GET /s/{code}?klar=1", "/s/"+f.class+"?klar=1", 200),
		f.get("GET "+sv+"/feedback", sv+"/feedback?lang=sv", 200),
	}
	return []scenario{
		one("GET /healthz", "/healthz", 200),
		one("GET /readyz", "/readyz", 200),
		one("GET / (start page)", "/?lang=sv", 200),
		one("GET "+sv+" (form)", sv+"?lang=sv", 200),
		one("GET "+sv+"?klar=1 (thank-you)", sv+"?klar=1&lang=sv", 200),
		one("GET "+api+" (definition)", api, 200),
		{name: "POST " + api + "/responses", next: submitAPI},
		{name: "POST " + sv + " (no JS)", next: submitForm},
		{name: "POST " + api + "/responses in a session", next: join[1]},
		one("GET /s/{code} (join)", "/s/"+f.class+"?lang=sv", 200),
		one("GET /s?code= (join form)", "/s?code="+f.class+"&lang=sv", 303),
		one("GET /s/{kiosk} (kiosk form)", "/s/"+f.kiosk+"?lang=sv", 200),
		one("GET /s/{kiosk}?klar=1 (kiosk reset)", "/s/"+f.kiosk+"?klar=1&lang=sv", 200),
		one("GET /s/{code}/qr.svg", "/s/"+f.class+"/qr.svg", 200),
		one("GET "+sv+"/feedback", sv+"/feedback?lang=sv", 200),
		one("GET /static/app.css", f.css, 200),
		one("GET /api/openapi.yaml", "/api/openapi.yaml", 200),
		one("GET /login", "/login", 200),
		one("GET /surveys/{made-up} (404)", "/surveys/finns-inte?lang=sv", 404),
		{name: "join flow (4 requests in turn)", next: func(w *worker) step {
			s := join[w.i%len(join)](w)
			w.i++
			return s
		}},
	}
}
