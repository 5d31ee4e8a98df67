package sale

import (
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	good := []struct {
		in   string
		cur  Currency
		want int64
		str  string
	}{
		{"10", ZAR, 1000, "R 10.00"},
		{"10.5", ZAR, 1050, "R 10.50"},
		{"10.50", ZAR, 1050, "R 10.50"},
		{"0.01", ZAR, 1, "R 0.01"},
		{" 7.00 ", ZAR, 700, "R 7.00"},
		{"007", ZAR, 700, "R 7.00"},
		{"100.00", KES, 10000, "KES 100.00"},
		{"50000", IDR, 50000, "Rp 50.000"},
		{"1250000", IDR, 1250000, "Rp 1.250.000"},
		{"999", IDR, 999, "Rp 999"},
	}
	for _, g := range good {
		m, err := ParseMoney(g.in, g.cur)
		if err != nil {
			t.Errorf("ParseMoney(%q, %s): %v", g.in, g.cur, err)
			continue
		}
		if m.Minor != g.want || m.Currency != g.cur || m.String() != g.str {
			t.Errorf("ParseMoney(%q, %s) = %d %s %q, want %d %q", g.in, g.cur, m.Minor, m.Currency, m.String(), g.want, g.str)
		}
	}
	bad := []struct {
		in  string
		cur Currency
	}{
		{"10.001", ZAR}, {"-5", ZAR}, {"1e3", ZAR}, {"", ZAR}, {"  ", ZAR}, {"+5", ZAR}, {"1,000", ZAR},
		{"10.", ZAR}, {".5", ZAR}, {"0", ZAR}, {"0.00", ZAR}, {"NaN", ZAR}, {"Inf", ZAR}, {"0x10", ZAR},
		{"5 000", ZAR}, {"10.5", IDR}, {"50.000", IDR}, {"99999999999999999999", ZAR}, {"10", "XYZ"}, {"１０", ZAR},
	}
	for _, b := range bad {
		if m, err := ParseMoney(b.in, b.cur); err == nil {
			t.Errorf("ParseMoney(%q, %s) = %v, want an error", b.in, b.cur, m)
		}
	}
}

func TestMoneyPlainAndAdd(t *testing.T) {
	if got := New(5, ZAR).Plain(); got != "0.05" {
		t.Fatalf("Plain = %q", got)
	}
	if got := New(-1050, ZAR).String(); got != "R -10.50" {
		t.Fatalf("negative = %q", got)
	}
	sum, err := New(1050, ZAR).Add(New(50, ZAR))
	if err != nil || sum.Minor != 1100 {
		t.Fatalf("Add = %v %v", sum, err)
	}
	if _, err := New(1, ZAR).Add(New(1, IDR)); err == nil {
		t.Fatal("added rand to rupiah")
	}
}

// FuzzParseMoney: whatever is typed, a parsed amount formats back to the
// same value, is positive, and never holds more decimals than the currency.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"10", "10.5", "10.50", "10.001", "-5", "1e3", "", "0.01", "99999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range []Currency{ZAR, IDR} {
			m, err := ParseMoney(s, c)
			if err != nil {
				continue
			}
			if m.Minor <= 0 {
				t.Fatalf("%q parsed to non-positive %d", s, m.Minor)
			}
			back, err := ParseMoney(m.Plain(), c)
			if err != nil || back != m {
				t.Fatalf("%q -> %q -> %v %v", s, m.Plain(), back, err)
			}
			if strings.ContainsAny(s, "eE+-,") {
				t.Fatalf("%q accepted", s)
			}
		}
	})
}

func TestReference(t *testing.T) {
	r, err := NewReference("STORE042", "TILL07", "AB12CD", 7)
	if err != nil || r != "STORE042-TILL07-AB12CD-7" {
		t.Fatalf("%q %v", r, err)
	}
	r, err = NewReference("ABCDEFGHIJ", "ABCDEFGHIJ", "ABCDEF", 99_999_999_999)
	if err != nil || len(r) > MaxReferenceLen {
		t.Fatalf("longest reference %q (%d): %v", r, len(r), err)
	}
	for _, bad := range []struct{ s, t, tag string }{{"", "T", "X"}, {"S-1", "T", "X"}, {"S", "T 1", "X"}, {"ABCDEFGHIJK", "T", "X"}} {
		if _, err := NewReference(bad.s, bad.t, bad.tag, 1); err == nil {
			t.Errorf("NewReference(%q, %q, %q) accepted", bad.s, bad.t, bad.tag)
		}
	}
	if _, err := NewReference("S", "T", "X", 0); err == nil {
		t.Error("sequence 0 accepted")
	}
	for _, bad := range []Reference{"", "a b", "a/b", "é", Reference(strings.Repeat("a", 41))} {
		if bad.Validate() == nil {
			t.Errorf("%q validated", bad)
		}
	}
	if (Reference("A-b.c=9")).Validate() != nil {
		t.Error("valid reference refused")
	}
}

func TestNormalizeMobileZA(t *testing.T) {
	for _, in := range []string{"0821234567", "+27 82 123 4567", "27821234567", "082-123-4567", "(082) 123 4567", "+27821234567"} {
		got, err := NormalizeMobileZA(in)
		if err != nil || got != "27821234567" {
			t.Errorf("NormalizeMobileZA(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "12345", "082123456", "08212345678", "+44 7700 900123", "0121234567", "27121234567", "082123456a", "0821234567\x1b[2J", "2782123456789"} {
		if got, err := NormalizeMobileZA(in); err == nil {
			t.Errorf("NormalizeMobileZA(%q) = %q, want an error", in, got)
		} else if strings.ContainsAny(err.Error(), "\x1b\x00") {
			t.Errorf("error for %q carries control characters: %q", in, err)
		}
	}
}

func FuzzNormalizeMobileZA(f *testing.F) {
	f.Add("0821234567")
	f.Add("+27 82 123 4567")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeMobileZA(s)
		if err != nil {
			return
		}
		if len(got) != 11 || !strings.HasPrefix(got, "27") || !allDigits(got) {
			t.Fatalf("%q normalised to %q", s, got)
		}
	})
}
