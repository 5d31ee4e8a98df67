package flow

import (
	"strings"

	"till/i18n"
	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// AmountRangeIn is AmountRange in the till's language, amounts grouped
// the language's way; English is AmountRange itself.
func AmountRangeIn(e *kit.Env, p sale.Product) string {
	if e.D.Language != i18n.ID {
		return AmountRange(p)
	}
	switch {
	case p.Min.Minor > 0 && p.Max.Minor > 0:
		return e.Money(p.Min) + " – " + e.Money(p.Max)
	case p.Min.Minor > 0:
		return e.T("prod.from", e.Money(p.Min))
	case p.Max.Minor > 0:
		return e.T("prod.up_to", e.Money(p.Max))
	}
	return e.T("prod.any_amount")
}

// TenderLineIn is TenderLine in the till's language; English is
// TenderLine itself.
func TenderLineIn(e *kit.Env, t sale.Tender, amount sale.Money) string {
	if e.D.Language != i18n.ID {
		return TenderLine(t, amount)
	}
	switch {
	case t.Kind == "":
		return "-"
	case t.Kind == sale.TenderCash && t.Tendered.Minor > amount.Minor && t.Tendered.Currency == amount.Currency:
		return e.T("prod.cash_change", e.Money(t.Tendered), e.Money(sale.New(t.Tendered.Minor-amount.Minor, amount.Currency)))
	case t.Kind == sale.TenderCash:
		return e.T("tender.cash")
	}
	return e.T("prod.paid_ref", TenderName(e, t.Kind), string(t.Ref))
}

// PaidNoteFor is PaidNote in the till's language.
func (r *Run) PaidNoteFor(e *kit.Env, res Result) string {
	return PaidNoteIn(e.D.Language, r.Order, res == ResDeclined || res == ResNotSent, res == ResRefused || res == ResBlocked)
}

// TenderName is a tender's name in the till's language ("Tunai", "QRIS");
// English is TenderKind.Name.
func TenderName(e *kit.Env, k sale.TenderKind) string {
	if key := "tender." + string(k); i18n.Has(key) && e.D.Language == i18n.ID {
		return e.T(key)
	}
	return k.Name()
}

// NewProgress is a spinner whose elapsed time is in the till's language
// ("1 mnt 05 dtk": Env.Elapsed).
func NewProgress(e *kit.Env) ui.Progress {
	p := ui.NewProgress(e.St)
	p.Say = e.Elapsed
	return p
}

// KindWord is a kind of sale in a sentence in the till's language ("bill",
// "tagihan"); English is the kind itself.
func KindWord(e *kit.Env, k sale.Kind) string {
	if key := "kind." + string(k); e.D.Language == i18n.ID && i18n.Has(key) {
		return strings.ToLower(e.T(key))
	}
	return string(k)
}
