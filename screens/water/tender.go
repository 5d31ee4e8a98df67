package water

import (
	tea "charm.land/bubbletea/v2"
)

// The water flow's tender step (flow/tender.go), as the airtime flow's: after
// the confirm step the customer pays — cash, or M-Pesa where the till takes
// shillings — and only a settled payment leads to the recharge.

// openTender moves from the confirm step to the tender step.
func (m *Flow) openTender() tea.Cmd {
	m.step = StepTender
	return m.Run.OpenTender(m.env, m.now, m.width, m.height)
}

// paidNote is what the result says about a non-cash payment: due back when
// the recharge failed, waiting unused when it was refused.
func (m *Flow) paidNote() string { return m.Run.PaidNoteFor(m.env, m.Run.Result()) }
