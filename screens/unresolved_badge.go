package screens

import (
	"fmt"
	"strings"

	"till/sale"
)

// The header counts the sales that are unresolved — the answer was lost,
// the provider has not confirmed, or a supervisor must settle — and shows
// the ones on their first send apart: a sale the cashier is still waiting
// on at the counter is not yet a problem. "2 in doubt · 1 sending".

// unresolvedBadge is the header's count of unsettled sales.
func (a *App) unresolvedBadge() string {
	st := a.env.st
	if a.unresErr != nil {
		return st.Alert.Render("JOURNAL ERROR")
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
		n    int
		what string
	}{{doubt, "in doubt"}, {pending, "pending"}, {sup, "for a supervisor"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	var out string
	if len(parts) > 0 {
		out = st.Alert.Render(strings.Join(parts, " · "))
	}
	if sending > 0 {
		out += st.Header.Render(" ") + st.Calm.Render(fmt.Sprintf(" %d sending ", sending))
	}
	if out == "" {
		return st.Calm.Render(" all settled ")
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
func checkingNote(s sale.Sale) string {
	return "in doubt — the till is checking · " + plural(s.Attempts, "attempt", "attempts")
}
