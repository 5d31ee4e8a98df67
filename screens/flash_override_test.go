package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	flashflow "till/screens/flash"

	tea "charm.land/bubbletea/v2"

	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
)

// flashAuthFixture is flashFixture with cashiers signing in (supervisor
// S1 Sipho, PIN 2468; cashier C1 Thandi, PIN 1357, signed in) and the
// live till's supervised kinds: a 1Voucher refund and a cash-out cancel
// are never sold without a supervisor's override.
func flashAuthFixture(t *testing.T) (*authFixture, *sandbox.Server) {
	t.Helper()
	f := &fixture{t: t, clock: &clock{t: time.Date(2025, 11, 23, 14, 5, 9, 0, sast)}}
	sb, _, db, fl := sandboxFlashWith(t, sandbox.Options{Now: f.clock.Now})
	limits := sale.Limits{Supervised: map[sale.Kind]sale.Action{
		sale.KindVoucherRefund: sale.ActionRefund, sale.KindCashOutCancel: sale.ActionCancel}}
	f.engine = sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{fl}, Now: f.clock.Now, Limits: limits,
		Jitter: func(time.Duration) time.Duration { return 0 }})
	if _, err := f.engine.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	auth := sale.NewAuth(sale.AuthOptions{Store: db, Now: f.clock.Now, Params: fastPIN, Location: sast})
	if _, err := auth.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, "test"); err != nil {
		t.Fatal(err)
	}
	ov, err := auth.Authorize(sale.OverrideRequest{Action: sale.ActionCashiers, Subject: sale.CashierSubject("add", "Thandi"),
		Cashier: "S1", Supervisor: "S1", PIN: "2468", Reason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Add(sale.NewCashier{ID: "C1", Name: "Thandi", Role: sale.RoleCashier, PIN: "1357"}, ov); err != nil {
		t.Fatal(err)
	}
	f.app = New(Deps{Engine: f.engine, StoreID: "STORE042", TerminalID: "TILL07", ReceiptWidth: 32,
		Header: receipts.Header{ShopName: "CORNER CAFE"}, Location: sast, Now: f.clock.Now, Auth: auth, Flash: flashBound{fl, f.engine}})
	t.Cleanup(f.app.Close)
	f.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	af := &authFixture{fixture: f, auth: auth, db: db}
	af.run(cashiersCmd(auth))
	af.signIn("1", "1357")
	return af, sb
}

// sales counts the sales journaled.
func (f *authFixture) sales() int {
	f.t.Helper()
	all, err := f.db.List(sale.Query{})
	if err != nil {
		f.t.Fatal(err)
	}
	return len(all)
}

// confirmRefused confirms the flow's order (after the grace period) and
// finds it refused for want of a supervisor, with the override dialog open
// and nothing journaled, sent or authorised.
func (f *authFixture) confirmRefused(t *testing.T, before int) {
	t.Helper()
	f.tick(time.Second)
	if fl := f.flow(); fl.Step() != flashflow.StepConfirm {
		t.Fatalf("step %v, want confirm\n%s", fl.Step(), f.view())
	}
	f.keys("enter")
	fl := f.flow()
	if fl.Step() != flashflow.StepResult || fl.Sold.Ref != "" || sale.ErrorCode(fl.SellErr) != sale.CodeSupervised {
		t.Fatalf("not refused: step %v %+v %v", fl.Step(), fl.Sold, fl.SellErr)
	}
	if n := f.sales(); n != before {
		t.Fatalf("the refused sale was journaled: %d sales, want %d", n, before)
	}
	if n := len(f.events(sale.EventOverride)); n != 1 { // the fixture's: adding Thandi
		t.Fatalf("%d overrides journaled before a supervisor's PIN, want the fixture's one", n)
	}
}

// TestFlashRefundNeedsASupervisor: a 1Voucher refund is refused until a
// supervisor authorises it: the dialog opens at once, a cashier's PIN is
// refused, the supervisor's sells it, and the override is journaled.
func TestFlashRefundNeedsASupervisor(t *testing.T) {
	f, _ := flashAuthFixture(t)
	f.open(ScreenVoucherRefund)
	f.typeText("25")
	f.keys("enter")
	f.keys("enter") // no SMS
	f.confirmRefused(t, 0)
	if v := f.view(); !strings.Contains(v, "refund a sale") || !strings.Contains(v, "needs a supervisor") {
		t.Fatalf("no override dialog for the refund:\n%s", v)
	}
	f.authorizeInDialog(t, "wrong amount redeemed")
	fl := f.flow()
	if fl.Sold.State != sale.StateDelivered || fl.Sold.Order.Kind != sale.KindVoucherRefund || fl.Sold.Order.Cashier != "C1" {
		t.Fatalf("after the override: %s %v\n%s", fl.Sold.State, fl.SellErr, f.view())
	}
	ov := f.lastOverride(t)
	if ov.By != "C1" || ov.Override.Action != sale.ActionRefund || ov.Override.Supervisor != "S1" ||
		ov.Override.Subject != sale.SellSubject(fl.Sold.Order) || ov.Note != "wrong amount redeemed" {
		t.Fatalf("override %+v %+v", ov, ov.Override)
	}
	if !strings.Contains(fl.Sold.Note, "supervisor override") {
		t.Errorf("the refund's note %q does not name the override", fl.Sold.Note)
	}
	if f.sales() != 1 {
		t.Errorf("%d sales journaled, want the refund", f.sales())
	}
}

// TestFlashCashOutCancelNeedsASupervisor: a cash-out PIN sold by the
// cashier is cancelled only with the supervisor's PIN; closing the dialog
// leaves the refusal on screen with `o` to ask again, and nothing is sent
// to Flash meanwhile (the PIN is still cancellable).
func TestFlashCashOutCancelNeedsASupervisor(t *testing.T) {
	f, _ := flashAuthFixture(t)
	f.open(ScreenCashOutBuy)
	f.keys("enter") // the only cash-out product
	f.typeText("500")
	f.keys("enter")
	f.tick(time.Second)
	f.keys("enter") // take payment
	f.keys("1", "enter")
	co := f.flow().Sold
	if co.State != sale.StateDelivered || co.Order.Kind != sale.KindCashOut {
		t.Fatalf("cash-out: %s %v\n%s", co.State, f.flow().SellErr, f.view())
	}
	sold := f.sales() // the PIN and its cash payment
	f.send(HomeMsg{})
	f.run(f.send(NavigateMsg{To: ScreenCashOutCancel, Ref: co.Ref})) // looked up at once
	if fl := f.flow(); fl.Step() != flashflow.StepCard || fl.CardErr() != nil {
		t.Fatalf("cancel lookup: %v %v\n%s", fl.Step(), fl.CardErr(), f.view())
	}
	f.keys("enter")
	f.confirmRefused(t, sold)
	if v := f.view(); !strings.Contains(v, "cancel a sale") || !strings.Contains(v, string(co.Ref)) {
		t.Fatalf("no override dialog for the cancel:\n%s", v)
	}
	f.keys("esc") // nobody authorises it
	if v := f.view(); !strings.Contains(v, "NOT DONE") || !strings.Contains(v, "o supervisor override") || f.sales() != sold {
		t.Fatalf("after esc:\n%s", v)
	}
	f.keys("o")
	f.authorizeInDialog(t, "customer changed their mind")
	fl := f.flow()
	if fl.Sold.State != sale.StateDelivered || fl.Sold.Order.Params[FlashParamOriginal] != string(co.Ref) {
		t.Fatalf("after the override: %s %v\n%s", fl.Sold.State, fl.SellErr, f.view())
	}
	ov := f.lastOverride(t)
	if ov.By != "C1" || ov.Override.Action != sale.ActionCancel || ov.Override.Supervisor != "S1" || ov.Note != "customer changed their mind" {
		t.Fatalf("override %+v %+v", ov, ov.Override)
	}
	if f.sales() != sold+1 {
		t.Errorf("%d sales journaled, want %d", f.sales(), sold+1)
	}
}
