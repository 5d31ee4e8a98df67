package kit

import (
	"context"

	"charm.land/bubbles/v2/help"
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

// Env is what every screen shares: the dependencies, the current styles
// (replaced in place when the background colour is learnt) and the keys.
type Env struct {
	D    Deps
	St   *ui.Styles
	Keys ui.Keys
	// Ctx is cancelled when the App is closed; every command uses it.
	Ctx context.Context
}
