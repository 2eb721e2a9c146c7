package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/web"
)

// assetURLs are the page's static files, each with a content hash in its
// query string so a changed file gets a new URL and an unchanged one can be
// cached for good.
type assetURLs struct {
	CSS, JS string
}

// staticAssets knows the content hash of every embedded static file.
type staticAssets struct {
	urls assetURLs
	hash map[string]string // file name -> content hash
}

// loadAssets hashes the embedded static files once, at start-up.
func loadAssets() (*staticAssets, error) {
	a := &staticAssets{hash: make(map[string]string)}
	err := fs.WalkDir(web.Static(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.Static(), p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hash[p] = hex.EncodeToString(sum[:5])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("handlers: hash static files: %w", err)
	}
	a.urls = assetURLs{
		CSS: "/static/app.css?v=" + a.hash["app.css"],
		JS:  "/static/form.js?v=" + a.hash["form.js"],
	}
	return a, nil
}

// staticFile serves the embedded static files (route GET /static/*file).
// A request naming the current content hash may be cached for a year; any
// other is revalidated, so an old page never pairs with a stale file.
func (s *Server) staticFile(c *gin.Context) {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("file")), "/")
	hash, ok := s.static.hash[name]
	if !ok {
		s.notFound(c)
		return
	}
	b, err := fs.ReadFile(web.Static(), name)
	if err != nil {
		s.notFound(c)
		return
	}
	etag := `"` + hash + `"`
	h := c.Writer.Header()
	h.Set("ETag", etag)
	if c.Query("v") == hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	c.Data(http.StatusOK, ctype, b)
}
