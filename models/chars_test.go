package models

import "testing"

func TestCheckChars(t *testing.T) {
	scotland := "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"
	tests := []struct {
		name       string
		s          string
		lineBreaks bool
		want       CharTrouble
	}{
		{"plain Swedish", "Mer ljus i Stadsparken, tack!", false, CharsOK},
		{"Arabic", "المزيد من البالغين في الخارج مساءً", false, CharsOK},
		{"Persian with ZWNJ", "می\u200Cخواهم", false, CharsOK},
		{"Devanagari with ZWJ", "क्\u200Dष", false, CharsOK},
		{"emoji ZWJ sequence", "👩\u200D💻 👍🏽", false, CharsOK},
		{"flag of Scotland", "Hej " + scotland + " då", false, CharsOK},
		{"black flag alone", "\U0001F3F4 flagga", false, CharsOK},
		{"line breaks where allowed", "rad 1\r\nrad\t2", true, CharsOK},
		{"empty", "", false, CharsOK},

		{"line break in one line", "rad 1\nrad 2", false, CharsControl},
		{"tab in one line", "a\tb", false, CharsControl},
		{"NUL", "a\x00b", true, CharsControl},
		{"escape sequence", "\x1b[31mröd", true, CharsControl},
		{"DEL", "a\x7fb", true, CharsControl},
		{"C1 control", "a\u0085b", true, CharsControl},

		{"right-to-left override", "Polisen \u202Egpj.exe", true, CharsInvisible},
		{"left-to-right embedding", "a\u202Ab", true, CharsInvisible},
		{"pop directional formatting", "a\u202Cb", true, CharsInvisible},
		{"right-to-left isolate", "a\u2067b\u2069", true, CharsInvisible},
		{"right-to-left mark", "a\u200Fb", true, CharsInvisible},
		{"Arabic letter mark", "a\u061Cb", true, CharsInvisible},
		{"zero width space", "Pol\u200Bisen", true, CharsInvisible},
		{"word joiner", "a\u2060b", true, CharsInvisible},
		{"byte order mark", "\uFEFFHej", true, CharsInvisible},
		{"soft hyphen", "Björk\u00ADsätra", true, CharsInvisible},
		{"tags without a flag", "Hej\U000E0068\U000E0069", true, CharsInvisible},
		{"flag tags left open", "\U0001F3F4\U000E0067\U000E0062 text", true, CharsInvisible},
		{"flag tags open at the end", "\U0001F3F4\U000E0067\U000E0062", true, CharsInvisible},
		{"cancel tag alone after a flag", "\U0001F3F4\U000E007F", true, CharsInvisible},
		{"tags after a closed flag", scotland + "\U000E0068", true, CharsInvisible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckChars(tt.s, tt.lineBreaks); got != tt.want {
				t.Errorf("CheckChars(%+q, %v) = %d, want %d", tt.s, tt.lineBreaks, got, tt.want)
			}
			if ok := CharsAllowed(tt.s, tt.lineBreaks); ok != (tt.want == CharsOK) {
				t.Errorf("CharsAllowed(%+q) = %v", tt.s, ok)
			}
		})
	}
}
