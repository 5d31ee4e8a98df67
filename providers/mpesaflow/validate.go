package mpesaflow

import (
	"errors"
	"fmt"
	"strings"

	"till/providers"
)

// ReceiptCodeLen is the length of an M-Pesa receipt code.
const ReceiptCodeLen = 10

// ErrReceipt is wrapped by every receipt code error.
var ErrReceipt = errors.New("invalid M-Pesa receipt code")

// ErrPhone is wrapped by every phone number error.
var ErrPhone = errors.New("invalid Kenyan phone number")

// ValidReceiptCode checks an M-Pesa receipt code as printed in the SMS: 10
// upper-case letters and digits, starting with a letter ("QKJ4ABCD12").
// Callers may upper-case what the cashier typed first; this does not.
func ValidReceiptCode(s string) error {
	if s == "" {
		return fmt.Errorf("%w: it is empty; type the 10-character code from the M-Pesa SMS", ErrReceipt)
	}
	if len(s) != ReceiptCodeLen {
		return fmt.Errorf("%w: %q must be exactly %d letters and digits, like QKJ4ABCD12", ErrReceipt, providers.CleanMax(s, 20), ReceiptCodeLen)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		case c >= 'a' && c <= 'z':
			return fmt.Errorf("%w: %q must be in capital letters", ErrReceipt, providers.CleanMax(s, 20))
		default:
			return fmt.Errorf("%w: %q must be letters and digits starting with a letter, like QKJ4ABCD12", ErrReceipt, providers.CleanMax(s, 20))
		}
	}
	return nil
}

// NormalizePhoneKE returns a Kenyan mobile number as 2547XXXXXXXX or
// 2541XXXXXXXX (12 digits, as M-Pesa writes it). It accepts the usual ways
// of writing one — 0712345678, 712345678, +254 712 345 678, 254712345678,
// 0112 345 678 — with spaces, dashes, dots or brackets between digits.
func NormalizePhoneKE(s string) (string, error) {
	var b strings.Builder
	t := strings.TrimSpace(s)
	plus := strings.HasPrefix(t, "+")
	t = strings.TrimPrefix(t, "+")
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return "", fmt.Errorf("%w: %q may hold only digits, spaces and a leading +", ErrPhone, providers.CleanMax(s, 24))
		}
	}
	d := b.String()
	var national string
	switch {
	case len(d) == 12 && strings.HasPrefix(d, "254"):
		national = d[3:]
	case plus:
		return "", fmt.Errorf("%w: %q: an international number must start with +254", ErrPhone, providers.CleanMax(s, 24))
	case len(d) == 10 && d[0] == '0':
		national = d[1:]
	case len(d) == 9:
		national = d
	default:
		return "", fmt.Errorf("%w: %q must be a mobile number like 0712 345 678 or +254 712 345 678", ErrPhone, providers.CleanMax(s, 24))
	}
	if national[0] != '7' && national[0] != '1' {
		return "", fmt.Errorf("%w: %q is not a mobile number (07xx or 01xx)", ErrPhone, providers.CleanMax(s, 24))
	}
	return "254" + national, nil
}
