package screens

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// payoutStep is where the payout flow is.
type payoutStep int

// Steps of the payout flow, in order.
const (
	payoutBank payoutStep = iota
	payoutAccount
	payoutChecking
	payoutHolder
	payoutAmount
	payoutConfirm
	payoutSending
	payoutResult
)

// fxBanksMsg carries the payout banks.
type fxBanksMsg struct {
	Banks []FlowixBank
	Err   error
}

// fxPayeeMsg carries an account inquiry's answer.
type fxPayeeMsg struct {
	Bank, Account string
	Payee         FlowixPayee
	Err           error
}

// payout sends a customer's cash to a bank account or e-wallet through
// Flowix: the bank, the account number, an inquiry showing the account
// holder's name for the cashier to confirm with the customer, the amount
// (at least Rp 10.000), a confirmation, then the transfer under our
// reference, followed live until Flowix settles it. A payout cannot be
// taken back, so an unclear answer is only ever queried, never resent.
type payout struct {
	env           *env
	step          payoutStep
	width, height int
	now           time.Time

	banks    []FlowixBank
	banksErr error
	loading  bool
	cursor   int

	acct     *FlowixAccount
	bank     FlowixBank
	account  ui.Field
	refused  error
	payee    FlowixPayee
	checkErr error
	progress ui.Progress
	amount   ui.MoneyInput
	money    sale.Money
	confirm  ui.Confirm
	sale     fxSale

	keys payoutKeys
	// gate is every check before the cash is taken (precheck.go).
	gate cashGate
}

type payoutKeys struct {
	flow.SaleKeys                                   // print, unresolved, scroll, try again, override (widgets.go)
	Up, Down, Pick, Enter, Back, Refresh, NewPayout key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k payoutKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Pick, k.Enter, k.TryAgain, k.Print, k.NewPayout, k.Unresolved, k.Override, k.Refresh, k.Scroll, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k payoutKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ Screen = (*payout)(nil)
	_ busy   = (*payout)(nil)
)

func newPayout(e *env, now time.Time) *payout {
	m := &payout{env: e, now: now, loading: true, sale: newFxSale(e), progress: ui.NewProgress(e.St)}
	m.account = ui.NewField(e.St, 20, fxDigitsFilter)
	m.account.SetPlaceholder("1234567890")
	m.amount = e.MoneyInput(sale.IDR)
	m.amount.SetCheck(payoutCheck)
	m.keys = payoutKeys{
		SaleKeys:  flow.NewSaleKeys(),
		Up:        e.Keys.Up,
		Down:      e.Keys.Down,
		Pick:      ui.Bind("1-9", "pick", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Enter:     e.Keys.Enter,
		Back:      e.Keys.Back,
		Refresh:   ui.Bind("r", "refresh", "r"),
		NewPayout: ui.Bind("n", "new payout", "n"),
	}
	m.updateKeys()
	return m
}

// payoutCheck refuses an amount under the least payout.
func payoutCheck(v sale.Money) error {
	if v.Minor < FlowixMinPayout.Minor {
		return sale.Errorf(sale.CodeInvalid, "a payout must be at least %s", FlowixMinPayout)
	}
	return nil
}

// ID names the screen (Screen).
func (m *payout) ID() ScreenID { return ScreenPayout }

// Title is the breadcrumb text (Screen).
func (m *payout) Title() string { return "Bank payout" }

// Busy reports whether a transfer is in flight (busy).
func (m *payout) Busy() bool { return m.sale.Selling }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *payout) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *payout) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// banksCmd reads the payout banks.
func banksCmd(e *env) tea.Cmd {
	api, ctx, timeout := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		b, err := api.Banks(ctx)
		return fxBanksMsg{Banks: b, Err: err}
	}
}

// payeeCmd checks an account.
func payeeCmd(e *env, bank, account string) tea.Cmd {
	api, ctx, timeout := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		p, err := api.AccountInquiry(ctx, bank, account)
		return fxPayeeMsg{Bank: bank, Account: account, Payee: p, Err: err}
	}
}

// Init reads the banks and the balance.
func (m *payout) Init() tea.Cmd { return tea.Batch(banksCmd(m.env), flowixAccountCmd(m.env)) }

// SetSize sets the room the screen has (Component).
func (m *payout) SetSize(w, h int) {
	m.width, m.height = w, h
	m.account.SetWidth(min(22, w-6))
	m.confirm.SetSize(w, h-2)
	m.sale.setSize(w, h)
}

// Update handles one message (Component).
func (m *payout) Update(msg tea.Msg) (Component, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case ClockMsg:
		m.now = msg.Now
		m.progress.SetNow(msg.Now)
	case fxBanksMsg:
		m.loading, m.banksErr = false, msg.Err
		if msg.Err == nil {
			m.banks = msg.Banks
			m.cursor = min(m.cursor, max(len(m.banks)-1, 0))
		}
	case FlowixAccountMsg:
		if msg.Err == nil {
			a := msg.Account
			m.acct = &a
		}
	case fxPayeeMsg:
		if m.step == payoutChecking && msg.Bank == m.bank.Code && msg.Account == m.account.Value() {
			m.progress.Stop()
			m.payee, m.checkErr = msg.Payee, msg.Err
			if msg.Err != nil {
				m.step = payoutAccount
			} else {
				m.openHolder()
			}
		}
	case OverrideMsg:
		if m.step == payoutConfirm && m.gate.granted(msg) {
			m.openConfirm() // asked again, under the override
		}
	case tea.KeyPressMsg:
		cmds = append(cmds, m.onKey(msg))
	case tea.PasteMsg:
		switch m.step {
		case payoutAccount:
			m.account.Update(msg)
		case payoutAmount:
			m.amount.Update(msg)
		}
	}
	cmds = append(cmds, m.progress.Update(msg), m.sale.update(msg))
	if _, ok := msg.(SoldMsg); ok && m.step == payoutSending && !m.sale.Selling {
		m.step = payoutResult
		cmds = append(cmds, flowixAccountCmd(m.env))
	}
	m.updateKeys()
	return m, tea.Batch(cmds...)
}

func (m *payout) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case payoutBank:
		switch {
		case key.Matches(k, m.keys.Back):
			return BackCmd
		case key.Matches(k, m.keys.Refresh):
			m.loading = true
			return banksCmd(m.env)
		}
		keys := flow.PickList{Up: m.keys.Up, Down: m.keys.Down, Pick: m.keys.Pick, Enter: m.keys.Enter}
		if i, _ := keys.Key(k, &m.cursor, len(m.banks)); i >= 0 {
			m.chooseBank(m.banks[i])
		}
	case payoutAccount:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = payoutBank
		case key.Matches(k, m.keys.Enter):
			no := m.account.Value()
			if len(no) < 6 || len(no) > 20 {
				m.refused = sale.Errorf(sale.CodeInvalid, "type the account or e-wallet number (6 to 20 digits)")
				return nil
			}
			m.refused, m.checkErr, m.step = nil, nil, payoutChecking
			return tea.Batch(payeeCmd(m.env, m.bank.Code, no), m.progress.Start(m.env.D.Now()))
		default:
			if m.account.Update(k) {
				m.refused, m.checkErr = nil, nil
			}
		}
	case payoutHolder:
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			m.step = payoutAmount
		case ui.ConfirmNo:
			m.step = payoutAccount
		}
	case payoutAmount:
		if v, ok, back := flow.AmountKey(k, &m.amount, m.keys.Back, m.keys.Enter); back {
			m.step = payoutAccount
		} else if ok {
			m.money = v
			m.openConfirm()
		}
	case payoutConfirm:
		if key.Matches(k, m.keys.Override) && m.gate.overridable(m.env) {
			return m.gate.ask(m.env, m.order())
		}
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			m.step = payoutSending
			m.sale.Override, m.gate.override = m.gate.override, nil // granted on the confirmation; used once
			return m.sale.start(m.order())
		case ui.ConfirmNo:
			m.step = payoutAmount
		}
	case payoutResult:
		switch {
		case key.Matches(k, m.keys.Back):
			return HomeCmd
		case key.Matches(k, m.keys.Print):
			return m.sale.print()
		case key.Matches(k, m.keys.NewPayout):
			m.step, m.sale, m.payee = payoutBank, newFxSale(m.env), FlowixPayee{}
			m.sale.setSize(m.width, m.height)
			m.account.Reset()
			m.amount = m.env.MoneyInput(sale.IDR)
			m.amount.SetCheck(payoutCheck)
		case key.Matches(k, m.keys.Unresolved):
			return NavigateCmd(ScreenUnresolved, "")
		case key.Matches(k, m.keys.TryAgain):
			m.openConfirm()
		case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
			m.sale.Pager.Update(k)
		}
	}
	return nil
}

// chooseBank takes b and asks for the account number.
func (m *payout) chooseBank(b FlowixBank) {
	if b.Code != m.bank.Code {
		m.account.Reset()
	}
	m.bank, m.refused, m.checkErr = b, nil, nil
	m.step = payoutAccount
}

// openHolder asks the cashier to confirm the holder's name with the
// customer before any amount is typed.
func (m *payout) openHolder() {
	c := ui.NewConfirm(m.env.St, m.env.D.Now, "Is this the account holder?", [][2]string{
		{"Name", m.payee.AccountName},
		{"Account", m.payee.AccountNumber},
		{"Bank", m.bank.Name + " (" + m.bank.Code + ")"},
	})
	c.Yes, c.No, c.Grace = "Yes, the customer confirms", "No", m.env.D.ConfirmGrace
	c.Note = "Ask the customer who the money is for, and compare it with this name. A transfer cannot be taken back."
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = payoutHolder
}

// order is the transfer the confirmation shows.
func (m *payout) order() sale.Order {
	return sale.Order{
		Provider: flowixProvider, Kind: sale.KindPayout, Product: m.bank.Code, ProductName: m.bank.Name,
		Target: sale.Target{Kind: sale.TargetAccount, Value: m.payee.AccountNumber},
		Amount: m.money, Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: m.env.D.Cashier,
		Params: map[string]string{
			FlowixParamBankCode:    m.bank.Code,
			FlowixParamAccountName: m.payee.AccountName,
			FlowixParamBankName:    m.bank.Name,
		},
	}
}

// openConfirm shows exactly what will be sent.
func (m *payout) openConfirm() {
	c := ui.NewConfirm(m.env.St, m.env.D.Now, "Send this money?", [][2]string{
		{"To", m.payee.AccountName},
		{"Account", m.payee.AccountNumber},
		{"Bank", m.bank.Name + " (" + m.bank.Code + ")"},
		{"Amount", m.money.String()},
		{"Tender", "Cash"},
	})
	c.Yes, c.No, c.Grace = "Send "+m.money.String(), "Back", m.env.D.ConfirmGrace
	c.Note = "Take the cash first. Flowix charges its transfer fee to the shop's balance."
	if n := fxBalanceNote(m.acct, m.money); n != "" {
		c.Note = n
	}
	m.gate.tag = "payout"
	if n := m.gate.check(m.env, m.order()); n != "" { // precheck.go: every check before the cash
		c.Note = n
	}
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = payoutConfirm
}

// updateKeys enables exactly the keys that work in the current state.
func (m *payout) updateKeys() {
	k := &m.keys
	enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Refresh, &k.Print, &k.NewPayout, &k.Unresolved, &k.TryAgain, &k.Scroll, &k.ScrollDown, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch m.step {
	case payoutBank:
		has := len(m.banks) > 0
		enablePick(has, &k.Up, &k.Down, &k.Pick, &k.Enter)
		k.Refresh.SetEnabled(!m.loading)
		k.Back.SetEnabled(true)
	case payoutAccount, payoutAmount:
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "next")
		if m.step == payoutAccount {
			k.Enter.SetHelp("enter", "check the account")
		}
		k.Back.SetEnabled(true)
	case payoutHolder:
		enterBack(&k.Enter, &k.Back, "confirm")
	case payoutConfirm:
		k.Override.SetEnabled(m.gate.overridable(m.env))
		enterBack(&k.Enter, &k.Back, "send")
	case payoutResult:
		r := m.sale.Result()
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		k.Print.SetEnabled(m.sale.canPrint())
		k.Scroll.SetEnabled(r == flow.ResDelivered && m.sale.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewPayout.SetEnabled(true)
		k.TryAgain.SetEnabled(r == flow.ResNotSent || r == flow.ResRefused)
		k.Unresolved.SetEnabled(r == flow.ResBlocked || r == flow.ResInDoubt || r == flow.ResPending || r == flow.ResSupervisor)
	}
}
