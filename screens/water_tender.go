package screens

import (
	tea "charm.land/bubbletea/v2"
)

// The water flow's tender step (tender.go), as the airtime flow's: after
// the confirm step the customer pays — cash, or M-Pesa where the till takes
// shillings — and only a settled payment leads to the recharge.

// openTender moves from the confirm step to the tender step.
func (m *water) openTender() tea.Cmd {
	m.tender = newTender(m.env, m.order, m.now)
	m.tender.SetSize(m.width, m.height-2)
	m.tender.SetFullHeight(m.height)
	m.step = waterTender
	return m.tender.Init()
}

// updateTender gives msg to the tender step and acts on what it decides.
func (m *water) updateTender(msg tea.Msg) tea.Cmd {
	act, cmd := m.tender.Update(msg)
	if c, ok := msg.(ClockMsg); ok {
		m.now = c.Now
		m.progress.SetNow(c.Now)
	}
	switch act {
	case tenderBack:
		m.openConfirm()
	case tenderPaid:
		m.order, m.payment = m.tender.Order(), m.tender.Payment()
		m.override = m.tender.Override() // granted on the gate, before the customer paid
		cmd = tea.Batch(cmd, m.startSale())
	}
	m.updateKeys()
	return cmd
}

// paidOnly reports whether the order's non-cash payment is settled but no
// recharge was journaled on it: it pays for this order only.
func (m *water) paidOnly() bool { return m.order.Tender.Ref != "" && m.sold.Ref == "" }

// paidNote is what the result says about a non-cash payment: due back when
// the recharge failed, waiting unused when it was refused.
func (m *water) paidNote() string {
	r := m.result()
	return paidNoteOf(m.order, r == wDeclined || r == wNotSent, r == wRefused || r == wBlocked)
}
