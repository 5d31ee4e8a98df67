package sale

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func reportSale(no int, kind Kind, provider, product string, amt Money, tender TenderKind, st State, at time.Time) Sale {
	return Sale{
		Ref: Reference("S1-T1-ABC123-" + string(rune('0'+no))), Day: "2025-03-14", State: st, CreatedAt: at,
		Order: Order{Provider: provider, Kind: kind, ProductName: product, Amount: amt,
			Target: Target{Kind: TargetMobile, Value: "27821234567"}, Tender: Tender{Kind: tender}},
	}
}

func TestDayReportAdd(t *testing.T) {
	at := time.Date(2025, 3, 14, 8, 0, 0, 0, time.UTC)
	sales := []Sale{
		reportSale(1, KindAirtime, "flash", "Vodacom Airtime", New(1000, ZAR), TenderCash, StateDelivered, at),
		reportSale(2, KindAirtime, "flash", "Vodacom Airtime", New(2500, ZAR), TenderCash, StateDelivered, at.Add(time.Minute)),
		reportSale(3, KindPulsa, "flowix", "Telkomsel 50k", New(50000, IDR), TenderQRIS, StateDelivered, at.Add(2*time.Minute)),
		reportSale(4, KindCashOut, "flash", "", New(20000, ZAR), TenderCash, StateDelivered, at.Add(3*time.Minute)),
		reportSale(5, KindAirtime, "flash", "MTN Airtime", New(500, ZAR), TenderCash, StateInDoubt, at.Add(4*time.Minute)),
		reportSale(6, KindElectricity, "flash", "Eskom", New(5000, ZAR), TenderMpesa, StateDeclined, at.Add(5*time.Minute)),
		reportSale(7, KindTenderMpesa, "mpesaflow", "", New(5000, ZAR), TenderMpesa, StateDelivered, at.Add(6*time.Minute)),
		reportSale(8, KindAirtime, "flash", "MTN Airtime", New(700, ZAR), TenderCash, StateDeclined, at.Add(7*time.Minute)),
	}
	sales[0].Reprints = 2
	sales[7].GivenBack = true
	r := NewDayReport("2025-03-14", "S1", "T1")
	for _, s := range sales {
		if err := r.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	if r.Sales != 8 || r.First != sales[0].Ref || r.Last != sales[7].Ref || r.Reprints != 2 {
		t.Errorf("sales %d first %s last %s reprints %d", r.Sales, r.First, r.Last, r.Reprints)
	}
	// Currencies are never added together; a cash-out PIN is bought, so it
	// is sold; tender payments are not sales.
	if diff := cmp.Diff([]Money{New(50000, IDR), New(23500, ZAR)}, r.Sold); diff != "" {
		t.Errorf("sold (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Money{}, r.PaidOut); diff != "" {
		t.Errorf("paid out (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Money{New(5000, ZAR)}, r.Collected); diff != "" {
		t.Errorf("collected (-want +got):\n%s", diff)
	}
	wantProducts := []Group{
		{Name: "airtime: Vodacom Airtime", Count: 2, Amounts: []Money{New(3500, ZAR)}},
		{Name: "cashout", Count: 1, Amounts: []Money{New(20000, ZAR)}},
		{Name: "pulsa: Telkomsel 50k", Count: 1, Amounts: []Money{New(50000, IDR)}},
		{Name: "tender-mpesa", Count: 1, Amounts: []Money{New(5000, ZAR)}},
	}
	if diff := cmp.Diff(wantProducts, r.Products); diff != "" {
		t.Errorf("products (-want +got):\n%s", diff)
	}
	wantTenders := []Group{
		{Name: "cash", Count: 3, Amounts: []Money{New(23500, ZAR)}},
		{Name: "mpesa", Count: 1, Amounts: []Money{New(5000, ZAR)}},
		{Name: "qris", Count: 1, Amounts: []Money{New(50000, IDR)}},
	}
	if diff := cmp.Diff(wantTenders, r.Tenders); diff != "" {
		t.Errorf("tenders (-want +got):\n%s", diff)
	}
	var outcomes []string
	for _, g := range r.Outcomes {
		outcomes = append(outcomes, g.Name)
	}
	if diff := cmp.Diff([]string{"IN_DOUBT", "DELIVERED", "DECLINED"}, outcomes); diff != "" {
		t.Errorf("outcomes in States order (-want +got):\n%s", diff)
	}
	if len(r.Unresolved) != 1 || r.Unresolved[0].Ref != sales[4].Ref {
		t.Errorf("unresolved = %+v", r.Unresolved)
	}
	// Declined after M-Pesa: refund due. Declined after cash: the cash went
	// back at the counter.
	if len(r.RefundDue) != 1 || r.RefundDue[0].Ref != sales[5].Ref {
		t.Errorf("refund due = %+v", r.RefundDue)
	}
	sum := r.Summary()
	for _, want := range []string{"8 sale(s)", "sold IDR 50000, ZAR 235.00", "cash expected ZAR 240.00", "1 unresolved: " + string(sales[4].Ref), "1 refund due", "first " + string(sales[0].Ref)} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q: %s", want, sum)
		}
	}
	if err := r.Add(Sale{Ref: "x", Day: "2025-03-15"}); ErrorCode(err) != CodeInvalid {
		t.Errorf("a sale of another day: %v", err)
	}
}

func TestRefundDue(t *testing.T) {
	s := reportSale(1, KindAirtime, "flash", "", New(1000, ZAR), TenderCard, StateDeclined, time.Now())
	if !RefundDue(s) {
		t.Fatal("declined after a card tender is refund due")
	}
	s.Note = "Refund settled: card reversal RV-1 by supervisor"
	if RefundDue(s) {
		t.Error("a settled refund is still due")
	}
	s.Note, s.State = "", StateNotSent
	if !RefundDue(s) {
		t.Error("not sent after a card tender is refund due")
	}
	for _, st := range []State{StateDelivered, StateInDoubt, StatePending} {
		s.State = st
		if RefundDue(s) {
			t.Errorf("%s is refund due", st)
		}
	}
	s.State, s.Order.Kind = StateDeclined, KindTenderCard
	if RefundDue(s) {
		t.Error("a failed tender payment took nothing, so nothing is due")
	}
}

func TestKindFlow(t *testing.T) {
	for k, want := range map[Kind]Flow{KindAirtime: FlowIn, KindDeposit: FlowIn, KindCashOut: FlowIn, KindPayout: FlowIn,
		KindVoucherPayout: FlowOut, KindVoucherRedeem: FlowOut, KindCashOutCancel: FlowOut, KindVoucherRefund: FlowOut, KindTenderQRIS: FlowTender, KindTenderCard: FlowTender} {
		if got := k.Flow(); got != want {
			t.Errorf("%s.Flow() = %d, want %d", k, got, want)
		}
	}
	if NextDay("2025-12-31") != "2026-01-01" || NextDay("nope") != "" {
		t.Error("NextDay")
	}
}
