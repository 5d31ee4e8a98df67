package auth

import (
	"strings"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// NewLockGate is the idle lock: the gate for the cashier who was signed
// in, waiting for their PIN. What was on screen stays as it was under it;
// esc signs them out so another cashier can sign in.
func NewLockGate(e *kit.Env, c sale.Cashier) *SignIn {
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
