package auth

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// SupervisorsMsg carries the supervisors the dialog offers.
type SupervisorsMsg struct {
	list []sale.Cashier
	err  error
}

// AuthorizedMsg carries Auth.Authorize's answer.
type AuthorizedMsg struct {
	override sale.Override
	err      error
}

// Focus order of the dialog.
const (
	ovSupervisor = iota
	ovPIN
	ovReason
	ovFields
)

// OverrideDialog is the supervisor override dialog (crush style: it
// returns a typed result; Enter is ignored for a grace period after it
// opens, so a key in flight cannot submit it).
type OverrideDialog struct {
	env    *kit.Env
	req    kit.OverrideRequestMsg
	sups   []sale.Cashier
	loaded bool
	cursor int
	focus  int
	pin    pinInput
	reason ui.Field
	err    error
	busy   bool // Authorize is running
	opened time.Time
}

// Cancel clears the PIN typed so far and returns the request's tag, for
// the cancelled OverrideMsg the dialog's screen gets.
func (d *OverrideDialog) Cancel() string {
	d.pin.Reset()
	return d.req.Tag
}

// NewOverrideDialog opens the supervisor override dialog for req.
func NewOverrideDialog(e *kit.Env, req kit.OverrideRequestMsg) *OverrideDialog {
	d := &OverrideDialog{env: e, req: req, pin: newPINInput(e.St), opened: e.D.Now(), focus: ovSupervisor,
		reason: ui.NewField(e.St, 200, func(_ string, r rune) (rune, bool) { return r, r >= 0x20 })}
	d.reason.SetPlaceholder(e.T("sig.ov.reason_ph"))
	d.reason.SetValue(req.Reason)
	d.refocus()
	return d
}

// Init reads the supervisors.
func (d *OverrideDialog) Init() tea.Cmd {
	auth := d.env.D.Auth
	return func() tea.Msg {
		all, err := auth.Cashiers()
		var sups []sale.Cashier
		for _, c := range all {
			if c.Supervisor() && !c.Disabled {
				sups = append(sups, c)
			}
		}
		return SupervisorsMsg{list: sups, err: err}
	}
}

func (d *OverrideDialog) refocus() {
	d.pin.Blur()
	d.reason.Blur()
	switch d.focus {
	case ovPIN:
		d.pin.Focus()
	case ovReason:
		d.reason.Focus()
	}
}

// Update handles a message; done is set when the dialog has finished, with
// out its answer.
func (d *OverrideDialog) Update(msg tea.Msg) (cmd tea.Cmd, out *kit.OverrideMsg) {
	switch msg := msg.(type) {
	case SupervisorsMsg:
		d.loaded, d.sups, d.err = true, msg.list, msg.err
		for i, c := range d.sups {
			if c.ID == d.env.D.Cashier { // a supervisor at the till is offered first
				d.cursor = i
			}
		}
		for i, c := range d.sups {
			if d.req.Supervisor != "" && (c.ID == d.req.Supervisor || strings.EqualFold(c.Name, d.req.Supervisor)) {
				d.cursor = i
			}
		}
		if len(d.sups) > 0 && d.focus == ovSupervisor && len(d.sups) == 1 {
			d.focus = ovPIN
			d.refocus()
		}
	case AuthorizedMsg:
		d.busy = false
		if msg.err != nil {
			d.err = msg.err
			d.pin.Reset()
			d.focus = ovPIN
			d.refocus()
			return nil, nil
		}
		return nil, &kit.OverrideMsg{Tag: d.req.Tag, Override: msg.override}
	case tea.PasteMsg:
		if d.focus == ovPIN {
			d.pin.Update(msg)
		} else if d.focus == ovReason {
			d.reason.Update(msg)
		}
	case tea.KeyPressMsg:
		if d.busy {
			return nil, nil
		}
		return d.key(msg)
	}
	return nil, nil
}

func (d *OverrideDialog) key(k tea.KeyPressMsg) (tea.Cmd, *kit.OverrideMsg) {
	switch k.String() {
	case "esc", "ctrl+c":
		d.pin.Reset()
		return nil, &kit.OverrideMsg{Tag: d.req.Tag, Cancelled: true}
	case "tab", "down":
		if k.String() == "down" && d.focus == ovSupervisor {
			d.move(1)
			return nil, nil
		}
		d.focus = (d.focus + 1) % ovFields
		d.refocus()
		return nil, nil
	case "shift+tab", "up":
		if k.String() == "up" && d.focus == ovSupervisor {
			d.move(-1)
			return nil, nil
		}
		d.focus = (d.focus + ovFields - 1) % ovFields
		d.refocus()
		return nil, nil
	case "left", "right":
		if d.focus == ovSupervisor {
			by := 1
			if k.String() == "left" {
				by = -1
			}
			d.move(by)
			return nil, nil
		}
	case "enter":
		if d.env.D.Now().Sub(d.opened) < d.env.D.ConfirmGrace {
			return nil, nil
		}
		switch {
		case d.focus == ovSupervisor:
			d.focus = ovPIN
		case d.focus == ovPIN && !d.pin.Complete():
			d.err = sale.Errorf(sale.CodeInvalid, "%s", d.env.T("sig.ov.pin", sale.MinPIN, sale.MaxPIN))
		case d.focus == ovPIN && strings.TrimSpace(d.reason.Value()) == "":
			d.focus = ovReason
		default:
			return d.submit(), nil
		}
		d.refocus()
		return nil, nil
	}
	switch d.focus {
	case ovPIN:
		if d.pin.Update(k) {
			d.err = nil
		}
	case ovReason:
		if d.reason.Update(k) {
			d.err = nil
		}
	}
	return nil, nil
}

func (d *OverrideDialog) move(by int) {
	if n := len(d.sups); n > 0 {
		d.cursor = (d.cursor + by + n) % n
		d.err = nil
	}
}

// submit checks the dialog is complete and asks Auth to authorise.
func (d *OverrideDialog) submit() tea.Cmd {
	switch {
	case len(d.sups) == 0:
		d.err = sale.Errorf(sale.CodeForbidden, "%s", d.env.T("sig.ov.no_sup"))
		return nil
	case !d.pin.Complete():
		d.focus = ovPIN
		d.refocus()
		d.err = sale.Errorf(sale.CodeInvalid, "%s", d.env.T("sig.ov.pin", sale.MinPIN, sale.MaxPIN))
		return nil
	case strings.TrimSpace(d.reason.Value()) == "":
		d.focus = ovReason
		d.refocus()
		d.err = sale.Errorf(sale.CodeInvalid, "%s", d.env.T("sig.ov.reason"))
		return nil
	}
	req := sale.OverrideRequest{Action: d.req.Action, Subject: d.req.Subject, Cashier: d.env.D.Cashier,
		Supervisor: d.sups[d.cursor].ID, PIN: d.pin.Value(), Reason: d.reason.Value()}
	if req.Cashier == "" {
		req.Cashier = req.Supervisor
	}
	d.pin.Reset()
	d.busy, d.err = true, nil
	auth := d.env.D.Auth
	return func() tea.Msg {
		ov, err := auth.Authorize(req)
		return AuthorizedMsg{override: ov, err: err}
	}
}

// Keys are the dialog's keys for the help footer.
func (d *OverrideDialog) Keys() []key.Binding {
	k := d.env.Keys
	b := []key.Binding{ui.Bind("tab", "next field", "tab")}
	if d.focus == ovSupervisor && len(d.sups) > 1 {
		b = append(b, ui.Bind("↑/↓", "supervisor", "up", "down"))
	}
	return append(b, ui.Relabel(k.Enter, "enter", "authorise"), ui.Relabel(k.Back, "esc", "cancel"))
}

// View draws the dialog, at most width cells wide.
func (d *OverrideDialog) View(width int) string {
	st, e := d.env.St, d.env
	inner := max(min(width, 76)-st.Dialog.GetHorizontalFrameSize(), 20)
	var b strings.Builder
	title := e.T("sig.ov.title")
	if d.req.Title != "" {
		title += ": " + d.req.Title
	}
	b.WriteString(st.Title.Render(ui.Truncate(ui.Clean(title), inner)))
	if d.req.Why != "" {
		b.WriteString("\n" + st.Warning.Render(ui.Wrap(ui.Clean(d.req.Why), inner)))
	}
	if len(d.req.Rows) > 0 {
		b.WriteString("\n" + ui.KV(st, e.TrRows(d.req.Rows), inner))
	}
	b.WriteString("\n\n")
	label := func(s string, f int) string {
		if d.focus == f {
			return st.Marker.Render("› ") + st.Strong.Render(ui.Pad(s, 11))
		}
		return "  " + st.Label.Render(ui.Pad(s, 11))
	}
	sup := st.Muted.Render(e.T("sig.ov.reading"))
	switch {
	case d.loaded && len(d.sups) == 0:
		sup = st.Error.Render(e.T("sig.ov.none"))
	case d.loaded:
		c := d.sups[d.cursor]
		sup = st.Strong.Render(ui.Clean(c.Name)) + st.Muted.Render(" ("+c.ID+")")
		if len(d.sups) > 1 {
			sup = st.Muted.Render("‹ ") + sup + st.Muted.Render(" ›")
		}
	}
	d.reason.SetWidth(max(inner-18, 10))
	b.WriteString(label(e.Tr("Supervisor"), ovSupervisor) + " " + sup + "\n")
	b.WriteString(lipgloss.JoinHorizontal(lipgloss.Center, label(e.Tr("PIN"), ovPIN)+" ", d.pin.View()) + "\n")
	b.WriteString(lipgloss.JoinHorizontal(lipgloss.Center, label(e.Tr("Reason"), ovReason)+" ", d.reason.View()))
	b.WriteString("\n")
	switch {
	case d.busy:
		b.WriteString(st.Muted.Render(e.T("sig.checking")))
	case d.err != nil:
		b.WriteString(st.Error.Render(ui.Wrap("✗ "+ui.Clean(d.env.Err(d.err)), inner)))
	default:
		b.WriteString(st.Muted.Render(ui.Wrap(e.T("sig.ov.only"), inner)))
	}
	return st.Dialog.Render(b.String())
}
