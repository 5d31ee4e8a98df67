package screens

import (
	"strings"

	"till/ui"
)

// The views every sale flow shares.

// flowStepper is the step line of every sale flow: done steps ticked, the
// current one numbered and bold, the rest muted.
func flowStepper(st *ui.Styles, names []string, cur, width int) string {
	parts := make([]string, len(names))
	for i, n := range names {
		switch {
		case i < cur:
			parts[i] = st.Success.Render("✓ " + n)
		case i == cur:
			parts[i] = st.Title.Render(itoa(i+1) + " " + n)
		default:
			parts[i] = st.Muted.Render(itoa(i+1) + " " + n)
		}
	}
	sep := "  ›  "
	if width < 64 {
		sep = " › "
	}
	return strings.Join(parts, st.Muted.Render(sep))
}
