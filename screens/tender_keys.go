package screens

import (
	"charm.land/bubbles/v2/key"

	"till/sale"
)

// The tender step's keys: each enabled only when it works now.

type tenderKeys struct {
	Up, Pick, Enter, Switch, Notes, Exact, Next, Check, Demo, Back key.Binding
	Down, Notes2, Print, Override                                  key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k tenderKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Pick, k.Enter, k.Switch, k.Notes, k.Next, k.Exact, k.Check, k.Print, k.Demo, k.Override, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k tenderKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// updateKeys enables exactly the keys that work now.
func (t *XfTender) updateKeys() {
	k := &t.keys
	enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Switch, &k.Notes, &k.Notes2, &k.Exact, &k.Next, &k.Check, &k.Demo, &k.Back, &k.Print, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch t.step {
	case XfStepRefused:
		k.Back.SetEnabled(true)
		k.Override.SetEnabled(t.overridable())
	case XfStepChoose:
		enable(true, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back)
		k.Enter.SetHelp("enter", "choose")
	case XfStepCash:
		enable(true, &k.Enter, &k.Notes, &k.Notes2, &k.Exact, &k.Next, &k.Back)
		k.Enter.SetHelp("enter", "take cash")
	case XfStepMpesa, XfStepVoucher:
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "next")
		if t.step == XfStepVoucher || t.onPhone {
			k.Enter.SetHelp("enter", "take payment")
		}
		k.Switch.SetEnabled(t.step == XfStepMpesa)
		k.Back.SetEnabled(true)
	case XfStepCard:
		has := len(t.customers) > 0
		enablePick(has, &k.Up, &k.Down, &k.Pick, &k.Enter)
		k.Back.SetEnabled(true)
	case XfStepConfirm:
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "confirm")
		k.Switch.SetEnabled(true)
		k.Switch.SetHelp("tab", "switch")
		k.Back.SetEnabled(true)
	case XfStepQRIS:
		k.Back.SetEnabled(!t.Busy() && !t.qris.Waiting())
	case XfStepWaiting:
		k.Check.SetEnabled((t.paid.State == sale.StateInDoubt || t.paid.State == sale.StatePending) && !t.checking)
		k.Demo.SetEnabled(t.canDemo())
		k.Print.SetEnabled(t.env.D.Print != nil && t.paid.State == sale.StatePending && t.qrPayload() != "" && !t.code.printing)
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "stop waiting")
	}
	if t.step != XfStepConfirm {
		k.Switch.SetHelp("tab", "next field")
	}
}

// Keys are the bindings of the current step, for the help footer.
func (t *XfTender) Keys() []key.Binding {
	if t.step == XfStepConfirm || (t.step == XfStepQRIS && t.qris.Dialog()) {
		return XfDialogKeys(t.env.Keys, "confirm", "back")
	}
	if t.step == XfStepQRIS {
		return append(t.qris.Keys(), t.keys.Back)
	}
	return t.keys.ShortHelp()
}
