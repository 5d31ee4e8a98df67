package auth

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// GateMode is what the sign-in gate is doing.
type GateMode int

// Modes of the sign-in gate.
const (
	gateLoading GateMode = iota // reading the cashiers
	GateSetup                   // first run: the first supervisor (signin_setup.go)
	gatePick                    // pick who signs in
	gatePIN                     // the picked cashier types their PIN
	GateLocked                  // idle lock: the signed-in cashier types their PIN (lock.go)
)

// CashiersMsg carries the till's cashiers, for the sign-in gate.
type CashiersMsg struct {
	list []sale.Cashier
	err  error
}

// SignInMsg carries Auth.SignIn's (or Resume's) answer.
type SignInMsg struct {
	id      string
	cashier sale.Cashier
	err     error
}

// UnlockedMsg carries Auth.Unlock's answer (a supervisor lifted a lockout).
type UnlockedMsg struct {
	cashier sale.Cashier
	err     error
}

// SignIn is the gate in front of the till: nothing else takes a key until
// a cashier has signed in with their PIN (or, after the idle lock, typed it
// again). With no cashier at all it sets up the first supervisor. It is
// drawn by the App instead of the screen stack, which it leaves as it is.
type SignIn struct {
	env     *kit.Env
	Mode    GateMode
	list    []sale.Cashier
	cursor  int
	pin     pinInput
	who     sale.Cashier // the cashier typing their PIN
	err     error
	info    string
	busy    bool // Auth is checking a PIN
	setup   setupForm
	readErr error
}

func NewSignIn(e *kit.Env) *SignIn {
	return &SignIn{env: e, Mode: gateLoading, pin: newPINInput(e.St)}
}

// Init reads the cashiers.
func (g *SignIn) Init() tea.Cmd { return CashiersCmd(g.env.D.Auth) }

func CashiersCmd(auth *sale.Auth) tea.Cmd {
	return func() tea.Msg {
		cs, err := auth.Cashiers()
		return CashiersMsg{list: cs, err: err}
	}
}

// Update handles a message; it returns the cashier once one has signed in.
func (g *SignIn) Update(msg tea.Msg) (tea.Cmd, *sale.Cashier) {
	switch msg := msg.(type) {
	case CashiersMsg:
		g.onCashiers(msg)
	case SignInMsg:
		g.busy = false
		if msg.err == nil {
			c := msg.cashier
			return nil, &c
		}
		g.err = msg.err
		if sale.ErrorCode(msg.err) == sale.CodeLocked && g.Mode == gatePIN {
			g.Mode = gatePick
		}
		return CashiersCmd(g.env.D.Auth), nil
	case UnlockedMsg:
		if msg.err != nil {
			g.err = msg.err
			return nil, nil
		}
		g.err, g.info = nil, g.env.T("sig.unlocked", msg.cashier.Name)
		return CashiersCmd(g.env.D.Auth), nil
	case kit.OverrideMsg:
		return g.onOverride(msg), nil
	case SetupMsg:
		return g.onSetup(msg)
	case tea.PasteMsg:
		if g.Mode == GateSetup {
			g.setup.paste(msg)
		} else {
			g.pin.Update(msg)
		}
	case tea.KeyPressMsg:
		if g.busy {
			return nil, nil
		}
		return g.key(msg)
	}
	return nil, nil
}

func (g *SignIn) onCashiers(msg CashiersMsg) {
	g.readErr = msg.err
	if msg.err != nil {
		return
	}
	var active []sale.Cashier
	for _, c := range msg.list {
		if !c.Disabled {
			active = append(active, c)
		}
	}
	sel := ""
	if g.cursor < len(g.list) {
		sel = g.list[g.cursor].ID
	}
	g.list = active
	g.cursor = 0
	for i, c := range g.list {
		if c.ID == sel {
			g.cursor = i
		}
		if c.ID == g.who.ID {
			g.who = c
		}
	}
	switch {
	case g.Mode != gateLoading:
	case len(msg.list) == 0 && !g.env.D.Demo:
		g.Mode, g.setup = GateSetup, newSetupForm(g.env)
	default:
		g.Mode = gatePick
	}
}

func (g *SignIn) selected() (sale.Cashier, bool) {
	if g.cursor < 0 || g.cursor >= len(g.list) {
		return sale.Cashier{}, false
	}
	return g.list[g.cursor], true
}

func (g *SignIn) key(k tea.KeyPressMsg) (tea.Cmd, *sale.Cashier) {
	switch g.Mode {
	case GateSetup:
		return g.setupKey(k), nil
	case gatePick:
		n := len(g.list)
		switch k.String() {
		case "up", "k":
			if n > 0 {
				g.cursor = (g.cursor + n - 1) % n
			}
		case "down", "j":
			if n > 0 {
				g.cursor = (g.cursor + 1) % n
			}
		case "enter":
			if c, ok := g.selected(); ok {
				g.pick(c)
			}
		case "u":
			if c, ok := g.selected(); ok && (c.Locked(g.env.D.Now()) || c.Failed > 0) {
				return g.askUnlock(c), nil
			}
		default:
			if i := int(k.Code - '1'); k.Text != "" && i >= 0 && i < min(n, 9) {
				g.cursor = i
				g.pick(g.list[i])
			}
		}
	case gatePIN, GateLocked:
		switch k.String() {
		case "esc":
			g.pin.Reset()
			g.err = nil
			if g.Mode == GateLocked {
				return SignOutCmd, nil // the next cashier signs in
			}
			g.Mode = gatePick
		case "enter":
			return g.submit(), nil
		default:
			if g.pin.Update(k) {
				g.err, g.info = nil, ""
			}
		}
	}
	return nil, nil
}

func (g *SignIn) pick(c sale.Cashier) {
	g.who, g.Mode, g.err, g.info = c, gatePIN, nil, ""
	g.pin.Reset()
	if c.Locked(g.env.D.Now()) {
		g.Mode = gatePick
		until := c.LockedUntil.In(g.env.D.Location).Format("15:04")
		g.err = sale.Keyed(sale.CodeLocked, "locked_pick", []any{c.Name, until},
			"%s is locked out until %s after too many wrong PINs: wait, or ask a supervisor to unlock (u)", c.Name, until)
	}
}

// submit hands the PIN to Auth: SignIn, or Resume after the idle lock.
func (g *SignIn) submit() tea.Cmd {
	if !g.pin.Complete() {
		g.err = sale.Errorf(sale.CodeInvalid, "%s", g.env.T("sig.pin_length", sale.MinPIN, sale.MaxPIN))
		return nil
	}
	auth, id, pin, resume := g.env.D.Auth, g.who.ID, g.pin.Value(), g.Mode == GateLocked
	g.pin.Reset()
	g.busy, g.err, g.info = true, nil, ""
	return func() tea.Msg {
		var c sale.Cashier
		var err error
		if resume {
			c, err = auth.Resume(id, pin)
		} else {
			c, err = auth.SignIn(id, pin)
		}
		return SignInMsg{id: id, cashier: c, err: err}
	}
}

// askUnlock asks a supervisor to lift c's lockout.
func (g *SignIn) askUnlock(c sale.Cashier) tea.Cmd {
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{Tag: "signin:unlock", Action: sale.ActionUnlock, Subject: c.ID,
		Title: g.env.T("sig.unlock_title", c.Name), Rows: [][2]string{{"Cashier", c.Name + " (" + c.ID + ")"}},
		Why: g.env.T("sig.wrong_pin", c.Name, c.Failed)})
}

func (g *SignIn) onOverride(msg kit.OverrideMsg) tea.Cmd {
	if msg.Tag != "signin:unlock" || msg.Cancelled {
		return nil
	}
	auth, ov := g.env.D.Auth, msg.Override
	return func() tea.Msg {
		c, err := auth.Unlock(ov.Subject, ov)
		return UnlockedMsg{cashier: c, err: err}
	}
}

// Keys are the gate's keys for the help footer.
func (g *SignIn) Keys() []key.Binding {
	k := g.env.Keys
	switch g.Mode {
	case GateSetup:
		return g.setup.keys()
	case gatePick:
		b := []key.Binding{k.Up, ui.Relabel(k.Enter, "enter", "sign in")}
		if c, ok := g.selected(); ok && (c.Locked(g.env.D.Now()) || c.Failed > 0) {
			b = append(b, ui.Bind("u", "supervisor unlock", "u"))
		}
		return append(b, ui.Bind("ctrl+c", "quit", "ctrl+c"))
	case gatePIN:
		return []key.Binding{ui.Relabel(k.Enter, "enter", "sign in"), ui.Relabel(k.Back, "esc", "someone else")}
	case GateLocked:
		return []key.Binding{ui.Relabel(k.Enter, "enter", "unlock"), ui.Relabel(k.Back, "esc", "sign out")}
	}
	return nil
}

// View draws the gate in w×h cells.
func (g *SignIn) View(w, h int) string {
	st, e := g.env.St, g.env
	var b strings.Builder
	switch {
	case g.readErr != nil:
		return st.Error.Render(ui.Wrap("✗ "+ui.Clean(g.env.Err(g.readErr)), w))
	case g.Mode == gateLoading:
		return st.Muted.Render(e.T("sig.reading"))
	case g.Mode == GateSetup:
		return g.setup.view(w)
	case g.Mode == GateLocked:
		b.WriteString(g.lockedView(w))
	case g.Mode == gatePIN:
		b.WriteString("\n" + st.Title.Render(e.T("sig.title", ui.Clean(g.who.Name))) + "\n\n")
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Center, st.Label.Render("PIN  "), g.pin.View()))
		b.WriteString("\n\n" + st.Muted.Render(ui.Wrap(e.T("sig.pin_how"), w)))
	default:
		b.WriteString("\n" + st.Title.Render(e.T("sig.who")) + "\n\n")
		if len(g.list) == 0 {
			b.WriteString(st.Warning.Render(ui.Wrap(e.T("sig.none"), w)))
		}
		now := g.env.D.Now()
		for i, c := range g.list {
			row := fmt.Sprintf(" %d  %s %s", i+1, ui.Pad(ui.Clean(c.Name), 24), ui.Pad(e.Tr(string(c.Role)), 10))
			note := ""
			if c.Locked(now) {
				note = e.T("sig.locked_until", c.LockedUntil.In(g.env.D.Location).Format("15:04"))
			}
			marker := "  "
			if i == g.cursor {
				marker, row = st.Marker.Render("› "), st.Selected.Render(row+" ")
			} else {
				row = st.Strong.Render(row + " ")
			}
			b.WriteString(marker + row + " " + st.Warning.Render(note) + "\n")
		}
	}
	b.WriteString("\n")
	switch {
	case g.busy:
		b.WriteString(st.Muted.Render(e.T("sig.checking")))
	case g.err != nil:
		b.WriteString(st.Error.Render(ui.Wrap("✗ "+ui.Clean(g.env.Err(g.err)), w)))
	case g.info != "":
		b.WriteString(st.Success.Render(ui.Wrap("✓ "+ui.Clean(g.info), w)))
	}
	return b.String()
}

// SignOutMsg signs the cashier out: the next cashier signs in.
type SignOutMsg struct{}

// SignOutCmd returns SignOutMsg.
func SignOutCmd() tea.Msg { return SignOutMsg{} }
