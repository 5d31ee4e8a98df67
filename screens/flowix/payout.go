package flowix

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// PayoutStep is where the payout flow is.
type PayoutStep int

// Steps of the payout flow, in order.
const (
	PayoutBank PayoutStep = iota
	PayoutAccount
	PayoutChecking
	PayoutHolder
	PayoutAmount
	PayoutConfirm
	PayoutSending
	PayoutResult
)

// BanksMsg carries the payout banks.
type BanksMsg struct {
	Banks []kit.FlowixBank
	Err   error
}

// PayeeMsg carries an account inquiry's answer.
type PayeeMsg struct {
	Bank, Account string
	Payee         kit.FlowixPayee
	Err           error
}

// Payout sends a customer's cash to a bank account or e-wallet through
// Flowix: the bank, the account number, an inquiry showing the account
// holder's name for the cashier to confirm with the customer, the amount
// (at least Rp 10.000), a confirmation, then the transfer under our
// reference, followed live until Flowix settles it. A payout cannot be
// taken back, so an unclear answer is only ever queried, never resent.
type Payout struct {
	env           *kit.Env
	step          PayoutStep
	width, height int
	now           time.Time

	banks    []kit.FlowixBank
	banksErr error
	loading  bool
	cursor   int

	acct     *kit.FlowixAccount
	bank     kit.FlowixBank
	account  ui.Field
	refused  error
	payee    kit.FlowixPayee
	checkErr error
	progress ui.Progress
	amount   ui.MoneyInput
	money    sale.Money
	confirm  ui.Confirm
	Sale     Sale

	keys payoutKeys
	// gate is every check before the cash is taken (precheck.go).
	gate CashGate
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
	_ kit.Screen               = (*Payout)(nil)
	_ interface{ Busy() bool } = (*Payout)(nil)
)

// NewPayout is the bank payout screen, opened at now.
func NewPayout(e *kit.Env, now time.Time) *Payout {
	m := &Payout{env: e, now: now, loading: true, Sale: newFxSale(e), progress: flow.NewProgress(e)}
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
	if v.Minor < sale.FlowixMinPayout.Minor {
		return sale.Keyed(sale.CodeInvalid, "fx_payout_least", []any{sale.FlowixMinPayout}, "a payout must be at least %s", sale.FlowixMinPayout)
	}
	return nil
}

// ID names the screen (kit.Screen).
func (m *Payout) ID() kit.ScreenID { return kit.ScreenPayout }

// Title is the breadcrumb text (kit.Screen).
func (m *Payout) Title() string { return "Bank payout" }

// Busy reports whether a transfer is in flight (busy).
func (m *Payout) Busy() bool { return m.Sale.Selling }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *Payout) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *Payout) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// banksCmd reads the payout banks.
func banksCmd(e *kit.Env) tea.Cmd {
	api, ctx, timeout := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		b, err := api.Banks(ctx)
		return BanksMsg{Banks: b, Err: err}
	}
}

// payeeCmd checks an account.
func payeeCmd(e *kit.Env, bank, account string) tea.Cmd {
	api, ctx, timeout := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		p, err := api.AccountInquiry(ctx, bank, account)
		return PayeeMsg{Bank: bank, Account: account, Payee: p, Err: err}
	}
}

// Init reads the banks and the balance.
func (m *Payout) Init() tea.Cmd { return tea.Batch(banksCmd(m.env), flowixAccountCmd(m.env)) }

// SetSize sets the room the screen has (kit.Component).
func (m *Payout) SetSize(w, h int) {
	m.width, m.height = w, h
	m.account.SetWidth(min(22, w-6))
	m.confirm.SetSize(w, h-2)
	m.Sale.setSize(w, h)
}

// Update handles one message (kit.Component).
func (m *Payout) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case kit.ClockMsg:
		m.now = msg.Now
		m.progress.SetNow(msg.Now)
	case BanksMsg:
		m.loading, m.banksErr = false, msg.Err
		if msg.Err == nil {
			m.banks = msg.Banks
			m.cursor = min(m.cursor, max(len(m.banks)-1, 0))
		}
	case AccountMsg:
		if msg.Err == nil {
			a := msg.Account
			m.acct = &a
		}
	case PayeeMsg:
		if m.step == PayoutChecking && msg.Bank == m.bank.Code && msg.Account == m.account.Value() {
			m.progress.Stop()
			m.payee, m.checkErr = msg.Payee, msg.Err
			if msg.Err != nil {
				m.step = PayoutAccount
			} else {
				m.openHolder()
			}
		}
	case kit.OverrideMsg:
		if m.step == PayoutConfirm && m.gate.Granted(msg) {
			m.openConfirm() // asked again, under the override
		}
	case tea.KeyPressMsg:
		cmds = append(cmds, m.onKey(msg))
	case tea.PasteMsg:
		switch m.step {
		case PayoutAccount:
			m.account.Update(msg)
		case PayoutAmount:
			m.amount.Update(msg)
		}
	}
	cmds = append(cmds, m.progress.Update(msg), m.Sale.update(msg))
	if _, ok := msg.(kit.SoldMsg); ok && m.step == PayoutSending && !m.Sale.Selling {
		m.step = PayoutResult
		cmds = append(cmds, flowixAccountCmd(m.env))
	}
	m.updateKeys()
	return m, tea.Batch(cmds...)
}

func (m *Payout) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case PayoutBank:
		switch {
		case key.Matches(k, m.keys.Back):
			return kit.BackCmd
		case key.Matches(k, m.keys.Refresh):
			m.loading = true
			return banksCmd(m.env)
		}
		keys := flow.PickList{Up: m.keys.Up, Down: m.keys.Down, Pick: m.keys.Pick, Enter: m.keys.Enter}
		if i, _ := keys.Key(k, &m.cursor, len(m.banks)); i >= 0 {
			m.chooseBank(m.banks[i])
		}
	case PayoutAccount:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = PayoutBank
		case key.Matches(k, m.keys.Enter):
			no := m.account.Value()
			if len(no) < 6 || len(no) > 20 {
				m.refused = sale.Keyed(sale.CodeInvalid, "fx_account_no", nil, "type the account or e-wallet number (6 to 20 digits)")
				return nil
			}
			m.refused, m.checkErr, m.step = nil, nil, PayoutChecking
			return tea.Batch(payeeCmd(m.env, m.bank.Code, no), m.progress.Start(m.env.D.Now()))
		default:
			if m.account.Update(k) {
				m.refused, m.checkErr = nil, nil
			}
		}
	case PayoutHolder:
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			m.step = PayoutAmount
		case ui.ConfirmNo:
			m.step = PayoutAccount
		}
	case PayoutAmount:
		if v, ok, back := flow.AmountKey(k, &m.amount, m.keys.Back, m.keys.Enter); back {
			m.step = PayoutAccount
		} else if ok {
			m.money = v
			m.openConfirm()
		}
	case PayoutConfirm:
		a, cmd := m.gate.ConfirmKey(m.env, k, m.keys.Override, &m.confirm, &m.Sale, m.order())
		switch a {
		case ui.ConfirmYes:
			m.step = PayoutSending
		case ui.ConfirmNo:
			m.step = PayoutAmount
		}
		return cmd
	case PayoutResult:
		switch {
		case key.Matches(k, m.keys.Back):
			return kit.HomeCmd
		case key.Matches(k, m.keys.Print):
			return m.Sale.print()
		case key.Matches(k, m.keys.NewPayout):
			m.step, m.Sale, m.payee = PayoutBank, newFxSale(m.env), kit.FlowixPayee{}
			m.Sale.setSize(m.width, m.height)
			m.account.Reset()
			m.amount = m.env.MoneyInput(sale.IDR)
			m.amount.SetCheck(payoutCheck)
		case key.Matches(k, m.keys.Unresolved):
			return kit.NavigateCmd(kit.ScreenUnresolved, "")
		case key.Matches(k, m.keys.TryAgain):
			m.openConfirm()
		case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
			m.Sale.Pager.Update(k)
		}
	}
	return nil
}

// chooseBank takes b and asks for the account number.
func (m *Payout) chooseBank(b kit.FlowixBank) {
	if b.Code != m.bank.Code {
		m.account.Reset()
	}
	m.bank, m.refused, m.checkErr = b, nil, nil
	m.step = PayoutAccount
}

// openHolder asks the cashier to confirm the holder's name with the
// customer before any amount is typed.
func (m *Payout) openHolder() {
	e := m.env
	c := ui.NewConfirm(e.St, e.D.Now, e.T("fxr.po.holder"), [][2]string{
		{"Name", m.payee.AccountName},
		{"Account", m.payee.AccountNumber},
		{"Bank", m.bank.Name + " (" + m.bank.Code + ")"},
	})
	c.Yes, c.No, c.Grace = e.T("fxr.po.holder_yes"), e.T("fxr.po.holder_no"), e.D.ConfirmGrace
	c.Note = e.T("fxr.po.holder_note")
	e.Localise(&c) // the rows' labels (kit/lang.go)
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = PayoutHolder
}

// order is the transfer the confirmation shows.
func (m *Payout) order() sale.Order {
	return sale.Order{
		Provider: kit.FlowixProvider, Kind: sale.KindPayout, Product: m.bank.Code, ProductName: m.bank.Name,
		Target: sale.Target{Kind: sale.TargetAccount, Value: m.payee.AccountNumber},
		Amount: m.money, Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: m.env.D.Cashier,
		Params: map[string]string{
			sale.FlowixParamBankCode:    m.bank.Code,
			sale.FlowixParamAccountName: m.payee.AccountName,
			sale.FlowixParamBankName:    m.bank.Name,
		},
	}
}

// openConfirm shows exactly what will be sent.
func (m *Payout) openConfirm() {
	e := m.env
	c := ui.NewConfirm(e.St, e.D.Now, e.T("fxr.po.confirm"), [][2]string{
		{"To", m.payee.AccountName},
		{"Account", m.payee.AccountNumber},
		{"Bank", m.bank.Name + " (" + m.bank.Code + ")"},
		{"Amount", e.Money(m.money)},
		{"Tender", e.T("tender.cash")},
	})
	c.Yes, c.No, c.Grace = e.T("fxr.po.send", e.Money(m.money)), "Back", e.D.ConfirmGrace
	c.Note = e.T("fxr.po.note")
	if n := fxBalanceNote(e, m.acct, m.money); n != "" {
		c.Note = n
	}
	m.gate.Tag = "payout"
	if n := m.gate.Check(e, m.order()); n != "" { // precheck.go: every check before the cash
		c.Note = n
	}
	e.Localise(&c) // kit/lang.go
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = PayoutConfirm
}

// updateKeys enables exactly the keys that work in the current state.
func (m *Payout) updateKeys() {
	k := &m.keys
	kit.Enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Refresh, &k.Print, &k.NewPayout, &k.Unresolved, &k.TryAgain, &k.Scroll, &k.ScrollDown, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch m.step {
	case PayoutBank:
		has := len(m.banks) > 0
		kit.EnablePick(has, &k.Up, &k.Down, &k.Pick, &k.Enter)
		k.Refresh.SetEnabled(!m.loading)
		k.Back.SetEnabled(true)
	case PayoutAccount, PayoutAmount:
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "next")
		if m.step == PayoutAccount {
			k.Enter.SetHelp("enter", "check the account")
		}
		k.Back.SetEnabled(true)
	case PayoutHolder:
		kit.EnterBack(&k.Enter, &k.Back, "confirm")
	case PayoutConfirm:
		k.Override.SetEnabled(m.gate.Overridable(m.env))
		kit.EnterBack(&k.Enter, &k.Back, "send")
	case PayoutResult:
		r := m.Sale.Result()
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		k.Print.SetEnabled(m.Sale.canPrint())
		k.Scroll.SetEnabled(r == flow.ResDelivered && m.Sale.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewPayout.SetEnabled(true)
		k.TryAgain.SetEnabled(r == flow.ResNotSent || r == flow.ResRefused)
		k.Unresolved.SetEnabled(r == flow.ResBlocked || r == flow.ResInDoubt || r == flow.ResPending || r == flow.ResSupervisor)
	}
}
