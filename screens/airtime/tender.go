package airtime

import (
	tea "charm.land/bubbletea/v2"
)

// The airtime flow's tender step (flow/tender.go): after the confirm step the
// customer pays, and only a settled payment leads to the sale.

// openTender moves from the confirm step to the tender step.
func (m *Flow) openTender() tea.Cmd {
	m.step = StepTender
	return m.Run.OpenTender(m.env, m.now, m.width, m.height)
}
