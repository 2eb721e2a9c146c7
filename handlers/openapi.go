package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"medborgardialog/web"
)

// openAPI serves the description of the JSON API (web/openapi.yaml). It is
// public: it describes the contract, not any data.
func (s *Server) openAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "application/yaml; charset=utf-8", web.OpenAPI())
}
