package sale

import (
	"strings"
)

// PhoneCountry is a numbering plan the till knows mobile numbers of: one row
// of the table every phone number on the till is read with.
type PhoneCountry struct {
	ISO  string // ISO 3166-1 alpha-2: "ZA"
	Code string // calling code without "+": "27"
	Name string // for messages: "South African"
	// MinNSN and MaxNSN bound the length of the national significant
	// number (the digits after the trunk 0 or the calling code); First are
	// the digits a mobile NSN may start with.
	MinNSN, MaxNSN int
	First          string
	Example        string // a local number, for messages: "0821234567"
}

// PhoneCountries is the one table of numbering plans: South Africa (Flash
// airtime: 06x, 07x, 08x and nine digits after the 0), Kenya (M-Pesa and
// 1Flow: 07xx and 01xx, nine digits after the 0), Ghana (1Flow: 02x and 05x,
// nine digits after the 0) and Indonesia (Flowix pulsa: 08xx, nine to
// twelve digits after the 0, as numbers grew from 10 to 13 digits).
var PhoneCountries = []PhoneCountry{
	{ISO: "ZA", Code: "27", Name: "South African", MinNSN: 9, MaxNSN: 9, First: "678", Example: "0821234567"},
	{ISO: "KE", Code: "254", Name: "Kenyan", MinNSN: 9, MaxNSN: 9, First: "17", Example: "0712345678"},
	{ISO: "GH", Code: "233", Name: "Ghanaian", MinNSN: 9, MaxNSN: 9, First: "25", Example: "0241234567"},
	{ISO: "ID", Code: "62", Name: "Indonesian", MinNSN: 9, MaxNSN: 12, First: "8", Example: "081234567890"},
}

// Phone is a mobile number read by ParsePhone: its country and national
// significant number. Each provider's client writes it in its own format at
// its edge: E164 (1Flow), Digits (Flash, M-Pesa) or National (Flowix).
type Phone struct {
	Country string // ISO code: "ZA"
	NSN     string // "821234567"
}

func (p Phone) country() PhoneCountry {
	for _, c := range PhoneCountries {
		if c.ISO == p.Country {
			return c
		}
	}
	return PhoneCountry{}
}

// E164 is "+27821234567".
func (p Phone) E164() string { return "+" + p.Digits() }

// Digits is the international number without the plus: "27821234567".
func (p Phone) Digits() string {
	if p.NSN == "" {
		return ""
	}
	return p.country().Code + p.NSN
}

// National is the number as dialled at home: "0821234567".
func (p Phone) National() string {
	if p.NSN == "" {
		return ""
	}
	return "0" + p.NSN
}

// Network is the South African network a number was first issued to, from
// its prefix ("" when unknown or not South African). Numbers can be ported,
// so it is a proposal the cashier can always change.
func (p Phone) Network() string {
	if p.Country != "ZA" || len(p.NSN) < 2 {
		return ""
	}
	switch p.NSN[:2] {
	case "82", "72", "76", "79", "60", "71":
		return "Vodacom"
	case "83", "73", "78", "63", "66", "81":
		return "MTN"
	case "84", "74", "61", "62":
		return "Cell C"
	case "67", "68", "65":
		return "Telkom"
	}
	return ""
}

// ParsePhone reads a mobile number in every form people type it — local
// (0821234567, 082-123-4567, (082) 123 4567), international (27821234567,
// +27 82 123 4567, 0027821234567) or without the trunk 0 (821234567) — for
// the countries named: the first is the home country local numbers are read
// in ("" for none: then the country code is needed), the rest are also
// accepted in international form. Spaces, dashes, dots and brackets between
// digits are ignored. A sign (-27…, a "+" anywhere but first), letters, a
// wrong length, another country or a number that is not a mobile one are
// refused with a message for the cashier (CodeInvalid).
func ParsePhone(typed string, countries ...string) (Phone, error) {
	raw := strings.TrimSpace(typed)
	shown := clip(raw)
	var plans []PhoneCountry
	for i, iso := range countries {
		for _, c := range PhoneCountries {
			if strings.EqualFold(c.ISO, strings.TrimSpace(iso)) && (i == 0 || c.ISO != plans[0].ISO) {
				plans = append(plans, c)
				break
			}
		}
		if i == 0 && len(plans) == 0 {
			plans = append(plans, PhoneCountry{}) // no home country
		}
	}
	if len(plans) == 0 {
		plans = append(plans, PhoneCountry{})
	}
	home := plans[0]
	if raw == "" {
		return Phone{}, errork(CodeInvalid, "phone_type", nil, "type the customer's mobile number")
	}
	var b strings.Builder
	plus := false
	for i, r := range raw {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			plus = true
		case r == '-' && b.Len() == 0, r == '+', r == '−', r == '–':
			return Phone{}, errork(CodeInvalid, "phone_sign", []any{shown}, "%q is not a phone number: it has a sign; type only digits (a leading + is allowed)", shown)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return Phone{}, errork(CodeInvalid, "phone_chars", []any{shown}, "%q is not a phone number: it may hold only digits, spaces, dashes and a leading +", shown)
		}
		if b.Len() > 16 {
			return Phone{}, errork(CodeInvalid, "phone_long", []any{shown}, "%q is too long for a phone number", shown)
		}
	}
	if last := raw[len(raw)-1]; last == '-' || last == '.' || last == '(' {
		return Phone{}, errork(CodeInvalid, "phone_ends", []any{shown, string(last)}, "%q is not a phone number: it ends in %q", shown, string(last))
	}
	d := b.String()
	if d == "" {
		return Phone{}, errork(CodeInvalid, "phone_no_digits", []any{shown}, "%q is not a phone number: it has no digits", shown)
	}
	intl := plus
	if !plus && strings.HasPrefix(d, "00") {
		d, intl = d[2:], true
	}
	if !intl && !strings.HasPrefix(d, "0") {
		// Starting with a calling code at the full international length,
		// it is international, unless it is a whole home NSN as well.
		for _, c := range plans {
			national := home.ISO != "" && fits(home, len(d)) && strings.ContainsRune(home.First, rune(d[0]))
			if c.Code != "" && strings.HasPrefix(d, c.Code) && fits(c, len(d)-len(c.Code)) && !national {
				intl = true
			}
		}
	}
	if intl {
		for _, c := range plans {
			if nsn, ok := strings.CutPrefix(d, c.Code); ok && c.Code != "" {
				return finishPhone(c, nsn, shown)
			}
		}
		return Phone{}, errork(CodeInvalid, "phone_not_plan", []any{shown, countriesOf(plans)}, "%q is not %s number", shown, withArticle(planNames(plans)))
	}
	if home.ISO == "" {
		return Phone{}, errork(CodeInvalid, "phone_code", []any{shown, countriesOf(plans)}, "type %q with its country code (%s)", shown, planNames(plans))
	}
	return finishPhone(home, strings.TrimPrefix(d, "0"), shown)
}

// withArticle is "a South African", "an Indonesian".
func withArticle(name string) string {
	if name != "" && strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

func fits(c PhoneCountry, n int) bool { return n >= c.MinNSN && n <= c.MaxNSN }

// finishPhone checks the national significant number.
func finishPhone(c PhoneCountry, nsn, shown string) (Phone, error) {
	if !fits(c, len(nsn)) {
		want, digits := "9 digits after the 0", itoa(c.MinNSN)
		if c.MinNSN != c.MaxNSN {
			want = itoa(c.MinNSN) + " to " + itoa(c.MaxNSN) + " digits after the 0"
			digits = itoa(c.MinNSN) + "-" + itoa(c.MaxNSN)
		}
		return Phone{}, errork(CodeInvalid, "phone_length", []any{shown, Country{ISO: c.ISO, Name: c.Name}, digits, c.Example, c.Code},
			"%q is not %s mobile number: it has the wrong length (%s, like %s or +%s…)",
			shown, withArticle(c.Name), want, c.Example, c.Code)
	}
	if !strings.ContainsRune(c.First, rune(nsn[0])) {
		return Phone{}, errork(CodeInvalid, "phone_start", []any{shown, Country{ISO: c.ISO, Name: c.Name}, strings.Join(startsOf(c), ", ")}, "%q is not %s mobile number (they start %s)", shown, withArticle(c.Name), starts(c))
	}
	return Phone{Country: c.ISO, NSN: nsn}, nil
}

func starts(c PhoneCountry) string {
	parts := startsOf(c)
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// startsOf is how c's mobile numbers start: "06", "07", "08".
func startsOf(c PhoneCountry) []string {
	var parts []string
	for _, r := range c.First {
		parts = append(parts, "0"+string(r))
	}
	return parts
}

// Countries are the countries a refusal names with their calling codes,
// and Country one it names, for i18n to write in the till's language (by
// ISO code; Name is the English).
type (
	Countries []PhoneCountry
	Country   struct{ ISO, Name string }
)

func countriesOf(plans []PhoneCountry) Countries {
	var out Countries
	for _, c := range plans {
		if c.ISO != "" {
			out = append(out, c)
		}
	}
	return out
}

func planNames(plans []PhoneCountry) string {
	var parts []string
	for _, c := range plans {
		if c.ISO != "" {
			parts = append(parts, c.Name+" (+"+c.Code+")")
		}
	}
	if len(parts) == 0 {
		return "supported"
	}
	return strings.Join(parts, " or ")
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

// NormalizeMobileZA reads a South African mobile number with ParsePhone and
// returns it as the journal keeps it and Flash expects it: 27XXXXXXXXX.
func NormalizeMobileZA(s string) (string, error) {
	p, err := ParsePhone(s, "ZA")
	return p.Digits(), err
}

// NetworkOfMobileZA guesses the South African network of a number
// (27XXXXXXXXX, or any form ParsePhone reads) from its original prefix:
// "Vodacom", "MTN", "Cell C", "Telkom", or "" when the prefix is not known
// (Phone.Network: the one table). Numbers can be ported, so it is a
// proposal: the cashier (or --product) can always name another.
func NetworkOfMobileZA(msisdn string) string {
	p, err := ParsePhone(msisdn, "ZA")
	if err != nil {
		return ""
	}
	return p.Network()
}

// AirtimeFor is the airtime product among products (active ones only) of
// the network msisdn's prefix belongs to (NetworkOfMobileZA), and that
// network; ok is false when the network is not known or not sold. It is a
// proposal — numbers can be ported — made the same way by the command line
// and the screens.
func AirtimeFor(products []Product, msisdn string) (p Product, network string, ok bool) {
	network = NetworkOfMobileZA(msisdn)
	if network == "" {
		return Product{}, "", false
	}
	for _, p := range products {
		if p.Active && p.Kind == KindAirtime && strings.EqualFold(p.Brand, network) {
			return p, network, true
		}
	}
	return Product{}, network, false
}

// clip shortens what a person typed for an error message and drops control
// characters so it cannot corrupt the screen.
func clip(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			continue
		}
		b.WriteRune(r)
		if b.Len() >= 24 {
			b.WriteString("…")
			break
		}
	}
	return b.String()
}
