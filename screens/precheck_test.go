package screens

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	flowixui "till/screens/flowix"

	"till/sale"
	"till/store"
)

// namedProvider is a scripted provider under another name.
type namedProvider struct {
	*scripted
	name string
}

func (p namedProvider) Name() string { return p.name }

// TestCashGate: a bank payout over the per-sale limit is refused on its
// confirmation — Do NOT take the cash — with o offered; the supervisor's
// override lets exactly that payout through, and no other.
func TestCashGate(t *testing.T) {
	j := newMemJournal(wib)
	eng := sale.NewEngine(sale.Options{Journal: j, Providers: []sale.Provider{namedProvider{&scripted{}, flowixProvider}},
		Limits: sale.Limits{PerSale: map[sale.Kind]sale.Money{sale.KindPayout: sale.New(1000000, sale.IDR)}}})
	if _, err := eng.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "auth.db"), store.Options{StoreID: "TOKO01", TerminalID: "TILL1", Location: wib})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	auth := sale.NewAuth(sale.AuthOptions{Store: db, Params: fastPIN, Location: wib, Now: func() time.Time { return time.Now() }})
	if _, err := auth.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, "test"); err != nil {
		t.Fatal(err)
	}
	e := &env{D: Deps{Engine: eng, Auth: auth}}
	o := sale.Order{Provider: flowixProvider, Kind: sale.KindPayout, Product: "BCA", Amount: sale.New(2000000, sale.IDR),
		Target: sale.Target{Kind: sale.TargetAccount, Value: "1234567890"}, Tender: sale.Tender{Kind: sale.TenderCash}}
	g := flowixui.CashGate{Tag: "payout"}
	note := g.Check(e, o)
	if !strings.Contains(note, "Do NOT take the cash") || !strings.Contains(note, "press o") || !g.Overridable(e) {
		t.Fatalf("note %q", note)
	}
	req, ok := g.Ask(e, o)().(OverrideRequestMsg)
	if !ok || req.Subject != sale.SellSubject(o) || req.Action != sale.ActionSell {
		t.Fatalf("asked %+v", req)
	}
	ov, err := auth.Authorize(sale.OverrideRequest{Action: req.Action, Subject: req.Subject, Cashier: "sari", Supervisor: "S1", PIN: "2468", Reason: "regular"})
	if err != nil {
		t.Fatal(err)
	}
	if g.Granted(OverrideMsg{Tag: "bill", Override: ov}) {
		t.Fatal("another screen's override was taken")
	}
	if !g.Granted(OverrideMsg{Tag: "payout", Override: ov}) || g.Check(e, o) != "" {
		t.Fatalf("after the override: %v", g.Err)
	}
	other := o
	other.Amount = sale.New(3000000, sale.IDR)
	if g.Check(e, other) == "" {
		t.Fatal("the override let another amount through")
	}
}
