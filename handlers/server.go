// Package handlers is the HTTP face of the service: Gin routes, request
// binding, authentication and the HTML pages.
package handlers

import (
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/password"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// Config is what the HTTP layer needs to know about the deployment.
type Config struct {
	BaseURL        string
	AdminToken     string // empty: no bootstrap token
	MinCell        int
	ClassMinCell   int // fewest respondents a class release shows figures for; never below MinCell; 0: 10
	TrustedProxies []string
	SubmitRate     int // submissions per minute per client address; 0 = no limit
	// MaxResponses is how many responses one survey takes; beyond it a
	// submission is refused with 503 "full". 0 means DefaultMaxResponses.
	MaxResponses  int
	TimeZone      string // zone of the day stored with a response; default Europe/Stockholm
	PublicBodyMax int64  // bytes a public POST may carry
	StaffBodyMax  int64  // bytes a staff upload may carry
	// Retention periods after a survey closes, shown on its staff page;
	// 0: 12 months and 5 years.
	RetentionTextMonths, RetentionResponseYears int
	// Results holds the responses in memory and counts every figure from
	// them; it must observe st (store.AddObserver). Nil makes one that
	// does, with no reloading: right for a single process.
	Results *results.Manager
	// PublicationInterval is the shortest time between two publications
	// of a survey; 0: 28 days.
	PublicationInterval time.Duration
	// Now is the clock publications are made and spaced by; nil is
	// time.Now. Tests move it forward to publish again.
	Now func() time.Time
	// Languages are the languages young people are offered
	// (DIALOG_LANGUAGES); zero: models.DefaultEnabled.
	Languages models.Enabled
	// Organisations are the public actors named in every public page's
	// footer and in the accessibility statement; empty:
	// DefaultOrganisations.
	Organisations []string
	// Contact is whom young people and the accessibility statement send
	// questions to: an e-mail address, a web address or a line of text;
	// empty: the organisations' names.
	Contact string
	// AccessibilityAssessed is the date (YYYY-MM-DD) of the deployment's
	// own accessibility assessment; empty: the one in
	// web/accessibility.yaml.
	AccessibilityAssessed string
	// SetupToken, when set, is the one-time link's token that creates
	// the first admin (setup.go), working until SetupExpires.
	SetupToken   string
	SetupExpires time.Time
}

// Server holds the dependencies of every handler.
type Server struct {
	cfg        Config
	log        *slog.Logger
	store      *store.Store
	pages      map[string]*template.Template
	static     *staticAssets
	surveyDefs *surveyCache // open surveys, briefly
	// surveyIndex holds the list of surveys (surveyindex.go).
	surveyIndex *refreshCache[*surveyList]
	// plans holds the promises' action plans the feedback pages show
	// (feedback.go).
	plans *refreshCache[*models.Plan]
	// feedbackSettings holds the feedback pages' settings (feedback.go).
	feedbackSettings *refreshCache[*models.Feedback]
	// qrs holds the join codes' QR codes (qr.go).
	qrs qrCodes
	// forms holds the rendered blank forms (formpages.go).
	forms *formPages
	// sessions holds the sessions join codes name (join.go).
	sessions *refreshCache[*models.Session]
	checker  *surveys.Checker
	// langs are the languages young people are offered (Config.Languages).
	langs   models.Enabled
	zone    *time.Location
	submits *limiter // nil when submissions are not limited
	// signIns slows down failed sign-ins and caps password hashing.
	signIns *loginThrottle
	// firstAdmin is the one-time link that creates the first admin.
	firstAdmin *setupLink
	// joinFails counts wrong join codes per client address.
	joinFails *limiter
	// dummyHash is verified against when an account does not exist.
	dummyHash string
	metrics   *metrics
	// feedback keeps the feedback pages' figures (see feedback.go).
	feedback *feedbackCache
	exports  *exportLimiter // slots for exports (see exportlimit.go)
	// workbooks lets one uploaded workbook be read at a time
	// (workbookslot.go).
	workbooks *workbookSlot
	// results counts every figure from the responses held in memory.
	results *results.Manager
	// statement is the accessibility statement (pages_about.go).
	statement *web.Statement
}

// New builds the service's HTTP handler: the Gin engine with every route
// and middleware, with public pages compressed.
func New(cfg Config, st *store.Store, log *slog.Logger) (http.Handler, error) {
	r, err := newEngine(cfg, st, log)
	if err != nil {
		return nil, err
	}
	return compressPublic(r)
}

// newEngine builds the Gin engine itself; tests walk its routes.
func newEngine(cfg Config, st *store.Store, log *slog.Logger) (*gin.Engine, error) {
	_, r, err := newServer(cfg, st, log)
	return r, err
}

// newServer builds the Server and its Gin engine; tests that hold one of
// its limits use the Server.
func newServer(cfg Config, st *store.Store, log *slog.Logger) (*Server, *gin.Engine, error) {
	if cfg.MaxResponses <= 0 {
		cfg.MaxResponses = DefaultMaxResponses
	}
	if cfg.PublicBodyMax <= 0 {
		cfg.PublicBodyMax = 64 << 10
	}
	if cfg.StaffBodyMax <= 0 {
		cfg.StaffBodyMax = 1 << 20
	}
	pages, err := web.Pages()
	if err != nil {
		return nil, nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.TimeZone == "" {
		cfg.TimeZone = "Europe/Stockholm"
	}
	zone, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return nil, nil, fmt.Errorf("handlers: time zone: %w", err)
	}
	static, err := loadAssets()
	if err != nil {
		return nil, nil, err
	}
	if cfg.Languages.IsZero() {
		cfg.Languages = models.DefaultLanguages()
	}
	if len(cfg.Organisations) == 0 {
		cfg.Organisations = DefaultOrganisations
	}
	statement, err := web.LoadStatement()
	if err != nil {
		return nil, nil, err
	}
	s := &Server{cfg: cfg, langs: cfg.Languages, log: log, store: st, pages: pages, static: static, checker: surveys.NewChecker(), zone: zone, metrics: newMetrics(), feedback: newFeedbackCache(10 * time.Minute), statement: statement}
	s.surveyIndex = newRefreshCache(surveyListTTL, s.loadSurveyList)
	s.surveyDefs = newSurveyCache(5*time.Second, s.loadDefinition)
	s.plans = newRefreshCache(planTTL, st.Plan)
	s.sessions = newRefreshCache(joinSessionTTL, st.Session)
	s.sessions.limit = 4096
	s.forms = newFormPages()
	s.feedbackSettings = newRefreshCache(feedbackSettingsTTL, st.Feedback)
	s.feedbackSettings.limit = 1024
	s.exports = newExportLimiter(maxExportsPerUser, maxExports)
	s.workbooks = newWorkbookSlot()
	if s.results = cfg.Results; s.results == nil {
		s.results = results.New(st, results.Options{Logger: log})
		st.AddObserver(s.results)
	}
	st.AddObserver(forgetDefinitions{defs: s.surveyDefs, list: s.surveyIndex})
	st.SetHeld(s.heldInCopy)
	s.metrics.watchIntegrity(st, s.results)
	s.metrics.watchLimit(s.results, cfg.MaxResponses)
	if cfg.SubmitRate > 0 {
		s.submits = newLimiter(cfg.SubmitRate, time.Minute)
	}
	s.signIns = newLoginThrottle(signInPolicy)
	s.firstAdmin = &setupLink{token: cfg.SetupToken, expires: cfg.SetupExpires}
	// A whole class behind one address may mistype codes; enumerating
	// 887 million codes at this pace is still hopeless.
	s.joinFails = newLimiter(30, 5*time.Minute)
	if s.dummyHash, err = password.Hash(password.Generate()); err != nil {
		return nil, nil, fmt.Errorf("handlers: %w", err)
	}

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// Without trusted proxies the client address is the socket peer; it is
	// used for rate limiting in memory only and never logged or stored.
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, nil, fmt.Errorf("handlers: trusted proxies: %w", err)
	}
	// The headers come first, so that every response has them, errors and
	// recovered panics included.
	r.Use(s.withLanguages(), s.transportHeaders(), securityHeaders(), s.countRequests(), s.recovery(), s.requestLog(), s.bodyLimit())
	r.NoRoute(s.notFound)
	r.NoMethod(s.methodNotAllowed)

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/", s.home)
	r.GET("/surveys/:slug", s.surveyForm)
	r.GET("/surveys/:slug/feedback", s.feedbackPage)
	r.POST("/surveys/:slug", s.limitSubmissions(), s.surveyFormPost)
	r.GET("/s", s.joinByCode)
	r.GET("/s/:code", s.join)
	r.GET("/s/:code/qr.svg", s.joinQR)
	r.GET("/static/*file", s.staticFile)
	r.GET(privacyPath, s.privacyPage)
	r.GET(accessibilityPath, s.accessibilityPage)

	api := r.Group("/api/v1")
	api.GET("/surveys/:slug", s.surveyDefinition)
	api.POST("/surveys/:slug/responses", s.limitSubmissions(), s.submitResponse)

	s.registerStaff(r)
	r.GET("/login", s.loginPage)
	r.POST("/login", s.login)
	r.POST("/logout", s.logout)
	r.GET("/setup", s.setupPage)
	r.POST("/setup", s.createFirstAdmin)
	r.GET("/metrics", s.requireScraper(), s.serveMetrics())
	r.GET("/api/openapi.yaml", s.openAPI)

	return s, r, nil
}
