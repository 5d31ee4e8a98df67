package receipts

import (
	"slices"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"  Vodacom   Airtime  ", "Vodacom Airtime"},
		{"line one\r\nline\ttwo", "line one line two"},
		{"Caf\u00e9 Cr\u00e8me Br\u00fbl\u00e9e", "Cafe Creme Brulee"},
		{"Cafe\u0301", "Cafe"}, // combining accent dropped
		{"Stra\u00dfe \u00c6sir \u0152uvre \u0141\u00f3d\u017a", "Strasse AEsir OEuvre Lodz"},
		{"\u201cquoted\u201d \u2018single\u2019 a\u2013b\u2014c wait\u2026", "\"quoted\" 'single' a-b-c wait..."},
		{"\u20ac5 \u00a33", "EUR5 GBP3"},
		{"no\u00a0break\u2009thin", "no break thin"},
		{"zero\u200bwidth\ufeff\u202eltr", "zerowidthltr"},
		{"\x1b[1;31mRED\x1b[0m text", "RED text"},
		{"\x1b]0;title\x07after", "after"},
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"\x1b(Bcharset", "charset"},
		{"\x1b@\x1bE\x01bold\x1d", "bold"}, // ESC/POS init, bold on, GS
		{"bell\x07 nul\x00 del\x7f c1\u009b", "bell nul del c1"},
		{"trailing esc\x1b", "trailing esc"},
		{"\x1b[", ""},
		{"\u0416\u0438\u0432\u043e \u4e2d\u6587 \U0001F600", "???? ?? ?"},
		{"bad \xff\xfe utf8", "bad ?? utf8"},
	} {
		got := clean(c.in)
		if got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := clean(got); again != got {
			t.Errorf("clean is not idempotent on %q: %q", got, again)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want []string
	}{
		{"", 10, nil},
		{"short", 10, []string{"short"}},
		{"exactly ten", 11, []string{"exactly ten"}},
		{"the quick brown fox jumps", 10, []string{"the quick", "brown fox", "jumps"}},
		{"a 1234567890123 b", 5, []string{"a", "12345", "67890", "123 b"}},
		{"STORE042-TILL07-K3M9QZ-10877777", 30, []string{"STORE042-TILL07-K3M9QZ-", "10877777"}},
		{"x-yyyyyyyyyyyyyy", 10, []string{"x-yyyyyyyy", "yyyyyy"}}, // hyphen too early: hard break
		{"http://example.com/a/very/long/path", 20, []string{"http://example.com/", "a/very/long/path"}},
	} {
		got := wrap(c.in, c.w)
		if !slices.Equal(got, c.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
		for _, l := range got {
			if len(l) > c.w {
				t.Errorf("wrap(%q, %d): line %q too long", c.in, c.w, l)
			}
		}
	}
}

func TestPairLayout(t *testing.T) {
	p := &page{width: 20}
	p.pair("Amount:", "R 10.00")
	p.pair("Provider reference", "FL-0099")
	p.pair("Note", "a long value that has to wrap under its label")
	p.pair("Empty", "")
	p.pair("", "no label")
	want := []string{
		"Amount       R 10.00",
		"Provider reference",
		"  FL-0099",
		"Note",
		"  a long value that",
		"  has to wrap under",
		"  its label",
		"no label",
	}
	var got []string
	for _, l := range p.lines {
		got = append(got, l.Text)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRuleNeverRepeats(t *testing.T) {
	p := &page{width: 8}
	p.rule('=')
	p.blank()
	p.rule('-')
	p.text("x")
	p.blank()
	p.blank()
	p.rule('-')
	want := []string{"========", "x", "--------"}
	var got []string
	for _, l := range p.lines {
		got = append(got, l.Text)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
