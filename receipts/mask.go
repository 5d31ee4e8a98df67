package receipts

import (
	"strings"
	"unicode/utf8"
)

// Mask hides a secret (a PIN, a token) for screens and log-safe copies,
// keeping only its last four characters: "1234 5678 9012" becomes
// "**********9012". A secret of four characters or fewer is hidden entirely,
// since its last four would be all of it.
func Mask(secret string) string {
	n := utf8.RuneCountInString(secret)
	if n <= 4 {
		return strings.Repeat("*", n)
	}
	r := []rune(secret)
	return strings.Repeat("*", n-4) + string(r[n-4:])
}
