package redact

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// emailRE matches an address: a local part (with dots and +subaddress), then
// one or more domain labels and an ASCII top-level domain. Latin letters are
// allowed so "åsa.öberg@exempel.se" is caught; Arabic letters are not, so an
// address typed straight after an Arabic word takes only the address.
//
// Every script of digit that numbers.go reads is in the local part, and the
// handle below, so an address or handle never ends or begins inside a run of
// digits: a half-removed number could read differently on a second pass, and
// Scrub must give the same answer twice.
var emailRE = regexp.MustCompile(`[\p{Latin}0-9٠-٩۰-۹０-９._%+\-]+@(?:[\p{Latin}0-9](?:[\p{Latin}0-9\-]*[\p{Latin}0-9])?\.)+[A-Za-z]{2,}`)

// handleRE matches a social-media handle such as "@kalle_99" or
// "@lisa.andersson". Whether it stands on its own is checked in code.
var handleRE = regexp.MustCompile(`@[A-Za-z0-9٠-٩۰-۹０-９_.]+`)

// platforms are names written after an @ that point at a service, not a
// person ("hittade det på @instagram"), so they are kept.
var platforms = map[string]bool{
	"instagram": true, "insta": true, "snapchat": true, "snap": true,
	"tiktok": true, "youtube": true, "twitter": true, "facebook": true,
	"discord": true, "twitch": true, "reddit": true, "whatsapp": true,
	"telegram": true, "kik": true, "bereal": true, "threads": true,
}

// addressSpans appends the spans of e-mail addresses and handles in s.
//
// Handles are removed deliberately: "@kalle_99" finds a child as surely as
// their phone number does. A handle is an @ at the start of a word followed
// by at least two letters, digits, underscores or inner dots, one of them a
// letter. One longer than the 30 characters Instagram allows is still taken
// whole, so what is left never depends on what followed it. An @ standing
// alone ("vi ses @ skolan"), an @ inside a word and the platform names above
// are kept.
func addressSpans(s string, spans []span) []span {
	for _, m := range emailRE.FindAllStringIndex(s, -1) {
		spans = append(spans, span{m[0], m[1]})
	}
	for _, m := range handleRE.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		for end > start+1 && s[end-1] == '.' {
			end--
		}
		name := s[start+1 : end]
		if len(name) < 2 || !hasLetter(name) ||
			!handleMayStartAfter(s[:start]) || platforms[strings.ToLower(name)] {
			continue
		}
		spans = append(spans, span{start, end})
	}
	return spans
}

// handleMayStartAfter reports whether an @ preceded by before begins a
// handle: at the start of the text, after a space or after opening
// punctuation. Not after a letter or digit (that is an address or a word),
// and not after ']', so a handle glued to an earlier Marker was already judged
// the same way before that Marker was written.
func handleMayStartAfter(before string) bool {
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return unicode.IsSpace(r) || strings.ContainsRune(`([{"'«“‘:;,!?`, r)
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}
