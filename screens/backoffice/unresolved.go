package backoffice

import (
	"cmp"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// Unresolved lists the sales the till is still settling, refreshed live
// from the engine's updates, and settles the selected one on demand.
type Unresolved struct {
	env           *kit.Env
	sales         []sale.Sale
	loaded        bool
	err           error
	cursor        int
	settling      map[sale.Reference]bool
	now           time.Time
	width, height int
	keys          unresolvedKeys
	pay           []sale.TenderIssue // backoffice/payments.go: payments that need a person
}

type unresolvedKeys struct {
	Up, Down, Settle, Supervise, Resend, Open, Payments, Back key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k unresolvedKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Settle, k.Supervise, k.Resend, k.Open, k.Payments, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k unresolvedKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var _ kit.Screen = (*Unresolved)(nil)

func NewUnresolved(e *kit.Env, now time.Time, known []sale.Sale) *Unresolved {
	u := &Unresolved{
		env:      e,
		now:      now,
		sales:    known,
		loaded:   known != nil,
		settling: map[sale.Reference]bool{},
		keys: unresolvedKeys{
			Up:     e.Keys.Up,
			Down:   e.Keys.Down,
			Settle: ui.Bind("s", "settle now", "s"),
			// A supervisor settles it by hand (delivered or not, with a
			// note): supervise.go.
			Supervise: ui.Bind("v", "supervisor", "v"),
			// Flowix sends the sale's webhook again (flowix_api.go).
			Resend: ui.Bind("w", e.T("jnl.help.resend"), "w"),
			Open:   ui.Relabel(e.Keys.Enter, "enter", "details"),
			Back:   e.Keys.Back,
			// Payments paid but not sold, refunds due: backoffice/payments.go.
			Payments: ui.Bind("p", "payments", "p"),
		},
	}
	u.updateKeys()
	return u
}

// ID names the screen (kit.Screen).
func (u *Unresolved) ID() kit.ScreenID { return kit.ScreenUnresolved }

// Title is the breadcrumb text (kit.Screen).
func (u *Unresolved) Title() string { return "Unresolved sales" }

// SetSize sets the room the screen has (kit.Component).
func (u *Unresolved) SetSize(w, h int) { u.width, u.height = w, h }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (u *Unresolved) ShortHelp() []key.Binding { return u.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (u *Unresolved) FullHelp() [][]key.Binding { return u.keys.FullHelp() }

// Settling reports whether the till is settling ref now (its s key).
func (u *Unresolved) Settling(ref sale.Reference) bool { return u.settling[ref] }

// Init reads the list afresh: the unresolved sales and the payments that
// need a person (kit.Component).
func (u *Unresolved) Init() tea.Cmd {
	return tea.Batch(kit.UnresolvedCmd(u.env.D.Engine), PaymentsCmd(u.env.D.Engine))
}

// Refresh re-reads the list when the screen is uncovered.
func (u *Unresolved) Refresh() tea.Cmd { return u.Init() }

func (u *Unresolved) selected() (sale.Sale, bool) {
	return kit.At(u.sales, u.cursor)
}

// Update handles one message (kit.Component).
func (u *Unresolved) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case kit.ClockMsg:
		u.now = msg.Now
	case PaymentsMsg:
		if msg.Err == nil {
			u.pay = msg.Issues
		}
	case kit.UnresolvedMsg:
		cmd = PaymentsCmd(u.env.D.Engine) // a settled payment may now need a person
		u.err = msg.Err
		if msg.Err == nil {
			sel, _ := u.selected()
			u.sales, u.loaded = msg.Sales, true
			u.cursor = min(u.cursor, max(len(u.sales)-1, 0))
			for i, s := range u.sales {
				if s.Ref == sel.Ref {
					u.cursor = i
				}
			}
		}
	case kit.SettledMsg:
		delete(u.settling, msg.Ref)
		switch {
		case msg.Err != nil:
			cmd = kit.ErrorCmd(msg.Err)
		case msg.Sale.State.Unresolved():
			cmd = kit.StatusCmd(u.env.T("jnl.st.still", string(msg.Ref), u.env.StateName(msg.Sale.State)))
		default:
			cmd = kit.StatusCmd(u.env.T("jnl.st.settled", string(msg.Ref), u.env.StateName(msg.Sale.State)))
		}
	case kit.FlowixResentMsg:
		cmd = kit.FlowixResendUpdate(msg)
	case tea.KeyPressMsg:
		n := len(u.sales)
		switch {
		case key.Matches(msg, u.keys.Up):
			u.cursor = (u.cursor + n - 1) % n
		case key.Matches(msg, u.keys.Down):
			u.cursor = (u.cursor + 1) % n
		case key.Matches(msg, u.keys.Back):
			cmd = kit.BackCmd
		case key.Matches(msg, u.keys.Payments):
			cmd = kit.NavigateCmd(kit.ScreenPayments, "")
		case key.Matches(msg, u.keys.Open):
			s, _ := u.selected()
			cmd = kit.NavigateCmd(kit.ScreenSale, s.Ref)
		case key.Matches(msg, u.keys.Resend):
			s, _ := u.selected()
			cmd = kit.FlowixResendCmd(u.env, s)
		case key.Matches(msg, u.keys.Supervise):
			s, _ := u.selected()
			cmd = kit.NavigateCmd(kit.ScreenSupervise, s.Ref)
		case key.Matches(msg, u.keys.Settle):
			s, _ := u.selected()
			u.settling[s.Ref] = true
			// The row itself says "checking now…" until the answer.
			cmd = kit.SettleCmd(u.env.Ctx, u.env.D.Engine, s.Ref)
		}
	}
	u.updateKeys()
	return u, cmd
}

// canSettle reports whether "settle now" can run for s: it is in doubt or
// pending, and no request for it is in flight.
func (u *Unresolved) canSettle(s sale.Sale) bool {
	if s.State != sale.StateInDoubt && s.State != sale.StatePending {
		return false
	}
	if u.settling[s.Ref] {
		return false
	}
	return u.env.D.Engine == nil || !u.env.D.Engine.InFlight(s.Ref)
}

func (u *Unresolved) updateKeys() {
	s, ok := u.selected()
	u.keys.Up.SetEnabled(len(u.sales) > 1)
	u.keys.Down.SetEnabled(len(u.sales) > 1)
	u.keys.Open.SetEnabled(ok)
	u.keys.Payments.SetEnabled(len(u.pay) > 0)
	u.keys.Settle.SetEnabled(ok && u.canSettle(s))
	u.keys.Resend.SetEnabled(ok && kit.FlowixCanResend(u.env, s))
	u.keys.Supervise.SetEnabled(ok && kit.Supervisable(s) && !u.settling[s.Ref] &&
		(u.env.D.Engine == nil || !u.env.D.Engine.InFlight(s.Ref)))
}

// View draws the screen (kit.Component).
func (u *Unresolved) View() string {
	st, e := u.env.St, u.env
	var b strings.Builder
	switch {
	case u.err != nil:
		b.WriteString(st.Error.Render("✗ " + ui.Clean(sale.ErrorMessage(u.err))))
		return b.String()
	case !u.loaded:
		return st.Muted.Render(e.T("jnl.reading"))
	case len(u.sales) == 0:
		b.WriteString(st.Title.Render(e.T("jnl.unres.none")))
		b.WriteString("\n\n" + st.Success.Render(e.T("jnl.unres.settled")))
		b.WriteString(PaymentsSummary(e, u.pay, u.width, u.height-4))
		return b.String()
	}
	title := st.Title.Render(e.T("jnl.unres.title", e.Plural(len(u.sales), "jnl.sale_one", "jnl.sale_n")))
	note := st.Muted.Render(e.T("jnl.unres.live"))
	b.WriteString(title + strings.Repeat(" ", max(u.width-lipgloss.Width(title)-lipgloss.Width(note), 2)) + note)
	b.WriteString("\n")
	b.WriteString(st.Warning.Render(e.T("jnl.unres.warn")))
	b.WriteString("\n\n")

	per := 3 // lines per sale
	fits := max((u.height-3-PaymentsLines(u.pay, u.height))/per, 1)
	top := 0
	if u.cursor >= fits {
		top = u.cursor - fits + 1
	}
	end := min(top+fits, len(u.sales))
	for i := top; i < end; i++ {
		b.WriteString(u.row(u.sales[i], i == u.cursor))
		if i < end-1 {
			b.WriteString("\n")
		}
	}
	if end < len(u.sales) {
		b.WriteString("\n" + st.Muted.Render(e.T("jnl.more", len(u.sales)-end)))
	}
	b.WriteString(PaymentsSummary(e, u.pay, u.width, PaymentsLines(u.pay, u.height)))
	return b.String()
}

// row draws one sale on three lines: reference, state, attempts and next
// try; what was sold to whom; the last answer or note.
func (u *Unresolved) row(s sale.Sale, sel bool) string {
	st, e := u.env.St, u.env
	next := e.Until(u.now, s.NextTry)
	switch {
	case u.settling[s.Ref] || (u.env.D.Engine != nil && u.env.D.Engine.InFlight(s.Ref)):
		next = e.T("jnl.unres.checking")
	case kit.FirstSend(s): // kit/sale_text.go
		next = e.T("jnl.unres.sending")
	case s.State == sale.StateSending:
		next = e.T("jnl.unres.checking")
	case s.State == sale.StateNeedsSupervisor:
		next = e.T("jnl.unres.needs_sup")
	case s.State != sale.StateInDoubt && s.State != sale.StatePending:
		next = "-"
	default:
		next = e.T("jnl.unres.next", next)
	}
	w := u.width - 2
	state := ui.Pad(e.StateName(s.State), 10)
	attempts := ui.Pad(e.Plural(s.Attempts, "jnl.attempt_one", "jnl.attempt_n"), 11)
	refW := max(w-lipgloss.Width(state)-lipgloss.Width(attempts)-lipgloss.Width(next)-3, 12)
	head := ui.Pad(ui.TruncateLeft(string(s.Ref), refW), refW) + " " + state + " " + attempts + " " + next
	what := e.T("jnl.unres.what", ui.Clean(s.Order.ProductName), s.Order.Target.Masked(),
		e.Money(s.Order.Amount), e.Ago(u.now, s.CreatedAt))
	last := cmp.Or(e.LastWord(s), e.T("jnl.no_answer"))
	marker := "  "
	if sel {
		marker = st.Marker.Render("› ")
		head = st.Selected.Render(ui.Pad(head, w))
	} else {
		head = st.Strong.Render(ui.Pad(head, w))
	}
	return marker + head + "\n" +
		"    " + st.Text.Render(ui.Truncate(what, w-2)) + "\n" +
		"    " + st.Muted.Render(ui.Truncate(last, w-2))
}
