package screens

import (
	"context"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/ui"
)

// Component is one piece of the till's screen (soft-serve style): a
// Bubble Tea model whose view is a string, that can be resized, and whose
// key map (enabled by state) feeds the help footer.
type Component interface {
	help.KeyMap
	Init() tea.Cmd
	Update(msg tea.Msg) (Component, tea.Cmd)
	View() string
	SetSize(width, height int)
}

// Screen is a Component the App can stack.
type Screen interface {
	Component
	// ID is which screen this is.
	ID() ScreenID
	// Title is the breadcrumb text of the screen in its current state.
	Title() string
}

// busy is implemented by screens that may have a sale in flight; the App
// refuses to quit while any stacked screen is busy.
type busy interface{ Busy() bool }

// env is what every screen shares: the dependencies, the current styles
// (replaced in place when the background colour is learnt) and the keys.
type env struct {
	D    Deps
	St   *ui.Styles
	Keys ui.Keys
	// Ctx is cancelled when the App is closed; every command uses it.
	Ctx context.Context
}

// dialogKeys are the help of a confirm dialog: enter to confirm, tab to
// switch buttons, esc to go back.
func dialogKeys(k ui.Keys, yes, no string) []key.Binding {
	return []key.Binding{
		ui.Relabel(k.Enter, "enter", yes),
		ui.Bind("tab", "switch", "tab"),
		ui.Relabel(k.Back, "esc", no),
	}
}
