package flow

import (
	"charm.land/bubbles/v2/key"

	"till/sale"
	"till/screens/kit"
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
func (t *Tender) updateKeys() {
	k := &t.keys
	kit.Enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Switch, &k.Notes, &k.Notes2, &k.Exact, &k.Next, &k.Check, &k.Demo, &k.Back, &k.Print, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch t.step {
	case StepRefused:
		k.Back.SetEnabled(true)
		k.Override.SetEnabled(t.overridable())
	case StepChoose:
		kit.Enable(true, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back)
		k.Enter.SetHelp("enter", "choose")
	case StepCash:
		kit.Enable(true, &k.Enter, &k.Notes, &k.Notes2, &k.Exact, &k.Next, &k.Back)
		k.Enter.SetHelp("enter", "take cash")
	case StepMpesa, StepVoucher:
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "next")
		if t.step == StepVoucher || t.onPhone {
			k.Enter.SetHelp("enter", "take payment")
		}
		k.Switch.SetEnabled(t.step == StepMpesa)
		k.Back.SetEnabled(true)
	case StepCard:
		has := len(t.customers) > 0
		kit.EnablePick(has, &k.Up, &k.Down, &k.Pick, &k.Enter)
		k.Back.SetEnabled(true)
	case StepConfirm:
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "confirm")
		k.Switch.SetEnabled(true)
		k.Switch.SetHelp("tab", "switch")
		k.Back.SetEnabled(true)
	case StepQRIS:
		k.Back.SetEnabled(!t.Busy() && !t.qris.Waiting())
	case StepWaiting:
		k.Check.SetEnabled((t.paid.State == sale.StateInDoubt || t.paid.State == sale.StatePending) && !t.checking)
		k.Demo.SetEnabled(t.canDemo())
		k.Print.SetEnabled(t.env.D.Print != nil && t.paid.State == sale.StatePending && t.qrPayload() != "" && !t.code.printing)
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "stop waiting")
	}
	if t.step != StepConfirm {
		k.Switch.SetHelp("tab", "next field")
	}
}

// Keys are the bindings of the current step, for the help footer.
func (t *Tender) Keys() []key.Binding {
	if t.step == StepConfirm || (t.step == StepQRIS && t.qris.Dialog()) {
		return DialogKeys(t.env.Keys, "confirm", "back")
	}
	if t.step == StepQRIS {
		return append(t.qris.Keys(), t.keys.Back)
	}
	return t.keys.ShortHelp()
}
