package sale

import "strings"

// NormalizeMobileZA accepts a South African mobile number in the forms
// cashiers type — 0821234567, +27 82 123 4567, 27821234567, 082-123-4567 —
// and returns it as the 11 digits Flash expects: 27XXXXXXXXX. Spaces,
// dashes, dots and brackets are ignored; anything else is refused.
func NormalizeMobileZA(s string) (string, error) {
	raw := strings.TrimSpace(s)
	var b strings.Builder
	for i, r := range raw {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			return "", errorf(CodeInvalid, "mobile number %q may hold only digits", clip(raw))
		}
	}
	d := b.String()
	switch {
	case len(d) == 10 && d[0] == '0':
		d = "27" + d[1:]
	case len(d) == 11 && strings.HasPrefix(d, "27"):
	case strings.HasPrefix(raw, "+") && !strings.HasPrefix(d, "27"):
		return "", errorf(CodeInvalid, "only South African (+27) mobile numbers can be recharged")
	default:
		return "", errorf(CodeInvalid, "%q is not a mobile number: type 10 digits like 0821234567", clip(raw))
	}
	if c := d[2]; c < '6' || c > '8' {
		return "", errorf(CodeInvalid, "%q is not a South African mobile number (they start 06, 07 or 08)", clip(raw))
	}
	return d, nil
}

// clip shortens what a person typed for an error message and drops control
// characters so it cannot corrupt the screen.
func clip(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			continue
		}
		b.WriteRune(r)
		if b.Len() >= 24 {
			b.WriteString("…")
			break
		}
	}
	return b.String()
}

// NetworkOfMobileZA guesses the South African network of a normalised
// number (27XXXXXXXXX) from its original prefix: "Vodacom", "MTN", "Cell C",
// "Telkom", or "" when the prefix is not known. Numbers can be ported, so it
// is a proposal: the cashier (or --product) can always name another.
func NetworkOfMobileZA(msisdn string) string {
	if len(msisdn) < 4 {
		return ""
	}
	switch msisdn[2:4] {
	case "82", "72", "76", "79", "60", "71":
		return "Vodacom"
	case "83", "73", "78", "63", "66", "81":
		return "MTN"
	case "84", "74", "61", "62":
		return "Cell C"
	case "67", "68", "65":
		return "Telkom"
	}
	return ""
}
