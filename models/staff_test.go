package models

import "testing"

func TestValidUserName(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"anna", true},
		{"anna.berg", true},
		{"a_b-c.9", true},
		{"ab", true},
		{"a234567890123456789012345678901234567890"[:40], true},
		{"a2345678901234567890123456789012345678901", false},
		{"a", false},
		{"", false},
		{"Anna", false},
		{"9anna", false},
		{".anna", false},
		{"anna berg", false},
		{"anna$", false},
		{"anna@polisen.se", false},
		{"åsa", false},
	} {
		if got := ValidUserName(tt.name); got != tt.want {
			t.Errorf("ValidUserName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestValidRole(t *testing.T) {
	for _, r := range Roles {
		if !ValidRole(r) {
			t.Errorf("%q is not valid", r)
		}
	}
	for _, r := range []string{"", "Admin", "root", "facilitators"} {
		if ValidRole(r) {
			t.Errorf("%q is valid", r)
		}
	}
}
