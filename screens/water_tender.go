package screens

import (
	tea "charm.land/bubbletea/v2"
)

// The water flow's tender step (tender.go), as the airtime flow's: after
// the confirm step the customer pays — cash, or M-Pesa where the till takes
// shillings — and only a settled payment leads to the recharge.

// openTender moves from the confirm step to the tender step.
func (m *water) openTender() tea.Cmd {
	m.step = waterTender
	return m.flowRun.openTender(m.env, m.now, m.width, m.height)
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
		m.tenderPaid() // with the override granted on the gate, before the customer paid
		cmd = tea.Batch(cmd, m.startSale())
	}
	m.updateKeys()
	return cmd
}

// paidNote is what the result says about a non-cash payment: due back when
// the recharge failed, waiting unused when it was refused.
func (m *water) paidNote() string { return m.flowRun.paidNote(m.flowRun.result()) }
