package airtime

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// The airtime flow's supervisor override: a sale refused by the
// same-target guard or the per-sale limit (sale.NeedsOverride) can be sold
// once a supervisor authorises exactly that order. Other sale flows do the
// same: kit.RequestOverrideCmd with sale.ActionSell and sale.SellSubject of the
// order, then Engine.SellWith (or VendWith) with the granted override.

// OverrideTag tags the airtime flow's override requests.
const OverrideTag = "airtime"

// overridable reports whether the result on screen is a refusal a
// supervisor may override.
func (m *Flow) overridable() bool {
	return m.step == StepResult && m.Sold.Ref == "" && m.env.D.Auth != nil && sale.NeedsOverride(m.SellErr)
}

// askOverride asks a supervisor to authorise the refused order.
func (m *Flow) askOverride() tea.Cmd {
	o := m.Order
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: OverrideTag, Action: sale.ActionSell, Subject: sale.SellSubject(o),
		Title: m.env.T("air.override", m.env.Money(o.Amount)),
		Why:   m.env.Err(m.SellErr),
		Rows: [][2]string{
			{"Product", ui.Clean(o.ProductName)},
			{"Mobile", ui.LocalMobile(o.Target.Value) + " (" + o.Target.Value + ")"},
			{"Amount", m.env.Money(o.Amount)},
		},
	})
}

// OnOverride sells the order at once when a supervisor authorised it.
func (m *Flow) OnOverride(msg kit.OverrideMsg) tea.Cmd {
	if msg.Tag != OverrideTag || msg.Cancelled || !m.overridable() {
		return nil
	}
	ov := msg.Override
	m.Override = &ov
	return m.StartSale()
}
