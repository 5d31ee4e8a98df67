package screens

import (
	"charm.land/bubbles/v2/key"

	"till/ui"
)

// busy is implemented by screens that may have a sale in flight; the App
// refuses to quit while any stacked screen is busy.
type busy interface{ Busy() bool }

// dialogKeys are the help of a confirm dialog: enter to confirm, tab to
// switch buttons, esc to go back.
func dialogKeys(k ui.Keys, yes, no string) []key.Binding {
	return []key.Binding{
		ui.Relabel(k.Enter, "enter", yes),
		ui.Bind("tab", "switch", "tab"),
		ui.Relabel(k.Back, "esc", no),
	}
}
