package models

import "unicode"

// CharTrouble is what is wrong with the characters of a text, if anything.
type CharTrouble int

const (
	CharsOK CharTrouble = iota
	// CharsControl is a control character: NUL, an escape sequence, DEL,
	// or a line break or tab where the text is one line.
	CharsControl
	// CharsInvisible is a Unicode format character (category Cf): U+202E
	// turns the text after it around, so "gpj.exe" reads "exe.jpg";
	// others are invisible and make two texts that look alike differ
	// (U+200B, U+2060, U+FEFF, U+00AD).
	CharsInvisible
)

// Format characters that writing needs, and so are let through.
const (
	zwnj      = '\u200C' // Persian and Indic scripts part letters that would join
	zwj       = '\u200D' // Arabic and Indic scripts join letters; emoji sequences (👩‍💻) too
	blackFlag = '\U0001F3F4'
	tagFirst  = '\U000E0020'
	tagLast   = '\U000E007E'
	tagCancel = '\U000E007F'
)

// CheckChars is the one rule every text staff or young people write must
// pass before it is stored or shown: no control characters (line breaks
// and tabs only where lineBreaks allows them) and no Unicode format
// characters, except the joiners ZWJ and ZWNJ and the tags of a flag
// emoji such as Scotland's (U+1F3F4, tags, U+E007F), which writing and
// emoji need. It reports the first trouble found.
func CheckChars(s string, lineBreaks bool) CharTrouble {
	// 0: outside a flag; 1: just after U+1F3F4; 2: within its tags.
	flag := 0
	for _, r := range s {
		isTag := r >= tagFirst && r <= tagLast
		switch {
		case flag == 2 && isTag:
			continue
		case flag == 2 && r == tagCancel:
			flag = 0
			continue
		case flag == 2:
			return CharsInvisible // tags left open hide text after a flag
		case flag == 1 && isTag:
			flag = 2
			continue
		}
		flag = 0
		switch {
		case r == blackFlag:
			flag = 1
		case r == '\n' || r == '\r' || r == '\t':
			if !lineBreaks {
				return CharsControl
			}
		case unicode.IsControl(r):
			return CharsControl
		case r == zwnj || r == zwj:
		case unicode.Is(unicode.Cf, r):
			return CharsInvisible
		}
	}
	if flag == 2 {
		return CharsInvisible
	}
	return CharsOK
}

// CharsAllowed reports whether s passes CheckChars.
func CharsAllowed(s string, lineBreaks bool) bool { return CheckChars(s, lineBreaks) == CharsOK }
