package flash

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// The Flash flows' supervisor override, as airtime's (airtime/override.go): a
// sale the engine refuses with sale.NeedsOverride — a refund or a cancel
// (sale.Limits.Supervised), the per-sale limit, an unresolved sale to the
// same target — is sold once a supervisor authorises exactly that order
// with their own PIN. A supervised kind opens the dialog at once; the
// result screen offers `o` for every such refusal (and again after esc).

// overrideTag tags the flow's override requests: one per screen, as the
// answer is delivered to every stacked screen.
func (f *Flow) overrideTag() string { return "flash:" + strconv.Itoa(int(f.spec.id)) }

// overridable reports whether the result on screen is a refusal a
// supervisor may override.
func (f *Flow) overridable() bool {
	return f.step == StepResult && f.Sold.Ref == "" && f.env.D.Auth != nil && sale.NeedsOverride(f.SellErr)
}

// askOverride asks a supervisor to authorise the refused order: the
// action the engine wants for it (refund, cancel, or sell past a guard).
func (f *Flow) askOverride() tea.Cmd {
	e, o := f.env, f.Order
	act := e.D.Engine.OverrideAction(o)
	rows := [][2]string{{"What", ui.Clean(f.productName())}} // the dialog writes the labels in the till's language
	if o.ProductName == "" {
		rows[0][1] = f.what()
	}
	if v := o.Target.Value; v != "" {
		rows = append(rows, [2]string{"For", ui.Clean(v)})
	}
	if orig := o.Params[sale.FlashParamOriginal]; orig != "" {
		rows = append(rows, [2]string{"Sale", ui.Clean(orig)})
	}
	rows = append(rows, [2]string{"Amount", e.Money(o.Amount)})
	what := act.String()
	if k, ok := actionKeys[act]; ok {
		what = e.T(k)
	}
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: f.overrideTag(), Action: act, Subject: sale.SellSubject(o),
		Title: e.T("fla.ov.title", what, e.Money(o.Amount), f.what()),
		Why:   e.Err(f.SellErr),
		Rows:  rows,
	})
}

// actionKeys are the catalogue keys of what a Flash flow asks a
// supervisor to allow (their English is sale.Action's String).
var actionKeys = map[sale.Action]string{
	sale.ActionSell: "fla.act.sell", sale.ActionRefund: "fla.act.refund", sale.ActionCancel: "fla.act.cancel",
}

// OnOverride sells the order at once when a supervisor authorised it.
func (f *Flow) OnOverride(msg kit.OverrideMsg) tea.Cmd {
	if msg.Tag != f.overrideTag() || msg.Cancelled || !f.overridable() {
		return nil
	}
	ov := msg.Override
	f.Override = &ov
	return f.StartSale()
}

// refusedCmd is what a refusal starts: the override dialog at once when
// the kind is never sold without a supervisor.
func (f *Flow) refusedCmd() tea.Cmd {
	if f.overridable() && sale.ErrorCode(f.SellErr) == sale.CodeSupervised {
		return f.askOverride()
	}
	return nil
}
