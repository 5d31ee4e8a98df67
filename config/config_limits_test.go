package config

import (
	"strings"
	"testing"

	"till/sale"
)

// TestConfigNumberRanges: every number in the config has a range, and 0 is
// checked like any other value (max_attempts = 0 was accepted while -1
// was refused); only a key left out takes its default.
func TestConfigNumberRanges(t *testing.T) {
	withTill := func(line string) string {
		return strings.Replace(goodConfig, "timezone", line+"\ntimezone", 1)
	}
	for _, tc := range []struct{ body, want string }{
		{withTill("max_attempts = 0"), "[till] max_attempts is 0: it must be between 1 and 100"},
		{withTill("max_attempts = -1"), "[till] max_attempts is -1: it must be between 1 and 100"},
		{withTill("max_attempts = 101"), "[till] max_attempts is 101: it must be between 1 and 100"},
		{withTill("pin_attempts = 0"), "[till] pin_attempts is 0: it must be between 3 and 20"},
		{strings.Replace(goodConfig, "receipt_width = 42", "receipt_width = 0", 1), "[till] receipt_width is 0: it must be 32, 42 or 48"},
		{goodConfig + "[limits]\nmax_unresolved = 0", "[limits] max_unresolved is 0: it must be between 1 and 1000"},
		{withTill("idempotency_window = \"1m\""), "[till] idempotency_window is 1m: it must be between 1h and 720h"},
		{strings.Replace(goodConfig, `timeout = "30s"`, `timeout = "1ms"`, 1), "[flash] timeout is 1ms: it must be between 1s and 5m"},
		{strings.Replace(goodConfig, `timeout = "30s"`, `timeout = "1h"`, 1), "[flash] timeout is 1h: it must be between 1s and 5m"},
		{withTill("max_attempts = 1.5"), "cannot decode TOML float"},
		{goodConfig + "[flash.response_codes]\ndeclined = [2400, 100000]", "[flash.response_codes] declined lists 100000: each must be between 1 and 99999"},
		{goodConfig + "[flash.product_types]\nairtime = [1, 10000]", "[flash.product_types] airtime lists 10000: each must be between 0 and 9999"},
	} {
		_, err := Load(writeConfig(t, tc.body, 0o600), noEnv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v, want %q", err, tc.want)
		} else if strings.Count(err.Error(), tc.want) != 1 {
			t.Errorf("said twice: %v", err)
		}
	}
	for _, line := range []string{"max_attempts = 1", "max_attempts = 100", "pin_attempts = 3", "idempotency_window = \"48h\""} {
		if _, err := Load(writeConfig(t, withTill(line), 0o600), noEnv); err != nil {
			t.Errorf("%s refused: %v", line, err)
		}
	}
	// Left out, each takes its default.
	cfg, err := Load(writeConfig(t, goodConfig, 0o600), noEnv)
	if err != nil || cfg.Till.PINAttempts != 5 || cfg.Limits.limits.MaxUnresolved != 10 {
		t.Fatalf("defaults: %v %+v", err, cfg)
	}
}

// TestConfigCeilings: every kind has a per-sale ceiling in every currency
// by default, [limits.per_sale] replaces one (a list for several
// currencies), and most_per_sale bounds them all.
func TestConfigCeilings(t *testing.T) {
	cfg, err := Load(writeConfig(t, goodConfig, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.Limits.limits
	e := func(kind sale.Kind, minor int64, c sale.Currency) sale.Order {
		return sale.Order{Kind: kind, Amount: sale.New(minor, c)}
	}
	for _, tc := range []struct {
		o    sale.Order
		over bool
	}{
		{e(sale.KindWater, 9999999999900, sale.GHS), true},
		{e(sale.KindWater, 500000, sale.GHS), false},
		{e(sale.KindWater, 5000001, sale.KES), true},
		{e(sale.KindAirtime, 100000, sale.ZAR), false}, // Flash's own maximum is allowed
		{e(sale.KindAirtime, 100001, sale.ZAR), true},
		{e(sale.KindDeposit, 5000000, sale.IDR), false}, // Flowix's QRIS max_amount
		{e(sale.KindDeposit, 5000001, sale.IDR), true},
		{e(sale.KindTenderCard, 500000001, sale.NGN), true}, // the ceiling of every other kind
	} {
		if got := overCeiling(l, tc.o); got != tc.over {
			t.Errorf("%s %s: over %v, want %v", tc.o.Kind, tc.o.Amount, got, tc.over)
		}
	}
	// Every kind and currency the till sells has a ceiling.
	for _, c := range []sale.Currency{sale.ZAR, sale.KES, sale.GHS, sale.NGN, sale.IDR} {
		if !hasCurrency(l.Ceilings[""], c) || !hasCurrency(l.Most, c) {
			t.Errorf("no default ceiling in %s", c)
		}
	}
	body := goodConfig + `
[limits]
most_per_sale = ["GHS 1000.00"]
[limits.per_sale]
water = ["KES 100.00", "GHS 10.00"]
`
	cfg, err = Load(writeConfig(t, body, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	l = cfg.Limits.limits
	if !overCeiling(l, e(sale.KindWater, 1001, sale.GHS)) || overCeiling(l, e(sale.KindWater, 1000, sale.GHS)) ||
		!overCeiling(l, e(sale.KindWater, 10001, sale.KES)) {
		t.Errorf("per_sale water not applied: %+v", l.Ceilings[sale.KindWater])
	}
	if m, _ := inCurrencyOf(l.Most, sale.GHS); m.Minor != 100000 {
		t.Errorf("most_per_sale GHS %v", m)
	}
	for _, tc := range []struct{ add, want string }{
		{"[limits.per_sale]\nwater = [\"KES 1\", \"KES 2\"]", "per_sale.water names KES twice"},
		{"[limits.per_sale]\nwater = 5", "is not an amount"},
		{"[limits.per_sale]\nwater = \"GHS 300000.00\"", "above most_per_sale"},
		{"[limits]\nmost_per_sale = [\"GHS 0\"]", "most_per_sale"},
	} {
		_, err := Load(writeConfig(t, goodConfig+tc.add, 0o600), noEnv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.add, err, tc.want)
		}
	}
}

// overCeiling asks the engine's rule through its public face: Admit.
func overCeiling(l sale.Limits, o sale.Order) bool {
	max, ok := sale.PerSaleLimit(l, o)
	return ok && o.Amount.Minor > max.Minor
}

func inCurrencyOf(ms []sale.Money, c sale.Currency) (sale.Money, bool) {
	for _, m := range ms {
		if m.Currency == c {
			return m, true
		}
	}
	return sale.Money{}, false
}
