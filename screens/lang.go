package screens

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"till/i18n"
	"till/sale"
	"till/ui"
)

// The TUI's frame in the till's language (Deps.Language, [till] language):
// the header, the breadcrumb, the help line, the home menu and the result
// banners go through the i18n catalogue. Screens keep their labels in
// English; they are translated where they are drawn (i18n.Lang.Screen).

// tr is s in the till's language, when the catalogue has it.
func (e *env) tr(s string) string { return e.D.Language.Screen(s) }

// t is the catalogue's text of key in the till's language.
func (e *env) t(key string, args ...any) string { return e.D.Language.T(key, args...) }

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

// trRows translates the labels of key-value rows drawn by the frame
// (i18n.Lang.Screen); values are left as they are.
func (e *env) trRows(rows [][2]string) [][2]string {
	out := make([][2]string, len(rows))
	for i, r := range rows {
		out[i] = [2]string{e.tr(r[0]), r[1]}
	}
	return out
}

// labels translates the labels of a provider's answer (i18n.Lang.Label)
// and writes its amounts in the till's language.
func (e *env) labels(rows [][2]string) [][2]string {
	out := make([][2]string, len(rows))
	for i, r := range rows {
		v := r[1]
		if m, ok := sale.ParseFormatted(v); ok {
			v = e.D.Language.Money(m)
		}
		out[i] = [2]string{e.D.Language.Label(r[0]), v}
	}
	return out
}

// localise puts a confirm dialog built in English into the till's
// language: its title, row labels, buttons and note, where the catalogue
// has them (i18n.Lang.Screen).
func (e *env) localise(c *ui.Confirm) {
	c.Title, c.Yes, c.No, c.Note = e.tr(c.Title), e.tr(c.Yes), e.tr(c.No), e.tr(c.Note)
	c.Rows = e.trRows(c.Rows)
}

// trAll translates each of ss (a stepper's step names).
func (e *env) trAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = e.tr(s)
	}
	return out
}

// money writes m in the till's language (sale.Money.Format): the same as
// m.String() in English.
func (e *env) money(m sale.Money) string { return e.D.Language.Money(m) }

// moneyInput is an amount input in currency c that prompts and writes the
// amount in the till's language.
func (e *env) moneyInput(c sale.Currency) ui.MoneyInput {
	in := ui.NewMoneyInput(e.St, c)
	in.Prompt, in.Lang = e.t("tui.money.prompt"), string(e.D.Language)
	return in
}

// stateName is a state as the lists show it, in the till's language.
func (e *env) stateName(s sale.State) string {
	if k := "jnl.state." + string(s); i18n.Has(k) && e.D.Language == i18n.ID {
		return e.t(k)
	}
	return stateName(s)
}

// plural is "1 sale" or "3 sales" in the till's language: one and many
// are catalogue keys, many taking the count.
func (e *env) plural(n int, one, many string) string {
	if n == 1 {
		return e.t(one)
	}
	return e.t(many, n)
}

// moneyList writes totals in several currencies in the till's language:
// "R 10.00, Rp 50.000", or "none".
func (e *env) moneyList(ms []sale.Money) string {
	if len(ms) == 0 {
		return e.t("jnl.none_money")
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = e.money(m)
	}
	return strings.Join(parts, ", ")
}

// date is t as "2 Jan 2006" in the till's language, with the time of day
// after it when clock is a layout ("15:04:05").
func (e *env) date(t time.Time, clock string) string {
	s := e.t("jnl.date", t.Format("2"), e.t("tui.month."+t.Format("Jan")), t.Format("2006"))
	if clock != "" {
		s += " " + t.Format(clock)
	}
	return s
}

// ago is ui.Ago in the till's language: "5m ago", "5 mnt lalu".
func (e *env) ago(now, t time.Time) string {
	switch {
	case t.IsZero():
		return e.t("jnl.never")
	case now.Sub(t) < 5*time.Second:
		return e.t("jnl.just_now")
	}
	return e.t("jnl.ago", e.span(strings.TrimSuffix(ui.Ago(now, t), " ago")))
}

// until is ui.Until in the till's language: "in 12s", "dalam 12 dtk".
func (e *env) until(now, t time.Time) string {
	u := ui.Until(now, t)
	switch {
	case u == "now":
		return e.t("jnl.now")
	case strings.HasPrefix(u, "in "):
		return e.t("jnl.in", e.span(strings.TrimPrefix(u, "in ")))
	}
	return u
}

// span is a span of ui's ("12s", "5m", "2h", "3d") in the till's
// language: Indonesian writes its units out ("12 dtk", "5 mnt", "2 jam",
// "3 hari"), since "h" is hari, not hours, to an Indonesian reader.
func (e *env) span(s string) string {
	if e.D.Language != i18n.ID || s == "" {
		return s
	}
	unit := map[byte]string{'s': " dtk", 'm': " mnt", 'h': " jam", 'd': " hari"}[s[len(s)-1]]
	if unit == "" {
		return s
	}
	return s[:len(s)-1] + unit
}

// pager is a pager whose scroll mark is in the till's language.
func (e *env) pager() ui.Pager {
	p := ui.NewPager(e.St)
	p.Mark = e.t("tui.pager")
	return p
}
