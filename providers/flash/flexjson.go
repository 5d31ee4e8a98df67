package flash

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"till/providers"
	"till/sale"
)

// oneOrMany decodes a JSON array of T, a single T (the document's own
// example of tariffBlocks is an object where an array is meant) or null.
// Being lenient here keeps an answer that carries a token from being
// thrown away over the shape of a detail.
type oneOrMany[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (o *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return fmt.Errorf("empty JSON value")
	case bytes.Equal(b, []byte("null")):
		*o = nil
		return nil
	case b[0] == '[':
		var v []T
		if err := decodeNumbers(b, &v); err != nil {
			return err
		}
		*o = v
		return nil
	}
	var one T
	if err := decodeNumbers(b, &one); err != nil {
		return err
	}
	*o = oneOrMany[T]{one}
	return nil
}

// decodeNumbers decodes b into v keeping numbers exact.
func decodeNumbers(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

// flexBool is a JSON boolean that some systems send as a string or 0/1.
type flexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch strings.ToLower(strings.Trim(string(bytes.TrimSpace(b)), `"`)) {
	case "true", "1", "yes":
		*f = true
	case "false", "0", "no", "null", "":
		*f = false
	default:
		return fmt.Errorf("expected a boolean, got %q", providers.CleanMax(string(b), 20))
	}
	return nil
}

// cents reads an informational amount in cents (a JSON number or a string
// of one); ok is false when it is missing or unreadable.
func cents(f providers.FlexString) (sale.Money, bool) {
	s := strings.TrimSpace(string(f))
	if s == "" {
		return sale.Money{}, false
	}
	n, err := providers.Int64(json.Number(s))
	if err != nil {
		return sale.Money{}, false
	}
	return sale.New(n, sale.ZAR), true
}

// decimal reads a quantity such as units (45.6) or a cost per unit
// (245.67) as the text Flash sent, if it is a plain decimal number.
func decimal(f providers.FlexString) (string, bool) {
	s := strings.TrimSpace(string(f))
	if s == "" || len(s) > 16 {
		return "", false
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || (hasPoint && (frac == "" || strings.Trim(frac, "0123456789") != "")) {
		return "", false
	}
	return s, true
}

// isZero reports whether a decimal quantity is zero ("0", "0.0").
func isZero(s string) bool { return strings.Trim(s, "0.") == "" }
