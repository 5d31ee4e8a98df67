package screens

import (
	"strings"

	"till/sale"
)

// The header counts the sales that are unresolved — the answer was lost,
// the provider has not confirmed, or a supervisor must settle — and shows
// the ones on their first send apart: a sale the cashier is still waiting
// on at the counter is not yet a problem. "2 in doubt · 1 sending".

// unresolvedBadge is the header's count of unsettled sales.
func (a *App) unresolvedBadge() string {
	st := a.env.St
	if a.unresErr != nil {
		return st.Alert.Render(a.env.T("tui.journal_error"))
	}
	doubt, pending, sup, sending := 0, 0, 0, 0
	for _, s := range a.unresolved {
		switch {
		case firstSend(s):
			sending++
		case s.State == sale.StatePending:
			pending++
		case s.State == sale.StateNeedsSupervisor:
			sup++
		default:
			doubt++
		}
	}
	var parts []string
	for _, c := range []struct {
		n   int
		key string
	}{{doubt, "tui.in_doubt_n"}, {pending, "tui.pending_n"}, {sup, "tui.supervisor_n"}} {
		if c.n > 0 {
			parts = append(parts, a.env.T(c.key, c.n))
		}
	}
	var out string
	if len(parts) > 0 {
		out = st.Alert.Render(strings.Join(parts, " · "))
	}
	if sending > 0 {
		out += st.Header.Render(" ") + st.Calm.Render(a.env.T("tui.sending_n", sending))
	}
	if out == "" {
		return st.Calm.Render(a.env.T("tui.settled"))
	}
	return out
}

// firstSend reports whether s is on its first send: journaled and being
// sent, no answer lost yet. A resend (attempt 2 on) is a sale that was in
// doubt, and stays counted as one.
func firstSend(s sale.Sale) bool {
	return s.State == sale.StateNew || s.State == sale.StateSending && s.Attempts <= 1
}

// checkingNote says what the till is doing about a sale whose answer was lost:
// "in doubt — the till is checking · 2 attempts", on every result screen
// and in the unresolved list, so a lost answer never reads as a bare wait.
func checkingNote(e *env, s sale.Sale) string {
	return e.T("jnl.checking", e.Plural(s.Attempts, "jnl.attempt_one", "jnl.attempt_n"))
}
