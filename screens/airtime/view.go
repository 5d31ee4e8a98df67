package airtime

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// View draws the current step under a stepper showing where the sale is.
func (m *Flow) View() string {
	var body string
	switch m.step {
	case StepProduct:
		body = m.viewProducts()
	case StepMobile:
		body = m.viewMobile()
	case StepAmount:
		body = m.viewAmount()
	case StepConfirm:
		body = m.confirm.View()
	case StepTender:
		if m.Tender.FullHeight() {
			return m.Tender.View() // a QR code needs every row
		}
		body = m.Tender.View()
	case StepProcessing:
		body = m.viewProcessing()
	case StepResult:
		return m.viewResult() // the banner says where the sale is
	}
	return m.stepper() + "\n\n" + body
}

// stepper is "✓ Network › 2 Mobile › 3 Amount › 4 Confirm › 5 Done".
func (m *Flow) stepper() string {
	st := m.env.St
	names := []string{}
	for _, k := range []string{"network", "mobile", "amount", "confirm", "pay", "done"} {
		names = append(names, m.env.T("air.step."+k))
	}
	cur := min(int(m.step), 5)
	return flow.Stepper(st, names, cur, m.width)
}

// catalogueNote says how fresh the product list is.
func (m *Flow) catalogueNote() string {
	st := m.env.St
	e := m.env
	age := e.Ago(m.now, m.Cat.FetchedAt)
	switch {
	case m.Loading && !m.CatLoaded:
		return st.Muted.Render(e.T("air.fetching"))
	case m.Loading:
		return st.Muted.Render(e.T("air.refreshing", age))
	case m.CatErr != nil && len(m.products) > 0:
		return st.Warning.Render(e.T("air.offline", age))
	case m.CatErr == nil && m.CatLoaded:
		return st.Muted.Render(e.T("air.updated", age))
	}
	return ""
}

func (m *Flow) viewProducts() string {
	st := m.env.St
	title := st.Strong.Render(m.env.T("air.choose"))
	note := m.catalogueNote()
	gap := max(m.width-lipgloss.Width(title)-lipgloss.Width(note), 2)
	head := title + strings.Repeat(" ", gap) + note
	switch {
	case len(m.products) > 0:
	case m.Loading:
		return head
	case m.CatErr != nil:
		return head + "\n\n" + st.Error.Render("✗ "+ui.Clean(m.env.Err(m.CatErr))) + "\n\n" +
			st.Muted.Render(m.env.T("air.no_cache"))
	default:
		return head + "\n\n" + st.Warning.Render(m.env.T("air.no_products")) + "\n\n" +
			st.Muted.Render(m.env.T("air.fetch_again"))
	}

	// Rows: a heading per brand, then its products.
	var rows []flow.ListRow
	brand := ""
	for i, p := range m.products {
		if b := flow.BrandOf(p); b != brand {
			brand = b
			rows = append(rows, flow.ListRow{Text: st.Group.Render(strings.ToUpper(b)), Index: -1})
		}
		rows = append(rows, flow.ListRow{Text: m.productRow(i, p), Index: i})
	}
	lines := flow.GroupedWindow(m.env, rows, m.cursor, max(m.height-4, 3))
	return head + "\n\n" + strings.Join(lines, "\n")
}

func (m *Flow) productRow(i int, p sale.Product) string {
	st := m.env.St
	num := "   "
	if i < 9 {
		num = fmt.Sprintf("%d  ", i+1)
	}
	rng := flow.AmountRangeIn(m.env, p)
	nameW := max(m.width-4-len(num)-lipgloss.Width(rng)-2, 10)
	text := " " + num + ui.Pad(ui.Clean(p.Name), nameW) + "  " + rng + " "
	if i == m.cursor {
		return st.Marker.Render("›") + " " + st.Selected.Render(text)
	}
	return "  " + st.Text.Render(text)
}

// chosen is the line that recalls what has been chosen so far.
func (m *Flow) chosen() string {
	st := m.env.St
	s := st.Strong.Render(ui.Clean(m.product.Name)) + st.Muted.Render("  ·  "+flow.BrandOf(m.product)+"  ·  "+flow.AmountRangeIn(m.env, m.product))
	if m.step == StepAmount {
		s += "\n" + st.Muted.Render(m.env.T("air.to_word")) + st.Strong.Render(ui.LocalMobile(m.number)) + st.Muted.Render(" ("+m.number+")")
	}
	return s
}

func (m *Flow) viewMobile() string {
	st := m.env.St
	return m.chosen() + "\n\n" +
		st.Text.Render(m.env.T("air.mobile_prompt")) + "\n" +
		m.mobile.View() + "\n" +
		m.mobile.Status() + joinHint("\n", m.proposalHint()) // network.go
}

func (m *Flow) viewAmount() string {
	st := m.env.St
	return m.chosen() + "\n\n" +
		st.Text.Render(m.env.Tr("Amount")) + st.Muted.Render("  ("+flow.AmountRangeIn(m.env, m.product)+")") + "\n" +
		m.amount.View() + "\n" +
		m.amount.Status()
}

func (m *Flow) viewProcessing() string {
	st := m.env.St
	e := m.env
	ref := e.T("prod.journaling")
	if m.Ref != "" {
		ref = string(m.Ref)
	}
	o := m.Order
	var b strings.Builder
	b.WriteString(m.Progress.View() + "  " + st.Strong.Render(e.T("air.selling", e.Money(o.Amount), ui.LocalMobile(o.Target.Value))))
	b.WriteString("\n\n")
	b.WriteString(ui.KV(st, e.TrRows([][2]string{
		{"Product", o.ProductName},
		{"Network", flow.BrandOf(m.product)},
		{"Mobile", ui.LocalMobile(o.Target.Value) + " (" + o.Target.Value + ")"},
		{"Amount", e.Money(o.Amount)},
		{"Tender", flow.TenderLineIn(e, o.Tender, o.Amount)},
		{"Reference", ref},
	}), m.width))
	b.WriteString("\n\n")
	b.WriteString(st.BannerWarn.Render(e.T("outcome.no_resell")))
	b.WriteString(st.Warning.Render(e.T("prod.waiting")))
	b.WriteString("\n\n")
	b.WriteString(st.Muted.Render(ui.Wrap(e.T("air.keep"), m.width)))
	return b.String()
}

// viewResult shows the outcome; a delivered sale's receipt stands beside
// it, or under a short summary in a narrow window.
func (m *Flow) viewResult() string {
	if !m.ShowsReceipt() {
		return m.viewOutcome()
	}
	st := m.env.St
	box := st.Receipt.Width(m.env.D.ReceiptWidth + 2).Render(m.Pager.View())
	if m.leftWidth() < 28 {
		o := m.Order
		banner := st.BannerOK.Render(m.env.T("tui.res.delivered"))
		if m.Result() != flow.ResDelivered {
			banner = st.BannerBad.Render(m.env.T("prod.refund_due"))
		}
		summary := banner + "  " +
			st.Strong.Render(m.env.Money(o.Amount)+" "+ui.Clean(o.ProductName)) +
			st.Text.Render(m.env.T("air.to", ui.LocalMobile(o.Target.Value))) + "\n" +
			st.Label.Render(m.env.Tr("Ref")+" ") + st.Text.Render(string(m.Sold.Ref))
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

// leftWidth is the room beside a delivered sale's receipt.
func (m *Flow) leftWidth() int { return m.width - m.env.D.ReceiptWidth - 4 }

// viewOutcome explains the result in plain words.
func (m *Flow) viewOutcome() string {
	st, e := m.env.St, m.env
	o, s := m.Order, m.Sold
	w := m.width
	if m.ShowsReceipt() && m.leftWidth() >= 28 {
		w = m.leftWidth()
	}
	what := st.Strong.Render(e.Money(o.Amount)+" "+ui.Clean(o.ProductName)) +
		st.Text.Render(e.T("air.what_to", ui.LocalMobile(o.Target.Value), o.Target.Value))
	facts := [][2]string{{"Ref", string(s.Ref)}}
	if s.ProviderRef != "" {
		facts = append(facts, [2]string{"Trans ID", s.ProviderRef})
	}
	facts = append(facts, [2]string{"Paid by", flow.TenderLineIn(e, o.Tender, o.Amount)})
	paid := m.PaidNoteFor(e, m.Result()) // flow/lang.go: refund due, or paid and not sold
	unless := func(text string) string {
		if paid != "" {
			return st.Warning.Render(ui.Wrap(paid, w))
		}
		return st.Text.Render(ui.Wrap(text, w))
	}
	reason := e.Reason(s)
	if reason == "" {
		reason = "-"
	}
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }

	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	switch m.Result() {
	case flow.ResDelivered:
		add(st.BannerOK.Render(m.env.T("tui.res.delivered")), "",
			st.Strong.Render(e.Money(o.Amount)+" "+ui.Clean(o.ProductName)),
			st.Text.Render(e.T("air.to_full", ui.LocalMobile(o.Target.Value), o.Target.Value)), "",
			st.Label.Render(e.Tr("Reference")), st.Strong.Render(ui.TruncateLeft(string(s.Ref), w)), "",
			ui.KV(st, e.TrRows(append(facts[1:], [2]string{"Took", e.Elapsed(m.Progress.Elapsed())})), w), "")
		switch {
		case m.env.D.Print == nil:
			add(para(st.Muted, e.T("fxr.no_printer")))
		case m.PrintErr != nil:
			add(para(st.Error, e.T("eod.not_printed", kit.Sentence(kit.PrintReason(m.PrintErr)))),
				para(st.Muted, e.T("prod.print_later")))
		case m.Prints == 0:
			add(para(st.Muted, e.T("fxr.press_p")))
		default:
			add(st.Success.Render(e.T("fxr.printed")))
		}
	case flow.ResDeclined:
		add(st.BannerBad.Render(m.env.T("tui.res.declined")), "", what, "",
			ui.KV(st, e.TrRows(append([][2]string{{"Reason", reason}}, facts...)), w), "",
			unless(e.T("air.declined")))
	case flow.ResNotSent:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sent")), "", what, "",
			ui.KV(st, e.TrRows(append([][2]string{{"Reason", reason}}, facts...)), w), "",
			unless(e.T("air.not_sent")))
	case flow.ResBlocked:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sold")), "", what, "",
			para(st.Warning, ui.Clean(m.env.Err(m.SellErr))), "",
			para(st.Text, e.T("air.blocked")))
		if paid != "" {
			add("", unless(""))
		}
	case flow.ResRefused:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sold")), "", what, "",
			para(st.Error, ui.Clean(m.env.Err(m.SellErr))), "",
			unless(e.T("air.refused")))
	case flow.ResPending:
		add(st.BannerWarn.Render(e.T("prod.pending")), "", what, "",
			ui.KV(st, e.TrRows(append(facts, [2]string{"Last answer", reason})), w), "",
			para(st.Text, e.T("air.pending")))
	case flow.ResSupervisor:
		add(st.BannerBad.Render(m.env.T("tui.res.supervisor")), "", what, "",
			ui.KV(st, e.TrRows(append(facts, [2]string{"Why", s.Note})), w), "",
			para(st.Text, e.T("air.supervisor")))
	default:
		last := reason
		if m.SellErr != nil {
			last = ui.Clean(m.env.Err(m.SellErr))
		}
		add(st.BannerWarn.Render(m.env.T("tui.res.in_doubt"))+"  "+st.Warning.Render(kit.CheckingNote(m.env, s)), "", what, "",
			ui.KV(st, e.TrRows(append(facts, [2]string{"Last answer", last})), w), "",
			para(st.Text, e.T("air.in_doubt")),
			st.Muted.Render(e.T("fxr.follow")))
	}
	return strings.Join(parts, "\n")
}
