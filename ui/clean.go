package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Clean makes a string from outside the till — a provider's message, a
// product name, a receipt item, a note, a customer's input — safe to draw:
// escape sequences are removed whole, tabs and line breaks become spaces,
// other control characters (C0, DEL, C1), bidirectional overrides and
// zero-width marks are dropped, and invalid UTF-8 becomes U+FFFD. The result
// is one line that cannot move the cursor, change colours or reorder text.
func Clean(s string) string {
	if s == "" {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsRune(s, 0x1b) || strings.ContainsRune(s, 0x9b) {
		s = ansi.Strip(s)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		case r >= 0x200b && r <= 0x200f: // zero-width and direction marks
		case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		case r >= 0x2066 && r <= 0x2069: // bidi isolates
		case r == 0xfeff || r == 0x061c || r == 0x00ad:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CleanLines is Clean for text of several lines: each line is cleaned and
// the line breaks kept.
func CleanLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
	}
	return strings.Join(lines, "\n")
}
