package flash_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/providers/flash"
	"till/providers/providertest"
	"till/providers/sandbox"
	"till/sale"
)

var fixedNow = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

func startSandbox(t *testing.T, o sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return fixedNow }
	}
	srv := sandbox.New(o)
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv, base + sandbox.FlashPrefix
}

func demoClient(t *testing.T, base string, timeout time.Duration, log *slog.Logger) *flash.Client {
	t.Helper()
	c, err := flash.New(flash.Options{
		BaseURL: base, APIKey: sandbox.FlashAPIKey, AccountNumber: sandbox.FlashAccount,
		StoreID: "STORE1", TerminalID: "TILL1", Timeout: timeout, Logger: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sell(ref sale.Reference, product string, cents int64) sale.Sale {
	return sale.Sale{
		Ref: ref, StoreID: "STORE1", TerminalID: "TILL1",
		Order: sale.Order{
			Provider: flash.ProviderName, Kind: sale.KindAirtime, Product: product,
			Target: sale.Target{Kind: sale.TargetMobile, Value: "27831234567"},
			Amount: sale.New(cents, sale.ZAR),
		},
	}
}

func TestSandboxDeliveredAndIdempotent(t *testing.T) {
	srv, base := startSandbox(t, sandbox.Options{})
	c := demoClient(t, base, 5*time.Second, nil)
	ctx := context.Background()
	got := c.Send(ctx, sell("STORE1-TILL1-x1-1", "1002", 2500))
	want := sale.Outcome{
		Result: sale.ResultDelivered, Code: "0", Message: "Success", ProviderRef: "700000001",
		Amount: sale.New(2500, sale.ZAR),
		Items: []sale.Item{
			{Label: "Network", Value: "MTN"},
			{Label: "Recharge type", Value: "Pinless airtime"},
			{Label: "Call centre", Value: "083 135"},
			{Label: "Transaction date", Value: "2025-03-14T11:30:00+02:00"},
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("outcome (-want +got):\n%s", d)
	}
	again := c.Send(ctx, sell("STORE1-TILL1-x1-1", "1002", 2500))
	if d := cmp.Diff(got, again); d != "" {
		t.Errorf("resend (-first +again):\n%s", d)
	}
	if srv.Applied("STORE1-TILL1-x1-1") != 1 {
		t.Errorf("applied %d", srv.Applied("STORE1-TILL1-x1-1"))
	}
}

func TestSandboxProducts(t *testing.T) {
	_, base := startSandbox(t, sandbox.Options{})
	got, err := demoClient(t, base, 5*time.Second, nil).Products(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	airtime := func(code, name, brand string, min, max int64, active bool, terms string) sale.Product {
		d := map[string]string{"termsAndConditions": terms}
		if active {
			d["redemptionInstructions"] = "Airtime is loaded directly onto the number."
		}
		return sale.Product{Provider: "flash", Code: code, Name: name, Kind: sale.KindAirtime, Brand: brand,
			Min: sale.New(min, sale.ZAR), Max: sale.New(max, sale.ZAR), Active: active, Details: d}
	}
	other := func(code, name, brand string, kind sale.Kind, min, max int64, redeem, terms string) sale.Product {
		return sale.Product{Provider: "flash", Code: code, Name: name, Kind: kind, Brand: brand,
			Min: sale.New(min, sale.ZAR), Max: sale.New(max, sale.ZAR), Active: true,
			Details: map[string]string{"redemptionInstructions": redeem, "termsAndConditions": terms}}
	}
	const noReverse = "Pinless recharges cannot be reversed."
	want := []sale.Product{
		airtime("1001", "Vodacom Airtime", "Vodacom", 200, 100000, true, noReverse),
		airtime("1002", "MTN Airtime", "MTN", 200, 100000, true, noReverse),
		airtime("1003", "Cell C Airtime", "Cell C", 500, 100000, true, noReverse),
		airtime("1004", "Telkom Mobile Airtime", "Telkom", 500, 50000, true, noReverse),
		airtime("1005", "Virgin Mobile Airtime", "Virgin Mobile", 500, 50000, false, "Discontinued."),
		airtime("1006", "Vodacom Airtime (legacy)", "Vodacom", 1000, 50000, false, "Replaced by product 1001."),
		other("2001", "1Voucher", "1Voucher", sale.KindVoucher, 1000, 300000,
			"Redeem online wherever 1Voucher is accepted, or for cash at any Flash trader.",
			"Valid for 3 years. Not refundable for cash once sold."),
		other("3001", "Demo Gift Voucher", "Demo Retail", sale.KindGiftVoucher, 5000, 100000,
			"Present the voucher PIN at any Demo Retail store.", "Valid for 36 months."),
		other("3002", "Takealot Gift Voucher", "Takealot", sale.KindGiftVoucher, 5000, 200000,
			"Enter the code at checkout on takealot.com.", "Valid for 3 years. No cash value."),
		other("4001", "Eezi Airtime", "Eezi", sale.KindEezi, 500, 50000,
			"Dial *130*3355*PIN# from any SA network to load the airtime.", "Valid for 1 year."),
		other("5001", "Cash Out PIN", "Flash Cash Out", sale.KindCashOut, 2000, 300000,
			"The recipient withdraws the cash at any participating ATM with the PIN and the cellphone number.",
			"Valid for 30 days. An unused PIN can be cancelled at the till that sold it."),
		other("6001", "Prepaid Electricity", "Eskom & municipalities", sale.KindElectricity, 1000, 500000,
			"Enter the tokens on the meter's keypad in the order printed.", "Electricity tokens cannot be refunded."),
		// 7001 (prepaid water) is not sold through Flash: left out.
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("products (-want +got):\n%s", d)
	}
	if _, err := demoClient(t, base, 5*time.Second, nil).Product(context.Background(), "9999"); sale.ErrorCode(err) != sale.CodeNotFound {
		t.Errorf("unknown product: %v", err)
	}
}

func TestSandboxDeclines(t *testing.T) {
	srv, base := startSandbox(t, sandbox.Options{})
	c := demoClient(t, base, 5*time.Second, nil)
	// A product Flash does not know is not sent at all: the client asks
	// what it is first.
	if got := c.Send(context.Background(), sell("D-3", "9999", 10000)); got.Result != sale.ResultNotSent || srv.Applied("D-3") != 0 {
		t.Errorf("unknown product: %+v", got)
	}
	for _, tc := range []struct {
		ref, product string
		cents        int64
		code         flash.Code
	}{
		{"D-1", "1005", 1000, flash.CodeProductUnavailable},
		{"D-2", "1001", 100001, flash.CodeAmountOutOfRange},
		{"D-4", "1001", 1094, flash.CodeInsufficientBalance},
	} {
		got := c.Send(context.Background(), sell(sale.Reference(tc.ref), tc.product, tc.cents))
		info, _ := flash.Lookup(tc.code)
		// Ours, then Flash's own words, also journaled on their own.
		want := sale.Outcome{Result: sale.ResultDeclined, Code: tc.code.String(), ProviderMessage: got.ProviderMessage,
			Message: info.Message + " Flash said: \u201c" + got.ProviderMessage + "\u201d"}
		if d := cmp.Diff(want, got); d != "" || got.ProviderMessage == "" {
			t.Errorf("%s (-want +got):\n%s", tc.ref, d)
		}
		if srv.Applied(tc.ref) != 0 {
			t.Errorf("%s applied", tc.ref)
		}
	}
}

// TestSandboxFaultsSettleByResend plays each fault: the first Send ends as
// the till would see it, the resend with the same reference delivers, and
// the sale is applied exactly once.
func TestSandboxFaultsSettleByResend(t *testing.T) {
	srv, base := startSandbox(t, sandbox.Options{SlowDelay: 100 * time.Millisecond, HoldMax: 10 * time.Second})
	c := demoClient(t, base, time.Second, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		cents    int64
		first    sale.Result
		code     string
		requests int // money requests seen after the first Send
	}{
		{1091, sale.ResultInDoubt, "timeout", 1},
		{1092, sale.ResultInDoubt, "http_503", 1},
		{1093, sale.ResultInDoubt, "malformed", 1},
		{1095, sale.ResultDelivered, "0", 2}, // 401, a fresh token, one resend
		{1096, sale.ResultDelivered, "0", 1},
		{1097, sale.ResultInDoubt, "broken", 1},
		{1098, sale.ResultInDoubt, flash.CodeUpstreamError.String(), 1},
	} {
		ref := sale.Reference("F-" + sale.New(tc.cents, sale.ZAR).Plain())
		first := c.Send(ctx, sell(ref, "1001", tc.cents))
		if first.Result != tc.first || first.Code != tc.code {
			t.Errorf("%s first: %s %s (%s), want %s %s", ref, first.Result, first.Code, first.Message, tc.first, tc.code)
		}
		if n := srv.Requests(string(ref)); n != tc.requests {
			t.Errorf("%s: %d requests, want %d", ref, n, tc.requests)
		}
		second := c.Send(ctx, sell(ref, "1001", tc.cents))
		if second.Result != sale.ResultDelivered || second.Amount != sale.New(tc.cents, sale.ZAR) {
			t.Errorf("%s resend: %+v", ref, second)
		}
		if n := srv.Applied(string(ref)); n != 1 {
			t.Errorf("%s applied %d times", ref, n)
		}
	}
}

func TestSandboxExpiredTokenRefreshes(t *testing.T) {
	srv, base := startSandbox(t, sandbox.Options{})
	log, buf := providertest.TextLog()
	c := demoClient(t, base, 5*time.Second, log)
	ctx := context.Background()
	if got := c.Send(ctx, sell("T-1", "1001", 1000)); got.Result != sale.ResultDelivered {
		t.Fatalf("%+v", got)
	}
	srv.RevokeTokens() // as if the till's cached token expired at Flash
	if got := c.Send(ctx, sell("T-2", "1001", 1000)); got.Result != sale.ResultDelivered {
		t.Fatalf("after revoke: %+v", got)
	}
	if srv.Requests("T-2") != 1 || srv.Applied("T-2") != 1 {
		t.Errorf("requests %d applied %d", srv.Requests("T-2"), srv.Applied("T-2"))
	}
	if strings.Contains(buf.String(), sandbox.FlashAPIKey) {
		t.Error("the API key reached the log")
	}
	if !strings.Contains(buf.String(), "status=401") {
		t.Errorf("the 401 was not logged:\n%s", buf.String())
	}
}
