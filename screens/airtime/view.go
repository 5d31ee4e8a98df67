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
	age := ui.Ago(m.now, m.Cat.FetchedAt)
	switch {
	case m.Loading && !m.CatLoaded:
		return st.Muted.Render("fetching the Flash catalogue…")
	case m.Loading:
		return st.Muted.Render("refreshing… (catalogue from " + age + ")")
	case m.CatErr != nil && len(m.products) > 0:
		return st.Warning.Render("catalogue from " + age + " (offline)")
	case m.CatErr == nil && m.CatLoaded:
		return st.Muted.Render("catalogue updated " + age)
	}
	return ""
}

func (m *Flow) viewProducts() string {
	st := m.env.St
	title := st.Strong.Render("Choose the network")
	note := m.catalogueNote()
	gap := max(m.width-lipgloss.Width(title)-lipgloss.Width(note), 2)
	head := title + strings.Repeat(" ", gap) + note
	switch {
	case len(m.products) > 0:
	case m.Loading:
		return head
	case m.CatErr != nil:
		return head + "\n\n" + st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(m.CatErr))) + "\n\n" +
			st.Muted.Render("No catalogue is cached on this till yet. Press r to try again.")
	default:
		return head + "\n\n" + st.Warning.Render("The Flash catalogue has no active airtime products.") + "\n\n" +
			st.Muted.Render("Press r to fetch it again.")
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
	rng := flow.AmountRange(p)
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
	s := st.Strong.Render(ui.Clean(m.product.Name)) + st.Muted.Render("  ·  "+flow.BrandOf(m.product)+"  ·  "+flow.AmountRange(m.product))
	if m.step == StepAmount {
		s += "\n" + st.Muted.Render("to ") + st.Strong.Render(ui.LocalMobile(m.number)) + st.Muted.Render(" ("+m.number+")")
	}
	return s
}

func (m *Flow) viewMobile() string {
	st := m.env.St
	return m.chosen() + "\n\n" +
		st.Text.Render("Customer's mobile number") + "\n" +
		m.mobile.View() + "\n" +
		m.mobile.Status() + joinHint("\n", m.proposalHint()) // network.go
}

func (m *Flow) viewAmount() string {
	st := m.env.St
	return m.chosen() + "\n\n" +
		st.Text.Render("Amount") + st.Muted.Render("  ("+flow.AmountRange(m.product)+")") + "\n" +
		m.amount.View() + "\n" +
		m.amount.Status()
}

func (m *Flow) viewProcessing() string {
	st := m.env.St
	ref := "being journaled…"
	if m.Ref != "" {
		ref = string(m.Ref)
	}
	o := m.Order
	var b strings.Builder
	b.WriteString(m.Progress.View() + "  " + st.Strong.Render("Selling "+o.Amount.String()+" airtime to "+ui.LocalMobile(o.Target.Value)))
	b.WriteString("\n\n")
	b.WriteString(ui.KV(st, [][2]string{
		{"Product", o.ProductName},
		{"Network", flow.BrandOf(m.product)},
		{"Mobile", ui.LocalMobile(o.Target.Value) + " (" + o.Target.Value + ")"},
		{"Amount", o.Amount.String()},
		{"Tender", flow.TenderLine(o.Tender, o.Amount)},
		{"Reference", ref},
	}, m.width))
	b.WriteString("\n\n")
	b.WriteString(st.BannerWarn.Render("DO NOT RESELL"))
	b.WriteString(st.Warning.Render("  waiting for the provider…"))
	b.WriteString("\n\n")
	b.WriteString(st.Muted.Render(ui.Wrap("Keep the customer at the counter. If Flash does not answer, the till "+
		"keeps checking with the same reference: the airtime is never sold twice.", m.width)))
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
			banner = st.BannerBad.Render("✗ REFUND DUE")
		}
		summary := banner + "  " +
			st.Strong.Render(o.Amount.String()+" "+ui.Clean(o.ProductName)) +
			st.Text.Render(" to "+ui.LocalMobile(o.Target.Value)) + "\n" +
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

// leftWidth is the room beside a delivered sale's receipt.
func (m *Flow) leftWidth() int { return m.width - m.env.D.ReceiptWidth - 4 }

// viewOutcome explains the result in plain words.
func (m *Flow) viewOutcome() string {
	st := m.env.St
	o, s := m.Order, m.Sold
	w := m.width
	if m.ShowsReceipt() && m.leftWidth() >= 28 {
		w = m.leftWidth()
	}
	what := st.Strong.Render(o.Amount.String()+" "+ui.Clean(o.ProductName)) +
		st.Text.Render(" to "+ui.LocalMobile(o.Target.Value)+" ("+o.Target.Value+")")
	facts := [][2]string{{"Ref", string(s.Ref)}}
	if s.ProviderRef != "" {
		facts = append(facts, [2]string{"Trans ID", s.ProviderRef})
	}
	facts = append(facts, [2]string{"Paid by", flow.TenderLine(o.Tender, o.Amount)})
	paid := m.PaidNote(m.Result()) // flow/run.go: refund due, or paid and not sold
	unless := func(text string) string {
		if paid != "" {
			return st.Warning.Render(ui.Wrap(paid, w))
		}
		return st.Text.Render(ui.Wrap(text, w))
	}
	reason := ui.Clean(s.Outcome.Message)
	if c := ui.Clean(s.Outcome.Code); c != "" {
		reason = strings.TrimSpace(reason + " (" + c + ")")
	}
	if reason == "" {
		reason = "-"
	}
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }

	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	switch m.Result() {
	case flow.ResDelivered:
		add(st.BannerOK.Render(m.env.T("tui.res.delivered")), "",
			st.Strong.Render(o.Amount.String()+" "+ui.Clean(o.ProductName)),
			st.Text.Render("to "+ui.LocalMobile(o.Target.Value)+" ("+o.Target.Value+")"), "",
			st.Label.Render("Reference"), st.Strong.Render(ui.TruncateLeft(string(s.Ref), w)), "",
			ui.KV(st, append(facts[1:], [2]string{"Took", ui.Elapsed(m.Progress.Elapsed())}), w), "")
		switch {
		case m.env.D.Print == nil:
			add(para(st.Muted, "No printer: show the customer the receipt on screen."))
		case m.PrintErr != nil:
			add(para(st.Error, "✗ Not printed: "+kit.Sentence(kit.PrintReason(m.PrintErr))),
				para(st.Muted, "The sale is safe in the journal. Press p to try again, or reprint it later from the Journal."))
		case m.Prints == 0:
			add(para(st.Muted, "Press p to print the receipt."))
		default:
			add(st.Success.Render("✓ Receipt printed."))
		}
	case flow.ResDeclined:
		add(st.BannerBad.Render(m.env.T("tui.res.declined")), "", what, "",
			ui.KV(st, append([][2]string{{"Reason", reason}}, facts...), w), "",
			unless("No airtime was sent and nothing was charged: give the customer their cash back, "+
				"or change the number or the amount and try again."))
	case flow.ResNotSent:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sent")), "", what, "",
			ui.KV(st, append([][2]string{{"Reason", reason}}, facts...), w), "",
			unless("Nothing was sent to the provider and no airtime was delivered; you may try again."))
	case flow.ResBlocked:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sold")), "", what, "",
			para(st.Warning, ui.Clean(m.env.Err(m.SellErr))), "",
			para(st.Text, "This number already has an airtime sale that is not settled: the customer may "+
				"already have that airtime. Settle it first on the Unresolved sales screen (u); do NOT sell "+
				"again to this number until then."))
		if paid != "" {
			add("", unless(""))
		}
	case flow.ResRefused:
		add(st.BannerBad.Render(m.env.T("tui.res.not_sold")), "", what, "",
			para(st.Error, ui.Clean(m.env.Err(m.SellErr))), "",
			unless("Nothing was journaled or sent to the provider; you may try again."))
	case flow.ResPending:
		add(st.BannerWarn.Render("… PENDING"), "", what, "",
			ui.KV(st, append(facts, [2]string{"Last answer", reason}), w), "",
			para(st.Text, "The provider accepted the sale and will confirm it. The till keeps checking with "+
				"the same reference — do NOT sell again to this number until it is settled."))
	case flow.ResSupervisor:
		add(st.BannerBad.Render(m.env.T("tui.res.supervisor")), "", what, "",
			ui.KV(st, append(facts, [2]string{"Why", s.Note}), w), "",
			para(st.Text, "The till cannot settle this sale on its own: a supervisor must check with the "+
				"provider. Do NOT sell again to this number until it is settled."))
	default:
		last := reason
		if m.SellErr != nil {
			last = ui.Clean(m.env.Err(m.SellErr))
		}
		add(st.BannerWarn.Render(m.env.T("tui.res.in_doubt"))+"  "+st.Warning.Render(kit.CheckingNote(m.env, s)), "", what, "",
			ui.KV(st, append(facts, [2]string{"Last answer", last}), w), "",
			para(st.Text, "The provider did not answer; the till will keep checking with the same reference "+
				"— do NOT sell again to this number until it is settled."),
			st.Muted.Render("Follow it on the Unresolved sales screen (u)."))
	}
	return strings.Join(parts, "\n")
}
