package providers

import (
	"fmt"
	"io"
	"log/slog"
)

// Redacted is what a Secret prints as, whatever the verb or logger.
const Redacted = "[REDACTED]"

// Secret holds an API key, access token, client secret, voucher PIN or card
// token. Printing it with fmt (any verb), logging it with slog (text or JSON)
// or marshalling it to JSON or text shows only "[REDACTED]", so a config or
// request struct can be logged without leaking. Reveal returns the value for
// the one place that must send it.
type Secret string

// Reveal returns the secret itself. Call it only where the value is put on
// the wire.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether no secret is set.
func (s Secret) IsZero() bool { return s == "" }

// String implements fmt.Stringer.
func (s Secret) String() string { return Redacted }

// GoString implements fmt.GoStringer (%#v).
func (s Secret) GoString() string { return Redacted }

// Format implements fmt.Formatter so that every verb (%s %q %v %x %d ...)
// prints the redaction.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, Redacted) }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalText implements encoding.TextMarshaler (and so JSON map keys).
func (s Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// MarshalJSON implements json.Marshaler, so slog's JSON handler and any
// debug dump of a struct holding a Secret stay redacted.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// UnmarshalText implements encoding.TextUnmarshaler so a Secret can be read
// from a config file.
func (s *Secret) UnmarshalText(b []byte) error { *s = Secret(b); return nil }
