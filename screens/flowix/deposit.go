package flowix

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/i18n"
	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// DepositStep is where the deposit flow is.
type DepositStep int

// Steps of the deposit flow, in order.
const (
	DepositMethod DepositStep = iota
	DepositAmount
	DepositFee
	DepositConfirm
	DepositPaying
	DepositResult
)

// MethodsMsg carries the deposit methods.
type MethodsMsg struct {
	Methods []kit.FlowixDepositMethod
	Err     error
}

// Deposit tops up the shop's Flowix balance with a payment the customer
// makes by QRIS (or into a virtual account): the method with its limits and
// fee, the amount, who pays the fee, a confirmation, then the QRIS payment
// (QRISPay: the code drawn, a live countdown, polled until paid, expired or
// cancelled) and, once paid, its receipt.
type Deposit struct {
	env           *kit.Env
	step          DepositStep
	width, height int
	now           time.Time

	methods    []kit.FlowixDepositMethod
	methodsErr error
	loading    bool
	cursor     int

	method  kit.FlowixDepositMethod
	amount  ui.MoneyInput
	money   sale.Money
	feeByCo bool
	confirm ui.Confirm
	pay     *flow.QRISPay

	done     flow.QRISDoneMsg
	receipt  string
	pager    ui.Pager
	prints   int
	printing bool

	keys depositKeys
}

type depositKeys struct {
	flow.SaleKeys                             // print, unresolved, scroll, try again, override (widgets.go)
	Up, Down, Pick, Enter, Back, Refresh, New key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k depositKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Pick, k.Enter, k.Print, k.New, k.Unresolved, k.Refresh, k.Scroll, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k depositKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ kit.Screen               = (*Deposit)(nil)
	_ interface{ Busy() bool } = (*Deposit)(nil)
)

// NewDeposit is the QRIS deposit screen, opened at now.
func NewDeposit(e *kit.Env, now time.Time) *Deposit {
	m := &Deposit{env: e, now: now, loading: true, pager: e.Pager(), feeByCo: true}
	m.amount = e.MoneyInput(sale.IDR)
	m.keys = depositKeys{
		SaleKeys: flow.NewSaleKeys(),
		Up:       e.Keys.Up,
		Down:     e.Keys.Down,
		Pick:     ui.Bind("1-9", "pick", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Enter:    e.Keys.Enter,
		Back:     e.Keys.Back,
		Refresh:  ui.Bind("r", "refresh", "r"),
		New:      ui.Bind("n", "new deposit", "n"),
	}
	m.updateKeys()
	return m
}

// ID names the screen (kit.Screen).
func (m *Deposit) ID() kit.ScreenID { return kit.ScreenDeposit }

// Title is the breadcrumb text (kit.Screen).
func (m *Deposit) Title() string { return "QRIS deposit" }

// Busy reports whether the deposit is being created (busy).
func (m *Deposit) Busy() bool { return m.pay != nil && m.pay.Busy() }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *Deposit) ShortHelp() []key.Binding {
	if m.step == DepositPaying && m.pay != nil {
		if m.pay.Dialog() {
			return flow.DialogKeys(m.env.Keys, "cancel it", "keep waiting")
		}
		return append(m.pay.Keys(), m.keys.Back)
	}
	return m.keys.ShortHelp()
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *Deposit) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// methodsCmd reads the deposit methods.
func methodsCmd(e *kit.Env) tea.Cmd {
	api, ctx, timeout := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		ms, err := api.DepositMethods(ctx)
		return MethodsMsg{Methods: ms, Err: err}
	}
}

// Init reads the deposit methods.
func (m *Deposit) Init() tea.Cmd { return methodsCmd(m.env) }

// SetSize sets the room the screen has (kit.Component).
func (m *Deposit) SetSize(w, h int) {
	m.width, m.height = w, h
	m.confirm.SetSize(w, h-2)
	if m.pay != nil {
		m.pay.SetSize(w, h-1) // under a one-line title
	}
	if w-m.env.D.ReceiptWidth-4 >= 30 {
		m.pager.SetHeight(max(h-2, 3))
	} else {
		m.pager.SetHeight(max(h-14, 3))
	}
}

// Update handles one message (kit.Component).
func (m *Deposit) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case kit.ClockMsg:
		m.now = msg.Now
	case MethodsMsg:
		m.loading, m.methodsErr = false, msg.Err
		if msg.Err == nil {
			m.methods = msg.Methods
			m.cursor = min(m.cursor, max(len(m.methods)-1, 0))
		}
	case flow.QRISDoneMsg:
		if m.pay != nil && msg.ID == m.pay.ID() {
			cmds = append(cmds, m.finish(msg))
		}
	case kit.PrintedMsg:
		if m.printing && msg.Ref == m.done.Sale.Ref {
			m.printing = false
			if msg.Err != nil {
				cmds = append(cmds, kit.ErrorCmd(kit.PrintError(msg.Err)))
			} else {
				m.prints++
				cmds = append(cmds, kit.StatusCmd(m.env.T("fxr.dep.printed")))
			}
		}
	case kit.ReprintedMsg:
		if m.printing && msg.Ref == m.done.Sale.Ref {
			m.printing = false
			if msg.Err != nil {
				cmds = append(cmds, kit.ErrorCmd(kit.ReprintError(msg)))
			} else {
				m.prints++
				cmds = append(cmds, kit.StatusCmd(m.env.T("fxr.copy_printed", msg.Sale.Reprints)))
			}
		}
	case tea.KeyPressMsg:
		if m.step == DepositPaying {
			if key.Matches(msg, m.keys.Back) && m.pay != nil && !m.pay.Dialog() && !m.pay.Busy() {
				cmds = append(cmds, kit.StatusCmd(m.env.T("fxr.dep.left_open")), kit.HomeCmd)
				break
			}
			cmds = append(cmds, m.pay.Update(msg))
			break
		}
		cmds = append(cmds, m.onKey(msg))
	case tea.PasteMsg:
		if m.step == DepositAmount {
			m.amount.Update(msg)
		}
	}
	if m.pay != nil {
		if _, isKey := msg.(tea.KeyPressMsg); !isKey {
			cmds = append(cmds, m.pay.Update(msg))
		}
	}
	m.updateKeys()
	return m, tea.Batch(cmds...)
}

func (m *Deposit) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case DepositMethod:
		switch {
		case key.Matches(k, m.keys.Back):
			return kit.BackCmd
		case key.Matches(k, m.keys.Refresh):
			m.loading = true
			return methodsCmd(m.env)
		}
		keys := flow.PickList{Up: m.keys.Up, Down: m.keys.Down, Pick: m.keys.Pick, Enter: m.keys.Enter}
		if i, _ := keys.Key(k, &m.cursor, len(m.methods)); i >= 0 {
			m.chooseMethod(m.methods[i])
		}
	case DepositAmount:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = DepositMethod
		case key.Matches(k, m.keys.Enter):
			if v, err := m.amount.Submit(); err == nil {
				m.money, m.step = v, DepositFee
			}
		default:
			m.amount.Update(k)
		}
	case DepositFee:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = DepositAmount
		case key.Matches(k, m.keys.Up, m.keys.Down):
			m.feeByCo = !m.feeByCo
		case key.Matches(k, m.keys.Pick):
			switch k.Code {
			case '1':
				m.feeByCo = true
				m.openConfirm()
			case '2':
				m.feeByCo = false
				m.openConfirm()
			}
		case key.Matches(k, m.keys.Enter):
			m.openConfirm()
		}
	case DepositConfirm:
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			m.pay = flow.NewQRISPay(m.env, flow.QRISRequest{Amount: m.money, Method: m.method, FeeByCustomer: m.feeByCo, Kind: sale.KindDeposit})
			m.pay.SetSize(m.width, m.height-1)
			m.step = DepositPaying
			return m.pay.Start()
		case ui.ConfirmNo:
			m.step = DepositFee
		}
	case DepositResult:
		switch {
		case key.Matches(k, m.keys.Back):
			return kit.HomeCmd
		case key.Matches(k, m.keys.Print):
			return m.print()
		case key.Matches(k, m.keys.New):
			m.step, m.pay, m.done, m.receipt, m.prints = DepositMethod, nil, flow.QRISDoneMsg{}, "", 0
			m.amount = m.env.MoneyInput(sale.IDR)
			m.amount.SetCheck(m.method.Allows)
		case key.Matches(k, m.keys.Unresolved):
			return kit.NavigateCmd(kit.ScreenUnresolved, "")
		case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
			m.pager.Update(k)
		}
	}
	return nil
}

// chooseMethod takes dm and asks for the amount.
func (m *Deposit) chooseMethod(dm kit.FlowixDepositMethod) {
	if dm.Code != m.method.Code {
		m.amount = m.env.MoneyInput(sale.IDR)
	}
	m.method = dm
	m.amount.SetCheck(dm.Allows)
	m.step = DepositAmount
}

// openConfirm shows exactly what will be asked of the customer.
func (m *Deposit) openConfirm() {
	fee := estimateFee(m.method, m.money)
	total, credited := m.money, m.money
	who := m.env.T("fxr.dep.fee_on_top")
	if m.feeByCo {
		total, _ = m.money.Add(fee)
	} else {
		credited = sale.New(max(m.money.Minor-fee.Minor, 0), sale.IDR)
		who = m.env.T("fxr.dep.fee_off")
	}
	e := m.env
	c := ui.NewConfirm(e.St, e.D.Now, "Create this QRIS payment?", [][2]string{
		{"Method", m.method.Name},
		{"Amount", e.Money(m.money)},
		{"Fee (about)", e.Money(fee) + ", " + who},
		{"Customer pays", e.Money(total)},
		{"Balance gets", e.Money(credited)},
	})
	c.Yes, c.No, c.Grace = "Show the code", "Back", m.env.D.ConfirmGrace
	c.Note = "Flowix confirms the exact fee. Nothing moves until the customer pays the code."
	m.env.Localise(&c) // kit/lang.go
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = DepositConfirm
}

// estimateFee is the method's fee on amount as the till expects it: the
// larger of the fixed fee and the percentage (rounded up), in integers.
// Flowix's answer says the fee actually charged.
func estimateFee(dm kit.FlowixDepositMethod, amount sale.Money) sale.Money {
	whole, frac, _ := strings.Cut(dm.FeePercent, ".")
	frac = (frac + "000")[:3]
	var milli int64 // thousandths of a percent
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return dm.Fee
		}
		milli = milli*10 + int64(c-'0')
	}
	pct := (amount.Minor*milli + 99_999) / 100_000
	return sale.New(max(dm.Fee.Minor, pct), sale.IDR)
}

// finish takes the end of the payment: a paid deposit's receipt is
// rendered (and printed when there is a printer).
func (m *Deposit) finish(msg flow.QRISDoneMsg) tea.Cmd {
	m.done, m.step = msg, DepositResult
	cmds := []tea.Cmd{flowixAccountCmd(m.env)}
	if msg.Outcome == flow.QRISPaid {
		text, err := kit.RenderReceipt(m.env.D, msg.Sale, 0)
		if err != nil {
			return kit.ErrorCmd(err)
		}
		m.receipt = text
		m.pager.SetContent(text)
		cmds = append(cmds, m.print())
	}
	return tea.Batch(cmds...)
}

// print prints the deposit's receipt: the original, then journaled copies.
func (m *Deposit) print() tea.Cmd {
	if m.printing || m.receipt == "" || m.env.D.Print == nil {
		return nil
	}
	m.printing = true
	if m.prints == 0 {
		return kit.PrintCmd(m.env.D, m.done.Sale)
	}
	return kit.ReprintCmd(m.env.D, m.done.Sale.Ref)
}

// updateKeys enables exactly the keys that work in the current state.
func (m *Deposit) updateKeys() {
	k := &m.keys
	kit.Enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Refresh, &k.Print, &k.New, &k.Unresolved, &k.Scroll, &k.ScrollDown)
	k.Back.SetHelp("esc", "back")
	k.Pick.SetHelp("1-9", "pick")
	switch m.step {
	case DepositMethod:
		has := len(m.methods) > 0
		kit.EnablePick(has, &k.Up, &k.Down, &k.Pick, &k.Enter)
		k.Refresh.SetEnabled(!m.loading)
		k.Back.SetEnabled(true)
	case DepositAmount:
		kit.EnterBack(&k.Enter, &k.Back, "next")
	case DepositFee:
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.Pick.SetEnabled(true)
		k.Pick.SetHelp("1/2", "who pays")
		kit.EnterBack(&k.Enter, &k.Back, "next")
	case DepositConfirm:
		kit.EnterBack(&k.Enter, &k.Back, "show the code")
	case DepositPaying:
		k.Back.SetEnabled(m.pay != nil && !m.pay.Busy())
		k.Back.SetHelp("esc", "leave it open")
	case DepositResult:
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		k.Print.SetEnabled(m.receipt != "" && m.env.D.Print != nil && !m.printing)
		k.Scroll.SetEnabled(m.receipt != "" && m.pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.New.SetEnabled(true)
		k.Unresolved.SetEnabled(m.done.Outcome == flow.QRISUnresolved)
	}
}

// feeText describes a method's fee in the till's language: "Rp 700 or
// 0.7% if more".
func feeText(e *kit.Env, dm kit.FlowixDepositMethod) string {
	pct := strings.TrimRight(strings.TrimRight(dm.FeePercent, "0"), ".")
	hasPct := pct != "" && pct != "0"
	if e.D.Language == i18n.ID {
		pct = strings.Replace(pct, ".", ",", 1) // 0,7%: Indonesian writes a decimal comma
	}
	switch {
	case dm.Fee.Minor > 0 && hasPct:
		return e.T("fxr.dep.fee_or", e.Money(dm.Fee), pct)
	case hasPct:
		return pct + "%"
	case dm.Fee.Minor > 0:
		return e.Money(dm.Fee)
	}
	return e.T("fxr.dep.no_fee")
}
