package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/config"
	"till/providers/flash"
	"till/providers/flowix"
	"till/providers/mpesaflow"
	"till/providers/sandbox"
	"till/sale"
	"till/store"
	"till/wire"
)

// Every tender against the sandbox over real HTTP, through the real
// clients, the real Engine and a bbolt journal in t.TempDir().

type tenderRig struct {
	base string
	sb   *sandbox.Server
	db   *store.DB
	e    *sale.Engine
}

func newTenderRig(t *testing.T) *tenderRig {
	t.Helper()
	sb := sandbox.New(sandbox.Options{HoldMax: 300 * time.Millisecond, SlowDelay: 100 * time.Millisecond})
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	cfg := config.Demo()
	wire.DemoProviders(cfg, base)
	for _, tm := range []*string{&cfg.Flash.Timeout, &cfg.Flutterwave.Timeout, &cfg.MpesaFlow.Timeout, &cfg.Flowix.Timeout, &cfg.OneFlow.Timeout} {
		*tm = "2s"
	}
	provs, err := wire.BuildProviders(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: "DEMO", TerminalID: "TILL1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := wire.SeedDemoCustomers(db, time.Now()); err != nil {
		t.Fatal(err)
	}
	e := sale.NewEngine(sale.Options{Journal: db, Providers: provs, Config: sale.Config{Backoff: time.Hour}})
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &tenderRig{base: base, sb: sb, db: db, e: e}
}

// admin reads one of the sandbox's inspection endpoints.
func (r *tenderRig) admin(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(r.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// charges is how many charges Flutterwave made under tx_ref.
func (r *tenderRig) charges(t *testing.T, ref sale.Reference) int {
	var v struct{ Count int }
	r.admin(t, "/_sandbox/flutterwave/charges?tx_ref="+url.QueryEscape(string(ref)), &v)
	return v.Count
}

// customer is the demo customer paying with token.
func (r *tenderRig) customer(t *testing.T, token string) sale.Customer {
	t.Helper()
	cs, _ := r.db.Customers()
	for _, c := range cs {
		if c.Token == token {
			return c
		}
	}
	t.Fatalf("no demo customer with that token")
	return sale.Customer{}
}

func cardOf2(c sale.Customer) sale.Payment {
	return sale.Payment{Kind: sale.TenderCard, Target: sale.Target{Kind: sale.TargetAccount, Value: c.ID},
		Params:  map[string]string{sale.CardParamEmail: c.Email, sale.CardParamFullName: c.Name},
		Secrets: map[string]string{sale.CardSecretToken: c.Token}}
}

func airtimeOrder(mobile, amount string) sale.Order {
	m, _ := sale.ParseMoney(amount, sale.ZAR)
	return sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "1001", ProductName: "Vodacom Airtime",
		Target: sale.Target{Kind: sale.TargetMobile, Value: mobile}, Amount: m, Cashier: "test"}
}

func paidBy(o sale.Order, p sale.Sale) sale.Order {
	o.Tender = sale.Tender{Kind: sale.TenderOf(p.Order.Kind), Ref: p.Ref}
	return o
}

func TestTenderCardSandbox(t *testing.T) {
	r := newTenderRig(t)
	ctx := context.Background()
	vend := airtimeOrder("27821234567", "20.00")
	p, err := r.e.Pay(ctx, vend, cardOf2(r.customer(t, sandbox.FlutterwaveTokenOK)))
	if err != nil || p.State != sale.StateDelivered {
		t.Fatalf("card payment = %+v, %v", p, err)
	}
	s, err := r.e.Vend(ctx, paidBy(vend, p))
	if err != nil || s.State != sale.StateDelivered {
		t.Fatalf("vend = %+v, %v", s, err)
	}
	if n := r.charges(t, p.Ref); n != 1 {
		t.Fatalf("%d charges", n)
	}
	if r.sb.Applied(string(s.Ref)) != 1 {
		t.Fatal("the airtime was not applied once")
	}
	// A declined card goes back to the choice: nothing charged, nothing sold.
	d, err := r.e.Pay(ctx, airtimeOrder("27831234567", "20.00"), cardOf2(r.customer(t, sandbox.FlutterwaveTokenDeclined)))
	if err != nil || d.State != sale.StateDeclined {
		t.Fatalf("declined card = %+v, %v", d, err)
	}
}

func TestTenderCardLostAnswerSandbox(t *testing.T) {
	r := newTenderRig(t)
	ctx := context.Background()
	vend := airtimeOrder("27821234567", "20.91") // .91: the card charge's answer is lost
	p, err := r.e.Pay(ctx, vend, cardOf2(r.customer(t, sandbox.FlutterwaveTokenOK)))
	if err != nil || p.State != sale.StateInDoubt {
		t.Fatalf("payment = %+v, %v", p, err)
	}
	if _, err := r.e.Vend(ctx, paidBy(vend, p)); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("vend before the payment is settled: %v", err)
	}
	if list, _ := r.db.List(sale.Query{Target: vend.Target.Value}); len(list) != 0 {
		t.Fatalf("something was sold to the customer's number: %+v", list)
	}
	// The card is not charged again while the charge is in doubt.
	if _, err := r.e.Pay(ctx, airtimeOrder("27831234567", "5.00"), cardOf2(r.customer(t, sandbox.FlutterwaveTokenOK))); sale.ErrorCode(err) != sale.CodeUnresolved {
		t.Fatalf("second charge while in doubt: %v", err)
	}
	p, err = r.e.SettleNow(ctx, p.Ref) // verify by tx_ref
	if err != nil || p.State != sale.StateDelivered {
		t.Fatalf("verified = %+v, %v", p, err)
	}
	if n := r.charges(t, p.Ref); n != 1 {
		t.Fatalf("the card was charged %d times", n)
	}
	var req struct{ Requests int }
	r.admin(t, "/_sandbox/flutterwave/charges?tx_ref="+string(p.Ref), &req)
	if req.Requests != 1 {
		t.Fatalf("%d charge requests: the settlement charged again", req.Requests)
	}
	s, err := r.e.Vend(ctx, paidBy(vend, p))
	if err != nil {
		t.Fatal(err)
	}
	if s.State == sale.StateInDoubt { // Flash loses .91 answers too; it resends by reference
		s, _ = r.e.SettleNow(ctx, s.Ref)
	}
	if s.State != sale.StateDelivered || r.sb.Applied(string(s.Ref)) != 1 {
		t.Fatalf("vend = %+v", s)
	}
}

func TestTenderCard3DSSandbox(t *testing.T) {
	r := newTenderRig(t)
	ctx := context.Background()
	vend := airtimeOrder("27821234567", "30.00")
	p, err := r.e.Pay(ctx, vend, cardOf2(r.customer(t, sandbox.FlutterwaveToken3DS)))
	if err != nil || p.State != sale.StatePending {
		t.Fatalf("payment = %+v, %v", p, err)
	}
	link := ""
	for _, it := range p.Outcome.Items {
		if it.Label == sale.CardApprovalLabel {
			link = it.Value
		}
	}
	if link == "" {
		t.Fatalf("no approval link in %+v", p.Outcome.Items)
	}
	if _, err := r.e.Vend(ctx, paidBy(vend, p)); err == nil {
		t.Fatal("sold before 3-D Secure was approved")
	}
	if p, _ = r.e.SettleNow(ctx, p.Ref); p.State != sale.StatePending {
		t.Fatalf("before approval: %s", p.State)
	}
	if err := demoApprove(ctx, link); err != nil {
		t.Fatal(err)
	}
	if p, err = r.e.SettleNow(ctx, p.Ref); err != nil || p.State != sale.StateDelivered {
		t.Fatalf("after approval = %+v, %v", p, err)
	}
	if s, err := r.e.Vend(ctx, paidBy(vend, p)); err != nil || s.State != sale.StateDelivered {
		t.Fatalf("vend = %+v, %v", s, err)
	}
	if n := r.charges(t, p.Ref); n != 1 {
		t.Fatalf("%d charges", n)
	}
	if err := demoApprove(ctx, "http://example.com/x"); err == nil {
		t.Fatal("demo approval left this machine")
	}
}

func TestTenderMpesaSandbox(t *testing.T) {
	r := newTenderRig(t)
	ctx := context.Background()
	vend := sale.Order{Provider: "oneflow", Kind: sale.KindWater, ProductName: "Water",
		Target: sale.Target{Kind: sale.TargetDevice, Value: "68753500140920"}, Amount: sale.New(15000, sale.KES), Cashier: "test"}
	phone, err := mpesaflow.NormalizePhoneKE("0712 345 678")
	if err != nil {
		t.Fatal(err)
	}
	pay := sale.Payment{Kind: sale.TenderMpesa, Target: sale.Target{Kind: sale.TargetAccount, Value: sandbox.MpesaFlowReceipt},
		Params: map[string]string{sale.MpesaParamReceipt: sandbox.MpesaFlowReceipt, sale.MpesaParamPhone: phone}}
	p, err := r.e.Pay(ctx, vend, pay)
	if err != nil || p.State != sale.StateDelivered {
		t.Fatalf("M-Pesa = %+v, %v", p, err)
	}
	var rec struct{ Count int }
	r.admin(t, "/_sandbox/mpesaflow/records?providerReference="+string(p.Ref), &rec)
	if rec.Count != 1 {
		t.Fatalf("%d records", rec.Count)
	}
	s, err := r.e.Vend(ctx, paidBy(vend, p))
	if err != nil || (s.State != sale.StatePending && s.State != sale.StateDelivered) {
		t.Fatalf("water = %+v, %v", s, err)
	}
	// One M-Pesa payment pays once.
	other := vend
	other.Target.Value = "68753500140921"
	if _, err := r.e.Pay(ctx, other, pay); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("receipt used twice: %v", err)
	}
}

func TestTenderQRISSandbox(t *testing.T) {
	r := newTenderRig(t)
	ctx := context.Background()
	vend := sale.Order{Provider: "flowix", Kind: sale.KindPulsa, Product: "TSEL10", ProductName: "Telkomsel 10.000",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "081234567890"}, Amount: sale.New(10500, sale.IDR), Cashier: "test"}
	p, err := r.e.Pay(ctx, vend, sale.Payment{Kind: sale.TenderQRIS, Params: map[string]string{
		sale.FlowixParamMethod: "QRIS", sale.FlowixParamFeeByCustomer: "false"}})
	if err != nil || p.State != sale.StatePending || p.PendingID == "" {
		t.Fatalf("QRIS = %+v, %v", p, err)
	}
	qr := ""
	for _, it := range p.Outcome.Items {
		if it.Label == sale.FlowixItemQRIS {
			qr = it.Value
		}
	}
	if _, err := flowix.ParseQRIS(qr); err != nil {
		t.Fatalf("QR payload %q: %v", qr, err)
	}
	if _, err := r.e.Vend(ctx, paidBy(vend, p)); err == nil {
		t.Fatal("sold before the QRIS payment arrived")
	}
	if err := wire.SandboxPay(r.base)(p.PendingID); err != nil {
		t.Fatal(err)
	}
	if p, err = r.e.SettleNow(ctx, p.Ref); err != nil || p.State != sale.StateDelivered {
		t.Fatalf("after paying = %+v, %v", p, err)
	}
	if s, err := r.e.Vend(ctx, paidBy(vend, p)); err != nil || s.Ref == "" || s.Order.Tender.Ref != p.Ref {
		t.Fatalf("pulsa = %+v, %v", s, err)
	}
}

func TestTenderVoucherSandbox(t *testing.T) {
	if !flash.Sells(sale.KindTenderVoucher) {
		t.Skip("the Flash client does not redeem a 1Voucher as a tender yet (issue 3)")
	}
	r := newTenderRig(t)
	vend := airtimeOrder("27821234567", "10.00")
	p, err := r.e.Pay(context.Background(), vend, sale.Payment{Kind: sale.TenderVoucher,
		Secrets: map[string]string{sale.FlashSecretPIN: "1234567890123456"}})
	if err != nil || p.Ref == "" {
		t.Fatalf("1Voucher = %+v, %v", p, err)
	}
}

func TestVendDeclinedAfterPaidTenderSandbox(t *testing.T) {
	r := newTenderRig(t)
	ctx := context.Background()
	vend := airtimeOrder("27821234567", "20.00")
	vend.Product, vend.ProductName = "1005", "Virgin Mobile Airtime" // inactive at Flash: declined
	p, err := r.e.Pay(ctx, vend, cardOf2(r.customer(t, sandbox.FlutterwaveTokenOK)))
	if err != nil || p.State != sale.StateDelivered {
		t.Fatalf("payment = %+v, %v", p, err)
	}
	s, err := r.e.Vend(ctx, paidBy(vend, p))
	if err != nil || s.State != sale.StateDeclined || !sale.RefundDue(s) {
		t.Fatalf("vend = %+v, %v", s, err)
	}
	evs, _ := r.db.Events(s.Ref)
	if last := evs[len(evs)-1]; last.Type != sale.EventRefundDue {
		t.Fatalf("last event = %s", last.Type)
	}
	rep, err := r.db.DayReport(s.Day)
	if err != nil || len(rep.RefundDue) != 1 || rep.RefundDue[0].Ref != s.Ref {
		t.Fatalf("report refund due = %+v, %v", rep.RefundDue, err)
	}
	issues, _ := r.e.TenderIssues()
	if len(issues) != 1 || issues[0].Kind != sale.IssueRefundDue {
		t.Fatalf("issues = %+v", issues)
	}
	if n := r.charges(t, p.Ref); n != 1 {
		t.Fatalf("%d charges", n)
	}
}

// tenderConfig writes a config pointing every tender provider at a sandbox.
func tenderConfig(t *testing.T, base string) string {
	t.Helper()
	cfg, _ := writeTill(t, tillFile{tables: []string{sandboxFlash(base, "2s"), sandboxFlutterwave(base, "timeout", "2s")}})
	return cfg
}

func TestCLICustomersAndBulk(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	cfg := tenderConfig(t, base)
	add := func(name, email, token, last4 string) ran {
		return runCLI(t, cfg, "customer", "add", "--name", name, "--email", email, "--token", token,
			"--brand", "MASTERCARD", "--last4", last4, "--expiry", "09/32")
	}
	if r := add("Amina Okafor", "amina.okafor@example.com", sandbox.FlutterwaveTokenOK, "2950"); r.code != 0 || !strings.Contains(r.stdout, "C1") {
		t.Fatalf("add: %+v", r)
	}
	if r := add("Tunde", "bad-email", "t", "1234"); r.code != exitUsage {
		t.Fatalf("bad add: %+v", r)
	}
	list := runCLI(t, cfg, "customer", "list", "--json")
	if list.code != 0 || strings.Contains(list.stdout, sandbox.FlutterwaveTokenOK) || !strings.Contains(list.stdout, "MASTERCARD **** 2950") {
		t.Fatalf("list: %+v", list)
	}
	// New details go to Flutterwave (PUT /tokens/{token}) before the book.
	if r := runCLI(t, cfg, "customer", "update", "C1", "--phone", "+2348030000002"); r.code != 0 || !strings.Contains(r.stderr, "Flutterwave updated") {
		t.Fatalf("update: %+v", r)
	}
	if r := runCLI(t, cfg, "customer", "update", "C9", "--phone", "1"); r.code != exitUsage {
		t.Fatalf("update of a missing customer: %+v", r)
	}

	csv := filepath.Join(t.TempDir(), "customers.csv")
	os.WriteFile(csv, []byte("email,amount,currency,customer\namina.okafor@example.com,1500.00,NGN,C1\n"), 0o600)
	bulk := runCLI(t, cfg, "card", "bulk", "--file", csv, "--title", "March accounts")
	if bulk.code != 0 || !strings.Contains(bulk.stdout, "accepted") {
		t.Fatalf("bulk: %+v", bulk)
	}
	var id int
	if _, err := fmt.Sscanf(bulk.stdout, "bulk charge %d", &id); err != nil {
		t.Fatalf("no bulk id in %q", bulk.stdout)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := runCLI(t, cfg, "card", "bulk-status", fmt.Sprint(id))
		if st.code == 0 && strings.Contains(st.stdout, "successful") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("bulk status: %+v", st)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// A row that is not the book's customer refuses the whole file.
	os.WriteFile(csv, []byte("email,amount,currency,customer\nsomeone@example.com,10,NGN,C1\n"), 0o600)
	if r := runCLI(t, cfg, "card", "bulk", "--file", csv, "--title", "x"); r.code != exitUsage || !strings.Contains(r.stderr, "nothing was sent") {
		t.Fatalf("bad bulk: %+v", r)
	}
	if r := runCLI(t, cfg, "payments"); r.code != 0 {
		t.Fatalf("payments: %+v", r)
	}
}
