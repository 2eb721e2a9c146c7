package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	qrcode "github.com/skip2/go-qrcode"

	"medborgardialog/models"
)

// joinQR serves the QR code of a join link as SVG, drawn as one path so it
// stays sharp on any projector. It answers for any well-formed code without
// looking it up: the picture only encodes the link, and a lookup here would
// let anyone test which codes exist.
func (s *Server) joinQR(c *gin.Context) {
	code := models.NormalizeJoinCode(c.Param("code"))
	if code == "" {
		s.abort(c, http.StatusNotFound, models.ErrNotFound, "error.not_found")
		return
	}
	svg, err := s.qrs.svg(s.cfg.BaseURL + "/s/" + code)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=3600")
	c.Data(http.StatusOK, "image/svg+xml", []byte(svg))
}

// qrCodes keeps the QR codes drawn, by the text they encode: drawing one
// takes a few milliseconds of CPU, and a projector, or anyone, may ask
// for the same one again and again. At most maxQRCodes are kept; beyond
// that all are dropped.
type qrCodes struct {
	mu sync.Mutex
	m  map[string]string
}

const maxQRCodes = 256

func (q *qrCodes) svg(text string) (string, error) {
	q.mu.Lock()
	svg, ok := q.m[text]
	q.mu.Unlock()
	if ok {
		return svg, nil
	}
	svg, err := qrSVG(text)
	if err != nil {
		return "", err
	}
	q.mu.Lock()
	if q.m == nil || len(q.m) >= maxQRCodes {
		q.m = make(map[string]string)
	}
	q.m[text] = svg
	q.mu.Unlock()
	return svg, nil
}

// qrSVG encodes text with medium error correction (a smudged projector
// still scans) and draws each dark module as a unit square.
func qrSVG(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("qr: encode: %w", err)
	}
	bits := q.Bitmap()
	size := len(bits)
	var path strings.Builder
	for y, row := range bits {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			start := x
			for x+1 < len(row) && row[x+1] {
				x++
			}
			fmt.Fprintf(&path, "M%d %dh%dv1h-%dz", start, y, x-start+1, x-start+1)
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		size, size, size, size, path.String()), nil
}
