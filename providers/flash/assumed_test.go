package flash_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"till/providers/flash"
	"till/providers/sandbox"
	"till/sale"
)

// otherTypes and otherCodes renumber the sandbox's Flash the way another
// Flash account may: nothing equals the till's assumed defaults.
var (
	otherTypes = map[string]int64{"airtime": 31, "eezi": 32, "giftvoucher": 33, "cashout": 34,
		"electricity": 35, "water": 36, "1voucher": 37}
	otherCodes = map[string]int{"insufficient_balance": 2400, "amount_out_of_range": 2405, "invalid_product": 2404}
)

func otherClient(t *testing.T, base string, o func(*flash.Options)) *flash.Client {
	t.Helper()
	opts := flash.Options{BaseURL: base, APIKey: sandbox.FlashAPIKey, AccountNumber: sandbox.FlashAccount,
		StoreID: "STORE1", TerminalID: "TILL1", Timeout: 5 * time.Second}
	if o != nil {
		o(&opts)
	}
	c, err := flash.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func voucherSale(ref string, kind sale.Kind, product string, cents int64) sale.Sale {
	return sale.Sale{Ref: sale.Reference(ref), StoreID: "STORE1", TerminalID: "TILL1", Attempts: 1,
		Order: sale.Order{Provider: flash.ProviderName, Kind: kind, Product: product, Amount: sale.New(cents, sale.ZAR)}}
}

// TestClientAgainstOtherNumbers: the client decides a product's kind from
// its own table, never from the sandbox's, and sends nothing it cannot
// map, even when a caller skips the catalogue; configured, it sells; and
// declines follow [flash.response_codes], with the provider's words.
func TestClientAgainstOtherNumbers(t *testing.T) {
	srv, base := startSandbox(t, sandbox.Options{FlashProductTypes: otherTypes, FlashCodes: otherCodes})
	ctx := context.Background()

	plain := otherClient(t, base, nil)
	entries, err := plain.Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Kind != "" || !strings.HasPrefix(e.Maps(), "unknown type 3") || e.Sold() {
			t.Errorf("with the defaults, %s %s maps to %q", e.Code, e.Name, e.Maps())
		}
	}
	products, err := plain.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range products {
		if p.Kind != "" || p.Active || p.Details[flash.DetailUnmapped] == "" {
			t.Errorf("unmapped product offered: %+v", p)
		}
	}
	for i, s := range []sale.Sale{
		voucherSale("U-1", sale.KindGiftVoucher, "3001", 10000),
		voucherSale("U-2", sale.KindEezi, "4001", 1000),
		voucherSale("U-3", sale.KindCashOut, "5001", 10000),
	} {
		got := plain.Send(ctx, s)
		if got.Result != sale.ResultNotSent || got.Code != "unmapped_product" || srv.Requests(string(s.Ref)) != 0 {
			t.Errorf("%d: unmapped %s: %+v (requests %d)", i, s.Order.Kind, got, srv.Requests(string(s.Ref)))
		}
	}

	types := map[flash.ProductType]sale.Kind{}
	for kind, n := range otherTypes {
		types[flash.ProductType(n)] = sale.Kind(kind)
	}
	declined := []flash.Code{2400, 2404}
	set := otherClient(t, base, func(o *flash.Options) { o.ProductTypes, o.Declined = types, declined })
	for _, s := range []sale.Sale{
		voucherSale("M-1", sale.KindGiftVoucher, "3001", 10000),
		voucherSale("M-2", sale.KindEezi, "4001", 1000),
		voucherSale("M-3", sale.KindCashOut, "5001", 10000),
	} {
		if got := set.Send(ctx, s); got.Result != sale.ResultDelivered || srv.Applied(string(s.Ref)) != 1 {
			t.Errorf("%s mapped: %+v", s.Order.Kind, got)
		}
	}
	// Another kind's product, named by a caller that skipped the catalogue:
	// refused before anything is sent.
	wrong := voucherSale("M-4", sale.KindCashOut, "3001", 10000)
	if got := set.Send(ctx, wrong); got.Result != sale.ResultNotSent || got.Code != "wrong_kind" || srv.Requests("M-4") != 0 {
		t.Errorf("a gift product as cash-out: %+v", got)
	}

	// R x.94 makes the sandbox decline with insufficient_balance, now 2400.
	got := set.Send(ctx, voucherSale("M-5", sale.KindGiftVoucher, "3001", 10094))
	if got.Result != sale.ResultDeclined || got.Code != "2400" || got.ProviderMessage == "" ||
		!strings.Contains(got.Message, got.ProviderMessage) {
		t.Errorf("configured decline: %+v", got)
	}
	// Over the product's maximum: amount_out_of_range, now 2405, which the
	// config does not list: in doubt, with the provider's words.
	got = set.Send(ctx, voucherSale("M-6", sale.KindGiftVoucher, "3001", 100001))
	if got.Result != sale.ResultInDoubt || got.Code != "2405" || !strings.Contains(got.Message, "amount out of range") {
		t.Errorf("unlisted code: %+v", got)
	}
	// The defaults' declines (1011 and the like) mean nothing here: a
	// client left with them calls 2400 in doubt, never declined.
	plainMapped := otherClient(t, base, func(o *flash.Options) { o.ProductTypes = types })
	if got := plainMapped.Send(ctx, voucherSale("M-7", sale.KindGiftVoucher, "3001", 10094)); got.Result != sale.ResultInDoubt {
		t.Errorf("a code the defaults do not list: %+v", got)
	}
}

// TestOptionsChecked: a productType mapped to what Flash does not sell,
// or 0 as a decline, is refused when the client is built.
func TestOptionsChecked(t *testing.T) {
	for _, o := range []flash.Options{
		{ProductTypes: map[flash.ProductType]sale.Kind{1: sale.KindPulsa}},
		{ProductTypes: map[flash.ProductType]sale.Kind{-1: sale.KindAirtime}},
		{Declined: []flash.Code{0}},
	} {
		o.BaseURL, o.APIKey, o.AccountNumber = "http://127.0.0.1:1", "k", "A1"
		if _, err := flash.New(o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}
