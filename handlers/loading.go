package handlers

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"medborgardialog/results"
	"medborgardialog/web"
)

// codeLoading is the API's error code while a survey's responses are being
// read into memory: nothing is counted from half of them.
const codeLoading = "loading"

// loadingRetry is the seconds a client is asked to wait before it asks
// again; a staff page reloads itself as often.
const loadingRetry = "3"

// failLoading answers a *results.LoadingError in err, if there is one,
// and says whether it did: 503 with how far the read has come, as JSON on
// the API and as a page that reloads itself for staff.
func (s *Server) failLoading(c *gin.Context, err error) bool {
	var le *results.LoadingError
	if !errors.As(err, &le) || !isAPI(c) && currentPrincipal(c) == nil {
		return false // a public page says "unavailable, try again" as for any 503
	}
	lang := staffLang(c)
	done, total := formatInt(lang, int(le.Done)), formatInt(lang, int(max(le.Total, le.Done)))
	c.Header("Retry-After", loadingRetry)
	if isAPI(c) {
		c.AbortWithStatusJSON(http.StatusServiceUnavailable, gin.H{"error": gin.H{
			"code": codeLoading, "message": messageWith2(lang, "results.loading", done, total),
			"loaded": le.Done, "total": max(le.Total, le.Done),
		}})
		return true
	}
	percent := ""
	if le.Total > 0 {
		percent = formatPercent(lang, float64(le.Done)/float64(le.Total), 0)
	}
	s.page(c, http.StatusServiceUnavailable, "staff_loading", pageData{Lang: lang, Title: web.T(lang, "results.loading_title"), Data: loadingView{
		staffBase: s.staffBase(c), Message: messageWith2(lang, "results.loading_page", done, total),
		Done: le.Done, Total: max(le.Total, le.Done, 1), Percent: percent,
	}})
	c.Abort()
	return true
}

type loadingView struct {
	staffBase
	Message     string
	Done, Total int64
	Percent     string
}

// messageWith2 is the message key in lang with its two %s filled.
func messageWith2(lang, key, a, b string) string {
	return fmt.Sprintf(web.T(lang, key), a, b)
}
