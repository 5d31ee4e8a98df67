package providers

import (
	"fmt"
	"strings"

	"till/sale"
)

// FailKind says how a call failed.
type FailKind string

// Kinds of transport failure.
const (
	FailRequest  FailKind = "request"   // the request could not be built; nothing sent
	FailDial     FailKind = "dial"      // DNS, connect or TLS failed; nothing sent
	FailTimeout  FailKind = "timeout"   // the call's time ran out
	FailCanceled FailKind = "canceled"  // the caller gave up
	FailBroken   FailKind = "broken"    // the connection broke (reset, EOF)
	FailRedirect FailKind = "redirect"  // a 3xx answer, never followed
	FailOversize FailKind = "malformed" // the answer was larger than the limit
)

// TransportError is a call that produced no complete answer. Sent says
// whether any byte of the request may have reached the provider: false
// means the money cannot have moved (ResultNotSent); true means it may have
// (ResultInDoubt). Its message never holds a URL query, header or body.
type TransportError struct {
	Kind   FailKind
	Sent   bool
	Status int // the HTTP status when one was read (redirect, oversize)
	Err    error
}

// Error says what failed and whether the request may have been received.
func (e *TransportError) Error() string {
	state := "nothing was sent"
	if e.Sent {
		state = "the request may have been received"
	}
	if e.Status != 0 {
		return fmt.Sprintf("%s (HTTP %d, %s): %v", e.Kind, e.Status, state, e.Err)
	}
	return fmt.Sprintf("%s (%s): %v", e.Kind, state, e.Err)
}

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// Result is ResultNotSent when nothing was sent, else ResultInDoubt.
func (e *TransportError) Result() sale.Result {
	if e.Sent {
		return sale.ResultInDoubt
	}
	return sale.ResultNotSent
}

// TokenError is a failure to obtain an access token. The money request it
// was for was not sent (or, after a 401, was refused unapplied), so it is
// ResultNotSent. Its message never holds the key, the token or a body.
type TokenError struct {
	// Status is the token endpoint's HTTP status, if it answered.
	Status int
	// Reason is a short safe description.
	Reason string
	// Err is the transport failure, if any.
	Err error
}

// Error describes the failure without the credential.
func (e *TokenError) Error() string {
	msg := "could not get an access token: " + e.Reason
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *TokenError) Unwrap() error { return e.Err }

// ConfigError is a provider setting that was refused. Key is the config
// key as written in till.toml ("base_url"), so the message points at it.
type ConfigError struct {
	Provider string
	Key      string
	Reason   string
	Err      error
}

// Error names the provider table and key.
func (e *ConfigError) Error() string {
	msg := fmt.Sprintf("[%s] %s: %s", e.Provider, e.Key, e.Reason)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *ConfigError) Unwrap() error { return e.Err }

// CheckConfigURL checks a provider's base_url (CheckBaseURL) and names the
// table and key when it is refused.
func CheckConfigURL(provider, raw string) error {
	if err := CheckBaseURL(raw); err != nil {
		return &ConfigError{Provider: provider, Key: "base_url", Reason: "refused", Err: err}
	}
	return nil
}

// ConfigErrorFor makes provider's *ConfigError naming key, for the checks
// of a client's New.
func ConfigErrorFor(provider string) func(key, reason string, err error) error {
	return func(key, reason string, err error) error {
		return &ConfigError{Provider: provider, Key: key, Reason: reason, Err: err}
	}
}

// CheckConfigSecret checks a provider credential: present (from the config
// or the environment variable env) and without a line break, which would
// split the header that carries it.
func CheckConfigSecret(provider, key string, s Secret, env string) error {
	if s.IsZero() {
		return &ConfigError{Provider: provider, Key: key, Reason: "is missing (set it in the config or " + env + ")"}
	}
	if strings.ContainsAny(s.Reveal(), "\r\n") {
		return &ConfigError{Provider: provider, Key: key, Reason: "contains a line break"}
	}
	return nil
}
