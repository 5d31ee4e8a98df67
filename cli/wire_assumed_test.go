package cli

import (
	"strings"
	"testing"

	"till/config"
	"till/wire"

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
	cfg, err := config.Load(writeConfig(t, body, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Flash.ProductTypeMap()
	want := map[flash.ProductType]sale.Kind{21: sale.KindAirtime, 29: sale.KindAirtime, 23: sale.KindGiftVoucher, 26: sale.KindVoucher}
	if len(got) != len(want) {
		t.Fatalf("product types %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("productType %d: %q, want %q", k, got[k], v)
		}
	}
	if d := cfg.Flash.Declines(); len(d) != 2 || d[0] != 2400 || d[1] != 2404 {
		t.Errorf("declined %v", d)
	}
	if _, err := wire.BuildProviders(cfg, nil); err != nil {
		t.Errorf("the client refused the config: %v", err)
	}
	plain, err := config.Load(writeConfig(t, goodConfig, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Flash.ProductTypeMap() != nil || plain.Flash.Declines() != nil {
		t.Error("without the tables the client must get nil: its assumed defaults")
	}
	// An empty declined list is kept as empty: no code is a decline.
	none, err := config.Load(writeConfig(t, goodConfig+"\n[flash.response_codes]\ndeclined = []\n", 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if d := none.Flash.Declines(); d == nil || len(d) != 0 {
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
			_, err := config.Load(writeConfig(t, goodConfig+tc.extra, 0o600), noEnv)
			if err == nil || !strings.Contains(err.Error(), tc.want) || exitFor(err) != exitUsage {
				t.Fatalf("error %v, want %q (exit 2)", err, tc.want)
			}
		})
	}
}

// TestConfigOtherOverrides: the status, code and message tables of Flowix,
// 1Flow, Flutterwave and MpesaFlow reach their clients; contradictions and
// unknown keys are refused.
func TestConfigOtherOverrides(t *testing.T) {
	others := `
[oneflow]
base_url = "https://api.1flow.example"
client_id = "id"
client_secret = "s"

[oneflow.statuses]
delivered = ["DONE"]
pending = ["QUEUED"]
declined = ["REJECTED"]

[oneflow.decline_http]
declined = [400, 422]

[flowix]
base_url = "https://flowix.web.id/api/v1"
api_key = "k"
merchant_id = "M"

[flowix.statuses]
delivered = ["sukses"]
pending = ["proses"]
declined = ["gagal"]

[flowix.error_codes]
declined = [400, 402]

[flutterwave]
base_url = "https://api.flutterwave.com/v3"
secret_key = "s"

[flutterwave.decline_messages]
declined = ["Insufficient funds"]

[mpesaflow]
base_url = "https://api.mpesaflow.com/v1"
api_key = "k"

[mpesaflow.statuses]
delivered = ["completed"]
pending = ["pending"]
declined = ["failed"]
`
	cfg, err := config.Load(writeConfig(t, goodConfig+others, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.OneFlow.Statuses.Table(strings.ToUpper); got["DONE"] != sale.ResultDelivered || got.Result("COMPLETED") != sale.ResultInDoubt {
		t.Errorf("oneflow statuses %v", got)
	}
	if got := config.FlowixCodes(cfg.Flowix.ErrorCodes); len(got) != 2 || got[1] != 402 {
		t.Errorf("flowix codes %v", got)
	}
	if _, err := wire.BuildProviders(cfg, nil); err != nil {
		t.Errorf("the clients refused the config: %v", err)
	}
	for _, tc := range []struct{ name, from, to, want string }{
		{"word twice", `pending = ["proses"]`, `pending = ["sukses"]`, `[flowix.statuses] status "sukses" is both`},
		{"unknown meaning", `pending = ["QUEUED"]`, `pending = ["QUEUED"]` + "\nlost = [\"X\"]", `unknown key "oneflow.statuses.lost"`},
		{"no delivered", `delivered = ["completed"]`, `delivered = []`, "[mpesaflow.statuses] delivered is empty"},
		{"200 declined", `declined = [400, 402]`, `declined = [200]`, "[flowix.error_codes] declined lists 200"},
		{"401 declined", `declined = [400, 422]`, `declined = [401]`, "[oneflow.decline_http] declined lists 401"},
		{"empty message", `declined = ["Insufficient funds"]`, `declined = [" "]`, "empty message"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := goodConfig + strings.Replace(others, tc.from, tc.to, 1)
			_, err := config.Load(writeConfig(t, body, 0o600), noEnv)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
