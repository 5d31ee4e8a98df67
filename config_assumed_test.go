package main

import (
	"testing"

	"strings"

	"till/providers/flash"
	"till/sale"
)

// TestConfigFlashOverrides: [flash.product_types] and
// [flash.response_codes] reach the client as given; unknown kinds and keys
// are refused with their line; contradictions are refused by name.
func TestConfigFlashOverrides(t *testing.T) {
	body := goodConfig + `
[flash.product_types]
airtime = [21, 29]
giftvoucher = [23]
1voucher = [26]

[flash.response_codes]
declined = [2400, 2404]
`
	cfg, err := loadConfig(writeConfig(t, body, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Flash.productTypes()
	want := map[flash.ProductType]sale.Kind{21: sale.KindAirtime, 29: sale.KindAirtime, 23: sale.KindGiftVoucher, 26: sale.KindVoucher}
	if len(got) != len(want) {
		t.Fatalf("product types %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("productType %d: %q, want %q", k, got[k], v)
		}
	}
	if d := cfg.Flash.declined(); len(d) != 2 || d[0] != 2400 || d[1] != 2404 {
		t.Errorf("declined %v", d)
	}
	if _, err := buildProviders(cfg, nil); err != nil {
		t.Errorf("the client refused the config: %v", err)
	}
	plain, err := loadConfig(writeConfig(t, goodConfig, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Flash.productTypes() != nil || plain.Flash.declined() != nil {
		t.Error("without the tables the client must get nil: its assumed defaults")
	}
	// An empty declined list is kept as empty: no code is a decline.
	none, err := loadConfig(writeConfig(t, goodConfig+"\n[flash.response_codes]\ndeclined = []\n", 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if d := none.Flash.declined(); d == nil || len(d) != 0 {
		t.Errorf("declined = [] gave %v", d)
	}

	for _, tc := range []struct{ name, extra, want string }{
		{"unknown kind", "\n[flash.product_types]\npulsa = [9]\n", `line 16: unknown key "flash.product_types.pulsa"`},
		{"unknown key", "\n[flash.response_codes]\ndeclined = [1]\nretry = [2]\n", `line 17: unknown key "flash.response_codes.retry"`},
		{"not a number", "\n[flash.product_types]\nairtime = [\"one\"]\n", "line 16"},
		{"type under two kinds", "\n[flash.product_types]\nairtime = [3]\ncashout = [3]\n", "productType 3 is under both airtime and cashout"},
		{"negative type", "\n[flash.product_types]\nairtime = [-3]\n", "productType -3 is negative"},
		{"empty types", "\n[flash.product_types]\n", "maps no productType"},
		{"success declined", "\n[flash.response_codes]\ndeclined = [0, 2400]\n", "declined lists 0"},
		{"declined missing", "\n[flash.response_codes]\n", "declined is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(writeConfig(t, goodConfig+tc.extra, 0o600), noEnv)
			if err == nil || !strings.Contains(err.Error(), tc.want) || exitFor(err) != exitUsage {
				t.Fatalf("error %v, want %q (exit 2)", err, tc.want)
			}
		})
	}
}
