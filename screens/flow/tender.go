package flow

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// The tender step: how the customer pays for an order the cashier has
// confirmed, settled before anything is sold. It is a component any sale
// flow reaches through Run (Run.OpenTender, Run.UpdateTender):
//
//	t := NewTender(env, order, now)      // after the confirm step; cmd := t.Init()
//	action, cmd := t.Update(msg)          // every message while it is shown
//	TenderBack → back to the confirm step
//	TenderPaid → sell t.Order() (Engine.VendWith); show t.Payment()'s
//	             slip after the sale's
//
// Cash takes the amount handed over and shows the change. Every other
// tender is a sale of its own through Engine.Pay (sale/tender.go): M-Pesa
// records the customer's payment with its receipt code, a card on file is
// charged (a 3-D Secure approval is shown as a QR for the customer's phone),
// a 1Voucher is redeemed, a QRIS deposit is shown as a QR. TenderPaid comes
// only once that payment is DELIVERED; a decline goes back to the choice; a
// lost answer waits while the till verifies it (a card is never charged
// twice), and nothing is sold until it is settled.

// TenderStep is where the tender step is.
type TenderStep int

// Steps of the tender step.
const (
	StepChoose  TenderStep = iota // which tender
	StepCash                      // amount tendered, change
	StepMpesa                     // receipt code and payer's phone
	StepCard                      // pick a customer from the book
	StepVoucher                   // the 1Voucher PIN
	StepConfirm                   // confirm a card charge or a QRIS code
	StepPaying                    // Engine.Pay is running
	StepWaiting                   // the payment is pending or in doubt
	StepQRIS                      // a QRIS code (QRISPay, qris.go) is being paid
)

// TenderAction is what the tender step decided.
type TenderAction int

const (
	TenderNone TenderAction = iota
	TenderBack              // the cashier went back to the confirm step
	TenderPaid              // paid: sell Order()
)

// Tender is the Tender step of one order.
type Tender struct {
	env   *kit.Env
	id    int64
	order sale.Order
	step  TenderStep
	prev  TenderStep // the step a confirm dialog returns to
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

// NewTender is the tender step of order o, opened at now.
func NewTender(e *kit.Env, o sale.Order, now time.Time) *Tender {
	t := &Tender{
		env: e, id: tenderIDs.Add(1), order: o, now: now,
		options:  tenders(e, o.Amount.Currency),
		cash:     e.MoneyInput(o.Amount.Currency),
		receipt:  ui.NewField(e.St, mpesaReceiptLength, receiptFilter),
		phone:    ui.NewField(e.St, 16, phoneFilter),
		pin:      ui.NewField(e.St, kit.VoucherPINDigits, digitFilter),
		progress: NewProgress(e),
	}
	t.cash.SetCheck(func(m sale.Money) error {
		if m.Minor < o.Amount.Minor {
			return sale.Keyed(sale.CodeInvalid, "tnd_less_due", []any{o.Amount}, "less than the %s due", o.Amount)
		}
		return nil
	})
	t.receipt.SetPlaceholder("QKJ4ABCD12")
	t.receipt.SetWidth(14)
	t.phone.SetPlaceholder("0712 345 678")
	t.phone.SetWidth(18)
	t.phone.Blur()
	t.pin.SetPlaceholder(e.T("tnd.pin.placeholder"))
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
func (t *Tender) Init() tea.Cmd {
	for _, o := range t.options {
		if o.kind == sale.TenderCard && o.why == "" {
			return customersCmd(t.env.D.Pay.Customers, t.id)
		}
	}
	return nil
}

// Busy reports whether a payment is being sent: nobody may leave.
func (t *Tender) Busy() bool { return t.paying || (t.qris != nil && t.qris.Busy()) }

// Order is the order to sell once paid: the confirmed order with its tender.
func (t *Tender) Order() sale.Order { return t.order }

// Payment is the settled payment of a non-cash tender (zero for cash).
func (t *Tender) Payment() sale.Sale { return t.paid }

// SetSize sets the room the step has.
func (t *Tender) SetSize(w, h int) {
	t.width, t.height = w, h
	t.confirm.SetSize(w, h)
	if t.qris != nil {
		t.qris.SetSize(w, max(h, t.fullHeight))
	}
}

// SetFullHeight sets the room a QR code may take when FullHeight reports
// true and the flow leaves out what it draws above the step.
func (t *Tender) SetFullHeight(h int) {
	t.fullHeight = h
	t.SetSize(t.width, t.height)
}

// Update handles one message and says what the step decided.
func (t *Tender) Update(msg tea.Msg) (TenderAction, tea.Cmd) {
	var act TenderAction
	var cmd tea.Cmd
	if act, cmd, ok := t.updateGate(msg); ok { // tender_gate.go
		t.updateKeys()
		return act, cmd
	}
	if t.step == StepQRIS {
		act, cmd = t.updateQRIS(msg)
		t.updateKeys()
		return act, cmd
	}
	switch msg := msg.(type) {
	case TenderQRISReadyMsg:
		// A late answer for a QRIS step already left: nothing to do.
	case kit.ClockMsg:
		t.now = msg.Now
		t.progress.SetNow(msg.Now)
	case spinner.TickMsg:
		cmd = t.progress.Update(msg)
	case CustomersMsg:
		if msg.ID == t.id {
			t.customers, t.custErr, t.custRead = msg.Customers, msg.Err, true
		}
	case TenderPaidMsg:
		if msg.ID == t.id && t.paying {
			act, cmd = t.onPaid(msg.Sale, msg.Err)
		}
	case TenderCheckedMsg:
		if msg.ID == t.id {
			t.checking = false
			if msg.Sale.Ref == t.paid.Ref && msg.Sale.Events >= t.paid.Events {
				act, cmd = t.follow(msg.Sale)
			}
		}
	case kit.SaleUpdateMsg:
		if t.step == StepWaiting && msg.Sale.Ref == t.paid.Ref && msg.Sale.Events >= t.paid.Events {
			act, cmd = t.follow(msg.Sale)
		}
	case tenderPollMsg:
		if msg.ID == t.id && t.step == StepWaiting && msg.Ref == t.paid.Ref && t.paid.State == sale.StatePending {
			cmd = tea.Batch(t.check(), tenderPollCmd(t.id, t.paid.Ref))
		}
	case CodePrintedMsg:
		t.code.done(msg)
	case DemoPaidMsg:
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

func (t *Tender) onPaste(msg tea.PasteMsg) {
	switch t.step {
	case StepCash:
		t.cash.Update(msg)
	case StepMpesa:
		if t.onPhone {
			t.phone.Update(msg)
		} else {
			t.receipt.Update(msg)
		}
	case StepVoucher:
		t.pin.Update(msg)
	}
	t.refused = ""
}

func (t *Tender) onKey(k tea.KeyPressMsg) (TenderAction, tea.Cmd) {
	switch t.step {
	case StepChoose:
		return t.keyChoose(k)
	case StepCash:
		return t.keyCash(k)
	case StepMpesa:
		return TenderNone, t.keyMpesa(k)
	case StepCard:
		return TenderNone, t.keyCard(k)
	case StepVoucher:
		switch {
		case key.Matches(k, t.keys.Back):
			t.step = StepChoose
		case key.Matches(k, t.keys.Enter):
			return TenderNone, t.submitVoucher()
		default:
			if t.pin.Update(k) {
				t.refused = ""
			}
		}
	case StepConfirm:
		switch t.confirm.Update(k) {
		case ui.ConfirmYes:
			if t.payment.Kind == sale.TenderQRIS {
				return TenderNone, t.startQRIS() // tender_qris.go
			}
			return TenderNone, t.pay()
		case ui.ConfirmNo:
			t.step = t.prev
		}
	case StepWaiting:
		return t.keyWaiting(k)
	}
	// tPaying: every key waits for the answer.
	return TenderNone, nil
}

func (t *Tender) keyChoose(k tea.KeyPressMsg) (TenderAction, tea.Cmd) {
	n := len(t.options)
	switch {
	case key.Matches(k, t.keys.Back):
		return TenderBack, nil
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
	return TenderNone, nil
}

// choose opens the step of tender o.
func (t *Tender) choose(o tenderOption) (TenderAction, tea.Cmd) {
	if o.why != "" {
		t.notice = t.env.T("tnd.unusable", TenderName(t.env, o.kind), o.why)
		return TenderNone, nil
	}
	t.notice, t.refused, t.chosen = "", "", o.kind
	switch o.kind {
	case sale.TenderCash:
		t.step = StepCash
	case sale.TenderMpesa:
		t.step, t.onPhone = StepMpesa, false
		t.receipt.Focus()
		t.phone.Blur()
	case sale.TenderCard:
		t.step = StepCard
	case sale.TenderVoucher:
		t.step = StepVoucher
	case sale.TenderQRIS:
		t.payment = sale.Payment{Kind: sale.TenderQRIS, Params: map[string]string{
			sale.FlowixParamMethod: "QRIS", sale.FlowixParamFeeByCustomer: "false"}}
		e := t.env
		t.openConfirm(e.T("tnd.qris.confirm", e.Money(t.order.Amount)), [][2]string{
			{"Pay", e.T("tnd.qris.by", e.Money(t.order.Amount))},
			{"For", kit.OrderLineIn(e, t.order)},
		}, "Show QR", e.T("tnd.qris.note"))
	}
	return TenderNone, nil
}

// pay sends t.payment. The step moves on before the command exists, so a
// second key cannot send it again.
func (t *Tender) pay() tea.Cmd {
	if t.paying {
		return nil
	}
	t.paying, t.step, t.paid, t.demoErr = true, StepPaying, sale.Sale{}, nil
	spin := t.progress.Start(t.env.D.Now())
	return tea.Batch(payCmd(t.env.Ctx, t.env.D.Engine, t.id, t.order, t.payment, t.override), spin)
}

// onPaid takes Engine.Pay's answer.
func (t *Tender) onPaid(s sale.Sale, err error) (TenderAction, tea.Cmd) {
	t.paying = false
	t.progress.SetNow(t.env.D.Now())
	if s.Ref == "" {
		t.progress.Stop()
		t.step = StepChoose
		t.notice = t.env.T("tnd.not_taken", TenderName(t.env, t.payment.Kind), t.env.Err(err))
		return TenderNone, nil
	}
	return t.follow(s)
}

// follow moves the step along with the payment's state.
func (t *Tender) follow(s sale.Sale) (TenderAction, tea.Cmd) {
	was := t.paid.State
	t.paid = s
	switch s.State {
	case sale.StateDelivered:
		t.progress.Stop()
		t.order.Tender = sale.Tender{Kind: sale.TenderOf(s.Order.Kind), Ref: s.Ref}
		return TenderPaid, nil
	case sale.StateDeclined, sale.StateNotSent:
		t.progress.Stop()
		t.step = StepChoose
		msg := t.env.Said(s.Outcome.Message)
		if msg == "" {
			msg = strings.ToLower(string(s.State))
		}
		t.notice = t.env.T("tnd.failed", TenderName(t.env, t.payment.Kind), strings.ToLower(strings.ReplaceAll(t.env.T("state."+string(s.State)), "_", " ")), msg)
		return TenderNone, nil
	}
	polling := t.step == StepWaiting && was == sale.StatePending
	t.step = StepWaiting
	if s.State == sale.StatePending && !polling {
		// Waiting for the customer (3-D Secure, a QRIS scan): look often.
		return TenderNone, tenderPollCmd(t.id, s.Ref)
	}
	return TenderNone, nil
}

// check asks the engine for the payment's status now.
func (t *Tender) check() tea.Cmd {
	if t.checking || t.paid.Ref == "" || t.env.D.Engine.InFlight(t.paid.Ref) {
		return nil
	}
	t.checking = true
	return tenderCheckCmd(t.env.Ctx, t.env.D.Engine, t.id, t.paid.Ref)
}

func (t *Tender) keyWaiting(k tea.KeyPressMsg) (TenderAction, tea.Cmd) {
	switch {
	case key.Matches(k, t.keys.Back):
		// The payment keeps settling in the background; if it is paid,
		// the Unresolved screen offers to complete the sale or refund it.
		t.progress.Stop()
		t.step = StepChoose
		t.notice = t.env.T("tnd.still", string(t.paid.Ref), t.env.Tr(kit.StateName(t.paid.State)))
	case key.Matches(k, t.keys.Check):
		return TenderNone, t.check()
	case key.Matches(k, t.keys.Demo):
		return TenderNone, t.demoPay()
	case key.Matches(k, t.keys.Print):
		return TenderNone, t.printCode() // tender_qr_print.go
	}
	return TenderNone, nil
}

// demoPay plays the customer in the demo: approve the 3-D Secure page, or
// pay the QRIS deposit.
func (t *Tender) demoPay() tea.Cmd {
	id, ctx := t.id, t.env.Ctx
	switch {
	case t.paid.Order.Kind == sale.KindTenderCard && t.env.D.Pay != nil && t.env.D.Pay.DemoApprove != nil:
		url := ItemValue(t.paid.Outcome.Items, sale.CardApprovalLabel)
		approve := t.env.D.Pay.DemoApprove
		return func() tea.Msg { return DemoPaidMsg{ID: id, Err: approve(ctx, url)} }
	}
	return nil
}

// canDemo reports whether the demo can play the customer now.
func (t *Tender) canDemo() bool {
	if t.step != StepWaiting || t.paid.State != sale.StatePending {
		return false
	}
	return t.paid.Order.Kind == sale.KindTenderCard && t.env.D.Pay != nil && t.env.D.Pay.DemoApprove != nil &&
		ItemValue(t.paid.Outcome.Items, sale.CardApprovalLabel) != ""
}
