package backoffice

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// Payments lists the payments that need a person (Engine.TenderIssues):
// paid but not sold — the cashier completes the sale, or a supervisor
// marks the money due back — and refunds due, which a supervisor settles
// once the money is given back. It is opened from the Unresolved sales
// screen (p).
type Payments struct {
	env    *kit.Env
	issues []sale.TenderIssue
	loaded bool
	err    error
	cursor int
	now    time.Time

	busy    bool   // a completion or refund is being journaled
	form    string // "refund", "refunded" or "refunded-cash" while the supervisor form is open
	by      ui.Field
	note    ui.Field
	onNote  bool
	refused string

	width, height int
	keys          paymentsKeys
}

type paymentsKeys struct {
	Up, Down, Complete, Refund, Refunded, Enter, Switch, Back key.Binding
	// RefundedCash: the refund was given back in cash from the drawer.
	RefundedCash key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k paymentsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Complete, k.Refund, k.Refunded, k.RefundedCash, k.Enter, k.Switch, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k paymentsKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ kit.Screen = (*Payments)(nil)
)

func NewPayments(e *kit.Env, now time.Time) *Payments {
	p := &Payments{env: e, now: now,
		by:   ui.NewField(e.St, kit.MaxSupervisorID, nil),
		note: ui.NewField(e.St, kit.MaxSupervisorNote, nil),
		keys: paymentsKeys{
			Up: e.Keys.Up, Down: e.Keys.Down,
			Complete:     ui.Bind("c", "complete the sale", "c"),
			Refund:       ui.Bind("r", "refund due", "r"),
			Refunded:     ui.Bind("g", "refund given back", "g"),
			RefundedCash: ui.Bind("b", "given back in cash", "b"),
			Enter:        e.Keys.Enter,
			Switch:       ui.Bind("tab", "next field", "tab", "shift+tab"),
			Back:         e.Keys.Back,
		}}
	p.by.SetWidth(24)
	p.note.SetWidth(50)
	p.updateKeys()
	return p
}

// PaymentsMsg carries the payments that need a person.
type PaymentsMsg struct {
	Issues []sale.TenderIssue
	Err    error
}

// PaymentActedMsg is the answer to completing a sale or a refund action.
type PaymentActedMsg struct {
	What string
	Sale sale.Sale
	Err  error
}

func PaymentsCmd(e *sale.Engine) tea.Cmd {
	return func() tea.Msg {
		is, err := e.TenderIssues()
		return PaymentsMsg{Issues: is, Err: err}
	}
}

// ID names the screen (kit.Screen).
func (p *Payments) ID() kit.ScreenID { return kit.ScreenPayments }

// Title is the breadcrumb text (kit.Screen).
func (p *Payments) Title() string { return "Payments to settle" }

// Busy reports whether an action is being journaled.
func (p *Payments) Busy() bool { return p.busy }

// Init reads the list.
func (p *Payments) Init() tea.Cmd { return PaymentsCmd(p.env.D.Engine) }

// Refresh re-reads the list when the screen is uncovered.
func (p *Payments) Refresh() tea.Cmd { return p.Init() }

// SetSize sets the room the screen has (kit.Component).
func (p *Payments) SetSize(w, h int) {
	p.width, p.height = w, h
	p.note.SetWidth(min(50, max(w-38, 16)))
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (p *Payments) ShortHelp() []key.Binding { return p.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (p *Payments) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

// Issues are the payments the screen lists, newest first.
func (p *Payments) Issues() []sale.TenderIssue { return p.issues }

// TakesText reports whether the supervisor's form is open on a field that
// takes '?': there a typed '?' is text, not the key map.
func (p *Payments) TakesText() bool { return p.form != "" && p.field().Takes('?') }

func (p *Payments) selected() (sale.TenderIssue, bool) {
	return kit.At(p.issues, p.cursor)
}

// Update handles one message (kit.Component).
func (p *Payments) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case kit.ClockMsg:
		p.now = msg.Now
	case PaymentsMsg:
		p.err, p.loaded = msg.Err, true
		if msg.Err == nil {
			p.issues = msg.Issues
			p.cursor = min(p.cursor, max(len(p.issues)-1, 0))
		}
	case kit.SaleUpdateMsg:
		if !p.busy {
			cmd = PaymentsCmd(p.env.D.Engine)
		}
	case PaymentActedMsg:
		p.busy = false
		cmd = PaymentsCmd(p.env.D.Engine)
		switch {
		case msg.Err != nil && msg.Sale.Ref == "":
			p.refused = p.env.Err(msg.Err)
			cmd = tea.Batch(cmd, kit.ErrorCmd(msg.Err))
		case msg.What == "complete":
			p.form = ""
			cmd = tea.Batch(cmd, kit.StatusCmd(p.env.T("pay.st.sale_is", string(msg.Sale.Ref), p.env.StateName(msg.Sale.State))))
		default:
			p.form = ""
			cmd = tea.Batch(cmd, kit.StatusCmd(fmt.Sprintf("%s: %s.", msg.Sale.Ref, ui.Clean(msg.Sale.Note))))
		}
	case tea.KeyPressMsg:
		cmd = p.onKey(msg)
	case tea.PasteMsg:
		if p.form != "" {
			p.field().Update(msg)
		}
	}
	p.updateKeys()
	return p, cmd
}

func (p *Payments) field() *ui.Field {
	if p.onNote {
		return &p.note
	}
	return &p.by
}

func (p *Payments) onKey(k tea.KeyPressMsg) tea.Cmd {
	if p.busy {
		return nil
	}
	if p.form != "" {
		switch {
		case key.Matches(k, p.keys.Back):
			p.form, p.refused = "", ""
		case key.Matches(k, p.keys.Switch):
			p.focusNote(!p.onNote)
		case key.Matches(k, p.keys.Enter):
			if !p.onNote {
				p.focusNote(true)
				return nil
			}
			return p.submit()
		default:
			if p.field().Update(k) {
				p.refused = ""
			}
		}
		return nil
	}
	n := len(p.issues)
	is, ok := p.selected()
	switch {
	case key.Matches(k, p.keys.Back):
		return kit.BackCmd
	case n == 0:
	case key.Matches(k, p.keys.Up):
		p.cursor = (p.cursor + n - 1) % n
	case key.Matches(k, p.keys.Down):
		p.cursor = (p.cursor + 1) % n
	case key.Matches(k, p.keys.Complete) && ok && is.Kind == sale.IssuePaidNotVended:
		p.busy = true
		e, ctx, o := p.env.D.Engine, p.env.Ctx, is.For
		return func() tea.Msg {
			s, err := e.Vend(ctx, o)
			return PaymentActedMsg{What: "complete", Sale: s, Err: err}
		}
	case key.Matches(k, p.keys.Refund) && ok && is.Kind == sale.IssuePaidNotVended:
		p.openForm("refund")
	case key.Matches(k, p.keys.Refunded) && ok && is.Kind == sale.IssueRefundDue:
		p.openForm("refunded")
	case key.Matches(k, p.keys.RefundedCash) && ok && is.Kind == sale.IssueRefundDue:
		p.openForm("refunded-cash") // out of the drawer: the drawer counts it paid out today
	}
	return nil
}

func (p *Payments) openForm(what string) {
	p.form, p.refused = what, ""
	p.by.Reset()
	p.note.Reset()
	p.focusNote(false)
}

func (p *Payments) focusNote(on bool) {
	p.onNote = on
	if on {
		p.by.Blur()
		p.note.Focus()
	} else {
		p.note.Blur()
		p.by.Focus()
	}
}

// submit journals the supervisor's refund action.
func (p *Payments) submit() tea.Cmd {
	is, ok := p.selected()
	by, note := strings.TrimSpace(p.by.Value()), strings.TrimSpace(p.note.Value())
	switch {
	case !ok:
		return nil
	case by == "":
		p.refused = p.env.T("pay.need_by")
		p.focusNote(false)
		return nil
	case note == "":
		p.refused = p.env.T("pay.need_note")
		return nil
	}
	p.busy = true
	e, what, ref := p.env.D.Engine, p.form, is.Sale.Ref
	return func() tea.Msg {
		var s sale.Sale
		var err error
		if what == "refund" {
			s, err = e.MarkRefundDue(ref, note, by)
		} else {
			s, err = e.SettleRefundWith(ref, note, by, what == "refunded-cash")
		}
		return PaymentActedMsg{What: what, Sale: s, Err: err}
	}
}

func (p *Payments) updateKeys() {
	k := &p.keys
	is, ok := p.selected()
	form := p.form != ""
	k.Up.SetEnabled(!form && len(p.issues) > 1)
	k.Down.SetEnabled(!form && len(p.issues) > 1)
	k.Complete.SetEnabled(!form && !p.busy && ok && is.Kind == sale.IssuePaidNotVended)
	k.Refund.SetEnabled(!form && !p.busy && ok && is.Kind == sale.IssuePaidNotVended)
	k.Refunded.SetEnabled(!form && !p.busy && ok && is.Kind == sale.IssueRefundDue)
	k.RefundedCash.SetEnabled(!form && !p.busy && ok && is.Kind == sale.IssueRefundDue)
	k.Enter.SetEnabled(form)
	k.Enter.SetHelp("enter", "next")
	if p.onNote {
		k.Enter.SetHelp("enter", "journal it")
	}
	k.Switch.SetEnabled(form)
	k.Back.SetHelp("esc", "back")
}

// View draws the screen (kit.Component).
func (p *Payments) View() string {
	st, e := p.env.St, p.env
	switch {
	case p.err != nil:
		return st.Error.Render("✗ " + ui.Clean(sale.ErrorMessage(p.err)))
	case !p.loaded:
		return st.Muted.Render(e.T("jnl.reading"))
	case len(p.issues) == 0:
		return st.Title.Render(e.T("pay.none")) + "\n\n" +
			st.Success.Render(e.T("pay.all_settled"))
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(e.Plural(len(p.issues), "pay.need_one", "pay.need_n")))
	b.WriteString("\n\n")
	per := 3
	room := p.height - 2
	if p.form != "" {
		room -= 9
	}
	fits := max(room/per, 1)
	top := 0
	if p.cursor >= fits {
		top = p.cursor - fits + 1
	}
	for i := top; i < min(top+fits, len(p.issues)); i++ {
		b.WriteString(p.row(p.issues[i], i == p.cursor) + "\n")
	}
	if p.form != "" {
		b.WriteString(p.viewForm())
	} else if p.refused != "" {
		b.WriteString("\n" + st.Error.Render(ui.Wrap("✗ "+ui.Clean(p.refused), p.width)))
	}
	return strings.TrimRight(b.String(), "\n")
}

// row draws one payment on three lines.
func (p *Payments) row(is sale.TenderIssue, sel bool) string {
	st, e := p.env.St, p.env
	s := is.Sale
	w := p.width - 2
	kind := issueName(e, is.Kind)
	paidBy := e.Tr(is.For.Tender.Kind.Name())
	head := ui.Pad(kind, 15) + " " + ui.Pad(e.Money(s.Order.Amount), 12) + " " + ui.Pad(paidBy, 9) + " " + ui.Clean(string(s.Ref))
	what := e.T("tnd.for", ui.Clean(kit.OrderLineIn(e, is.For))) + " · " + e.Ago(p.now, s.CreatedAt)
	var hint string
	if is.Kind == sale.IssuePaidNotVended {
		hint = e.T("pay.hint")
	} else {
		hint = e.Note(s)
	}
	marker := "  "
	style := st.Strong
	if sel {
		marker = st.Marker.Render("› ")
		style = st.Selected
	}
	warn := st.Warning
	if is.Kind == sale.IssueRefundDue {
		warn = st.Error
	}
	return marker + style.Render(ui.Pad(ui.Truncate(head, w), w)) + "\n" +
		"    " + warn.Render(ui.Truncate(what, w-2)) + "\n" +
		"    " + st.Muted.Render(ui.Truncate(hint, w-2))
}

func (p *Payments) viewForm() string {
	st, e := p.env.St, p.env
	title := e.T("pay.f.refund")
	noteLabel := e.T("pay.f.refund_note")
	switch p.form {
	case "refunded":
		title = e.T("pay.f.given")
		noteLabel = e.T("pay.f.given_note")
	case "refunded-cash":
		title = e.T("pay.f.cash")
		noteLabel = e.T("pay.f.cash_note")
	}
	out := "\n" + st.Title.Render(title) + "\n" +
		lipgloss.JoinHorizontal(lipgloss.Top,
			st.Text.Render(e.T("sup.id"))+"\n"+p.by.View(), "  ",
			st.Text.Render(noteLabel)+"\n"+p.note.View())
	if p.busy {
		out += "\n" + st.Muted.Render(e.T("pay.journaling"))
	}
	if p.refused != "" {
		out += "\n" + st.Error.Render(ui.Wrap("✗ "+ui.Clean(p.refused), p.width))
	}
	return out
}

// PaymentsLines is how many lines the unresolved screen gives the
// payments summary in a window of height h.
func PaymentsLines(issues []sale.TenderIssue, h int) int {
	if len(issues) == 0 {
		return 0
	}
	return min(len(issues), max(h/6, 1)) + 3
}

// PaymentsSummary is the unresolved screen's list of payments that need a
// person, in at most lines lines (a blank line, a title, a row each, and
// how to act on them); "" when there are none.
func PaymentsSummary(e *kit.Env, issues []sale.TenderIssue, width, lines int) string {
	st := e.St
	if len(issues) == 0 || lines < 3 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\n" + st.Warning.Render(e.Plural(len(issues), "pay.need_one", "pay.need_n")+":"))
	rows := min(len(issues), lines-3)
	for _, is := range issues[:rows] {
		line := e.T("pay.line", issueName(e, is.Kind), e.Money(is.Sale.Order.Amount), e.Tr(is.For.Tender.Kind.Name()),
			kit.OrderLineIn(e, is.For), string(is.Sale.Ref))
		style := st.Warning
		if is.Kind == sale.IssueRefundDue {
			style = st.Error
		}
		b.WriteString("\n  " + style.Render(ui.Truncate(ui.Clean(line), width-2)))
	}
	more := ""
	if n := len(issues) - rows; n > 0 {
		more = e.T("pay.more", n)
	}
	b.WriteString("\n" + st.Muted.Render(ui.Truncate(more+e.T("pay.press_p"), width)))
	return b.String()
}

// issueName is a payment's issue as the lists show it ("REFUND DUE"), in
// the till's language.
func issueName(e *kit.Env, k sale.IssueKind) string {
	switch k {
	case sale.IssuePaidNotVended:
		return e.T("pay.kind.paid_not_sold")
	case sale.IssueRefundDue:
		return e.T("pay.kind.refund_due")
	}
	return k.String()
}
