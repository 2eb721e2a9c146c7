package password

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		name, pw, user string
		want           error
	}{
		{"long enough", "tolv tecken!", "anna", nil},
		{"passphrase", "korrekt häst batteri häftklammer", "anna.berg", nil},
		{"generated one-time password", Generate(), "anna", nil},
		{"eleven characters", "elva tecken", "anna", ErrTooShort},
		{"twelve letters counted as characters, not bytes", "åäöåäöåäöåäö", "anna", nil},
		{"eleven letters of two bytes each", "åäöåäöåäöåä", "anna", ErrTooShort},
		{"empty", "", "anna", ErrTooShort},
		{"the name", "anna.berg-2024!", "anna.berg", ErrContainsName},
		{"the name in capitals", "hemligt ANNA.BERG", "anna.berg", ErrContainsName},
		{"the name in mixed case", "xxAnNa.BeRgxx", "anna.berg", ErrContainsName},
		{"part of the name is fine", "anna och bertil gick", "anna.berg", nil},
		{"too long", strings.Repeat("x", MaxLength+1), "anna", ErrTooLong},
		{"at the limit", strings.Repeat("x", MaxLength), "anna", nil},
		{"invalid UTF-8", "tolv tecken \xff", "anna", ErrNotText},
		{"NUL", "tolv tecken \x00", "anna", ErrNotText},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(tt.pw, tt.user); !errors.Is(err, tt.want) {
				t.Fatalf("Check(%q, %q) = %v, want %v", tt.pw, tt.user, err, tt.want)
			}
		})
	}
}
