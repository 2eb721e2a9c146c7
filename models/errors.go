package models

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. The HTTP layer maps each to one status.
const (
	ErrInvalid      = "invalid"
	ErrNotFound     = "not_found"
	ErrConflict     = "conflict"
	ErrClosed       = "closed"
	ErrUnauthorized = "unauthorized"
	ErrForbidden    = "forbidden"
	ErrUnavailable  = "unavailable"
	ErrRateLimited  = "rate_limited"
	ErrTooLarge     = "too_large"
	ErrInternal     = "internal"
	// ErrNotPublished: a survey's figures are asked for before its first
	// publication. ErrTooSoon: a publication is asked for before the
	// interval since the last one has passed. Both are conflicts (409)
	// with codes of their own, so a client can tell them apart.
	ErrNotPublished = "not_published"
	ErrTooSoon      = "too_soon"
	// ErrFull: a survey holds as many responses as the service takes for
	// one (DIALOG_MAX_RESPONSES). Unavailable (503) with a code of its
	// own: it is not the database failing.
	ErrFull = "full"
)

// Error is an application error whose Message is safe to show to the user.
// The wrapped cause, if any, is for the log only.
type Error struct {
	Code    string
	Message string
	Cause   error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Cause }

// Errorf returns an *Error with a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for a
// nil error, and ErrInternal for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ErrInternal
}
