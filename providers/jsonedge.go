package providers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"till/sale"
)

// ErrNumber is wrapped by every error converting a provider's JSON number.
var ErrNumber = errors.New("invalid number")

// maxMinor bounds converted amounts (as sale does), so a day's sum cannot
// overflow.
const maxMinor = int64(1) << 50

// DecodeJSON decodes one JSON value from body into v with numbers kept as
// json.Number (never float64) and refuses trailing data. Unknown fields are
// ignored: providers add fields.
func DecodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// Int64 converts a JSON integer exactly. A fraction of zeros ("1000.00") is
// accepted; any other fraction, an exponent, or a value beyond ±2^50 is
// refused.
func Int64(n json.Number) (int64, error) { return scaled(string(n), 0) }

// MoneyFromMinor converts a JSON integer count of minor units (Flash sends
// cents: 1000 = R 10.00) to Money.
func MoneyFromMinor(n json.Number, c sale.Currency) (sale.Money, error) {
	if !c.Valid() {
		return sale.Money{}, fmt.Errorf("%w: unknown currency %q", ErrNumber, string(c))
	}
	v, err := Int64(n)
	if err != nil {
		return sale.Money{}, err
	}
	return sale.New(v, c), nil
}

// MoneyFromMajor converts a JSON decimal number in major units (1Flow sends
// 100.5 = KES 100.50) to Money exactly. More significant decimals than the
// currency has ("100.505" for KES) are refused; extra trailing zeros
// ("100.500") are exact and accepted. Exponents are refused.
func MoneyFromMajor(n json.Number, c sale.Currency) (sale.Money, error) {
	d, ok := c.Decimals()
	if !ok {
		return sale.Money{}, fmt.Errorf("%w: unknown currency %q", ErrNumber, string(c))
	}
	v, err := scaled(string(n), d)
	if err != nil {
		return sale.Money{}, err
	}
	return sale.New(v, c), nil
}

// MajorNumber formats m in major units as a JSON number ("100.50", "50000")
// for providers whose amounts are decimals.
func MajorNumber(m sale.Money) json.Number { return json.Number(m.Plain()) }

// scaled parses a JSON number literal and returns it times 10^d, exactly.
func scaled(s string, d int) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrNumber)
	}
	if strings.ContainsAny(s, "eE") {
		return 0, fmt.Errorf("%w: %q has an exponent", ErrNumber, clip(s))
	}
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	whole, frac, hasPoint := strings.Cut(body, ".")
	if !digits(whole) || (hasPoint && !digits(frac)) || (len(whole) > 1 && whole[0] == '0') {
		return 0, fmt.Errorf("%w: %q is not a JSON number", ErrNumber, clip(s))
	}
	if t := strings.TrimRight(frac, "0"); len(t) > d {
		return 0, fmt.Errorf("%w: %q has more than %d decimals", ErrNumber, clip(s), d)
	} else {
		frac = t
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 16 {
		return 0, fmt.Errorf("%w: %q is too large", ErrNumber, clip(s))
	}
	var v int64
	if whole != "" {
		w, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %q is too large", ErrNumber, clip(s))
		}
		v = w
	}
	for i := 0; i < d; i++ {
		if v > maxMinor {
			return 0, fmt.Errorf("%w: %q is too large", ErrNumber, clip(s))
		}
		v *= 10
		if i < len(frac) {
			v += int64(frac[i] - '0')
		}
	}
	if v > maxMinor {
		return 0, fmt.Errorf("%w: %q is too large", ErrNumber, clip(s))
	}
	if neg {
		v = -v
	}
	return v, nil
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip keeps error messages short and clean whatever a provider sent.
func clip(s string) string { return CleanMax(s, 32) }

// FlexString is a JSON field that providers send sometimes as a string and
// sometimes as a number (Flash's transactionId, productCode, status). A
// number keeps its literal text exactly; null leaves it empty. Use a
// *FlexString to tell a missing field from an empty one.
type FlexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return errors.New("empty JSON value")
	case bytes.Equal(b, []byte("null")):
		*f = ""
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = FlexString(s)
		return nil
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		if !json.Valid(b) {
			return fmt.Errorf("%w: %q", ErrNumber, clip(string(b)))
		}
		*f = FlexString(b)
		return nil
	}
	return fmt.Errorf("expected a string or a number, got %q", clip(string(b)))
}

// String returns the text.
func (f FlexString) String() string { return string(f) }
