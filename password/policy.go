package password

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Bounds on a password a person chooses. The lower bound is NIST SP
// 800-63B's for a password that is the only factor, rounded up; the upper
// one only keeps a request from making the hash chew on megabytes.
const (
	MinLength = 12   // characters
	MaxLength = 1024 // bytes
)

// Reasons Check refuses a new password; the HTTP layer words them.
var (
	ErrTooShort     = errors.New("password: too short")
	ErrTooLong      = errors.New("password: too long")
	ErrContainsName = errors.New("password: contains the user name")
	ErrNotText      = errors.New("password: not valid text")
)

// Check applies the rules a chosen password must meet that need no hash:
// at least MinLength characters, at most MaxLength bytes, valid UTF-8 and
// not containing the account's name in any case. That it differs from the
// old password is for the caller to check against the stored hash.
func Check(pw, userName string) error {
	switch {
	case !utf8.ValidString(pw) || strings.ContainsRune(pw, 0):
		return ErrNotText
	case len(pw) > MaxLength:
		return ErrTooLong
	case utf8.RuneCountInString(pw) < MinLength:
		return ErrTooShort
	case userName != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(userName)):
		return ErrContainsName
	}
	return nil
}
