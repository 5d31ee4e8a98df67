package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
)

// Keys are the bindings every screen shares. Screens copy the ones they use
// into their own key map and enable or disable them by state, so the help
// footer only ever shows keys that work.
type Keys struct {
	// Up and Down move a selection (also k and j).
	Up, Down key.Binding
	// PageUp and PageDown scroll a long text.
	PageUp, PageDown key.Binding
	// Enter chooses, goes on or confirms.
	Enter key.Binding
	// Back (esc) goes back a step or a screen.
	Back key.Binding
	// Quit (q) quits from the home screen.
	Quit key.Binding
	// Interrupt (ctrl+c) quits from home and asks first elsewhere.
	Interrupt key.Binding
	// Help (?) is reserved for a full help view.
	Help key.Binding
}

// NewKeys returns the till's global key bindings.
func NewKeys() Keys {
	return Keys{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "select")),
		Down:      key.NewBinding(key.WithKeys("down", "j")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "scroll")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Interrupt: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
	}
}

// Bind returns a binding for keys with help text, enabled.
func Bind(helpKey, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// Relabel returns b with its help text replaced, for a screen that uses a
// global key for something more specific ("enter" → "sell").
func Relabel(b key.Binding, helpKey, desc string) key.Binding {
	b.SetHelp(helpKey, desc)
	return b
}

// Without returns b without the keys a screen binds to something else, so
// the vim keys (k and j on Up and Down) work only where nothing is bound to
// them: on a menu whose "j" opens the journal, j opens the journal.
func Without(b key.Binding, taken ...string) key.Binding {
	var keep []string
	for _, k := range b.Keys() {
		if !slices.Contains(taken, k) {
			keep = append(keep, k)
		}
	}
	b.SetKeys(keep...)
	return b
}
