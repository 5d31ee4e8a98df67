package screens

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/ui"
)

// `?` opens the full key map of the screen on top (bubbles help, ShowAll)
// over the screen, on every screen; `?` or esc closes it, and any other key
// closes it and goes to the screen, so a key read in the map works at once.
// Where the cursor is in a text field that takes '?' (a note, a search),
// '?' is typed instead: such a screen says so with TakesText.

// takesText is a screen whose focused text field would take a typed '?'.
type takesText interface{ TakesText() bool }

// helpKey is the binding that opens the key map, shown first in every
// footer so it is never cut off at the end of a narrow one.
var helpKey = ui.Bind("?", "keys", "?")

// keyMapKey handles `?` and the keys pressed while the map is open; done
// reports that the key was used up.
func (a *App) keyMapKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if a.keyMap {
		a.keyMap = false
		a.help.ShowAll = false
		switch k.String() {
		case "?", "esc":
			return nil, true
		}
		return nil, false
	}
	if k.String() != "?" || a.typing() {
		return nil, false
	}
	if b, ok := a.Active().(busy); ok && b.Busy() {
		return nil, false // keys are locked until the provider answers
	}
	a.keyMap = true
	a.help.ShowAll = true
	return nil, true
}

// typing reports whether '?' belongs to a text field on the active screen.
func (a *App) typing() bool {
	t, ok := a.Active().(takesText)
	return ok && t.TakesText()
}

// keyMapBody is the full key map drawn in place of the screen: the
// screen's keys, then the ones that work everywhere.
func (a *App) keyMapBody(w, h int) string {
	st := a.env.St
	global := []key.Binding{ui.Bind("? esc", "close this", "?"), ui.Bind("ctrl+c", "quit (asks first)", "ctrl+c")}
	tr := helpIn{l: a.env.D.Language}
	if a.env.D.Auth != nil {
		global = append(global, ui.Bind("ctrl+l", "lock the till", "ctrl+l"))
	}
	cols := append(a.Active().FullHelp(), global)
	for i, c := range cols {
		cols[i] = tr.tr(c)
	}
	a.help.SetWidth(w)
	defer a.help.SetWidth(a.width - 2)
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render(a.env.T("tui.keymap.title", a.env.Tr(a.Active().Title()))) + "\n\n")
	b.WriteString(a.help.View(allKeys(cols))) // ShowAll: the full help
	b.WriteString("\n\n" + st.Muted.Render(ui.Wrap(a.env.T("tui.keymap.close"), w)))
	_ = h
	return b.String()
}

// footerKeys is the active screen's key map with `?` first.
type footerKeys struct{ help.KeyMap }

// ShortHelp returns `?` and the screen's bindings (help.KeyMap).
func (k footerKeys) ShortHelp() []key.Binding {
	return append([]key.Binding{helpKey}, k.KeyMap.ShortHelp()...)
}

// allKeys is a key map of columns, for the help model's full view.
type allKeys [][]key.Binding

// ShortHelp returns the first column (help.KeyMap).
func (k allKeys) ShortHelp() []key.Binding { return k[0] }

// FullHelp returns the columns (help.KeyMap).
func (k allKeys) FullHelp() [][]key.Binding { return k }
