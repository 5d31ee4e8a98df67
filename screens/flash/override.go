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
	o := f.Order
	act := f.env.D.Engine.OverrideAction(o)
	rows := [][2]string{{"What", ui.Clean(o.ProductName)}}
	if o.ProductName == "" {
		rows[0][1] = f.spec.what
	}
	if v := o.Target.Value; v != "" {
		rows = append(rows, [2]string{"For", ui.Clean(v)})
	}
	if orig := o.Params[sale.FlashParamOriginal]; orig != "" {
		rows = append(rows, [2]string{"Sale", ui.Clean(orig)})
	}
	rows = append(rows, [2]string{"Amount", o.Amount.String()})
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: f.overrideTag(), Action: act, Subject: sale.SellSubject(o),
		Title: act.String() + ": " + o.Amount.String() + " " + f.spec.what,
		Why:   f.env.Err(f.SellErr),
		Rows:  rows,
	})
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
