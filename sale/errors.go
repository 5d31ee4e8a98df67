package sale

import (
	"errors"
	"fmt"
)

// Error codes, in the benbjohnson/wtf style: Code is for programs (exit
// codes, screens), Message is what the cashier is shown.
const (
	CodeInvalid     = "invalid"     // bad input: nothing was journaled or sent
	CodeNotFound    = "not_found"   // no such sale, product or meter
	CodeConflict    = "conflict"    // not allowed in the current state
	CodeUnresolved  = "unresolved"  // a sale to the same target is still unresolved
	CodeUnavailable = "unavailable" // the journal or a provider cannot be reached
	CodeInternal    = "internal"
)

// Error is an error the till shows to a person.
type Error struct {
	Code    string
	Message string
	// Key names the message in the till's catalogue ("err."+Key in i18n)
	// and Args are its arguments (Money, Kind and time.Duration values are
	// shown in the till's language): a till that speaks another language
	// shows that text. Message is the English. Empty for a message that
	// has no entry.
	Key  string
	Args []any
}

func (e *Error) Error() string { return e.Message }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// errork is errorf with the message's catalogue key; args are the
// catalogue text's arguments, which may differ from the English format's
// (English spells plurals and durations that another language words
// differently).
func errork(code, key string, args []any, format string, fargs ...any) *Error {
	e := errorf(code, format, fargs...)
	e.Key, e.Args = key, args
	return e
}

// Keyed returns an *Error with its catalogue key and arguments (errork):
// the English is what format says; a till in another language shows the
// catalogue's "err."+key text with args (i18n.Lang.Error).
func Keyed(code, key string, args []any, format string, fargs ...any) error {
	return errork(code, key, args, format, fargs...)
}

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) error { return errorf(code, format, args...) }

// ErrorCode returns the code of err, or CodeInternal if it is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return CodeInternal
}

// ErrorMessage returns the message of err meant for a person.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	if err == nil {
		return ""
	}
	if _, ok := errors.AsType[*AmountError](err); ok {
		return err.Error() // bad input, as typed: "invalid amount: …"
	}
	return "internal error: " + err.Error()
}

// ErrJournal marks an error of the journal itself (it cannot be opened,
// read or written, or is damaged): exit code 4, whatever the error's Code.
// A CodeUnavailable error without it is a provider that could not be
// reached before anything was sent.
var ErrJournal = errors.New("journal unavailable")

// JournalErrorf returns an error with CodeUnavailable that also matches
// ErrJournal (errors.Is) and *Error (errors.As).
func JournalErrorf(format string, args ...any) error {
	return &journalError{errorf(CodeUnavailable, format, args...)}
}

type journalError struct{ e *Error }

func (e *journalError) Error() string   { return e.e.Message }
func (e *journalError) Unwrap() []error { return []error{e.e, ErrJournal} }
