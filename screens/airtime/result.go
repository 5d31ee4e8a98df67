package airtime

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/ui"
)

func (m *Flow) keyResult(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.NewSale):
		m.reset()
	case key.Matches(k, m.keys.Amount):
		m.step = StepAmount
	case key.Matches(k, m.keys.Number):
		m.step = StepMobile
	case key.Matches(k, m.keys.Override):
		return m.askOverride() // override.go
	default:
		cmd, _ := m.ResultKey(m, k, m.keys.SaleKeys, m.keys.Back, m.env.D) // flow/run.go
		return cmd
	}
	return nil
}

// reset starts a new sale with the catalogue already loaded.
func (m *Flow) reset() {
	m.step = StepProduct
	m.product, m.number, m.money, m.Order = sale.Product{}, "", sale.Money{}, sale.Order{}
	m.mobile = ui.NewMobileInput(m.env.St)
	m.mobile.SetWidth(min(24, m.width-6))
	m.amount = m.env.MoneyInput(m.env.D.Currency)
	m.Ref, m.Sold, m.SellErr, m.Receipt, m.Prints, m.PrintErr = "", sale.Sale{}, nil, "", 0, nil
	m.Tender, m.Payment = nil, sale.Sale{}
	m.Pager.SetContent("")
}
