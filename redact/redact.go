package redact

import (
	"slices"
	"strings"
)

// Marker replaces every scrubbed span.
const Marker = "[borttaget]"

// span is a half-open byte range [start, end) of the input to replace.
type span struct{ start, end int }

// Scrub returns s with every identifying span replaced by Marker, and whether
// anything was replaced. Everything outside those spans is kept byte for byte.
// It runs in time linear in len(s): one pass for numbers and, only when s has
// an '@', one regexp pass each for addresses and handles.
func Scrub(s string) (out string, changed bool) {
	spans := numberSpans(s, nil)
	if strings.IndexByte(s, '@') >= 0 {
		spans = addressSpans(s, spans)
	}
	if len(spans) == 0 {
		return s, false
	}
	return replace(s, spans), true
}

// replace writes s with the spans, merged where they overlap or touch, turned
// into one Marker each.
func replace(s string, spans []span) string {
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	b.Grow(len(s))
	pos := 0
	for i := 0; i < len(spans); {
		start, end := spans[i].start, spans[i].end
		for i++; i < len(spans) && spans[i].start <= end; i++ {
			end = max(end, spans[i].end)
		}
		b.WriteString(s[pos:start])
		b.WriteString(Marker)
		pos = end
	}
	b.WriteString(s[pos:])
	return b.String()
}
