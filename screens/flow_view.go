package screens

// The views every sale flow shares.

// listRow is one row of a grouped list: a product (its index) or a group's
// heading (index -1).
type listRow struct {
	text  string
	index int
}

// groupedWindow is the h rows of a grouped list that keep the cursor's row
// (and its heading) in view; the last says how many more there are when
// the list goes on.
func groupedWindow(e *env, rows []listRow, cursor, h int) []string {
	cur := 0
	for i, r := range rows {
		if r.index == cursor {
			cur = i
		}
	}
	top := 0
	if cur >= h {
		top = cur - h + 1
	}
	if top > 0 && top == cur && rows[cur-1].index == -1 {
		top--
	}
	end := min(top+h, len(rows))
	lines := make([]string, 0, h)
	for _, r := range rows[top:end] {
		lines = append(lines, r.text)
	}
	if end < len(rows) {
		lines[len(lines)-1] = e.St.Muted.Render(e.T("jnl.more", len(rows)-end+1))
	}
	return lines
}
