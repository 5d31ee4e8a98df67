package water

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/receipts"
	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// Step is where the water flow is.
type Step int

// Steps of the water flow, in order.
const (
	StepFind    Step = iota // look up by phone, device or card?
	StepKey                 // type it; Enter looks the customer up
	StepDevice              // pick the customer's device
	StepAmount              // how much
	StepConfirm             // exactly what will be sold
	StepTender              // how the customer pays, settled before the recharge (flow/tender.go)
	StepSending             // the initiation is in flight
	StepResult              // pending (live), completed, declined, in doubt…
)

// Flow sells a 1Flow water recharge: find the customer by phone, device
// or card, pick the device, the amount, a confirmation of exactly what will
// be sold, then the sale — whose status it follows live while 1Flow applies
// it — and the receipt. A recharge whose initiation went unanswered is never
// resent: the screen says why and hands it to a supervisor.
type Flow struct {
	env           *kit.Env
	step          Step
	width, height int
	now           time.Time

	prov     kit.WaterAPI // kit.Deps.Water; nil when 1Flow is not configured
	currency sale.Currency
	country  string // for phone numbers typed in local form

	method    int // index in waterMethods
	input     ui.Field
	inputErr  error // a refused Enter or a failed lookup
	looking   bool
	lookupSeq int
	lookupKey kit.WaterKey
	customer  kit.WaterCustomer
	cursor    int
	device    kit.WaterDevice

	amount   ui.MoneyInput
	money    sale.Money
	confirm  ui.Confirm
	checking bool // a "check now" is running

	flow.Run // confirm → tender → sale → follow → result → print (flow/run.go)

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
	_ kit.Screen               = (*Flow)(nil)
	_ interface{ Busy() bool } = (*Flow)(nil) // the App refuses to quit mid-sale
)

// New is the water flow's screen, opened at now.
func New(e *kit.Env, now time.Time) *Flow {
	m := &Flow{
		env:      e,
		now:      now,
		currency: e.D.Currency,
		Run:      flow.NewRun(e),
	}
	if e.D.Water != nil && e.Configured(kit.OneFlowProvider) {
		m.prov, m.currency = e.D.Water, e.D.Water.Currency()
	}
	m.country = countryOf(m.currency)
	m.amount = e.MoneyInput(m.currency)
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

// ID names the screen (kit.Screen).
func (m *Flow) ID() kit.ScreenID { return kit.ScreenWater }

// Title is the breadcrumb text (kit.Screen).
func (m *Flow) Title() string { return "Sell water" }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *Flow) ShortHelp() []key.Binding {
	if m.step == StepTender && m.Tender != nil {
		return m.Tender.Keys()
	}
	return m.keys.ShortHelp()
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *Flow) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Init starts the screen (kit.Component): nothing to load before the lookup.
func (m *Flow) Init() tea.Cmd { return nil }

// SetSize sets the room the screen has (kit.Component).
func (m *Flow) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(min(24, max(w-6, 10)))
	m.confirm.SetSize(w, h-2) // under the stepper
	m.Run.SizeTender(w, h)
	m.Pager.SetHeight(m.pagerHeight())
}

// Update handles one message (kit.Component).
func (m *Flow) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	if m.Tender != nil && m.step == StepTender {
		return m, m.Run.UpdateTender(m, msg, &m.now) // flow/run.go
	}
	cmd := m.Run.Handle(m, msg, &m.now) // flow/run.go: clock, spinner, prints, the sale, overrides
	switch msg := msg.(type) {
	case LookupMsg:
		m.onLookup(msg)
	case kit.SettledMsg:
		cmd = m.onChecked(msg)
	case tea.KeyPressMsg:
		cmd = m.onKey(msg)
	case tea.PasteMsg:
		switch m.step {
		case StepKey:
			if !m.looking && m.input.Update(msg) {
				m.inputErr = nil
			}
		case StepAmount:
			m.amount.Update(msg)
		}
	}
	m.UpdateKeys()
	return m, cmd
}

func (m *Flow) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case StepFind:
		return m.keyFind(k)
	case StepKey:
		return m.keyInput(k)
	case StepDevice:
		keys := flow.PickList{Up: m.keys.Up, Down: m.keys.Down, Pick: m.keys.Pick, Enter: m.keys.Enter}
		if key.Matches(k, m.keys.Back) {
			m.step = StepKey
		} else if i, _ := keys.Key(k, &m.cursor, len(m.customer.Devices)); i >= 0 {
			m.chooseDevice(m.customer.Devices[i])
		}
	case StepAmount:
		if v, ok, back := flow.AmountKey(k, &m.amount, m.keys.Back, m.keys.Enter); back {
			m.step = StepDevice
		} else if ok {
			m.money = v
			m.OpenConfirm()
		}
	case StepConfirm:
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			return m.openTender()
		case ui.ConfirmNo:
			m.step = StepAmount
		}
	case StepResult:
		return m.keyResult(k)
	}
	// waterSending: every key is ignored until 1Flow answers.
	return nil
}

// chooseDevice takes d as the device and moves on to the amount.
func (m *Flow) chooseDevice(d kit.WaterDevice) {
	if d.ID != m.device.ID {
		m.amount = m.env.MoneyInput(m.currency)
	}
	m.device, m.step = d, StepAmount
}

// OpenConfirm fixes the order and shows it for confirmation.
func (m *Flow) OpenConfirm() {
	d, c := m.device, m.customer
	m.Order = sale.Order{
		Provider:    kit.OneFlowProvider,
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
	cf := ui.NewConfirm(m.env.St, m.env.D.Now, m.env.T("wat.confirm"), [][2]string{
		{"Customer", customerLine(c)},
		{deviceKind(d), deviceLine(d)},
		{"Amount", m.env.Money(m.money)},
	})
	cf.Yes, cf.No, cf.Grace = "Take payment", "Back", m.env.D.ConfirmGrace
	cf.Note = m.env.T("wat.confirm_note")
	m.env.Localise(&cf)
	cf.SetSize(m.width, m.height-2)
	m.confirm = cf
	m.step = StepConfirm
}

// StartSale moves to sending before the sale command exists, so no second
// key can reach the confirmation: the recharge is initiated at most once.
func (m *Flow) StartSale() tea.Cmd {
	cmd := m.Begin(m.env)
	if cmd != nil {
		m.step, m.checking = StepSending, false
	}
	return cmd
}

// OnSold takes the sale\'s answer (flow.Steps).
func (m *Flow) OnSold(msg kit.SoldMsg) tea.Cmd {
	if !m.Selling || msg.Order.Kind != sale.KindWater {
		return nil
	}
	m.Landed(msg)
	m.Progress.SetNow(m.env.D.Now())
	m.step = StepResult
	m.follow()
	return nil
}

// OnSaleUpdate learns the reference while the recharge is being sent, and
// follows the sale live once its result is shown: PENDING → COMPLETED or
// FAILED, IN_DOUBT → NEEDS_SUPERVISOR, or a supervisor's settlement.
func (m *Flow) OnSaleUpdate(s sale.Sale) tea.Cmd {
	switch {
	case m.step == StepSending && m.Ref == "":
		if m.Journaling(s, false) {
			m.Ref = s.Ref
		}
	case m.step == StepResult && m.Newer(s):
		m.Sold = s
		m.follow()
	}
	return nil
}

// follow keeps the clock running while 1Flow still has the recharge, stops
// it once the sale is settled, and renders a delivered sale's receipt.
func (m *Flow) follow() {
	switch m.Outcome() {
	case Pending, Checking:
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
func (m *Flow) onChecked(msg kit.SettledMsg) tea.Cmd {
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
		return kit.ErrorCmd(msg.Err)
	case msg.Sale.State == sale.StatePending:
		return kit.StatusCmd(m.env.T("wat.st.applying"))
	}
	return nil
}
