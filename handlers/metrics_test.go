package handlers

import (
	"bufio"
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	dto "github.com/prometheus/client_model/go"

	"medborgardialog/models"
)

// scrape is one read of /metrics: each series line ("name{labels}") with
// its value.
type scrape map[string]float64

func (ts *testServer) scrape(t *testing.T) (scrape, string) {
	t.Helper()
	r := ts.admin(t, "GET", "/metrics", nil)
	if r.Status != 200 {
		t.Fatalf("GET /metrics: %d %s", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("Content-Type %q", ct)
	}
	out := scrape{}
	sc := bufio.NewScanner(bytes.NewReader(r.Body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out, string(r.Body)
}

// get sums the series of metric name carrying every one of labels
// (written as they appear: `route="/s/:code"`).
func (s scrape) get(name string, labels ...string) float64 {
	sum := 0.0
	for series, v := range s {
		base, rest, _ := strings.Cut(series, "{")
		if base != name {
			continue
		}
		ok := true
		for _, l := range labels {
			if !strings.Contains(rest, l) {
				ok = false
			}
		}
		if ok {
			sum += v
		}
	}
	return sum
}

func TestMetricsCountRequestsAndSubmissions(t *testing.T) {
	ts := newTestServer(t)
	sv := ts.addTestSurvey(t)
	before, _ := ts.scrape(t)

	id := uuid.NewString()
	if r := ts.submit(t, sv.Slug, submitBody(id, validAnswers)); r.Status != 201 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	if r := ts.submit(t, sv.Slug, submitBody(id, validAnswers)); r.Status != 200 {
		t.Fatalf("retry: %d %s", r.Status, r.Body)
	}
	if r := ts.submit(t, sv.Slug, submitBody(uuid.NewString(), `{"kon":"robot"}`)); r.Status != 422 {
		t.Fatalf("invalid: %d %s", r.Status, r.Body)
	}
	if r := ts.submit(t, sv.Slug, []byte(`{"submission_id":`)); r.Status != 400 {
		t.Fatalf("broken JSON: %d %s", r.Status, r.Body)
	}
	form := url.Values{"submission_id": {uuid.NewString()}, "q.kon": {"kille"}, "q.trygg_kvall": {"mycket_trygg"},
		"q.platser.skolan": {"trygg"}, "q.platser.centrum": {"trygg"}}
	if r := ts.do(t, "POST", "/surveys/"+sv.Slug, []byte(form.Encode()), "Content-Type", "application/x-www-form-urlencoded"); r.Status != 200 {
		t.Fatalf("form post: %d %s", r.Status, r.Body)
	}
	const code = "KXRT7W" // well formed, unknown: must not show up as a label
	if r := ts.do(t, "GET", "/s/"+code, nil); r.Status != 404 {
		t.Fatalf("join: %d", r.Status)
	}
	ts.do(t, "GET", "/no/such/"+code, nil)
	ts.do(t, "BREW", "/healthz", nil)

	after, text := ts.scrape(t)
	delta := func(name string, labels ...string) float64 {
		return after.get(name, labels...) - before.get(name, labels...)
	}
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"medborgardialog_submissions_total", []string{`outcome="stored"`}, 2},
		{"medborgardialog_submissions_total", []string{`outcome="duplicate"`}, 1},
		{"medborgardialog_submissions_total", []string{`outcome="invalid"`}, 2},
		{"medborgardialog_submissions_total", []string{`outcome="closed"`}, 0},
		{"medborgardialog_http_requests_total", []string{`route="/api/v1/surveys/:slug/responses"`, `method="POST"`, `status="201"`}, 1},
		{"medborgardialog_http_requests_total", []string{`route="/api/v1/surveys/:slug/responses"`, `status="200"`}, 1},
		{"medborgardialog_http_requests_total", []string{`route="/api/v1/surveys/:slug/responses"`, `status="422"`}, 1},
		{"medborgardialog_http_requests_total", []string{`route="/surveys/:slug"`, `method="POST"`, `status="200"`}, 1},
		{"medborgardialog_http_requests_total", []string{`route="/s/:code"`, `status="404"`}, 1},
		{"medborgardialog_http_requests_total", []string{`route="unmatched"`, `method="GET"`, `status="404"`}, 1},
		{"medborgardialog_http_requests_total", []string{`route="unmatched"`, `method="other"`}, 1},
		{"medborgardialog_http_request_duration_seconds_count", []string{`route="/api/v1/surveys/:slug/responses"`}, 4},
	} {
		if got := delta(c.name, c.labels...); got != c.want {
			t.Errorf("%s%v moved by %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	// The scrape before this one was counted too.
	if after.get("medborgardialog_http_requests_total", `route="/metrics"`, `status="200"`) < 1 {
		t.Error("scrapes are not counted")
	}
	for _, family := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_resident_memory_bytes"} {
		if _, ok := after[family]; !ok {
			t.Errorf("no %s", family)
		}
	}
	for _, leak := range []string{code, sv.Slug, "127.0.0.1", "Go-http-client", "BREW", "/no/such"} {
		if strings.Contains(text, leak) {
			t.Errorf("metrics hold %q", leak)
		}
	}
}

func TestMetricsNeedAnAdmin(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do(t, "GET", "/metrics", nil)
	if r.Status != 401 || r.ErrorCode(t) != models.ErrUnauthorized {
		t.Fatalf("without a token: %d %s", r.Status, r.Body)
	}
	if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("WWW-Authenticate %q", r.Header.Get("WWW-Authenticate"))
	}
	if r := ts.do(t, "GET", "/metrics", nil, "Authorization", "Bearer not-a-token-at-all-0123456789abcdef"); r.Status != 401 {
		t.Fatalf("wrong token: %d %s", r.Status, r.Body)
	}
	analyst := ts.addStaff(t, "anna", models.RoleAnalyst)
	if r := ts.as(t, analyst, "GET", "/metrics", nil); r.Status != 403 || r.ErrorCode(t) != models.ErrForbidden {
		t.Fatalf("analyst: %d %s", r.Status, r.Body)
	}
	admin := ts.addStaff(t, "adam", models.RoleAdmin)
	if r := ts.as(t, admin, "GET", "/metrics", nil); r.Status != 200 || !bytes.Contains(r.Body, []byte("medborgardialog_http_requests_total")) {
		t.Fatalf("admin: %d %.200s", r.Status, r.Body)
	}
}

func TestObserveWorkbook(t *testing.T) {
	s := &Server{metrics: newMetrics()}
	s.ObserveWorkbook(1500 * time.Millisecond)
	s.ObserveWorkbook(40 * time.Second)
	families, err := s.metrics.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var h *dto.Histogram
	for _, f := range families {
		if f.GetName() == "medborgardialog_workbook_duration_seconds" {
			h = f.GetMetric()[0].GetHistogram()
		}
	}
	if h == nil || h.GetSampleCount() != 2 || h.GetSampleSum() != 41.5 {
		t.Fatalf("workbook histogram %v", h)
	}
	for _, b := range h.GetBucket() {
		want := uint64(0)
		switch {
		case b.GetUpperBound() >= 40:
			want = 2
		case b.GetUpperBound() >= 1.5:
			want = 1
		}
		if b.GetCumulativeCount() != want {
			t.Errorf("bucket le=%v holds %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
		}
	}
	// A Server built without metrics (as some unit tests do) must not panic.
	(&Server{}).ObserveWorkbook(time.Second)
	(*metrics)(nil).countStored(false, nil)
}
