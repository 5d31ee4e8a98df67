package providers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Vodacom":                         "Vodacom",
		"  padded  ":                      "padded",
		"a\tb\r\nc":                       "a b c",
		"bell\a and nul\x00":              "bell and nul",
		"del\x7f":                         "del",
		"\x1b[31mred\x1b[0m":              "red",
		"\x1b[2J\x1b[Hclear":              "clear",
		"\x1b]0;title\x07after":           "after",
		"\x1b]8;;http://x\x1b\\link":      "link",
		"\x1bPdcs stuff\x1b\\ok":          "ok",
		"\x1b(Bcharset":                   "charset",
		"\u009b31mc1csi":                  "c1csi",
		"\u0085next line":                 "next line",
		"\u009d osc \u009cvisible":        "visible",
		"R 10\u202e00":                    "R 1000",
		"bad \xff\xfe utf8":               "bad  utf8",
		"Cell C — ünïcødé ok":             "Cell C — ünïcødé ok",
		"unterminated \x1b]52;c;c2VjcmV0": "unterminated",
		"trailing esc \x1b":               "trailing esc",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanMax(t *testing.T) {
	if got := CleanMax("abcdefghij", 6); got != "abc..." {
		t.Errorf("CleanMax = %q", got)
	}
	if got := CleanMax("ab", 6); got != "ab" {
		t.Errorf("CleanMax = %q", got)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\u009b1m", "a\x00b", "\xff", "\x1b]0;t\x07", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if !utf8.ValidString(c) {
			t.Fatalf("Clean(%q) = %q: invalid UTF-8", s, c)
		}
		for _, r := range c {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
				t.Fatalf("Clean(%q) = %q keeps control %U", s, c, r)
			}
		}
		if strings.TrimSpace(c) != c {
			t.Fatalf("Clean(%q) = %q not trimmed", s, c)
		}
		if Clean(c) != c {
			t.Fatalf("Clean not idempotent on %q: %q then %q", s, c, Clean(c))
		}
	})
}
