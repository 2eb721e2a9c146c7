package handlers

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"medborgardialog/web"
)

func TestStaticFilesAreCachedByContentHash(t *testing.T) {
	pages, err := web.Pages()
	if err != nil {
		t.Fatal(err)
	}
	static, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil)), pages: pages, static: static}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/static/*file", s.staticFile)
	get := func(url string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", url, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		return w
	}
	css := s.static.urls.CSS
	w := get(css)
	if w.Code != 200 || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("%s: %d %v", css, w.Code, w.Header())
	}
	if w := get("/static/app.css"); w.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("unversioned: %v", w.Header())
	}
	if w := get("/static/app.css?v=old"); w.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("stale version: %v", w.Header())
	}
	if w2 := get("/static/app.css", "If-None-Match", w.Header().Get("ETag")); w2.Code != http.StatusNotModified {
		t.Fatalf("revalidation: %d", w2.Code)
	}
	if js := get(s.static.urls.JS); js.Code != 200 || !strings.Contains(js.Header().Get("Content-Type"), "javascript") {
		t.Fatalf("form.js: %d %v", js.Code, js.Header())
	}
	if w := get("/static/../go.mod"); w.Code != http.StatusNotFound {
		t.Fatalf("outside the static files: %d", w.Code)
	}
}
