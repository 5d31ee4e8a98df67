package auth

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// SetupMsg carries the first supervisor, added and signed in.
type SetupMsg struct {
	cashier sale.Cashier
	err     error
}

// Fields of the first-run form.
const (
	setupName = iota
	setupPIN
	setupAgain
	setupFields
)

// setupForm is the first run of a live till: the person setting it up
// becomes its first supervisor, with a name and a PIN typed twice.
type setupForm struct {
	env   *kit.Env
	name  ui.Field
	pin   pinInput
	again pinInput
	focus int
	err   error
}

func newSetupForm(e *kit.Env) setupForm {
	f := setupForm{env: e, pin: newPINInput(e.St), again: newPINInput(e.St),
		name: ui.NewField(e.St, 32, func(_ string, r rune) (rune, bool) { return r, r >= 0x20 })}
	f.name.SetPlaceholder(e.T("sig.setup.name_ph"))
	f.name.SetWidth(32)
	f.refocus()
	return f
}

func (f *setupForm) refocus() {
	f.name.Blur()
	f.pin.Blur()
	f.again.Blur()
	switch f.focus {
	case setupName:
		f.name.Focus()
	case setupPIN:
		f.pin.Focus()
	case setupAgain:
		f.again.Focus()
	}
}

func (f *setupForm) paste(msg tea.PasteMsg) {
	switch f.focus {
	case setupName:
		f.name.Update(msg)
	case setupPIN:
		f.pin.Update(msg)
	case setupAgain:
		f.again.Update(msg)
	}
}

// setupKey handles a key of the first-run form.
func (g *SignIn) setupKey(k tea.KeyPressMsg) tea.Cmd {
	f := &g.setup
	switch k.String() {
	case "tab", "down":
		f.focus = (f.focus + 1) % setupFields
	case "shift+tab", "up":
		f.focus = (f.focus + setupFields - 1) % setupFields
	case "enter":
		switch {
		case f.focus == setupName && strings.TrimSpace(f.name.Value()) == "":
			f.err = sale.Errorf(sale.CodeInvalid, "%s", f.env.T("sig.setup.type_name"))
		case f.focus == setupPIN && !f.pin.Complete():
			f.err = sale.Errorf(sale.CodeInvalid, "%s", f.env.T("sig.pin_length", sale.MinPIN, sale.MaxPIN))
		case f.focus < setupAgain:
			f.focus++
			f.err = nil
		default:
			return g.submitSetup()
		}
	default:
		var changed bool
		switch f.focus {
		case setupName:
			changed = f.name.Update(k)
		case setupPIN:
			changed = f.pin.Update(k)
		case setupAgain:
			changed = f.again.Update(k)
		}
		if changed {
			f.err = nil
		}
		return nil
	}
	f.refocus()
	return nil
}

func (g *SignIn) submitSetup() tea.Cmd {
	f := &g.setup
	name := strings.TrimSpace(ui.Clean(f.name.Value()))
	switch {
	case name == "":
		f.focus, f.err = setupName, sale.Errorf(sale.CodeInvalid, "%s", f.env.T("sig.setup.type_name"))
	case !f.pin.Complete():
		f.focus, f.err = setupPIN, sale.Errorf(sale.CodeInvalid, "%s", f.env.T("sig.pin_length", sale.MinPIN, sale.MaxPIN))
	case f.pin.Value() != f.again.Value():
		f.pin.Reset()
		f.again.Reset()
		f.focus, f.err = setupPIN, sale.Errorf(sale.CodeInvalid, "%s", f.env.T("sig.setup.differ"))
	default:
		auth, pin := g.env.D.Auth, f.pin.Value()
		f.pin.Reset()
		f.again.Reset()
		g.busy, f.err = true, nil
		return func() tea.Msg {
			c, err := auth.Bootstrap(sale.NewCashier{Name: name, Role: sale.RoleSupervisor, PIN: pin}, "")
			if err == nil {
				c, err = auth.SignIn(c.ID, pin)
			}
			return SetupMsg{cashier: c, err: err}
		}
	}
	f.refocus()
	return nil
}

func (g *SignIn) onSetup(msg SetupMsg) (tea.Cmd, *sale.Cashier) {
	g.busy = false
	if msg.err != nil {
		g.setup.err = msg.err
		return nil, nil
	}
	c := msg.cashier
	return nil, &c
}

func (f setupForm) keys() []key.Binding {
	k := f.env.Keys
	enter := "next"
	if f.focus == setupAgain {
		enter = "create supervisor"
	}
	return []key.Binding{ui.Bind("tab", "next field", "tab"), ui.Relabel(k.Enter, "enter", enter), ui.Bind("ctrl+c", "quit", "ctrl+c")}
}

func (f setupForm) view(w int) string {
	st, e := f.env.St, f.env
	row := func(label string, focus int, field string) string {
		label = e.Tr(label)
		l := "  " + st.Label.Render(ui.Pad(label, 10))
		if f.focus == focus {
			l = st.Marker.Render("› ") + st.Strong.Render(ui.Pad(label, 10))
		}
		return lipgloss.JoinHorizontal(lipgloss.Center, l+" ", field)
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(e.T("sig.setup.title")) + "\n\n")
	b.WriteString(st.Text.Render(ui.Wrap(e.T("sig.setup.how"), w)))
	b.WriteString("\n\n")
	b.WriteString(row("Name", setupName, f.name.View()) + "\n")
	b.WriteString(row("PIN", setupPIN, f.pin.View()) + "\n")
	b.WriteString(row("PIN again", setupAgain, f.again.View()) + "\n")
	if f.err != nil {
		b.WriteString(st.Error.Render(ui.Wrap("✗ "+ui.Clean(f.env.Err(f.err)), w)))
	} else {
		b.WriteString(st.Muted.Render(ui.Wrap(e.T("sig.setup.pin_note"), w)))
	}
	return b.String()
}
