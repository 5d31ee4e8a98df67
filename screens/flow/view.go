package flow

import (
	"strconv"
	"strings"

	"till/screens/kit"
	"till/ui"
)

// The views every sale flow shares.

// ListRow is one row of a grouped list: a product (its index) or a group's
// heading (index -1).
type ListRow struct {
	Text  string
	Index int
}

// GroupedWindow is the h rows of a grouped list that keep the cursor's row
// (and its heading) in view; the last says how many more there are when
// the list goes on.
func GroupedWindow(e *kit.Env, rows []ListRow, cursor, h int) []string {
	cur := 0
	for i, r := range rows {
		if r.Index == cursor {
			cur = i
		}
	}
	top := 0
	if cur >= h {
		top = cur - h + 1
	}
	if top > 0 && top == cur && rows[cur-1].Index == -1 {
		top--
	}
	end := min(top+h, len(rows))
	lines := make([]string, 0, h)
	for _, r := range rows[top:end] {
		lines = append(lines, r.Text)
	}
	if end < len(rows) {
		lines[len(lines)-1] = e.St.Muted.Render(e.T("jnl.more", len(rows)-end+1))
	}
	return lines
}

// Stepper is the step line of every sale flow: done steps ticked, the
// current one numbered and bold, the rest muted.
func Stepper(st *ui.Styles, names []string, cur, width int) string {
	parts := make([]string, len(names))
	for i, n := range names {
		switch {
		case i < cur:
			parts[i] = st.Success.Render("✓ " + n)
		case i == cur:
			parts[i] = st.Title.Render(strconv.Itoa(i+1) + " " + n)
		default:
			parts[i] = st.Muted.Render(strconv.Itoa(i+1) + " " + n)
		}
	}
	sep := "  ›  "
	if width < 64 {
		sep = " › "
	}
	return strings.Join(parts, st.Muted.Render(sep))
}
