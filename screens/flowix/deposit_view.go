package flowix

import (
	"cmp"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// View draws the current step (kit.Component).
func (m *Deposit) View() string {
	st, e := m.env.St, m.env
	cur := map[DepositStep]int{DepositMethod: 0, DepositAmount: 1, DepositFee: 2, DepositConfirm: 3, DepositPaying: 4, DepositResult: 4}[m.step]
	head := flow.Stepper(st, m.env.TrAll([]string{"Method", "Amount", "Fee", "Confirm", "Pay"}), cur, m.width) + "\n\n"
	switch m.step {
	case DepositMethod:
		return head + m.viewMethods()
	case DepositAmount:
		dm := m.method
		return head + m.chosen() + "\n\n" +
			st.Text.Render(e.T("fxr.dep.amount")) + st.Muted.Render("  ("+e.Money(dm.Min)+" – "+e.Money(dm.Max)+")") + "\n" +
			m.amount.View() + "\n" + m.amount.Status()
	case DepositFee:
		return head + m.viewFee()
	case DepositConfirm:
		return head + m.confirm.View()
	case DepositPaying:
		title := st.Title.Render(m.env.T("fxr.qris.scan", ui.Clean(m.method.Name))) + "\n"
		if m.pay != nil && m.pay.VirtualAccount() {
			title = st.Title.Render(e.T("fxr.dep.va", ui.Clean(m.method.Name))) + "\n"
		}
		return title + m.pay.View()
	}
	return m.viewResult()
}

// chosen recalls the method chosen.
func (m *Deposit) chosen() string {
	st := m.env.St
	dm := m.method
	return st.Strong.Render(ui.Clean(dm.Name)) + st.Muted.Render("  ·  "+m.env.T("fxr.dep.fee", feeText(m.env, dm)))
}

func (m *Deposit) viewMethods() string {
	st, e := m.env.St, m.env
	var b strings.Builder
	b.WriteString(st.Strong.Render(e.T("fxr.dep.how")) + "\n\n")
	switch {
	case len(m.methods) == 0 && m.loading:
		return b.String() + st.Muted.Render(e.T("fxr.dep.reading"))
	case len(m.methods) == 0 && m.methodsErr != nil:
		return b.String() + st.Error.Render(ui.Wrap("✗ "+ui.Clean(e.Err(m.methodsErr)), m.width)) + "\n\n" +
			st.Muted.Render(e.T("fxr.try_r"))
	case len(m.methods) == 0:
		return b.String() + st.Warning.Render(e.T("fxr.dep.none"))
	}
	for i, dm := range m.methods {
		num := "   "
		if i < 9 {
			num = fmt.Sprintf("%d  ", i+1)
		}
		kind := strings.ToUpper(ui.Clean(dm.Type))
		limits := e.Money(dm.Min) + " – " + e.Money(dm.Max)
		text := " " + num + ui.Pad(ui.Clean(dm.Name), 22) + " " + ui.Pad(kind, 6) + " " + ui.Pad(limits, 26) + " "
		fee := st.Muted.Render(e.T("fxr.dep.fee", feeText(e, dm)))
		if i == m.cursor {
			b.WriteString(st.Marker.Render("›") + " " + st.Selected.Render(text) + " " + fee + "\n")
		} else {
			b.WriteString("  " + st.Text.Render(text) + " " + fee + "\n")
		}
	}
	b.WriteString("\n" + st.Muted.Render(ui.Wrap(e.T("fxr.dep.methods_are"), m.width)))
	return b.String()
}

func (m *Deposit) viewFee() string {
	st, e := m.env.St, m.env
	fee := estimateFee(m.method, m.money)
	withFee, _ := m.money.Add(fee)
	less := sale.New(max(m.money.Minor-fee.Minor, 0), sale.IDR)
	opts := []struct {
		on   bool
		text string
		hint string
	}{
		{m.feeByCo, e.T("fxr.dep.customer_pays"), e.T("fxr.dep.pays", e.Money(withFee), e.Money(m.money))},
		{!m.feeByCo, e.T("fxr.dep.fee_off_deposit"), e.T("fxr.dep.pays_about", e.Money(m.money), e.Money(less))},
	}
	var b strings.Builder
	b.WriteString(m.chosen() + st.Muted.Render("  ·  ") + st.Strong.Render(e.Money(m.money)) + "\n\n")
	b.WriteString(st.Text.Render(e.T("fxr.dep.who", e.Money(fee))) + "\n\n")
	pad := 0 // the longer option (29 in English)
	for _, o := range opts {
		pad = max(pad, lipgloss.Width(o.text))
	}
	for i, o := range opts {
		text := fmt.Sprintf(" %d  %s ", i+1, ui.Pad(o.text, pad))
		if o.on {
			b.WriteString(st.Marker.Render("›") + " " + st.Selected.Render(text) + "  " + st.Muted.Render(o.hint) + "\n")
		} else {
			b.WriteString("  " + st.Text.Render(text) + "  " + st.Muted.Render(o.hint) + "\n")
		}
	}
	return b.String()
}

// viewResult shows how the payment ended; a paid deposit's receipt stands
// beside it.
func (m *Deposit) viewResult() string {
	st := m.env.St
	s := m.done.Sale
	left := m.width - m.env.D.ReceiptWidth - 4
	w := m.width
	if m.receipt != "" && left >= 30 {
		w = left
	}
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }
	e := m.env
	what := st.Strong.Render(e.T("fxr.dep.what", e.Money(m.money), ui.Clean(m.method.Name)))
	kv := func(rows [][2]string) string { return ui.KV(st, e.TrRows(rows), w) } // kit/lang.go
	facts := [][2]string{{"Sale", string(s.Ref)}}
	if s.PendingID != "" {
		facts = append(facts, [2]string{"Reference", s.PendingID})
	}
	var parts []string
	switch m.done.Outcome {
	case flow.QRISPaid:
		var items [][2]string
		for _, it := range s.Outcome.Items {
			items = append(items, [2]string{it.Label, it.Value})
		}
		parts = append(parts, st.BannerOK.Render(m.env.T("tui.res.paid")), "", what, "", ui.KV(st, append(e.TrRows(facts), e.Labels(items)...), w), "",
			para(st.Text, e.T("fxr.dep.paid")))
		switch {
		case m.env.D.Print == nil:
			parts = append(parts, para(st.Muted, e.T("fxr.dep.no_printer")))
		case m.prints > 0:
			parts = append(parts, st.Success.Render(e.T("fxr.printed")))
		default:
			parts = append(parts, para(st.Muted, e.T("fxr.press_p")))
		}
	case flow.QRISExpired:
		parts = append(parts, st.BannerBad.Render(e.T("fxr.dep.expired")), "", what, "", kv(facts), "",
			para(st.Text, e.T("fxr.dep.expired_is")))
	case flow.QRISCancelled:
		parts = append(parts, st.BannerBad.Render(e.T("fxr.dep.cancelled")), "", what, "", kv(facts), "",
			para(st.Text, e.T("fxr.dep.cancelled_is")))
	case flow.QRISUnresolved:
		parts = append(parts, st.BannerWarn.Render(m.env.T("tui.res.in_doubt")), "", what, "",
			kv(append(facts, [2]string{"Last answer", cmp.Or(m.env.LastWord(s), e.T("jnl.no_answer"))})), "",
			para(st.Text, e.T("fxr.dep.lost")))
	default:
		reason := cmp.Or(m.env.LastWord(s), e.T("jnl.no_answer"))
		if m.done.Err != nil {
			reason = ui.Clean(e.Err(m.done.Err))
		}
		parts = append(parts, st.BannerBad.Render(e.T("fxr.dep.not_created")), "", what, "",
			kv(append(facts, [2]string{"Reason", reason})), "",
			para(st.Text, e.T("fxr.dep.not_created_is")))
	}
	out := strings.Join(parts, "\n")
	if m.receipt == "" {
		return out
	}
	box := st.Receipt.Width(m.env.D.ReceiptWidth + 2).Render(m.pager.View())
	if left < 30 {
		return out + "\n" + box
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, ui.Block(out, left), "  ", box)
}
