package backoffice

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
)

// Closing a business day that still has unresolved or refund-due sales
// (sale.CloseNeedsOverride) needs a supervisor: with sale.Auth, the
// end-of-day screen asks for a sale.ActionCloseDay override for the day,
// and once it is granted closes the day through its ForceCloseDayMsg hook,
// by that supervisor. The Z report lists the sales either way.

// overrideTagCloseDay tags the end-of-day screen's override requests.
const overrideTagCloseDay = "close-day"

// closeNeedsOverride reports whether closing the day shown needs a
// supervisor's override.
func (m *EndOfDay) closeNeedsOverride() bool {
	return m.env.D.Auth != nil && m.loaded && sale.CloseNeedsOverride(m.report)
}

// askCloseOverride asks a supervisor to authorise closing the day shown.
func (m *EndOfDay) askCloseOverride() tea.Cmd {
	r := m.report
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: overrideTagCloseDay, Action: sale.ActionCloseDay, Subject: m.day,
		Title: m.env.T("eod.force_title", m.day),
		Why:   m.env.T("eod.force_why"),
		Rows: [][2]string{
			{"Unresolved", strconv.Itoa(len(r.Unresolved))},
			{"Refund due", strconv.Itoa(len(r.RefundDue))},
			{"Sales", strconv.Itoa(r.Sales)},
		},
	})
}

// onOverride closes the day once a supervisor authorised it.
func (m *EndOfDay) onOverride(msg kit.OverrideMsg) tea.Cmd {
	if msg.Tag != overrideTagCloseDay || msg.Cancelled || msg.Override.Subject != m.day {
		return nil
	}
	m.refused = nil
	return m.forceClose(ForceCloseDayMsg{Day: msg.Override.Subject, By: msg.Override.Supervisor})
}
