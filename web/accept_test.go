package web

import "testing"

func TestNegotiateWeighsQValues(t *testing.T) {
	for _, tt := range []struct{ explicit, header, want string }{
		{"", "", "sv"},
		{"", "ar", "ar"},
		{"", "en;q=0.1, ar", "ar"},
		{"", "sv;q=0.5, en-GB;q=0.9", "en"},
		{"", "EN-us;Q=0.7, de", "en"},
		{"", "en;q=0, ar;q=0.001", "ar"},
		{"", "en;q=0", "sv"},
		{"", "en;q=2, ar;q=0.5", "ar"}, // a q-value out of range is no wish
		{"", "en;q=abc", "sv"},
		{"", "*, en;q=0.5", "en"},
		{"", "fr, de;q=0.9", "sv"},
		{"", "ar;q=0.8, en;q=0.8", "ar"}, // a tie keeps the header's order
		{"en", "ar", "en"},
		{"xx", "ar", "ar"},
		{"", ",;, ;q=1,-x", "sv"},
	} {
		if got := Negotiate([]string{"sv", "en", "ar"}, tt.explicit, tt.header); got != tt.want {
			t.Errorf("Negotiate(%q, %q) = %q, want %q", tt.explicit, tt.header, got, tt.want)
		}
	}
}
