// Package fault defines the errors every capability returns: a code the
// HTTP layers map to a status or page, a message safe to show, and the
// underlying cause for the log only.
package fault

import (
	"errors"
	"fmt"
)

// Code classifies an error for callers; it decides the HTTP status.
type Code string

// The codes. Anything unclassified is Internal.
const (
	Invalid      Code = "invalid"      // the input breaks a rule
	NotFound     Code = "not_found"    // nothing with that identity (or not visible to the caller)
	Conflict     Code = "conflict"     // the state does not allow it (duplicate, wrong status)
	Unauthorized Code = "unauthorized" // no or insufficient login
	Forbidden    Code = "forbidden"    // logged in but not allowed
	Unavailable  Code = "unavailable"  // a dependency is down or overloaded; try again
	Internal     Code = "internal"     // a bug or an unexpected failure
)

// FieldError names one field of a form, file or API body and what is wrong
// with it. Key is a message catalog key; Args fill its placeholders.
type FieldError struct {
	Field string         `json:"field"`
	Key   string         `json:"key"`
	Args  map[string]any `json:"args,omitempty"`
	// Text is a plain fallback when no catalog entry exists (e.g. import rows).
	Text string `json:"text,omitempty"`
}

// Error is a classified error. Message is safe to show to the user; Cause is
// only logged.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Cause   error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap gives errors.Is/As access to the cause.
func (e *Error) Unwrap() error { return e.Cause }

// New returns an error with code and a formatted, user-safe message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap classifies cause with code and a user-safe message.
func Wrap(cause error, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Cause: cause}
}

// Fields returns an Invalid error listing field errors.
func Fields(message string, fields ...FieldError) *Error {
	return &Error{Code: Invalid, Message: message, Fields: fields}
}

// CodeOf returns the code of err, Internal for unclassified errors and ""
// for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// MessageOf returns the user-safe message of err; unclassified errors get a
// generic text so internals never leak.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Message
	}
	return "internal error"
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return CodeOf(err) == code }
