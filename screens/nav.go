package screens

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// ScreenID names a screen of the till.
type ScreenID int

// Screens.
const (
	// ScreenHome is the main menu.
	ScreenHome ScreenID = iota
	// ScreenAirtime is the airtime sale flow.
	ScreenAirtime
	// ScreenUnresolved lists the sales still being settled.
	ScreenUnresolved
	// ScreenJournal lists and searches the journal.
	ScreenJournal
	// ScreenSale shows one sale and its receipt.
	ScreenSale
	// ScreenWater is the 1Flow water recharge flow.
	ScreenWater
	// ScreenSupervise settles one unresolved sale by hand.
	ScreenSupervise
)

// String names the screen as the breadcrumb shows it.
func (s ScreenID) String() string {
	switch s {
	case ScreenHome:
		return "Home"
	case ScreenAirtime:
		return "Sell airtime"
	case ScreenUnresolved:
		return "Unresolved sales"
	case ScreenJournal:
		return "Journal"
	case ScreenSale:
		return "Sale"
	case ScreenWater:
		return "Sell water"
	case ScreenSupervise:
		return "Supervisor settlement"
	}
	return "Unknown"
}

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
type StatusMsg struct{ Text string }

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

// StatusCmd returns a command that shows text on the status line.
func StatusCmd(text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text} }
}
