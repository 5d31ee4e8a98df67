package screens

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/auth"
	"till/ui"
)

// signedOutMsg carries Auth.SignOut's answer (journaled after the fact).
type signedOutMsg struct{ err error }

// authState is the App's part in sign-in: who is signed in, the sign-in
// or lock gate covering the screens while nobody may sell, the supervisor
// override dialog, and when the last key was pressed (for the idle lock).
// Without Deps.Auth all of it stays empty and the App works as before.
type authState struct {
	cashier sale.Cashier
	gate    *auth.SignIn
	dialog  *auth.OverrideDialog
	lastKey time.Time
}

// authStart signs in the demo cashier, or puts the sign-in gate up.
func (a *App) authStart() {
	d := &a.env.D
	a.auth.lastKey = d.Now()
	if d.Auth == nil {
		return
	}
	if d.AutoSignIn != "" {
		if cs, err := d.Auth.Cashiers(); err == nil {
			for _, c := range cs {
				if c.ID == d.AutoSignIn && !c.Disabled {
					a.auth.cashier, d.Cashier = c, c.ID
					return
				}
			}
		}
	}
	d.Cashier = ""
	a.auth.gate = auth.NewSignIn(a.env)
}

// authInit starts the gate (it reads the cashiers).
func (a *App) authInit() tea.Cmd {
	if a.auth.gate != nil {
		return a.auth.gate.Init()
	}
	return nil
}

// authUpdate handles what sign-in, the idle lock and the override dialog
// own. done says msg was theirs alone; otherwise the App handles it as
// usual (and runs cmd too).
func (a *App) authUpdate(msg tea.Msg) (cmd tea.Cmd, done bool) {
	s := &a.auth
	switch msg := msg.(type) {
	case ClockMsg:
		return a.checkIdle(), false
	case OverrideRequestMsg:
		if a.env.D.Auth == nil {
			return tea.Batch(func() tea.Msg { return OverrideMsg{Tag: msg.Tag, Cancelled: true} },
				ErrorCmd(sale.Keyed(sale.CodeForbidden, "no_supervisors", nil, "this till has no supervisors to authorise it"))), true
		}
		s.dialog = auth.NewOverrideDialog(a.env, msg)
		return s.dialog.Init(), true
	case auth.SupervisorsMsg, auth.AuthorizedMsg:
		return a.dialogUpdate(msg), true
	case OverrideMsg:
		if strings.HasPrefix(msg.Tag, "signin:") {
			if s.gate != nil {
				cmd, _ := s.gate.Update(msg)
				return cmd, true
			}
			return nil, true
		}
		if !msg.Cancelled {
			a.setStatus(a.env.T("sig.authorised", a.env.D.Auth.Name(msg.Override.Supervisor), itoa(int(msg.Override.Seq))), false)
		}
		return nil, false // every stacked screen gets it
	case auth.CashiersMsg, auth.SignInMsg, auth.UnlockedMsg, auth.SetupMsg:
		if s.gate != nil {
			return a.gateUpdate(msg), true
		}
		return nil, true
	case SignOutMsg:
		return a.signOut(), true
	case signedOutMsg:
		if msg.err != nil {
			a.setStatus(a.env.Err(msg.err), true)
		}
		return nil, true
	case NavigateMsg:
		if msg.To == ScreenSignOut {
			return a.signOut(), true
		}
	case tea.KeyPressMsg:
		if a.quit != nil {
			return nil, false
		}
		s.lastKey = a.env.D.Now()
		switch {
		case s.dialog != nil:
			return a.dialogUpdate(msg), true
		case s.gate != nil:
			if msg.String() == "ctrl+c" {
				return a.requestQuit(), true
			}
			return a.gateUpdate(msg), true
		case msg.String() == "ctrl+l" && a.env.D.Auth != nil && s.cashier.ID != "" && !a.Busy():
			return a.lock(), true
		}
	case tea.PasteMsg:
		switch {
		case s.dialog != nil:
			return a.dialogUpdate(msg), true
		case s.gate != nil:
			return a.gateUpdate(msg), true
		}
	}
	return nil, false
}

// dialogUpdate passes msg to the override dialog; when it finishes, its
// answer goes to the screens (or the gate) as an OverrideMsg.
func (a *App) dialogUpdate(msg tea.Msg) tea.Cmd {
	d := a.auth.dialog
	if d == nil {
		return nil
	}
	cmd, out := d.Update(msg)
	if out == nil {
		return cmd
	}
	a.auth.dialog = nil
	answer := *out
	return func() tea.Msg { return answer }
}

// closeDialog cancels an open override dialog.
func (a *App) closeDialog() tea.Cmd {
	d := a.auth.dialog
	if d == nil {
		return nil
	}
	tag := d.Cancel()
	a.auth.dialog = nil
	return func() tea.Msg { return OverrideMsg{Tag: tag, Cancelled: true} }
}

// gateUpdate passes msg to the sign-in gate and signs in who it returns.
func (a *App) gateUpdate(msg tea.Msg) tea.Cmd {
	cmd, c := a.auth.gate.Update(msg)
	if c == nil {
		return cmd
	}
	return a.signedIn(*c)
}

// signedIn hands the till to c. After the idle lock the same cashier
// carries on where they were; anyone else starts at home.
func (a *App) signedIn(c sale.Cashier) tea.Cmd {
	s := &a.auth
	resumed := s.gate != nil && s.gate.Mode == auth.GateLocked && c.ID == s.cashier.ID
	s.cashier, s.gate, s.lastKey = c, nil, a.env.D.Now()
	a.env.D.Cashier = c.ID
	if resumed {
		a.setStatus(a.env.T("sig.welcome_back", c.Name), false)
		return nil
	}
	// A fresh home for the new cashier: nothing of the last one's is left
	// on screen, and the menu starts at the top.
	a.stack = []Screen{newHome(a.env)}
	a.layout()
	a.setStatus(a.env.T("sig.signed_in", c.Name, a.env.Tr(string(c.Role))), false)
	return a.Active().Init()
}

// signOut ends the cashier's shift at this till (journaled) and shows the
// sign-in gate; refused while a sale is in flight.
func (a *App) signOut() tea.Cmd {
	book := a.env.D.Auth
	if book == nil {
		return nil
	}
	if a.Busy() {
		a.setStatus(sale.ErrorMessage(errBusy), true)
		return nil
	}
	id := a.auth.cashier.ID
	cmds := []tea.Cmd{a.closeDialog(), a.home()}
	a.auth.cashier, a.env.D.Cashier = sale.Cashier{}, ""
	a.auth.gate = auth.NewSignIn(a.env)
	cmds = append(cmds, a.auth.gate.Init())
	if id != "" {
		cmds = append(cmds, func() tea.Msg { return signedOutMsg{err: book.SignOut(id)} })
	}
	a.setStatus(a.env.T("sig.signed_out"), false)
	return tea.Batch(cmds...)
}

// authBody is what the content area shows: the gate or the override dialog
// over the active screen's view.
func (a *App) authBody(body string, w, h int) string {
	s := &a.auth
	if s.gate != nil {
		body = s.gate.View(w, h)
	}
	if s.dialog != nil {
		body = lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, s.dialog.View(w))
	}
	return body
}

// authFooter is the help line of the gate or the dialog.
func (a *App) authFooter() (string, bool) {
	switch s := &a.auth; {
	case s.dialog != nil:
		return a.help.ShortHelpView(helpIn{l: a.env.D.Language}.tr(s.dialog.Keys())), true
	case s.gate != nil:
		return a.help.ShortHelpView(helpIn{l: a.env.D.Language}.tr(s.gate.Keys())), true
	}
	return "", false
}

// authCrumb is who is signed in, for the right end of the breadcrumb line.
func (a *App) authCrumb() string {
	c := a.auth.cashier
	if a.env.D.Auth == nil || c.ID == "" {
		return ""
	}
	who := ui.Clean(c.Name)
	if c.Supervisor() {
		who += a.env.T("sig.crumb_sup")
	}
	if a.auth.gate != nil {
		who += a.env.T("sig.crumb_locked")
	}
	return a.env.St.Muted.Render(who + " ")
}
