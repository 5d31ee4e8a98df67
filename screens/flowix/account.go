package flowix

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/i18n"
	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// fxLowBalance is the balance under which the home screen warns that the
// Flowix account cannot cover a sale: the least payout, and more than any
// single pulsa the sandbox sells but the largest.
var fxLowBalance = sale.FlowixMinPayout

// AccountLine is the Flowix account as the home screen shows it: the
// balance, limit and status, how fresh they are, and a warning when the
// balance cannot cover a sale or the account is not active. A nil
// *AccountLine draws nothing, so home needs no Flowix checks.
type AccountLine struct {
	env     *kit.Env
	acct    kit.FlowixAccount
	at      time.Time
	loaded  bool
	loading bool
	err     error
	now     time.Time
}

// NewAccountLine returns the account line, or nil when Flowix is not
// configured.
func NewAccountLine(e *kit.Env) *AccountLine {
	if !e.FlowixEnabled() {
		return nil
	}
	return &AccountLine{env: e, now: e.D.Now()}
}

// Refresh reads the account again.
func (l *AccountLine) Refresh() tea.Cmd {
	if l == nil || l.loading {
		return nil
	}
	l.loading = true
	return flowixAccountCmd(l.env)
}

// Update takes the account answer and the clock.
func (l *AccountLine) Update(msg tea.Msg) {
	if l == nil {
		return
	}
	switch msg := msg.(type) {
	case AccountMsg:
		l.loading, l.err = false, msg.Err
		if msg.Err == nil {
			l.acct, l.at, l.loaded = msg.Account, msg.At, true
		}
	case kit.ClockMsg:
		l.now = msg.Now
	}
}

// View draws the account on one line, and a warning under it when needed.
func (l *AccountLine) View(width int) string {
	if l == nil {
		return ""
	}
	st, e := l.env.St, l.env
	head := st.Label.Render(ui.Pad(e.T("fxa.balance"), 14) + "  ")
	var line string
	switch {
	case !l.loaded && l.err != nil:
		return head + st.Error.Render(ui.Truncate("✗ "+ui.Clean(sale.ErrorMessage(l.err)), width-16)) +
			"\n" + st.Muted.Render(e.T("fxa.try_again"))
	case !l.loaded:
		return head + st.Muted.Render(e.T("fxa.reading"))
	}
	a := l.acct
	line = head + st.Strong.Render(e.Money(a.Balance))
	if a.Limit.Minor > 0 {
		line += st.Muted.Render(e.T("fxa.limit")) + st.Text.Render(e.Money(a.Limit))
	}
	status := ui.Clean(a.Status)
	if status == "" {
		status = "unknown"
	}
	shown := status
	if k := "fxa.status." + status; i18n.Has(k) {
		shown = e.T(k)
	}
	line += st.Muted.Render(" · ") + st.Text.Render(shown)
	age := e.T("fxa.as_of", e.Ago(l.now, l.at))
	switch {
	case l.loading:
		age = e.T("fxa.refreshing")
	case l.err != nil:
		age = e.T("fxa.offline", e.Ago(l.now, l.at))
	}
	if lipgloss.Width(line)+3+lipgloss.Width(age) <= width {
		line += st.Muted.Render(" · " + age)
	} else { // too wide for one line: the age goes under it, never cut
		line = ui.Truncate(line, width) + "\n" + strings.Repeat(" ", 16) + st.Muted.Render(age)
	}
	switch {
	case status != "active":
		line += "\n" + st.Warning.Render(ui.Wrap(e.T("fxa.inactive", shown), width))
	case a.Balance.Minor < fxLowBalance.Minor:
		line += "\n" + st.Warning.Render(ui.Wrap(e.T("fxa.low"), width))
	}
	return line
}

// fxBalanceNote is the confirm dialog's warning when the last known
// balance cannot cover a sale costing amount, or "".
func fxBalanceNote(e *kit.Env, acct *kit.FlowixAccount, amount sale.Money) string {
	if acct == nil || acct.Balance.Minor >= amount.Minor {
		return ""
	}
	return e.T("fxr.low_balance", e.Money(acct.Balance), e.Money(amount))
}
