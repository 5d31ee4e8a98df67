package airtime

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// Step is where the airtime flow is.
type Step int

// Steps of the airtime flow, in order.
const (
	StepProduct Step = iota
	StepMobile
	StepAmount
	StepConfirm
	StepTender // flow/tender.go: how the customer pays, settled before the sale
	StepProcessing
	StepResult
)

// String names the step as the stepper shows it.
func (s Step) String() string {
	switch s {
	case StepProduct:
		return "Network"
	case StepMobile:
		return "Mobile"
	case StepAmount:
		return "Amount"
	case StepConfirm:
		return "Confirm"
	case StepTender:
		return "Pay"
	case StepProcessing:
		return "Selling"
	case StepResult:
		return "Result"
	}
	return "?"
}

// Flow sells prepaid airtime through Flash: network and product from the
// catalogue, the customer's number, the amount, a confirmation of exactly
// what will be sold, then the sale and its result.
type Flow struct {
	env           *kit.Env
	step          Step
	width, height int
	now           time.Time

	flow.CatalogueFeed // flow_catalogue.go
	products           []sale.Product
	cursor             int

	product sale.Product
	mobile  ui.MobileInput
	amount  ui.MoneyInput
	number  string
	money   sale.Money
	confirm ui.Confirm

	flow.Run // confirm → tender → sale → result → print (flow/run.go)

	keys airtimeKeys
}

type airtimeKeys struct {
	flow.SaleKeys                        // print, unresolved, scroll, try again, override (widgets.go)
	Up, Down, Pick, Enter, Back, Refresh key.Binding
	Switch, NewSale, Amount, Number      key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k airtimeKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Pick, k.Enter, k.TryAgain, k.Switch, k.Print, k.NewSale,
		k.Amount, k.Number, k.Unresolved, k.Override, k.Refresh, k.Scroll, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k airtimeKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ kit.Screen               = (*Flow)(nil)
	_ interface{ Busy() bool } = (*Flow)(nil) // the App refuses to quit mid-sale
)

// New is the airtime flow's screen, opened at now.
func New(e *kit.Env, now time.Time) *Flow {
	m := &Flow{
		env:           e,
		now:           now,
		mobile:        ui.NewMobileInput(e.St),
		amount:        e.MoneyInput(e.D.Currency),
		Run:           flow.NewRun(e),
		CatalogueFeed: flow.CatalogueFeed{Loading: true},
	}
	m.keys = airtimeKeys{
		SaleKeys: flow.NewSaleKeys(),
		Up:       e.Keys.Up,
		Down:     e.Keys.Down,
		Pick:     ui.Bind("1-9", "pick", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Enter:    e.Keys.Enter,
		Back:     e.Keys.Back,
		Refresh:  ui.Bind("r", "refresh", "r"),
		Switch:   ui.Bind("tab", "switch", "tab", "shift+tab", "left", "right"),
		NewSale:  ui.Bind("n", "new sale", "n"),
		Amount:   ui.Bind("a", "change amount", "a"),
		Number:   ui.Bind("m", "change number", "m"),
	}
	m.UpdateKeys()
	return m
}

// ID names the screen (kit.Screen).
func (m *Flow) ID() kit.ScreenID { return kit.ScreenAirtime }

// Title is the breadcrumb text (kit.Screen).
func (m *Flow) Title() string { return "Sell airtime" }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *Flow) ShortHelp() []key.Binding {
	if m.step == StepTender {
		return m.Tender.Keys()
	}
	return m.keys.ShortHelp()
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *Flow) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Init reads the cached catalogue (fast, so the cashier can start at once)
// and asks Flash for a fresh one.
func (m *Flow) Init() tea.Cmd {
	return tea.Batch(flow.LoadCatalogue(m.env, kit.FlashProvider)...)
}

// SetSize sets the room the screen has (kit.Component).
func (m *Flow) SetSize(w, h int) {
	m.width, m.height = w, h
	m.mobile.SetWidth(min(24, w-6))
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
	case kit.CatalogueMsg:
		m.onCatalogue(msg)
	case tea.KeyPressMsg:
		cmd = m.onKey(msg)
	case tea.PasteMsg:
		switch m.step {
		case StepMobile:
			m.mobile.Update(msg)
		case StepAmount:
			m.amount.Update(msg)
		}
	}
	m.UpdateKeys()
	return m, cmd
}

func (m *Flow) onCatalogue(msg kit.CatalogueMsg) {
	if !m.Take(msg, kit.FlashProvider) { // flow_catalogue.go
		return
	}
	code := ""
	if m.cursor < len(m.products) {
		code = m.products[m.cursor].Code
	}
	m.products = airtimeProducts(msg.Catalogue)
	m.cursor = 0
	for i, p := range m.products {
		if p.Code == code {
			m.cursor = i
		}
		// A chosen product's limits follow the fresher catalogue, until
		// the order is fixed for confirmation.
		if p.Code == m.product.Code && m.step < StepConfirm {
			m.product = p
			m.amount.SetCheck(p.Allows)
		}
	}
}

// airtimeProducts are the catalogue's active airtime products, grouped by
// brand (network) and then by name.
func airtimeProducts(c sale.Catalogue) []sale.Product {
	var out []sale.Product
	for _, p := range c.Products {
		if p.Active && p.Kind == sale.KindAirtime {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b sale.Product) int {
		return cmp.Or(
			cmp.Compare(strings.ToLower(flow.BrandOf(a)), strings.ToLower(flow.BrandOf(b))),
			cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
		)
	})
	return out
}

func (m *Flow) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case StepProduct:
		return m.keyProduct(k)
	case StepMobile:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = StepProduct
		case key.Matches(k, m.keys.Switch) && m.takeProposal(k): // network.go
		case key.Matches(k, m.keys.Enter):
			if n, err := m.mobile.Submit(); err == nil {
				m.number, m.step = n, StepAmount
			}
		default:
			m.mobile.Update(k)
		}
	case StepAmount:
		if v, ok, back := flow.AmountKey(k, &m.amount, m.keys.Back, m.keys.Enter); back {
			m.step = StepMobile
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
	// stepProcessing: every key is ignored until the provider answers.
	return nil
}

func (m *Flow) keyProduct(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Back):
		return kit.BackCmd
	case key.Matches(k, m.keys.Refresh):
		return m.Refresh(m.env, kit.FlashProvider)
	}
	keys := flow.PickList{Up: m.keys.Up, Down: m.keys.Down, Pick: m.keys.Pick, Enter: m.keys.Enter}
	if i, _ := keys.Key(k, &m.cursor, len(m.products)); i >= 0 {
		m.choose(m.products[i])
	}
	return nil
}

// choose takes p as the product and moves on to the number.
func (m *Flow) choose(p sale.Product) {
	if p.Code != m.product.Code {
		c := cmp.Or(p.Min.Currency, p.Max.Currency, m.env.D.Currency)
		m.amount = m.env.MoneyInput(c)
	}
	m.product = p
	m.amount.SetCheck(p.Allows)
	m.step = StepMobile
}

// OpenConfirm fixes the order and shows it for confirmation.
func (m *Flow) OpenConfirm() {
	p := m.product
	m.Order = sale.Order{
		Provider:    kit.FlashProvider,
		Kind:        sale.KindAirtime,
		Product:     p.Code,
		ProductName: p.Name,
		Target:      sale.Target{Kind: sale.TargetMobile, Value: m.number},
		Amount:      m.money,
		Cashier:     m.env.D.Cashier,
	}
	m.Tender, m.Payment = nil, sale.Sale{}
	c := ui.NewConfirm(m.env.St, m.env.D.Now, m.env.T("air.confirm"), [][2]string{
		{"Product", p.Name},
		{"Network", flow.BrandOf(p)},
		{"Mobile", ui.LocalMobile(m.number) + " (" + m.number + ")"},
		{"Amount", m.env.Money(m.money)},
	})
	c.Yes, c.No, c.Grace = "Take payment", "Back", m.env.D.ConfirmGrace
	c.Note = "Read the number back to the customer before you sell."
	m.env.Localise(&c)
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = StepConfirm
}

// StartSale moves to processing before the sale command exists, so no
// second key can reach the confirmation: the order is sold at most once.
func (m *Flow) StartSale() tea.Cmd {
	cmd := m.Begin(m.env)
	if cmd != nil {
		m.step = StepProcessing
	}
	return cmd
}

// OnSold takes the sale\'s answer (flow.Steps).
func (m *Flow) OnSold(msg kit.SoldMsg) tea.Cmd {
	if !m.Selling {
		return nil
	}
	m.Landed(msg)
	m.Progress.SetNow(m.env.D.Now())
	m.Progress.Stop()
	m.step = StepResult
	return m.ReceiptCmd(m.env.D)
}

// OnSaleUpdate learns the reference while the sale is being sent, and
// follows the sale's settling while its result is shown.
func (m *Flow) OnSaleUpdate(s sale.Sale) tea.Cmd {
	switch {
	case m.step == StepProcessing && m.Ref == "":
		if m.Journaling(s, true) {
			m.Ref = s.Ref
		}
	case m.step == StepResult && m.Newer(s):
		m.Sold = s
		_ = m.RenderReceipt(m.env.D) // a slip that does not render is not shown
	}
	return nil
}

// UpdateKeys enables exactly the keys that work in the current state.
func (m *Flow) UpdateKeys() {
	k := &m.keys
	kit.Enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Refresh, &k.Switch, &k.Print, &k.NewSale, &k.Amount, &k.Number, &k.Unresolved, &k.Scroll, &k.ScrollDown, &k.TryAgain, &k.Override)
	k.Back.SetHelp("esc", "back")
	k.Switch.SetHelp("tab", "switch")
	switch m.step {
	case StepProduct:
		has := len(m.products) > 0
		kit.EnablePick(has, &k.Up, &k.Down, &k.Pick, &k.Enter)
		k.Refresh.SetEnabled(!m.Loading)
		k.Back.SetEnabled(true)
	case StepMobile, StepAmount:
		kit.EnterBack(&k.Enter, &k.Back, "next")
		if p, ok := m.proposal(); ok && m.step == StepMobile { // network.go
			k.Switch.SetEnabled(true)
			k.Switch.SetHelp("tab", m.env.T("air.help_sell", flow.BrandOf(p)))
		}
	case StepConfirm:
		kit.EnterBack(&k.Enter, &k.Back, "take payment")
		k.Switch.SetEnabled(true)
	case StepResult:
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		r := m.Result()
		k.Print.SetEnabled(m.ShowsReceipt() && m.env.D.Print != nil && !m.Printing)
		k.Scroll.SetEnabled(m.ShowsReceipt() && m.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewSale.SetEnabled(r != flow.ResRefused)
		// A payment taken for a sale that was refused pays for this order
		// only: try it again, or leave it to the Unresolved screen.
		paidOnly := m.PaidOnly()
		k.Amount.SetEnabled((r == flow.ResDeclined || r == flow.ResNotSent || r == flow.ResRefused) && !paidOnly)
		k.Number.SetEnabled((r == flow.ResDeclined || r == flow.ResNotSent || r == flow.ResRefused || r == flow.ResBlocked) && !paidOnly)
		k.TryAgain.SetEnabled((r == flow.ResNotSent && m.Order.Tender.Ref == "") || r == flow.ResRefused || (r == flow.ResBlocked && paidOnly))
		k.Unresolved.SetEnabled(r == flow.ResBlocked || r == flow.ResInDoubt || r == flow.ResPending || r == flow.ResSupervisor)
		k.Override.SetEnabled(m.overridable())
	}
}
