package flowix

import (
	tea "charm.land/bubbletea/v2"

	"till/screens/flow"
	"till/screens/kit"
)

// The pulsa flow's tender step (flow/tender.go), as the airtime flow's: after
// the confirm step the customer pays — cash, or QRIS (the Flowix QRISPay
// component) where the till takes rupiah — and only a settled payment
// leads to the sale.

// openTender moves from the confirm step to the tender step.
func (m *Pulsa) openTender() tea.Cmd {
	m.tender = flow.NewTender(m.env, m.order(), m.now)
	m.tender.SetSize(m.width, m.height-2)
	m.tender.SetFullHeight(m.height)
	m.step = PulsaTender
	return m.tender.Init()
}

// updateTender gives msg to the tender step and acts on what it decides.
func (m *Pulsa) updateTender(msg tea.Msg) tea.Cmd {
	act, cmd := m.tender.Update(msg)
	switch msg := msg.(type) {
	case kit.ClockMsg:
		m.now = msg.Now
	case kit.CatalogueMsg:
		m.onCatalogue(msg)
	case AccountMsg:
		if msg.Err == nil {
			a := msg.Account
			m.acct = &a
		}
	}
	switch act {
	case flow.TenderBack:
		m.openConfirm()
	case flow.TenderPaid:
		m.step = PulsaSelling
		m.Sale.Override = m.tender.Override() // granted on the gate, before the customer paid
		cmd = tea.Batch(cmd, m.Sale.startPaid(m.tender.Order(), m.tender.Payment()))
	}
	m.updateKeys()
	return cmd
}

// paidOnly reports whether the sale's non-cash payment is settled but no
// sale was journaled on it: it pays for this order only.
func (m *Pulsa) paidOnly() bool {
	return m.Sale.Order.Tender.Ref != "" && m.Sale.Sold.Ref == "" && !m.Sale.Selling
}
