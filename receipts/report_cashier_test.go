package receipts

import (
	"strings"
	"testing"
	"time"

	"till/sale"
)

// TestReportPerCashier checks the per-cashier totals: delivered sales by
// the cashier who made them, printed by name.
func TestReportPerCashier(t *testing.T) {
	at := time.Date(2025, 3, 14, 8, 0, 0, 0, time.UTC)
	r := sale.NewDayReport("2025-03-14", "STORE042", "TILL07")
	for i, c := range []struct {
		cashier string
		minor   int64
		st      sale.State
	}{{"1", 1000, sale.StateDelivered}, {"2", 2500, sale.StateDelivered}, {"1", 500, sale.StateDelivered}, {"2", 9900, sale.StateDeclined}} {
		s := sale.Sale{Ref: sale.Reference("STORE042-TILL07-K3M9QZ-" + string(rune('1'+i))), Day: r.Day, State: c.st, CreatedAt: at,
			Order: sale.Order{Provider: "flash", Kind: sale.KindAirtime, Amount: sale.New(c.minor, sale.ZAR), Cashier: c.cashier}}
		if err := r.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	if len(r.Cashiers) != 2 || r.Cashiers[0].Count != 2 || r.Cashiers[0].Amounts[0].Minor != 1500 || r.Cashiers[1].Count != 1 {
		t.Fatalf("cashiers %+v", r.Cashiers)
	}
	names := map[string]string{"1": "Thandi", "2": "Sipho"}
	out, err := RenderReport(r, ReportOptions{Width: 42, CashierName: func(id string) string { return names[id] }})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BY CASHIER (SALES)", "Thandi (2)", "R 15.00", "Sipho (1)", "R 25.00"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// Sales from before cashiers signed in print no per-cashier part.
	r2 := sale.NewDayReport("2025-03-14", "STORE042", "TILL07")
	_ = r2.Add(sale.Sale{Ref: "STORE042-TILL07-K3M9QZ-1", Day: r2.Day, State: sale.StateDelivered, CreatedAt: at,
		Order: sale.Order{Provider: "flash", Kind: sale.KindAirtime, Amount: sale.New(100, sale.ZAR)}})
	if out, _ := RenderReport(r2, ReportOptions{Width: 42}); strings.Contains(out, "BY CASHIER") {
		t.Error("per-cashier part without cashiers")
	}
}
