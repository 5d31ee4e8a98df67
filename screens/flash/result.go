package flash

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// viewResult shows the outcome; a delivered sale's receipt (the token or
// PIN the customer takes home) stands beside it, or under a short summary
// in a narrow window.
func (f *Flow) viewResult() string {
	if !f.ShowsReceipt() {
		return f.viewOutcome()
	}
	st := f.env.St
	box := st.Receipt.Width(f.env.D.ReceiptWidth + 2).Render(f.Pager.View())
	if f.leftWidth() < 28 {
		summary := st.BannerOK.Render(f.env.T("tui.res.delivered")) + "  " + st.Strong.Render(ui.Clean(f.doneLine())) + "\n" +
			st.Label.Render(f.env.Tr("Ref")+" ") + st.Text.Render(string(f.Sold.Ref))
		return summary + "\n" + box
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, ui.Block(f.viewOutcome(), f.leftWidth()), "  ", box)
}

// pagerHeight is how many receipt lines fit.
func (f *Flow) pagerHeight() int {
	if f.leftWidth() < 28 {
		return max(f.height-4, 3)
	}
	return max(f.height-2, 3)
}

// leftWidth is the room beside a delivered sale's receipt.
func (f *Flow) leftWidth() int { return f.width - f.env.D.ReceiptWidth - 4 }

// doneLine says what was done, for the result; for a sale not (yet)
// delivered it only names what was asked.
func (f *Flow) doneLine() string {
	e, o := f.env, f.Order
	amount := e.Money(o.Amount)
	if f.Result() != flow.ResDelivered {
		t := ""
		if v := o.Target.Value; v != "" {
			t = " · " + v
		}
		return e.T("fla.done.asked", amount, f.what()) + t
	}
	switch o.Kind {
	case sale.KindElectricity:
		return e.T("fla.done.electricity", amount, o.Target.Value)
	case sale.KindVoucherRedeem:
		return e.T("fla.done.redeem", amount, o.Target.Value)
	case sale.KindCashOutCancel:
		return e.T("fla.done.cancel", o.Target.Value)
	}
	return amount + " " + f.productName()
}

// viewOutcome explains the result in plain words.
func (f *Flow) viewOutcome() string {
	st, e := f.env.St, f.env
	s := f.Sold
	w := f.width
	if f.ShowsReceipt() && f.leftWidth() >= 28 {
		w = f.leftWidth()
	}
	what := st.Strong.Render(ui.Clean(f.doneLine()))
	facts := [][2]string{{"Ref", string(s.Ref)}}
	if s.ProviderRef != "" {
		facts = append(facts, [2]string{"Trans ID", s.ProviderRef})
	}
	reason := e.Reason(s) // Flash's own words as sent, the client's in the till's language
	if reason == "" {
		reason = "-"
	}
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }
	// A payment owed back (the cash, or a refund due) is what the cashier
	// does next: it stands in for a failed sale's own advice, as airtime's
	// does, so it is never pushed off an 80×24 screen by a receipt beside it.
	paid := f.PaidNoteFor(e, f.Result()) // flow/lang.go
	unless := func(text string) string {
		if paid != "" {
			text, paid = paid, ""
			return para(st.Warning, text)
		}
		return para(st.Text, text)
	}
	noun := f.what()
	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	switch f.Result() {
	case flow.ResDelivered:
		add(st.BannerOK.Render(f.env.T("tui.res.delivered")), what, "")
		if v := flashItem(s.Outcome.Items, sale.FlashLabelSMS); v != "" {
			add(st.Label.Render(f.label("Change voucher")), "   "+st.Strong.Render(ui.Clean(v)), "")
		} else if v := flashItem(s.Outcome.Items, sale.FlashLabelSentSMS); v != "" {
			add(st.Label.Render(e.T("fla.res.sms_to")), "   "+st.Strong.Render(ui.Clean(v)), "")
		}
		if sec := secretRows(s.Outcome.Items, f.label); len(sec) > 0 {
			for _, r := range sec {
				add(st.Label.Render(ui.Clean(r[0])), "   "+st.Strong.Render(ui.Clean(r[1])))
			}
			add("")
		}
		if f.Order.Tender.Kind != "" {
			facts = append(facts, [2]string{"Paid", flow.TenderLineIn(e, f.Order.Tender, f.Order.Amount)})
		}
		add(ui.KV(st, f.rows(facts), w), "", para(st.Text, f.deliveredNote()), "")
		switch {
		case f.noteErr != nil:
			add(para(st.Warning, e.T("fla.res.note_later")))
		case e.D.Print == nil:
			add(para(st.Muted, e.T("fxr.no_printer")))
		case f.PrintErr != nil:
			add(para(st.Error, e.T("fla.res.not_printed", ui.Clean(kit.PrintReason(f.PrintErr)))))
		case f.Prints == 0:
			add(para(st.Muted, e.T("fxr.press_p")))
		default:
			add(st.Success.Render(e.T("fxr.printed")))
		}
	case flow.ResDeclined:
		add(st.BannerBad.Render(e.T("tui.res.declined")), "", what, "",
			ui.KV(st, f.rows(append([][2]string{{"Reason", reason}}, facts...)), w), "",
			unless(f.declinedNote()))
	case flow.ResNotSent:
		add(st.BannerBad.Render(e.T("tui.res.not_sent")), "", what, "",
			ui.KV(st, f.rows(append([][2]string{{"Reason", reason}}, facts...)), w), "",
			unless(e.T("fla.res.not_sent")))
	case flow.ResBlocked:
		add(st.BannerBad.Render(e.T("fla.res.not_done")), "", what, "",
			para(st.Warning, ui.Clean(e.Err(f.SellErr))), "",
			para(st.Text, e.T("fla.res.blocked", noun)))
	case flow.ResRefused:
		add(st.BannerBad.Render(e.T("fla.res.not_done")), "", what, "",
			para(st.Error, ui.Clean(e.Err(f.SellErr))), "")
		if f.overridable() {
			add(para(st.Text, e.T("fla.res.refused_override")))
		} else {
			add(para(st.Text, e.T("fla.res.refused")))
		}
	case flow.ResPending:
		add(st.BannerWarn.Render(e.T("prod.pending")), "", what, "",
			ui.KV(st, f.rows(append(facts, [2]string{"Last answer", reason})), w), "",
			para(st.Text, e.T("fla.res.pending")))
	case flow.ResSupervisor:
		add(st.BannerBad.Render(e.T("tui.res.supervisor")), "", what, "",
			ui.KV(st, f.rows(append(facts, [2]string{"Why", s.Note})), w), "",
			para(st.Text, e.T("fla.res.supervisor", noun)))
	default:
		last := reason
		if f.SellErr != nil {
			last = ui.Clean(e.Err(f.SellErr))
		}
		add(st.BannerWarn.Render(e.T("tui.res.in_doubt"))+"  "+st.Warning.Render(kit.CheckingNote(e, s)), "", what, "",
			ui.KV(st, f.rows(append(facts, [2]string{"Last answer", last})), w), "",
			para(st.Text, e.T("fla.res.in_doubt", noun)),
			st.Muted.Render(e.T("fxr.follow")))
	}
	if paid != "" {
		add("", para(st.Warning, paid)) // give back the cash, or the refund due
	}
	return strings.Join(parts, "\n")
}

// secretRows are what the customer takes home (tokens, PINs), labelled by
// label and numbered in the order they are used when there are several.
func secretRows(items []sale.Item, label func(string) string) [][2]string {
	var rows [][2]string
	for _, it := range items {
		if it.Secret {
			rows = append(rows, [2]string{label(it.Label), it.Value})
		}
	}
	if len(rows) > 1 {
		for i := range rows {
			rows[i][0] = strconv.Itoa(i+1) + ". " + rows[i][0]
		}
	}
	return rows
}

// declinedNote tells the cashier what a decline means for the customer.
func (f *Flow) declinedNote() string {
	if f.spec.tender {
		return f.env.T("fla.res.declined_paid")
	}
	return f.env.T("fla.res.declined")
}

// deliveredNote tells the cashier what to do now.
func (f *Flow) deliveredNote() string {
	e := f.env
	switch f.Order.Kind {
	case sale.KindElectricity:
		return e.T("fla.res.tokens")
	case sale.KindVoucherRedeem:
		return e.T("fla.res.redeemed", e.Money(f.Order.Amount))
	case sale.KindVoucherRefund, sale.KindVoucherPayout:
		return e.T("fla.res.new_voucher")
	case sale.KindCashOutCancel:
		return e.T("fla.res.cancelled", e.Money(f.Order.Amount))
	}
	return e.T("fla.res.pin")
}
