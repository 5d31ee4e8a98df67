package flow

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// QRISOutcome is how a QRIS payment ended.
type QRISOutcome int

// QRIS outcomes.
const (
	// QRISPaid: the customer paid; the sale is DELIVERED.
	QRISPaid QRISOutcome = iota + 1
	// QRISExpired: the code ran out before it was paid; nothing was paid.
	QRISExpired
	// QRISCancelled: the cashier (or Flowix) cancelled it; nothing was paid.
	QRISCancelled
	// QRISFailed: refused before, or declined at, creation; nothing to pay.
	QRISFailed
	// QRISUnresolved: the creation's answer was lost. It is journaled and
	// the till or a supervisor settles it; do not collect again.
	QRISUnresolved
)

// String names the outcome.
func (o QRISOutcome) String() string {
	switch o {
	case QRISPaid:
		return "paid"
	case QRISExpired:
		return "expired"
	case QRISCancelled:
		return "cancelled"
	case QRISFailed:
		return "failed"
	case QRISUnresolved:
		return "unresolved"
	}
	return "waiting"
}

// QRISRequest is what a QRIS payment collects.
type QRISRequest struct {
	// Amount is what is asked for, in rupiah.
	Amount sale.Money
	// Method is the deposit method (zero: "QRIS").
	Method kit.FlowixDepositMethod
	// FeeByCustomer puts the method's fee on top of Amount for the
	// customer to pay; otherwise it comes off what is credited.
	FeeByCustomer bool
	// Kind is sale.KindDeposit (the default: a top-up of the Flowix
	// balance) or sale.KindTenderQRIS (QRIS as the tender of another sale).
	Kind sale.Kind
	// Tender, Product, ProductName and Params are added to the order (a
	// tender's own reference, say); the method's params are set here.
	Tender      sale.Tender
	Product     string
	ProductName string
	Params      map[string]string
}

// QRISDoneMsg ends a QRIS payment. It is sent once, with the id of the
// QRISPay that sent it and the sale as journaled.
type QRISDoneMsg struct {
	ID      int
	Outcome QRISOutcome
	Sale    sale.Sale
	Err     error
}

// Messages of one QRISPay, tagged with its id.
type (
	QRISSoldMsg struct {
		ID   int
		Sale sale.Sale
		Err  error
	}
	qrisPollMsg    struct{ id int }
	QRISSettledMsg struct {
		ID   int
		Sale sale.Sale
		Err  error
	}
	qrisCancelMsg struct {
		id  int
		err error
	}
	qrisPayMsg struct {
		id  int
		err error
	}
	QRISPrintedMsg struct {
		id  int
		err error
	}
)

// qrisPollEvery is how often a waiting payment is checked.
const qrisPollEvery = 3 * time.Second

var qrisIDs atomic.Int64

// QRISPay collects one payment by QRIS (or a virtual account) through a
// Flowix deposit, as a reusable component: it journals and creates the
// deposit with Engine.Sell, checks the QRIS payload (EMVCo TLV and CRC)
// before drawing it as a QR code with the merchant's name, the amount, the
// fee, the total, the reference and a live expiry countdown, polls the
// deposit (through the engine) until it is paid, expires or is cancelled,
// cancels it on request ("x"), pays it at once in the demo ("p", DEMO only)
// and ends with one QRISDoneMsg. The deposit screen uses it; so can a
// tender ("QRIS as tender") with Kind sale.KindTenderQRIS.
type QRISPay struct {
	env *kit.Env
	id  int
	req QRISRequest

	order   sale.Order
	selling bool
	ref     sale.Reference
	sold    sale.Sale
	err     error

	created sale.Outcome // the creation's answer: amounts, code, expiry
	payload string
	info    kit.FlowixQRIS
	qr      qrFit  // the code as drawn for the room (qr_layout.go)
	problem string // why the code is not drawn
	va      [][2]string
	expires time.Time

	now      time.Time
	checked  time.Time
	polling  bool
	asking   bool // a cancel or a demo payment is running
	printing bool // the code is being printed
	confirm  *ui.Confirm
	note     string
	noteBad  bool
	outcome  QRISOutcome
	progress ui.Progress

	width, height int
	keys          QRISKeys
}

// QRISKeys are the keys of a QRIS payment.
type QRISKeys struct{ Cancel, Pay, Check, Print key.Binding }

// NewQRISPay returns a payment of req, not yet started.
func NewQRISPay(e *kit.Env, req QRISRequest) *QRISPay {
	if req.Kind == "" {
		req.Kind = sale.KindDeposit
	}
	if req.Method.Code == "" {
		req.Method = kit.FlowixDepositMethod{Code: "QRIS", Name: "QRIS", Type: "qris"}
	}
	q := &QRISPay{env: e, id: int(qrisIDs.Add(1)), req: req, now: e.D.Now(), progress: NewProgress(e)}
	q.keys = QRISKeys{
		Cancel: ui.Bind("x", "cancel payment", "x"),
		Pay:    ui.Bind("a", "pay now (demo)", "a"),
		Check:  ui.Bind("c", "check now", "c"),
		Print:  ui.Bind("p", "print the code", "p"),
	}
	q.updateKeys()
	return q
}

// VirtualAccount reports whether the deposit asks for a transfer into a
// virtual account (its number and bank) rather than a QRIS code.
func (q *QRISPay) VirtualAccount() bool { return len(q.va) > 0 && q.payload == "" }

// ID is the payment's id, as QRISDoneMsg carries it.
func (q *QRISPay) ID() int { return q.id }

// Order is the sale the payment journals.
func (q *QRISPay) Order() sale.Order {
	r := q.req
	params := map[string]string{}
	for k, v := range r.Params {
		params[k] = v
	}
	params[sale.FlowixParamMethod] = r.Method.Code
	params[sale.FlowixParamFeeByCustomer] = "false"
	if r.FeeByCustomer {
		params[sale.FlowixParamFeeByCustomer] = "true"
	}
	name := r.ProductName
	if name == "" {
		name = r.Method.Name
	}
	product := r.Product
	if product == "" {
		product = r.Method.Code
	}
	return sale.Order{
		Provider: kit.FlowixProvider, Kind: r.Kind, Product: product, ProductName: name,
		Amount: r.Amount, Tender: r.Tender, Cashier: q.env.D.Cashier, Params: params,
	}
}

// Start journals and creates the deposit. It is refused after the first
// call: the payment is created at most once.
func (q *QRISPay) Start() tea.Cmd {
	if q.selling || q.order.Provider != "" {
		return nil
	}
	q.order, q.selling = q.Order(), true
	eng, ctx, id, o := q.env.D.Engine, q.env.Ctx, q.id, q.order
	return tea.Batch(q.progress.Start(q.env.D.Now()), func() tea.Msg {
		s, err := eng.Sell(ctx, o)
		return QRISSoldMsg{ID: id, Sale: s, Err: err}
	})
}

// Busy reports whether the creation is in flight (the App must not quit).
func (q *QRISPay) Busy() bool { return q.selling }

// Done reports how the payment ended, once it has.
func (q *QRISPay) Done() (QRISOutcome, bool) { return q.outcome, q.outcome != 0 }

// Sale is the payment's sale as last seen.
func (q *QRISPay) Sale() sale.Sale { return q.sold }

// Waiting reports whether the deposit is created and not yet paid.
func (q *QRISPay) Waiting() bool { return q.outcome == 0 && q.sold.State == sale.StatePending }

// SetSize sets the room the payment has.
func (q *QRISPay) SetSize(w, h int) {
	q.width, q.height = w, h
	if q.confirm != nil {
		q.confirm.SetSize(w, h)
	}
}

// Keys are the payment's bindings, enabled by state, for the help footer.
func (q *QRISPay) Keys() []key.Binding {
	return []key.Binding{q.keys.Print, q.keys.Pay, q.keys.Check, q.keys.Cancel}
}

// Dialog reports whether the cancel confirmation is open (its keys then
// are enter, tab and esc).
func (q *QRISPay) Dialog() bool { return q.confirm != nil }

func (q *QRISPay) updateKeys() {
	w := q.Waiting() && !q.asking && q.confirm == nil
	q.keys.Cancel.SetEnabled(w && q.sold.PendingID != "")
	q.keys.Pay.SetEnabled(w && q.env.D.Demo && q.env.D.DemoPay != nil && q.sold.PendingID != "" && q.problem == "")
	q.keys.Check.SetEnabled(w && !q.polling)
	q.keys.Print.SetEnabled(w && q.env.D.Print != nil && q.payload != "" && q.problem == "" && !q.printing)
}

// Update handles one message; it returns the command to run next.
func (q *QRISPay) Update(msg tea.Msg) tea.Cmd {
	cmd := q.update(msg)
	q.updateKeys()
	return cmd
}

func (q *QRISPay) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case kit.ClockMsg:
		q.now = msg.Now
		q.progress.SetNow(msg.Now)
		if q.Waiting() && !q.expires.IsZero() && !q.now.Before(q.expires) && !q.polling {
			return q.poll() // it has just run out: learn so at once
		}
	case spinner.TickMsg:
		return q.progress.Update(msg)
	case QRISSoldMsg:
		if msg.ID != q.id || !q.selling {
			return nil
		}
		q.selling, q.err = false, msg.Err
		if msg.Sale.Ref != "" {
			q.sold, q.ref = msg.Sale, msg.Sale.Ref
			q.learn(msg.Sale)
		}
		return q.next()
	case kit.SaleUpdateMsg:
		if q.sold.Ref != "" && msg.Sale.Ref == q.sold.Ref && msg.Sale.Events >= q.sold.Events && q.outcome == 0 {
			q.sold = msg.Sale
			return q.next()
		}
	case qrisPollMsg:
		if msg.id == q.id && q.Waiting() && !q.polling {
			return q.poll()
		}
	case QRISSettledMsg:
		if msg.ID != q.id {
			return nil
		}
		q.polling, q.checked = false, q.env.D.Now()
		if msg.Sale.Ref == q.sold.Ref && msg.Sale.Events >= q.sold.Events && q.outcome == 0 {
			q.sold = msg.Sale
		}
		return q.next()
	case qrisCancelMsg:
		if msg.id != q.id {
			return nil
		}
		q.asking = false
		if msg.err != nil {
			q.note, q.noteBad = q.env.T("fxr.qris.not_cancelled", q.env.Err(msg.err)), true
			return q.poll()
		}
		q.note, q.noteBad = q.env.T("fxr.qris.cancelled"), false
		return q.poll()
	case qrisPayMsg:
		if msg.id != q.id {
			return nil
		}
		q.asking = false
		if msg.err != nil {
			q.note, q.noteBad = q.env.T("fxr.qris.demo_failed", msg.err.Error()), true
		} else {
			q.note, q.noteBad = q.env.T("fxr.qris.demo_paid"), false
		}
		return q.poll()
	case QRISPrintedMsg:
		if msg.id == q.id {
			q.printed(msg.err) // qris_print.go
		}
	case tea.KeyPressMsg:
		return q.key(msg)
	}
	return nil
}

// key handles the payment's keys: cancel (with a confirmation), pay now in
// the demo, check now.
func (q *QRISPay) key(k tea.KeyPressMsg) tea.Cmd {
	if q.confirm != nil {
		switch q.confirm.Update(k) {
		case ui.ConfirmYes:
			q.confirm, q.asking = nil, true
			q.note, q.noteBad = q.env.T("fxr.qris.cancelling"), false
			return q.cancelCmd()
		case ui.ConfirmNo:
			q.confirm = nil
		}
		return nil
	}
	switch {
	case key.Matches(k, q.keys.Cancel):
		e := q.env
		c := ui.NewConfirm(e.St, e.D.Now, e.T("fxr.qris.cancel"), [][2]string{
			{"Reference", q.sold.PendingID},
			{"Total", e.Money(q.total())},
		})
		c.Yes, c.No, c.Grace = e.T("fxr.qris.cancel_it"), e.T("fxr.qris.keep_waiting"), e.D.ConfirmGrace
		c.Note = e.T("fxr.qris.cancel_note")
		e.Localise(&c) // the rows' labels (kit/lang.go)
		c.SetSize(q.width, q.height)
		q.confirm = &c
	case key.Matches(k, q.keys.Pay):
		q.asking = true
		q.note, q.noteBad = q.env.T("fxr.qris.demo_paying"), false
		pay, dep, id := q.env.D.DemoPay, q.sold.PendingID, q.id
		return func() tea.Msg { return qrisPayMsg{id: id, err: pay(dep)} }
	case key.Matches(k, q.keys.Check):
		return q.poll()
	case key.Matches(k, q.keys.Print):
		return q.print() // qris_print.go
	}
	return nil
}

func (q *QRISPay) cancelCmd() tea.Cmd {
	api, ctx, timeout, dep, id := q.env.D.Flowix, q.env.Ctx, q.env.D.CatalogueTimeout, q.sold.PendingID, q.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return qrisCancelMsg{id: id, err: api.CancelDeposit(ctx, dep)}
	}
}

// poll checks the deposit now, through the engine (so a change is
// journaled).
func (q *QRISPay) poll() tea.Cmd {
	if q.polling || q.sold.Ref == "" {
		return nil
	}
	q.polling = true
	eng, ctx, ref, id := q.env.D.Engine, q.env.Ctx, q.sold.Ref, q.id
	return func() tea.Msg {
		s, err := eng.SettleNow(ctx, ref)
		return QRISSettledMsg{ID: id, Sale: s, Err: err}
	}
}

// next reacts to the sale's state: wait and poll again while it is
// pending, or end the payment.
func (q *QRISPay) next() tea.Cmd {
	if q.outcome != 0 {
		return nil
	}
	if q.sold.Ref != "" && q.sold.State == sale.StatePending {
		if q.polling {
			return nil
		}
		id := q.id
		return tea.Tick(qrisPollEvery, func(time.Time) tea.Msg { return qrisPollMsg{id: id} })
	}
	switch {
	case q.sold.Ref == "":
		q.outcome = QRISFailed
	case q.sold.State == sale.StateDelivered:
		q.outcome = QRISPaid
	case q.sold.State == sale.StateDeclined:
		switch strings.ToLower(q.sold.Outcome.Code) {
		case "expired":
			q.outcome = QRISExpired
		case "cancel", "canceled", "cancelled":
			q.outcome = QRISCancelled
		default:
			q.outcome = QRISFailed
		}
	case q.sold.State == sale.StateNotSent:
		q.outcome = QRISFailed
	default:
		q.outcome = QRISUnresolved
	}
	q.progress.SetNow(q.env.D.Now())
	q.progress.Stop()
	q.confirm = nil
	done := QRISDoneMsg{ID: q.id, Outcome: q.outcome, Sale: q.sold, Err: q.err}
	return func() tea.Msg { return done }
}
