package screens

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"till/sale"
	"till/screens/water"
	"till/store"
)

// TestWaterOverrideKeyWorks: a recharge refused at the sale for a reason a
// supervisor may lift, after the customer paid (the race the tender's gate
// cannot close), offers o — and o works: it asks the supervisor, and the
// granted override sells exactly that recharge.
func TestWaterOverrideKeyWorks(t *testing.T) {
	f := newWaterFixture(t)
	db, err := store.Open(filepath.Join(t.TempDir(), "auth.db"), store.Options{StoreID: "STORE042", TerminalID: "TILL07", Location: sast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	auth := sale.NewAuth(sale.AuthOptions{Store: db, Now: f.clock.Now, Params: fastPIN, Location: sast})
	if _, err := auth.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, "test"); err != nil {
		t.Fatal(err)
	}
	f.app.env.D.Auth = auth

	f.toConfirm("1", "100")
	f.tick(time.Second)
	f.press("enter") // the tender step: the gate lets it through
	f.press("1", "enter")
	w := f.screen()
	// Meanwhile another recharge of the device went in doubt: the sale is refused.
	other := w.Order
	other.Tender = sale.Tender{}
	f.water.sends = []sale.Outcome{{Result: sale.ResultInDoubt, Code: "timeout"}}
	if s, err := f.engine.Sell(context.Background(), other); err != nil || s.State != sale.StateInDoubt {
		t.Fatalf("the other recharge: %v %v", s.State, err)
	}
	s, err := f.engine.VendWith(context.Background(), w.Order, sale.SellOptions{})
	f.send(SoldMsg{Order: w.Order, Sale: s, Err: err})
	if w.Step() != water.StepResult || !sale.NeedsOverride(w.SellErr) || !w.OverrideKey().Enabled() {
		t.Fatalf("refused at the sale: step %v err %v, o enabled %v\n%s", w.Step(), w.SellErr, w.OverrideKey().Enabled(), f.view())
	}
	req, ok := f.press("o")().(OverrideRequestMsg)
	if !ok || req.Tag != water.OverrideTag || req.Subject != sale.SellSubject(w.Order) {
		t.Fatalf("o asked for %+v", req)
	}
	ov, err := auth.Authorize(sale.OverrideRequest{Action: req.Action, Subject: req.Subject, Cashier: "achieng",
		Supervisor: "S1", PIN: "2468", Reason: "device checked"})
	if err != nil {
		t.Fatal(err)
	}
	f.water.sends = []sale.Outcome{accepted()}
	cmd := f.send(OverrideMsg{Tag: water.OverrideTag, Override: ov})
	if cmd == nil || w.Step() != water.StepSending || w.Override == nil {
		t.Fatalf("the override did not sell: step %v", w.Step())
	}
}
