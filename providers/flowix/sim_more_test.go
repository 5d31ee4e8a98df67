package flowix_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"till/providers/flowix"
	"till/providers/sandbox"
	"till/sale"
)

func TestBillCheckAndPay(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 5*time.Second)
	ctx := context.Background()
	b, err := e.c.BillCheck(ctx, "PLNPASCA", "512345678901")
	if err != nil {
		t.Fatal(err)
	}
	total, _ := b.Total()
	if b.CustomerName != "BUDI SANTOSO" || b.InquiryID == "" || b.BillAmount.Minor != 54500 || b.AdminFee.Minor != 2500 || total.Minor != 57000 {
		t.Fatalf("bill %+v", b)
	}
	if _, err := e.c.BillCheck(ctx, "PLNPASCA", "512345678900"); !flowix.NotFound(err) {
		t.Fatalf("unknown customer: %v", err)
	}
	// Paying without an inquiry is refused before sending.
	want(t, "no inquiry", e.c.Send(ctx, e.sale(sale.KindBill, "PLNPASCA", b.CustomerNo, total.Minor, nil)), sale.ResultNotSent, "no_inquiry")

	s := e.sale(sale.KindBill, "PLNPASCA", b.CustomerNo, total.Minor, map[string]string{flowix.ParamInquiryID: b.InquiryID})
	out := e.c.Send(ctx, s)
	want(t, "pay", out, sale.ResultPending, "processing")
	if out.PendingID != b.InquiryID {
		t.Fatalf("pending id %q, want the inquiry id", out.PendingID)
	}
	s = after(s, out)
	if e.c.Settlement(s) != sale.SettleQuery {
		t.Fatal("a bill must be settled by query")
	}
	e.clock.Advance(4 * time.Second)
	out = e.c.Check(ctx, s)
	want(t, "check", out, sale.ResultDelivered, "success")
	if len(out.Items) == 0 || out.Items[0].Secret {
		t.Fatalf("items %+v", out.Items)
	}
	if e.sim.Balance() != sandbox.FlowixStartBalance-57000 {
		t.Fatalf("balance %d", e.sim.Balance())
	}
}

// A bill whose pay answer is lost is found by the inquiry id.
func TestBillLostAnswerIsQueriedByInquiry(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 400*time.Millisecond)
	ctx := context.Background()
	b, err := e.c.BillCheck(ctx, "PDAMJKT", "1001234591")
	if err != nil {
		t.Fatal(err)
	}
	total, _ := b.Total()
	s := e.sale(sale.KindBill, "PDAMJKT", b.CustomerNo, total.Minor, map[string]string{flowix.ParamInquiryID: b.InquiryID})
	out := e.c.Send(ctx, s)
	want(t, "pay", out, sale.ResultInDoubt, "timeout")
	s = after(s, out)
	want(t, "query", e.c.Check(ctx, s), sale.ResultPending, "")
	if e.sim.Balance() != sandbox.FlowixStartBalance-total.Minor {
		t.Fatalf("balance %d", e.sim.Balance())
	}
}

func TestPayout(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 5*time.Second)
	ctx := context.Background()
	banks, err := e.c.Banks(ctx)
	if err != nil || len(banks) < 5 || banks[0].Code != "BCA" {
		t.Fatalf("banks %+v %v", banks, err)
	}
	acct, err := e.c.AccountInquiry(ctx, "BCA", "1234567890")
	if err != nil || acct.AccountName != "DANI JOEST" {
		t.Fatalf("inquiry %+v %v", acct, err)
	}
	if _, err := e.c.AccountInquiry(ctx, "BCA", "1234567800"); !flowix.NotFound(err) {
		t.Fatalf("unknown account: %v", err)
	}
	// Below the minimum: refused before sending.
	small := e.sale(sale.KindPayout, "BCA", "1234567890", 9999, nil)
	want(t, "small", e.c.Send(ctx, small), sale.ResultNotSent, "amount_too_small")
	if e.sim.Requests(string(small.Ref)) != 0 {
		t.Fatal("a payout below the minimum was sent")
	}
	s := e.sale(sale.KindPayout, "", "1234567890", 100000, map[string]string{flowix.ParamBankCode: "BCA", flowix.ParamAccountName: acct.AccountName})
	out := e.c.Send(ctx, s)
	want(t, "payout", out, sale.ResultPending, "processing")
	s = after(s, out)
	if e.c.Settlement(s) != sale.SettleQuery {
		t.Fatal("payouts are only ever queried")
	}
	e.clock.Advance(4 * time.Second)
	out = e.c.Check(ctx, s)
	want(t, "check", out, sale.ResultDelivered, "success")
	if out.Amount.Minor != 100000 || e.sim.Balance() != sandbox.FlowixStartBalance-102500 {
		t.Fatalf("amount %v balance %d", out.Amount, e.sim.Balance())
	}
	// Wrong holder name: a definitive decline.
	s = e.sale(sale.KindPayout, "BCA", "1234567890", 50000, map[string]string{flowix.ParamAccountName: "SOMEONE ELSE"})
	want(t, "wrong name", e.c.Send(ctx, s), sale.ResultDeclined, "422")
}

func TestDepositQRISPaid(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{PayDelay: -1}, 5*time.Second)
	ctx := context.Background()
	ms, err := e.c.DepositMethods(ctx)
	if err != nil || len(ms) == 0 || ms[0].Code != "QRIS" || ms[0].FeePercent != "0.7" || ms[0].Fee.Minor != 700 || ms[0].Max.Minor != 5_000_000 {
		t.Fatalf("methods %+v %v", ms, err)
	}
	s := e.sale(sale.KindDeposit, "", "", 50000, map[string]string{flowix.ParamMethod: "QRIS", flowix.ParamFeeByCustomer: "true"})
	out := e.c.Send(ctx, s)
	want(t, "create", out, sale.ResultPending, "pending")
	items := map[string]string{}
	for _, it := range out.Items {
		items[it.Label] = it.Value
	}
	q, err := flowix.ParseQRIS(items[flowix.ItemQRIS])
	if err != nil || q.MerchantName != "TOKO DEMO" || q.Amount.Minor != 50700 {
		t.Fatalf("qris %+v %v (items %v)", q, err, items)
	}
	if items[flowix.ItemTotal] != "Rp 50.700" || items[flowix.ItemFee] != "Rp 700" || items[flowix.ItemExpires] == "" {
		t.Fatalf("items %v", items)
	}
	if _, err := time.Parse(time.RFC3339, items[flowix.ItemExpires]); err != nil {
		t.Fatalf("expiry %q: %v", items[flowix.ItemExpires], err)
	}
	s = after(s, out)
	if s.PendingID == "" || e.c.Settlement(s) != sale.SettleQuery {
		t.Fatalf("pending id %q", s.PendingID)
	}
	want(t, "unpaid", e.c.Check(ctx, s), sale.ResultPending, "pending")
	if err := e.sim.PayDeposit(s.PendingID); err != nil {
		t.Fatal(err)
	}
	out = e.c.Check(ctx, s)
	want(t, "paid", out, sale.ResultDelivered, "paid")
	if e.sim.Balance() != sandbox.FlowixStartBalance+50000 {
		t.Fatalf("balance %d", e.sim.Balance())
	}
	if err := e.c.CancelDeposit(ctx, s.PendingID); err == nil {
		t.Fatal("cancelled a paid deposit")
	}
}

func TestDepositCancelExpireAndLostAnswer(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{PayDelay: -1, DepositTTL: time.Minute}, 400*time.Millisecond)
	ctx := context.Background()
	s := e.sale(sale.KindDeposit, "", "", 25000, nil)
	s = after(s, e.c.Send(ctx, s))
	if err := e.c.CancelDeposit(ctx, s.PendingID); err != nil {
		t.Fatal(err)
	}
	want(t, "cancelled", e.c.Check(ctx, s), sale.ResultDeclined, "cancel")

	s = e.sale(sale.KindDeposit, "", "", 30000, nil)
	s = after(s, e.c.Send(ctx, s))
	e.clock.Advance(2 * time.Minute)
	want(t, "expired", e.c.Check(ctx, s), sale.ResultDeclined, "expired")

	// The create's answer is lost: nothing to look up, nothing safe to resend.
	s = e.sale(sale.KindDeposit, "", "", 50091, nil)
	out := e.c.Send(ctx, s)
	want(t, "lost", out, sale.ResultInDoubt, "timeout")
	s = after(s, out)
	if e.c.Settlement(s) != sale.SettleSupervisor {
		t.Fatal("a deposit without its DEP reference must go to a supervisor")
	}
	want(t, "check", e.c.Check(ctx, s), sale.ResultInDoubt, "no_deposit_ref")
	want(t, "too small", e.c.Send(ctx, e.sale(sale.KindDeposit, "", "", 500, nil)), sale.ResultDeclined, "422")
}

// The simulator delivers signed webhooks to the client's own receiver.
func TestWebhooksEndToEnd(t *testing.T) {
	var mu sync.Mutex
	got := map[string]flowix.Event{}
	e := newEnv(t, sandbox.FlowixOptions{Now: time.Now, ProcessDelay: 50 * time.Millisecond, PayDelay: -1, WebhookEvery: 20 * time.Millisecond}, 5*time.Second)
	h := e.c.WebhookHandler(func(_ context.Context, ev flowix.Event) error {
		mu.Lock()
		defer mu.Unlock()
		got[ev.Ref+"/"+ev.Status] = ev
		return nil
	}, flowix.WithMerchant(sandbox.FlowixMerchantID))
	hook := httptest.NewServer(h)
	defer hook.Close()
	if err := e.sim.SetWebhookURL(hook.URL + "/webhook"); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.SetWebhookURL("http://example.com/hook"); err == nil {
		t.Fatal("a non-loopback webhook URL was accepted")
	}
	ctx := context.Background()
	s := e.sale(sale.KindPulsa, "PLN50", "512345678901", 50300, nil)
	want(t, "send", e.c.Send(ctx, s), sale.ResultPending, "")
	d := e.sale(sale.KindDeposit, "", "", 20000, nil)
	d = after(d, e.c.Send(ctx, d))
	if err := e.sim.PayDeposit(d.PendingID); err != nil {
		t.Fatal(err)
	}
	wait := func(key string) flowix.Event {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			ev, ok := got[key]
			mu.Unlock()
			if ok {
				return ev
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("no webhook %s", key)
		return flowix.Event{}
	}
	ev := wait(string(s.Ref) + "/success")
	if out := ev.Outcome(); out.Result != sale.ResultDelivered || len(out.Items) == 0 || !out.Items[0].Secret {
		t.Fatalf("webhook outcome %+v", out)
	}
	if ev := wait(d.PendingID + "/paid"); ev.Type != flowix.EventDeposit || ev.Result() != sale.ResultDelivered {
		t.Fatalf("deposit webhook %+v", ev)
	}
	// webhook/resend delivers it again, as a new event.
	mu.Lock()
	delete(got, string(s.Ref)+"/success")
	mu.Unlock()
	if err := e.c.WebhookResend(ctx, string(s.Ref)); err != nil {
		t.Fatal(err)
	}
	if ev2 := wait(string(s.Ref) + "/success"); ev2.ID == ev.ID {
		t.Fatal("a resent webhook reused the event id")
	}
	if err := e.c.WebhookResend(ctx, "NOPE-1"); !flowix.NotFound(err) {
		t.Fatalf("resend of an unknown ref: %v", err)
	}
}
