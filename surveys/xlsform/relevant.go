package xlsform

import (
	"strings"

	"medborgardialog/models"
)

// condition is a relevant expression that show_if can hold: one earlier
// question and the values that show this one.
type condition struct {
	question string
	values   []string
	equals   bool // some part used "=", which for select_multiple means something else
}

// parseRelevant accepts exactly what show_if expresses:
//
//	${q} = 'v'
//	selected(${q}, 'v')
//	either of these joined by "or", all naming the same question
//
// with either kind of quotes and any spacing. It returns a problem code
// for anything else: XPath beyond that would be evaluated differently,
// or not at all, so it is refused rather than dropped.
func parseRelevant(s string) (condition, string) {
	p := relevantParser{s: s}
	var c condition
	for {
		q, v, eq, ok := p.term()
		if !ok {
			return condition{}, CodeRelevant
		}
		if c.question != "" && q != c.question {
			return condition{}, CodeRelevantMixed
		}
		c.question = q
		c.values = append(c.values, v)
		c.equals = c.equals || eq
		p.space()
		if p.done() {
			return c, ""
		}
		if !p.word("or") {
			return condition{}, CodeRelevant
		}
	}
}

// formatRelevant writes show_if the way parseRelevant reads it and the
// way KoboToolbox's form builder writes it: = for one answer, selected()
// for a select_multiple.
func formatRelevant(si *models.ShowIf, multi bool) string {
	parts := make([]string, len(si.AnyOf))
	for i, v := range si.AnyOf {
		if multi {
			parts[i] = "selected(${" + si.Question + "}, '" + v + "')"
		} else {
			parts[i] = "${" + si.Question + "} = '" + v + "'"
		}
	}
	return strings.Join(parts, " or ")
}

type relevantParser struct {
	s   string
	pos int
}

func (p *relevantParser) done() bool { return p.pos >= len(p.s) }

func (p *relevantParser) space() {
	for p.pos < len(p.s) && strings.ContainsRune(" \t\r\n", rune(p.s[p.pos])) {
		p.pos++
	}
}

func (p *relevantParser) lit(l string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.pos:], l) {
		p.pos += len(l)
		return true
	}
	return false
}

// word is lit for a keyword, which must not run on into a name.
func (p *relevantParser) word(w string) bool {
	save := p.pos
	if !p.lit(w) {
		return false
	}
	if p.pos < len(p.s) && isNameByte(p.s[p.pos]) {
		p.pos = save
		return false
	}
	return true
}

func isNameByte(b byte) bool {
	return b == '_' || b == '-' || b == '.' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func (p *relevantParser) ref() (string, bool) {
	if !p.lit("${") {
		return "", false
	}
	end := strings.IndexByte(p.s[p.pos:], '}')
	if end < 0 {
		return "", false
	}
	name := strings.TrimSpace(p.s[p.pos : p.pos+end])
	p.pos += end + 1
	return name, name != ""
}

func (p *relevantParser) quoted() (string, bool) {
	p.space()
	if p.done() || (p.s[p.pos] != '\'' && p.s[p.pos] != '"') {
		return "", false
	}
	q := p.s[p.pos]
	end := strings.IndexByte(p.s[p.pos+1:], q)
	if end < 0 {
		return "", false
	}
	v := p.s[p.pos+1 : p.pos+1+end]
	p.pos += end + 2
	return v, true
}

func (p *relevantParser) term() (q, v string, equals, ok bool) {
	if p.word("selected") {
		if !p.lit("(") {
			return
		}
		if q, ok = p.ref(); !ok {
			return
		}
		if !p.lit(",") {
			return "", "", false, false
		}
		if v, ok = p.quoted(); !ok {
			return
		}
		ok = p.lit(")")
		return q, v, false, ok
	}
	if q, ok = p.ref(); !ok {
		return
	}
	if !p.lit("=") {
		return "", "", false, false
	}
	if v, ok = p.quoted(); !ok {
		// ODK forms with numbered choices often leave the number
		// unquoted: ${trygg} = 1 means the choice named "1".
		v, ok = p.number()
	}
	return q, v, true, ok
}

// number reads a run of digits, the unquoted choice name of "${q} = 1".
func (p *relevantParser) number() (string, bool) {
	p.space()
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == start || p.pos < len(p.s) && isNameByte(p.s[p.pos]) {
		p.pos = start
		return "", false
	}
	return p.s[start:p.pos], true
}
