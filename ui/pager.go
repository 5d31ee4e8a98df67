package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Pager shows a block of text (a receipt) a window of lines at a time and
// scrolls with the arrows and page keys.
type Pager struct {
	lines  []string
	top    int
	height int
	st     *Styles
	// Mark is the scroll position's format: an arrow, the first and last
	// line shown and the count ("%s %d–%d of %d lines" when empty), for a
	// till that speaks another language.
	Mark string
}

// NewPager returns an empty pager.
func NewPager(st *Styles) Pager { return Pager{st: st, height: 10} }

// SetContent replaces the text, cleaning each line, and scrolls to the top.
func (p *Pager) SetContent(s string) {
	s = strings.TrimRight(s, "\n")
	p.lines = strings.Split(CleanLines(s), "\n")
	if s == "" {
		p.lines = nil
	}
	p.top = 0
}

// SetHeight sets how many lines are shown.
func (p *Pager) SetHeight(h int) {
	p.height = max(h, 1)
	p.clamp()
}

// Scrollable reports whether the text is longer than the window.
func (p Pager) Scrollable() bool { return len(p.lines) > p.height }

// clamp keeps the window on the text. A text that does not fit shows
// height-1 lines and the scroll position, so it scrolls until its last
// line is in view.
func (p *Pager) clamp() {
	last := max(len(p.lines)-p.height, 0)
	if p.Scrollable() {
		last = len(p.lines) - (p.height - 1)
	}
	p.top = min(p.top, last)
	p.top = max(p.top, 0)
}

// Update scrolls on up/down/pgup/pgdown/home/end and reports whether the key
// was used.
func (p *Pager) Update(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false
	}
	switch k.String() {
	case "up", "k":
		p.top--
	case "down", "j":
		p.top++
	case "pgup":
		p.top -= p.height - 1
	case "pgdown", "space":
		p.top += p.height - 1
	case "home":
		p.top = 0
	case "end":
		p.top = len(p.lines)
	default:
		return false
	}
	p.clamp()
	return true
}

// View renders the visible lines, with the last line replaced by a scroll
// position when the text does not fit.
func (p Pager) View() string {
	if len(p.lines) <= p.height {
		return strings.Join(p.lines, "\n")
	}
	end := min(p.top+p.height-1, len(p.lines))
	out := append([]string(nil), p.lines[p.top:end]...)
	arrow := "↓"
	if end == len(p.lines) {
		arrow = "↑" // the end: only up from here
	}
	mark := p.Mark
	if mark == "" {
		mark = "%s %d–%d of %d lines"
	}
	out = append(out, p.st.Muted.Render(fmt.Sprintf(mark, arrow, p.top+1, end, len(p.lines))))
	return strings.Join(out, "\n")
}
