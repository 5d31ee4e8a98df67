package flash_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/providers/flash"
	"till/providers/sandbox"
	"till/sale"
)

var grouped = regexp.MustCompile(`^\d{4} \d{4} \d{4} \d{4} \d{4}$`)

func TestMeterLookup(t *testing.T) {
	st := newStack(t, sandbox.Options{}, 5*time.Second)
	ctx := context.Background()
	m, err := st.client.LookupMeter(ctx, flash.MeterQuery{Meter: sandbox.MeterArrears, Amount: zar(5000)})
	if err != nil {
		t.Fatal(err)
	}
	want := flash.Meter{Number: sandbox.MeterArrears, Customer: "J. VAN DER MERWE", Address: "8 Kerk St, Stellenbosch 7600",
		Utility: "Stellenbosch Municipality", UtilityAddress: "Plein St, Stellenbosch", CallCentre: "021 808 8111",
		VATNumber: "4700102181", Tariff: "Domestic Prepaid", Arrears: zar(35000),
		ArrearsNote: "Municipal arrears: 25% of each purchase is recovered", Min: zar(2000), Max: zar(200000),
		SGC: "201833", KRN: "1", TI: "02", Algorithm: "07", TokenTech: "02", Ref: m.Ref}
	if d := cmp.Diff(want, m); d != "" {
		t.Errorf("meter (-want +got):\n%s", d)
	}
	if !regexp.MustCompile(`^STORE1-TILL1-L[0-9A-Z]{10,14}$`).MatchString(m.Ref) || len(m.Ref) > 40 {
		t.Errorf("lookup reference %q", m.Ref)
	}
	body := st.wire.last("/aggregation/4.0/prepaid-utilities/lookup")
	if body["reference"] != m.Ref || body["amount"] != json.Number("5000") || body["meterNumber"] != sandbox.MeterArrears {
		t.Errorf("lookup request %v", body)
	}
	if _, ok := body["storeId"]; ok {
		t.Error("the lookup's table has no storeId, but it was sent")
	}
	again, _ := st.client.LookupMeter(ctx, flash.MeterQuery{Meter: sandbox.MeterArrears, Amount: zar(5000)})
	if again.Ref == m.Ref {
		t.Error("two lookups shared a reference")
	}
	fbe, err := st.client.LookupMeter(ctx, flash.MeterQuery{Meter: sandbox.MeterFBE, Amount: zar(1000)})
	if err != nil || !fbe.FBE || fbe.Customer != "S. NDLOVU" {
		t.Errorf("FBE meter: %+v %v", fbe, err)
	}
	for meter, code := range map[string]string{sandbox.MeterUnknown: sale.CodeNotFound, sandbox.MeterBlocked: sale.CodeInvalid, "12-34": sale.CodeInvalid} {
		_, err := st.client.LookupMeter(ctx, flash.MeterQuery{Meter: meter, Amount: zar(1000)})
		if sale.ErrorCode(err) != code {
			t.Errorf("meter %s: %v, want %s", meter, err, code)
		}
	}
	if _, err := st.client.LookupMeter(ctx, flash.MeterQuery{Meter: sandbox.MeterUnknown, Amount: zar(1000)}); !strings.Contains(sale.ErrorMessage(err), "not found") {
		t.Errorf("unknown meter message: %v", err)
	}
	if _, _, err := st.client.LookupMeterCard(ctx, sandbox.MeterCityPower, zar(1000), false); err != nil {
		t.Error(err)
	}
}

func TestElectricityPurchases(t *testing.T) {
	st := newStack(t, sandbox.Options{}, 5*time.Second)

	s := st.sell(t, electricity(sandbox.MeterKeyChange, 10000, false))
	if s.State != sale.StateDelivered {
		t.Fatalf("key change: %+v", s.Outcome)
	}
	sec := secrets(s)
	if len(sec) != 3 || sec[0][0] != "Key change token 1" || sec[1][0] != "Key change token 2" || sec[2][0] != "Credit token" {
		t.Fatalf("key change tokens %v", sec)
	}
	for _, tk := range sec {
		if !grouped.MatchString(tk[1]) {
			t.Errorf("token %q is not in groups of four", tk[1])
		}
	}
	for label, want := range map[string]string{"New KRN": "2", "New SGC": "123457", "SGC": "123456", "Utility": "Eskom Direct",
		"Units": "47.3 kWh", "Tariff": "Homelight 20A", "VAT No": "4740101508", "Call centre": "08600 37566"} {
		if got := item(s, label); got != want {
			t.Errorf("key change %s = %q, want %q", label, got, want)
		}
	}
	body := st.wire.last("/aggregation/4.0/prepaid-utilities/purchase")
	if body["storeId"] != "STORE1" || body["terminalId"] != "TILL1" || body["isFBE"] != false || body["meterNumber"] != sandbox.MeterKeyChange {
		t.Errorf("purchase request %v", body)
	}

	s = st.sell(t, electricity(sandbox.MeterCityPower, 20000, false))
	for label, want := range map[string]string{"Service charge": "R 5.00", "Network charge": "R 8.50",
		"Block 1": "50.0 kWh @ 245.67c = R 122.83", "Block 2": "20.3 kWh @ 312.40c = R 63.67", "VAT included": "R 26.09",
		"Units": "70.3 kWh", "Customer": "T. MOKOENA"} {
		if got := item(s, label); got != want {
			t.Errorf("City Power %s = %q, want %q", label, got, want)
		}
	}

	s = st.sell(t, electricity(sandbox.MeterArrears, 10000, false))
	if item(s, "Debt recovered") != "R 25.00 (Arrears recovery)" || item(s, "Debt outstanding") != "R 325.00" {
		t.Errorf("arrears: %v", s.Outcome.Items)
	}
	m, _ := st.client.LookupMeter(context.Background(), flash.MeterQuery{Meter: sandbox.MeterArrears, Amount: zar(1000)})
	if m.Arrears != zar(32500) {
		t.Errorf("arrears after a purchase: %s", m.Arrears)
	}

	s = st.sell(t, electricity(sandbox.MeterFBE, 5000, true))
	if sec := secrets(s); len(sec) != 2 || sec[0][0] != "Credit token" || sec[1][0] != "Free basic token" {
		t.Errorf("FBE tokens %v", secrets(s))
	}
	s = st.sell(t, electricity(sandbox.MeterFBE, 5000, true))
	if sec := secrets(s); len(sec) != 1 {
		t.Errorf("a second FBE purchase in the month: %v", sec)
	}
	s = st.sell(t, electricity(sandbox.MeterCityPower, 5000, true))
	if s.State != sale.StateDeclined || s.Outcome.Code != flash.CodeFBENotEligible.String() {
		t.Errorf("FBE on a meter without it: %s %+v", s.State, s.Outcome)
	}
	s = st.sell(t, electricity(sandbox.MeterCityPower, 500, false))
	if s.State != sale.StateDeclined || s.Outcome.Code != flash.CodeAmountOutOfRange.String() {
		t.Errorf("below the vend minimum: %s %+v", s.State, s.Outcome)
	}
}

// TestElectricityLostTokenIsInDoubt: an answer whose token is blank is
// never delivered; the resend with the same reference gets the stored,
// complete answer and the meter is sold to once.
func TestElectricityLostTokenIsInDoubt(t *testing.T) {
	st := newStack(t, sandbox.Options{}, 5*time.Second)
	s := st.sell(t, electricity(sandbox.MeterLostToken, 5000, false))
	if s.State != sale.StateInDoubt || s.Outcome.Code != "incomplete" || !strings.Contains(s.Outcome.Message, "token is blank") {
		t.Fatalf("first answer: %s %+v", s.State, s.Outcome)
	}
	if len(s.Outcome.Items) != 0 {
		t.Errorf("an in-doubt sale carries items %v", s.Outcome.Items)
	}
	s = st.settle(t, s.Ref)
	if s.State != sale.StateDelivered || !grouped.MatchString(item(s, "Credit token")) || s.Attempts != 2 {
		t.Errorf("after the resend: %s attempts %d %v", s.State, s.Attempts, s.Outcome.Items)
	}
	if n := st.srv.Applied(string(s.Ref)); n != 1 {
		t.Errorf("applied %d times", n)
	}
}

func TestOneVoucher(t *testing.T) {
	st := newStack(t, sandbox.Options{}, 5*time.Second)
	bought := st.sell(t, voucherOrder(sale.KindVoucher, "2001", "1Voucher", 10000))
	pin := strings.ReplaceAll(item(bought, flash.LabelPIN), " ", "")
	if bought.State != sale.StateDelivered || len(pin) != 16 || !bought.Outcome.Items[0].Secret {
		t.Fatalf("purchase: %s %v", bought.State, bought.Outcome.Items)
	}
	for _, l := range []string{flash.LabelSerial, flash.LabelExpiry, flash.LabelInstructions, flash.LabelTerms} {
		if item(bought, l) == "" {
			t.Errorf("purchase lacks %s: %v", l, bought.Outcome.Items)
		}
	}
	if b := st.wire.last("/aggregation/4.0/1voucher/purchase"); b["storeId"] != "STORE1" || b["paymentMethod"] != "cash" {
		t.Errorf("purchase request %v", b)
	}

	part := st.sell(t, redeemOrder(pin, 3000, "", false))
	if part.State != sale.StateDelivered || item(part, flash.LabelRedeemed) != "R 30.00" ||
		item(part, "Change Value") != "R 70.00" || !grouped.MatchString(item(part, "Change PIN")+" 0000") {
		t.Fatalf("partial redeem: %s %v", part.State, part.Outcome.Items)
	}
	if item(part, flash.LabelVoucher) != "**** **** **** "+pin[12:] {
		t.Errorf("the redeemed PIN is not masked: %q", item(part, flash.LabelVoucher))
	}
	if b := st.wire.last("/aggregation/4.0/1voucher/redeem"); b["pin"] != pin || b["amount"] != json.Number("3000") || b["terminalId"] != "TILL1" {
		t.Errorf("redeem request %v", b)
	}
	again := st.sell(t, redeemOrder(pin, 1000, "", false))
	if again.State != sale.StateDeclined || again.Outcome.Code != flash.CodeVoucherRedeemed.String() {
		t.Errorf("second redeem: %s %+v", again.State, again.Outcome)
	}
	change := strings.ReplaceAll(item(part, "Change PIN"), " ", "")
	full := st.sell(t, redeemOrder(change, 7000, "", true))
	if full.State != sale.StateDelivered || item(full, flash.LabelStatus) != "Redeemed" || len(secrets(full)) != 0 {
		t.Errorf("full redeem of the change: %s %v", full.State, full.Outcome.Items)
	}
	if b := st.wire.last("/aggregation/4.0/1voucher/redeem"); b["amount"] != json.Number("0") {
		t.Errorf("a full redeem sends amount 0, got %v", b["amount"])
	}
	sms := st.sell(t, redeemOrder(sandbox.DemoVoucherR250, 5000, "27821234567", false))
	if sms.State != sale.StateDelivered || item(sms, flash.LabelChangeSentSMS) != "R 200.00 sent by SMS to 278*****567" || len(secrets(sms)) != 0 {
		t.Errorf("partial redeem by SMS: %s %v", sms.State, sms.Outcome.Items)
	}
	wrongValue := st.sell(t, redeemOrder(sandbox.DemoVoucherR100, 5000, "", true))
	if wrongValue.State != sale.StateInDoubt || wrongValue.Outcome.Code != "amount_mismatch" {
		t.Errorf("a full redeem of another value than declared: %s %+v", wrongValue.State, wrongValue.Outcome)
	}
	for pin, code := range map[string]flash.Code{sandbox.DemoVoucherUsed: flash.CodeVoucherRedeemed,
		sandbox.DemoVoucherExpired: flash.CodeVoucherExpired, "4444333322221111": flash.CodeVoucherNotFound} {
		s := st.sell(t, redeemOrder(pin, 1000, "", false))
		if s.State != sale.StateDeclined || s.Outcome.Code != code.String() {
			t.Errorf("redeem %s: %s %+v", flash.MaskPIN(pin), s.State, s.Outcome)
		}
	}

	// A 1Voucher taken as a tender is a redemption of the sale's amount.
	fresh := st.sell(t, voucherOrder(sale.KindVoucher, "2001", "1Voucher", 10000))
	tender := redeemOrder(strings.ReplaceAll(item(fresh, flash.LabelPIN), " ", ""), 3000, "", false)
	tender.Kind, tender.Target = sale.KindTenderVoucher, sale.Target{}
	if s := st.sell(t, tender); s.State != sale.StateDelivered || item(s, "Change Value") != "R 70.00" {
		t.Errorf("1Voucher tender: %s %v", s.State, s.Outcome.Items)
	}

	refund := st.sell(t, voucherOrder(sale.KindVoucherRefund, "", "1Voucher refund", 2500))
	if refund.State != sale.StateDelivered || len(secrets(refund)) != 1 {
		t.Errorf("refund: %s %v", refund.State, refund.Outcome.Items)
	}
	o := voucherOrder(sale.KindVoucherRefund, "", "1Voucher refund", 2500)
	o.Params = map[string]string{flash.ParamMobile: "27831234567"}
	o.Target = sale.Target{Kind: sale.TargetMobile, Value: "27831234567"}
	refund = st.sell(t, o)
	if refund.State != sale.StateDelivered || item(refund, flash.LabelSentSMS) != "278*****567" || len(secrets(refund)) != 0 {
		t.Errorf("refund by SMS: %s %v", refund.State, refund.Outcome.Items)
	}
	if b := st.wire.last("/aggregation/4.0/1voucher/refund"); b["mobileNumber"] != "27831234567" {
		t.Errorf("refund request %v", b)
	}
	paid := st.sell(t, voucherOrder(sale.KindVoucherPayout, "", "1Voucher disbursement", 5000))
	if paid.State != sale.StateDelivered || len(secrets(paid)) != 1 {
		t.Errorf("disburse: %s %v", paid.State, paid.Outcome.Items)
	}
	if b := st.wire.last("/aggregation/4.0/1voucher/disburse"); b["storeId"] != "STORE1" || b["paymentMethod"] != nil {
		t.Errorf("disburse request %v", b)
	}
}

func TestGiftEeziAndCashOut(t *testing.T) {
	st := newStack(t, sandbox.Options{}, 5*time.Second)
	gift := st.sell(t, voucherOrder(sale.KindGiftVoucher, "3002", "Takealot Gift Voucher", 10000))
	if gift.State != sale.StateDelivered || !regexp.MustCompile(`^[A-Z0-9]{16}$`).MatchString(item(gift, flash.LabelPIN)) {
		t.Errorf("gift voucher: %s %v", gift.State, gift.Outcome.Items)
	}
	if b := st.wire.last("/aggregation/4.0/gift-vouchers/purchase"); b["productCode"] != json.Number("3002") || b["storeId"] != "STORE1" {
		t.Errorf("gift request %v", b)
	}
	eezi := st.sell(t, voucherOrder(sale.KindEezi, "4001", "Eezi Airtime", 2000))
	if eezi.State != sale.StateDelivered || !regexp.MustCompile(`^\d{4} \d{4} \d{4}$`).MatchString(item(eezi, flash.LabelPIN)) {
		t.Errorf("eezi: %s %v", eezi.State, eezi.Outcome.Items)
	}
	wrong := st.sell(t, voucherOrder(sale.KindEezi, "3001", "Demo Gift Voucher", 6000))
	if wrong.State != sale.StateNotSent || wrong.Outcome.Code != "wrong_kind" {
		t.Errorf("a gift product bought as Eezi: %s %+v", wrong.State, wrong.Outcome)
	}

	co := st.sell(t, voucherOrder(sale.KindCashOut, "5001", "Cash Out PIN", 50000))
	serial := item(co, flash.LabelSerial)
	if co.State != sale.StateDelivered || serial == "" || item(co, flash.LabelPIN) == "" {
		t.Fatalf("cash-out: %s %v", co.State, co.Outcome.Items)
	}
	ctx := context.Background()
	p, err := st.client.LookupCashOut(ctx, serial, "5001")
	if err != nil || p.Status != "Active" || p.Amount != zar(50000) || !p.Cancellable() {
		t.Errorf("lookup: %+v %v", p, err)
	}
	if b := st.wire.last("/aggregation/4.0/cash-out-pin/lookup"); b["serialNumber"] != serial || b["productCode"] != json.Number("5001") || b["storeId"] != nil {
		t.Errorf("lookup request %v", b)
	}
	order, orig, err := flash.CancelOrder(st.db, "", serial, "thandi")
	if err != nil || orig.Ref != co.Ref {
		t.Fatalf("cancel order: %v", err)
	}
	cancel := st.sell(t, order)
	if cancel.State != sale.StateDelivered || item(cancel, flash.LabelStatus) != "Cancelled" || cancel.Outcome.Amount != zar(50000) {
		t.Fatalf("cancel: %s %+v", cancel.State, cancel.Outcome)
	}
	if b := st.wire.last("/aggregation/4.0/cash-out-pin/cancel"); b["serialNumber"] != serial || b["storeId"] != "STORE1" || b["amount"] != nil {
		t.Errorf("cancel request %v", b)
	}
	if p, _ := st.client.LookupCashOut(ctx, serial, "5001"); p.Status != "Cancelled" || p.Cancellable() {
		t.Errorf("lookup after the cancel: %+v", p)
	}
	if _, err := st.client.LookupCashOut(ctx, "CO9999999999", "5001"); sale.ErrorCode(err) != sale.CodeNotFound {
		t.Errorf("unknown serial: %v", err)
	}
	if p, _ := st.client.LookupCashOut(ctx, sandbox.DemoCashOutRedeemed, "5001"); p.Status != "Redeemed" || p.Cancellable() {
		t.Errorf("paid-out demo PIN: %+v", p)
	}
}

// TestRequestsCarryStoreAndTerminal: every money request carries storeId
// and terminalId, and metadata beyond the documented limits is refused
// before anything is sent.
func TestRequestsCarryStoreAndTerminal(t *testing.T) {
	st := newStack(t, sandbox.Options{}, 5*time.Second)
	orders := []sale.Order{
		electricity(sandbox.MeterCityPower, 5000, false),
		voucherOrder(sale.KindVoucher, "2001", "1Voucher", 5000),
		voucherOrder(sale.KindVoucherPayout, "", "1Voucher disbursement", 5000),
		voucherOrder(sale.KindVoucherRefund, "", "1Voucher refund", 5000),
		redeemOrder(sandbox.DemoVoucherR100, 1000, "", false),
		voucherOrder(sale.KindGiftVoucher, "3001", "Demo Gift Voucher", 5000),
		voucherOrder(sale.KindEezi, "4001", "Eezi", 5000),
		voucherOrder(sale.KindCashOut, "5001", "Cash Out PIN", 5000),
	}
	for _, o := range orders {
		o.Params = map[string]string{"metadata.till": "TILL1"}
		if o.Kind == sale.KindVoucherRedeem {
			o.Params = map[string]string{"metadata.till": "TILL1"}
		}
		s := st.sell(t, o)
		if s.State != sale.StateDelivered {
			t.Errorf("%s: %s %+v", o.Kind, s.State, s.Outcome)
		}
	}
	for path, bodies := range st.wire.bodies {
		if strings.HasSuffix(path, "/lookup") {
			continue
		}
		for _, b := range bodies {
			md, _ := b["metadata"].(map[string]any)
			if b["storeId"] != "STORE1" || b["terminalId"] != "TILL1" || md["till"] != "TILL1" {
				t.Errorf("%s: %v", path, b)
			}
		}
	}
	before := len(st.wire.bodies)
	o := voucherOrder(sale.KindVoucher, "2001", "1Voucher", 5000)
	o.Params = map[string]string{"metadata.waytoolongname": "x"}
	if s := st.sell(t, o); s.State != sale.StateNotSent {
		t.Errorf("bad metadata: %s", s.State)
	}
	if _, err := st.client.LookupMeter(context.Background(), flash.MeterQuery{Meter: sandbox.MeterFBE, Amount: zar(1000),
		Params: map[string]string{"metadata.v": strings.Repeat("x", 44)}}); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("lookup with bad metadata: %v", err)
	}
	if len(st.wire.bodies) != before {
		t.Error("a request with bad metadata was sent")
	}
}
