// Package screens is the till's terminal interface: the root App (a typed
// screen stack, the header, the status line, the help footer and the quit
// guard) that routes to screens through one registry (ids.go), home, and
// the Flash and Flowix menus. The App is the only model that returns a
// tea.View; screens return strings. All I/O runs in tea.Cmds that return
// one typed message; Update and View never block.
//
// The layout: screens/kit is the shared base (Env, Deps and the provider
// services, Component and Screen, the screen ids, the commands every
// screen runs, the language helpers); screens/flow is the sale flow
// written once (flow.Run: confirm → tender → sale → follow → result →
// print → override; the tender step and QRIS); the products hold only
// their input steps — screens/airtime, screens/water, screens/flash
// (electricity, vouchers, cash-out) and screens/flowix (pulsa, bill,
// payout, deposit) — and are opened by id (ids.go); screens/backoffice
// holds the back office (journal, sale detail, unresolved, supervisor
// settlement, payments, end of day, Till check); screens/auth the sign-in
// gate, the idle lock and the override dialog.
package screens

import (
	"context"
	"till/i18n"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// App is the root model: it routes messages to the screen on top of its
// stack and draws the chrome around it.
type App struct {
	printed autoPrinted // sales printed without a key press (autoprint.go)
	env     *env
	stack   []Screen

	width, height int
	now           time.Time
	isDark        bool
	noColor       bool

	unresolved []sale.Sale
	unresErr   error
	headOffice time.Time // HeadOfficeMsg.Since (headoffice.go)

	status      string
	statusErr   bool
	statusUntil time.Time

	quit *ui.Confirm // the ctrl+c "quit the till?" dialog, when open
	// keyMap is set while `?` shows the full key map (help_keys.go).
	keyMap bool
	auth   authState // signin_app.go: who is signed in, the sign-in gate, the override dialog
	help   help.Model

	sales  <-chan sale.Sale
	unsub  func()
	cancel context.CancelFunc
}

// statusFor is how long a status line message stays up.
const statusFor = 8 * time.Second

// New returns the App for d. It subscribes to the engine's updates at once;
// call Close when the program has ended.
func New(d Deps) *App {
	d = d.WithDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	st := ui.NewStyles(true, false)
	a := &App{
		env:    &env{D: d, St: &st, Keys: ui.NewKeys(), Ctx: ctx},
		width:  80,
		height: 24,
		now:    d.Now(),
		isDark: true,
		help:   help.New(),
		cancel: cancel,
	}
	a.help.Styles = st.Help
	if d.Engine != nil {
		a.sales, a.unsub = d.Engine.Subscribe()
	}
	a.stack = []Screen{newHome(a.env)}
	a.authStart()
	a.layout()
	return a
}

// Close stops the engine subscription and cancels the App's commands.
func (a *App) Close() {
	if a.unsub != nil {
		a.unsub()
		a.unsub = nil
	}
	a.cancel()
}

// Active is the screen on top of the stack.
func (a *App) Active() Screen { return a.stack[len(a.stack)-1] }

// Busy reports whether a sale is in flight: a screen is waiting for a
// provider's answer, or the engine is sending one of the unresolved sales.
func (a *App) Busy() bool {
	for _, s := range a.stack {
		if b, ok := s.(busy); ok && b.Busy() {
			return true
		}
	}
	if e := a.env.D.Engine; e != nil {
		for _, s := range a.unresolved {
			if e.InFlight(s.Ref) {
				return true
			}
		}
	}
	return false
}

// Filter is a tea.WithFilter function for main: it drops the program's
// interrupt and quit messages (SIGINT, SIGTERM) while a sale is in flight,
// so the till finishes recording the answer first.
func Filter(m tea.Model, msg tea.Msg) tea.Msg {
	a, ok := m.(*App)
	if !ok {
		return msg
	}
	switch msg.(type) {
	case tea.InterruptMsg, tea.QuitMsg:
		if a.Busy() {
			return ErrorMsg{Err: errBusy}
		}
	}
	return msg
}

var errBusy = sale.Keyed(sale.CodeConflict, "busy_quit", nil, "a sale is being processed: wait for the provider's answer before quitting")

// Init starts the clock, the engine subscription, the first read of the
// unresolved sales, asks for the background colour and starts the home
// screen.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, kit.ClockCmd(), a.Active().Init(), a.authInit()}
	if a.sales != nil {
		cmds = append(cmds, kit.WaitSaleCmd(a.sales), kit.UnresolvedCmd(a.env.D.Engine))
	}
	return tea.Batch(cmds...)
}

// Update routes one message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd, done := a.authUpdate(msg) // signin_app.go: sign-in, idle lock, overrides
	if done {
		return a, cmd
	}
	m, rest := a.update(msg)
	return m, tea.Batch(cmd, rest)
}

// update routes one message that sign-in did not take.
func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.layout()
		return a, nil
	case tea.BackgroundColorMsg:
		a.isDark = msg.IsDark()
		a.restyle()
		return a, nil
	case tea.EnvMsg:
		// The program's environment (a local terminal or an SSH session).
		if msg.Getenv("NO_COLOR") != "" && !a.noColor {
			a.noColor = true
			a.restyle()
		}
		return a, nil
	case ClockMsg:
		a.now = a.env.D.Now()
		if !a.statusUntil.IsZero() && !a.now.Before(a.statusUntil) {
			a.status, a.statusUntil = "", time.Time{}
		}
		return a, tea.Batch(kit.ClockCmd(), a.broadcast(ClockMsg{Now: a.now}))
	case SaleUpdateMsg:
		return a, tea.Batch(kit.WaitSaleCmd(a.sales), kit.UnresolvedCmd(a.env.D.Engine), a.broadcast(msg),
			autoPrintCmd(a.env.D, &a.printed, msg.Sale)) // autoprint.go
	case autoPrintedMsg:
		return a, onAutoPrinted(msg)
	case UnresolvedMsg:
		if msg.Err == nil {
			a.unresolved = msg.Sales
		}
		a.unresErr = msg.Err
		return a, a.broadcast(msg)
	case ErrorMsg:
		a.setStatus(a.env.Err(msg.Err), true)
		return a, nil
	case HeadOfficeMsg:
		a.headOffice = msg.Since
		return a, nil
	case StatusMsg:
		if msg.Key != "" {
			msg.Text = a.env.T(msg.Key, msg.Args...)
		}
		a.setStatus(msg.Text, false)
		return a, nil
	case NavigateMsg:
		if i := a.find(msg); i >= 0 {
			return a, a.popTo(i)
		}
		return a, a.push(opening{now: a.now, msg: msg, unresolved: a.unresolved}.open(a.env)) // ids.go
	case BackMsg:
		return a, a.pop()
	case HomeMsg:
		return a, a.home()
	case QuitRequestMsg:
		return a, a.requestQuit()
	case tea.KeyPressMsg:
		return a, a.key(msg)
	case tea.PasteMsg:
		return a, a.updateActive(msg)
	}
	// Command results go to every stacked screen: each knows what it asked
	// for, and an answer must not be lost because another screen is on top.
	return a, a.broadcast(msg)
}

// key handles the keys the App owns — ctrl+c and the quit dialog — and
// passes the rest to the active screen.
func (a *App) key(k tea.KeyPressMsg) tea.Cmd {
	if a.quit != nil {
		switch a.quit.Update(k) {
		case ui.ConfirmYes:
			a.quit = nil
			return a.requestQuit()
		case ui.ConfirmNo:
			a.quit = nil
		}
		return nil
	}
	if k.String() == "ctrl+c" {
		switch {
		case a.Busy():
			a.setStatus(a.env.Err(errBusy), true)
			return nil
		case a.Active().ID() == ScreenHome:
			return tea.Quit
		}
		d := ui.NewConfirm(a.env.St, a.env.D.Now, "Quit the till?", nil)
		d.Yes, d.No, d.Grace = "Quit", "Stay", a.env.D.ConfirmGrace
		if n := len(a.unresolved); n > 0 {
			d.Note = plural(n, "unresolved sale stays", "unresolved sales stay") +
				" in the journal and\nwill be settled when the till starts again."
			if a.env.D.Language != i18n.EN {
				d.Note = a.env.T("tui.quit.note", n)
			}
		}
		a.env.Localise(&d)
		a.quit = &d
		return nil
	}
	if cmd, done := a.keyMapKey(k); done { // help_keys.go: `?`
		return cmd
	}
	if a.status != "" && a.statusErr {
		// A new key means the cashier has seen the error.
		a.status, a.statusUntil = "", time.Time{}
	}
	return a.updateActive(k)
}

// requestQuit quits unless a sale is in flight.
func (a *App) requestQuit() tea.Cmd {
	if a.Busy() {
		a.setStatus(a.env.Err(errBusy), true)
		return nil
	}
	return tea.Quit
}

func (a *App) setStatus(text string, isErr bool) {
	a.status, a.statusErr = ui.Clean(text), isErr
	a.statusUntil = a.now.Add(statusFor)
	if text == "" {
		a.statusUntil = time.Time{}
	}
}

// updateActive sends msg to the screen on top of the stack.
func (a *App) updateActive(msg tea.Msg) tea.Cmd {
	i := len(a.stack) - 1
	c, cmd := a.stack[i].Update(msg)
	a.stack[i] = c.(Screen)
	return cmd
}

// broadcast sends msg to every stacked screen: the clock, engine updates,
// the unresolved list and command results concern them all.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.stack))
	for i, s := range a.stack {
		c, cmd := s.Update(msg)
		a.stack[i] = c.(Screen)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (a *App) push(s Screen) tea.Cmd {
	if s.ID() == ScreenHome {
		return a.home()
	}
	a.stack = append(a.stack, s)
	a.setStatus("", false)
	a.layout()
	return s.Init()
}

// find returns the stack index of the screen a NavigateMsg asks for when it
// is already open, or -1, so going to a screen twice goes back to it.
func (a *App) find(msg NavigateMsg) int {
	for i, s := range a.stack {
		if s.ID() != msg.To {
			continue
		}
		if d, ok := s.(interface{ Ref() sale.Reference }); ok && d.Ref() != msg.Ref { // a sale screen shows one sale
			continue
		}
		return i
	}
	return -1
}

// popTo closes the screens above index i, unless one is busy.
func (a *App) popTo(i int) tea.Cmd {
	for _, s := range a.stack[i+1:] {
		if b, ok := s.(busy); ok && b.Busy() {
			a.setStatus(a.env.Err(errBusy), true)
			return nil
		}
	}
	if i == len(a.stack)-1 {
		return nil
	}
	a.stack = a.stack[:i+1]
	a.setStatus("", false)
	a.layout()
	return a.refresh()
}

func (a *App) pop() tea.Cmd {
	if len(a.stack) <= 1 {
		return nil
	}
	return a.popTo(len(a.stack) - 2)
}

func (a *App) home() tea.Cmd { return a.popTo(0) }

// refresh re-reads what a screen uncovered by a pop shows.
func (a *App) refresh() tea.Cmd {
	if r, ok := a.Active().(interface{ Refresh() tea.Cmd }); ok {
		return r.Refresh()
	}
	return nil
}

// restyle rebuilds the styles after the background or NO_COLOR is learnt.
// Screens hold a pointer to them, so they follow at once.
func (a *App) restyle() {
	*a.env.St = ui.NewStyles(a.isDark, a.noColor)
	a.help.Styles = a.env.St.Help
}

// layout tells every screen how much room it has.
func (a *App) layout() {
	w, h := a.contentSize()
	a.help.SetWidth(a.width - 2)
	for _, s := range a.stack {
		s.SetSize(w, h)
	}
}
