package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/web"
)

// metrics are the service's Prometheus metrics, in a registry of the
// Server's own (never the global default, so two servers in one test
// binary do not collide). No label carries anything a client chose beyond
// a bounded set: routes are Gin's patterns ("/s/:code", never the code),
// methods outside the usual few are "other", and no label holds an
// address, user agent, join code or slug.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	submissions *prometheus.CounterVec
	workbooks   prometheus.Histogram
}

// The submission outcomes counted by medborgardialog_submissions_total.
// Submissions are not logged one by one (see requestLog): this counter is
// how they are followed.
const (
	submissionStored    = "stored"
	submissionDuplicate = "duplicate"  // a retry of a stored one
	submissionInvalid   = "invalid"    // 400, 413, 415, 422: nothing storable
	submissionClosed    = "closed"     // 404, 409: survey or session unknown or closed
	submissionCrossSite = "cross_site" // 403: sent from another site's page
	submissionLimited   = "limited"    // 429
	submissionFull      = "full"       // 503: the survey holds DIALOG_MAX_RESPONSES
	submissionFailed    = "failed"     // 5xx
)

var submissionOutcomes = []string{submissionStored, submissionDuplicate, submissionInvalid,
	submissionClosed, submissionCrossSite, submissionLimited, submissionFull, submissionFailed}

// submissionOutcome is the outcome of a submission the handler refused or
// failed, by its status; "" for one it answered 2xx, which storeResponse
// has counted.
func submissionOutcome(status int) string {
	switch {
	case status < 400:
		return ""
	case status == http.StatusNotFound, status == http.StatusConflict:
		return submissionClosed
	case status == http.StatusForbidden:
		return submissionCrossSite
	case status == http.StatusTooManyRequests:
		return submissionLimited
	case status >= 500:
		return submissionFailed
	}
	return submissionInvalid
}

// submitRoutes are the two ways an answer arrives, by method and pattern.
var submitRoutes = map[string]bool{
	"POST /api/v1/surveys/:slug/responses": true,
	"POST /surveys/:slug":                  true,
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "medborgardialog_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "medborgardialog_http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by route pattern and method.",
			// Fine below 100 ms, where the submission target lies.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .075, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method"}),
		submissions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "medborgardialog_submissions_total",
			Help: "Submissions by outcome: stored, duplicate (a retry of a stored one), invalid, closed (survey or session unknown or closed), cross_site, limited (429) or failed (5xx).",
		}, []string{"outcome"}),
		workbooks: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "medborgardialog_workbook_duration_seconds",
			Help:    "Time to write a lägesbild workbook.",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300},
		}),
	}
	for _, o := range submissionOutcomes {
		m.submissions.WithLabelValues(o) // present at zero from the start
	}
	m.reg.MustRegister(m.requests, m.latency, m.submissions, m.workbooks,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// watchLimit exposes how full the fullest survey is, for an alert before
// submissions are refused (at 1).
func (m *metrics) watchLimit(rs *results.Manager, limit int) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "medborgardialog_response_limit_used_ratio",
		Help: "Responses held by the survey that holds the most, as a fraction of DIALOG_MAX_RESPONSES. At 1 its submissions are refused (503, outcome full); alert well before.",
	}, func() float64 { return float64(rs.Largest()) / float64(limit) }))
}

// watchIntegrity exposes what keeping the in-memory copies equal to the
// database took. A rise in mismatches is the alert: some write reached
// the database without reaching the copy, and the copy was read again.
func (m *metrics) watchIntegrity(st *store.Store, rs *results.Manager) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "medborgardialog_inserts_unsettled",
			Help: "Inserts of answers whose outcome was not known (a timeout, a lost connection), waiting to be settled by the next try.",
		}, func() float64 { return float64(st.Integrity().Uncertain) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "medborgardialog_inserts_settled_total",
			Help: "Inserts whose outcome was not known and that were since settled: stored once and counted once.",
		}, func() float64 { return float64(st.Integrity().Settled) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "medborgardialog_inserts_given_up_total",
			Help: "Inserts whose outcome was not known and that were not kept to be settled because too many waited; their survey was read again.",
		}, func() float64 { return float64(st.Integrity().GivenUp) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "medborgardialog_copy_repaired_total",
			Help: "Stored answers found missing from the in-memory copy when a retry was read back, and added.",
		}, func() float64 { return float64(rs.Integrity().Repaired) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "medborgardialog_copy_mismatches_total",
			Help: "Periodic checks that found an in-memory copy's count different from the database's; the copy was read again. Should stay 0.",
		}, func() float64 { return float64(rs.Integrity().Mismatches) }),
	)
}

// countRequests observes every request, unmatched ones too. It runs
// outside recovery, so a panic is counted as the 500 it became.
func (s *Server) countRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.metrics == nil {
			c.Next()
			return
		}
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		method := metricMethod(c.Request.Method)
		status := c.Writer.Status()
		s.metrics.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
		s.metrics.latency.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
		if submitRoutes[c.Request.Method+" "+route] {
			o := submissionOutcome(status)
			if c.GetBool(fullKey) {
				o = submissionFull
			}
			if o != "" {
				s.metrics.submissions.WithLabelValues(o).Inc()
			}
		}
	}
}

// fullKey marks a request refused because its survey is full, which a
// status alone (503) does not tell from a failure.
const fullKey = "medborgardialog.full"

func markFull(c *gin.Context, code string) {
	if code == models.ErrFull {
		c.Set(fullKey, true)
	}
}

// metricMethod keeps the method label to a fixed set: the method is the
// client's to choose.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodDelete, http.MethodPatch, http.MethodOptions:
		return m
	}
	return "other"
}

// countStored records the outcome of one insert of a checked submission.
func (m *metrics) countStored(duplicate bool, err error) {
	switch {
	case m == nil || err != nil:
	case duplicate:
		m.submissions.WithLabelValues(submissionDuplicate).Inc()
	default:
		m.submissions.WithLabelValues(submissionStored).Inc()
	}
}

// ObserveWorkbook records how long one lägesbild workbook took to write.
func (s *Server) ObserveWorkbook(d time.Duration) {
	if s.metrics != nil {
		s.metrics.workbooks.Observe(d.Seconds())
	}
}

// serveMetrics is GET /metrics in the exposition format.
func (s *Server) serveMetrics() gin.HandlerFunc {
	h := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{
		Registry:      s.metrics.reg, // counts its own scrape errors
		ErrorHandling: promhttp.ContinueOnError,
	})
	return gin.WrapH(h)
}

// requireScraper lets an admin through (a bearer token, as scrapers send,
// or a signed-in admin's cookie). Unlike the staff pages it never sends a
// browser to the sign-in page: a scraper without credentials gets a plain
// 401 with the API's error body.
func (s *Server) requireScraper() gin.HandlerFunc {
	return func(c *gin.Context) {
		p, ok := s.principalOf(c)
		if !ok {
			c.Header("WWW-Authenticate", `Bearer realm="metrics"`)
			s.refuseJSON(c, http.StatusUnauthorized, models.ErrUnauthorized, "error.unauthorized")
			return
		}
		if p.Role != models.RoleAdmin {
			s.refuseJSON(c, http.StatusForbidden, models.ErrForbidden, "error.forbidden")
			return
		}
		c.Set(principalKey, p)
		c.Next()
	}
}

// refuseJSON answers with the API's error body whatever the path.
func (s *Server) refuseJSON(c *gin.Context, status int, code, key string) {
	lang := requestLang(c)
	c.AbortWithStatusJSON(status, errorBody{Error: errorDetail{Code: code, Message: web.T(lang, key)}})
}
