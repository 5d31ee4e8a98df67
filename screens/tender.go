package screens

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/ui"
)

// The tender step: how the customer pays for an order the cashier has
// confirmed, settled before anything is sold. It is a component any sale
// flow embeds (the airtime flow does):
//
//	t := newTender(env, order, now)      // after the confirm step; cmd := t.Init()
//	action, cmd := t.Update(msg)          // every message while it is shown
//	tenderBack → back to the confirm step
//	tenderPaid → sell t.Order() with vendCmd (Engine.Vend); show t.Payment()'s
//	             slip after the sale's (receipts.RenderPaid)
//
// Cash takes the amount handed over and shows the change. Every other
// tender is a sale of its own through Engine.Pay (sale/tender.go): M-Pesa
// records the customer's payment with its receipt code, a card on file is
// charged (a 3-D Secure approval is shown as a QR for the customer's phone),
// a 1Voucher is redeemed, a QRIS deposit is shown as a QR. tenderPaid comes
// only once that payment is DELIVERED; a decline goes back to the choice; a
// lost answer waits while the till verifies it (a card is never charged
// twice), and nothing is sold until it is settled.

// XfTenderStep is where the tender step is.
type XfTenderStep int

// Steps of the tender step.
const (
	XfStepChoose  XfTenderStep = iota // which tender
	XfStepCash                        // amount tendered, change
	XfStepMpesa                       // receipt code and payer's phone
	XfStepCard                        // pick a customer from the book
	XfStepVoucher                     // the 1Voucher PIN
	XfStepConfirm                     // confirm a card charge or a QRIS code
	XfStepPaying                      // Engine.Pay is running
	XfStepWaiting                     // the payment is pending or in doubt
	XfStepQRIS                        // a QRIS code (QRISPay, qris.go) is being paid
)

// XfTenderAction is what the tender step decided.
type XfTenderAction int

const (
	XfTenderNone XfTenderAction = iota
	XfTenderBack                // the cashier went back to the confirm step
	XfTenderPaid                // paid: sell Order()
)

// XfTender is the XfTender step of one order.
type XfTender struct {
	env   *env
	id    int64
	order sale.Order
	step  XfTenderStep
	prev  XfTenderStep // the step a confirm dialog returns to
	now   time.Time

	options []tenderOption
	cursor  int
	notice  string // why the last payment failed, shown on the choice
	chosen  sale.TenderKind

	cash    ui.MoneyInput
	receipt ui.Field
	phone   ui.Field
	onPhone bool
	pin     ui.Field
	refused string // the inline error after a refused Enter

	customers []sale.Customer
	custErr   error
	custRead  bool
	custAt    int

	confirm  ui.Confirm
	progress ui.Progress
	payment  sale.Payment
	paid     sale.Sale // the tender sale as last known
	paying   bool
	qris     *QRISPay // the QRIS payment (step tQRIS)
	// override is the supervisor's override the gate let the order through
	// under (tender_gate.go); gateErr why the gate refused it.
	override *sale.Override
	gateErr  error
	checking bool
	demoErr  error
	qr       qrFit     // the 3-D Secure code as drawn (qr_layout.go)
	code     codePrint // printing it (tender_qr_print.go)

	width, height int
	fullHeight    int // the room a QR code may take (FullHeight); default height
	keys          tenderKeys
}

func XfNewTender(e *env, o sale.Order, now time.Time) *XfTender {
	t := &XfTender{
		env: e, id: tenderIDs.Add(1), order: o, now: now,
		options:  tenders(e, o.Amount.Currency),
		cash:     e.MoneyInput(o.Amount.Currency),
		receipt:  ui.NewField(e.St, mpesaReceiptLength, receiptFilter),
		phone:    ui.NewField(e.St, 16, phoneFilter),
		pin:      ui.NewField(e.St, VoucherPINDigits, digitFilter),
		progress: ui.NewProgress(e.St),
	}
	t.cash.SetCheck(func(m sale.Money) error {
		if m.Minor < o.Amount.Minor {
			return sale.Errorf(sale.CodeInvalid, "less than the %s due", o.Amount)
		}
		return nil
	})
	t.receipt.SetPlaceholder("QKJ4ABCD12")
	t.receipt.SetWidth(14)
	t.phone.SetPlaceholder("0712 345 678")
	t.phone.SetWidth(18)
	t.phone.Blur()
	t.pin.SetPlaceholder("16 digits")
	t.pin.SetWidth(20)
	t.keys = tenderKeys{
		Up:     e.Keys.Up,
		Down:   e.Keys.Down,
		Pick:   ui.Bind("1-9", "pick", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Enter:  e.Keys.Enter,
		Switch: ui.Bind("tab", "next field", "tab", "shift+tab"),
		Notes:  ui.Bind("f1-f5", notesHelp(o.Amount.Currency), "f1", "f2", "f3", "f4", "f5"),
		Notes2: key.NewBinding(key.WithKeys("f1", "f2", "f3", "f4", "f5")),
		Exact:  ui.Bind("=", "exact", "="),
		Next:   ui.Bind("+", "next note", "+"),
		Check:  ui.Bind("c", "check now", "c"),
		Demo:   ui.Bind("a", "approve (demo)", "a"),
		Print:  ui.Bind("p", "print the code", "p"),
		Back:   e.Keys.Back,
		// Override asks a supervisor on the gate (tender_gate.go).
		Override: ui.Bind("o", "supervisor override", "o"),
	}
	for i, op := range t.options {
		if op.why == "" {
			t.cursor = i
			break
		}
	}
	t.admit() // every check before the customer pays (tender_gate.go)
	t.updateKeys()
	return t
}

// Init reads the customer book when the card tender can be used.
func (t *XfTender) Init() tea.Cmd {
	for _, o := range t.options {
		if o.kind == sale.TenderCard && o.why == "" {
			return customersCmd(t.env.D.Pay.Customers, t.id)
		}
	}
	return nil
}

// Busy reports whether a payment is being sent: nobody may leave.
func (t *XfTender) Busy() bool { return t.paying || (t.qris != nil && t.qris.Busy()) }

// Order is the order to sell once paid: the confirmed order with its tender.
func (t *XfTender) Order() sale.Order { return t.order }

// Payment is the settled payment of a non-cash tender (zero for cash).
func (t *XfTender) Payment() sale.Sale { return t.paid }

// SetSize sets the room the step has.
func (t *XfTender) SetSize(w, h int) {
	t.width, t.height = w, h
	t.confirm.SetSize(w, h)
	if t.qris != nil {
		t.qris.SetSize(w, max(h, t.fullHeight))
	}
}

// SetFullHeight sets the room a QR code may take when FullHeight reports
// true and the flow leaves out what it draws above the step.
func (t *XfTender) SetFullHeight(h int) {
	t.fullHeight = h
	t.SetSize(t.width, t.height)
}

// Update handles one message and says what the step decided.
func (t *XfTender) Update(msg tea.Msg) (XfTenderAction, tea.Cmd) {
	var act XfTenderAction
	var cmd tea.Cmd
	if act, cmd, ok := t.updateGate(msg); ok { // tender_gate.go
		t.updateKeys()
		return act, cmd
	}
	if t.step == XfStepQRIS {
		act, cmd = t.updateQRIS(msg)
		t.updateKeys()
		return act, cmd
	}
	switch msg := msg.(type) {
	case XfTenderQRISReadyMsg:
		// A late answer for a QRIS step already left: nothing to do.
	case ClockMsg:
		t.now = msg.Now
		t.progress.SetNow(msg.Now)
	case spinner.TickMsg:
		cmd = t.progress.Update(msg)
	case XfCustomersMsg:
		if msg.ID == t.id {
			t.customers, t.custErr, t.custRead = msg.Customers, msg.Err, true
		}
	case XfTenderPaidMsg:
		if msg.ID == t.id && t.paying {
			act, cmd = t.onPaid(msg.Sale, msg.Err)
		}
	case XfTenderCheckedMsg:
		if msg.ID == t.id {
			t.checking = false
			if msg.Sale.Ref == t.paid.Ref && msg.Sale.Events >= t.paid.Events {
				act, cmd = t.follow(msg.Sale)
			}
		}
	case SaleUpdateMsg:
		if t.step == XfStepWaiting && msg.Sale.Ref == t.paid.Ref && msg.Sale.Events >= t.paid.Events {
			act, cmd = t.follow(msg.Sale)
		}
	case tenderPollMsg:
		if msg.ID == t.id && t.step == XfStepWaiting && msg.Ref == t.paid.Ref && t.paid.State == sale.StatePending {
			cmd = tea.Batch(t.check(), tenderPollCmd(t.id, t.paid.Ref))
		}
	case XfCodePrintedMsg:
		t.code.done(msg)
	case XfDemoPaidMsg:
		if msg.ID == t.id {
			t.demoErr = msg.Err
			if msg.Err == nil {
				cmd = t.check()
			}
		}
	case tea.KeyPressMsg:
		act, cmd = t.onKey(msg)
	case tea.PasteMsg:
		t.onPaste(msg)
	}
	t.updateKeys()
	return act, cmd
}

func (t *XfTender) onPaste(msg tea.PasteMsg) {
	switch t.step {
	case XfStepCash:
		t.cash.Update(msg)
	case XfStepMpesa:
		if t.onPhone {
			t.phone.Update(msg)
		} else {
			t.receipt.Update(msg)
		}
	case XfStepVoucher:
		t.pin.Update(msg)
	}
	t.refused = ""
}

func (t *XfTender) onKey(k tea.KeyPressMsg) (XfTenderAction, tea.Cmd) {
	switch t.step {
	case XfStepChoose:
		return t.keyChoose(k)
	case XfStepCash:
		return t.keyCash(k)
	case XfStepMpesa:
		return XfTenderNone, t.keyMpesa(k)
	case XfStepCard:
		return XfTenderNone, t.keyCard(k)
	case XfStepVoucher:
		switch {
		case key.Matches(k, t.keys.Back):
			t.step = XfStepChoose
		case key.Matches(k, t.keys.Enter):
			return XfTenderNone, t.submitVoucher()
		default:
			if t.pin.Update(k) {
				t.refused = ""
			}
		}
	case XfStepConfirm:
		switch t.confirm.Update(k) {
		case ui.ConfirmYes:
			if t.payment.Kind == sale.TenderQRIS {
				return XfTenderNone, t.startQRIS() // tender_qris.go
			}
			return XfTenderNone, t.pay()
		case ui.ConfirmNo:
			t.step = t.prev
		}
	case XfStepWaiting:
		return t.keyWaiting(k)
	}
	// tPaying: every key waits for the answer.
	return XfTenderNone, nil
}

func (t *XfTender) keyChoose(k tea.KeyPressMsg) (XfTenderAction, tea.Cmd) {
	n := len(t.options)
	switch {
	case key.Matches(k, t.keys.Back):
		return XfTenderBack, nil
	case key.Matches(k, t.keys.Up):
		t.cursor = (t.cursor + n - 1) % n
	case key.Matches(k, t.keys.Down):
		t.cursor = (t.cursor + 1) % n
	case key.Matches(k, t.keys.Pick):
		if i := int(k.Code - '1'); i >= 0 && i < n {
			t.cursor = i
			return t.choose(t.options[i])
		}
	case key.Matches(k, t.keys.Enter):
		return t.choose(t.options[t.cursor])
	}
	return XfTenderNone, nil
}

// choose opens the step of tender o.
func (t *XfTender) choose(o tenderOption) (XfTenderAction, tea.Cmd) {
	if o.why != "" {
		t.notice = o.kind.Name() + ": " + o.why + "."
		return XfTenderNone, nil
	}
	t.notice, t.refused, t.chosen = "", "", o.kind
	switch o.kind {
	case sale.TenderCash:
		t.step = XfStepCash
	case sale.TenderMpesa:
		t.step, t.onPhone = XfStepMpesa, false
		t.receipt.Focus()
		t.phone.Blur()
	case sale.TenderCard:
		t.step = XfStepCard
	case sale.TenderVoucher:
		t.step = XfStepVoucher
	case sale.TenderQRIS:
		t.payment = sale.Payment{Kind: sale.TenderQRIS, Params: map[string]string{
			FlowixParamMethod: "QRIS", FlowixParamFeeByCustomer: "false"}}
		e := t.env
		t.openConfirm(e.T("tnd.qris.confirm", e.Money(t.order.Amount)), [][2]string{
			{"Pay", e.T("tnd.qris.by", e.Money(t.order.Amount))},
			{"For", orderLineIn(e, t.order)},
		}, "Show QR", e.T("tnd.qris.note"))
	}
	return XfTenderNone, nil
}

// pay sends t.payment. The step moves on before the command exists, so a
// second key cannot send it again.
func (t *XfTender) pay() tea.Cmd {
	if t.paying {
		return nil
	}
	t.paying, t.step, t.paid, t.demoErr = true, XfStepPaying, sale.Sale{}, nil
	spin := t.progress.Start(t.env.D.Now())
	return tea.Batch(payCmd(t.env.Ctx, t.env.D.Engine, t.id, t.order, t.payment, t.override), spin)
}

// onPaid takes Engine.Pay's answer.
func (t *XfTender) onPaid(s sale.Sale, err error) (XfTenderAction, tea.Cmd) {
	t.paying = false
	t.progress.SetNow(t.env.D.Now())
	if s.Ref == "" {
		t.progress.Stop()
		t.step = XfStepChoose
		t.notice = t.payment.Kind.Name() + " not taken: " + sale.ErrorMessage(err)
		return XfTenderNone, nil
	}
	return t.follow(s)
}

// follow moves the step along with the payment's state.
func (t *XfTender) follow(s sale.Sale) (XfTenderAction, tea.Cmd) {
	was := t.paid.State
	t.paid = s
	switch s.State {
	case sale.StateDelivered:
		t.progress.Stop()
		t.order.Tender = sale.Tender{Kind: sale.TenderOf(s.Order.Kind), Ref: s.Ref}
		return XfTenderPaid, nil
	case sale.StateDeclined, sale.StateNotSent:
		t.progress.Stop()
		t.step = XfStepChoose
		msg := ui.Clean(s.Outcome.Message)
		if msg == "" {
			msg = strings.ToLower(string(s.State))
		}
		t.notice = t.payment.Kind.Name() + " " + strings.ToLower(strings.ReplaceAll(string(s.State), "_", " ")) + ": " + msg +
			" Nothing was taken: choose how the customer pays."
		return XfTenderNone, nil
	}
	polling := t.step == XfStepWaiting && was == sale.StatePending
	t.step = XfStepWaiting
	if s.State == sale.StatePending && !polling {
		// Waiting for the customer (3-D Secure, a QRIS scan): look often.
		return XfTenderNone, tenderPollCmd(t.id, s.Ref)
	}
	return XfTenderNone, nil
}

// check asks the engine for the payment's status now.
func (t *XfTender) check() tea.Cmd {
	if t.checking || t.paid.Ref == "" || t.env.D.Engine.InFlight(t.paid.Ref) {
		return nil
	}
	t.checking = true
	return tenderCheckCmd(t.env.Ctx, t.env.D.Engine, t.id, t.paid.Ref)
}

func (t *XfTender) keyWaiting(k tea.KeyPressMsg) (XfTenderAction, tea.Cmd) {
	switch {
	case key.Matches(k, t.keys.Back):
		// The payment keeps settling in the background; if it is paid,
		// the Unresolved screen offers to complete the sale or refund it.
		t.progress.Stop()
		t.step = XfStepChoose
		t.notice = t.env.T("tnd.still", string(t.paid.Ref), t.env.Tr(stateName(t.paid.State)))
	case key.Matches(k, t.keys.Check):
		return XfTenderNone, t.check()
	case key.Matches(k, t.keys.Demo):
		return XfTenderNone, t.demoPay()
	case key.Matches(k, t.keys.Print):
		return XfTenderNone, t.printCode() // tender_qr_print.go
	}
	return XfTenderNone, nil
}

// demoPay plays the customer in the demo: approve the 3-D Secure page, or
// pay the QRIS deposit.
func (t *XfTender) demoPay() tea.Cmd {
	id, ctx := t.id, t.env.Ctx
	switch {
	case t.paid.Order.Kind == sale.KindTenderCard && t.env.D.Pay != nil && t.env.D.Pay.DemoApprove != nil:
		url := XfItemValue(t.paid.Outcome.Items, CardApprovalLabel)
		approve := t.env.D.Pay.DemoApprove
		return func() tea.Msg { return XfDemoPaidMsg{ID: id, Err: approve(ctx, url)} }
	}
	return nil
}

// canDemo reports whether the demo can play the customer now.
func (t *XfTender) canDemo() bool {
	if t.step != XfStepWaiting || t.paid.State != sale.StatePending {
		return false
	}
	return t.paid.Order.Kind == sale.KindTenderCard && t.env.D.Pay != nil && t.env.D.Pay.DemoApprove != nil &&
		XfItemValue(t.paid.Outcome.Items, CardApprovalLabel) != ""
}
