package mpesaflow

import (
	"errors"
	"fmt"

	"till/providers"
	"till/sale"
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

// NormalizePhoneKE reads a Kenyan mobile number with the till's one parser
// (sale.ParsePhone: 0712345678, 712345678, +254 712 345 678, 254712345678,
// 0112 345 678, …) and returns it as M-Pesa writes it: 2547XXXXXXXX or
// 2541XXXXXXXX (12 digits).
func NormalizePhoneKE(s string) (string, error) {
	p, err := sale.ParsePhone(s, "KE")
	if err != nil {
		return "", fmt.Errorf("%w: %s", ErrPhone, sale.ErrorMessage(err))
	}
	return p.Digits(), nil
}
