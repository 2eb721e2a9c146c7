package handlers

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"medborgardialog/models"
	"medborgardialog/web"
)

// Figures on pages are written the way the page's language writes them:
//
//	sv  1 500   23,3 %   +2,6   −2,6 procentenheter
//	en  1,500   23.3 %   +2.6   −2.6 percentage points
//	ar  1,500   23٪
//
// Swedish groups thousands with a no-break space (U+00A0, as the browser's
// Intl.NumberFormat("sv") does, so a count the projector updates by script
// looks the same), so "1 500" never breaks across lines. Negative figures
// carry a real minus sign (U+2212). Arabic pages keep Western digits, as
// the rest of the service shows them, with the Arabic per-cent sign. The
// space before "%" is an ordinary one; the pages keep figure cells on one
// line. Values halfway between two roundings round away from zero, as
// math.Round does. SVG coordinates are not figures: they stay in Go's
// own notation.

const (
	minusSign = "\u2212"
	nbsp      = "\u00a0"
)

// formatInt writes n with its thousands grouped: "1 500" (sv), "1,500".
func formatInt(lang string, n int) string {
	if n < 0 {
		return minusSign + groupThousands(lang, strconv.FormatUint(uint64(-n), 10))
	}
	return groupThousands(lang, strconv.Itoa(n))
}

// formatDecimal writes x with decimals digits after the decimal sign:
// "23,3" (sv), "23.3". A value that rounds to zero has no sign.
func formatDecimal(lang string, x float64, decimals int) string {
	r := roundTo(math.Abs(x), decimals)
	whole, frac, _ := strings.Cut(strconv.FormatFloat(r, 'f', decimals, 64), ".")
	s := groupThousands(lang, whole)
	if frac != "" {
		s += decimalSign(lang) + frac
	}
	if x < 0 && r != 0 {
		s = minusSign + s
	}
	return s
}

// formatPercent writes a share in [0, 1] in percent: "23,3 %" (sv),
// "23.3 %" (en), "23٪" (ar).
func formatPercent(lang string, share float64, decimals int) string {
	return formatDecimal(lang, share*100, decimals) + percentSign(lang)
}

// formatPercentRange writes an interval of shares: "20,1–26,5 %".
func formatPercentRange(lang string, low, high float64, decimals int) string {
	return formatDecimal(lang, low*100, decimals) + "–" + formatPercent(lang, high, decimals)
}

// formatSigned writes a difference with its sign, "+2,6" or "−2,6"; one
// that rounds to zero has none.
func formatSigned(lang string, x float64, decimals int) string {
	s := formatDecimal(lang, x, decimals)
	if roundTo(x, decimals) > 0 {
		s = "+" + s
	}
	return s
}

// formatPP writes a change in percentage points with one decimal and its
// unit: "+2,6 procentenheter", "−2.6 percentage points".
func formatPP(lang string, diff float64) string {
	return formatSigned(lang, diff, 1) + " " + web.T(lang, "dash.pp")
}

// intIn is n for a catalogue text with a %d verb, written as formatInt
// writes it, so the texts keep their verbs whatever the language groups
// thousands with: fmt.Sprintf(web.T(lang, "feedback.answered"),
// intIn(lang, n)).
func intIn(lang string, n int) fmt.Formatter { return localInt{lang, n} }

type localInt struct {
	lang string
	n    int
}

func (v localInt) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, formatInt(v.lang, v.n)) }

func roundTo(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(x*p) / p
}

func groupThousands(lang, digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	sep := ","
	if decimalComma(lang) {
		sep = nbsp
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

func decimalSign(lang string) string {
	if decimalComma(lang) {
		return ","
	}
	return "."
}

// decimalComma: the languages CLDR writes "1 234,5" in (lättläst is
// Swedish).
func decimalComma(lang string) bool {
	switch models.Base(lang) {
	case models.LangSV, models.LangFI, models.LangUK:
		return true
	}
	return false
}

func percentSign(lang string) string {
	if lang == models.LangAR {
		return "٪"
	}
	return " %"
}
