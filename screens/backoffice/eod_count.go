package backoffice

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/ui"
)

// The drawer's count on the end-of-day screen: before the Z report, the
// cashier counts the cash in the drawer and types it (215.00, or
// ZAR:215.00,IDR:50000 with several currencies — sale.ParseCount). The
// count is blind: the screen names the currencies to count, not the
// amounts expected. The Z records it; the confirm shows the variance.

// eodCountDialog is the count's dialog (EODDialog continues eod.go's).
const eodCountDialog EODDialog = 100

// needsCount reports whether the close must ask for the count first: the
// day's drawer moved cash and no count is typed yet.
func (m *EndOfDay) needsCount() bool {
	_, counts := m.env.D.Days.(sale.DayCounter)
	return counts && m.counted == nil && len(m.report.Cash) > 0
}

// openCount opens the count's dialog.
func (m *EndOfDay) openCount() tea.Cmd {
	f := ui.NewField(m.env.St, 60, countFilter)
	f.SetPlaceholder(strings.Join(m.countCurrencies(), ":…,") + ":…")
	if len(m.report.Cash) == 1 {
		f.SetPlaceholder("215.00")
	}
	f.SetWidth(min(m.width, dialogWidth) - 14)
	m.countField, m.countErr, m.dialog = f, "", eodCountDialog
	return nil
}

// countCurrencies are the currencies the drawer should hold.
func (m *EndOfDay) countCurrencies() []string {
	var cs []string
	for _, c := range m.report.Cash {
		cs = append(cs, string(c.Currency))
	}
	return cs
}

// keyCount handles a key in the count's dialog.
func (m *EndOfDay) keyCount(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case k.Code == tea.KeyEscape:
		m.dialog, m.counted = EODNoDialog, nil
		return nil
	case k.Code == tea.KeyEnter:
		counted, err := sale.ParseCount(m.countField.Value(), sale.DefaultCountCurrency(m.report, m.env.D.Currency))
		if err == nil {
			err = sale.CheckCount(m.report, counted)
		}
		if err != nil {
			m.countErr = sale.ErrorMessage(err)
			return nil
		}
		m.counted, m.dialog = counted, EODNoDialog
		return m.askClose()
	}
	if m.countField.Update(k) {
		m.countErr = ""
	}
	return nil
}

// countFilter lets an amount list through: digits, a point, ':' and ','
// and currency letters (upper-cased).
func countFilter(_ string, r rune) (rune, bool) {
	if r >= 'a' && r <= 'z' {
		r -= 'a' - 'A'
	}
	return r, r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '.' || r == ',' || r == ':'
}

// viewCount draws the count's dialog.
func (m *EndOfDay) viewCount() string {
	st, e := m.env.St, m.env
	w := min(m.width, dialogWidth) - 4
	body := st.Strong.Render(e.T("eod.count_title")) + "\n\n" +
		ui.Wrap(e.T("eod.count_how", m.day, strings.Join(m.countCurrencies(), ", ")), w) +
		"\n\n" + m.countField.View()
	if m.countErr != "" {
		body += "\n\n" + st.Error.Render(ui.Wrap("✗ "+ui.Clean(m.countErr), w))
	}
	body += "\n\n" + st.Muted.Render(e.T("eod.count_help"))
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, st.Receipt.Width(w+2).Render(body))
}

// countRows are the confirm's rows about the count: expected, counted and
// the variance, per currency.
func (m *EndOfDay) countRows() [][2]string {
	if m.counted == nil {
		return nil
	}
	r := m.report
	if err := r.SetCounted(m.counted); err != nil {
		return nil
	}
	e := m.env
	return [][2]string{{"Cash expected", e.MoneyList(r.Cash)}, {"Counted", e.MoneyList(r.Counted)}, {"Variance", e.MoneyList(r.Variance)}}
}

// closeDayCountedCmd runs CloseDayCounted off the Update loop.
func closeDayCountedCmd(days sale.DayCloser, day string, at time.Time, by string, force bool, counted []sale.Money) tea.Cmd {
	return func() tea.Msg {
		r, err := CloseDayCounted(days, day, at, by, force, counted)
		return DayClosedMsg{Day: day, Force: force, Report: r, Err: err}
	}
}

// CloseDayCounted is CloseDay recording the drawer's count (nil: not
// counted) on the Z.
func CloseDayCounted(days sale.DayCloser, day string, at time.Time, by string, force bool, counted []sale.Money) (sale.DayReport, error) {
	dc, ok := days.(sale.DayCounter)
	if len(counted) == 0 || !ok {
		return CloseDay(days, day, at, by, force)
	}
	return dc.CloseDayCounted(day, at, by, force, counted)
}
