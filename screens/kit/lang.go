package kit

import (
	"fmt"
	"strings"
	"time"

	"till/i18n"
	"till/sale"
	"till/ui"
)

// Tr is s in the till's language, when the catalogue has it.
func (e *Env) Tr(s string) string { return e.D.Language.Screen(s) }

// T is the catalogue's text of key in the till's language.
func (e *Env) T(key string, args ...any) string { return e.D.Language.T(key, args...) }

// TrRows translates the labels of key-value rows drawn by the frame
// (i18n.Lang.Screen); values are left as they are.
func (e *Env) TrRows(rows [][2]string) [][2]string {
	out := make([][2]string, len(rows))
	for i, r := range rows {
		out[i] = [2]string{e.Tr(r[0]), r[1]}
	}
	return out
}

// Labels translates the labels of a provider's answer (i18n.Lang.Label)
// and writes its amounts in the till's language.
func (e *Env) Labels(rows [][2]string) [][2]string {
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

// Localise puts a confirm dialog built in English into the till's
// language: its title, row labels, buttons and note, where the catalogue
// has them (i18n.Lang.Screen).
func (e *Env) Localise(c *ui.Confirm) {
	c.Title, c.Yes, c.No, c.Note = e.Tr(c.Title), e.Tr(c.Yes), e.Tr(c.No), e.Tr(c.Note)
	c.Rows = e.TrRows(c.Rows)
}

// TrAll translates each of ss (a stepper's step names).
func (e *Env) TrAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = e.Tr(s)
	}
	return out
}

// Money writes m in the till's language (sale.Money.Format): the same as
// m.String() in English.
func (e *Env) Money(m sale.Money) string { return e.D.Language.Money(m) }

// MoneyInput is an amount input in currency c that prompts and writes the
// amount in the till's language.
func (e *Env) MoneyInput(c sale.Currency) ui.MoneyInput {
	in := ui.NewMoneyInput(e.St, c)
	in.Prompt, in.Lang, in.Say = e.T("tui.money.prompt"), string(e.D.Language), e.Err
	return in
}

// StateName is a state as the lists show it, in the till's language.
func (e *Env) StateName(s sale.State) string {
	if k := "jnl.state." + string(s); i18n.Has(k) && e.D.Language == i18n.ID {
		return e.T(k)
	}
	return StateName(s)
}

// Plural is "1 sale" or "3 sales" in the till's language: one and many
// are catalogue keys, many taking the count.
func (e *Env) Plural(n int, one, many string) string {
	if n == 1 {
		return e.T(one)
	}
	return e.T(many, n)
}

// MoneyList writes totals in several currencies in the till's language:
// "R 10.00, Rp 50.000", or "none".
func (e *Env) MoneyList(ms []sale.Money) string {
	if len(ms) == 0 {
		return e.T("jnl.none_money")
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = e.Money(m)
	}
	return strings.Join(parts, ", ")
}

// Date is t as "2 Jan 2006" in the till's language, with the time of day
// after it when clock is a layout ("15:04:05").
func (e *Env) Date(t time.Time, clock string) string {
	s := e.T("jnl.date", t.Format("2"), e.T("tui.month."+t.Format("Jan")), t.Format("2006"))
	if clock != "" {
		s += " " + t.Format(clock)
	}
	return s
}

// Ago is ui.Ago in the till's language: "5m ago", "5 mnt lalu".
func (e *Env) Ago(now, t time.Time) string {
	switch {
	case t.IsZero():
		return e.T("jnl.never")
	case now.Sub(t) < 5*time.Second:
		return e.T("jnl.just_now")
	}
	return e.T("jnl.ago", e.Span(strings.TrimSuffix(ui.Ago(now, t), " ago")))
}

// Until is ui.Until in the till's language: "in 12s", "dalam 12 dtk".
func (e *Env) Until(now, t time.Time) string {
	u := ui.Until(now, t)
	switch {
	case u == "now":
		return e.T("jnl.now")
	case strings.HasPrefix(u, "in "):
		return e.T("jnl.in", e.Span(strings.TrimPrefix(u, "in ")))
	}
	return u
}

// Span is a span of ui's ("12s", "5m", "2h", "3d") in the till's
// language: Indonesian writes its units out ("12 dtk", "5 mnt", "2 jam",
// "3 hari"), since "h" is hari, not hours, to an Indonesian reader.
func (e *Env) Span(s string) string {
	if e.D.Language != i18n.ID || s == "" {
		return s
	}
	unit := map[byte]string{'s': " dtk", 'm': " mnt", 'h': " jam", 'd': " hari"}[s[len(s)-1]]
	if unit == "" {
		return s
	}
	return s[:len(s)-1] + unit
}

// Elapsed is ui.Elapsed in the till's language: "1m05s", "1 mnt 05 dtk".
func (e *Env) Elapsed(d time.Duration) string {
	s := ui.Elapsed(d)
	if e.D.Language != i18n.ID {
		return s
	}
	var out []string
	for _, unit := range []string{"h", "m", "s"} {
		n, rest, ok := strings.Cut(s, unit)
		if !ok {
			continue
		}
		out = append(out, e.Span(n+unit))
		s = rest
	}
	return strings.Join(out, " ")
}

// Pager is a pager whose scroll mark is in the till's language.
func (e *Env) Pager() ui.Pager {
	p := ui.NewPager(e.St)
	p.Mark = e.T("tui.pager")
	return p
}

// StateName is a state as the lists show it, in English.
func StateName(s sale.State) string {
	switch s {
	case sale.StateInDoubt:
		return "IN DOUBT"
	case sale.StateNotSent:
		return "NOT SENT"
	case sale.StateNeedsSupervisor:
		return "SUPERVISOR"
	}
	return string(s)
}

// PluralEN returns "1 sale" or "3 sales", in English.
func PluralEN(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Err is what err says to the cashier in the till's language: the
// domain's refusals (limits, PINs, supervisors) through the catalogue
// (i18n.Lang.Error), anything else as the domain wrote it.
func (e *Env) Err(err error) string { return e.D.Language.Error(err) }

// Said is a sale's outcome message in the till's language, cleaned: the
// messages the till's own provider clients write are translated
// (i18n.Lang.Said), a provider's own words are shown as it sent them.
func (e *Env) Said(msg string) string { return ui.Clean(e.D.Language.Said(msg)) }
