package screens

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/ui"
)

// The airtime flow's supervisor override: a sale refused by the
// same-target guard or the per-sale limit (sale.NeedsOverride) can be sold
// once a supervisor authorises exactly that order. Other sale flows do the
// same: RequestOverrideCmd with sale.ActionSell and sale.SellSubject of the
// order, then Engine.SellWith (or VendWith) with the granted override.

// XaOverrideTag tags the airtime flow's override requests.
const XaOverrideTag = "airtime"

// overridable reports whether the result on screen is a refusal a
// supervisor may override.
func (m *XaFlow) overridable() bool {
	return m.step == XaStepResult && m.Sold.Ref == "" && m.env.D.Auth != nil && sale.NeedsOverride(m.SellErr)
}

// askOverride asks a supervisor to authorise the refused order.
func (m *XaFlow) askOverride() tea.Cmd {
	o := m.Order
	return RequestOverrideCmd(OverrideRequestMsg{
		Tag: XaOverrideTag, Action: sale.ActionSell, Subject: sale.SellSubject(o),
		Title: "sell " + o.Amount.String() + " airtime",
		Why:   m.env.Err(m.SellErr),
		Rows: [][2]string{
			{"Product", ui.Clean(o.ProductName)},
			{"Mobile", ui.LocalMobile(o.Target.Value) + " (" + o.Target.Value + ")"},
			{"Amount", o.Amount.String()},
		},
	})
}

// OnOverride sells the order at once when a supervisor authorised it.
func (m *XaFlow) OnOverride(msg OverrideMsg) tea.Cmd {
	if msg.Tag != XaOverrideTag || msg.Cancelled || !m.overridable() {
		return nil
	}
	ov := msg.Override
	m.Override = &ov
	return m.StartSale()
}
