package receipts

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"till/i18n"
	"till/sale"
)

// cardPayment is a delivered card payment of R 10.00 for the airtime sale.
func cardPayment() sale.Sale {
	s := airtime(sale.StateDelivered)
	s.Ref = "STORE042-TILL07-K3M9QZ-1086"
	s.Order = sale.Order{Provider: "flutterwave", Kind: sale.KindTenderCard, ProductName: "Card payment for Vodacom Airtime",
		Target: sale.Target{Kind: sale.TargetAccount, Value: "C1"}, Amount: sale.New(1000, sale.ZAR), Cashier: "Thabo M.",
		Secrets: map[string]string{"token": "flw-t1nf-must-never-print"}}
	s.ProviderRef = "8412907"
	s.Outcome = sale.Outcome{Result: sale.ResultDelivered, ProviderRef: "8412907", Items: []sale.Item{
		{Label: "Card", Value: "MASTERCARD **** 2950"}, {Label: "Flutterwave ref", Value: "FLW-SBX-00000007"},
		{Label: "Processor", Value: "Approved"}, {Label: "Charged", Value: "R 10.00"}}}
	return s
}

// paidByCard is the airtime sale paid by cardPayment, in state st.
func paidByCard(st sale.State) sale.Sale {
	s := delivered()
	if st != sale.StateDelivered {
		s = declined()
	}
	s.Order.Tender = sale.Tender{Kind: sale.TenderCard, Ref: cardPayment().Ref}
	return s
}

// paidByVoucher is the airtime sale paid by voucherPayment.
func paidByVoucher() sale.Sale {
	s := paidByCard(sale.StateDelivered)
	s.Order.Tender.Kind = sale.TenderVoucher
	return s
}

// voucherPayment is a 1Voucher of R 50.00 redeemed for R 10.00, with its
// change voucher.
func voucherPayment() sale.Sale {
	s := cardPayment()
	s.Order.Provider, s.Order.Kind, s.Order.ProductName = "flash", sale.KindTenderVoucher, "1Voucher payment for Vodacom Airtime"
	s.Order.Target, s.Order.Secrets = sale.Target{}, map[string]string{"pin": "1111222233334444"}
	s.Outcome.Items = []sale.Item{{Label: "Redeemed", Value: "R 10.00"}, {Label: "Change voucher", Value: "R 40.00"},
		{Label: "Change PIN", Value: "5555666677778888", Secret: true}, {Label: "Change expiry", Value: "2028-03-14"}}
	return s
}

func TestTenderSlipGolden(t *testing.T) {
	declinedAfterCard := paidByCard(sale.StateDeclined)
	declinedAfterCard.Note = "refund due: R 10.00 paid by Card (payment STORE042-TILL07-K3M9QZ-1086); the sale was DECLINED"
	refunded := declinedAfterCard
	refunded.Note = "refund settled: charge reversed on the Flutterwave dashboard (sup1)"
	unused := cardPayment()
	unused.Note = "refund due: customer left before the airtime was sent"
	pending3DS := cardPayment()
	pending3DS.State, pending3DS.ProviderRef = sale.StatePending, ""
	pending3DS.Outcome = sale.Outcome{Result: sale.ResultPending, Message: "Waiting for the customer to approve the charge.",
		Items: []sale.Item{{Label: "Approve on phone", Value: "http://127.0.0.1:8700/flutterwave/v3/_sandbox/3ds?ref=FLW-SBX-00000008"}}}
	mpesa := cardPayment()
	mpesa.Order.Provider, mpesa.Order.Kind, mpesa.Order.Amount = "mpesaflow", sale.KindTenderMpesa, sale.New(15000, sale.KES)
	mpesa.Order.ProductName, mpesa.Order.Target = "M-Pesa payment for Home meter water", sale.Target{Kind: sale.TargetAccount, Value: "QKJ4ABCD12"}
	mpesa.Outcome.Items = []sale.Item{{Label: "M-Pesa receipt", Value: "QKJ4ABCD12"}, {Label: "Phone", Value: "254******678"},
		{Label: "Amount", Value: "KES 150.00"}, {Label: "Status", Value: "completed"}}

	cases := []struct {
		name    string
		s, paid sale.Sale
	}{
		{"card_paid", paidByCard(sale.StateDelivered), cardPayment()},
		{"refund_due", declinedAfterCard, sale.Sale{}},
		{"refund_settled", refunded, sale.Sale{}},
		{"payment_refund_due", unused, sale.Sale{}},
		{"card_3ds_pending", pending3DS, sale.Sale{}},
		{"mpesa_payment", mpesa, sale.Sale{}},
		{"voucher_change", paidByVoucher(), voucherPayment()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := RenderPaid(c.s, c.paid, Options{Width: 42, Header: shop, Location: sast})
			if err != nil {
				t.Fatal(err)
			}
			checkPrintable(t, out, 42)
			if strings.Contains(out, "must-never-print") {
				t.Fatal("the card token is on the slip")
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestRefundDueOnSlip(t *testing.T) {
	s := paidByCard(sale.StateDeclined)
	s.Note = "refund due: x"
	out, _ := Render(s, Options{Width: 32, Location: time.UTC})
	for _, want := range []string{"REFUND DUE", "R 10.00 was paid by Card", "K3M9QZ-1086"} {
		if !strings.Contains(out, want) {
			t.Errorf("slip lacks %q:\n%s", want, out)
		}
	}
	// A declined cash sale owes nothing once the cash went back at the
	// counter; until then (it failed without the customer) it is owed.
	if out, _ := Render(declined(), Options{Width: 32}); strings.Contains(out, "REFUND") {
		t.Errorf("cash decline says refund:\n%s", out)
	}
	owed := declined()
	owed.GivenBack = false
	if out, _ := Render(owed, Options{Width: 32}); !strings.Contains(out, "REFUND DUE") || !strings.Contains(out, "R 10.00 was paid in cash") {
		t.Errorf("a cash decline not given back:\n%s", out)
	}
	if got := tenderTitle(i18n.EN, sale.KindTenderQRIS); got != "QRIS PAYMENT" {
		t.Errorf("title = %q", got)
	}
}

// The keys the slips look targets and tenders up by are in the catalogue
// (the catalogue's own scan sees only T("…") calls), and every tender the
// till offers has one: none prints as its raw kind.
func TestTargetAndTenderKeysExist(t *testing.T) {
	for k, key := range targetKeys {
		if !i18n.Has(key) {
			t.Errorf("target %s: key %q is not in the catalogue", k, key)
		}
	}
	for k, key := range tenderKeys {
		if !i18n.Has(key) {
			t.Errorf("tender %s: key %q is not in the catalogue", k, key)
		}
	}
	for _, k := range sale.Tenders {
		if got := tenderName(i18n.ID, k); got == string(k) || got == "" {
			t.Errorf("tender %s has no name: %q", k, got)
		}
	}
	if got := targetNoun(i18n.EN, sale.TargetKind("elsewhere")); got != i18n.EN.T("target.other") {
		t.Errorf("an unknown target is %q", got)
	}
}
