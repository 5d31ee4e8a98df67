package water

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// The water flow's supervisor override on the result: a recharge refused
// at the sale for a reason a supervisor may lift (the same-target guard,
// the per-sale limit; sale.NeedsOverride) after the customer paid — the
// tender step's gate asks first, so this is the rare race — is sold once a
// supervisor authorises exactly it (o). The key is offered only when it
// works.

// OverrideTag tags the water flow's override requests.
const OverrideTag = "water"

// overridable reports whether the result is a refusal a supervisor may
// lift, on a till with supervisors.
func (m *Flow) overridable() bool {
	return m.step == StepResult && m.Sold.Ref == "" && m.env.D.Auth != nil && m.env.D.Engine != nil && sale.NeedsOverride(m.SellErr)
}

// askOverride asks a supervisor to authorise the refused recharge.
func (m *Flow) askOverride() tea.Cmd {
	o := m.Order
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: OverrideTag, Action: m.env.D.Engine.OverrideAction(o), Subject: sale.SellSubject(o),
		Title: m.env.T("wat.override", m.env.Money(o.Amount)), Why: m.env.Err(m.SellErr),
		Rows: [][2]string{{"Device", ui.Clean(o.Target.Value)}, {"Amount", m.env.Money(o.Amount)}},
	})
}

// OnOverride sells the recharge at once when a supervisor authorised it.
func (m *Flow) OnOverride(msg kit.OverrideMsg) tea.Cmd {
	if msg.Tag != OverrideTag || msg.Cancelled || !m.overridable() {
		return nil
	}
	ov := msg.Override
	m.Override = &ov
	return m.StartSale()
}
