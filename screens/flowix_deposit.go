package screens

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// XxDepositStep is where the deposit flow is.
type XxDepositStep int

// Steps of the deposit flow, in order.
const (
	XxDepositMethod XxDepositStep = iota
	XxDepositAmount
	XxDepositFee
	XxDepositConfirm
	XxDepositPaying
	XxDepositResult
)

// XxMethodsMsg carries the deposit methods.
type XxMethodsMsg struct {
	Methods []FlowixDepositMethod
	Err     error
}

// XxDeposit tops up the shop's Flowix balance with a payment the customer
// makes by QRIS (or into a virtual account): the method with its limits and
// fee, the amount, who pays the fee, a confirmation, then the QRIS payment
// (QRISPay: the code drawn, a live countdown, polled until paid, expired or
// cancelled) and, once paid, its receipt.
type XxDeposit struct {
	env           *env
	step          XxDepositStep
	width, height int
	now           time.Time

	methods    []FlowixDepositMethod
	methodsErr error
	loading    bool
	cursor     int

	method  FlowixDepositMethod
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
	_ Screen = (*XxDeposit)(nil)
	_ busy   = (*XxDeposit)(nil)
)

func XxNewDeposit(e *env, now time.Time) *XxDeposit {
	m := &XxDeposit{env: e, now: now, loading: true, pager: e.Pager(), feeByCo: true}
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

// ID names the screen (Screen).
func (m *XxDeposit) ID() ScreenID { return ScreenDeposit }

// Title is the breadcrumb text (Screen).
func (m *XxDeposit) Title() string { return "QRIS deposit" }

// Busy reports whether the deposit is being created (busy).
func (m *XxDeposit) Busy() bool { return m.pay != nil && m.pay.Busy() }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *XxDeposit) ShortHelp() []key.Binding {
	if m.step == XxDepositPaying && m.pay != nil {
		if m.pay.Dialog() {
			return flow.DialogKeys(m.env.Keys, "cancel it", "keep waiting")
		}
		return append(m.pay.Keys(), m.keys.Back)
	}
	return m.keys.ShortHelp()
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *XxDeposit) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// methodsCmd reads the deposit methods.
func methodsCmd(e *env) tea.Cmd {
	api, ctx, timeout := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		ms, err := api.DepositMethods(ctx)
		return XxMethodsMsg{Methods: ms, Err: err}
	}
}

// Init reads the deposit methods.
func (m *XxDeposit) Init() tea.Cmd { return methodsCmd(m.env) }

// SetSize sets the room the screen has (Component).
func (m *XxDeposit) SetSize(w, h int) {
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

// Update handles one message (Component).
func (m *XxDeposit) Update(msg tea.Msg) (Component, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case ClockMsg:
		m.now = msg.Now
	case XxMethodsMsg:
		m.loading, m.methodsErr = false, msg.Err
		if msg.Err == nil {
			m.methods = msg.Methods
			m.cursor = min(m.cursor, max(len(m.methods)-1, 0))
		}
	case flow.QRISDoneMsg:
		if m.pay != nil && msg.ID == m.pay.ID() {
			cmds = append(cmds, m.finish(msg))
		}
	case PrintedMsg:
		if m.printing && msg.Ref == m.done.Sale.Ref {
			m.printing = false
			if msg.Err != nil {
				cmds = append(cmds, ErrorCmd(kit.PrintError(msg.Err)))
			} else {
				m.prints++
				cmds = append(cmds, StatusCmd("Deposit receipt printed. Hand it to the customer."))
			}
		}
	case ReprintedMsg:
		if m.printing && msg.Ref == m.done.Sale.Ref {
			m.printing = false
			if msg.Err != nil {
				cmds = append(cmds, ErrorCmd(kit.ReprintError(msg)))
			} else {
				m.prints++
				cmds = append(cmds, StatusCmd("COPY "+itoa(msg.Sale.Reprints)+" printed."))
			}
		}
	case tea.KeyPressMsg:
		if m.step == XxDepositPaying {
			if key.Matches(msg, m.keys.Back) && m.pay != nil && !m.pay.Dialog() && !m.pay.Busy() {
				cmds = append(cmds, StatusCmd("The deposit stays open: the till keeps checking it (Unresolved sales)."), HomeCmd)
				break
			}
			cmds = append(cmds, m.pay.Update(msg))
			break
		}
		cmds = append(cmds, m.onKey(msg))
	case tea.PasteMsg:
		if m.step == XxDepositAmount {
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

func (m *XxDeposit) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case XxDepositMethod:
		switch {
		case key.Matches(k, m.keys.Back):
			return BackCmd
		case key.Matches(k, m.keys.Refresh):
			m.loading = true
			return methodsCmd(m.env)
		}
		keys := flow.PickList{Up: m.keys.Up, Down: m.keys.Down, Pick: m.keys.Pick, Enter: m.keys.Enter}
		if i, _ := keys.Key(k, &m.cursor, len(m.methods)); i >= 0 {
			m.chooseMethod(m.methods[i])
		}
	case XxDepositAmount:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = XxDepositMethod
		case key.Matches(k, m.keys.Enter):
			if v, err := m.amount.Submit(); err == nil {
				m.money, m.step = v, XxDepositFee
			}
		default:
			m.amount.Update(k)
		}
	case XxDepositFee:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = XxDepositAmount
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
	case XxDepositConfirm:
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			m.pay = flow.NewQRISPay(m.env, flow.QRISRequest{Amount: m.money, Method: m.method, FeeByCustomer: m.feeByCo, Kind: sale.KindDeposit})
			m.pay.SetSize(m.width, m.height-1)
			m.step = XxDepositPaying
			return m.pay.Start()
		case ui.ConfirmNo:
			m.step = XxDepositFee
		}
	case XxDepositResult:
		switch {
		case key.Matches(k, m.keys.Back):
			return HomeCmd
		case key.Matches(k, m.keys.Print):
			return m.print()
		case key.Matches(k, m.keys.New):
			m.step, m.pay, m.done, m.receipt, m.prints = XxDepositMethod, nil, flow.QRISDoneMsg{}, "", 0
			m.amount = m.env.MoneyInput(sale.IDR)
			m.amount.SetCheck(m.method.Allows)
		case key.Matches(k, m.keys.Unresolved):
			return NavigateCmd(ScreenUnresolved, "")
		case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
			m.pager.Update(k)
		}
	}
	return nil
}

// chooseMethod takes dm and asks for the amount.
func (m *XxDeposit) chooseMethod(dm FlowixDepositMethod) {
	if dm.Code != m.method.Code {
		m.amount = m.env.MoneyInput(sale.IDR)
	}
	m.method = dm
	m.amount.SetCheck(dm.Allows)
	m.step = XxDepositAmount
}

// openConfirm shows exactly what will be asked of the customer.
func (m *XxDeposit) openConfirm() {
	fee := estimateFee(m.method, m.money)
	total, credited := m.money, m.money
	who := m.env.T("fxr.dep.fee_on_top")
	if m.feeByCo {
		total, _ = m.money.Add(fee)
	} else {
		credited = sale.New(max(m.money.Minor-fee.Minor, 0), sale.IDR)
		who = m.env.T("fxr.dep.fee_off")
	}
	c := ui.NewConfirm(m.env.St, m.env.D.Now, "Create this QRIS payment?", [][2]string{
		{"Method", m.method.Name},
		{"Amount", m.money.String()},
		{"Fee (about)", fee.String() + ", " + who},
		{"Customer pays", total.String()},
		{"Balance gets", credited.String()},
	})
	c.Yes, c.No, c.Grace = "Show the code", "Back", m.env.D.ConfirmGrace
	c.Note = "Flowix confirms the exact fee. Nothing moves until the customer pays the code."
	m.env.Localise(&c) // kit/lang.go
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = XxDepositConfirm
}

// estimateFee is the method's fee on amount as the till expects it: the
// larger of the fixed fee and the percentage (rounded up), in integers.
// Flowix's answer says the fee actually charged.
func estimateFee(dm FlowixDepositMethod, amount sale.Money) sale.Money {
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
func (m *XxDeposit) finish(msg flow.QRISDoneMsg) tea.Cmd {
	m.done, m.step = msg, XxDepositResult
	cmds := []tea.Cmd{flowixAccountCmd(m.env)}
	if msg.Outcome == flow.QRISPaid {
		text, err := kit.RenderReceipt(m.env.D, msg.Sale, 0)
		if err != nil {
			return ErrorCmd(err)
		}
		m.receipt = text
		m.pager.SetContent(text)
		cmds = append(cmds, m.print())
	}
	return tea.Batch(cmds...)
}

// print prints the deposit's receipt: the original, then journaled copies.
func (m *XxDeposit) print() tea.Cmd {
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
func (m *XxDeposit) updateKeys() {
	k := &m.keys
	enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Refresh, &k.Print, &k.New, &k.Unresolved, &k.Scroll, &k.ScrollDown)
	k.Back.SetHelp("esc", "back")
	k.Pick.SetHelp("1-9", "pick")
	switch m.step {
	case XxDepositMethod:
		has := len(m.methods) > 0
		enablePick(has, &k.Up, &k.Down, &k.Pick, &k.Enter)
		k.Refresh.SetEnabled(!m.loading)
		k.Back.SetEnabled(true)
	case XxDepositAmount:
		enterBack(&k.Enter, &k.Back, "next")
	case XxDepositFee:
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.Pick.SetEnabled(true)
		k.Pick.SetHelp("1/2", "who pays")
		enterBack(&k.Enter, &k.Back, "next")
	case XxDepositConfirm:
		enterBack(&k.Enter, &k.Back, "show the code")
	case XxDepositPaying:
		k.Back.SetEnabled(m.pay != nil && !m.pay.Busy())
		k.Back.SetHelp("esc", "leave it open")
	case XxDepositResult:
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		k.Print.SetEnabled(m.receipt != "" && m.env.D.Print != nil && !m.printing)
		k.Scroll.SetEnabled(m.receipt != "" && m.pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.New.SetEnabled(true)
		k.Unresolved.SetEnabled(m.done.Outcome == flow.QRISUnresolved)
	}
}

// feeText describes a method's fee: "Rp 700 or 0.7%, whichever is more".
func feeText(dm FlowixDepositMethod) string {
	pct := strings.TrimRight(strings.TrimRight(dm.FeePercent, "0"), ".")
	hasPct := pct != "" && pct != "0"
	switch {
	case dm.Fee.Minor > 0 && hasPct:
		return fmt.Sprintf("%s or %s%% if more", dm.Fee, pct)
	case hasPct:
		return pct + "%"
	case dm.Fee.Minor > 0:
		return dm.Fee.String()
	}
	return "no fee"
}
