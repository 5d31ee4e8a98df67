package receipts

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"till/i18n"
	"till/sale"
)

// TestIndonesianGolden pins every kind of slip and report in Bahasa
// Indonesia at 32, 42 and 48 columns, with times in WIB: the same sales as
// the English goldens (TestRenderGolden, TestFlowixGolden, TestTenderSlipGolden,
// TestWaterGolden, TestReportGolden, TestCodeSlipGolden).
func TestIndonesianGolden(t *testing.T) {
	declinedAfterCard := paidByCard(sale.StateDeclined)
	declinedAfterCard.Note = "refund due: R 10.00 paid by Card"
	refunded := declinedAfterCard
	refunded.Note = "refund settled: charge reversed on the Flutterwave dashboard (sup1)"
	big := delivered()
	big.Order.Amount = sale.New(123450, sale.ZAR)
	big.Order.Tender = sale.Tender{Kind: sale.TenderCash, Tendered: sale.New(200000, sale.ZAR)}
	slips := []struct {
		name    string
		s, paid sale.Sale
	}{
		{"delivered", delivered(), sale.Sale{}},
		{"delivered_cash_grouped", big, sale.Sale{}},
		{"declined", declined(), sale.Sale{}},
		{"in_doubt", inDoubt(), sale.Sale{}},
		{"pending", pending(), sale.Sale{}},
		{"pinned", pinned(), sale.Sale{}},
		{"pulsa", pulsaSale(), sale.Sale{}},
		{"pln_token", plnSale(), sale.Sale{}},
		{"bill", billSale(), sale.Sale{}},
		{"payout_sent", payoutSale(sale.StateDelivered), sale.Sale{}},
		{"payout_pending", payoutSale(sale.StatePending), sale.Sale{}},
		{"deposit_pending", depositPending(), sale.Sale{}},
		{"deposit_paid", depositPaid(), sale.Sale{}},
		{"card_paid", paidByCard(sale.StateDelivered), cardPayment()},
		{"refund_due", declinedAfterCard, sale.Sale{}},
		{"refund_settled", refunded, sale.Sale{}},
		{"voucher_change", paidByVoucher(), voucherPayment()},
		{"water_completed", waterDelivered(), sale.Sale{}},
		{"water_lost", waterLost(), sale.Sale{}},
	}
	for _, c := range slips {
		t.Run(c.name, func(t *testing.T) {
			for _, w := range []int{32, 42, 48} {
				t.Run(strconv.Itoa(w), func(t *testing.T) {
					out, err := RenderPaid(c.s, c.paid, Options{Width: w, Header: tokoShop, Location: wib, Language: i18n.ID})
					if err != nil {
						t.Fatal(err)
					}
					checkPrintable(t, out, w)
					golden.RequireEqual(t, []byte(out))
				})
			}
		})
	}
	r := dayReport(t)
	open := r
	open.Closed, open.Counted, open.Variance = nil, nil, nil
	for _, w := range []int{32, 42, 48} {
		for _, rep := range []struct {
			name string
			r    sale.DayReport
			z    bool
		}{{"z", r, true}, {"x", open, false}} {
			t.Run("report_"+rep.name+"/"+strconv.Itoa(w), func(t *testing.T) {
				out, err := RenderReport(rep.r, ReportOptions{Width: w, Header: tokoShop, Location: wib, Z: rep.z,
					Printed: r.Closed.At, PrintedBy: "sari", Language: i18n.ID})
				if err != nil {
					t.Fatal(err)
				}
				checkPrintable(t, out, w)
				golden.RequireEqual(t, []byte(out))
			})
		}
		t.Run("code_qris/"+strconv.Itoa(w), func(t *testing.T) {
			slip := DepositCodeSlip(i18n.ID, DepositCode{Method: "QRIS", PayTo: "TOKO DEMO, JAKARTA", Total: "Rp 50.700",
				Reference: "DEP-SBX-251123-000001", Sale: "TOKO01-TILL1-x7k2q9-1"}, qrisPayload)
			slip.At, slip.Expires = time.Date(2025, 11, 23, 14, 5, 9, 0, wib), time.Date(2025, 11, 23, 7, 20, 9, 0, time.UTC)
			lines, err := CodeLines(slip, Options{Width: w, Header: tokoShop, Location: wib, Cashier: "sari", Language: i18n.ID})
			if err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, slipText(lines))
		})
	}
}

// An Indonesian slip says BERHASIL, never SUCCESSFUL, and carries no
// English word of the till's own (provider text is printed as sent).
func TestIndonesianSlipWords(t *testing.T) {
	out, err := Render(pulsaSale(), Options{Width: 42, Location: wib, Language: i18n.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "BERHASIL") || strings.Contains(out, "SUCCESSFUL") {
		t.Errorf("an Indonesian pulsa slip:\n%s", out)
	}
	if !strings.Contains(out, "WIB") {
		t.Errorf("no WIB time:\n%s", out)
	}
	for _, en := range []string{"Cashier", "Amount", "Product", "Date", "Paid by", "Keep this slip"} {
		if strings.Contains(out, en) {
			t.Errorf("English %q on an Indonesian slip:\n%s", en, out)
		}
	}
}
