package screens

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"till/ui"
)

// A window too small for everything on a screen never hides it silently:
// the screen is cut with a "more" mark (fit, app_view.go), and the home
// menu moves what must be seen — the Flowix balance — from under the menu
// to under its title when the menu is longer than the window.

// moreMark is the last line of a screen cut short by a small window:
// mark (tui.more_below, in the till's language) cut to w.
func moreMark(mark string, w int) string {
	return ui.Truncate(mark, w)
}

// acctLine is the Flowix balance when it goes at the top of the home
// menu: the menu with the balance under it would not fit the window.
// Otherwise "" (the balance stays under the menu).
func (h *home) acctLine() string {
	if h.acct == nil {
		return ""
	}
	line := h.acct.View(h.width)
	// The menu: the title (3 lines), an item per line, the gap before the
	// back office; under it a blank line and the balance; under that the
	// DEMO line (3) and the unresolved warning (3).
	need := 3 + len(h.items) + 1 + 1 + homeLines(line)
	if h.env.D.Demo || h.env.D.DemoConfig {
		need += 3
	}
	if h.unresolved > 0 {
		need += 3
	}
	if need <= h.height {
		return ""
	}
	return line
}

// homeLines is how many lines s takes.
func homeLines(s string) int {
	n := 1
	for _, r := range s {
		if r == '\n' {
			n++
		}
	}
	return n
}

// itemKeys is the home menu's full key map: the moves, then each item's
// key and label, in columns that fit the window.
func (h *home) itemKeys() [][]key.Binding {
	k := h.keys
	cols := [][]key.Binding{{k.Up, k.Enter, k.Refresh, k.Quit}}
	rows := max(h.height-8, 4)
	var col []key.Binding
	for _, it := range h.items {
		if it.key == "" || it.quit {
			continue
		}
		col = append(col, ui.Bind(it.key, strings.ToLower(it.label[:1])+it.label[1:], it.key))
		if len(col) == rows {
			cols, col = append(cols, col), nil
		}
	}
	if len(col) > 0 {
		cols = append(cols, col)
	}
	return cols
}
