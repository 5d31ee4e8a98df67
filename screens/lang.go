package screens

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"till/i18n"
)

// The TUI's frame in the till's language (Deps.Language, [till] language):
// the header, the breadcrumb, the help line, the home menu and the result
// banners go through the i18n catalogue. Screens keep their labels in
// English; they are translated where they are drawn (i18n.Lang.Screen).

// helpIn is a screen's key map with its help texts translated.
type helpIn struct {
	km help.KeyMap
	l  i18n.Lang
}

func (h helpIn) tr(bs []key.Binding) []key.Binding {
	out := make([]key.Binding, len(bs))
	for i, b := range bs {
		hb := b.Help()
		b.SetHelp(hb.Key, h.l.Screen(hb.Desc))
		out[i] = b
	}
	return out
}

// ShortHelp is the translated short help (help.KeyMap).
func (h helpIn) ShortHelp() []key.Binding { return h.tr(h.km.ShortHelp()) }

// FullHelp is the translated full help (help.KeyMap).
func (h helpIn) FullHelp() [][]key.Binding {
	cols := h.km.FullHelp()
	out := make([][]key.Binding, len(cols))
	for i, c := range cols {
		out[i] = h.tr(c)
	}
	return out
}

// headerDate is the header's date, "Mon 2 Jan" ("Sen 2 Jan" in Indonesian).
func headerDate(l i18n.Lang, t time.Time) string {
	return l.T("tui.day."+t.Format("Mon")) + " " + t.Format("2") + " " + l.T("tui.month."+t.Format("Jan"))
}
