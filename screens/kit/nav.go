package kit

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// NavigateMsg opens a screen on top of the current one.
type NavigateMsg struct {
	To ScreenID
	// Ref is the sale a ScreenSale shows (or ScreenSupervise settles).
	Ref sale.Reference
}

// BackMsg closes the current screen.
type BackMsg struct{}

// HomeMsg closes every screen down to the home menu.
type HomeMsg struct{}

// QuitRequestMsg asks to quit the till; it is refused while a sale is in
// flight.
type QuitRequestMsg struct{}

// ErrorMsg shows an error on the status line.
type ErrorMsg struct{ Err error }

// StatusMsg shows information on the status line.
type StatusMsg struct {
	Text string
	// Key, when set, is the status's catalogue key and Args its arguments:
	// the App shows it in the till's language (code without an Env uses
	// it: StatusKeyCmd).
	Key  string
	Args []any
}

// ClockMsg is the one-second clock that drives the header and every
// elapsed or relative time on screen.
type ClockMsg struct{ Now time.Time }

// SaleUpdateMsg carries a sale the engine just changed (journaled, sent,
// answered, settled, reprinted).
type SaleUpdateMsg struct{ Sale sale.Sale }

// UnresolvedMsg carries the sales that still need settling.
type UnresolvedMsg struct {
	Sales []sale.Sale
	Err   error
}

// NavigateCmd returns a command that opens screen to.
func NavigateCmd(to ScreenID, ref sale.Reference) tea.Cmd {
	return func() tea.Msg { return NavigateMsg{To: to, Ref: ref} }
}

// BackCmd returns a command that closes the current screen.
func BackCmd() tea.Msg { return BackMsg{} }

// HomeCmd returns a command that goes back to the home menu.
func HomeCmd() tea.Msg { return HomeMsg{} }

// QuitRequestCmd returns a command that asks to quit.
func QuitRequestCmd() tea.Msg { return QuitRequestMsg{} }

// ErrorCmd returns a command that shows err on the status line.
func ErrorCmd(err error) tea.Cmd {
	return func() tea.Msg { return ErrorMsg{Err: err} }
}

// StatusKeyCmd shows the catalogue text key on the status line, in the
// till's language.
func StatusKeyCmd(key string, args ...any) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Key: key, Args: args} }
}

// StatusCmd returns a command that shows text on the status line.
func StatusCmd(text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text} }
}
