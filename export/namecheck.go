package export

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A free-text answer can name a pupil, a class or a school ("Kalle
// Svensson i 8B på Norrsätraskolan"), and the workbook goes to people who
// share it. Such texts are marked for a person to read before the file is
// shared, never removed: a guess that removed texts would silence the
// young people on false alarms, and one that let a name through would
// still need the reading. The marks err on the side of marking.

// classCode is a class as schools write them: a grade and a letter, "8B",
// "9a", "7 C" (ÅÄÖ included, since some schools use them).
var classCode = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])[1-9]\s?[A-Za-zÅÄÖåäö](?:$|[^\p{L}\p{N}])`)

// mayNameSomeone says whether text looks like it names someone: two
// capitalised words in a row (a first and a last name), a class code, or
// one of schools (names from the places catalogue, matched without regard
// to case).
func mayNameSomeone(text string, schools []string) bool {
	if classCode.MatchString(text) || twoCapitalisedWords(text) {
		return true
	}
	lower := strings.ToLower(text)
	for _, s := range schools {
		if s = strings.ToLower(strings.TrimSpace(s)); utf8.RuneCountInString(s) >= 4 && strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

// twoCapitalisedWords finds two words in a row that each start with a
// capital followed by a small letter, in the same sentence.
func twoCapitalisedWords(text string) bool {
	prev := false
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' || r == '"' }) {
		upper := capitalised(w)
		if prev && upper {
			return true
		}
		// A sentence ending with this word starts anew.
		prev = upper && !strings.ContainsAny(w[len(w)-1:], ".!?:;")
	}
	return false
}

func capitalised(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(w[size:])
	return unicode.IsLower(next)
}
