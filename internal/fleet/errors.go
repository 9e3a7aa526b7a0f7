package fleet

import (
	"errors"
	"fmt"
)

// Error codes of the fleet domain. The server maps each to one HTTP status
// (internal/server/errors.go); the stores return them for the conditions
// their methods' comments name.
const (
	ENOTFOUND     = "not_found"    // no such machine, report or agent
	EINVALID      = "invalid"      // a request or report the domain cannot take
	EUNAUTHORIZED = "unauthorized" // no token, an unknown one or a revoked one
	EFORBIDDEN    = "forbidden"    // a known token whose role may not do this
	ECONFLICT     = "conflict"     // a name already taken
	ETOOLARGE     = "too_large"    // a body over the size limit
	EUNAVAILABLE  = "unavailable"  // not ready (starting, draining, database down)
	EINTERNAL     = "internal"     // anything else
)

// Error is a domain error: a code, a message for the API client and, for
// an invalid report of a batch, its index and the field at fault.
type Error struct {
	Code    string
	Message string
	// Index is the report's position in the batch (0 for a single
	// report), or -1 when the error is not about one report.
	Index int
	Field string
}

func (e *Error) Error() string {
	switch {
	case e.Index >= 0 && e.Field != "":
		return fmt.Sprintf("%s: report %d: field %s: %s", e.Code, e.Index, e.Field, e.Message)
	case e.Index >= 0:
		return fmt.Sprintf("%s: report %d: %s", e.Code, e.Index, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error of code about no report in particular.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Index: -1}
}

// ReportError returns an EINVALID error about field of the report at index.
func ReportError(index int, field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Message: fmt.Sprintf(format, args...), Index: index, Field: field}
}

// ErrorCode is the code of err: its *Error's, EINTERNAL for any other
// error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage is the message of err meant for the API client: an *Error's
// message, a fixed text for any other error (whose text may name internals).
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "internal error"
}
