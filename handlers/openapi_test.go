package handlers

import (
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"medborgardialog/store/storetest"
	"medborgardialog/web"
)

// openAPIDoc is the part of the description the tests read.
type openAPIDoc struct {
	OpenAPI string                               `yaml:"openapi"`
	Paths   map[string]map[string]map[string]any `yaml:"paths"`
}

var openAPIMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// documentedRoutes lists "METHOD /path/{param}" for every operation.
func documentedRoutes(t *testing.T) (map[string]bool, *openAPIDoc) {
	t.Helper()
	var doc openAPIDoc
	if err := yaml.Unmarshal(web.OpenAPI(), &doc); err != nil {
		t.Fatalf("web/openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
		t.Fatalf("openapi: %q, want 3.0.x", doc.OpenAPI)
	}
	out := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			if slices.Contains(openAPIMethods, method) {
				out[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	return out, &doc
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)

// registeredAPIRoutes lists every route of the real engine under /api/v1,
// with Gin's :param written as OpenAPI's {param}.
func registeredAPIRoutes(t *testing.T) map[string]bool {
	t.Helper()
	engine, err := newEngine(Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5}, storetest.New(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range engine.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			out[r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = true
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d API routes registered: %v", len(out), out)
	}
	return out
}

func TestOpenAPIDescribesEveryRegisteredRoute(t *testing.T) {
	documented, _ := documentedRoutes(t)
	registered := registeredAPIRoutes(t)
	for r := range registered {
		if !documented[r] {
			t.Errorf("%s is registered but not in web/openapi.yaml", r)
		}
	}
	for r := range documented {
		if r == "GET /api/openapi.yaml" {
			continue // the description itself, outside /api/v1
		}
		if !registered[r] {
			t.Errorf("%s is in web/openapi.yaml but not registered", r)
		}
	}
}

// TestOpenAPIIsSound checks what a generator would trip over: every $ref
// resolves, every path parameter is declared, every operation answers.
func TestOpenAPIIsSound(t *testing.T) {
	var root map[string]any
	if err := yaml.Unmarshal(web.OpenAPI(), &root); err != nil {
		t.Fatal(err)
	}
	resolve := func(ref string) (any, bool) {
		p, ok := strings.CutPrefix(ref, "#/")
		if !ok {
			return nil, false
		}
		var node any = root
		for _, part := range strings.Split(p, "/") {
			m, ok := node.(map[string]any)
			if !ok {
				return nil, false
			}
			if node, ok = m[part]; !ok {
				return nil, false
			}
		}
		return node, true
	}
	var walk func(node any, at string)
	walk = func(node any, at string) {
		switch v := node.(type) {
		case map[string]any:
			for k, child := range v {
				if ref, ok := child.(string); ok && k == "$ref" {
					if _, ok := resolve(ref); !ok {
						t.Errorf("%s: $ref %s does not resolve", at, ref)
					}
				}
				walk(child, at+"/"+k)
			}
		case []any:
			for _, child := range v {
				walk(child, at)
			}
		}
	}
	walk(root, "#")

	_, doc := documentedRoutes(t)
	pathParam := regexp.MustCompile(`\{([^}]+)\}`)
	for path, item := range doc.Paths {
		for method, op := range item {
			if !slices.Contains(openAPIMethods, method) {
				continue
			}
			declared := map[string]bool{}
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if ref, ok := pm["$ref"].(string); ok {
					r, _ := resolve(ref)
					pm, _ = r.(map[string]any)
				}
				if pm["in"] == "path" {
					declared[pm["name"].(string)] = true
				}
			}
			for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
				if !declared[m[1]] {
					t.Errorf("%s %s: path parameter %s is not declared", method, path, m[1])
				}
			}
			if resp, _ := op["responses"].(map[string]any); len(resp) == 0 {
				t.Errorf("%s %s: no responses", method, path)
			}
			if op["operationId"] == nil {
				t.Errorf("%s %s: no operationId", method, path)
			}
		}
	}
}

func TestOpenAPIIsServedPublicly(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do(t, "GET", "/api/openapi.yaml", nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/yaml") {
		t.Fatalf("%d %q", r.Status, r.Header.Get("Content-Type"))
	}
	if string(r.Body) != string(web.OpenAPI()) {
		t.Fatal("served description differs from web/openapi.yaml")
	}
	if r.Header.Get("Set-Cookie") != "" {
		t.Fatal("public route set a cookie")
	}
}

// TestOpenAPIDocumentsTheFiguresFilters: the routes of figures document
// exactly the filters parseLagesbild takes, and no route offers one that
// is refused (a date, a session, an answering language).
func TestOpenAPIDocumentsTheFiguresFilters(t *testing.T) {
	var root struct {
		Paths      map[string]map[string]any `yaml:"paths"`
		Components struct {
			Parameters map[string]map[string]any `yaml:"parameters"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(web.OpenAPI(), &root); err != nil {
		t.Fatal(err)
	}
	figureRoutes := []string{"/api/v1/admin/surveys/{slug}/results", "/api/v1/admin/surveys/{slug}/lagesbild.xlsx", "/api/v1/admin/surveys/{slug}/series"}
	for path, item := range root.Paths {
		for method, op := range item {
			opm, ok := op.(map[string]any)
			if !ok || !slices.Contains(openAPIMethods, method) {
				continue
			}
			var query []string
			params, _ := opm["parameters"].([]any)
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if ref, ok := pm["$ref"].(string); ok {
					pm = root.Components.Parameters[strings.TrimPrefix(ref, "#/components/parameters/")]
				}
				if pm["in"] == "query" {
					query = append(query, pm["name"].(string))
				}
			}
			for _, refused := range notFigureFilters {
				if slices.Contains(query, refused) {
					t.Errorf("%s %s documents %s, which figures refuse", method, path, refused)
				}
			}
			if method == "get" && slices.Contains(figureRoutes, path) {
				for _, f := range figureFilters {
					if !slices.Contains(query, f) {
						t.Errorf("GET %s lacks the filter %s", path, f)
					}
				}
			}
		}
	}
}
