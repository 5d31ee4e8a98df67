package flowix

import (
	"context"
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

// BillStep is where the bill flow is.
type BillStep int

// Steps of the bill flow, in order.
const (
	BillService BillStep = iota
	BillCustomer
	BillChecking
	BillConfirm
	BillPaying
	BillResult
)

// BillMsg carries a bill check's answer.
type BillMsg struct {
	Service, Customer string
	Bill              kit.FlowixBill
	Err               error
}

// Bill pays a Flowix postpaid bill (PLN, BPJS, PDAM): the service, the
// customer number, a bill check showing the customer's name, the period,
// the bill and the admin fee, a confirmation, then the payment with the
// check's inquiry id, followed live until Flowix settles it.
type Bill struct {
	env           *kit.Env
	step          BillStep
	width, height int
	now           time.Time

	flow.CatalogueFeed // flow_catalogue.go
	list               serviceList

	acct     *kit.FlowixAccount
	product  sale.Product
	customer ui.Field
	refused  error
	checked  kit.FlowixBill
	checkErr error
	progress ui.Progress
	confirm  ui.Confirm
	Sale     Sale

	keys billKeys
	// gate is every check before the cash is taken (precheck.go).
	gate CashGate
}

type billKeys struct {
	flow.SaleKeys                         // print, unresolved, scroll, try again, override (widgets.go)
	Select, Enter, Back, Refresh, NewBill key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k billKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Select, k.Enter, k.TryAgain, k.Print, k.NewBill, k.Unresolved, k.Override, k.Refresh, k.Scroll, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k billKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ kit.Screen               = (*Bill)(nil)
	_ interface{ Busy() bool } = (*Bill)(nil)
)

// NewBill is the bill payment screen, opened at now.
func NewBill(e *kit.Env, now time.Time) *Bill {
	m := &Bill{env: e, now: now, CatalogueFeed: flow.CatalogueFeed{Loading: true}, list: newServiceList(e, sale.KindBill), Sale: newFxSale(e),
		progress: flow.NewProgress(e)}
	m.customer = ui.NewField(e.St, 20, fxDigitsFilter)
	m.customer.SetPlaceholder("512345678901")
	m.keys = billKeys{
		SaleKeys: flow.NewSaleKeys(),
		Select:   ui.Bind("↑/↓", "select", "up", "down", "pgup", "pgdown"),
		Enter:    e.Keys.Enter,
		Back:     e.Keys.Back,
		Refresh:  ui.Bind("ctrl+r", "refresh list", "ctrl+r"),
		NewBill:  ui.Bind("n", "new bill", "n"),
	}
	m.updateKeys()
	return m
}

// ID names the screen (kit.Screen).
func (m *Bill) ID() kit.ScreenID { return kit.ScreenBill }

// Title is the breadcrumb text (kit.Screen).
func (m *Bill) Title() string { return "Pay a bill" }

// Busy reports whether a payment is in flight (busy).
func (m *Bill) Busy() bool { return m.Sale.Selling }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *Bill) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *Bill) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Init reads the cached and the fresh service list and the balance.
func (m *Bill) Init() tea.Cmd {
	return tea.Batch(append(flow.LoadCatalogue(m.env, kit.FlowixProvider), flowixAccountCmd(m.env))...)
}

// SetSize sets the room the screen has (kit.Component).
func (m *Bill) SetSize(w, h int) {
	m.width, m.height = w, h
	m.list.SetSize(w, h-2)
	m.customer.SetWidth(min(22, w-6))
	m.confirm.SetSize(w, h-2)
	m.Sale.setSize(w, h)
}

// billCheckCmd checks a bill.
func billCheckCmd(e *kit.Env, service, customer string) tea.Cmd {
	api, ctx, timeout := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		b, err := api.BillCheck(ctx, service, customer)
		return BillMsg{Service: service, Customer: customer, Bill: b, Err: err}
	}
}

// Update handles one message (kit.Component).
func (m *Bill) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case kit.ClockMsg:
		m.now = msg.Now
		m.progress.SetNow(msg.Now)
	case kit.CatalogueMsg:
		m.onCatalogue(msg)
	case AccountMsg:
		if msg.Err == nil {
			a := msg.Account
			m.acct = &a
		}
	case BillMsg:
		if m.step == BillChecking && msg.Service == m.product.Code && msg.Customer == m.customer.Value() {
			m.progress.Stop()
			m.checked, m.checkErr = msg.Bill, msg.Err
			if msg.Err == nil {
				m.openConfirm()
			} else {
				m.step = BillCustomer
			}
		}
	case kit.OverrideMsg:
		if m.step == BillConfirm && m.gate.Granted(msg) {
			m.openConfirm() // asked again, under the override
		}
	case tea.KeyPressMsg:
		cmds = append(cmds, m.onKey(msg))
	case tea.PasteMsg:
		switch m.step {
		case BillService:
			m.list.Update(msg)
		case BillCustomer:
			m.customer.Update(msg)
		}
	}
	cmds = append(cmds, m.progress.Update(msg), m.Sale.update(msg))
	if _, ok := msg.(kit.SoldMsg); ok && m.step == BillPaying && !m.Sale.Selling {
		m.step = BillResult
		cmds = append(cmds, flowixAccountCmd(m.env))
	}
	m.updateKeys()
	return m, tea.Batch(cmds...)
}

func (m *Bill) onCatalogue(msg kit.CatalogueMsg) {
	if !m.Take(msg, kit.FlowixProvider) { // flow_catalogue.go
		return
	}
	m.list.SetCatalogue(msg.Catalogue)
}

func (m *Bill) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case BillService:
		switch {
		case key.Matches(k, m.keys.Back):
			if !m.list.ClearSearch() {
				return kit.BackCmd
			}
		case key.Matches(k, m.keys.Refresh):
			return m.Refresh(m.env, kit.FlowixProvider)
		default:
			if p, ok, _ := m.list.Update(k); ok {
				if p.Code != m.product.Code {
					m.customer.Reset()
				}
				m.product, m.refused, m.checkErr = p, nil, nil
				m.step = BillCustomer
			}
		}
	case BillCustomer:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = BillService
		case key.Matches(k, m.keys.Enter):
			no := m.customer.Value()
			if len(no) < 6 || len(no) > 20 {
				m.refused = sale.Keyed(sale.CodeInvalid, "fx_customer_no", nil, "type the customer number from the bill (6 to 20 digits)")
				return nil
			}
			m.refused, m.checkErr, m.step = nil, nil, BillChecking
			return tea.Batch(billCheckCmd(m.env, m.product.Code, no), m.progress.Start(m.env.D.Now()))
		default:
			if m.customer.Update(k) {
				m.refused, m.checkErr = nil, nil
			}
		}
	case BillConfirm:
		a, cmd := m.gate.ConfirmKey(m.env, k, m.keys.Override, &m.confirm, &m.Sale, m.order())
		switch a {
		case ui.ConfirmYes:
			m.step = BillPaying
		case ui.ConfirmNo:
			m.step = BillCustomer
		}
		return cmd
	case BillResult:
		switch {
		case key.Matches(k, m.keys.Back):
			return kit.HomeCmd
		case key.Matches(k, m.keys.Print):
			return m.Sale.print()
		case key.Matches(k, m.keys.NewBill):
			m.step, m.Sale, m.checked = BillService, newFxSale(m.env), kit.FlowixBill{}
			m.Sale.setSize(m.width, m.height)
			m.customer.Reset()
			m.list.ClearSearch()
		case key.Matches(k, m.keys.Unresolved):
			return kit.NavigateCmd(kit.ScreenUnresolved, "")
		case key.Matches(k, m.keys.TryAgain):
			// A refused payment sent nothing: check the bill afresh, since
			// an inquiry may have expired meanwhile.
			m.step = BillCustomer
		case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
			m.Sale.Pager.Update(k)
		}
	}
	return nil
}

// order is the payment the confirmation shows: the bill plus the admin fee,
// paid by the check's inquiry id. The bill's facts are kept in Params for
// the receipt (the client sends only the inquiry id).
func (m *Bill) order() sale.Order {
	b, p := m.checked, m.product
	return sale.Order{
		Provider: kit.FlowixProvider, Kind: sale.KindBill, Product: p.Code, ProductName: p.Name,
		Target: sale.Target{Kind: sale.TargetAccount, Value: b.CustomerNo},
		Amount: b.Total(), Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: m.env.D.Cashier,
		Params: map[string]string{
			sale.FlowixParamInquiryID:    b.InquiryID,
			sale.FlowixParamCustomerName: b.CustomerName,
			sale.FlowixParamPeriod:       b.Period,
			sale.FlowixParamBillAmount:   b.BillAmount.Plain(),
			sale.FlowixParamAdminFee:     b.AdminFee.Plain(),
		},
	}
}

// openConfirm shows the checked bill for confirmation.
func (m *Bill) openConfirm() {
	b := m.checked
	e := m.env
	c := ui.NewConfirm(e.St, e.D.Now, "Pay this bill?", [][2]string{
		{"Service", m.product.Name},
		{"Customer", b.CustomerName},
		{"Customer no", b.CustomerNo},
		{"Period", b.Period},
		{"Bill", e.Money(b.BillAmount)},
		{"Admin fee", e.Money(b.AdminFee)},
		{"Total", e.Money(b.Total())},
		{"Tender", e.T("tender.cash")},
	})
	c.Yes, c.No, c.Grace = e.T("fxr.bill.pay", e.Money(b.Total())), "Back", e.D.ConfirmGrace
	c.Note = "Check the name and the period with the customer before you pay."
	if n := fxBalanceNote(e, m.acct, b.Total()); n != "" {
		c.Note = n
	}
	m.gate.Tag = "bill"
	if n := m.gate.Check(m.env, m.order()); n != "" { // precheck.go: every check before the cash
		c.Note = n
	}
	m.env.Localise(&c) // kit/lang.go
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = BillConfirm
}

// updateKeys enables exactly the keys that work in the current state.
func (m *Bill) updateKeys() {
	k := &m.keys
	kit.Enable(false, &k.Select, &k.Enter, &k.Back, &k.Refresh, &k.Print, &k.NewBill, &k.Unresolved, &k.TryAgain, &k.Scroll, &k.ScrollDown, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch m.step {
	case BillService:
		m.list.enableKeys(&k.Select, &k.Enter, &k.Refresh, &k.Back, m.Loading)
	case BillCustomer:
		kit.EnterBack(&k.Enter, &k.Back, "check the bill")
	case BillConfirm:
		k.Override.SetEnabled(m.gate.Overridable(m.env))
		kit.EnterBack(&k.Enter, &k.Back, "pay")
	case BillResult:
		r := m.Sale.Result()
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		k.Print.SetEnabled(m.Sale.canPrint())
		k.Scroll.SetEnabled(r == flow.ResDelivered && m.Sale.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewBill.SetEnabled(true)
		k.TryAgain.SetEnabled(r == flow.ResNotSent || r == flow.ResRefused || r == flow.ResDeclined)
		k.TryAgain.SetHelp("enter", "check again")
		k.Unresolved.SetEnabled(r == flow.ResBlocked || r == flow.ResInDoubt || r == flow.ResPending || r == flow.ResSupervisor)
	}
}

// View draws the current step (kit.Component).
func (m *Bill) View() string {
	st, e := m.env.St, m.env
	cur := map[BillStep]int{BillService: 0, BillCustomer: 1, BillChecking: 1, BillConfirm: 2, BillPaying: 3, BillResult: 3}[m.step]
	head := flow.Stepper(st, m.env.TrAll([]string{"Service", "Customer", "Check & confirm", "Done"}), cur, m.width) + "\n\n"
	switch m.step {
	case BillService:
		title := st.Strong.Render(m.env.T("fxs.choose_bill"))
		note := fxCatalogueNote(m.env, m.Loading, m.CatLoaded, m.CatErr, m.list.Len(), m.env.Ago(m.now, m.Cat.FetchedAt))
		line := title + strings.Repeat(" ", max(m.width-lipgloss.Width(title)-lipgloss.Width(note), 2)) + note + "\n"
		if m.list.Len() == 0 && !m.Loading {
			msg := e.T("fxr.bill.none")
			if m.CatErr != nil {
				msg = "✗ " + ui.Clean(e.Err(m.CatErr)) + e.T("fxr.try_ctrl_r")
			}
			return head + line + "\n" + st.Warning.Render(ui.Wrap(msg, m.width))
		}
		return head + line + m.list.View()
	case BillCustomer, BillChecking:
		p := m.product
		s := head + st.Strong.Render(ui.Clean(p.Name)) + st.Muted.Render("  ·  "+ui.Clean(p.Code)+"  ·  "+servicePrice(m.env, p)) + "\n\n" +
			st.Text.Render(e.T("fxr.bill.customer")) + "\n" + m.customer.View() + "\n"
		switch {
		case m.step == BillChecking:
			return s + m.progress.View() + "  " + st.Muted.Render(e.T("fxr.bill.checking"))
		case m.refused != nil:
			return s + st.Error.Render(ui.Wrap("✗ "+ui.Clean(e.Err(m.refused)), m.width))
		case m.checkErr != nil:
			return s + st.Error.Render(ui.Wrap("✗ "+ui.Clean(e.Err(m.checkErr)), m.width)) + "\n\n" +
				st.Muted.Render(ui.Wrap(e.T("fxr.bill.check_failed"), m.width))
		}
		return s + st.Muted.Render(e.T("fxr.bill.press_enter"))
	case BillConfirm:
		return head + m.confirm.View()
	case BillPaying:
		o := m.Sale.Order
		return head + m.Sale.viewSelling(e.T("fxr.bill.paying", e.Money(o.Amount), ui.Clean(o.ProductName), o.Target.Value), m.facts(), m.width)
	}
	return m.Sale.viewResult(m.words(), m.facts(), m.width, m.height)
}

// facts are the bill's details on the paying and result steps.
func (m *Bill) facts() [][2]string {
	p := m.Sale.Order.Params
	return [][2]string{
		{"Customer", p[sale.FlowixParamCustomerName] + " (" + m.Sale.Order.Target.Value + ")"},
		{"Period", p[sale.FlowixParamPeriod]},
		{"Total", m.env.Money(m.Sale.Order.Amount)},
		{"Inquiry", p[sale.FlowixParamInquiryID]},
	}
}

// words are what the result step says.
func (m *Bill) words() fxWords {
	o := m.Sale.Order
	return fxWords{
		What:      m.env.T("fxr.bill.what", m.env.Money(o.Amount), o.ProductName, o.Params[sale.FlowixParamCustomerName]),
		Delivered: m.env.T("fxr.bill.delivered"),
		Declined:  m.env.T("fxr.bill.declined"),
		Pending:   m.env.T("fxr.bill.pending"),
		Again:     m.env.T("fxr.again_customer"),
	}
}
