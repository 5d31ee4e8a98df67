package providers

import (
	"strings"
	"unicode/utf8"
)

// Clean makes a string from a provider or a customer safe to show on a
// terminal, a receipt or in a log: it removes ANSI/VT escape sequences (CSI,
// OSC, DCS, SOS, PM, APC and two-byte escapes, 7-bit and 8-bit forms),
// C0 controls, DEL, C1 controls, Unicode bidirectional overrides and invalid
// UTF-8. Tab, CR and LF become a single space; the result is trimmed.
func Clean(s string) string {
	if isPlain(s) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // the last byte written is a space produced from a control
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			i++
			continue
		case r == 0x1b: // ESC
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // OSC DCS SOS PM APC
			i = skipString(s, i+size)
			continue
		case r == '\t' || r == '\n' || r == '\r':
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				space = true
			}
			i += size
			continue
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r):
			i += size
			continue
		}
		b.WriteString(s[i : i+size])
		space = false
		i += size
	}
	return strings.TrimSpace(b.String())
}

// CleanMax is Clean, cut to at most n runes (with "..." when cut).
func CleanMax(s string, n int) string {
	c := Clean(s)
	if n <= 0 || utf8.RuneCountInString(c) <= n {
		return c
	}
	if n <= 3 {
		return string([]rune(c)[:n])
	}
	return strings.TrimSpace(string([]rune(c)[:n-3])) + "..."
}

// isPlain reports whether s is printable ASCII only, the common case.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// skipEscape skips what follows an ESC at s[i:] and returns the index after it.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// nF escapes: intermediates 0x20-0x2F, then one final byte 0x30-0x7E.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips CSI parameters (0x30-0x3F), intermediates (0x20-0x2F) and
// the final byte (0x40-0x7E). Anything else ends the sequence unconsumed.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips a control string up to and including its terminator: BEL,
// ESC \ or the 8-bit ST. An unterminated string swallows the rest of s.
func skipString(s string, i int) int {
	for i < len(s) {
		if s[i] == 0x07 {
			return i + 1
		}
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
			return i + 2
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x9c {
			return i + size
		}
		i += size
	}
	return i
}
