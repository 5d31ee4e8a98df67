package flowix

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// CashGate is every check before the customer pays, for a sale paid in
// cash at the counter without a tender step (a bill, a bank payout: the
// cashier takes the cash and confirms). The confirmation asks the engine
// first (Engine.CanPayWith: limits, an unsettled sale to the same target,
// a supervisor needed, the provider) and says not to take the cash when
// the till would refuse; a refusal a supervisor may lift offers o, and the
// granted override goes with the sale (fxSale.override).
type CashGate struct {
	Tag      string
	Err      error
	override *sale.Override
}

// Check asks the engine about o under the gate's override and returns what
// the confirmation says about it ("" when the sale would be accepted).
func (g *CashGate) Check(e *kit.Env, o sale.Order) string {
	g.Err = nil
	if e.D.Engine == nil {
		return ""
	}
	if g.Err = e.D.Engine.CanPayWith(o, g.override); g.Err == nil {
		return ""
	}
	note := e.T("fxr.gate.no_cash", e.Err(g.Err))
	if g.Overridable(e) {
		note += e.T("fxr.gate.may")
	}
	return note
}

// Overridable reports whether the refusal is one a supervisor may lift, on
// a till with supervisors.
func (g *CashGate) Overridable(e *kit.Env) bool {
	return g.Err != nil && e.D.Auth != nil && e.D.Engine != nil && sale.NeedsOverride(g.Err)
}

// Ask asks a supervisor to authorise exactly o.
func (g *CashGate) Ask(e *kit.Env, o sale.Order) tea.Cmd {
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: g.Tag, Action: e.D.Engine.OverrideAction(o), Subject: sale.SellSubject(o),
		Title: e.T("fxr.gate.title", e.Money(o.Amount), flow.KindWord(e, o.Kind), o.Target.Value), Why: e.Err(g.Err),
		Rows: [][2]string{{"Sale", kit.OrderLineIn(e, o)}, {"Amount", e.Money(o.Amount)}},
	})
}

// Granted takes a supervisor's answer for this gate: true when an
// override was granted (the confirmation is then shown again).
func (g *CashGate) Granted(msg kit.OverrideMsg) bool {
	if msg.Tag != g.Tag || msg.Cancelled {
		return false
	}
	ov := msg.Override
	g.override = &ov
	return true
}

// ConfirmKey is a key on the confirmation of o: the override key asks a
// supervisor when the refusal is one they may lift; yes starts the sale in
// s with the override granted on this confirmation (used once). It returns
// what the confirmation decided, for the caller's next step.
func (g *CashGate) ConfirmKey(e *kit.Env, k tea.KeyPressMsg, override key.Binding, c *ui.Confirm, s *Sale, o sale.Order) (ui.ConfirmAction, tea.Cmd) {
	if key.Matches(k, override) && g.Overridable(e) {
		return ui.ConfirmNone, g.Ask(e, o)
	}
	switch a := c.Update(k); a {
	case ui.ConfirmYes:
		s.Override, g.override = g.override, nil
		return a, s.start(o)
	default:
		return a, nil
	}
}
