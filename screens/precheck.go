package screens

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// cashGate is every check before the customer pays, for a sale paid in
// cash at the counter without a tender step (a bill, a bank payout: the
// cashier takes the cash and confirms). The confirmation asks the engine
// first (Engine.CanPayWith: limits, an unsettled sale to the same target,
// a supervisor needed, the provider) and says not to take the cash when
// the till would refuse; a refusal a supervisor may lift offers o, and the
// granted override goes with the sale (fxSale.override).
type cashGate struct {
	tag      string
	err      error
	override *sale.Override
}

// check asks the engine about o under the gate's override and returns what
// the confirmation says about it ("" when the sale would be accepted).
func (g *cashGate) check(e *env, o sale.Order) string {
	g.err = nil
	if e.D.Engine == nil {
		return ""
	}
	if g.err = e.D.Engine.CanPayWith(o, g.override); g.err == nil {
		return ""
	}
	note := "! Do NOT take the cash: " + sale.ErrorMessage(g.err)
	if g.overridable(e) {
		note += " A supervisor may allow it: press o."
	}
	return note
}

// overridable reports whether the refusal is one a supervisor may lift, on
// a till with supervisors.
func (g *cashGate) overridable(e *env) bool {
	return g.err != nil && e.D.Auth != nil && e.D.Engine != nil && sale.NeedsOverride(g.err)
}

// ask asks a supervisor to authorise exactly o.
func (g *cashGate) ask(e *env, o sale.Order) tea.Cmd {
	return RequestOverrideCmd(OverrideRequestMsg{
		Tag: g.tag, Action: e.D.Engine.OverrideAction(o), Subject: sale.SellSubject(o),
		Title: o.Amount.String() + " " + string(o.Kind) + " to " + o.Target.Value, Why: sale.ErrorMessage(g.err),
		Rows: [][2]string{{"Sale", orderLine(o)}, {"Amount", o.Amount.String()}},
	})
}

// granted takes a supervisor's answer for this gate: true when an
// override was granted (the confirmation is then shown again).
func (g *cashGate) granted(msg OverrideMsg) bool {
	if msg.Tag != g.tag || msg.Cancelled {
		return false
	}
	ov := msg.Override
	g.override = &ov
	return true
}
