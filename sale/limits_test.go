package sale_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"till/sale"
)

// limitRig is an engine with limits on a real journal, and an Auth with a
// supervisor S1 (2468) and a cashier C1 (1357) on the same journal.
type limitRig struct {
	*authRig
	e *sale.Engine
	b *backend
}

func newLimitRig(t *testing.T, l sale.Limits, f func(sale.Reference) fault) *limitRig {
	t.Helper()
	r := newAuthRig(t)
	b := newBackend(f)
	e := sale.NewEngine(sale.Options{
		Journal: r.db, Providers: []sale.Provider{b}, Now: r.clk.Now, Limits: l,
		Jitter: func(time.Duration) time.Duration { return 0 },
	})
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &limitRig{authRig: r, e: e, b: b}
}

func (r *limitRig) counts(t *testing.T) (events, sales, sends int) {
	t.Helper()
	if err := r.db.EachEvent(func(sale.Event) error { events++; return nil }); err != nil {
		t.Fatal(err)
	}
	all, err := r.db.List(sale.Query{})
	if err != nil {
		t.Fatal(err)
	}
	r.b.mu.Lock()
	for _, n := range r.b.sends {
		sends += n
	}
	r.b.mu.Unlock()
	return events, len(all), sends
}

// refused checks that selling o fails with code and journals and sends
// nothing.
func (r *limitRig) refused(t *testing.T, o sale.Order, opt sale.SellOptions, code string) {
	t.Helper()
	e0, s0, n0 := r.counts(t)
	s, err := r.e.SellWith(context.Background(), o, opt)
	if sale.ErrorCode(err) != code || s.Ref != "" {
		t.Fatalf("sell %s: %+v, %v; want %s", sale.SellSubject(o), s.Ref, err, code)
	}
	if e1, s1, n1 := r.counts(t); e1 != e0 || s1 != s0 || n1 != n0 {
		t.Fatalf("a refused sale wrote or sent something: events %d→%d, sales %d→%d, sends %d→%d", e0, e1, s0, s1, n0, n1)
	}
}

func amount(o sale.Order, minor int64) sale.Order { o.Amount = sale.New(minor, sale.ZAR); return o }

func TestPerSaleLimitRefusesUntilASupervisorOverrides(t *testing.T) {
	r := newLimitRig(t, sale.Limits{PerSale: map[sale.Kind]sale.Money{sale.KindAirtime: sale.New(50000, sale.ZAR)}}, always(ok))
	ctx := context.Background()
	if s, err := r.e.Sell(ctx, amount(order("27820000001"), 50000)); err != nil || s.State != sale.StateDelivered {
		t.Fatalf("at the limit: %v %v", s.State, err)
	}
	big := amount(order("27820000002"), 50001)
	r.refused(t, big, sale.SellOptions{}, sale.CodeOverLimit)
	// The per-sale limit is per kind and currency.
	other := big
	other.Kind = sale.KindVoucher
	if _, err := r.e.Sell(ctx, other); err != nil {
		t.Fatalf("another kind: %v", err)
	}
	// A forged override, and one for another order, are refused.
	forged := sale.Override{Action: sale.ActionSell, Subject: sale.SellSubject(big), Supervisor: "S1", Reason: "x"}
	r.refused(t, big, sale.SellOptions{Override: &forged}, sale.CodeForbidden)
	wrong := authorize(t, r.auth, sale.ActionSell, sale.SellSubject(amount(big, 90000)), "S1", "2468")
	r.refused(t, big, sale.SellOptions{Override: &wrong}, sale.CodeForbidden)
	// A cashier's PIN never yields an override.
	if _, err := r.auth.Authorize(sale.OverrideRequest{Action: sale.ActionSell, Subject: sale.SellSubject(big), Cashier: "C1", Supervisor: "C1", PIN: "1357", Reason: "x"}); err == nil {
		t.Fatal("a cashier's PIN authorised a sale over the limit")
	}
	// The supervisor's own PIN does; the override is noted on the sale and used once.
	ov := authorize(t, r.auth, sale.ActionSell, sale.SellSubject(big), "S1", "2468")
	s, err := r.e.SellWith(ctx, big, sale.SellOptions{Override: &ov})
	if err != nil || s.State != sale.StateDelivered {
		t.Fatalf("with the override: %v %v", s.State, err)
	}
	evs, _ := r.db.Events(s.Ref)
	if len(evs) < 2 || evs[1].Type != sale.EventNote || evs[1].By != "S1" || evs[1].Note != ov.Note() {
		t.Fatalf("the override is not noted on the sale: %+v", evs)
	}
	big2 := amount(order("27820000002"), 50001)
	r.refused(t, big2, sale.SellOptions{Override: &ov}, sale.CodeForbidden)
}

func TestSameTargetGuardOverride(t *testing.T) {
	r := newLimitRig(t, sale.Limits{}, seq(lostAfter, ok))
	ctx := context.Background()
	o := order("27821112222")
	if s, _ := r.e.Sell(ctx, o); s.State != sale.StateInDoubt {
		t.Fatalf("first sale %s", s.State)
	}
	r.refused(t, o, sale.SellOptions{}, sale.CodeUnresolved)
	ov := authorize(t, r.auth, sale.ActionSell, sale.SellSubject(o), "S1", "2468")
	if s, err := r.e.SellWith(ctx, o, sale.SellOptions{Override: &ov}); err != nil || s.Ref == "" {
		t.Fatalf("with the override: %+v %v", s, err)
	}
}

func TestExposureLimitsRefuseEvenWithAnOverride(t *testing.T) {
	r := newLimitRig(t, sale.Limits{MaxUnresolved: 2, MaxUnresolvedValue: []sale.Money{sale.New(5000, sale.ZAR)}}, always(lostAfter))
	ctx := context.Background()
	for _, n := range []string{"27820000001", "27820000002"} {
		if s, err := r.e.Sell(ctx, amount(order(n), 2000)); err != nil || s.State != sale.StateInDoubt {
			t.Fatalf("sale to %s: %v %v", n, s.State, err)
		}
	}
	o := amount(order("27820000003"), 100)
	r.refused(t, o, sale.SellOptions{}, sale.CodeExposure)
	ov := authorize(t, r.auth, sale.ActionSell, sale.SellSubject(o), "S1", "2468")
	r.refused(t, o, sale.SellOptions{Override: &ov}, sale.CodeExposure)
	if err := r.e.Admit(o, nil); sale.ErrorCode(err) != sale.CodeExposure {
		t.Fatalf("Admit: %v", err)
	}
	// Settling one makes room by count; the value limit still counts.
	open, _ := r.e.Unresolved()
	ovs := authorize(t, r.auth, sale.ActionSettle, string(open[0].Ref), "S1", "2468")
	if _, err := r.e.SuperviseWith(open[0].Ref, true, ovs); err != nil {
		t.Fatal(err)
	}
	r.refused(t, amount(order("27820000004"), 3001), sale.SellOptions{}, sale.CodeExposure)
	if _, err := r.e.Sell(ctx, amount(order("27820000004"), 3000)); err != nil {
		t.Fatalf("within the value limit: %v", err)
	}
}

func TestSuperviseWithAndReprintWithNeedASupervisor(t *testing.T) {
	r := newLimitRig(t, sale.Limits{}, always(lostAfter))
	ctx := context.Background()
	s, _ := r.e.Sell(ctx, order("27825550000"))
	// Settling by hand: a cashier cannot authorise it, a supervisor can.
	if _, err := r.auth.Authorize(sale.OverrideRequest{Action: sale.ActionSettle, Subject: string(s.Ref), Cashier: "C1", Supervisor: "C1", PIN: "1357", Reason: "x"}); err == nil {
		t.Fatal("cashier authorised a settlement")
	}
	if _, err := r.e.SuperviseWith(s.Ref, true, sale.Override{}); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatalf("settle without override: %v", err)
	}
	ov := authorize(t, r.auth, sale.ActionSettle, string(s.Ref), "S1", "2468")
	ns, err := r.e.SuperviseWith(s.Ref, true, ov)
	if err != nil || ns.State != sale.StateDelivered {
		t.Fatalf("settle: %v %v", ns.State, err)
	}
	evs, _ := r.db.Events(s.Ref)
	if last := evs[len(evs)-1]; last.Type != sale.EventSupervisor || last.By != "S1" {
		t.Fatalf("last event %+v", last)
	}
	// A receipt with a token from an earlier day needs a supervisor to copy.
	secret := ns
	secret.Outcome.Items = []sale.Item{{Label: "Token", Value: "1234-5678", Secret: true}}
	if !sale.ReprintNeedsOverride(secret, "2026-03-03") || sale.ReprintNeedsOverride(secret, secret.Day) || sale.ReprintNeedsOverride(ns, "2026-03-03") {
		t.Fatal("ReprintNeedsOverride")
	}
	if _, err := r.e.ReprintWith(s.Ref, "C1", secret.Day, nil); err != nil {
		t.Fatalf("same-day reprint: %v", err)
	}
}

func TestRefusedSaleWritesNothingToTheStore(t *testing.T) {
	// The same check against a fresh journal: counts come from the file.
	db := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer db.Close()
	b := newBackend(always(ok))
	e := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{b},
		Limits: sale.Limits{PerSale: map[sale.Kind]sale.Money{sale.KindAirtime: sale.New(100, sale.ZAR)}}})
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Sell(context.Background(), order("27820000009")); sale.ErrorCode(err) != sale.CodeOverLimit {
		t.Fatalf("%v", err)
	}
	rep, err := db.Verify()
	if err != nil || rep.Events != 0 || rep.Sales != 0 || len(b.sends) != 0 {
		t.Fatalf("events %d, sales %d, sends %d, %v", rep.Events, rep.Sales, len(b.sends), err)
	}
}

func TestSupervisedKindsNeedTheirOwnOverride(t *testing.T) {
	l := sale.Limits{Supervised: map[sale.Kind]sale.Action{sale.KindVoucherRefund: sale.ActionRefund}}
	r := newLimitRig(t, l, always(ok))
	o := order("")
	o.Kind = sale.KindVoucherRefund
	r.refused(t, o, sale.SellOptions{}, sale.CodeSupervised)
	sell := authorize(t, r.auth, sale.ActionSell, sale.SellSubject(o), "S1", "2468")
	r.refused(t, o, sale.SellOptions{Override: &sell}, sale.CodeForbidden)
	if l.OverrideAction(o) != sale.ActionRefund {
		t.Fatal("OverrideAction")
	}
	refund := authorize(t, r.auth, sale.ActionRefund, sale.SellSubject(o), "S1", "2468")
	if s, err := r.e.SellWith(context.Background(), o, sale.SellOptions{Override: &refund}); err != nil || s.State != sale.StateDelivered {
		t.Fatalf("refund with the override: %v %v", s.State, err)
	}
}
