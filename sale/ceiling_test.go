package sale_test

import (
	"context"
	"testing"

	"till/sale"
)

// TestCeilingsAndMost: a kind's ceiling in a currency stands where PerSale
// names none (kind "" for every other kind) and a supervisor may pass it;
// Most no override passes, and nothing is journaled or sent.
func TestCeilingsAndMost(t *testing.T) {
	l := sale.Limits{
		PerSale:  map[sale.Kind]sale.Money{sale.KindAirtime: sale.New(50000, sale.ZAR)},
		Ceilings: map[sale.Kind][]sale.Money{sale.KindAirtime: {sale.New(100, sale.ZAR)}, "": {sale.New(20000, sale.ZAR)}},
		Most:     []sale.Money{sale.New(1000000, sale.ZAR)},
	}
	r := newLimitRig(t, l, always(ok))
	ctx := context.Background()
	// PerSale of the kind in the currency wins over its ceiling.
	if s, err := r.e.Sell(ctx, amount(order("27820000001"), 50000)); err != nil || s.State != sale.StateDelivered {
		t.Fatalf("within PerSale: %v %v", s.State, err)
	}
	// Another kind falls to the ceiling of every kind.
	v := amount(order("27820000002"), 20001)
	v.Kind = sale.KindVoucher
	r.refused(t, v, sale.SellOptions{}, sale.CodeOverLimit)
	if max, ok := sale.PerSaleLimit(l, v); !ok || max != sale.New(20000, sale.ZAR) {
		t.Fatalf("PerSaleLimit %v %v", max, ok)
	}
	ov := authorize(t, r.auth, sale.ActionSell, sale.SellSubject(v), "S1", "2468")
	if s, err := r.e.SellWith(ctx, v, sale.SellOptions{Override: &ov}); err != nil || s.State != sale.StateDelivered {
		t.Fatalf("over the ceiling with an override: %v %v", s.State, err)
	}
	// Above Most: refused with an override too, as bad input.
	huge := amount(order("27820000003"), 1000001)
	huge.Kind = sale.KindVoucher
	ov2 := authorize(t, r.auth, sale.ActionSell, sale.SellSubject(huge), "S1", "2468")
	r.refused(t, huge, sale.SellOptions{Override: &ov2}, sale.CodeInvalid)
	_, err := r.e.SellWith(ctx, huge, sale.SellOptions{})
	if sale.NeedsOverride(err) {
		t.Fatalf("above Most offers an override: %v", err)
	}
	// Another currency has its own (none here): not limited.
	k := amount(order("27820000004"), 1000001)
	k.Kind, k.Amount = sale.KindVoucher, sale.New(1, sale.KES)
	if _, ok := sale.PerSaleLimit(l, k); ok {
		t.Fatal("a ZAR ceiling limited a KES sale")
	}
}
