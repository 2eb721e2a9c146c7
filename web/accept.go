package web

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// preferred lists the language tags of an Accept-Language header, most
// wanted first ("sv-SE", "en"), without their parameters. A browser may list a language
// it wants less before one it wants more ("en;q=0.1, ar"), so the
// q-values decide, and ties keep the header's order. A language with
// q=0 is one the reader does not want, and is left out, as are "*" and
// malformed entries.
func preferred(header string) []string {
	type choice struct {
		lang string
		q    float64
	}
	var out []choice
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.TrimSpace(tag)
		if tag == "" || tag == "*" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if !ok || strings.ToLower(strings.TrimSpace(k)) != "q" {
				continue
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				f = 0
			}
			q = f
		}
		if q > 0 {
			out = append(out, choice{tag, q})
		}
	}
	slices.SortStableFunc(out, func(a, b choice) int { return cmp.Compare(b.q, a.q) })
	langs := make([]string, len(out))
	for i, c := range out {
		langs[i] = c.lang
	}
	return langs
}
