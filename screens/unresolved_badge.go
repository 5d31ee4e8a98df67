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
