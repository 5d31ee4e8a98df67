package oneflow

import (
	"strings"

	"till/providers"
	"till/sale"
)

// country is a calling plan the till knows numbers of.
type country struct {
	iso  string // ISO 3166-1 alpha-2
	code string // calling code without "+"
	name string // for messages: "Kenyan"
	// nsn is the length of the national significant number (after the
	// trunk 0 or the calling code) and first the digits it may start with.
	nsn   int
	first string
}

// countries are where 1Flow sells. Kenya: 07XX/01XX mobile numbers (nine
// digits after the 0). Ghana: nine digits after the 0, mobiles starting 2
// or 5 (024, 054, 020, 050, ...).
var countries = []country{
	{iso: "KE", code: "254", name: "Kenyan", nsn: 9, first: "17"},
	{iso: "GH", code: "233", name: "Ghanaian", nsn: 9, first: "25"},
}

// NormalizePhone accepts a Kenyan or Ghanaian mobile number in the forms
// cashiers type and returns it in E.164, as 1Flow expects ("+254712345678"):
//
//   - international: +254712345678, 00254712345678, 254712345678
//   - local, read in defaultCountry ("KE" or "GH", any case):
//     0712345678 (KE) or 0241234567 (GH), or without the trunk 0
//
// Spaces, dashes, dots and brackets are ignored. Anything else — letters,
// a misplaced "+", a wrong length, another country, a local number with no
// default country — is refused with a message for the cashier (a
// *sale.Error with sale.CodeInvalid).
func NormalizePhone(s, defaultCountry string) (string, error) {
	raw := strings.TrimSpace(s)
	shown := providers.CleanMax(raw, 24)
	bad := func(format string, args ...any) (string, error) {
		return "", sale.Errorf(sale.CodeInvalid, format, args...)
	}
	if raw == "" {
		return bad("type the customer's phone number")
	}
	var b strings.Builder
	plus := false
	for i, r := range raw {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		case r == '+' && i == 0:
			plus = true
		default:
			return bad("phone number %q may hold only digits (and a leading +)", shown)
		}
		if b.Len() > 20 {
			return bad("phone number %q is too long", shown)
		}
	}
	d := b.String()
	intl := plus
	if !plus && strings.HasPrefix(d, "00") {
		d, intl = d[2:], true
	}
	if !intl {
		for _, c := range countries {
			// A number that starts with a calling code and has the full
			// length of an international number is international.
			if len(d) == len(c.code)+c.nsn && strings.HasPrefix(d, c.code) {
				intl = true
			}
		}
	}
	if intl {
		for _, c := range countries {
			if nsn, ok := strings.CutPrefix(d, c.code); ok {
				return finish(c, nsn, shown)
			}
		}
		return bad("%q is not a Kenyan (+254) or Ghanaian (+233) number", shown)
	}
	var home *country
	for i := range countries {
		if strings.EqualFold(countries[i].iso, strings.TrimSpace(defaultCountry)) {
			home = &countries[i]
		}
	}
	if home == nil {
		return bad("type %q with its country code, like +254712345678 or +233241234567", shown)
	}
	if strings.HasPrefix(d, "0") && len(d) == home.nsn+1 {
		d = d[1:]
	}
	return finish(*home, d, shown)
}

// finish checks the national significant number and returns E.164.
func finish(c country, nsn, shown string) (string, error) {
	if len(nsn) != c.nsn || !strings.ContainsRune(c.first, rune(nsn[0])) {
		example := "0712345678"
		if c.iso == "GH" {
			example = "0241234567"
		}
		return "", sale.Errorf(sale.CodeInvalid,
			"%q is not a %s mobile number: type 10 digits like %s, or +%s and 9 digits", shown, c.name, example, c.code)
	}
	return "+" + c.code + nsn, nil
}
