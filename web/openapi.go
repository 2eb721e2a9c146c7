package web

import _ "embed"

//go:embed openapi.yaml
var openAPI []byte

// OpenAPI is the OpenAPI 3 description of the JSON API, served at
// /api/openapi.yaml.
func OpenAPI() []byte { return openAPI }
