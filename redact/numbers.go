package redact

import (
	"strings"
	"unicode/utf8"
)

// A number is read as a cluster of digit groups joined by short separators,
// so "070-123 45 67", "+46 (0)70 123 45 67" and "19900101-1234" are each one
// cluster. Within a cluster every run of whole groups is tried, longest first
// from each group, so a phone number written next to a year ("2023 070 123 45
// 67") is still found and the year kept.

// maxDigits bounds a candidate: the longest we look for is 00 + 15 digits.
// It also keeps the search linear, since no candidate spans more groups.
const maxDigits = 17

// group is one run of digits: its byte range in the text and its digits,
// normalised to ASCII, as a range of the cluster's digit buffer.
type group struct {
	start, end   int
	dStart, dEnd int
}

func (g group) len() int { return g.dEnd - g.dStart }

// digitValue reads ASCII, Arabic-Indic (٠–٩), Eastern Arabic-Indic (۰–۹)
// and fullwidth digits. They are normalised only for reading; the text keeps
// whatever the respondent typed.
func digitValue(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r - '0'), true
	case r >= 0x0660 && r <= 0x0669:
		return byte(r - 0x0660), true
	case r >= 0x06F0 && r <= 0x06F9:
		return byte(r - 0x06F0), true
	case r >= 0xFF10 && r <= 0xFF19:
		return byte(r - 0xFF10), true
	}
	return 0, false
}

// isSeparator reports whether r may stand between the digit groups of one
// number. Commas and colons may not: "19,90" and "22:00" are never numbers
// that identify anyone.
func isSeparator(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '-', '\u2010', '\u2011', '\u2013', '.', '/', '(', ')', '+':
		return true
	}
	return false
}

// maxSeparator is how many separator characters may join two groups, enough
// for "070 - 123" and "46 (0)70".
const maxSeparator = 3

// numberSpans appends the spans of identity and phone numbers in s.
func numberSpans(s string, spans []span) []span {
	var (
		groups []group
		digits []byte
	)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := digitValue(r); !ok {
			i += size
			continue
		}
		groups, digits = groups[:0], digits[:0]
		for {
			g := group{start: i, dStart: len(digits)}
			for i < len(s) {
				r, size := utf8.DecodeRuneInString(s[i:])
				v, ok := digitValue(r)
				if !ok {
					break
				}
				digits = append(digits, '0'+v)
				i += size
			}
			g.end, g.dEnd = i, len(digits)
			groups = append(groups, g)

			j, n := i, 0
			for ; j < len(s) && n < maxSeparator; n++ {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !isSeparator(r) {
					break
				}
				j += size
			}
			if n == 0 || j >= len(s) {
				break
			}
			if r, _ := utf8.DecodeRuneInString(s[j:]); !isDigitRune(r) {
				break
			}
			i = j
		}
		spans = clusterSpans(s, groups, digits, spans)
	}
	return spans
}

func isDigitRune(r rune) bool {
	_, ok := digitValue(r)
	return ok
}

// clusterSpans finds the identifying numbers in one cluster.
func clusterSpans(s string, groups []group, digits []byte, spans []span) []span {
	if len(digits) < 8 { // the shortest number we remove: 08-12 34 56
		return spans
	}
	skip := datesAndTimes(s, groups, digits)
	for i := 0; i < len(groups); {
		best, n := -1, 0
		for j := i; j < len(groups) && !skip[j]; j++ {
			if n += groups[j].len(); n > maxDigits {
				break
			}
			c := candidate{s: s, groups: groups[i : j+1], digits: digits[groups[i].dStart:groups[j].dEnd]}
			if c.isIdentityNumber() || c.isPhone() {
				best = j
			}
		}
		if best < 0 {
			i++
			continue
		}
		c := candidate{s: s, groups: groups[i : best+1]}
		spans = append(spans, span{c.prefixStart(), groups[best].end})
		i = best + 1
	}
	return spans
}

// datesAndTimes marks the groups that form a date ("05.12.2023",
// "2023-05-12") or a clock time ("08.30") so they are never read as part of a
// phone number: "08.30-10.00" has the digits of a Stockholm number.
func datesAndTimes(s string, groups []group, digits []byte) []bool {
	skip := make([]bool, len(groups))
	num := func(k int) int {
		n := 0
		for _, d := range digits[groups[k].dStart:groups[k].dEnd] {
			n = n*10 + int(d-'0')
		}
		return n
	}
	sep := func(k int) string { // between group k and k+1
		if k < 0 || k+1 >= len(groups) {
			return ""
		}
		return s[groups[k].end:groups[k+1].start]
	}
	isYear := func(k int) bool { return groups[k].len() == 4 && (num(k)/100 == 19 || num(k)/100 == 20) }
	short := func(k int) bool { return groups[k].len() <= 2 }
	for k := 0; k+2 < len(groups); k++ {
		sp := sep(k)
		if (sp != "." && sp != "/" && sp != "-") || sep(k+1) != sp || sep(k-1) == sp || sep(k+2) == sp {
			continue
		}
		dayFirst := short(k) && short(k+1) && isYear(k+2) && num(k) >= 1 && num(k) <= 31 && num(k+1) >= 1 && num(k+1) <= 31
		yearFirst := isYear(k) && short(k+1) && short(k+2) && num(k+1) >= 1 && num(k+1) <= 12 && num(k+2) >= 1 && num(k+2) <= 31
		if dayFirst || yearFirst {
			skip[k], skip[k+1], skip[k+2] = true, true, true
		}
	}
	for k := 0; k+1 < len(groups); k++ {
		if sep(k) != "." || sep(k-1) == "." || sep(k+1) == "." {
			continue
		}
		if short(k) && groups[k+1].len() == 2 && num(k) <= 23 && num(k+1) <= 59 {
			skip[k], skip[k+1] = true, true
		}
	}
	return skip
}

// candidate is a run of whole groups from one cluster.
type candidate struct {
	s      string
	groups []group
	digits []byte // normalised to ASCII
}

// sep returns the separator between groups k and k+1.
func (c candidate) sep(k int) string {
	return c.s[c.groups[k].end:c.groups[k+1].start]
}

// plus reports whether the candidate is written with a leading '+' ("+46…",
// "+ 46…").
func (c candidate) plus() bool {
	_, ok := c.plusStart()
	return ok
}

func (c candidate) plusStart() (int, bool) {
	p := c.groups[0].start
	switch {
	case p >= 1 && c.s[p-1] == '+':
		return p - 1, true
	case p >= 2 && c.s[p-1] == ' ' && c.s[p-2] == '+':
		return p - 2, true
	}
	return p, false
}

// prefixStart is where the span to remove begins: before a leading '+', and
// before a '(' whose ')' is inside the number ("(026) 123456"), so no lone
// bracket is left behind.
func (c candidate) prefixStart() int {
	p, _ := c.plusStart()
	if p >= 1 && c.s[p-1] == '(' {
		for k := 0; k+1 < len(c.groups); k++ {
			if strings.IndexByte(c.sep(k), ')') >= 0 {
				return p - 1
			}
		}
	}
	return p
}

// isIdentityNumber reports whether the candidate is a personnummer or
// samordningsnummer: YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, with or without
// the separator, or with a space before the last four.
//
// The Luhn check digit is deliberately not checked. A child who mistypes one
// digit of their own number has still written a number one digit away from
// who they are, and the date part is what narrows it down most. The date
// check alone is strict enough: a ten- or twelve-digit run with a real month
// and day is rare in survey answers, and most that are not identity numbers
// are phone numbers, removed anyway.
func (c candidate) isIdentityNumber() bool {
	d := string(c.digits) // at most maxDigits bytes
	switch len(c.groups) {
	case 1:
	case 2:
		switch c.sep(0) {
		case "-", "+", " ", "\u2013":
		default:
			return false
		}
		if first := c.groups[0].len(); c.groups[1].len() != 4 || (first != 6 && first != 8) {
			return false
		}
	default:
		return false
	}
	switch len(d) {
	case 12:
		if cc := d[:2]; cc != "18" && cc != "19" && cc != "20" {
			return false
		}
		d = d[2:]
	case 10:
	default:
		return false
	}
	month := int(d[2]-'0')*10 + int(d[3]-'0')
	day := int(d[4]-'0')*10 + int(d[5]-'0')
	if day > 60 { // samordningsnummer: day + 60
		day -= 60
	}
	return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

// isPhone reports whether the candidate is a phone number: Swedish national
// (0…), Swedish or foreign international (+…, 00…).
func (c candidate) isPhone() bool {
	d := string(c.digits)
	if c.plus() || strings.HasPrefix(d, "00") {
		if !c.plus() {
			d = d[2:]
		}
		if c.oneDigitGroups() > 2 {
			return false
		}
		if rest, ok := strings.CutPrefix(d, "46"); ok {
			if !strings.HasPrefix(rest, "0") { // "+46 (0)70" keeps its 0
				rest = "0" + rest
			}
			return swedishNational(rest)
		}
		return len(d) >= 8 && len(d) <= 15
	}
	if !strings.HasPrefix(d, "0") {
		return false
	}
	for _, g := range c.groups {
		if g.len() < 2 {
			return false
		}
	}
	return swedishNational(d)
}

func (c candidate) oneDigitGroups() int {
	n := 0
	for _, g := range c.groups {
		if g.len() == 1 {
			n++
		}
	}
	return n
}

// swedishNational reports whether d, starting with the trunk 0, is a Swedish
// subscriber number: mobiles are 07X and seven digits, landlines an area code
// and five to eight digits, ten digits at most.
//
// Non-geographic service numbers (020, 077, 0900, 0939, 0944) are kept: they
// belong to organisations, among them the help lines young people are told to
// call (Kvinnofridslinjen 020-50 50 50, BRIS 077-150 50 50).
func swedishNational(d string) bool {
	if len(d) < 8 || len(d) > 10 || d[1] == '0' {
		return false
	}
	for _, p := range []string{"020", "077", "0900", "0939", "0944"} {
		if strings.HasPrefix(d, p) {
			return false
		}
	}
	if strings.HasPrefix(d, "07") {
		return len(d) == 10
	}
	return true
}
