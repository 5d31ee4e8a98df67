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
			st.Label.Render("Ref ") + st.Text.Render(string(f.Sold.Ref))
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
	o := f.Order
	if f.Result() != flow.ResDelivered {
		t := ""
		if v := o.Target.Value; v != "" {
			t = " · " + v
		}
		return o.Amount.String() + " " + f.spec.what + t
	}
	switch o.Kind {
	case sale.KindElectricity:
		return o.Amount.String() + " electricity to meter " + o.Target.Value
	case sale.KindVoucherRedeem:
		return o.Amount.String() + " redeemed from " + o.Target.Value
	case sale.KindCashOutCancel:
		return "cash-out PIN " + o.Target.Value + " cancelled"
	}
	return o.Amount.String() + " " + o.ProductName
}

// viewOutcome explains the result in plain words.
func (f *Flow) viewOutcome() string {
	st := f.env.St
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
	reason := ui.Clean(s.Outcome.Message)
	if c := ui.Clean(s.Outcome.Code); c != "" {
		reason = strings.TrimSpace(reason + " (" + c + ")")
	}
	if reason == "" {
		reason = "-"
	}
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }
	noun := f.spec.what
	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	switch f.Result() {
	case flow.ResDelivered:
		add(st.BannerOK.Render(f.env.T("tui.res.delivered")), what, "")
		if v := flashItem(s.Outcome.Items, sale.FlashLabelSMS); v != "" {
			add(st.Label.Render("Change voucher"), "   "+st.Strong.Render(ui.Clean(v)), "")
		} else if v := flashItem(s.Outcome.Items, sale.FlashLabelSentSMS); v != "" {
			add(st.Label.Render("New voucher sent by SMS to"), "   "+st.Strong.Render(ui.Clean(v)), "")
		}
		if sec := secretRows(s.Outcome.Items); len(sec) > 0 {
			for _, r := range sec {
				add(st.Label.Render(ui.Clean(r[0])), "   "+st.Strong.Render(ui.Clean(r[1])))
			}
			add("")
		}
		if f.Order.Tender.Kind != "" {
			facts = append(facts, [2]string{"Paid", flow.TenderLine(f.Order.Tender, f.Order.Amount)})
		}
		add(ui.KV(st, facts, w), "", para(st.Text, f.deliveredNote()), "")
		switch {
		case f.noteErr != nil:
			add(para(st.Warning, "The cancel is delivered, but its note on the original sale could not be journaled "+
				"yet; it is written the next time a cash-out screen opens."))
		case f.env.D.Print == nil:
			add(para(st.Muted, "No printer: show the customer the receipt on screen."))
		case f.PrintErr != nil:
			add(para(st.Error, "✗ Not printed: "+ui.Clean(kit.PrintReason(f.PrintErr))+" Press p to try again."))
		case f.Prints == 0:
			add(para(st.Muted, "Press p to print the receipt."))
		default:
			add(st.Success.Render("✓ Receipt printed."))
		}
	case flow.ResDeclined:
		add(st.BannerBad.Render(f.env.T("tui.res.declined")), "", what, "",
			ui.KV(st, append([][2]string{{"Reason", reason}}, facts...), w), "",
			para(st.Text, f.declinedNote()))
	case flow.ResNotSent:
		add(st.BannerBad.Render(f.env.T("tui.res.not_sent")), "", what, "",
			ui.KV(st, append([][2]string{{"Reason", reason}}, facts...), w), "",
			para(st.Text, "Nothing was sent to Flash; you may try again."))
	case flow.ResBlocked:
		add(st.BannerBad.Render("✗ NOT DONE"), "", what, "",
			para(st.Warning, ui.Clean(f.env.Err(f.SellErr))), "",
			para(st.Text, "An earlier "+noun+" to the same target is not settled: it may have gone through. Settle it "+
				"first on the Unresolved sales screen (u); do NOT do it again until then."))
	case flow.ResRefused:
		add(st.BannerBad.Render("✗ NOT DONE"), "", what, "",
			para(st.Error, ui.Clean(f.env.Err(f.SellErr))), "")
		if f.overridable() {
			add(para(st.Text, "Nothing was journaled or sent to Flash. A supervisor may allow it with their own "+
				"PIN and a reason: press o."))
		} else {
			add(para(st.Text, "Nothing was journaled or sent to Flash; you may try again."))
		}
	case flow.ResPending:
		add(st.BannerWarn.Render("… PENDING"), "", what, "",
			ui.KV(st, append(facts, [2]string{"Last answer", reason}), w), "",
			para(st.Text, "Flash accepted it and will confirm it. The till keeps checking with the same reference."))
	case flow.ResSupervisor:
		add(st.BannerBad.Render(f.env.T("tui.res.supervisor")), "", what, "",
			ui.KV(st, append(facts, [2]string{"Why", s.Note}), w), "",
			para(st.Text, "The till cannot settle this "+noun+" on its own: a supervisor must check it with Flash. "+
				"Do NOT do it again until it is settled."))
	default:
		last := reason
		if f.SellErr != nil {
			last = ui.Clean(f.env.Err(f.SellErr))
		}
		add(st.BannerWarn.Render(f.env.T("tui.res.in_doubt"))+"  "+st.Warning.Render(kit.CheckingNote(f.env, s)), "", what, "",
			ui.KV(st, append(facts, [2]string{"Last answer", last}), w), "",
			para(st.Text, "Flash's answer did not settle it (see the last answer): the till keeps asking with the same reference and "+
				"prints the "+noun+" once it is confirmed. Do NOT do it again meanwhile; keep the customer's details."),
			st.Muted.Render("Follow it on the Unresolved sales screen (u)."))
	}
	if paid := f.PaidNote(f.Result()); paid != "" {
		add("", para(st.Warning, paid)) // flow/run.go: give back the cash, or the refund due
	}
	return strings.Join(parts, "\n")
}

// secretRows are what the customer takes home (tokens, PINs), numbered in
// the order they are used when there are several.
func secretRows(items []sale.Item) [][2]string {
	var rows [][2]string
	for _, it := range items {
		if it.Secret {
			rows = append(rows, [2]string{it.Label, it.Value})
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
		return "Nothing was sold and Flash charged nothing: give the customer their money back, or change what " +
			"you typed and try again."
	}
	return "Flash did nothing: hand nothing over. Change what you typed and try again if the customer wants to."
}

// deliveredNote tells the cashier what to do now.
func (f *Flow) deliveredNote() string {
	switch f.Order.Kind {
	case sale.KindElectricity:
		return "Give the customer the receipt: the tokens go in on the meter's keypad, in this order."
	case sale.KindVoucherRedeem:
		return "Redeemed: pay " + f.Order.Amount.String() + " out of the drawer in cash (the drawer counts it paid out), and give the receipt with any change voucher."
	case sale.KindVoucherRefund, sale.KindVoucherPayout:
		return "Give the customer the receipt: its PIN is the new voucher (unless it went by SMS)."
	case sale.KindCashOutCancel:
		return "The PIN can no longer be used: refund the customer " + f.Order.Amount.String() + "."
	}
	return "Give the customer the receipt: the PIN on it is what they paid for."
}
