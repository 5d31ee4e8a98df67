package config

import (
	"strings"
	"testing"
	"time"
)

// Every provider's table gets the same checks, in the same order, with the
// environment variable named where one may set the key; a table's own
// checks follow its shared ones.
func TestProviderTablesProblems(t *testing.T) {
	body := `[till]
store_id = "S1"
terminal_id = "T1"

[flash]
base_url = "http://flash.example"
timeout = "soon"
account_number = "A-1"

[oneflow]
currency = "USD"

[flowix]
base_url = "https://flowix.web.id/api/v1"
webhook_listen = "127.0.0.1:8701"

[flutterwave]
base_url = "https://api.flutterwave.com/v3"
timeout = "-1s"

[mpesaflow]
base_url = "https://mpesaflow.example"
`
	cfg, err := Parse([]byte(body), "till.toml")
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.validate()
	if err == nil {
		t.Fatal("validate took a config missing every credential")
	}
	var got []string
	for _, l := range strings.Split(err.Error(), "\n")[1:] {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "[flash]") || strings.HasPrefix(l, "[oneflow]") ||
			strings.HasPrefix(l, "[flowix]") || strings.HasPrefix(l, "[flutterwave]") || strings.HasPrefix(l, "[mpesaflow]") {
			got = append(got, l)
		}
	}
	want := []string{
		"[flutterwave] timeout is -1s: it must be between 1s and 5m", // the range check comes first
		`[flash] base_url: base URL "http://flash.example": must use https; plain http is allowed only for loopback (127.0.0.1, ::1, localhost)`,
		`[flash] timeout: "soon" is not a duration like "30s" or "24h"`,
		"[flash] api_key is missing (or set TILL_FLASH_API_KEY)",
		`[flash] account_number "A-1" may hold only letters and digits`,
		"[oneflow] base_url is missing",
		"[oneflow] client_id is missing (or set TILL_ONEFLOW_CLIENT_ID)",
		"[oneflow] client_secret is missing (or set TILL_ONEFLOW_CLIENT_SECRET)",
		`[oneflow] currency "USD": it must be KES or GHS`,
		"[flowix] api_key is missing (or set TILL_FLOWIX_API_KEY)",
		"[flowix] merchant_id is missing (or set TILL_FLOWIX_MERCHANT_ID)",
		"[flowix] webhook_secret is missing (or set TILL_FLOWIX_WEBHOOK_SECRET)",
		`[flutterwave] timeout: "-1s" must be more than zero`,
		"[flutterwave] secret_key is missing (or set TILL_FLUTTERWAVE_SECRET_KEY)",
		"[mpesaflow] api_key is missing (or set TILL_MPESAFLOW_API_KEY)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The environment sets every provider's credentials (and wins over the
// file); a secret in the file makes it one its owner alone may read, a
// non-secret (a client id, a merchant id, an account number) does not.
func TestProviderTablesSecretsAndEnvironment(t *testing.T) {
	const tables = `[till]
store_id = "S1"
terminal_id = "T1"

[flash]
base_url = "https://flash.example"
account_number = "A1"

[oneflow]
base_url = "https://oneflow.example"
client_id = "from-file"

[flowix]
base_url = "https://flowix.web.id/api/v1"
merchant_id = "M"
webhook_listen = "127.0.0.1:8701"

[flutterwave]
base_url = "https://api.flutterwave.com/v3"

[mpesaflow]
base_url = "https://mpesaflow.example"
`
	cfg, err := Parse([]byte(tables), "till.toml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.holdsSecrets() {
		t.Fatal("a config with ids but no secret holds secrets")
	}
	env := map[string]string{
		"TILL_FLASH_API_KEY": "fk", "TILL_ONEFLOW_CLIENT_ID": "oid", "TILL_ONEFLOW_CLIENT_SECRET": "os",
		"TILL_FLOWIX_API_KEY": "xk", "TILL_FLOWIX_MERCHANT_ID": "xm", "TILL_FLOWIX_WEBHOOK_SECRET": "xw",
		"TILL_FLUTTERWAVE_SECRET_KEY": "wk", "TILL_MPESAFLOW_API_KEY": "mk",
	}
	cfg.overlayEnv(func(k string) string { return env[k] })
	if err := cfg.validate(); err != nil {
		t.Fatalf("validate with the credentials from the environment: %v", err)
	}
	got := []string{cfg.Flash.APIKey, cfg.OneFlow.ClientID, cfg.OneFlow.ClientSecret, cfg.Flowix.APIKey, cfg.Flowix.MerchantID,
		cfg.Flowix.WebhookSecret, cfg.Flutterwave.SecretKey, cfg.MpesaFlow.APIKey}
	if strings.Join(got, " ") != "fk oid os xk xm xw wk mk" {
		t.Errorf("credentials = %v", got)
	}
	if cfg.Flash.timeout != 30*time.Second || cfg.MpesaFlow.timeout != 30*time.Second || cfg.OneFlow.Currency != "GHS" {
		t.Errorf("defaults: flash timeout %v, mpesaflow timeout %v, oneflow currency %q", cfg.Flash.timeout, cfg.MpesaFlow.timeout, cfg.OneFlow.Currency)
	}
	for _, secret := range []string{
		"[flash]\napi_key = \"k\"", "[oneflow]\nclient_secret = \"s\"", "[flowix]\napi_key = \"k\"",
		"[flowix]\nwebhook_secret = \"w\"", "[flutterwave]\nsecret_key = \"s\"", "[mpesaflow]\napi_key = \"k\"",
	} {
		table, line, _ := strings.Cut(secret, "\n")
		cfg, err := Parse([]byte(strings.Replace(tables, table+"\n", secret+"\n", 1)), "till.toml")
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.holdsSecrets() {
			t.Errorf("%s %s in the file: not counted as a secret", table, line)
		}
	}
}
