package models

import "testing"

func TestSlugify(t *testing.T) {
	for _, tc := range []struct {
		name string
		sep  byte
		max  int
		want string
	}{
		{"Östra Sandbacka skola", '-', 32, "ostra-sandbacka-skola"},
		{"  Hedängsskolan  (F–9) ", '-', 32, "hedangsskolan-f-9"},
		{"case_insensitivity", '-', 40, "case-insensitivity"},
		{"Sätra", '_', 32, "satra"},
		{"Æbleø Straße", '-', 40, "aebleo-strasse"},
		{"—", '_', 32, ""},
		{"مدرسة", '-', 40, ""},
		// Cut at max, never ending on a separator.
		{"abcdefghij klmno", '-', 11, "abcdefghij"},
		{"abcdefghij klmno", '-', 12, "abcdefghij-k"},
	} {
		if got := Slugify(tc.name, tc.sep, tc.max); got != tc.want {
			t.Errorf("Slugify(%q, %q, %d) = %q, want %q", tc.name, tc.sep, tc.max, got, tc.want)
		}
	}
}
