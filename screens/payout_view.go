package screens

import (
	"fmt"
	"strings"

	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// View draws the current step (Component).
func (m *XxPayout) View() string {
	st := m.env.St
	cur := map[XxPayoutStep]int{XxPayoutBank: 0, XxPayoutAccount: 1, XxPayoutChecking: 1, XxPayoutHolder: 2,
		XxPayoutAmount: 3, XxPayoutConfirm: 4, XxPayoutSending: 5, XxPayoutResult: 5}[m.step]
	head := flow.Stepper(st, m.env.TrAll([]string{"Bank", "Account", "Holder", "Amount", "Confirm", "Done"}), cur, m.width) + "\n\n"
	switch m.step {
	case XxPayoutBank:
		return head + m.viewBanks()
	case XxPayoutAccount, XxPayoutChecking:
		s := head + st.Strong.Render(ui.Clean(m.bank.Name)) + st.Muted.Render("  ·  "+ui.Clean(m.bank.Code)) + "\n\n" +
			st.Text.Render("Account or e-wallet number") + "\n" + m.account.View() + "\n"
		switch {
		case m.step == XxPayoutChecking:
			return s + m.progress.View() + "  " + st.Muted.Render("asking the bank who holds this account… nothing is sent yet")
		case m.refused != nil:
			return s + st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(m.refused)))
		case m.checkErr != nil:
			return s + st.Error.Render(ui.Wrap("✗ "+ui.Clean(sale.ErrorMessage(m.checkErr)), m.width)) + "\n\n" +
				st.Muted.Render("Nothing was sent. Check the number with the customer and press enter to try again.")
		}
		return s + st.Muted.Render("press enter to look up the account holder (nothing is sent yet)")
	case XxPayoutHolder, XxPayoutConfirm:
		return head + m.confirm.View()
	case XxPayoutAmount:
		return head + st.Text.Render("To ") + st.Strong.Render(ui.Clean(m.payee.AccountName)) +
			st.Muted.Render("  ·  "+ui.Clean(m.bank.Code)+" "+m.payee.AccountNumber) + "\n\n" +
			st.Text.Render("Amount to send") + st.Muted.Render("  (at least "+FlowixMinPayout.String()+")") + "\n" +
			m.amount.View() + "\n" + m.amount.Status()
	case XxPayoutSending:
		o := m.Sale.Order
		return head + m.Sale.viewSelling("Sending "+o.Amount.String()+" to "+ui.Clean(o.Params[FlowixParamAccountName]), m.facts(), m.width)
	}
	return m.Sale.viewResult(m.words(), m.facts(), m.width, m.height)
}

func (m *XxPayout) viewBanks() string {
	st := m.env.St
	var b strings.Builder
	b.WriteString(st.Strong.Render("Where does the money go?") + "\n\n")
	switch {
	case len(m.banks) == 0 && m.loading:
		return b.String() + st.Muted.Render("reading the banks from Flowix…")
	case len(m.banks) == 0 && m.banksErr != nil:
		return b.String() + st.Error.Render(ui.Wrap("✗ "+ui.Clean(sale.ErrorMessage(m.banksErr)), m.width)) + "\n\n" +
			st.Muted.Render("Press r to try again.")
	case len(m.banks) == 0:
		return b.String() + st.Warning.Render("Flowix lists no banks for payouts.")
	}
	for i, bk := range m.banks {
		num := "   "
		if i < 9 {
			num = fmt.Sprintf("%d  ", i+1)
		}
		kind := "bank"
		if strings.EqualFold(bk.Type, "ewallet") {
			kind = "e-wallet"
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
func (m *XxPayout) facts() [][2]string {
	o := m.Sale.Order
	return [][2]string{
		{"To", o.Params[FlowixParamAccountName]},
		{"Account", o.Params[FlowixParamBankCode] + " " + o.Target.Value},
		{"Amount", o.Amount.String()},
	}
}

// words are what the result step says.
func (m *XxPayout) words() fxWords {
	o := m.Sale.Order
	return fxWords{
		What:      o.Amount.String() + " to " + o.Params[FlowixParamAccountName] + " (" + o.Params[FlowixParamBankCode] + " " + o.Target.Value + ")",
		Delivered: "The money was sent. Give the customer the receipt.",
		Declined:  "No money was sent: give the customer their cash back.",
		Pending:   "Flowix accepted the transfer and is sending it.",
		Again:     "this account",
	}
}
