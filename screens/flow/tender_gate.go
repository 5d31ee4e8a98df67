package flow

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// Every check before the customer pays. The tender step opens on a gate:
// the engine is asked (Engine.CanPayWith: the order is valid, its provider
// configured, within the limits, no unresolved sale to its target, not a
// kind that needs a supervisor) before any tender is offered. A refusal a
// supervisor may lift (sale.NeedsOverride) asks for the override right
// there — o — and the granted override goes with the payment (PayWith) and
// the sale (VendWith, the flow takes it from Override()). Any other
// refusal says why and nothing is taken. Every flow with a tender step
// (airtime, Flash products, water, pulsa) gets it.

// StepRefused is the gate's step (TenderStep continues tender.go's): the
// order was refused before any payment — why, and an override if one can
// lift it.
const StepRefused TenderStep = 100

// admit asks the engine, now, whether the order would be accepted under
// the override the step holds, and opens the choice of tender or the
// refusal. The engine reads its journal and limits only (no provider is
// called), so it is asked in step; Pay and Vend ask again.
func (t *Tender) admit() {
	e := t.env.D.Engine
	if e == nil {
		return
	}
	if err := e.CanPayWith(t.order, t.override); err != nil {
		t.step, t.gateErr = StepRefused, err
		return
	}
	t.step, t.gateErr = StepChoose, nil
}

// Override is the supervisor's override the order was let through under
// (nil for none): the flow sells with it (VendWith).
func (t *Tender) Override() *sale.Override { return t.override }

// overrideTag tags this step's override requests.
func (t *Tender) overrideTag() string { return "tender-" + strconv.FormatInt(t.id, 10) }

// updateGate handles the gate's messages; handled is false for the rest.
func (t *Tender) updateGate(msg tea.Msg) (TenderAction, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case kit.OverrideMsg:
		if msg.Tag != t.overrideTag() || t.step != StepRefused {
			return TenderNone, nil, true
		}
		if msg.Cancelled {
			return TenderNone, nil, true
		}
		ov := msg.Override
		t.override = &ov
		t.admit()
		return TenderNone, nil, true
	case tea.KeyPressMsg:
		if t.step != StepRefused {
			return TenderNone, nil, false
		}
		switch {
		case key.Matches(msg, t.keys.Back):
			return TenderBack, nil, true
		case key.Matches(msg, t.keys.Override) && t.overridable():
			return TenderNone, t.askOverride(), true
		}
		return TenderNone, nil, true
	}
	return TenderNone, nil, false
}

// overridable reports whether the refusal on the gate is one a supervisor
// may lift, on a till that keeps supervisors.
func (t *Tender) overridable() bool {
	return t.step == StepRefused && t.env.D.Auth != nil && sale.NeedsOverride(t.gateErr)
}

// askOverride asks a supervisor to authorise exactly this order.
func (t *Tender) askOverride() tea.Cmd {
	o, e := t.order, t.env
	rows := [][2]string{{"Sale", kit.OrderLineIn(e, o)}, {"Amount", e.Money(o.Amount)}}
	if o.Target.Value != "" {
		rows = append(rows, [2]string{o.Target.Kind.Label(), o.Target.Value})
	}
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: t.overrideTag(), Action: e.D.Engine.OverrideAction(o), Subject: sale.SellSubject(o),
		Title: e.T("tnd.gate.sell", e.Money(o.Amount), KindWord(e, o.Kind)), Why: e.Err(t.gateErr), Rows: rows,
	})
}

// viewGate draws the refusal and what to do.
func (t *Tender) viewGate() string {
	st, e := t.env.St, t.env
	var b strings.Builder
	b.WriteString(t.head(e.T("tnd.gate.title", e.Money(t.order.Amount))))
	b.WriteString("\n\n")
	b.WriteString(st.BannerBad.Render(e.T("tnd.gate.banner")) + "\n\n")
	b.WriteString(st.Error.Render(ui.Wrap(ui.Clean(t.env.Err(t.gateErr)), t.width)) + "\n\n")
	switch {
	case t.overridable():
		b.WriteString(ui.Wrap(e.T("tnd.gate.override"), t.width))
	case sale.NeedsOverride(t.gateErr):
		b.WriteString(ui.Wrap(e.T("tnd.gate.no_sup"), t.width))
	default:
		b.WriteString(ui.Wrap(e.T("tnd.gate.change"), t.width))
	}
	return b.String()
}
