// Package handlers is the HTTP face of the service: Gin routes, request
// binding, authentication and the HTML pages.
package handlers

import (
	"fmt"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"medborgardialog/store"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// Config is what the HTTP layer needs to know about the deployment.
type Config struct {
	BaseURL        string
	AdminToken     string // empty: no bootstrap token
	MinCell        int
	TrustedProxies []string
	PublicBodyMax  int64 // bytes a public POST may carry
	StaffBodyMax   int64 // bytes a staff upload may carry
}

// Server holds the dependencies of every handler.
type Server struct {
	cfg     Config
	log     *slog.Logger
	store   *store.Store
	pages   map[string]*template.Template
	checker *surveys.Checker
}

// New builds the Gin engine with every route and middleware.
func New(cfg Config, st *store.Store, log *slog.Logger) (http.Handler, error) {
	if cfg.PublicBodyMax <= 0 {
		cfg.PublicBodyMax = 64 << 10
	}
	if cfg.StaffBodyMax <= 0 {
		cfg.StaffBodyMax = 1 << 20
	}
	pages, err := web.Pages()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: log, store: st, pages: pages, checker: surveys.NewChecker()}

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// Without trusted proxies the client address is the socket peer; it is
	// used for rate limiting in memory only and never logged or stored.
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("handlers: trusted proxies: %w", err)
	}
	r.Use(s.recovery(), s.requestLog(), securityHeaders(), s.bodyLimit())
	r.NoRoute(s.notFound)
	r.NoMethod(s.methodNotAllowed)

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/", s.home)
	r.StaticFS("/static", http.FS(web.Static()))

	api := r.Group("/api/v1")
	api.GET("/surveys/:slug", s.surveyDefinition)

	admin := api.Group("/admin", s.authenticate())
	admin.GET("/me", s.requireRole(roleAny...), s.me)
	admin.GET("/surveys", s.requireRole(roleAdmin, roleAnalyst), s.adminListSurveys)
	admin.POST("/surveys", s.requireRole(roleAdmin), s.adminCreateSurvey)
	admin.GET("/surveys/:slug", s.requireRole(roleAdmin, roleAnalyst), s.adminGetSurvey)
	admin.PUT("/surveys/:slug", s.requireRole(roleAdmin), s.adminPutSurvey)
	admin.POST("/surveys/:slug/open", s.requireRole(roleAdmin), s.adminOpenSurvey)
	admin.POST("/surveys/:slug/close", s.requireRole(roleAdmin), s.adminCloseSurvey)

	return r, nil
}
