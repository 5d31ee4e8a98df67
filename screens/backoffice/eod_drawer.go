package backoffice

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// The cash drawer on the end-of-day screen, where the X report shows it:
// f puts in the opening float, i a paid-in, d takes a drop to the safe.
// Each is journaled by the engine (Engine.MoveCash) with the signed-in
// cashier; a drop of more than the cash expected asks a supervisor first
// (sale.ActionDrop), then is journaled under their override. The report is
// read again after each, so the drawer shown is the journal's.

// EODMoveDialog is the drawer move's dialog (EODDialog continues eod.go's).
const EODMoveDialog EODDialog = 101

// overrideTagDrop tags the drop's override requests.
const overrideTagDrop = "drawer-drop"

// drawerMovedMsg carries Engine.MoveCash's answer.
type drawerMovedMsg struct {
	Req   sale.CashRequest
	Event sale.Event
	Err   error
}

// drawerMove is the move being typed or journaled.
type drawerMove struct {
	kind    sale.CashMoveKind
	amount  ui.Field
	reason  ui.Field
	onWhy   bool // the reason has the focus
	err     string
	sending bool
	req     sale.CashRequest // the last request sent (for the override)
}

// canMove reports whether the drawer can be moved from this screen now:
// the current, open day is shown and the engine is there.
func (m *EndOfDay) canMove() bool {
	return m.env.D.Engine != nil && m.loaded && m.err == nil && m.day == m.current && m.report.Closed == nil &&
		m.dialog == EODNoDialog && !m.closing
}

// openMove opens the dialog of a float, paid-in or drop.
func (m *EndOfDay) openMove(kind sale.CashMoveKind) tea.Cmd {
	w := min(m.width, dialogWidth) - 8
	mv := drawerMove{kind: kind, amount: ui.NewField(m.env.St, 24, countFilter), reason: ui.NewField(m.env.St, 200, nil)}
	mv.amount.SetPlaceholder(m.env.T("eod.ph_amount"))
	mv.amount.SetWidth(min(28, w))
	mv.reason.SetPlaceholder(m.env.T("eod.ph_why"))
	if kind == sale.CashFloat {
		mv.reason.SetPlaceholder(m.env.T("eod.ph_optional"))
	}
	mv.reason.SetWidth(w)
	mv.reason.Blur()
	m.move, m.dialog = mv, EODMoveDialog
	return nil
}

// keyMove handles a key in the move's dialog.
func (m *EndOfDay) keyMove(k tea.KeyPressMsg) tea.Cmd {
	mv := &m.move
	if mv.sending {
		return nil
	}
	switch k.String() {
	case "esc":
		m.dialog = EODNoDialog
		return nil
	case "tab", "shift+tab":
		mv.onWhy = !mv.onWhy
		if mv.onWhy {
			mv.amount.Blur()
			mv.reason.Focus()
		} else {
			mv.reason.Blur()
			mv.amount.Focus()
		}
		return nil
	case "enter":
		amt, err := sale.ParseCashAmount(mv.amount.Value(), m.env.D.Currency)
		switch {
		case err != nil:
			mv.err = sale.ErrorMessage(err)
			return nil
		case mv.kind != sale.CashFloat && strings.TrimSpace(mv.reason.Value()) == "":
			mv.err = "a " + strings.ToLower(mv.kind.Name()) + " needs a reason (tab)"
			return nil
		}
		mv.req = sale.CashRequest{Kind: mv.kind, Amount: amt, Reason: mv.reason.Value(), By: m.env.D.Cashier}
		mv.sending, mv.err = true, ""
		return moveCashCmd(m.env.D.Engine, mv.req)
	}
	f := &mv.amount
	if mv.onWhy {
		f = &mv.reason
	}
	if f.Update(k) {
		mv.err = ""
	}
	return nil
}

// onMoved takes the engine's answer: journaled (the report is read again),
// a drop that needs a supervisor (asked for), or why not.
func (m *EndOfDay) onMoved(msg drawerMovedMsg) tea.Cmd {
	mv := &m.move
	if m.dialog != EODMoveDialog || !mv.sending {
		return nil
	}
	mv.sending = false
	switch {
	case msg.Err == nil:
		m.dialog = EODNoDialog
		return tea.Batch(kit.StatusCmd(m.env.T("eod.journaled", m.env.Tr(msg.Req.Kind.Name()), m.env.Money(msg.Req.Amount), strconv.Itoa(int(msg.Event.Seq)))),
			dayReportCmd(m.env.D.Days, m.day))
	case sale.ErrorCode(msg.Err) == sale.CodeSupervised && msg.Req.Override == nil && m.env.D.Auth != nil:
		return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
			Tag: overrideTagDrop, Action: sale.ActionDrop, Subject: sale.DropSubject(msg.Req.Amount),
			Title: m.env.T("eod.drop_title", m.env.Money(msg.Req.Amount)), Why: sale.ErrorMessage(msg.Err),
			Rows:   m.env.TrRows([][2]string{{"Drop", m.env.Money(msg.Req.Amount)}, {"Cash expected", m.env.MoneyList(m.report.Cash)}}),
			Reason: msg.Req.Reason,
		})
	}
	mv.err = sale.ErrorMessage(msg.Err)
	return nil
}

// onDropOverride journals the drop once a supervisor authorised it.
func (m *EndOfDay) onDropOverride(msg kit.OverrideMsg) tea.Cmd {
	mv := &m.move
	if msg.Tag != overrideTagDrop || m.dialog != EODMoveDialog || mv.sending {
		return nil
	}
	if msg.Cancelled {
		mv.err = m.env.T("eod.not_dropped")
		return nil
	}
	ov := msg.Override
	mv.req.Override = &ov
	mv.sending = true
	return moveCashCmd(m.env.D.Engine, mv.req)
}

// viewMove draws the move's dialog.
func (m *EndOfDay) viewMove() string {
	st, e := m.env.St, m.env
	mv := m.move
	w := min(m.width, dialogWidth) - 4
	what := e.T(map[sale.CashMoveKind]string{
		sale.CashFloat:  "eod.what.float",
		sale.CashPaidIn: "eod.what.paid_in",
		sale.CashDrop:   "eod.what.drop",
	}[mv.kind])
	lw := max(lipgloss.Width(e.Tr("Amount")), lipgloss.Width(e.Tr("Reason")))
	mv.reason.SetWidth(w - lw - 2 - 4) // the box and its padding: the reason fits in the dialog
	body := st.Strong.Render(e.Tr(mv.kind.Name())) + "\n" + st.Muted.Render(ui.Wrap(what, w)) + "\n\n" +
		fieldRows(st, e.TrRows([][2]string{{"Amount", mv.amount.View()}, {"Reason", mv.reason.View()}}))
	if mv.err != "" {
		body += "\n\n" + st.Error.Render(ui.Wrap("✗ "+ui.Clean(mv.err), w))
	}
	help := e.T("eod.move_help")
	if mv.sending {
		help = e.T("eod.journaling")
	}
	body += "\n\n" + st.Muted.Render(help)
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, st.Receipt.Width(w+2).Render(body))
}

// moveCashCmd journals a drawer move off the Update loop.
func moveCashCmd(e *sale.Engine, r sale.CashRequest) tea.Cmd {
	return func() tea.Msg {
		ev, err := e.MoveCash(r)
		return drawerMovedMsg{Req: r, Event: ev, Err: err}
	}
}

// fieldRows lays out input fields beside their labels: a field's box is
// several lines, which ui.KV (one line of text a value) would flatten.
func fieldRows(st *ui.Styles, rows [][2]string) string {
	lw := 0
	for _, r := range rows {
		lw = max(lw, lipgloss.Width(r[0]))
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = lipgloss.JoinHorizontal(lipgloss.Center, st.Label.Render(ui.Pad(r[0], lw))+"  ", r[1])
	}
	return strings.Join(out, "\n")
}
