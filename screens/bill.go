package screens

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// XxBillStep is where the bill flow is.
type XxBillStep int

// Steps of the bill flow, in order.
const (
	XxBillService XxBillStep = iota
	XxBillCustomer
	XxBillChecking
	XxBillConfirm
	XxBillPaying
	XxBillResult
)

// XxBillMsg carries a bill check's answer.
type XxBillMsg struct {
	Service, Customer string
	Bill              FlowixBill
	Err               error
}

// XxBill pays a Flowix postpaid XxBill (PLN, BPJS, PDAM): the service, the
// customer number, a XxBill check showing the customer's name, the period,
// the XxBill and the admin fee, a confirmation, then the payment with the
// check's inquiry id, followed live until Flowix settles it.
type XxBill struct {
	env           *env
	step          XxBillStep
	width, height int
	now           time.Time

	flow.CatalogueFeed // flow_catalogue.go
	list               serviceList

	acct     *FlowixAccount
	product  sale.Product
	customer ui.Field
	refused  error
	checked  FlowixBill
	checkErr error
	progress ui.Progress
	confirm  ui.Confirm
	Sale     XxSale

	keys billKeys
	// gate is every check before the cash is taken (precheck.go).
	gate XxCashGate
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
	_ Screen = (*XxBill)(nil)
	_ busy   = (*XxBill)(nil)
)

func XxNewBill(e *env, now time.Time) *XxBill {
	m := &XxBill{env: e, now: now, CatalogueFeed: flow.CatalogueFeed{Loading: true}, list: newServiceList(e, sale.KindBill), Sale: newFxSale(e),
		progress: ui.NewProgress(e.St)}
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

// ID names the screen (Screen).
func (m *XxBill) ID() ScreenID { return ScreenBill }

// Title is the breadcrumb text (Screen).
func (m *XxBill) Title() string { return "Pay a bill" }

// Busy reports whether a payment is in flight (busy).
func (m *XxBill) Busy() bool { return m.Sale.Selling }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *XxBill) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *XxBill) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Init reads the cached and the fresh service list and the balance.
func (m *XxBill) Init() tea.Cmd {
	return tea.Batch(append(flow.LoadCatalogue(m.env, flowixProvider), flowixAccountCmd(m.env))...)
}

// SetSize sets the room the screen has (Component).
func (m *XxBill) SetSize(w, h int) {
	m.width, m.height = w, h
	m.list.SetSize(w, h-2)
	m.customer.SetWidth(min(22, w-6))
	m.confirm.SetSize(w, h-2)
	m.Sale.setSize(w, h)
}

// billCheckCmd checks a bill.
func billCheckCmd(e *env, service, customer string) tea.Cmd {
	api, ctx, timeout := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		b, err := api.BillCheck(ctx, service, customer)
		return XxBillMsg{Service: service, Customer: customer, Bill: b, Err: err}
	}
}

// Update handles one message (Component).
func (m *XxBill) Update(msg tea.Msg) (Component, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case ClockMsg:
		m.now = msg.Now
		m.progress.SetNow(msg.Now)
	case CatalogueMsg:
		m.onCatalogue(msg)
	case XxAccountMsg:
		if msg.Err == nil {
			a := msg.Account
			m.acct = &a
		}
	case XxBillMsg:
		if m.step == XxBillChecking && msg.Service == m.product.Code && msg.Customer == m.customer.Value() {
			m.progress.Stop()
			m.checked, m.checkErr = msg.Bill, msg.Err
			if msg.Err == nil {
				m.openConfirm()
			} else {
				m.step = XxBillCustomer
			}
		}
	case OverrideMsg:
		if m.step == XxBillConfirm && m.gate.Granted(msg) {
			m.openConfirm() // asked again, under the override
		}
	case tea.KeyPressMsg:
		cmds = append(cmds, m.onKey(msg))
	case tea.PasteMsg:
		switch m.step {
		case XxBillService:
			m.list.Update(msg)
		case XxBillCustomer:
			m.customer.Update(msg)
		}
	}
	cmds = append(cmds, m.progress.Update(msg), m.Sale.update(msg))
	if _, ok := msg.(SoldMsg); ok && m.step == XxBillPaying && !m.Sale.Selling {
		m.step = XxBillResult
		cmds = append(cmds, flowixAccountCmd(m.env))
	}
	m.updateKeys()
	return m, tea.Batch(cmds...)
}

func (m *XxBill) onCatalogue(msg CatalogueMsg) {
	if !m.Take(msg, flowixProvider) { // flow_catalogue.go
		return
	}
	m.list.SetCatalogue(msg.Catalogue)
}

func (m *XxBill) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case XxBillService:
		switch {
		case key.Matches(k, m.keys.Back):
			if !m.list.ClearSearch() {
				return BackCmd
			}
		case key.Matches(k, m.keys.Refresh):
			return m.Refresh(m.env, flowixProvider)
		default:
			if p, ok, _ := m.list.Update(k); ok {
				if p.Code != m.product.Code {
					m.customer.Reset()
				}
				m.product, m.refused, m.checkErr = p, nil, nil
				m.step = XxBillCustomer
			}
		}
	case XxBillCustomer:
		switch {
		case key.Matches(k, m.keys.Back):
			m.step = XxBillService
		case key.Matches(k, m.keys.Enter):
			no := m.customer.Value()
			if len(no) < 6 || len(no) > 20 {
				m.refused = sale.Errorf(sale.CodeInvalid, "type the customer number from the bill (6 to 20 digits)")
				return nil
			}
			m.refused, m.checkErr, m.step = nil, nil, XxBillChecking
			return tea.Batch(billCheckCmd(m.env, m.product.Code, no), m.progress.Start(m.env.D.Now()))
		default:
			if m.customer.Update(k) {
				m.refused, m.checkErr = nil, nil
			}
		}
	case XxBillConfirm:
		if key.Matches(k, m.keys.Override) && m.gate.Overridable(m.env) {
			return m.gate.Ask(m.env, m.order())
		}
		switch m.confirm.Update(k) {
		case ui.ConfirmYes:
			m.step = XxBillPaying
			m.Sale.Override, m.gate.override = m.gate.override, nil // granted on the confirmation; used once
			return m.Sale.start(m.order())
		case ui.ConfirmNo:
			m.step = XxBillCustomer
		}
	case XxBillResult:
		switch {
		case key.Matches(k, m.keys.Back):
			return HomeCmd
		case key.Matches(k, m.keys.Print):
			return m.Sale.print()
		case key.Matches(k, m.keys.NewBill):
			m.step, m.Sale, m.checked = XxBillService, newFxSale(m.env), FlowixBill{}
			m.Sale.setSize(m.width, m.height)
			m.customer.Reset()
			m.list.ClearSearch()
		case key.Matches(k, m.keys.Unresolved):
			return NavigateCmd(ScreenUnresolved, "")
		case key.Matches(k, m.keys.TryAgain):
			// A refused payment sent nothing: check the bill afresh, since
			// an inquiry may have expired meanwhile.
			m.step = XxBillCustomer
		case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
			m.Sale.Pager.Update(k)
		}
	}
	return nil
}

// order is the payment the confirmation shows: the bill plus the admin fee,
// paid by the check's inquiry id. The bill's facts are kept in Params for
// the receipt (the client sends only the inquiry id).
func (m *XxBill) order() sale.Order {
	b, p := m.checked, m.product
	return sale.Order{
		Provider: flowixProvider, Kind: sale.KindBill, Product: p.Code, ProductName: p.Name,
		Target: sale.Target{Kind: sale.TargetAccount, Value: b.CustomerNo},
		Amount: b.Total(), Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: m.env.D.Cashier,
		Params: map[string]string{
			FlowixParamInquiryID:    b.InquiryID,
			FlowixParamCustomerName: b.CustomerName,
			FlowixParamPeriod:       b.Period,
			FlowixParamBillAmount:   b.BillAmount.Plain(),
			FlowixParamAdminFee:     b.AdminFee.Plain(),
		},
	}
}

// openConfirm shows the checked bill for confirmation.
func (m *XxBill) openConfirm() {
	b := m.checked
	c := ui.NewConfirm(m.env.St, m.env.D.Now, "Pay this bill?", [][2]string{
		{"Service", m.product.Name},
		{"Customer", b.CustomerName},
		{"Customer no", b.CustomerNo},
		{"Period", b.Period},
		{"Bill", b.BillAmount.String()},
		{"Admin fee", b.AdminFee.String()},
		{"Total", b.Total().String()},
		{"Tender", m.env.T("tender.cash")},
	})
	c.Yes, c.No, c.Grace = m.env.T("fxr.bill.pay", m.env.D.Language.Money(b.Total())), "Back", m.env.D.ConfirmGrace
	c.Note = "Check the name and the period with the customer before you pay."
	if n := fxBalanceNote(m.acct, b.Total()); n != "" {
		c.Note = n
	}
	m.gate.Tag = "bill"
	if n := m.gate.Check(m.env, m.order()); n != "" { // precheck.go: every check before the cash
		c.Note = n
	}
	m.env.Localise(&c) // kit/lang.go
	c.SetSize(m.width, m.height-2)
	m.confirm = c
	m.step = XxBillConfirm
}

// updateKeys enables exactly the keys that work in the current state.
func (m *XxBill) updateKeys() {
	k := &m.keys
	enable(false, &k.Select, &k.Enter, &k.Back, &k.Refresh, &k.Print, &k.NewBill, &k.Unresolved, &k.TryAgain, &k.Scroll, &k.ScrollDown, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch m.step {
	case XxBillService:
		has := len(m.list.shown) > 0
		k.Select.SetEnabled(has)
		k.Enter.SetEnabled(has)
		k.Enter.SetHelp("enter", "choose")
		k.Refresh.SetEnabled(!m.Loading)
		k.Back.SetEnabled(true)
		if m.list.Query() != "" {
			k.Back.SetHelp("esc", "clear search")
		}
	case XxBillCustomer:
		enterBack(&k.Enter, &k.Back, "check the bill")
	case XxBillConfirm:
		k.Override.SetEnabled(m.gate.Overridable(m.env))
		enterBack(&k.Enter, &k.Back, "pay")
	case XxBillResult:
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

// View draws the current step (Component).
func (m *XxBill) View() string {
	st := m.env.St
	cur := map[XxBillStep]int{XxBillService: 0, XxBillCustomer: 1, XxBillChecking: 1, XxBillConfirm: 2, XxBillPaying: 3, XxBillResult: 3}[m.step]
	head := flow.Stepper(st, m.env.TrAll([]string{"Service", "Customer", "Check & confirm", "Done"}), cur, m.width) + "\n\n"
	switch m.step {
	case XxBillService:
		title := st.Strong.Render(m.env.T("fxs.choose_bill"))
		note := fxCatalogueNote(m.env, m.Loading, m.CatLoaded, m.CatErr, m.list.Len(), m.env.Ago(m.now, m.Cat.FetchedAt))
		line := title + strings.Repeat(" ", max(m.width-lipgloss.Width(title)-lipgloss.Width(note), 2)) + note + "\n"
		if m.list.Len() == 0 && !m.Loading {
			msg := "Flowix lists no bill services."
			if m.CatErr != nil {
				msg = "✗ " + ui.Clean(sale.ErrorMessage(m.CatErr)) + " Press ctrl+r to try again."
			}
			return head + line + "\n" + st.Warning.Render(ui.Wrap(msg, m.width))
		}
		return head + line + m.list.View()
	case XxBillCustomer, XxBillChecking:
		p := m.product
		s := head + st.Strong.Render(ui.Clean(p.Name)) + st.Muted.Render("  ·  "+ui.Clean(p.Code)+"  ·  "+servicePrice(m.env, p)) + "\n\n" +
			st.Text.Render("Customer number (from the bill)") + "\n" + m.customer.View() + "\n"
		switch {
		case m.step == XxBillChecking:
			return s + m.progress.View() + "  " + st.Muted.Render("checking the bill with Flowix… nothing is paid yet")
		case m.refused != nil:
			return s + st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(m.refused)))
		case m.checkErr != nil:
			return s + st.Error.Render(ui.Wrap("✗ "+ui.Clean(sale.ErrorMessage(m.checkErr)), m.width)) + "\n\n" +
				st.Muted.Render("Nothing was paid. Check the number with the customer and press enter to check again.")
		}
		return s + st.Muted.Render("press enter to check the bill (nothing is paid yet)")
	case XxBillConfirm:
		return head + m.confirm.View()
	case XxBillPaying:
		o := m.Sale.Order
		return head + m.Sale.viewSelling("Paying "+o.Amount.String()+" "+ui.Clean(o.ProductName)+" for "+o.Target.Value, m.facts(), m.width)
	}
	return m.Sale.viewResult(m.words(), m.facts(), m.width, m.height)
}

// facts are the bill's details on the paying and result steps.
func (m *XxBill) facts() [][2]string {
	p := m.Sale.Order.Params
	return [][2]string{
		{"Customer", p[FlowixParamCustomerName] + " (" + m.Sale.Order.Target.Value + ")"},
		{"Period", p[FlowixParamPeriod]},
		{"Total", m.Sale.Order.Amount.String()},
		{"Inquiry", p[FlowixParamInquiryID]},
	}
}

// words are what the result step says.
func (m *XxBill) words() fxWords {
	o := m.Sale.Order
	return fxWords{
		What:      m.env.T("fxr.bill.what", m.env.D.Language.Money(o.Amount), o.ProductName, o.Params[FlowixParamCustomerName]),
		Delivered: m.env.T("fxr.bill.delivered"),
		Declined:  m.env.T("fxr.bill.declined"),
		Pending:   m.env.T("fxr.bill.pending"),
		Again:     m.env.T("fxr.again_customer"),
	}
}
