package flow

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"till/i18n"
	"till/receipts"
	"till/sale"
	"till/screens/kit"
)

// A sale paid at the tender step: selling it, its slip and what the
// result says about its payment.

// paidNoteOf is what a result says about the non-cash payment of o: due
// back when its sale failed, waiting unused when its sale was refused
// before it was sent. Empty for cash, and when neither is so.
func paidNoteOf(o sale.Order, due, unused bool) string { return PaidNoteIn(i18n.EN, o, due, unused) }

// PaidNoteIn is paidNoteOf in language l.
func PaidNoteIn(l i18n.Lang, o sale.Order, due, unused bool) string {
	t := o.Tender
	if t.Kind == sale.TenderCash && o.CashEffect() == sale.CashIn && (due || unused) {
		// The cash was taken at the tender step: it goes back now, and the
		// drawer does not count it (the engine journals the give-back).
		return l.T("fxr.give_back", l.Money(o.Amount))
	}
	if t.Ref == "" {
		return ""
	}
	paid := l.T("fxr.paid_by", l.Money(o.Amount), l.Screen(t.Kind.Name()), string(t.Ref))
	switch {
	case due:
		return l.T("fxr.refund_due", paid)
	case unused:
		return l.T("fxr.paid_not_sold", paid)
	}
	return ""
}

// paidReceipt is the slip of a sale: its receipt, then its payment's own
// slip when it was paid by a non-cash tender (a 1Voucher change voucher is
// on it).
func paidReceipt(d kit.Deps, s, payment sale.Sale) (string, error) {
	text, err := kit.RenderReceipt(d, s, 0)
	if err != nil || payment.Ref == "" {
		return text, err
	}
	pay, err := kit.RenderReceipt(d, payment, 0)
	if err != nil {
		return "", err
	}
	return text + "\n" + pay, nil
}

// printPaidCmd prints the original slip of s and, after it, its payment's
// (d.Print must be set). It answers one kit.PrintedMsg for s.
func printPaidCmd(d kit.Deps, s, payment sale.Sale) tea.Cmd {
	if payment.Ref == "" {
		return kit.PrintCmd(d, s)
	}
	return func() tea.Msg {
		if !d.Originals.Claim(s.Ref) { // printed already (auto_print): this is a copy
			return kit.ReprintCmd(d, s.Ref)()
		}
		lines, err := PaidLines(d, s, payment) // autoprint.go
		if err == nil {
			err = d.Print(lines)
		}
		if err != nil {
			d.Originals.Release(s.Ref)
		}
		return kit.PrintedMsg{Ref: s.Ref, Copy: 0, Err: err}
	}
}

// PaidLines are the original slip of s followed by its payment's (when
// there is one), as one job.
func PaidLines(d kit.Deps, s, payment sale.Sale) ([]receipts.Line, error) {
	lines, err := kit.ReceiptLines(d, s, 0)
	if err != nil || payment.Ref == "" {
		return lines, err
	}
	pay, err := kit.ReceiptLines(d, payment, 0)
	if err != nil {
		return nil, err
	}
	return append(append(lines, receipts.Line{}), pay...), nil
}

// vendWithCmd sells o as its tender says (Engine.VendWith), under ov when
// a supervisor authorised it.
func vendWithCmd(ctx context.Context, e *sale.Engine, o sale.Order, ov *sale.Override) tea.Cmd {
	return func() tea.Msg {
		s, err := e.VendWith(ctx, o, sale.SellOptions{Override: ov})
		return kit.SoldMsg{Order: o, Sale: s, Err: err}
	}
}

// TenderLine says how an order is paid, for the processing and result
// facts: "Cash (R 20.00, change R 10.00)", "Card (payment …-12)".
func TenderLine(t sale.Tender, amount sale.Money) string {
	switch {
	case t.Kind == "":
		return "-"
	case t.Kind == sale.TenderCash && t.Tendered.Minor > amount.Minor && t.Tendered.Currency == amount.Currency:
		return "Cash " + t.Tendered.String() + ", change " + sale.New(t.Tendered.Minor-amount.Minor, amount.Currency).String()
	case t.Kind == sale.TenderCash:
		return "Cash"
	}
	return t.Kind.Name() + " (payment " + string(t.Ref) + ")"
}
