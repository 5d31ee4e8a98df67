package screens

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"till/receipts"
	"till/sale"
	"till/screens/airtime"
	"till/screens/flow"
)

// payProv is a scripted tender provider: Send answers the next scripted
// outcome, Check answers check.
type payProv struct {
	mu    sync.Mutex
	name  string
	outs  []sale.Outcome
	check sale.Outcome
	sends int
}

func (p *payProv) Name() string { return p.name }
func (p *payProv) Send(context.Context, sale.Sale) sale.Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sends++
	if len(p.outs) == 0 {
		return sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "no answer"}
	}
	o := p.outs[0]
	p.outs = p.outs[1:]
	return o
}
func (p *payProv) Check(context.Context, sale.Sale) sale.Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.check.Result == "" {
		return sale.Outcome{Result: sale.ResultInDoubt, Code: "unknown"}
	}
	return p.check
}
func (p *payProv) Settlement(sale.Sale) sale.Settlement { return sale.SettleQuery }
func (p *payProv) Window() time.Duration                { return 0 }

// book is a customer book in memory.
type book []sale.Customer

func (b book) Customers() ([]sale.Customer, error) { return b, nil }
func (b book) Customer(id string) (sale.Customer, error) {
	for _, c := range b {
		if c.ID == id {
			return c, nil
		}
	}
	return sale.Customer{}, sale.Errorf(sale.CodeNotFound, "no customer %s", id)
}

// payFixture is the App with the card, M-Pesa and QRIS providers scripted
// beside Flash, and a customer book of two.
type payFixture struct {
	*fixture
	card, mpesa, flowix *payProv
	approved            []string
}

func newPayFixture(t *testing.T, height int) *payFixture {
	t.Helper()
	f := &payFixture{fixture: &fixture{t: t, clock: &clock{t: time.Date(2025, 11, 23, 14, 5, 9, 0, sast)},
		journal: newMemJournal(sast), prov: &scripted{products: testProducts()}},
		card: &payProv{name: "flutterwave"}, mpesa: &payProv{name: "mpesaflow"}, flowix: &payProv{name: "flowix"}}
	f.engine = sale.NewEngine(sale.Options{
		Journal: f.journal, Providers: []sale.Provider{f.prov, f.card, f.mpesa, f.flowix}, Now: f.clock.Now,
		Jitter: func(time.Duration) time.Duration { return 0 },
	})
	if _, err := f.engine.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	created := f.clock.Now().AddDate(0, -3, 0)
	customers := book{
		{ID: "C1", Name: "Amina Okafor", Email: "amina.okafor@example.com", Token: "flw-t1nf-ok-secret",
			Brand: "MASTERCARD", Last4: "2950", Expiry: "09/32", TokenCreated: created},
		{ID: "C2", Name: "Wanjiru Kamau", Email: "wanjiru.kamau@example.com", Token: "flw-t1nf-3ds-secret",
			Brand: "VERVE", Last4: "1111", Expiry: "03/31", TokenCreated: f.clock.Now().Add(-sale.TokenLife + 12*24*time.Hour)},
	}
	f.app = New(Deps{
		Engine: f.engine, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 42,
		Header:   receipts.Header{ShopName: "CORNER CAFE", Address: []string{"12 Main Rd, Observatory"}},
		Location: sast, Now: f.clock.Now, Cashier: "thandi",
		Pay: &PayDeps{Customers: customers, Tenders: sale.Tenders,
			ValidReceipt: func(c string) error {
				if len(c) != 10 {
					return errors.New("invalid M-Pesa receipt code: it must be 10 letters and digits")
				}
				return nil
			},
			NormalizePhone: func(p string) (string, error) {
				d := strings.ReplaceAll(p, " ", "")
				if len(d) != 10 || d[0] != '0' {
					return "", errors.New("invalid Kenyan phone number")
				}
				return "254" + d[1:], nil
			},
			DemoApprove: func(_ context.Context, url string) error { f.approved = append(f.approved, url); return nil },
		},
	})
	t.Cleanup(f.app.Close)
	f.send(tea.WindowSizeMsg{Width: 80, Height: height})
	return f
}

// payCash walks the tender step with cash: the typed amount, or the exact
// amount when typed is empty.
func (f *fixture) payCash(typed string) {
	f.t.Helper()
	a := f.airtime()
	if a.Step() != airtime.StepTender {
		f.t.Fatalf("step %v, want the tender step", a.Step())
	}
	f.press("1")
	f.typeText(typed)
	f.press("enter")
}

// customers delivers the customer book the tender step asked for.
func (f *fixture) customers() {
	f.t.Helper()
	tn := f.tenderStep()
	cs, err := f.app.env.D.Pay.Customers.Customers()
	f.send(flow.CustomersMsg{ID: tn.ID(), Customers: cs, Err: err})
}

// tenderStep is the airtime flow's tender step.
func (f *fixture) tenderStep() *flow.Tender {
	f.t.Helper()
	a := f.airtime()
	if a.Tender == nil {
		f.t.Fatal("no tender step")
	}
	return a.Tender
}

// pay runs Engine.Pay as the pay command would and delivers its answer.
func (f *fixture) pay() sale.Sale {
	f.t.Helper()
	tn := f.tenderStep()
	if tn.State().Step != flow.StepPaying {
		f.t.Fatalf("tender step %v, want paying", tn.State().Step)
	}
	s, err := f.engine.Pay(context.Background(), tn.Order(), tn.State().Asked)
	f.clock.Advance(time.Second)
	f.send(flow.TenderPaidMsg{ID: tn.ID(), Sale: s, Err: err})
	return s
}

// vend runs Engine.Vend as the vend command would and delivers its answer.
func (f *fixture) vend() sale.Sale {
	f.t.Helper()
	a := f.airtime()
	if a.Step() != airtime.StepProcessing {
		f.t.Fatalf("step %v, want processing", a.Step())
	}
	s, err := f.engine.Vend(context.Background(), a.Order)
	f.send(SoldMsg{Order: a.Order, Sale: s, Err: err})
	return s
}

func requireTall(t *testing.T, f *fixture, h int) {
	t.Helper()
	v := f.view()
	if n := len(strings.Split(v, "\n")); n != h {
		t.Errorf("view has %d lines, want %d", n, h)
	}
	golden.RequireEqual(t, v)
}

func TestTenderCashWithChange(t *testing.T) {
	f := newPayFixture(t, 24)
	f.toConfirm("1", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	t.Run("choose", func(t *testing.T) { requireView(t, f.fixture) })
	f.press("1")
	f.send(tea.KeyPressMsg{Code: tea.KeyF2}) // R 20
	if got := f.tenderStep().CashValue(); got != "20.00" {
		t.Fatalf("F2 typed %q", got)
	}
	f.press("backspace", "backspace", "backspace", "backspace", "backspace")
	f.typeText("50")
	t.Run("cash", func(t *testing.T) { requireView(t, f.fixture) })
	f.press("enter")
	s := f.vend()
	if s.State != sale.StateInDoubt && s.State != sale.StateDelivered {
		t.Fatalf("sale = %+v", s)
	}
	if tn := s.Order.Tender; tn.Kind != sale.TenderCash || tn.Tendered != zar(5000) {
		t.Fatalf("tender = %+v", tn)
	}
	if !strings.Contains(f.view(), "Cash R 50.00, change R 40.00") {
		t.Errorf("result lacks the change:\n%s", f.view())
	}
}

func TestCashKeys(t *testing.T) {
	// The notes + and the help offer: flow.TestCashNotes.
	f := newPayFixture(t, 24)
	f.toConfirm("1", "0821234567", "12.50")
	f.tick(time.Second)
	f.press("enter", "1", "+")
	if got := f.tenderStep().CashValue(); got != "20.00" {
		t.Errorf("+ typed %q", got)
	}
	f.press("=")
	if got := f.tenderStep().CashValue(); got != "12.50" {
		t.Errorf("= typed %q", got)
	}
	f.press("backspace", "backspace", "backspace", "backspace", "backspace")
	f.typeText("5")
	f.press("enter")
	if f.airtime().Step() != airtime.StepTender {
		t.Fatal("short cash was taken")
	}
}

func TestTenderCardOnFile(t *testing.T) {
	f := newPayFixture(t, 24)
	f.card.outs = []sale.Outcome{{Result: sale.ResultDelivered, ProviderRef: "8412907",
		Items: []sale.Item{{Label: "Card", Value: "MASTERCARD **** 2950"}}}}
	f.prov.script(delivered())
	f.toConfirm("1", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	f.customers()
	f.press("3")
	t.Run("customers", func(t *testing.T) { requireView(t, f.fixture) })
	f.press("enter")
	t.Run("confirm", func(t *testing.T) { requireView(t, f.fixture) })
	f.tick(time.Second)
	f.press("enter")
	if strings.Contains(f.view(), "flw-t1nf") {
		t.Fatal("the card token is on screen")
	}
	p := f.pay()
	if p.State != sale.StateDelivered || p.Order.Secrets[CardSecretToken] != "flw-t1nf-ok-secret" || p.Order.Params[CardParamEmail] != "amina.okafor@example.com" {
		t.Fatalf("payment = %+v", p)
	}
	s := f.vend()
	if s.State != sale.StateDelivered || s.Order.Tender.Ref != p.Ref {
		t.Fatalf("sale = %+v", s)
	}
	t.Run("result", func(t *testing.T) { requireView(t, f.fixture) })
	if a := f.airtime(); !strings.Contains(a.Receipt, "CARD PAYMENT") || strings.Contains(a.Receipt, "flw-t1nf") {
		t.Errorf("slip:\n%s", a.Receipt)
	}
}

// payBy3DS sells R10 airtime to 0821234567 and pays by the book's saved
// card, whose charge waits for 3-D Secure at url.
func (f *payFixture) payBy3DS(url string) {
	f.card.outs = []sale.Outcome{{Result: sale.ResultPending, PendingID: "FLW-SBX-00000008",
		Message: "Waiting for 3-D Secure", Items: []sale.Item{{Label: CardApprovalLabel, Value: url}}}}
	f.toConfirm("1", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	f.customers()
	f.press("3", "down", "enter")
	f.tick(time.Second)
	f.press("enter")
	f.pay()
}

func TestTenderCard3DS(t *testing.T) {
	f := newPayFixture(t, 30)
	url := "http://127.0.0.1:8700/flutterwave/v3/_sandbox/3ds?ref=FLW-SBX-00000008"
	f.payBy3DS(url)
	tn := f.tenderStep()
	if tn.State().Step != flow.StepWaiting || !tn.FullHeight() {
		t.Fatalf("tender step %v", tn.State().Step)
	}
	t.Run("qr", func(t *testing.T) { requireTall(t, f.fixture, 30) })
	cmd := f.press("a")
	if cmd == nil {
		t.Fatal("no demo approval")
	}
	if msg, ok := cmd().(flow.DemoPaidMsg); !ok || msg.Err != nil || len(f.approved) != 1 || f.approved[0] != url {
		t.Fatalf("demo approve: %+v %v", msg, f.approved)
	}
	// Nothing is sold while the charge is pending; then it is verified.
	if f.airtime().Step() != airtime.StepTender || len(f.prov.outcomes) != 0 && f.prov.outcomes[0].Result == "" {
		t.Fatal("sold before the card was approved")
	}
	f.card.check = sale.Outcome{Result: sale.ResultDelivered, ProviderRef: "8412908"}
	s, err := f.engine.SettleNow(context.Background(), tn.Payment().Ref)
	if err != nil || s.State != sale.StateDelivered {
		t.Fatalf("settle = %+v, %v", s, err)
	}
	f.send(flow.TenderCheckedMsg{ID: tn.ID(), Sale: s})
	if a := f.airtime(); a.Step() != airtime.StepProcessing || a.Order.Tender.Ref != s.Ref {
		t.Fatalf("after approval: step %v, order %+v", a.Step(), a.Order.Tender)
	}
}

func TestTenderCardDeclinedAndInDoubt(t *testing.T) {
	f := newPayFixture(t, 24)
	f.card.outs = []sale.Outcome{{Result: sale.ResultDeclined, Code: "Insufficient funds", Message: "The card was declined (Insufficient funds). Nothing was charged."},
		{Result: sale.ResultInDoubt, Code: "timeout", Message: "Flutterwave did not answer. The till will verify the charge."}}
	f.toConfirm("1", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	f.customers()
	f.press("3", "enter")
	f.tick(time.Second)
	f.press("enter")
	f.pay()
	if tn := f.tenderStep(); tn.State().Step != flow.StepChoose {
		t.Fatalf("after a decline: step %v", tn.State().Step)
	}
	t.Run("declined", func(t *testing.T) { requireView(t, f.fixture) })
	f.press("3", "enter")
	f.tick(time.Second)
	f.press("enter")
	p := f.pay()
	t.Run("in_doubt", func(t *testing.T) { requireView(t, f.fixture) })
	if f.card.sends != 2 {
		t.Fatalf("%d charges sent", f.card.sends)
	}
	// Checking verifies; it never charges again.
	f.card.check = sale.Outcome{Result: sale.ResultDelivered}
	s, _ := f.engine.SettleNow(context.Background(), p.Ref)
	f.send(SaleUpdateMsg{Sale: s})
	if f.card.sends != 2 || f.airtime().Step() != airtime.StepProcessing {
		t.Fatalf("sends %d, step %v", f.card.sends, f.airtime().Step())
	}
}

func TestVendDeclinedAfterCardIsRefundDue(t *testing.T) {
	f := newPayFixture(t, 24)
	f.card.outs = []sale.Outcome{{Result: sale.ResultDelivered, ProviderRef: "8412907"}}
	f.prov.script(sale.Outcome{Result: sale.ResultDeclined, Code: "1011", Message: "The shop's Flash balance is too low"})
	f.toConfirm("1", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	f.customers()
	f.press("3", "enter")
	f.tick(time.Second)
	f.press("enter")
	f.pay()
	s := f.vend()
	if s.State != sale.StateDeclined || !sale.RefundDue(s) {
		t.Fatalf("sale = %+v", s)
	}
	requireView(t, f.fixture)
	if a := f.airtime(); !strings.Contains(a.Receipt, "REFUND DUE") {
		t.Errorf("slip:\n%s", a.Receipt)
	}
}

func TestTenderComponentViews(t *testing.T) {
	f := newPayFixture(t, 24)
	e := f.app.env
	kes := sale.Order{Provider: "flash", Kind: sale.KindAirtime, ProductName: "Vodacom Airtime",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}, Amount: sale.New(15000, sale.KES)}
	view := func(tn *flow.Tender) string { return ansi.Strip(tn.View()) }

	t.Run("mpesa", func(t *testing.T) {
		tn := flow.NewTender(e, kes, f.clock.Now())
		tn.SetSize(78, 20)
		tn.Update(keyMsg("2"))
		for _, r := range "qkj4abcd12" {
			tn.Update(keyMsg(string(r)))
		}
		tn.Update(keyMsg("enter"))
		for _, r := range "0712 345 678" {
			if r == ' ' {
				tn.Update(keyMsg("space"))
				continue
			}
			tn.Update(keyMsg(string(r)))
		}
		golden.RequireEqual(t, view(tn))
		_, cmd := tn.Update(keyMsg("enter"))
		if cmd == nil || tn.State().Step != flow.StepPaying || tn.State().Asked.Params[MpesaParamReceipt] != "QKJ4ABCD12" || tn.State().Asked.Params[MpesaParamPhone] != "254712345678" {
			t.Fatalf("payment = %+v, step %v", tn.State().Asked, tn.State().Step)
		}
	})
	t.Run("voucher", func(t *testing.T) {
		tn := flow.NewTender(e, f.order("10"), f.clock.Now())
		tn.SetSize(78, 20)
		tn.Update(keyMsg("4"))
		for _, r := range "1234567890" {
			tn.Update(keyMsg(string(r)))
		}
		tn.Update(keyMsg("enter"))
		if tn.State().Step != flow.StepVoucher || tn.Refused() == "" {
			t.Fatalf("a short PIN was taken")
		}
		for _, r := range "123456" {
			tn.Update(keyMsg(string(r)))
		}
		golden.RequireEqual(t, view(tn))
		tn.Update(keyMsg("enter"))
		if tn.State().Step != flow.StepPaying || tn.State().Asked.Secrets[VoucherSecretPIN] != "1234567890123456" {
			t.Fatalf("payment = %+v", tn.State().Asked)
		}
	})
	t.Run("choose_idr", func(t *testing.T) {
		tn := flow.NewTender(e, sale.Order{Provider: "flowix", Kind: sale.KindPulsa, Amount: sale.New(50000, sale.IDR)}, f.clock.Now())
		tn.SetSize(78, 20)
		tn.Update(keyMsg("2"))
		golden.RequireEqual(t, view(tn))
	})
}

// order is a R amount Vodacom airtime order.
func (f *fixture) order(amount string) sale.Order {
	m, _ := sale.ParseMoney(amount, sale.ZAR)
	return sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "VOD-AT", ProductName: "Vodacom Airtime",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}, Amount: m}
}

// TestTenderQRIS pays a pulsa sale by QRIS through the Flowix sandbox over
// real HTTP, with the Flowix QRIS component: nothing is sold until the
// code is paid.
func TestTenderQRIS(t *testing.T) {
	f := newFxFixture(t, 80, 30)
	e := f.app.env
	vend := sale.Order{Provider: "flowix", Kind: sale.KindPulsa, Product: "TSEL10", ProductName: "Telkomsel 10.000",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "081234567890"}, Amount: sale.New(10500, sale.IDR), Cashier: "sari"}
	tn := flow.NewTender(e, vend, f.clock.Now())
	tn.SetSize(78, 24)
	tn.SetFullHeight(26)
	tn.Update(keyMsg("2")) // 1 Cash, 2 QRIS
	if tn.State().Step != flow.StepConfirm {
		t.Fatalf("step %v\n%s", tn.State().Step, tn.View())
	}
	f.clock.Advance(time.Second)
	_, cmd := tn.Update(keyMsg("enter"))
	if tn.State().Step != flow.StepQRIS || !tn.Busy() || cmd == nil {
		t.Fatalf("step %v", tn.State().Step)
	}
	tn.Update(cmd()) // Engine.CanPay: the pulsa sale would be accepted
	q := tn.QRIS()
	if !q.Busy() || q.Started().Kind != sale.KindTenderQRIS || q.Started().Params[sale.ParamFor] == "" {
		t.Fatalf("QRIS order = %+v", q.Started())
	}
	s, err := f.engine.Sell(context.Background(), q.Started())
	tn.Update(flow.QRISSoldMsg{ID: q.ID(), Sale: s, Err: err})
	if !tn.FullHeight() || s.State != sale.StatePending {
		t.Fatalf("deposit = %+v, %v", s, err)
	}
	golden.RequireEqual(t, ansi.Strip(tn.View()))
	if act, _ := tn.Update(keyMsg("esc")); act != flow.TenderNone || tn.State().Step != flow.StepQRIS {
		t.Fatal("left a QRIS code the customer may still pay")
	}
	// Nothing is sold while it is unpaid.
	if _, err := f.engine.Vend(context.Background(), paidOrder(vend, s)); err == nil {
		t.Fatal("sold on an unpaid QRIS code")
	}
	if err := f.sb.Flowix().PayDeposit(s.PendingID); err != nil {
		t.Fatal(err)
	}
	paid, err := f.engine.SettleNow(context.Background(), s.Ref)
	if err != nil || paid.State != sale.StateDelivered {
		t.Fatalf("paid = %+v, %v", paid, err)
	}
	cmd = tn.QRIS().Update(flow.QRISSettledMsg{ID: q.ID(), Sale: paid})
	act, _ := tn.Update(cmd())
	if act != flow.TenderPaid || tn.Order().Tender.Ref != paid.Ref || tn.Payment().Ref != paid.Ref {
		t.Fatalf("act %v, order %+v", act, tn.Order().Tender)
	}
	if v, err := f.engine.Vend(context.Background(), tn.Order()); err != nil || v.Ref == "" {
		t.Fatalf("pulsa = %+v, %v", v, err)
	}
}

// paidOrder is o paid by payment p.
func paidOrder(o sale.Order, p sale.Sale) sale.Order {
	o.Tender = sale.Tender{Kind: sale.TenderOf(p.Order.Kind), Ref: p.Ref}
	return o
}
