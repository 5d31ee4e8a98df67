package water

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/ui"
)

// noResendWhy is why a 1Flow recharge whose initiation went unanswered is
// never sent again by the till.
const noResendWhy = "1Flow recharges carry no reference the till could resend safely: sending it again could " +
	"recharge the device twice, and 1Flow cannot be asked about a recharge it never confirmed with an id."

// viewResult shows the outcome; a completed recharge's receipt stands
// beside it, or under a short summary in a narrow window.
func (m *Flow) viewResult() string {
	if m.Outcome() != Delivered || m.Receipt == "" {
		return m.viewOutcome()
	}
	st := m.env.St
	box := st.Receipt.Width(m.env.D.ReceiptWidth + 2).Render(m.Pager.View())
	if m.leftWidth() < 28 {
		o := m.Order
		summary := st.BannerOK.Render("✓ COMPLETED") + "  " + st.Strong.Render(o.Amount.String()+" water") +
			st.Text.Render(" to "+ui.Clean(o.Target.Value)) + "\n" +
			st.Label.Render("Ref ") + st.Text.Render(string(m.Sold.Ref))
		return summary + "\n" + box
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, ui.Block(m.viewOutcome(), m.leftWidth()), "  ", box)
}

// pagerHeight is how many receipt lines fit: beside the outcome the whole
// height less the frame, under the narrow summary two lines fewer.
func (m *Flow) pagerHeight() int {
	if m.leftWidth() < 28 {
		return max(m.height-4, 3)
	}
	return max(m.height-2, 3)
}

// leftWidth is the room beside a completed recharge's receipt.
func (m *Flow) leftWidth() int { return m.width - m.env.D.ReceiptWidth - 4 }

// waterItem is the value of the sale's outcome item with that label.
func waterItem(s sale.Sale, label string) string {
	for _, it := range s.Outcome.Items {
		if it.Label == label {
			return ui.Clean(it.Value)
		}
	}
	return ""
}

// viewOutcome explains the result in plain words.
func (m *Flow) viewOutcome() string {
	st := m.env.St
	o, s := m.Order, m.Sold
	w := m.width
	if m.Outcome() == Delivered && m.Receipt != "" && m.leftWidth() >= 28 {
		w = m.leftWidth()
	}
	target := strings.ToLower(deviceKind(m.device)) + " " + deviceLine(m.device)
	what := st.Strong.Render(o.Amount.String()+" water") + st.Text.Render(" to "+target)
	who := st.Muted.Render(customerLine(m.customer))
	reason := ui.Clean(s.Outcome.Message)
	if c := ui.Clean(s.Outcome.Code); c != "" {
		reason = strings.TrimSpace(reason + " (" + c + ")")
	}
	if reason == "" {
		reason = "-"
	}
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }
	facts := [][2]string{{"Reference", string(s.Ref)}}
	if s.PendingID != "" {
		facts = append(facts, [2]string{"Recharge ID", s.PendingID})
	}

	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	cashBack := "give the customer their cash back"
	paid := m.paidNote() // a non-cash payment owed back (refund due) or waiting unused
	if paid != "" {
		cashBack = "the customer's payment is owed back (below)"
	}
	switch m.Outcome() {
	case Delivered:
		banner := st.BannerOK.Render("✓ COMPLETED")
		if s.Outcome.Code == "supervisor" {
			banner = st.BannerOK.Render(m.env.T("tui.res.delivered")) + st.Muted.Render(" by a supervisor")
		}
		add(banner, "",
			st.Strong.Render(o.Amount.String()+" water"),
			st.Text.Render(ui.Truncate(target, w)),
			st.Muted.Render(ui.Truncate(ui.Clean(m.customer.Name), w)), "")
		rows := [][2]string{}
		for _, l := range []string{"Litres", "Price per litre", "Balance"} {
			if v := waterItem(s, l); v != "" {
				rows = append(rows, [2]string{l, v})
			}
		}
		if s.Outcome.Code == "supervisor" {
			rows = append(rows, [2]string{"Note", s.Note})
		} else {
			rows = append(rows, [2]string{"Took", ui.Elapsed(s.UpdatedAt.Sub(s.CreatedAt))})
		}
		add(ui.KV(st, rows, w), "",
			st.Label.Render("Reference"), st.Strong.Render(ui.TruncateLeft(string(s.Ref), w)), "")
		switch {
		case m.env.D.Print == nil:
			add(para(st.Muted, "No printer: show the customer the receipt on screen."))
		case m.Prints == 0:
			add(para(st.Muted, "Press p to print the receipt."))
		default:
			add(st.Success.Render("✓ Receipt printed."))
		}
	case Pending:
		add(st.BannerWarn.Render("… PENDING")+"  "+m.Progress.View(), "", what, who, "",
			m.trail(), "",
			para(st.Text, "The recharge is with 1Flow; the till keeps checking. The result shows here by itself: "+
				"you may serve the next customer (n) and follow it on the Unresolved sales screen (u)."),
			para(st.Warning, "Do NOT recharge this device again until it is settled."))
	case Checking:
		add(st.BannerWarn.Render("? CHECKING")+"  "+m.Progress.View(), "", what, who, "",
			ui.KV(st, append(facts, [2]string{"Last answer", reason}), w), "",
			para(st.Text, "1Flow has this recharge, but its answer could not be taken as it is. The till keeps asking "+
				"1Flow about this recharge id — it never sends the recharge again."),
			para(st.Warning, "Do NOT recharge this device again until it is settled."))
	case Lost, Supervisor:
		banner := st.BannerWarn.Render("? IN DOUBT — NOT RESENT")
		rows := append(facts, [2]string{"Last answer", reason})
		if m.Outcome() == Supervisor {
			banner = st.BannerBad.Render(m.env.T("tui.res.supervisor"))
		}
		rows = append(rows, [2]string{"Attempts", strconv.Itoa(s.Attempts)})
		add(banner, "", what, who, "", ui.KV(st, rows, w), "",
			st.Strong.Render("Why the till does not send it again"),
			para(st.Text, noResendWhy), "",
			st.Strong.Render("What to do"),
			para(st.Text, "Check the customer's device/meter (its credit or balance), then a supervisor settles "+
				"it (v): delivered if the credit arrived, not delivered if it did not."),
			para(st.Warning, "Do NOT recharge this device again until it is settled."))
	case Declined:
		if s.Outcome.Code == "supervisor" {
			add(st.BannerBad.Render("✗ NOT DELIVERED")+st.Muted.Render(" by a supervisor"), "", what, who, "",
				ui.KV(st, append([][2]string{{"Note", s.Note}}, facts...), w), "",
				para(st.Text, "A supervisor found the device was not recharged: nothing was sold; "+cashBack+"."))
			break
		}
		add(st.BannerBad.Render("✗ NOT RECHARGED"), "", what, who, "",
			ui.KV(st, append([][2]string{{"Reason", reason}}, facts...), w), "",
			para(st.Text, "1Flow did not recharge the device and nothing was sold: "+cashBack+
				", or change the device (d) or the amount (a) and try again."))
	case NotSent:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sent")), "", what, who, "",
			ui.KV(st, append([][2]string{{"Reason", reason}}, facts...), w), "",
			para(st.Text, "Nothing reached 1Flow and the device was not recharged; you may try again."))
	case Blocked:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sold")), "", what, who, "",
			para(st.Warning, ui.Clean(m.env.Err(m.SellErr))), "",
			para(st.Text, "This device already has a recharge that is not settled: the customer may already "+
				"have that water. Settle it first on the Unresolved sales screen (u); do NOT recharge this "+
				"device again until then."))
		if m.overridable() { // override.go: the key works
			add(para(st.Text, "A supervisor who has checked the device may allow this recharge anyway: press o."))
		}
	case Refused:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sold")), "", what, who, "",
			para(st.Error, ui.Clean(m.env.Err(m.SellErr))), "",
			para(st.Text, "Nothing was journaled or sent to 1Flow; you may try again."))
		if m.overridable() { // override.go: the key works
			add(para(st.Text, "A supervisor may allow it with their own PIN and a reason: press o."))
		}
	}
	if paid != "" {
		add("", para(st.Warning, paid))
	}
	return strings.Join(parts, "\n")
}

// trail is the pending recharge's progress so far, one line per step.
func (m *Flow) trail() string {
	st := m.env.St
	s := m.Sold
	status := ui.Clean(s.Outcome.Message)
	if status == "" {
		status = "1Flow is applying the recharge to the device."
	}
	id := s.PendingID
	if id == "" {
		id = "-"
	}
	rows := [][2]string{
		{st.Success.Render("✓") + " Journaled", string(s.Ref)},
		{st.Success.Render("✓") + " Accepted by 1Flow", "recharge " + id},
		{st.Warning.Render("…") + " Applying", status},
	}
	return ui.KV(st, rows, m.width)
}
