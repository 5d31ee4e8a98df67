package screens

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/ui"
)

// newLockGate is the idle lock: the gate for the cashier who was signed
// in, waiting for their PIN. What was on screen stays as it was under it;
// esc signs them out so another cashier can sign in.
func newLockGate(e *env, c sale.Cashier) *SignIn {
	g := NewSignIn(e)
	g.Mode, g.who = GateLocked, c
	return g
}

func (g *SignIn) lockedView(w int) string {
	st, e := g.env.St, g.env
	var b strings.Builder
	b.WriteString("\n" + st.BannerWarn.Render(e.T("sig.locked")) + "  " + st.Title.Render(e.T("sig.locked_itself")) + "\n\n")
	b.WriteString(st.Text.Render(ui.Wrap(e.T("sig.idle", ui.Clean(g.who.Name), ui.Clean(g.who.Name)), w)) + "\n\n")
	b.WriteString(lipgloss.JoinHorizontal(lipgloss.Center, st.Label.Render("PIN  "), g.pin.View()))
	b.WriteString("\n\n" + st.Muted.Render(ui.Wrap(e.T("sig.someone_else", ui.Clean(g.who.Name)), w)))
	return b.String()
}

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
	s.gate = newLockGate(a.env, s.cashier)
	return a.closeDialog()
}
