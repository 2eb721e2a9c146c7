package handlers

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"medborgardialog/models"
)

// Page weight budget for a phone on its first visit (issue 27): what is
// transferred, compressed, for a page and everything it loads.
const (
	budgetHTML  = 14 << 10 // one round trip of TCP's initial window
	budgetTotal = 30 << 10
)

var pageAssetRE = regexp.MustCompile(`<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"`)

// TestPageWeightWithinBudget fetches the start page and the survey form
// in every language as a browser on a first visit does (gzip accepted,
// nothing cached): the HTML and each stylesheet, script and image it
// names. Bodies as sent, headers not counted. go test -v prints the
// table kept in docs/BENCHMARKS.md.
func TestPageWeightWithinBudget(t *testing.T) {
	// Every language the service can offer, not only the default ones.
	all, err := models.ParseEnabled(strings.Join(models.Languages(), ","))
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServerWith(t, func(c *Config) { c.Languages = all })
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path string) (sent int, body string) {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s is sent uncompressed", path)
			return len(raw), string(raw)
		}
		plain, err := gunzip(raw)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return len(raw), plain
	}
	var table strings.Builder
	fmt.Fprintf(&table, "| page | language | HTML | CSS + JS + images | total |\n|---|---|---|---|---|\n")
	for _, page := range []struct{ name, path string }{{"start", "/"}, {"survey form", "/surveys/" + builtinSlug}} {
		for _, lang := range all.Codes() {
			html, body := get(page.path + "?lang=" + lang)
			assets := 0
			for _, m := range pageAssetRE.FindAllStringSubmatch(body, -1) {
				if strings.HasPrefix(m[1], "/") {
					n, _ := get(strings.ReplaceAll(m[1], "&amp;", "&"))
					assets += n
				}
			}
			fmt.Fprintf(&table, "| %s | %s | %.1f KB | %.1f KB | %.1f KB |\n", page.name, lang, kb(html), kb(assets), kb(html+assets))
			if html > budgetHTML || html+assets > budgetTotal {
				t.Errorf("%s in %s: HTML %.1f KB (budget 14), total %.1f KB (budget 30)", page.name, lang, kb(html), kb(html+assets))
			}
		}
	}
	t.Logf("compressed bytes sent, first visit:\n%s", table.String())
}

func kb(n int) float64 { return float64(n) / 1024 }

func gunzip(b []byte) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	plain, err := io.ReadAll(zr)
	return string(plain), err
}
