package water

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/ui"
)

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
		e := m.env
		summary := st.BannerOK.Render(e.T("wat.completed")) + "  " + st.Strong.Render(e.T("wat.water", e.Money(o.Amount))) +
			st.Text.Render(e.T("wat.to", ui.Clean(o.Target.Value))) + "\n" +
			st.Label.Render(e.Tr("Ref")+" ") + st.Text.Render(string(m.Sold.Ref))
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
	st, e := m.env.St, m.env
	o, s := m.Order, m.Sold
	w := m.width
	if m.Outcome() == Delivered && m.Receipt != "" && m.leftWidth() >= 28 {
		w = m.leftWidth()
	}
	target := strings.ToLower(m.kind(m.device)) + " " + deviceLine(m.device)
	what := st.Strong.Render(e.T("wat.water", e.Money(o.Amount))) + st.Text.Render(e.T("wat.to", target))
	who := st.Muted.Render(customerLine(m.customer))
	reason := e.Reason(s)
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
	cashBack := e.T("wat.cash_back")
	paid := m.paidNote() // a non-cash payment owed back (refund due) or waiting unused
	if paid != "" {
		cashBack = e.T("wat.owed_back")
	}
	switch m.Outcome() {
	case Delivered:
		banner := st.BannerOK.Render(e.T("wat.completed"))
		if s.Outcome.Code == "supervisor" {
			banner = st.BannerOK.Render(e.T("tui.res.delivered")) + st.Muted.Render(e.T("wat.by_supervisor"))
		}
		add(banner, "",
			st.Strong.Render(e.T("wat.water", e.Money(o.Amount))),
			st.Text.Render(ui.Truncate(target, w)),
			st.Muted.Render(ui.Truncate(ui.Clean(m.customer.Name), w)), "")
		rows := [][2]string{}
		for _, l := range []string{"Litres", "Price per litre", "Balance"} {
			if v := waterItem(s, l); v != "" {
				rows = append(rows, [2]string{e.D.Language.Label(l), v})
			}
		}
		if s.Outcome.Code == "supervisor" {
			rows = append(rows, [2]string{"Note", s.Note})
		} else {
			rows = append(rows, [2]string{"Took", e.Elapsed(s.UpdatedAt.Sub(s.CreatedAt))})
		}
		add(ui.KV(st, e.TrRows(rows), w), "",
			st.Label.Render(e.Tr("Reference")), st.Strong.Render(ui.TruncateLeft(string(s.Ref), w)), "")
		switch {
		case m.env.D.Print == nil:
			add(para(st.Muted, e.T("fxr.no_printer")))
		case m.Prints == 0:
			add(para(st.Muted, e.T("fxr.press_p")))
		default:
			add(st.Success.Render(e.T("fxr.printed")))
		}
	case Pending:
		add(st.BannerWarn.Render(e.T("prod.pending"))+"  "+m.Progress.View(), "", what, who, "",
			m.trail(), "",
			para(st.Text, e.T("wat.pending")),
			para(st.Warning, e.T("wat.no_again")))
	case Checking:
		add(st.BannerWarn.Render(e.T("wat.checking"))+"  "+m.Progress.View(), "", what, who, "",
			ui.KV(st, e.TrRows(append(facts, [2]string{"Last answer", reason})), w), "",
			para(st.Text, e.T("wat.checking_why")),
			para(st.Warning, e.T("wat.no_again")))
	case Lost, Supervisor:
		banner := st.BannerWarn.Render(e.T("wat.lost"))
		rows := append(facts, [2]string{"Last answer", reason})
		if m.Outcome() == Supervisor {
			banner = st.BannerBad.Render(m.env.T("tui.res.supervisor"))
		}
		rows = append(rows, [2]string{"Attempts", strconv.Itoa(s.Attempts)})
		add(banner, "", what, who, "", ui.KV(st, e.TrRows(rows), w), "",
			st.Strong.Render(e.T("wat.why_title")),
			para(st.Text, e.T("wat.no_resend")), "",
			st.Strong.Render(e.T("wat.what_title")),
			para(st.Text, e.T("wat.what")),
			para(st.Warning, e.T("wat.no_again")))
	case Declined:
		if s.Outcome.Code == "supervisor" {
			add(st.BannerBad.Render(e.T("wat.not_delivered"))+st.Muted.Render(e.T("wat.by_supervisor")), "", what, who, "",
				ui.KV(st, e.TrRows(append([][2]string{{"Note", s.Note}}, facts...)), w), "",
				para(st.Text, e.T("wat.sup_not", cashBack)))
			break
		}
		add(st.BannerBad.Render(e.T("wat.not_recharged")), "", what, who, "",
			ui.KV(st, e.TrRows(append([][2]string{{"Reason", reason}}, facts...)), w), "",
			para(st.Text, e.T("wat.declined", cashBack)))
	case NotSent:
		add(st.BannerBad.Render(e.T("tui.res.not_sent")), "", what, who, "",
			ui.KV(st, e.TrRows(append([][2]string{{"Reason", reason}}, facts...)), w), "",
			para(st.Text, e.T("wat.not_sent")))
	case Blocked:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sold")), "", what, who, "",
			para(st.Warning, ui.Clean(m.env.Err(m.SellErr))), "",
			para(st.Text, e.T("wat.blocked")))
		if m.overridable() { // override.go: the key works
			add(para(st.Text, e.T("wat.blocked_override")))
		}
	case Refused:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sold")), "", what, who, "",
			para(st.Error, ui.Clean(m.env.Err(m.SellErr))), "",
			para(st.Text, e.T("wat.refused")))
		if m.overridable() { // override.go: the key works
			add(para(st.Text, e.T("wat.refused_override")))
		}
	}
	if paid != "" {
		add("", para(st.Warning, paid))
	}
	return strings.Join(parts, "\n")
}

// trail is the pending recharge's progress so far, one line per step.
func (m *Flow) trail() string {
	st, e := m.env.St, m.env
	s := m.Sold
	status := e.Said(s.Outcome.Message)
	if status == "" {
		status = e.T("wat.applying_msg")
	}
	id := s.PendingID
	if id == "" {
		id = "-"
	}
	rows := [][2]string{
		{st.Success.Render("✓") + e.T("wat.t.journaled"), string(s.Ref)},
		{st.Success.Render("✓") + e.T("wat.t.accepted"), e.T("wat.t.recharge", id)},
		{st.Warning.Render("…") + e.T("wat.t.applying"), status},
	}
	return ui.KV(st, rows, m.width)
}
