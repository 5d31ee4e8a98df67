package ui

import "testing"

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Vodacom Airtime":                "Vodacom Airtime",
		"red\x1b[31mtext\x1b[0m":         "redtext",
		"title\x1b]0;pwned\x07 after":    "title after",
		"clear\x1b[2J\x1b[Hscreen":       "clearscreen",
		"bell\x07 and null\x00":          "bell and null",
		"two\r\nlines\nhere\ttab":        "two lines here tab",
		"c1\u0085\u009bcontrol":          "c1control",
		"bidi \u202eevil\u202c text":     "bidi evil text",
		"iso\u2066late\u2069 zw\u200bsp": "isolate zwsp",
		"bad utf8 \xff\xfe":              "bad utf8 \uFFFD",
		"R 10.00 – café ✓":               "R 10.00 – café ✓",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanLines("a\x1b[1m\nb\x07"); got != "a\nb" {
		t.Errorf("CleanLines = %q", got)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred", "\x1b]8;;http://x\x07link", "\u202e\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("Clean(%q) = %q keeps %U", s, out, r)
			}
		}
	})
}
