package screens

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/receipts"
	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// XwStep is where the water flow is.
type XwStep int

// Steps of the water flow, in order.
const (
	XwStepFind    XwStep = iota // look up by phone, device or card?
	XwStepKey                   // type it; Enter looks the customer up
	XwStepDevice                // pick the customer's device
	XwStepAmount                // how much
	XwStepConfirm               // exactly what will be sold
	XwStepTender                // how the customer pays, settled before the recharge (tender.go)
	XwStepSending               // the initiation is in flight
	XwStepResult                // pending (live), completed, declined, in doubt…
)

// XwFlow sells a 1Flow XwFlow recharge: find the customer by phone, device
// or card, pick the device, the amount, a confirmation of exactly what will
// be sold, then the sale — whose status it follows live while 1Flow applies
// it — and the receipt. A recharge whose initiation went unanswered is never
// resent: the screen says why and hands it to a supervisor.
type XwFlow struct {
	env           *env
	step          XwStep
	width, height int
	now           time.Time

	prov     WaterAPI // Deps.Water; nil when 1Flow is not configured
	currency sale.Currency
	country  string // for phone numbers typed in local form

	method    int // index in waterMethods
	input     ui.Field
	inputErr  error // a refused Enter or a failed lookup
	looking   bool
	lookupSeq int
	lookupKey WaterKey
	customer  WaterCustomer
	cursor    int
	device    WaterDevice

	amount   ui.MoneyInput
	money    sale.Money
	confirm  ui.Confirm
	checking bool // a "check now" is running

	flow.Run // confirm → tender → sale → follow → result → print (flow_run.go)

	keys waterKeys
}

type waterKeys struct {
	flow.SaleKeys                              // print, unresolved, scroll, try again, override (widgets.go)
	Up, Down, Pick, Enter, Back, Switch        key.Binding
	NewSale, Amount, Device, Check, Supervisor key.Binding
	CancelLookup                               key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k waterKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Pick, k.Enter, k.TryAgain, k.Switch, k.Check, k.Supervisor, k.Print,
		k.NewSale, k.Amount, k.Device, k.Unresolved, k.Override, k.Scroll, k.CancelLookup, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k waterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ Screen                   = (*XwFlow)(nil)
	_ interface{ Busy() bool } = (*XwFlow)(nil) // the App refuses to quit mid-sale
)

// XwNew is the water flow's screen, opened at now.
func XwNew(e *env, now time.Time) *XwFlow {
	m := &XwFlow{
		env:      e,
		now:      now,
		currency: e.D.Currency,
		Run:      flow.NewRun(e),
	}
	if e.D.Water != nil && e.Configured(oneflowProvider) {
		m.prov, m.currency = e.D.Water, e.D.Water.Currency()
	}
	m.country = countryOf(m.currency)
	m.amount = ui.NewMoneyInput(e.St, m.currency)
	m.input = m.newInput()
	m.keys = waterKeys{
		SaleKeys:     flow.NewSaleKeys(),
		Up:           e.Keys.Up,
		Down:         e.Keys.Down,
		Pick:         ui.Bind("1-9", "pick", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Enter:        e.Keys.Enter,
		Back:         e.Keys.Back,
		Switch:       ui.Bind("tab", "switch", "tab", "shift+tab", "left", "right"),
		NewSale:      ui.Bind("n", "new sale", "n"),
		Amount:       ui.Bind("a", "change amount", "a"),
		Device:       ui.Bind("d", "change device", "d"),
		Check:        ui.Bind("c", "check now", "c"),
		Supervisor:   ui.Bind("v", "supervisor", "v"),
		CancelLookup: ui.Bind("esc", "cancel", "esc"),
	}
	m.UpdateKeys()
	return m
}

// ID names the screen (Screen).
func (m *XwFlow) ID() ScreenID { return ScreenWater }

// Title is the breadcrumb text (Screen).
func (m *XwFlow) Title() string { return "Sell water" }

// Busy reports whether the recharge's initiation or its payment is in
// flight.
func (m *XwFlow) Busy() bool { return m.Selling || (m.Tender != nil && m.Tender.Busy()) }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *XwFlow) ShortHelp() []key.Binding {
	if m.step == XwStepTender && m.Tender != nil {
		return m.Tender.Keys()
	}
	return m.keys.ShortHelp()
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *XwFlow) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Init starts the screen (Component): nothing to load before the lookup.
func (m *XwFlow) Init() tea.Cmd { return nil }

// SetSize sets the room the screen has (Component).
func (m *XwFlow) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(min(24, max(w-6, 10)))
	m.confirm.SetSize(w, h-2) // under the stepper
	m.Run.SizeTender(w, h)
	m.Pager.SetHeight(m.pagerHeight())
}

// Update handles one message (Component).
func (m *XwFlow) Update(msg tea.Msg) (Component, tea.Cmd) {
	if m.Tender != nil && m.step == XwStepTender {
		return m, m.Run.UpdateTender(m, msg, &m.now) // flow_run.go
	}
	cmd := m.Run.Handle(m, msg, &m.now) // flow_run.go: clock, spinner, prints, the sale, overrides
	switch msg := msg.(type) {
	case XwLookupMsg:
		m.onLookup(msg)
	case SettledMsg:
		cmd = m.onChecked(msg)
	case tea.KeyPressMsg:
		cmd = m.onKey(msg)
	case tea.PasteMsg:
		switch m.step {
		case XwStepKey:
			if !m.looking && m.input.Update(msg) {
				m.inputErr = nil
			}
		case XwStepAmount:
			m.amount.Update(msg)
		}
	}
	m.UpdateKeys()
	return m, cmd
}

func (m *XwFlow) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case XwStepFind:
		return m.keyFind(k)
	case XwStepKey:
		return m.keyInput(k)
	case XwStepDevice:
		keys := flow.PickList{Up: m.keys.Up, Down: m.keys.Down, Pick: m.keys.Pick, Enter: m.keys.Enter}
		if key.Matches(k, m.keys.Back) {
			m.step = XwStepKey
		} else if i, _ := keys.Key(k, &m.cursor, len(m.customer.Devices)); i >= 0 {
			m.chooseDevice(m.customer.Devices[i])
		}
	case XwStepAmount:
		if v, ok, back := flow.AmountKey(k, &m.amount, m.keys.Back, m.keys.Enter); back {
			m.step = XwStepDevice
		} else if ok {
			m.money = v
			m.OpenConfirm()
		}
	case XwStepConfirm:
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			return m.openTender()
		case ui.ConfirmNo:
			m.step = XwStepAmount
		}
	case XwStepResult:
		return m.keyResult(k)
	}
	// waterSending: every key is ignored until 1Flow answers.
	return nil
}

// chooseDevice takes d as the device and moves on to the amount.
func (m *XwFlow) chooseDevice(d WaterDevice) {
	if d.ID != m.device.ID {
		m.amount = ui.NewMoneyInput(m.env.St, m.currency)
	}
	m.device, m.step = d, XwStepAmount
}

// OpenConfirm fixes the order and shows it for confirmation.
func (m *XwFlow) OpenConfirm() {
	d, c := m.device, m.customer
	m.Order = sale.Order{
		Provider:    oneflowProvider,
		Kind:        sale.KindWater,
		ProductName: "1Flow water",
		Target:      d.Target(),
		Amount:      m.money,
		Cashier:     m.env.D.Cashier,
		Params:      map[string]string{},
	}
	for k, v := range map[string]string{receipts.WaterCustomer: c.Name, receipts.WaterPhone: c.Phone, receipts.WaterDeviceName: d.Name} {
		if v != "" {
			m.Order.Params[k] = v
		}
	}
	m.Tender, m.Payment = nil, sale.Sale{}
	cf := ui.NewConfirm(m.env.St, m.env.D.Now, "Recharge this water device?", [][2]string{
		{"Customer", customerLine(c)},
		{deviceKind(d), deviceLine(d)},
		{"Amount", m.money.String()},
	})
	cf.Yes, cf.No, cf.Grace = "Take payment", "Back", m.env.D.ConfirmGrace
	cf.Note = "Read the serial back to the customer. If 1Flow's answer is lost, this recharge cannot be resent: a supervisor will check the device."
	cf.SetSize(m.width, m.height-2)
	m.confirm = cf
	m.step = XwStepConfirm
}

// StartSale moves to sending before the sale command exists, so no second
// key can reach the confirmation: the recharge is initiated at most once.
func (m *XwFlow) StartSale() tea.Cmd {
	cmd := m.Begin(m.env)
	if cmd != nil {
		m.step, m.checking = XwStepSending, false
	}
	return cmd
}

func (m *XwFlow) OnSold(msg SoldMsg) tea.Cmd {
	if !m.Selling || msg.Order.Kind != sale.KindWater {
		return nil
	}
	m.Landed(msg)
	m.Progress.SetNow(m.env.D.Now())
	m.step = XwStepResult
	m.follow()
	return nil
}

// OnSaleUpdate learns the reference while the recharge is being sent, and
// follows the sale live once its result is shown: PENDING → COMPLETED or
// FAILED, IN_DOUBT → NEEDS_SUPERVISOR, or a supervisor's settlement.
func (m *XwFlow) OnSaleUpdate(s sale.Sale) tea.Cmd {
	switch {
	case m.step == XwStepSending && m.Ref == "":
		if m.Journaling(s, false) {
			m.Ref = s.Ref
		}
	case m.step == XwStepResult && m.Newer(s):
		m.Sold = s
		m.follow()
	}
	return nil
}

// follow keeps the clock running while 1Flow still has the recharge, stops
// it once the sale is settled, and renders a delivered sale's receipt.
func (m *XwFlow) follow() {
	switch m.Outcome() {
	case XwPending, XwChecking:
	default:
		m.Progress.SetNow(m.env.D.Now())
		m.Progress.Stop()
	}
	if err := m.RenderReceipt(m.env.D); err != nil { // with its payment's slip
		m.Receipt = "receipt: " + sale.ErrorMessage(err)
		m.Pager.SetContent(m.Receipt)
	}
}

// onChecked is the answer to "check now".
func (m *XwFlow) onChecked(msg SettledMsg) tea.Cmd {
	if !m.checking || msg.Ref != m.Sold.Ref {
		return nil
	}
	m.checking = false
	if m.Newer(msg.Sale) {
		m.Sold = msg.Sale
		m.follow()
	}
	switch {
	case msg.Err != nil:
		return ErrorCmd(msg.Err)
	case msg.Sale.State == sale.StatePending:
		return StatusCmd("1Flow is still applying the recharge; the till keeps checking.")
	}
	return nil
}
