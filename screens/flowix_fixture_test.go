package screens

import (
	"context"
	"testing"
	"time"

	flowixui "till/screens/flowix"

	tea "charm.land/bubbletea/v2"

	"till/providers"
	"till/providers/flowix"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
	"till/screens/flow"
)

// fxTestAPI adapts the Flowix client to FlowixAPI for screen tests, as
// main's flowixAPI does for the till.
type fxTestAPI struct{ c *flowix.Client }

func (a fxTestAPI) Account(ctx context.Context) (FlowixAccount, error) {
	x, err := a.c.Account(ctx)
	return FlowixAccount{Username: x.Username, Balance: x.Balance, Limit: x.BalanceLimit, Status: x.Status}, err
}

func (a fxTestAPI) DepositMethods(ctx context.Context) ([]FlowixDepositMethod, error) {
	ms, err := a.c.DepositMethods(ctx)
	var out []FlowixDepositMethod
	for _, m := range ms {
		out = append(out, FlowixDepositMethod{Code: m.Code, Name: m.Name, Type: m.Type, Min: m.Min, Max: m.Max, Fee: m.Fee, FeePercent: m.FeePercent})
	}
	return out, err
}

func (a fxTestAPI) CancelDeposit(ctx context.Context, dep string) error {
	return a.c.CancelDeposit(ctx, dep)
}

func (a fxTestAPI) BillCheck(ctx context.Context, svc, no string) (FlowixBill, error) {
	b, err := a.c.BillCheck(ctx, svc, no)
	return FlowixBill{InquiryID: b.InquiryID, ServiceCode: b.ServiceCode, CustomerNo: b.CustomerNo,
		CustomerName: b.CustomerName, Period: b.Period, BillAmount: b.BillAmount, AdminFee: b.AdminFee}, err
}

func (a fxTestAPI) Banks(ctx context.Context) ([]FlowixBank, error) {
	bs, err := a.c.Banks(ctx)
	var out []FlowixBank
	for _, b := range bs {
		out = append(out, FlowixBank{Code: b.Code, Name: b.Name, Type: b.Type})
	}
	return out, err
}

func (a fxTestAPI) AccountInquiry(ctx context.Context, bank, no string) (FlowixPayee, error) {
	p, err := a.c.AccountInquiry(ctx, bank, no)
	return FlowixPayee{BankCode: p.BankCode, AccountNumber: p.AccountNumber, AccountName: p.AccountName}, err
}

func (a fxTestAPI) WebhookResend(ctx context.Context, ref string) error {
	return a.c.WebhookResend(ctx, ref)
}

func (a fxTestAPI) ParseQRIS(payload string) (FlowixQRIS, error) {
	q, err := flowix.ParseQRIS(payload)
	return FlowixQRIS{MerchantName: q.MerchantName, MerchantCity: q.MerchantCity, Amount: q.Amount}, err
}

// wib is the Flowix shop's zone in these tests.
var wib = time.FixedZone("WIB", 7*60*60)

// fxFixture is an App selling through the Flowix sandbox over loopback
// HTTP, with a memory journal and a fixed clock, at a given size.
type fxFixture struct {
	fixture
	sb   *sandbox.Server
	api  fxTestAPI
	paid []string // deposits paid with the demo key
}

func newFxFixture(t *testing.T, w, h int, opts ...func(*Deps)) *fxFixture {
	t.Helper()
	f := &fxFixture{fixture: fixture{t: t, clock: &clock{t: time.Date(2025, 11, 23, 14, 5, 9, 0, wib)}, journal: newMemJournal(wib)}}
	f.sb = sandbox.New(sandbox.Options{Now: f.clock.Now})
	base, err := f.sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.sb.Close() })
	c, err := flowix.New(flowix.Options{BaseURL: base + sandbox.FlowixPrefix, APIKey: providers.Secret(sandbox.FlowixAPIKey),
		MerchantID: sandbox.FlowixMerchantID, WebhookSecret: providers.Secret(sandbox.FlowixWebhookSecret), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f.api = fxTestAPI{c}
	f.engine = sale.NewEngine(sale.Options{Journal: f.journal, Providers: []sale.Provider{c}, Now: f.clock.Now,
		Jitter: func(time.Duration) time.Duration { return 0 }})
	if _, err := f.engine.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := Deps{
		Engine: f.engine, StoreID: "TOKO01", TerminalID: "TILL1", Demo: true, ReceiptWidth: 32,
		Header: receipts.Header{ShopName: "TOKO DEMO"}, Location: wib, Now: f.clock.Now, Cashier: "sari",
		Flowix: f.api, DemoPay: func(dep string) error { f.paid = append(f.paid, dep); return f.sb.Flowix().PayDeposit(dep) },
	}
	for _, o := range opts {
		o(&d)
	}
	f.app = New(d)
	t.Cleanup(f.app.Close)
	f.send(tea.WindowSizeMsg{Width: w, Height: h})
	return f
}

// ctx is a test context.
func (f *fxFixture) ctx() context.Context { return context.Background() }

// open goes from home to a Flowix screen and delivers what it reads first.
func (f *fxFixture) open(to ScreenID) {
	f.t.Helper()
	f.send(NavigateMsg{To: to})
	switch to {
	case ScreenPulsa, ScreenBill:
		c, err := f.engine.Catalogue(f.ctx(), flowixProvider, true)
		f.send(CatalogueMsg{Provider: flowixProvider, Refresh: true, Catalogue: c, Err: err})
		f.account()
	case ScreenDeposit:
		ms, err := f.api.DepositMethods(f.ctx())
		f.send(flowixui.MethodsMsg{Methods: ms, Err: err})
	case ScreenPayout:
		bs, err := f.api.Banks(f.ctx())
		f.send(flowixui.BanksMsg{Banks: bs, Err: err})
		f.account()
	}
}

// account delivers the Flowix account.
func (f *fxFixture) account() {
	a, err := f.api.Account(f.ctx())
	f.send(flowixui.AccountMsg{Account: a, At: f.clock.Now(), Err: err})
}

// confirm waits out the dialog's grace and presses enter.
func (f *fxFixture) confirm() {
	f.t.Helper()
	f.tick(time.Second)
	f.press("enter")
}

// payCash pays the confirmed order in cash, the exact amount, on the
// tender step.
func (f *fxFixture) payCash() {
	f.t.Helper()
	f.press("1", "enter")
}

// sold delivers Engine.Sell of the order a Flowix screen's fxSale holds.
func (f *fxFixture) sold(fs *flowixui.Sale) sale.Sale {
	f.t.Helper()
	if !fs.Selling {
		f.t.Fatalf("not selling")
	}
	s, err := f.engine.Sell(f.ctx(), fs.Order)
	f.clock.Advance(time.Second)
	f.send(SoldMsg{Order: fs.Order, Sale: s, Err: err})
	return s
}

// settle delivers a status query of ref, as the screen's poll does.
func (f *fxFixture) settle(ref sale.Reference) sale.Sale {
	f.t.Helper()
	s, err := f.engine.SettleNow(f.ctx(), ref)
	f.send(flowixui.SettledMsg{Ref: ref, Sale: s, Err: err})
	return s
}

// active returns the active screen as T.
func active[T Screen](f *fxFixture) T {
	f.t.Helper()
	s, ok := f.app.Active().(T)
	if !ok {
		f.t.Fatalf("active screen is %T", f.app.Active())
	}
	return s
}

// startDeposit walks the deposit flow to the created QR code: method
// 1 (QRIS), amount, who pays the fee (1 customer, 2 shop).
func (f *fxFixture) startDeposit(amount, who string) *flowixui.Deposit {
	f.t.Helper()
	f.open(ScreenDeposit)
	f.press("1")
	f.typeText(amount)
	f.press("enter", who)
	f.confirm()
	d := active[*flowixui.Deposit](f)
	if d.Step() != flowixui.DepositPaying || d.Pay() == nil || !d.Pay().Busy() {
		f.t.Fatalf("step %v, want paying", d.Step())
	}
	s, err := f.engine.Sell(f.ctx(), d.Pay().Started())
	f.send(flow.QRISSoldMsg{ID: d.Pay().ID(), Sale: s, Err: err})
	return d
}

// toPulsaConfirm opens the pulsa screen, picks service, types target and
// confirms the sale: the tender step comes next.
func (f *fxFixture) toPulsaConfirm(service, target string) {
	f.t.Helper()
	f.open(ScreenPulsa)
	f.typeText(service)
	f.press("enter")
	f.typeText(target)
	f.press("enter")
	f.confirm()
}

// sellPulsa sells service to target for cash and returns the sale as
// Flowix first answered it.
func (f *fxFixture) sellPulsa(service, target string) sale.Sale {
	f.t.Helper()
	f.toPulsaConfirm(service, target)
	f.payCash()
	return f.sold(&active[*flowixui.Pulsa](f).Sale)
}

// payDeposit has the customer pay deposit d's QRIS and the till settle it.
func (f *fxFixture) payDeposit(d *flowixui.Deposit) {
	f.t.Helper()
	if err := f.sb.Flowix().PayDeposit(d.Pay().Sale().PendingID); err != nil {
		f.t.Fatal(err)
	}
	f.clock.Advance(5 * time.Second)
	ns, err := f.engine.SettleNow(f.ctx(), d.Pay().Sale().Ref)
	if err != nil || ns.State != sale.StateDelivered {
		f.t.Fatalf("%v %v", ns.State, err)
	}
	done := f.send(flow.QRISSettledMsg{ID: d.Pay().ID(), Sale: ns})
	f.send(done())
}
