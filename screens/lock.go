package screens

import (
	tea "charm.land/bubbletea/v2"

	"till/screens/auth"
)

// checkIdle locks the till when the signed-in cashier has not pressed a
// key for Deps.IdleLock. It never locks while a sale is in flight; it
// looks again at the next clock tick.
func (a *App) checkIdle() tea.Cmd {
	s := &a.auth
	if a.env.D.Auth == nil || s.cashier.ID == "" || s.gate != nil || a.Busy() {
		return nil
	}
	if a.env.D.Now().Sub(s.lastKey) >= a.env.D.IdleLock {
		return a.lock()
	}
	return nil
}

// lock shows the idle lock over whatever is on screen. An open override
// dialog is cancelled: its screen gets a cancelled OverrideMsg.
func (a *App) lock() tea.Cmd {
	s := &a.auth
	s.gate = auth.NewLockGate(a.env, s.cashier)
	return a.closeDialog()
}
