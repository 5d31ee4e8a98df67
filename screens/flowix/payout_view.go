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
	st := m.env.St
	cur := map[PayoutStep]int{PayoutBank: 0, PayoutAccount: 1, PayoutChecking: 1, PayoutHolder: 2,
		PayoutAmount: 3, PayoutConfirm: 4, PayoutSending: 5, PayoutResult: 5}[m.step]
	head := flow.Stepper(st, m.env.TrAll([]string{"Bank", "Account", "Holder", "Amount", "Confirm", "Done"}), cur, m.width) + "\n\n"
	switch m.step {
	case PayoutBank:
		return head + m.viewBanks()
	case PayoutAccount, PayoutChecking:
		s := head + st.Strong.Render(ui.Clean(m.bank.Name)) + st.Muted.Render("  ·  "+ui.Clean(m.bank.Code)) + "\n\n" +
			st.Text.Render("Account or e-wallet number") + "\n" + m.account.View() + "\n"
		switch {
		case m.step == PayoutChecking:
			return s + m.progress.View() + "  " + st.Muted.Render("asking the bank who holds this account… nothing is sent yet")
		case m.refused != nil:
			return s + st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(m.refused)))
		case m.checkErr != nil:
			return s + st.Error.Render(ui.Wrap("✗ "+ui.Clean(sale.ErrorMessage(m.checkErr)), m.width)) + "\n\n" +
				st.Muted.Render("Nothing was sent. Check the number with the customer and press enter to try again.")
		}
		return s + st.Muted.Render("press enter to look up the account holder (nothing is sent yet)")
	case PayoutHolder, PayoutConfirm:
		return head + m.confirm.View()
	case PayoutAmount:
		return head + st.Text.Render("To ") + st.Strong.Render(ui.Clean(m.payee.AccountName)) +
			st.Muted.Render("  ·  "+ui.Clean(m.bank.Code)+" "+m.payee.AccountNumber) + "\n\n" +
			st.Text.Render("Amount to send") + st.Muted.Render("  (at least "+sale.FlowixMinPayout.String()+")") + "\n" +
			m.amount.View() + "\n" + m.amount.Status()
	case PayoutSending:
		o := m.Sale.Order
		return head + m.Sale.viewSelling("Sending "+o.Amount.String()+" to "+ui.Clean(o.Params[sale.FlowixParamAccountName]), m.facts(), m.width)
	}
	return m.Sale.viewResult(m.words(), m.facts(), m.width, m.height)
}

func (m *Payout) viewBanks() string {
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
func (m *Payout) facts() [][2]string {
	o := m.Sale.Order
	return [][2]string{
		{"To", o.Params[sale.FlowixParamAccountName]},
		{"Account", o.Params[sale.FlowixParamBankCode] + " " + o.Target.Value},
		{"Amount", o.Amount.String()},
	}
}

// words are what the result step says.
func (m *Payout) words() fxWords {
	o := m.Sale.Order
	return fxWords{
		What:      o.Amount.String() + " to " + o.Params[sale.FlowixParamAccountName] + " (" + o.Params[sale.FlowixParamBankCode] + " " + o.Target.Value + ")",
		Delivered: "The money was sent. Give the customer the receipt.",
		Declined:  "No money was sent: give the customer their cash back.",
		Pending:   "Flowix accepted the transfer and is sending it.",
		Again:     "this account",
	}
}
