package screens

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/screens/auth"
	"till/screens/flow"
	"till/ui"
)

// Minimum terminal size the till draws its screens in; below it a notice
// asks for a bigger window.
const (
	minWidth  = 60
	minHeight = 16
)

// chrome is the number of lines around a screen: header, breadcrumb,
// status line and help footer.
const chrome = 4

// contentSize is the room a screen gets: the window less the chrome and a
// one-column margin on each side.
func (a *App) contentSize() (int, int) {
	return max(a.width-2, 1), max(a.height-chrome, 1)
}

// View draws the header, the breadcrumb, the active screen (or the quit
// dialog), the status line and the help footer, exactly filling the window.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "Till " + a.env.D.StoreID + "/" + a.env.D.TerminalID
	return v
}

func (a *App) render() string {
	st := a.env.St
	if a.width < minWidth || a.height < minHeight {
		msg := a.env.T("tui.small_window", minWidth, minHeight, a.width, a.height)
		return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, st.Warning.Render(msg))
	}
	w, h := a.contentSize()
	body := a.authBody(a.Active().View(), w, h) // signin_app.go: the sign-in gate or an override dialog
	if a.keyMap && a.auth.gate == nil && a.auth.dialog == nil {
		body = a.keyMapBody(w, h) // help_keys.go
	}
	if a.quit != nil {
		body = lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, a.quit.View())
	}
	lines := []string{a.header(), a.crumb()}
	for _, l := range fit(body, w, h, a.env.T("tui.more_below")) {
		lines = append(lines, " "+l)
	}
	lines = append(lines, a.statusLine(), " "+a.footer())
	for i, l := range lines {
		lines[i] = ui.Truncate(l, a.width)
	}
	return strings.Join(lines, "\n")
}

// fit cuts or pads s to exactly h lines of at most w cells; a screen too
// long for the window ends in a "more" mark.
func fit(s string, w, h int, mark string) []string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > h {
		// Never cut silently: the last line says there is more.
		lines = append(lines[:h-1], moreMark(mark, w))
	}
	for i, l := range lines {
		lines[i] = ui.Truncate(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// header is the top bar: the till, DEMO or LIVE, the unresolved count and
// the clock.
func (a *App) header() string {
	st, d := a.env.St, a.env.D
	left := st.HeaderStrong.Render(" TILL ") + st.Header.Render(" "+ui.Clean(d.StoreID)+" · "+ui.Clean(d.TerminalID)+" ")
	mode := st.Live.Render(a.env.T("tui.live"))
	if d.Demo || d.DemoConfig {
		mode = st.Demo.Render(a.env.T("tui.demo"))
	}
	unres := a.unresolvedBadge() // unresolved_badge.go
	now := a.now.In(d.Location)
	clock := st.HeaderStrong.Render(" " + now.Format("15:04:05") + " ")
	date := st.Header.Render(headerDate(d.Language, now)) // lang.go
	right := date + clock
	middle := mode + st.Header.Render(" ") + unres
	if hq := a.headOfficeLag(); hq != "" { // headoffice.go
		middle += st.Header.Render(" ") + hq
	}
	gap := a.width - lipgloss.Width(left) - lipgloss.Width(middle) - lipgloss.Width(right)
	if gap < 2 {
		right = clock
		gap = a.width - lipgloss.Width(left) - lipgloss.Width(middle) - lipgloss.Width(right)
	}
	gap = max(gap, 0)
	lg := gap / 2
	return left + st.Header.Render(strings.Repeat(" ", lg)) + middle + st.Header.Render(strings.Repeat(" ", gap-lg)) + right
}

// crumb is the breadcrumb of the stacked screens.
func (a *App) crumb() string {
	parts := make([]string, 0, len(a.stack))
	for _, s := range a.stack {
		parts = append(parts, a.env.Tr(s.Title()))
	}
	c := strings.Join(parts, " › ")
	who := a.authCrumb() // signin_app.go: the signed-in cashier
	if a.auth.gate != nil && a.auth.gate.Mode != auth.GateLocked {
		c = a.env.T("tui.sign_in")
	}
	left := a.env.St.Crumb.Render(ui.TruncateLeft(c, max(a.width-2-lipgloss.Width(who), 10)))
	if who == "" {
		return " " + left
	}
	return " " + left + strings.Repeat(" ", max(a.width-1-lipgloss.Width(left)-lipgloss.Width(who), 1)) + who
}

// statusLine is the last message or error, if any.
func (a *App) statusLine() string {
	st := a.env.St
	switch {
	case a.status == "":
		return ""
	case a.statusErr:
		return " " + st.StatusError.Render("✗ "+a.status)
	default:
		return " " + st.StatusInfo.Render(a.status)
	}
}

// footer is the help line built from the active screen's key map (or the
// quit dialog's keys).
func (a *App) footer() string {
	if a.quit != nil {
		return a.help.ShortHelpView(helpIn{l: a.env.D.Language}.tr(flow.DialogKeys(a.env.Keys, "quit", "stay")))
	}
	if f, ok := a.authFooter(); ok { // signin_app.go
		return f
	}
	if b, ok := a.Active().(busy); ok && b.Busy() {
		return a.env.St.Muted.Render(a.env.T("tui.keys_locked"))
	}
	if a.keyMap {
		return a.help.ShortHelpView(helpIn{l: a.env.D.Language}.tr([]key.Binding{ui.Bind("? esc", "close the key map", "?")}))
	}
	return a.help.View(helpIn{footerKeys{a.Active()}, a.env.D.Language}) // help_keys.go: `?` first; lang.go: in the till's language
}
