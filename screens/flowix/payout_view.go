package flowix

import (
	"fmt"
	"strings"

	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// View draws the current step (kit.Component).
func (m *Payout) View() string {
	st, e := m.env.St, m.env
	cur := map[PayoutStep]int{PayoutBank: 0, PayoutAccount: 1, PayoutChecking: 1, PayoutHolder: 2,
		PayoutAmount: 3, PayoutConfirm: 4, PayoutSending: 5, PayoutResult: 5}[m.step]
	steps := e.TrAll([]string{"Bank", "Account", "Holder", "Amount", "Confirm", "Done"})
	steps[2] = e.T("fxr.po.step_holder") // "Nama": six steps fit 80 columns in Indonesian
	head := flow.Stepper(st, steps, cur, m.width) + "\n\n"
	switch m.step {
	case PayoutBank:
		return head + m.viewBanks()
	case PayoutAccount, PayoutChecking:
		s := head + st.Strong.Render(ui.Clean(m.bank.Name)) + st.Muted.Render("  ·  "+ui.Clean(m.bank.Code)) + "\n\n" +
			st.Text.Render(e.T("fxr.po.account")) + "\n" + m.account.View() + "\n"
		switch {
		case m.step == PayoutChecking:
			return s + m.progress.View() + "  " + st.Muted.Render(e.T("fxr.po.asking"))
		case m.refused != nil:
			return s + st.Error.Render(ui.Wrap("✗ "+ui.Clean(e.Err(m.refused)), m.width))
		case m.checkErr != nil:
			return s + st.Error.Render(ui.Wrap("✗ "+ui.Clean(e.Err(m.checkErr)), m.width)) + "\n\n" +
				st.Muted.Render(ui.Wrap(e.T("fxr.po.check_failed"), m.width))
		}
		return s + st.Muted.Render(e.T("fxr.po.press_enter"))
	case PayoutHolder, PayoutConfirm:
		return head + m.confirm.View()
	case PayoutAmount:
		return head + st.Text.Render(e.T("fxr.po.to")) + st.Strong.Render(ui.Clean(m.payee.AccountName)) +
			st.Muted.Render("  ·  "+ui.Clean(m.bank.Code)+" "+m.payee.AccountNumber) + "\n\n" +
			st.Text.Render(e.T("fxr.po.amount")) + st.Muted.Render(e.T("fxr.po.at_least", e.Money(sale.FlowixMinPayout))) + "\n" +
			m.amount.View() + "\n" + m.amount.Status()
	case PayoutSending:
		o := m.Sale.Order
		return head + m.Sale.viewSelling(e.T("fxr.po.sending", e.Money(o.Amount), ui.Clean(o.Params[sale.FlowixParamAccountName])), m.facts(), m.width)
	}
	return m.Sale.viewResult(m.words(), m.facts(), m.width, m.height)
}

func (m *Payout) viewBanks() string {
	st, e := m.env.St, m.env
	var b strings.Builder
	b.WriteString(st.Strong.Render(e.T("fxr.po.where")) + "\n\n")
	switch {
	case len(m.banks) == 0 && m.loading:
		return b.String() + st.Muted.Render(e.T("fxr.po.reading"))
	case len(m.banks) == 0 && m.banksErr != nil:
		return b.String() + st.Error.Render(ui.Wrap("✗ "+ui.Clean(e.Err(m.banksErr)), m.width)) + "\n\n" +
			st.Muted.Render(e.T("fxr.try_r"))
	case len(m.banks) == 0:
		return b.String() + st.Warning.Render(e.T("fxr.po.none"))
	}
	for i, bk := range m.banks {
		num := "   "
		if i < 9 {
			num = fmt.Sprintf("%d  ", i+1)
		}
		kind := e.T("fxr.po.bank")
		if strings.EqualFold(bk.Type, "ewallet") {
			kind = e.T("fxr.po.ewallet")
		}
		text := " " + num + ui.Pad(ui.Clean(bk.Name), 28) + " " + ui.Pad(ui.Clean(bk.Code), 9) + " " + kind + " "
		if i == m.cursor {
			b.WriteString(st.Marker.Render("›") + " " + st.Selected.Render(text) + "\n")
		} else {
			b.WriteString("  " + st.Text.Render(text) + "\n")
		}
	}
	return b.String()
}

// facts are the transfer's details on the sending and result steps.
func (m *Payout) facts() [][2]string {
	o := m.Sale.Order
	return [][2]string{
		{"To", o.Params[sale.FlowixParamAccountName]},
		{"Account", o.Params[sale.FlowixParamBankCode] + " " + o.Target.Value},
		{"Amount", m.env.Money(o.Amount)},
	}
}

// words are what the result step says.
func (m *Payout) words() fxWords {
	o, e := m.Sale.Order, m.env
	return fxWords{
		What:      e.T("fxr.po.what", e.Money(o.Amount), o.Params[sale.FlowixParamAccountName], o.Params[sale.FlowixParamBankCode], o.Target.Value),
		Delivered: e.T("fxr.po.delivered"),
		Declined:  e.T("fxr.po.declined"),
		Pending:   e.T("fxr.po.pending"),
		Again:     e.T("fxr.po.again"),
	}
}
