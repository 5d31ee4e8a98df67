package config

import (
	"time"

	"till/providers"
	"till/sale"
)

// FlashConfig is the [flash] table.
type FlashConfig struct {
	BaseURL       string `toml:"base_url"`
	APIKey        string `toml:"api_key"`
	AccountNumber string `toml:"account_number"`
	Timeout       string `toml:"timeout"`
	timeout       time.Duration
	// The overrides of what the Flash document does not give
	// (config_assumed.go, providers/flash/assumed.go).
	ProductTypes  *FlashProductTypes  `toml:"product_types"`
	ResponseCodes *FlashResponseCodes `toml:"response_codes"`
}

// OneFlowConfig is the [oneflow] table.
type OneFlowConfig struct {
	BaseURL      string `toml:"base_url"`
	ClientID     string `toml:"client_id"`
	ClientSecret string `toml:"client_secret"`
	// Currency is the currency the shop's 1Flow account recharges in
	// (the recharge request carries none): KES or GHS. Default GHS.
	Currency string `toml:"currency"`
	Timeout  string `toml:"timeout"`
	timeout  time.Duration
	// Overrides of what the 1Flow document does not give (config_assumed.go).
	Statuses    *StatusWords   `toml:"statuses"`
	DeclineHTTP *DeclinedCodes `toml:"decline_http"`
}

// FlowixConfig is the [flowix] table.
type FlowixConfig struct {
	BaseURL       string `toml:"base_url"`
	APIKey        string `toml:"api_key"`
	MerchantID    string `toml:"merchant_id"`
	WebhookSecret string `toml:"webhook_secret"`
	WebhookListen string `toml:"webhook_listen"`
	Timeout       string `toml:"timeout"`
	timeout       time.Duration
	// Overrides of what the Flowix document does not give (config_assumed.go).
	Statuses        *StatusWords   `toml:"statuses"`
	DepositStatuses *StatusWords   `toml:"deposit_statuses"`
	ErrorCodes      *DeclinedCodes `toml:"error_codes"`
}

// FlutterwaveConfig is the [flutterwave] table.
type FlutterwaveConfig struct {
	BaseURL   string `toml:"base_url"`
	SecretKey string `toml:"secret_key"`
	Timeout   string `toml:"timeout"`
	timeout   time.Duration
	// Overrides of what the Flutterwave document does not give (config_assumed.go).
	Statuses        *StatusWords      `toml:"statuses"`
	DeclineMessages *DeclinedMessages `toml:"decline_messages"`
}

// MpesaFlowConfig is the [mpesaflow] table.
type MpesaFlowConfig struct {
	BaseURL string `toml:"base_url"`
	APIKey  string `toml:"api_key"`
	Timeout string `toml:"timeout"`
	timeout time.Duration
	// Overrides of what the MpesaFlow document does not give (config_assumed.go).
	Statuses *StatusWords `toml:"statuses"`
}

// providerTable is what every provider's table has in common, for the
// checks, the secrets and the environment that do not differ between them.
type providerTable struct {
	name    string         // the table: "flash"
	baseURL string         // base_url
	timeout string         // timeout as written
	parsed  *time.Duration // where the parsed timeout goes
	keys    []tableKey     // its credentials, in the order they are checked
	// check is what only this provider checks, after the shared checks.
	check func(bad func(string, ...any))
}

// tableKey is a credential of a provider's table.
type tableKey struct {
	name string  // the TOML key: "api_key"
	val  *string // its value
	env  string  // the environment variable that sets it ("" none)
	// secret: the file holding it must be 0600.
	secret bool
	// optional: only the provider's own check says when it is needed.
	optional bool
}

// providerTables lists the configured providers' tables in a fixed order
// (the order their problems are reported in).
func (c *Config) providerTables() []providerTable {
	var ts []providerTable
	if f := c.Flash; f != nil {
		ts = append(ts, providerTable{"flash", f.BaseURL, f.Timeout, &f.timeout, []tableKey{
			{name: "api_key", val: &f.APIKey, env: "TILL_FLASH_API_KEY", secret: true},
			{name: "account_number", val: &f.AccountNumber},
		}, func(bad func(string, ...any)) {
			if f.AccountNumber != "" && !isAlnum(f.AccountNumber) {
				bad("[flash] account_number %q may hold only letters and digits", f.AccountNumber)
			}
			f.validateAssumed(bad) // config_assumed.go
		}})
	}
	if o := c.OneFlow; o != nil {
		ts = append(ts, providerTable{"oneflow", o.BaseURL, o.Timeout, &o.timeout, []tableKey{
			{name: "client_id", val: &o.ClientID, env: "TILL_ONEFLOW_CLIENT_ID"},
			{name: "client_secret", val: &o.ClientSecret, env: "TILL_ONEFLOW_CLIENT_SECRET", secret: true},
		}, func(bad func(string, ...any)) {
			switch o.Currency {
			case "":
				o.Currency = string(sale.GHS)
			case string(sale.KES), string(sale.GHS):
			default:
				bad("[oneflow] currency %q: it must be KES or GHS", o.Currency)
			}
		}})
	}
	if f := c.Flowix; f != nil {
		secret := tableKey{name: "webhook_secret", val: &f.WebhookSecret, env: "TILL_FLOWIX_WEBHOOK_SECRET", secret: true, optional: true}
		ts = append(ts, providerTable{"flowix", f.BaseURL, f.Timeout, &f.timeout, []tableKey{
			{name: "api_key", val: &f.APIKey, env: "TILL_FLOWIX_API_KEY", secret: true},
			{name: "merchant_id", val: &f.MerchantID, env: "TILL_FLOWIX_MERCHANT_ID"},
			secret,
		}, func(bad func(string, ...any)) {
			if f.WebhookListen != "" {
				if err := CheckListenAddr(f.WebhookListen); err != nil {
					bad("[flowix] webhook_listen: %v", err)
				}
				need("flowix", secret, bad)
			}
		}})
	}
	if f := c.Flutterwave; f != nil {
		ts = append(ts, providerTable{"flutterwave", f.BaseURL, f.Timeout, &f.timeout, []tableKey{
			{name: "secret_key", val: &f.SecretKey, env: "TILL_FLUTTERWAVE_SECRET_KEY", secret: true},
		}, nil})
	}
	if m := c.MpesaFlow; m != nil {
		ts = append(ts, providerTable{"mpesaflow", m.BaseURL, m.Timeout, &m.timeout, []tableKey{
			{name: "api_key", val: &m.APIKey, env: "TILL_MPESAFLOW_API_KEY", secret: true},
		}, nil})
	}
	return ts
}

// validateProviders checks every configured provider's table: its base
// URL, its timeout (default 30s), its credentials, then its own values.
func (c *Config) validateProviders(bad func(string, ...any)) {
	for _, t := range c.providerTables() {
		if t.baseURL == "" {
			bad("[%s] base_url is missing", t.name)
		} else if err := providers.CheckBaseURL(t.baseURL); err != nil {
			bad("[%s] base_url: %v", t.name, err)
		}
		*t.parsed = 30 * time.Second
		if t.timeout != "" {
			if d, err := parsePositiveDuration(t.timeout); err != nil {
				bad("[%s] timeout: %v", t.name, err)
			} else {
				*t.parsed = d
			}
		}
		for _, k := range t.keys {
			if !k.optional {
				need(t.name, k, bad)
			}
		}
		if t.check != nil {
			t.check(bad)
		}
	}
}

// need reports k of table missing, naming the variable that may set it.
func need(table string, k tableKey, bad func(string, ...any)) {
	switch {
	case *k.val != "":
	case k.env != "":
		bad("[%s] %s is missing (or set %s)", table, k.name, k.env)
	default:
		bad("[%s] %s is missing", table, k.name)
	}
}

// holdsSecrets says whether the file itself holds a secret (before the
// environment is laid over it): then it must be readable by its owner only.
func (c *Config) holdsSecrets() bool {
	for _, t := range c.providerTables() {
		for _, k := range t.keys {
			if k.secret && *k.val != "" {
				return true
			}
		}
	}
	return c.shipURLHoldsPassword() // config_ship.go
}

// overlayEnv lets secrets come from the environment; the environment wins.
func (c *Config) overlayEnv(env func(string) string) {
	set := func(dst *string, key string) {
		if v := env(key); v != "" {
			*dst = v
		}
	}
	for _, t := range c.providerTables() {
		for _, k := range t.keys {
			if k.env != "" {
				set(k.val, k.env)
			}
		}
	}
	if c.Ship != nil {
		set(&c.Ship.URL, "TILL_SHIP_URL")
	}
}
