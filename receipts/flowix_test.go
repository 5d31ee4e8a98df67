package receipts

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"till/sale"
)

// wib is Western Indonesia Time, the demo shop's zone for these slips.
var wib = time.FixedZone("WIB", 7*60*60)

var tokoShop = Header{ShopName: "Toko Demo Sejahtera", Address: []string{"Jl. Sudirman 1, Jakarta"}, Footer: "Terima kasih!"}

const testQRIS = "00020101021226650016ID.CO.FLOWIX.WWW01189360099900000000170212FLX0000000170303UMI" +
	"51440014ID.CO.QRIS.WWW0215ID10230000000170303UMI5204599953033605405507005802ID" +
	"5909TOKO DEMO6007JAKARTA61051011062330121DEP-SBX-231025-0000010704TILL6304BCFD"

func idr(n int64) sale.Money { return sale.New(n, sale.IDR) }

// fxSale is a Flowix sale made at 14:05 WIB on 23 Nov 2025.
func fxSale(kind sale.Kind, st sale.State) sale.Sale {
	return sale.Sale{
		Ref: "TOKO01-TILL1-AB12CD-42", StoreID: "TOKO01", TerminalID: "TILL1", Day: "2025-11-23",
		Order: sale.Order{Provider: "flowix", Kind: kind, Cashier: "Sari", Tender: sale.Tender{Kind: sale.TenderCash}},
		State: st, Attempts: 1,
		CreatedAt: time.Date(2025, 11, 23, 7, 5, 9, 0, time.UTC), UpdatedAt: time.Date(2025, 11, 23, 7, 5, 15, 0, time.UTC),
	}
}

func pulsaSale() sale.Sale {
	s := fxSale(sale.KindPulsa, sale.StateDelivered)
	s.Order.Product, s.Order.ProductName = "TSEL10", "Telkomsel 10k"
	s.Order.Target = sale.Target{Kind: sale.TargetMobile, Value: "081234567890"}
	s.Order.Amount = idr(10500)
	s.ProviderRef = "TRX-SBX-000000017"
	s.Outcome = sale.Outcome{Result: sale.ResultDelivered, Code: "success", Message: "Delivered", ProviderRef: s.ProviderRef,
		Items: []sale.Item{{Label: "SN", Value: "0412345678901234567890"}}}
	return s
}

func plnSale() sale.Sale {
	s := pulsaSale()
	s.Order.Product, s.Order.ProductName = "PLN20", "Token PLN 20.000"
	s.Order.Target = sale.Target{Kind: sale.TargetMeter, Value: "12345678901"}
	s.Order.Amount = idr(20300)
	s.Outcome.Items = []sale.Item{
		{Label: "Token", Value: "1234 5678 9012 3456 7890", Secret: true},
		{Label: "Token info", Value: "PELANGGAN DEMO/R1/1300VA/13.6kWh"},
	}
	return s
}

func billSale() sale.Sale {
	s := fxSale(sale.KindBill, sale.StateDelivered)
	s.Order.Product, s.Order.ProductName = "PLNPASCA", "PLN Pascabayar"
	s.Order.Target = sale.Target{Kind: sale.TargetAccount, Value: "512345678901"}
	s.Order.Amount = idr(57000)
	s.Order.Params = map[string]string{fxParamInquiry: "INQ-1700000001", fxParamCustomer: "BUDI SANTOSO",
		fxParamPeriod: "2023-10", fxParamBill: "54500", fxParamAdminFee: "2500"}
	s.ProviderRef = "TRX-SBX-000000018"
	s.PendingID = "INQ-1700000001"
	s.Outcome = sale.Outcome{Result: sale.ResultDelivered, Code: "success", Message: "Delivered", ProviderRef: s.ProviderRef,
		Items: []sale.Item{{Label: "SN", Value: "REF-PLN-0099182"}}}
	return s
}

func payoutSale(st sale.State) sale.Sale {
	s := fxSale(sale.KindPayout, st)
	s.Order.Product, s.Order.ProductName = "BCA", "BANK CENTRAL ASIA"
	s.Order.Target = sale.Target{Kind: sale.TargetAccount, Value: "1234567890"}
	s.Order.Amount = idr(100000)
	s.Order.Params = map[string]string{fxParamBankCode: "BCA", fxParamAccountName: "DANI JOEST", fxParamBankName: "BANK CENTRAL ASIA"}
	s.Outcome = sale.Outcome{Result: sale.ResultPending, Code: "processing", Message: "Flowix is sending the money; the till will check it."}
	if st == sale.StateDelivered {
		s.Outcome = sale.Outcome{Result: sale.ResultDelivered, Code: "success", Message: "Sent", Amount: idr(100000),
			Items: []sale.Item{{Label: "Bank", Value: "BANK CENTRAL ASIA"}, {Label: "Account name", Value: "DANI JOEST"},
				{Label: "Fee", Value: "Rp 2.500"}, {Label: "Total deducted", Value: "Rp 102.500"}}}
	}
	return s
}

func depositPending() sale.Sale {
	s := fxSale(sale.KindDeposit, sale.StatePending)
	s.Order.Product, s.Order.ProductName = "QRIS", "QRIS (All Payment)"
	s.Order.Tender = sale.Tender{}
	s.Order.Amount = idr(50000)
	s.Order.Params = map[string]string{fxParamMethod: "QRIS", fxParamFeeByCo: "true"}
	s.ProviderRef, s.PendingID = "DEP-SBX-251123-000001", "DEP-SBX-251123-000001"
	s.Outcome = sale.Outcome{Result: sale.ResultPending, Code: "pending", ProviderRef: s.ProviderRef, PendingID: s.PendingID,
		Message: "Waiting for the customer to pay Rp 50.700 before 14:20 WIB.",
		Items: []sale.Item{
			{Label: "Deposit ref", Value: s.PendingID}, {Label: "Amount", Value: "Rp 50.000"}, {Label: "Fee", Value: "Rp 700"},
			{Label: "Total to pay", Value: "Rp 50.700"}, {Label: "Received", Value: "Rp 50.000"},
			{Label: "Expires", Value: "2025-11-23T14:20:09+07:00"}, {Label: "qris", Value: testQRIS},
			{Label: "QRIS merchant", Value: "TOKO DEMO, JAKARTA"},
		}}
	return s
}

func depositPaid() sale.Sale {
	s := depositPending()
	s.State = sale.StateDelivered
	s.Outcome = sale.Outcome{Result: sale.ResultDelivered, Code: "paid", Message: "Paid", Amount: idr(50700),
		ProviderRef: s.ProviderRef, PendingID: s.PendingID,
		Items: []sale.Item{{Label: "Received", Value: "Rp 50.000"}, {Label: "Fee", Value: "Rp 700"}, {Label: "Paid at", Value: "2025-11-23 14:06 WIB"}}}
	return s
}

func TestFlowixGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		sale sale.Sale
	}{
		{"pulsa", pulsaSale()},
		{"pln_token", plnSale()},
		{"bill", billSale()},
		{"payout_sent", payoutSale(sale.StateDelivered)},
		{"payout_pending", payoutSale(sale.StatePending)},
		{"deposit_pending", depositPending()},
		{"deposit_paid", depositPaid()},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, w := range []int{32, 42} {
				t.Run(strconv.Itoa(w), func(t *testing.T) {
					out, err := Render(c.sale, Options{Width: w, Header: tokoShop, Location: wib})
					if err != nil {
						t.Fatal(err)
					}
					checkPrintable(t, out, w)
					golden.RequireEqual(t, []byte(out))
				})
			}
		})
	}
}

// The QRIS payload is a payment request for the screen: it is never
// printed, on an open deposit or any other slip; the PLN token always is.
func TestFlowixReceiptContents(t *testing.T) {
	for _, s := range []sale.Sale{depositPending(), depositPaid()} {
		out, err := Render(s, Options{Width: 48})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "000201") || strings.Contains(strings.ReplaceAll(out, "\n", ""), "ID.CO.QRIS") {
			t.Errorf("the QRIS payload is printed:\n%s", out)
		}
	}
	out, _ := Render(plnSale(), Options{Width: 32})
	if !strings.Contains(out, "1234 5678 9012 3456 7890") {
		t.Errorf("PLN token missing:\n%s", out)
	}
	out, _ = Render(billSale(), Options{Width: 42})
	for _, want := range []string{"BUDI SANTOSO", "2023-10", "Rp 54.500", "Rp 2.500", "Rp 57.000", "INQ-1700000001"} {
		if !strings.Contains(out, want) {
			t.Errorf("bill receipt lacks %q:\n%s", want, out)
		}
	}
	out, _ = Render(payoutSale(sale.StateDelivered), Options{Width: 42})
	for _, want := range []string{"TRANSFER", "DANI JOEST", "BANK CENTRAL ASIA (BCA)", "123****890", "Rp 100.000", "Rp 102.500"} {
		if !strings.Contains(out, want) {
			t.Errorf("payout receipt lacks %q:\n%s", want, out)
		}
	}
}
