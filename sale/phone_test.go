package sale

import (
	"strings"
	"testing"
)

// TestParsePhone reads South African, Kenyan and Indonesian numbers in
// every form people type them, and refuses signs, letters, wrong lengths
// and other countries with a message that says why.
func TestParsePhone(t *testing.T) {
	ok := []struct {
		in        string
		countries []string
		e164      string
		digits    string
		national  string
	}{
		// South Africa (Flash airtime: 27…)
		{"0821234567", []string{"ZA"}, "+27821234567", "27821234567", "0821234567"},
		{"27821234567", []string{"ZA"}, "+27821234567", "27821234567", "0821234567"},
		{"+27 82 123 4567", []string{"ZA"}, "+27821234567", "27821234567", "0821234567"},
		{"082-123-4567", []string{"ZA"}, "+27821234567", "27821234567", "0821234567"},
		{"(082) 123 4567", []string{"ZA"}, "+27821234567", "27821234567", "0821234567"},
		{"0027821234567", []string{"ZA"}, "+27821234567", "27821234567", "0821234567"},
		{"821234567", []string{"ZA"}, "+27821234567", "27821234567", "0821234567"},
		{" 0721234567 ", []string{"ZA"}, "+27721234567", "27721234567", "0721234567"},
		// Kenya (M-Pesa: 254…, 1Flow: +254…)
		{"0712345678", []string{"KE"}, "+254712345678", "254712345678", "0712345678"},
		{"254712345678", []string{"KE"}, "+254712345678", "254712345678", "0712345678"},
		{"+254 712 345 678", []string{"KE"}, "+254712345678", "254712345678", "0712345678"},
		{"0112 345 678", []string{"KE"}, "+254112345678", "254112345678", "0112345678"},
		{"712345678", []string{"KE"}, "+254712345678", "254712345678", "0712345678"},
		// Ghana, international, with Kenya at home (1Flow sells in both)
		{"+233 24 123 4567", []string{"KE", "GH"}, "+233241234567", "233241234567", "0241234567"},
		{"233241234567", []string{"KE", "GH"}, "+233241234567", "233241234567", "0241234567"},
		{"0241234567", []string{"GH", "KE"}, "+233241234567", "233241234567", "0241234567"},
		// Indonesia (Flowix: 08…), 10 to 13 digits with the 0
		{"081234567890", []string{"ID"}, "+6281234567890", "6281234567890", "081234567890"},
		{"6281234567890", []string{"ID"}, "+6281234567890", "6281234567890", "081234567890"},
		{"+62 812-3456-7890", []string{"ID"}, "+6281234567890", "6281234567890", "081234567890"},
		{"0812 3456 789", []string{"ID"}, "+628123456789", "628123456789", "08123456789"},
		{"0812-3456-78901", []string{"ID"}, "+62812345678901", "62812345678901", "0812345678901"},
	}
	for _, c := range ok {
		p, err := ParsePhone(c.in, c.countries...)
		if err != nil {
			t.Errorf("ParsePhone(%q, %v): %v", c.in, c.countries, err)
			continue
		}
		if p.E164() != c.e164 || p.Digits() != c.digits || p.National() != c.national {
			t.Errorf("ParsePhone(%q, %v) = %s / %s / %s, want %s / %s / %s", c.in, c.countries,
				p.E164(), p.Digits(), p.National(), c.e164, c.digits, c.national)
		}
	}
	bad := []struct {
		in        string
		countries []string
		why       string
	}{
		{"-27821234567", []string{"ZA"}, "sign"},
		{"- 0821234567", []string{"ZA"}, "sign"},
		{"+-27821234567", []string{"ZA"}, "sign"},
		{"27+821234567", []string{"ZA"}, "sign"},
		{"−0821234567", []string{"ZA"}, "sign"}, // U+2212 minus
		{"082123456x", []string{"ZA"}, "only digits"},
		{"O821234567", []string{"ZA"}, "only digits"},
		{"082 123 4567 ext 2", []string{"ZA"}, "only digits"},
		{"082123456", []string{"ZA"}, "wrong length"},
		{"08212345678", []string{"ZA"}, "wrong length"},
		{"278212345678", []string{"ZA"}, "wrong length"},
		{"+2782123456", []string{"ZA"}, "wrong length"},
		{"0121234567", []string{"ZA"}, "they start 06, 07 or 08"},
		{"+254712345678", []string{"ZA"}, "not a South African"},
		{"", []string{"ZA"}, "type the customer's mobile number"},
		{"--", []string{"ZA"}, "sign"},
		{"0821234567-", []string{"ZA"}, "ends in"},
		{"07123456789", []string{"KE"}, "wrong length"},
		{"0212345678", []string{"KE"}, "they start 01 or 07"},
		{"-254712345678", []string{"KE"}, "sign"},
		{"0712345678", []string{"", "KE", "GH"}, "with its country code"},
		{"08123456", []string{"ID"}, "wrong length"},
		{"0812345678901234", []string{"ID"}, "wrong length"},
		{"+62 812 3456 7890 12", []string{"ID"}, "wrong length"},
		{"0212345678", []string{"ID"}, "they start 08"},
		{"-6281234567890", []string{"ID"}, "sign"},
		{"62abc", []string{"ID"}, "only digits"},
		{"012345678901234567890", []string{"ID"}, "too long"},
	}
	for _, c := range bad {
		p, err := ParsePhone(c.in, c.countries...)
		if err == nil {
			t.Errorf("ParsePhone(%q, %v) = %s, want refused (%s)", c.in, c.countries, p.E164(), c.why)
			continue
		}
		if ErrorCode(err) != CodeInvalid || !strings.Contains(ErrorMessage(err), c.why) {
			t.Errorf("ParsePhone(%q, %v): %v (code %s), want a message with %q", c.in, c.countries, err, ErrorCode(err), c.why)
		}
	}
}

func TestPhoneNetwork(t *testing.T) {
	for in, want := range map[string]string{"0821234567": "Vodacom", "0831234567": "MTN", "0841234567": "Cell C", "0671234567": "Telkom", "0801234567": ""} {
		p, err := ParsePhone(in, "ZA")
		if err != nil || p.Network() != want {
			t.Errorf("%s: network %q (%v), want %q", in, p.Network(), err, want)
		}
	}
	if n := (Phone{Country: "KE", NSN: "712345678"}).Network(); n != "" {
		t.Errorf("a Kenyan number has no South African network, got %q", n)
	}
}

// FuzzParsePhone: whatever is typed, ParsePhone never panics; a number it
// accepts is digits only, of its country's length, and reads back the same
// in each of its forms.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"0821234567", "+27 82 123 4567", "-27821234567", "254712345678", "+62 812-3456-7890", "00", "+", "(", "0)-"} {
		f.Add(s, "ZA")
		f.Add(s, "ID")
		f.Add(s, "KE")
	}
	f.Fuzz(func(t *testing.T, s, home string) {
		p, err := ParsePhone(s, home, "KE", "GH")
		if err != nil {
			if ErrorCode(err) != CodeInvalid {
				t.Fatalf("%q: error %v is not CodeInvalid", s, err)
			}
			return
		}
		c := p.country()
		if c.ISO == "" || len(p.NSN) < c.MinNSN || len(p.NSN) > c.MaxNSN || strings.Trim(p.NSN, "0123456789") != "" {
			t.Fatalf("%q: accepted as %+v", s, p)
		}
		for _, form := range []string{p.E164(), p.Digits()} {
			q, err := ParsePhone(form, p.Country)
			if err != nil || q != p {
				t.Fatalf("%q: %s reads back as %+v, %v", s, form, q, err)
			}
		}
	})
}
