package flash

import (
	"strings"

	"till/sale"
)

// The Flash flows in the till's language ([till] language): every text
// is a catalogue key (i18n/texts/flash.toml, fla.*), amounts are written by
// Env.Money, and labels kept in English where the journal and the
// provider's answers hold them are written in the language where they are
// drawn (label). An English till reads exactly what it always read.

// what is what the flow sells, named in a sentence: "electricity".
func (f *Flow) what() string { return f.env.T(f.spec.what) }

// productName names the order's product: the catalogue's name, or what
// the flow sells when the order's name is the till's own English
// (specs.go: "1Voucher redemption", which the journal keeps; a cancel's
// "Cancel Cash Out PIN").
func (f *Flow) productName() string {
	switch f.Order.Kind {
	case sale.KindVoucherRedeem, sale.KindVoucherRefund, sale.KindVoucherPayout:
		return f.what()
	case sale.KindCashOutCancel: // providers/flash: "Cancel " and the PIN's product
		if p, ok := strings.CutPrefix(f.Order.ProductName, "Cancel "); ok {
			return f.env.T("fla.cancel_of", p)
		}
	}
	return f.Order.ProductName
}

// label writes a row's label in the till's language: a label of the frame
// (tui.*), else of a provider's answer (label.*, a numbered one — "Key
// change token 2" — by its words); one the catalogue lacks stays as it is.
func (f *Flow) label(l string) string {
	if t := f.env.Tr(l); t != l {
		return t
	}
	return f.env.D.Language.Label(l)
}

// rows writes the labels of key-value rows in the till's language; the
// values are left as they are (written in the language already, or a
// customer's or provider's own words).
func (f *Flow) rows(rows [][2]string) [][2]string {
	out := make([][2]string, len(rows))
	for i, r := range rows {
		out[i] = [2]string{f.label(r[0]), r[1]}
	}
	return out
}

// cardValue is the value of a lookup's line in the till's language: the
// words the Flash client writes in English (providers/flash: "none",
// "no", the vend limits) and amounts; anything else — a name, an address,
// Flash's own status — as it came.
func (f *Flow) cardValue(it sale.Item) string {
	e, v := f.env, it.Value
	if m, ok := sale.ParseFormatted(v); ok {
		return e.Money(m)
	}
	switch {
	case it.Label == "Arrears" && v == "none":
		return e.T("fla.card.none")
	case it.Label == "Free basic" && v == "no":
		return e.T("fla.no")
	case it.Label == "Free basic" && v == "yes: this meter gets free basic electricity":
		return e.T("fla.card.fbe_yes")
	}
	if it.Label == "Vend limits" {
		lim := f.limits
		switch v {
		case lim.Min.String() + " to " + lim.Max.String():
			return e.T("fla.card.range", e.Money(lim.Min), e.Money(lim.Max))
		case "from " + lim.Min.String():
			return e.T("prod.from", e.Money(lim.Min))
		case "up to " + lim.Max.String():
			return e.T("prod.up_to", e.Money(lim.Max))
		}
	}
	if amount, note, ok := strings.Cut(v, " — "); ok { // arrears: "R 12.00 — note"
		if m, ok := sale.ParseFormatted(amount); ok {
			return e.Money(m) + " — " + note
		}
	}
	return v
}
