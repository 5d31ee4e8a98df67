package sale_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"till/sale"
	"till/store"
)

// A payment that nobody used stays on the Payments list however many sales
// came after it: TenderIssues reads the journal's index of payment issues,
// not the newest few thousand sales. Once a sale uses it, it leaves.
func TestOldPaymentStaysAnIssue(t *testing.T) {
	r := newTenderRig(t, ok, sale.ResultDelivered)
	ctx := context.Background()
	vend := order("27821234567")
	p, err := r.e.Pay(ctx, vend, cardPayment())
	if err != nil || p.State != sale.StateDelivered {
		t.Fatalf("pay = %+v, %v", p, err)
	}
	// 2,500 delivered cash sales after it (the old look-back was 2,000).
	at := r.clk.Now()
	var bulk []store.BulkSale
	for i := range 2500 {
		o := order(fmt.Sprintf("2782%07d", i))
		o.Tender = sale.Tender{Kind: sale.TenderCash, Tendered: o.Amount}
		at = at.Add(time.Second)
		bulk = append(bulk, store.BulkSale{Order: o, At: at, Events: []sale.Event{
			{Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1},
			{Type: sale.EventOutcome, At: at, State: sale.StateDelivered, Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0"}},
		}})
	}
	if err := r.j.Bulk(bulk); err != nil {
		t.Fatal(err)
	}
	issues, err := r.e.TenderIssues()
	if err != nil || len(issues) != 1 || issues[0].Kind != sale.IssuePaidNotVended || issues[0].Sale.Ref != p.Ref {
		t.Fatalf("issues = %+v, %v", issues, err)
	}
	s, err := r.e.Vend(ctx, paid(vend, p))
	if err != nil || s.State != sale.StateDelivered {
		t.Fatalf("vend = %+v, %v", s, err)
	}
	if issues, _ := r.e.TenderIssues(); len(issues) != 0 {
		t.Fatalf("after the vend, issues = %+v", issues)
	}
	// One payment pays for one sale, however old it is.
	if _, err := r.e.Vend(ctx, paid(vend, p)); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("second vend on one payment: %v", err)
	}
	if rep, err := r.j.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep.Bad, err)
	}
}
