package sale_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"till/sale"
	"till/store"
)

// payer is a scripted tender provider named like the real one: each send
// answers what answer says; Check answers check (in doubt when empty).
type payer struct {
	mu     sync.Mutex
	name   string
	answer sale.Result
	check  sale.Result
	sends  map[sale.Reference]int
}

func newPayer(name string, answer sale.Result) *payer {
	return &payer{name: name, answer: answer, sends: map[sale.Reference]int{}}
}

func (p *payer) Name() string { return p.name }
func (p *payer) Send(_ context.Context, s sale.Sale) sale.Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sends[s.Ref]++
	return sale.Outcome{Result: p.answer, Code: "scripted", ProviderRef: "PAY-" + string(s.Ref)}
}
func (p *payer) Check(context.Context, sale.Sale) sale.Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.check == "" {
		return sale.Outcome{Result: sale.ResultInDoubt, Code: "unknown"}
	}
	return sale.Outcome{Result: p.check, Code: "verified"}
}
func (p *payer) Settlement(sale.Sale) sale.Settlement { return sale.SettleQuery }
func (p *payer) Window() time.Duration                { return 0 }
func (p *payer) sent(ref sale.Reference) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sends[ref]
}

type tenderRig struct {
	j    *store.DB
	e    *sale.Engine
	vend *backend
	card *payer
	clk  *clock
}

func newTenderRig(t *testing.T, vend fault, card sale.Result) *tenderRig {
	t.Helper()
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	t.Cleanup(func() { j.Close() })
	r := &tenderRig{j: j, vend: newBackend(always(vend)), card: newPayer("flutterwave", card),
		clk: &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}}
	r.e = sale.NewEngine(sale.Options{
		Journal: j, Providers: []sale.Provider{r.vend, r.card}, Now: r.clk.Now,
		Jitter: func(time.Duration) time.Duration { return 0 },
	})
	if _, err := r.e.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r
}

func cardPayment() sale.Payment {
	return sale.Payment{Kind: sale.TenderCard, Target: sale.Target{Kind: sale.TargetAccount, Value: "C1"},
		Params: map[string]string{"email": "amina@example.com"}, Secrets: map[string]string{"token": "flw-t1nf-secret"}}
}

func paid(o sale.Order, p sale.Sale) sale.Order {
	o.Tender = sale.Tender{Kind: sale.TenderOf(p.Order.Kind), Ref: p.Ref}
	return o
}

func TestPayThenVend(t *testing.T) {
	r := newTenderRig(t, ok, sale.ResultDelivered)
	ctx := context.Background()
	vend := order("27821234567")
	p, err := r.e.Pay(ctx, vend, cardPayment())
	if err != nil || p.State != sale.StateDelivered {
		t.Fatalf("pay = %+v, %v", p, err)
	}
	if p.Order.Kind != sale.KindTenderCard || p.Order.Provider != "flutterwave" || p.Order.Amount != vend.Amount {
		t.Fatalf("tender order = %+v", p.Order)
	}
	if len(r.vend.sends) != 0 {
		t.Fatal("the vend was sent before it was sold")
	}
	forOrder, err := sale.PaidFor(p)
	if err != nil || forOrder.Target != vend.Target || forOrder.Secrets != nil || forOrder.Tender.Ref != p.Ref {
		t.Fatalf("PaidFor = %+v, %v", forOrder, err)
	}
	if issues, _ := r.e.TenderIssues(); len(issues) != 1 || issues[0].Kind != sale.IssuePaidNotVended {
		t.Fatalf("before the vend, issues = %+v", issues)
	}
	s, err := r.e.Vend(ctx, paid(vend, p))
	if err != nil || s.State != sale.StateDelivered || s.Order.Tender.Ref != p.Ref {
		t.Fatalf("vend = %+v, %v", s, err)
	}
	// One payment pays for one sale.
	if _, err := r.e.Vend(ctx, paid(vend, p)); sale.ErrorCode(err) != sale.CodeConflict || !strings.Contains(err.Error(), "already paid") {
		t.Fatalf("second vend on one payment: %v", err)
	}
	if issues, _ := r.e.TenderIssues(); len(issues) != 0 {
		t.Fatalf("issues = %+v", issues)
	}
}

func TestVendDeclinedAfterPaidTenderIsRefundDue(t *testing.T) {
	r := newTenderRig(t, decline, sale.ResultDelivered)
	ctx := context.Background()
	vend := order("27821234567")
	p, _ := r.e.Pay(ctx, vend, cardPayment())
	s, err := r.e.Vend(ctx, paid(vend, p))
	if err != nil || s.State != sale.StateDeclined {
		t.Fatalf("vend = %+v, %v", s, err)
	}
	if !sale.RefundDue(s) || !strings.HasPrefix(s.Note, sale.RefundDueNote) {
		t.Fatalf("refund due = %v, note %q", sale.RefundDue(s), s.Note)
	}
	if got := eventTypes(t, r.j, s.Ref); got[len(got)-1] != "refund_due:" {
		t.Fatalf("events = %v", got)
	}
	issues, _ := r.e.TenderIssues()
	if len(issues) != 1 || issues[0].Kind != sale.IssueRefundDue || issues[0].Sale.Ref != s.Ref {
		t.Fatalf("issues = %+v", issues)
	}
	rep, _ := r.j.DayReport(s.Day)
	if len(rep.RefundDue) != 1 || rep.RefundDue[0].Ref != s.Ref {
		t.Fatalf("day report refund due = %+v", rep.RefundDue)
	}
	if _, err := r.e.SettleRefund(s.Ref, "", "sup1"); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Fatalf("settle without a note: %v", err)
	}
	s, err = r.e.SettleRefund(s.Ref, "card charge reversed on the dashboard", "sup1")
	if err != nil || sale.RefundDue(s) {
		t.Fatalf("settle = %+v, %v", s, err)
	}
	if issues, _ := r.e.TenderIssues(); len(issues) != 0 {
		t.Fatalf("after settling, issues = %+v", issues)
	}
	if rep, _ := r.j.DayReport(s.Day); len(rep.RefundDue) != 0 {
		t.Fatalf("day report still lists %+v", rep.RefundDue)
	}
	if _, err := r.e.SettleRefund(s.Ref, "again", "sup1"); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("settling twice: %v", err)
	}
	if err := r.j.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestNothingVendedUntilTenderSettled(t *testing.T) {
	r := newTenderRig(t, ok, sale.ResultInDoubt)
	ctx := context.Background()
	vend := order("27821234567")
	p, err := r.e.Pay(ctx, vend, cardPayment())
	if err != nil || p.State != sale.StateInDoubt {
		t.Fatalf("pay = %+v, %v", p, err)
	}
	if _, err := r.e.Vend(ctx, paid(vend, p)); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("vend on an in-doubt payment: %v", err)
	}
	// A second charge on the same card is refused while the first is unresolved.
	if _, err := r.e.Pay(ctx, order("27831234567"), cardPayment()); sale.ErrorCode(err) != sale.CodeUnresolved {
		t.Fatalf("second charge on the card: %v", err)
	}
	// The charge is verified, never sent again.
	p, err = r.e.SettleNow(ctx, p.Ref)
	if err != nil || p.State != sale.StateInDoubt {
		t.Fatalf("settle = %+v, %v", p, err)
	}
	r.card.mu.Lock()
	r.card.check = sale.ResultDelivered
	r.card.mu.Unlock()
	if p, err = r.e.SettleNow(ctx, p.Ref); err != nil || p.State != sale.StateDelivered {
		t.Fatalf("settle = %+v, %v", p, err)
	}
	if n := r.card.sent(p.Ref); n != 1 {
		t.Fatalf("card charged %d times", n)
	}
	if len(r.vend.sends) != 0 {
		t.Fatal("vended before the payment was settled")
	}
	s, err := r.e.Vend(ctx, paid(vend, p))
	if err != nil || s.State != sale.StateDelivered {
		t.Fatalf("vend = %+v, %v", s, err)
	}
}

func TestPaidNotVendedMarkedRefundDue(t *testing.T) {
	r := newTenderRig(t, ok, sale.ResultDelivered)
	ctx := context.Background()
	vend := order("27821234567")
	p, _ := r.e.Pay(ctx, vend, cardPayment())
	// Another sale cannot use this payment.
	other := order("27831234567")
	if _, err := r.e.Vend(ctx, paid(other, p)); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("vend of another order: %v", err)
	}
	if _, err := r.e.MarkRefundDue(p.Ref, "customer left", ""); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Fatalf("mark without a supervisor: %v", err)
	}
	m, err := r.e.MarkRefundDue(p.Ref, "customer left before the airtime was sent", "sup1")
	if err != nil || !sale.RefundDue(m) {
		t.Fatalf("mark = %+v, %v", m, err)
	}
	if _, err := r.e.Vend(ctx, paid(vend, p)); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("vend on a refunded payment: %v", err)
	}
	issues, _ := r.e.TenderIssues()
	if len(issues) != 1 || issues[0].Kind != sale.IssueRefundDue || issues[0].For.Target != vend.Target {
		t.Fatalf("issues = %+v", issues)
	}
	rep, _ := r.j.DayReport(p.Day)
	if len(rep.RefundDue) != 1 || rep.RefundDue[0].Ref != p.Ref {
		t.Fatalf("day report refund due = %+v", rep.RefundDue)
	}
	if _, err := r.e.SettleRefund(p.Ref, "reversed", "sup1"); err != nil {
		t.Fatal(err)
	}
	// A used payment cannot be marked.
	p2, _ := r.e.Pay(ctx, other, cardPayment())
	if _, err := r.e.Vend(ctx, paid(other, p2)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.MarkRefundDue(p2.Ref, "oops", "sup1"); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("mark a used payment: %v", err)
	}
}

func TestPayRefusals(t *testing.T) {
	r := newTenderRig(t, lostAfter, sale.ResultDelivered)
	ctx := context.Background()
	vend := order("27821234567")
	// The vend's target has an unresolved sale: the customer is not charged.
	if s, err := r.e.Sell(ctx, vend); err != nil || s.State != sale.StateInDoubt {
		t.Fatalf("sell = %+v, %v", s, err)
	}
	if _, err := r.e.Pay(ctx, vend, cardPayment()); sale.ErrorCode(err) != sale.CodeUnresolved {
		t.Fatalf("pay for a blocked target: %v", err)
	}
	if n := len(r.card.sends); n != 0 {
		t.Fatalf("card charged %d times", n)
	}
	// M-Pesa takes shillings only; cards do not take rupiah.
	if _, err := r.e.Pay(ctx, order("27831234567"), sale.Payment{Kind: sale.TenderMpesa}); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Fatalf("M-Pesa for rand: %v", err)
	}
	if _, err := sale.TenderOrder(sale.Order{Provider: "flowix", Kind: sale.KindPulsa, Amount: sale.New(50000, sale.IDR)}, cardPayment()); err == nil {
		t.Fatal("card for rupiah accepted")
	}
	if _, err := sale.TenderOrder(order("1"), sale.Payment{Kind: sale.TenderCash}); err == nil {
		t.Fatal("cash as a payment of its own accepted")
	}
	// Cash must cover the sale.
	c := order("27841234567")
	c.Tender = sale.Tender{Kind: sale.TenderCash, Tendered: sale.New(500, sale.ZAR)}
	if _, err := r.e.Vend(ctx, c); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Fatalf("cash short: %v", err)
	}
	c.Tender.Tendered = sale.New(2000, sale.ZAR)
	if s, err := r.e.Vend(ctx, c); err != nil || s.Order.Tender.Tendered.Minor != 2000 {
		t.Fatalf("cash vend = %+v, %v", s, err)
	}
}

func TestMpesaReceiptPaysOnce(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	mp := newPayer("mpesaflow", sale.ResultDelivered)
	vend := newBackend(always(ok))
	e := sale.NewEngine(sale.Options{Journal: j, Providers: []sale.Provider{vend, mp}})
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	o := order("")
	o.Amount = sale.New(15000, sale.KES)
	pay := sale.Payment{Kind: sale.TenderMpesa, Target: sale.Target{Kind: sale.TargetAccount, Value: "QKJ4ABCD12"},
		Params: map[string]string{"receipt": "QKJ4ABCD12"}}
	if p, err := e.Pay(context.Background(), o, pay); err != nil || p.State != sale.StateDelivered {
		t.Fatalf("pay = %+v, %v", p, err)
	}
	if _, err := e.Pay(context.Background(), o, pay); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("second use of a receipt: %v", err)
	}
}

func TestConcurrentVendsOfOnePayment(t *testing.T) {
	r := newTenderRig(t, ok, sale.ResultDelivered)
	ctx := context.Background()
	vend := order("27821234567")
	p, _ := r.e.Pay(ctx, vend, cardPayment())
	var wg sync.WaitGroup
	var mu sync.Mutex
	sold := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s, err := r.e.Vend(ctx, paid(vend, p)); err == nil && s.Ref != "" {
				mu.Lock()
				sold++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if sold != 1 || len(r.vend.sends) != 1 {
		t.Fatalf("%d vends sold, %d sent, on one payment", sold, len(r.vend.sends))
	}
}

func TestCustomerCard(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := sale.Customer{ID: "C1", Name: "Amina Okafor", Email: "amina@example.com", Token: "flw-t1nf-x",
		Brand: "mastercard", Last4: "2950", Expiry: "09/32", TokenCreated: now.AddDate(0, -1, 0)}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := c.MaskedCard(); got != "MASTERCARD **** 2950 09/32" || strings.Contains(got, c.Token) {
		t.Fatalf("masked = %q", got)
	}
	if w := c.CardWarning(now); w != "" || c.CardUsable(now) != nil {
		t.Fatalf("warning = %q", w)
	}
	c.TokenCreated = now.Add(-sale.TokenLife + 10*24*time.Hour)
	if w := c.CardWarning(now); !strings.Contains(w, "ends in 10 day") {
		t.Fatalf("warning = %q", w)
	}
	c.TokenCreated = now.Add(-sale.TokenLife - time.Hour)
	if c.CardUsable(now) == nil || !strings.Contains(c.CardWarning(now), "expired") {
		t.Fatal("an expired token is usable")
	}
	c.TokenCreated, c.Expiry = now, "10/26"
	if c.CardUsable(now) == nil {
		t.Fatal("an expired card is usable")
	}
	for _, bad := range []sale.Customer{{}, {Name: "x", Email: "nope"}, {Name: "x", Email: "a@b.co", Token: "a b"},
		{Name: "x", Email: "a@b.co", Token: "t", Last4: "12"}, {Name: "x", Email: "a@b.co", Token: "t", Expiry: "13/30", TokenCreated: now}} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestDayReportCash(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	mk := func(kind sale.Kind, minor int64, tender sale.TenderKind, st sale.State) sale.Sale {
		return sale.Sale{Ref: sale.Reference(fmt.Sprintf("S1-T1-ABCDEF-%d", minor)), Day: "2026-11-23", State: st, CreatedAt: at,
			Order: sale.Order{Provider: "flash", Kind: kind, Amount: sale.New(minor, sale.ZAR), Tender: sale.Tender{Kind: tender}}}
	}
	r := sale.NewDayReport("2026-11-23", "S1", "T1")
	back := mk(sale.KindAirtime, 700, sale.TenderCash, sale.StateDeclined) // handed back
	back.GivenBack = true
	for _, s := range []sale.Sale{
		mk(sale.KindAirtime, 1000, sale.TenderCash, sale.StateDelivered),
		mk(sale.KindAirtime, 2500, sale.TenderCash, sale.StateDelivered),
		back,
		mk(sale.KindAirtime, 300, sale.TenderCash, sale.StateInDoubt),    // held: in the drawer
		mk(sale.KindAirtime, 5000, sale.TenderCard, sale.StateDelivered), // not cash
		mk(sale.KindCashOut, 2000, sale.TenderCash, sale.StateDelivered), // a PIN bought with cash
		mk(sale.KindVoucherRedeem, 400, "", sale.StateDelivered),         // paid out of the drawer
		mk(sale.KindVoucherRedeem, 600, "", sale.StateDeclined),          // nothing paid
		mk(sale.KindTenderCard, 5000, "", sale.StateDelivered),
	} {
		if err := r.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	// 10 + 25 + 3 + 20 - 4 = 54
	if len(r.Cash) != 1 || r.Cash[0] != sale.New(5400, sale.ZAR) {
		t.Errorf("cash = %v, want R 54.00", r.Cash)
	}
	if len(r.GivenBack) != 1 || r.GivenBack[0] != sale.New(700, sale.ZAR) {
		t.Errorf("given back = %v", r.GivenBack)
	}
	if len(r.CashHeld) != 1 || r.CashHeld[0] != sale.New(300, sale.ZAR) {
		t.Errorf("cash held = %v", r.CashHeld)
	}
	if len(r.Collected) != 1 || r.Collected[0] != sale.New(5000, sale.ZAR) {
		t.Errorf("collected = %v", r.Collected)
	}
	if sale.KindBulkCardCharge.Flow() != sale.FlowTender {
		t.Error("a bulk card charge counts as sold")
	}
}
