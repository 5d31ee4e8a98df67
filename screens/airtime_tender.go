package screens

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// The airtime flow's tender step (tender.go): after the confirm step the
// customer pays, and only a settled payment leads to the sale.

// openTender moves from the confirm step to the tender step.
func (m *airtime) openTender() tea.Cmd {
	m.tender = newTender(m.env, m.order, m.now)
	m.tender.SetSize(m.width, m.height-2)
	m.tender.SetFullHeight(m.height)
	m.step = stepTender
	return m.tender.Init()
}

// updateTender gives msg to the tender step and acts on what it decides.
// Engine updates still reach the flow, so a sale it follows stays current.
func (m *airtime) updateTender(msg tea.Msg) tea.Cmd {
	act, cmd := m.tender.Update(msg)
	if c, ok := msg.(ClockMsg); ok {
		m.now = c.Now
		m.progress.SetNow(c.Now)
	}
	switch act {
	case tenderBack:
		m.openConfirm()
	case tenderPaid:
		m.order, m.payment = m.tender.Order(), m.tender.Payment()
		if ov := m.tender.Override(); ov != nil {
			m.override = ov // granted on the gate, before the customer paid
		}
		return tea.Batch(cmd, m.startSale())
	}
	m.updateKeys()
	return cmd
}

// tenderLine says how an order is paid, for the processing and result
// facts: "Cash (R 20.00, change R 10.00)", "Card (payment …-12)".
func tenderLine(t sale.Tender, amount sale.Money) string {
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

// paidNote is what the result says about a non-cash payment when the sale
// did not deliver: a refund is due, or the payment waits unused. Empty for
// cash and for delivered sales.
func (m *airtime) paidNote(r result) string {
	return paidNoteOf(m.order, r == resDeclined || r == resNotSent, r == resRefused || r == resBlocked)
}

// paidNoteOf is what a result says about the non-cash payment of o: due
// back when its sale failed, waiting unused when its sale was refused
// before it was sent. Empty for cash, and when neither is so.
func paidNoteOf(o sale.Order, due, unused bool) string {
	t := o.Tender
	if t.Kind == sale.TenderCash && o.CashEffect() == sale.CashIn && (due || unused) {
		// The cash was taken at the tender step: it goes back now, and the
		// drawer does not count it (the engine journals the give-back).
		return "GIVE BACK " + o.Amount.String() + " IN CASH: nothing was sold and the drawer does not count it. " +
			"Hand the customer's cash back now (keep it only if you try the sale again)."
	}
	if t.Ref == "" {
		return ""
	}
	paid := o.Amount.String() + " was paid by " + t.Kind.Name() + " (payment " + string(t.Ref) + ")"
	switch {
	case due:
		return "REFUND DUE: " + paid + " and is owed back to the customer. Print the slip for them; a supervisor " +
			"settles the refund on the Unresolved sales screen. Do not sell on this payment again."
	case unused:
		return "PAID, NOT SOLD: " + paid + " and has not been used. Press enter to try the sale again on it; " +
			"otherwise it waits on the Unresolved sales screen, to complete the sale or refund it."
	}
	return ""
}

// paidReceipt is the slip of a sale: its receipt, then its payment's own
// slip when it was paid by a non-cash tender (a 1Voucher change voucher is
// on it).
func paidReceipt(d Deps, s, payment sale.Sale) (string, error) {
	text, err := renderReceipt(d, s, 0)
	if err != nil || payment.Ref == "" {
		return text, err
	}
	pay, err := renderReceipt(d, payment, 0)
	if err != nil {
		return "", err
	}
	return text + "\n" + pay, nil
}

// printPaidCmd prints the original slip of s and, after it, its payment's
// (d.Print must be set). It answers one PrintedMsg for s.
func printPaidCmd(d Deps, s, payment sale.Sale) tea.Cmd {
	if payment.Ref == "" {
		return printCmd(d, s)
	}
	return func() tea.Msg {
		if !d.originals.claim(s.Ref) { // printed already (auto_print): this is a copy
			return reprintCmd(d, s.Ref)()
		}
		lines, err := paidLines(d, s, payment) // autoprint.go
		if err == nil {
			err = d.Print(lines)
		}
		if err != nil {
			d.originals.release(s.Ref)
		}
		return PrintedMsg{Ref: s.Ref, Copy: 0, Err: err}
	}
}

// showsReceipt reports whether the result shows (and prints) the slip: a
// delivered sale's, or a failed one whose payment is due back (the slip
// says REFUND DUE).
func (m *airtime) showsReceipt() bool {
	return m.receipt != "" && (m.result() == resDelivered || sale.RefundDue(m.sold))
}
