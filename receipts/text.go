package receipts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const esc = 0x1b

// clean turns any string into what a common thermal printer prints:
// printable ASCII with single spaces, trimmed. Terminal and printer escape
// sequences and control characters are removed, other whitespace becomes a
// space, accented Latin letters and typographic punctuation are
// transliterated, invisible format characters and combining marks are
// dropped, and anything else (including invalid UTF-8) becomes '?'.
// clean(clean(s)) == clean(s).
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == esc {
			i = skipEscape(s, i)
			continue
		}
		if c < utf8.RuneSelf {
			switch {
			case c >= 0x20 && c < 0x7f:
				b.WriteByte(c)
			case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
				b.WriteByte(' ')
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError:
			b.WriteByte('?')
		case translit[r] != "":
			b.WriteString(translit[r])
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.In(r, unicode.Cc, unicode.Cf, unicode.Mn, unicode.Me):
			// C1 controls, zero-width and bidi marks, combining accents.
		default:
			b.WriteByte('?')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// skipEscape returns the index just past the escape sequence starting at
// s[i] == ESC: a CSI (ESC [ params final), a string command (OSC, DCS, SOS,
// PM, APC: up to BEL or ESC \) or a short ESC sequence (ESC intermediates
// final). A lone or broken ESC is skipped alone.
func skipEscape(s string, i int) int {
	i++
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		i++
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
			i++
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			i++
		}
		return i
	case ']', 'P', 'X', '^', '_':
		for i++; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == esc {
				if i+1 < len(s) && s[i+1] == '\\' {
					return i + 2
				}
				return i
			}
		}
		return i
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// wrap breaks clean text into lines of at most w characters at spaces. A
// word longer than a line starts a new line and is broken after its last
// '-' or '/' that fits in the second half of the line, else hard at w.
func wrap(s string, w int) []string {
	var lines []string
	cur := ""
	for _, word := range words(s) {
		for len(word) > w {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			n := breakAt(word, w)
			lines = append(lines, word[:n])
			word = word[n:]
		}
		switch {
		case cur == "":
			cur = word
		case len(cur)+1+len(word) <= w:
			cur += " " + word
		default:
			lines = append(lines, cur)
			cur = word
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// words splits clean text at spaces, except inside an amount: the space
// after a currency symbol ("R 10.00", "Rp 5.000", "KES 1,234.50") and the
// space grouping rand thousands ("R 1 234.50") never end a line, so a slip
// cannot print "R 1" on one line and "234.50" on the next.
func words(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if n := len(out); n > 0 && joinsAmount(out[n-1], f) {
			out[n-1] += " " + f
			continue
		}
		out = append(out, f)
	}
	return out
}

// joinsAmount reports whether next continues the amount prev ends with.
func joinsAmount(prev, next string) bool {
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	n := strings.TrimPrefix(next, "-")
	if n == "" || !digit(n[0]) {
		return false
	}
	switch prev {
	case "R", "Rp", "KES", "GHS", "NGN", "ZAR", "IDR":
		return true
	}
	// A rand thousands group: exactly three digits, then the end, a
	// decimal point or punctuation.
	if !digit(prev[len(prev)-1]) || len(next) < 3 || !digit(next[1]) || !digit(next[2]) {
		return false
	}
	return len(next) == 3 || !digit(next[3])
}

// breakAt returns where to break a word longer than w.
func breakAt(word string, w int) int {
	if i := strings.LastIndexAny(word[:w], "-/"); i >= w/2 {
		return i + 1
	}
	return w
}

// translit maps non-ASCII characters common in names, addresses and
// provider messages to printable ASCII.
var translit = func() map[rune]string {
	m := map[rune]string{}
	for ascii, runes := range map[string]string{
		"A": "ÀÁÂÃÄÅĀĂĄ", "a": "àáâãäåāăą", "AE": "Æ", "ae": "æ",
		"C": "ÇĆĈĊČ", "c": "çćĉċč", "D": "ĎĐÐ", "d": "ďđð",
		"E": "ÈÉÊËĒĔĖĘĚ", "e": "èéêëēĕėęě", "G": "ĜĞĠĢ", "g": "ĝğġģ",
		"H": "ĤĦ", "h": "ĥħ", "I": "ÌÍÎÏĨĪĬĮİ", "i": "ìíîïĩīĭįı",
		"J": "Ĵ", "j": "ĵ", "K": "Ķ", "k": "ķ", "L": "ĹĻĽĿŁ", "l": "ĺļľŀł",
		"N": "ÑŃŅŇ", "n": "ñńņňŉ", "O": "ÒÓÔÕÖØŌŎŐ", "o": "òóôõöøōŏő",
		"OE": "Œ", "oe": "œ", "R": "ŔŖŘ", "r": "ŕŗř", "S": "ŚŜŞŠȘ", "s": "śŝşšș",
		"ss": "ß", "T": "ŢŤŦȚ", "t": "ţťŧț", "TH": "Þ", "th": "þ",
		"U": "ÙÚÛÜŨŪŬŮŰŲ", "u": "ùúûüũūŭůűų", "W": "Ŵ", "w": "ŵ",
		"Y": "ÝŶŸ", "y": "ýÿŷ", "Z": "ŹŻŽ", "z": "źżž",
		"'": "‘’‚‛′´", "\"": "“”„‟″«»", "-": "‐‑‒–—―−", "...": "…",
		"*": "•·", "x": "×", "EUR": "€", "GBP": "£", "(c)": "©", "(R)": "®", "TM": "™",
	} {
		for _, r := range runes {
			m[r] = ascii
		}
	}
	return m
}()
