package flowix

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// PulsaStep is where the pulsa flow is.
type PulsaStep int

// Steps of the pulsa flow, in order.
const (
	PulsaService PulsaStep = iota
	PulsaTargetStep
	PulsaConfirm
	PulsaTender // how the customer pays, settled before the sale (flow/tender.go)
	PulsaSelling
	PulsaResult
)

// Pulsa sells a Flowix prepaid service — pulsa, data, a PLN token, game
// credit: the service from the cached, searchable list, the customer's
// number, a confirmation of exactly what will be sold, then the sale under
// our reference (Flowix's ref_id), followed live while Flowix processes it
// until it succeeds with its serial number (a PLN token shown as the
// token) or fails.
type Pulsa struct {
	env           *kit.Env
	step          PulsaStep
	width, height int
	now           time.Time

	flow.CatalogueFeed // flow_catalogue.go
	list               serviceList

	acct    *kit.FlowixAccount
	product sale.Product
	target  ui.Field
	refused error
	number  string
	tkind   sale.TargetKind
	confirm ui.Confirm
	tender  *flow.Tender // the tender step of the confirmed order
	Sale    Sale

	keys pulsaKeys
}

type pulsaKeys struct {
	flow.SaleKeys                                 // print, unresolved, scroll, try again, override (widgets.go)
	Select, Enter, Back, Refresh, NewSale, Number key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k pulsaKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Select, k.Enter, k.TryAgain, k.Print, k.NewSale, k.Number, k.Unresolved, k.Refresh, k.Scroll, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k pulsaKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ kit.Screen               = (*Pulsa)(nil)
	_ interface{ Busy() bool } = (*Pulsa)(nil)
)

// NewPulsa is the pulsa and PPOB screen, opened at now.
func NewPulsa(e *kit.Env, now time.Time) *Pulsa {
	m := &Pulsa{env: e, now: now, CatalogueFeed: flow.CatalogueFeed{Loading: true}, list: newServiceList(e, sale.KindPulsa), Sale: newFxSale(e)}
	m.target = ui.NewField(e.St, 24, fxTargetFilter)
	m.keys = pulsaKeys{
		SaleKeys: flow.NewSaleKeys(),
		Select:   ui.Bind("↑/↓", "select", "up", "down", "pgup", "pgdown"),
		Enter:    e.Keys.Enter,
		Back:     e.Keys.Back,
		Refresh:  ui.Bind("ctrl+r", "refresh list", "ctrl+r"),
		NewSale:  ui.Bind("n", "new sale", "n"),
		Number:   ui.Bind("m", "change number", "m"),
	}
	m.updateKeys()
	return m
}

// ID names the screen (kit.Screen).
func (m *Pulsa) ID() kit.ScreenID { return kit.ScreenPulsa }

// Title is the breadcrumb text (kit.Screen).
func (m *Pulsa) Title() string { return "Pulsa & PPOB" }

// Busy reports whether a sale is in flight (busy).
func (m *Pulsa) Busy() bool { return m.Sale.Selling || (m.tender != nil && m.tender.Busy()) }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *Pulsa) ShortHelp() []key.Binding {
	if m.step == PulsaTender && m.tender != nil {
		return m.tender.Keys()
	}
	return m.keys.ShortHelp()
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *Pulsa) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Init reads the cached service list (so the cashier can start at once),
// asks Flowix for a fresh one, and reads the account balance.
func (m *Pulsa) Init() tea.Cmd {
	return tea.Batch(append(flow.LoadCatalogue(m.env, kit.FlowixProvider), flowixAccountCmd(m.env))...)
}

// SetSize sets the room the screen has (kit.Component).
func (m *Pulsa) SetSize(w, h int) {
	m.width, m.height = w, h
	m.list.SetSize(w, h-2)
	m.target.SetWidth(min(24, w-6))
	m.confirm.SetSize(w, h-2)
	if m.tender != nil {
		m.tender.SetSize(w, h-2)
		m.tender.SetFullHeight(h)
	}
	m.Sale.setSize(w, h)
}

// Update handles one message (kit.Component).
func (m *Pulsa) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	if m.tender != nil && m.step == PulsaTender {
		return m, m.updateTender(msg)
	}
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case kit.ClockMsg:
		m.now = msg.Now
	case kit.CatalogueMsg:
		m.onCatalogue(msg)
	case AccountMsg:
		if msg.Err == nil {
			a := msg.Account
			m.acct = &a
		}
	case tea.KeyPressMsg:
		cmds = append(cmds, m.onKey(msg))
	case tea.PasteMsg:
		switch m.step {
		case PulsaService:
			m.list.Update(msg)
		case PulsaTargetStep:
			m.target.Update(msg)
		}
	}
	cmds = append(cmds, m.Sale.update(msg))
	if _, ok := msg.(kit.SoldMsg); ok && m.step == PulsaSelling && !m.Sale.Selling {
		m.step = PulsaResult
		cmds = append(cmds, flowixAccountCmd(m.env))
	}
	m.updateKeys()
	return m, tea.Batch(cmds...)
}

func (m *Pulsa) onCatalogue(msg kit.CatalogueMsg) {
	if !m.Take(msg, kit.FlowixProvider) { // flow_catalogue.go
		return
	}
	m.list.SetCatalogue(msg.Catalogue)
}

func (m *Pulsa) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case PulsaService:
		switch {
		case key.Matches(k, m.keys.Back):
			if !m.list.ClearSearch() {
				return kit.BackCmd
			}
		case key.Matches(k, m.keys.Refresh):
			if !m.Loading {
				return m.Refresh(m.env, kit.FlowixProvider)
			}
		default:
			if p, ok, _ := m.list.Update(k); ok {
				m.choose(p)
			}
		}
	case PulsaTargetStep:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = PulsaService
		case key.Matches(k, m.keys.Enter):
			n, kind, err := PulsaTarget(m.product, m.target.Value())
			m.refused = err
			if err == nil {
				m.number, m.tkind = n, kind
				m.openConfirm()
			}
		default:
			if m.target.Update(k) {
				m.refused = nil
			}
		}
	case PulsaConfirm:
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			return m.openTender()
		case ui.ConfirmNo:
			m.step = PulsaTargetStep
		}
	case PulsaResult:
		return m.keyResult(k)
	}
	return nil
}

func (m *Pulsa) keyResult(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Back):
		return kit.HomeCmd
	case key.Matches(k, m.keys.Print):
		return m.Sale.print()
	case key.Matches(k, m.keys.NewSale):
		m.step = PulsaService
		m.Sale = newFxSale(m.env)
		m.Sale.setSize(m.width, m.height)
		m.target.Reset()
		m.list.ClearSearch()
	case key.Matches(k, m.keys.Number):
		m.step = PulsaTargetStep
	case key.Matches(k, m.keys.Unresolved):
		return kit.NavigateCmd(kit.ScreenUnresolved, "")
	case key.Matches(k, m.keys.TryAgain):
		if m.paidOnly() {
			m.step = PulsaSelling
			return m.Sale.startPaid(m.Sale.Order, m.Sale.Payment) // the payment is still unused: sell on it again
		}
		m.openConfirm()
	case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
		m.Sale.Pager.Update(k)
	}
	return nil
}

// choose takes p as the service and asks for its target.
func (m *Pulsa) choose(p sale.Product) {
	if p.Code != m.product.Code {
		m.target.Reset()
	}
	m.product, m.refused = p, nil
	_, ph := pulsaTargetLabel(m.env, p)
	m.target.SetPlaceholder(ph)
	m.step = PulsaTargetStep
}

// order is the sale the confirmation shows.
func (m *Pulsa) order() sale.Order {
	p := m.product
	return sale.Order{
		Provider: kit.FlowixProvider, Kind: sale.KindPulsa, Product: p.Code, ProductName: p.Name,
		Target: sale.Target{Kind: m.tkind, Value: m.number},
		Amount: p.Price, Cashier: m.env.D.Cashier,
	}
}

// openConfirm shows exactly what will be sold.
func (m *Pulsa) openConfirm() {
	p := m.product
	label := map[string]string{"mobile": "Mobile", "meter": "Meter"}[pulsaTargetType(p)]
	if label == "" {
		label = "Customer id"
	}
	c := ui.NewConfirm(m.env.St, m.env.D.Now, "Sell this?", [][2]string{
		{"Service", p.Name + " (" + p.Code + ")"},
		{"Brand", flow.BrandOf(p)},
		{label, m.number},
		{"Price", m.env.Money(p.Price)},
	})
	m.tender = nil
	c.Yes, c.No, c.Grace = "Take payment", "Back", m.env.D.ConfirmGrace
	c.Note = "Read the number back to the customer before you sell."
	if n := fxBalanceNote(m.env, m.acct, p.Price); n != "" {
		c.Note = n
	}
	m.env.Localise(&c) // kit/lang.go
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = PulsaConfirm
}

// updateKeys enables exactly the keys that work in the current state.
func (m *Pulsa) updateKeys() {
	k := &m.keys
	kit.Enable(false, &k.Select, &k.Enter, &k.Back, &k.Refresh, &k.Print, &k.NewSale, &k.Number, &k.Unresolved, &k.TryAgain, &k.Scroll, &k.ScrollDown)
	k.Back.SetHelp("esc", "back")
	switch m.step {
	case PulsaService:
		m.list.enableKeys(&k.Select, &k.Enter, &k.Refresh, &k.Back, m.Loading)
	case PulsaTargetStep:
		kit.EnterBack(&k.Enter, &k.Back, "next")
	case PulsaConfirm:
		kit.EnterBack(&k.Enter, &k.Back, "take payment")
	case PulsaResult:
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		r := m.Sale.Result()
		k.Print.SetEnabled(m.Sale.canPrint())
		k.Scroll.SetEnabled(r == flow.ResDelivered && m.Sale.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewSale.SetEnabled(r != flow.ResRefused)
		// A payment taken for a sale that was refused pays for this order
		// only: try it again, or leave it to the Unresolved screen.
		paidOnly := m.paidOnly()
		k.Number.SetEnabled((r == flow.ResDeclined || r == flow.ResNotSent || r == flow.ResRefused || r == flow.ResBlocked) && !paidOnly)
		k.TryAgain.SetEnabled((r == flow.ResNotSent && m.Sale.Order.Tender.Ref == "") || r == flow.ResRefused || (r == flow.ResBlocked && paidOnly))
		k.Unresolved.SetEnabled(r == flow.ResBlocked || r == flow.ResInDoubt || r == flow.ResPending || r == flow.ResSupervisor)
	}
}

// View draws the current step (kit.Component).
func (m *Pulsa) View() string {
	st, e := m.env.St, m.env
	cur := map[PulsaStep]int{PulsaService: 0, PulsaTargetStep: 1, PulsaConfirm: 2, PulsaTender: 3, PulsaSelling: 4, PulsaResult: 4}[m.step]
	head := flow.Stepper(st, m.env.TrAll([]string{"Service", "Number", "Confirm", "Pay", "Done"}), cur, m.width) + "\n\n"
	switch m.step {
	case PulsaService:
		return head + m.viewServices()
	case PulsaTargetStep:
		label, _ := pulsaTargetLabel(e, m.product)
		status := st.Muted.Render(e.T("wat.type_it"))
		if m.refused != nil {
			status = st.Error.Render(ui.Wrap("✗ "+ui.Clean(e.Err(m.refused)), m.width))
		} else if n, _, err := PulsaTarget(m.product, m.target.Value()); err == nil {
			status = st.Success.Render("✓ " + n)
		}
		return head + m.chosen() + "\n\n" + st.Text.Render(label) + "\n" + m.target.View() + "\n" + status
	case PulsaConfirm:
		return head + m.confirm.View()
	case PulsaTender:
		if m.tender.FullHeight() {
			return m.tender.View() // a QR code needs every row
		}
		return head + m.tender.View()
	case PulsaSelling:
		o := m.Sale.Order
		return head + m.Sale.viewSelling(e.T("fxr.pulsa.selling", ui.Clean(o.ProductName), o.Target.Value), m.facts(), m.width)
	}
	return m.Sale.viewResult(m.words(), m.facts(), m.width, m.height)
}

// chosen recalls the service chosen.
func (m *Pulsa) chosen() string {
	st := m.env.St
	p := m.product
	return st.Strong.Render(ui.Clean(p.Name)) + st.Muted.Render("  ·  "+ui.Clean(p.Code)+"  ·  "+flow.BrandOf(p)+"  ·  "+m.env.Money(p.Price))
}

func (m *Pulsa) viewServices() string {
	st := m.env.St
	title := st.Strong.Render(m.env.T("fxs.choose_service"))
	note := fxCatalogueNote(m.env, m.Loading, m.CatLoaded, m.CatErr, m.list.Len(), m.env.Ago(m.now, m.Cat.FetchedAt))
	gap := max(m.width-lipgloss.Width(title)-lipgloss.Width(note), 2)
	head := title + strings.Repeat(" ", gap) + note + "\n"
	switch {
	case m.list.Len() > 0:
		return head + m.list.View()
	case m.Loading:
		return head
	case m.CatErr != nil:
		return head + "\n" + st.Error.Render(ui.Wrap("✗ "+ui.Clean(m.env.Err(m.CatErr)), m.width)) + "\n\n" +
			st.Muted.Render(ui.Wrap(m.env.T("fxr.pulsa.no_cache"), m.width))
	}
	return head + "\n" + st.Warning.Render(m.env.T("fxr.pulsa.none"))
}

// facts are the sale's details on the selling and result steps.
func (m *Pulsa) facts() [][2]string {
	o := m.Sale.Order
	facts := [][2]string{{"Service", o.ProductName + " (" + o.Product + ")"}, {"Target", o.Target.Value}, {"Price", m.env.Money(o.Amount)}}
	if o.Tender.Ref != "" {
		facts = append(facts, [2]string{"Paid by", flow.TenderLineIn(m.env, o.Tender, o.Amount)})
	}
	return facts
}

// words are what the result step says.
func (m *Pulsa) words() fxWords {
	o := m.Sale.Order
	e := m.env
	back := e.T("fxr.back_cash")
	if o.Tender.Ref != "" {
		back = e.T("fxr.back_paid")
	}
	hint := ""
	if flow.ItemValue(m.Sale.Sold.Outcome.Items, sale.FlowixItemToken) != "" {
		hint = e.T("fxr.token_hint")
	}
	return fxWords{
		What:      e.T("fxr.pulsa.what", e.Money(o.Amount), o.ProductName, o.Target.Value),
		Delivered: e.T("fxr.pulsa.delivered", hint),
		Declined:  e.T("fxr.pulsa.declined", back),
		Pending:   e.T("fxr.pulsa.pending"),
		Again:     e.T("fxr.again_number"),
	}
}
