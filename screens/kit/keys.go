package kit

import "charm.land/bubbles/v2/key"

// Helpers for the key maps: each binding is enabled only when it works.

// Enable sets whether each of bs works (and shows in the help footer).
func Enable(on bool, bs ...*key.Binding) {
	for _, b := range bs {
		b.SetEnabled(on)
	}
}

// EnablePick enables a pick list's keys when it has rows, enter choosing.
func EnablePick(has bool, up, down, pick, enter *key.Binding) {
	Enable(has, up, down, pick, enter)
	enter.SetHelp("enter", "choose")
}

// EnterBack enables enter, saying what it does, and back: a step the
// cashier goes on from or back out of.
func EnterBack(enter, back *key.Binding, what string) {
	enter.SetEnabled(true)
	enter.SetHelp("enter", what)
	back.SetEnabled(true)
}
