package sale

import "testing"

// TestMoneyFormat is the table of how the till writes money for people, per
// currency and language (the conventions are documented on moneyStyle).
func TestMoneyFormat(t *testing.T) {
	for _, c := range []struct {
		m      Money
		en, id string
	}{
		{New(0, ZAR), "R 0.00", "R 0,00"},
		{New(5, ZAR), "R 0.05", "R 0,05"},
		{New(1000, ZAR), "R 10.00", "R 10,00"},
		{New(99999, ZAR), "R 999.99", "R 999,99"},
		{New(100000, ZAR), "R 1 000.00", "R 1.000,00"},
		{New(123450, ZAR), "R 1 234.50", "R 1.234,50"},
		{New(123456789, ZAR), "R 1 234 567.89", "R 1.234.567,89"},
		{New(-123450, ZAR), "R -1 234.50", "R -1.234,50"},
		{New(123450, KES), "KES 1,234.50", "KES 1.234,50"},
		{New(123456789, KES), "KES 1,234,567.89", "KES 1.234.567,89"},
		{New(100, KES), "KES 1.00", "KES 1,00"},
		{New(123450, GHS), "GHS 1,234.50", "GHS 1.234,50"},
		{New(1000000000, NGN), "NGN 10,000,000.00", "NGN 10.000.000,00"},
		{New(1234567, IDR), "Rp 1.234.567", "Rp 1.234.567"},
		{New(999, IDR), "Rp 999", "Rp 999"},
		{New(1000, IDR), "Rp 1.000", "Rp 1.000"},
		{New(-50000, IDR), "Rp -50.000", "Rp -50.000"},
		{New(maxMinor, IDR), "Rp 1.125.899.906.842.624", "Rp 1.125.899.906.842.624"},
		{New(123456, "USD"), "USD 123,456", "USD 123.456"}, // unknown decimals: minor units
		{New(1234567, ""), "1,234,567", "1.234.567"},
	} {
		if got := c.m.Format("en"); got != c.en {
			t.Errorf("%d %s in en = %q, want %q", c.m.Minor, c.m.Currency, got, c.en)
		}
		if got := c.m.String(); got != c.en {
			t.Errorf("%d %s String() = %q, want the English %q", c.m.Minor, c.m.Currency, got, c.en)
		}
		if got := c.m.Format("id"); got != c.id {
			t.Errorf("%d %s in id = %q, want %q", c.m.Minor, c.m.Currency, got, c.id)
		}
		// Any other language is English; the machine form stays ungrouped.
		if got := c.m.Format("fr"); got != c.en {
			t.Errorf("%d %s in fr = %q, want the English %q", c.m.Minor, c.m.Currency, got, c.en)
		}
		for _, r := range c.m.Plain() {
			if r != '-' && r != '.' && (r < '0' || r > '9') {
				t.Errorf("Plain %q is not a plain number", c.m.Plain())
			}
		}
	}
}

// A formatted amount never reads as another: removing the grouping gives
// back Plain, for every currency and language.
func FuzzMoneyFormat(f *testing.F) {
	f.Add(int64(123450), "ZAR", "en")
	f.Add(int64(-1), "IDR", "id")
	f.Fuzz(func(t *testing.T, minor int64, cur, lang string) {
		if minor > maxMinor || minor < -maxMinor {
			return
		}
		c := Currency(cur)
		if !c.Valid() {
			return
		}
		m := New(minor, c)
		st := moneyStyles[c]
		if lang == "id" {
			st.group, st.point = ".", ","
		}
		s := m.Format(lang)
		if len(s) < len(st.symbol) || s[:len(st.symbol)] != st.symbol {
			t.Fatalf("%q lacks its symbol %q", s, st.symbol)
		}
		num := s[len(st.symbol):]
		var plain []byte
		for i := 0; i < len(num); i++ {
			switch string(num[i]) {
			case st.group:
				continue
			case st.point:
				plain = append(plain, '.')
				continue
			}
			plain = append(plain, num[i])
		}
		if string(plain) != m.Plain() {
			t.Fatalf("%q ungrouped is %q, want %q", s, plain, m.Plain())
		}
	})
}

// ParseFormatted reads back exactly what String wrote, and nothing else.
func TestParseFormatted(t *testing.T) {
	for _, m := range []Money{New(1000, ZAR), New(123456789, ZAR), New(-123450, ZAR), New(10050, KES),
		New(123450, GHS), New(1234567, IDR), New(700, IDR), New(100000000, NGN)} {
		got, ok := ParseFormatted(m.String())
		if !ok || got != m {
			t.Errorf("ParseFormatted(%q) = %v %v, want %v", m.String(), got, ok, m)
		}
	}
	for _, s := range []string{"", "R ", "R 10", "R 10.0", "R 1234.50", "R 1,234.50", "KES 1 234.50", "Rp 1234",
		"Rp 1.234,00", "10.00", "R10.00", "R 10.00 each", "R 0.00", "USD 1.00", "KES 1,23.00"} {
		if m, ok := ParseFormatted(s); ok {
			t.Errorf("ParseFormatted(%q) = %v, want not an amount", s, m)
		}
	}
}
