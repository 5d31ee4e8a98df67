package screens

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	flowixui "till/screens/flowix"
	"till/store"
)

// A payout over the per-sale limit: the confirmation says not to take the
// cash, o asks a supervisor, and the override granted there goes with the
// sale when it is confirmed (CashGate.ConfirmKey): the engine accepts it
// and Flowix is sent it. Without the override it would be refused.
func TestPayoutOverrideGoesWithTheSale(t *testing.T) {
	f := newFxFixture(t, 100, 30)
	db, err := store.Open(filepath.Join(t.TempDir(), "auth.db"), store.Options{StoreID: "TOKO01", TerminalID: "TILL1", Location: wib})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	auth := sale.NewAuth(sale.AuthOptions{Store: db, Params: fastPIN, Location: wib, Now: f.clock.Now})
	if _, err := auth.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, "test"); err != nil {
		t.Fatal(err)
	}
	f.engine = sale.NewEngine(sale.Options{Journal: f.journal, Providers: []sale.Provider{f.api.c}, Now: f.clock.Now,
		Limits: sale.Limits{PerSale: map[sale.Kind]sale.Money{sale.KindPayout: sale.New(100000, sale.IDR)}},
		Jitter: func(time.Duration) time.Duration { return 0 }})
	if _, err := f.engine.Recover(f.ctx()); err != nil {
		t.Fatal(err)
	}
	f.app.env.D.Engine, f.app.env.D.Auth = f.engine, auth

	f.payoutTo("1234567890")
	f.confirm()
	f.typeText("250000")
	f.press("enter")
	if v := words(f.view()); !strings.Contains(v, "Do NOT take the cash") {
		t.Fatalf("no refusal before the cash:\n%s", f.view())
	}
	req, ok := f.press("o")().(OverrideRequestMsg)
	if !ok || req.Tag != "payout" {
		t.Fatalf("o asked %+v", req)
	}
	ov, err := auth.Authorize(sale.OverrideRequest{Action: req.Action, Subject: req.Subject, Cashier: "sari", Supervisor: "S1", PIN: "2468", Reason: "known customer"})
	if err != nil {
		t.Fatal(err)
	}
	f.send(OverrideMsg{Tag: req.Tag, Override: ov})
	f.tick(time.Second)
	sold, found := soldIn(f.press("enter"))
	if !found {
		t.Fatalf("confirming started no sale:\n%s", f.view())
	}
	if sold.Err != nil || sold.Sale.State == "" {
		t.Fatalf("the override did not go with the sale: %v", sold.Err)
	}
	f.send(sold)
	if p := active[*flowixui.Payout](f); p.Sale.Override != nil {
		t.Error("the override outlived its sale")
	}
}

// soldIn runs cmd and what it batches, and returns the sale's answer.
func soldIn(cmd tea.Cmd) (SoldMsg, bool) {
	if cmd == nil {
		return SoldMsg{}, false
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if s, ok := soldIn(c); ok {
				return s, true
			}
		}
	case SoldMsg:
		return msg, true
	}
	return SoldMsg{}, false
}
