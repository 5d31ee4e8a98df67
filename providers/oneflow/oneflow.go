// Package oneflow is the till's client for the 1Flow water API (docs:
// shared/api/oneflow-water-api.txt): OAuth2 client-credentials tokens,
// customer lookup, and asynchronous water recharges of a device or a card.
//
// Money safety. A recharge is asynchronous: the initiation answers 202 with
// a recharge id, and the recharge is then polled with
// GET /v1/access/partners/recharge/{id} until it is COMPLETED or FAILED.
// Send returns sale.ResultPending with PendingID set to that id; Check polls
// it. The recharge request carries NO client reference and 1Flow documents
// no idempotency key, so an initiation whose answer was lost (timeout, reset,
// 5xx, garbage, a 202 without an id) can never be resent safely: Settlement
// returns sale.SettleSupervisor for a sale without a recharge id, and a
// person checks the device. A sale whose recharge id is known is only ever
// polled (sale.SettleQuery), never initiated again. The client itself never
// resends, except once with a fresh token after a 401.
//
// Amounts cross the wire as JSON numbers in major units (100.5 = 100.50),
// converted exactly to and from sale.Money minor units; an answer with more
// decimals than the currency has is not read as an amount at all.
//
// Only allow-listed 4xx answers to an initiation are declines (see
// declineStatuses); everything the till cannot prove is in doubt.
package oneflow

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"till/providers"
	"till/sale"
)

// ProviderName is the config table and Order.Provider name.
const ProviderName = sale.ProviderOneFlow

// DisplayName is how cashiers know the provider.
const DisplayName = "1Flow"

// DefaultBaseURL is 1Flow's production API.
const DefaultBaseURL = "https://api.1flow.org"

// DefaultCurrency is the currency assumed when an answer does not state
// one. The API document's only example of a currency is GHS (its recharge
// status answer), so GHS is the default; a Kenyan till sets KES.
const DefaultCurrency = sale.GHS

// API paths, relative to the base URL.
const (
	pathToken    = "/v1/access/partners/token"
	pathLookup   = "/v1/access/partners/lookup"
	pathRecharge = "/v1/access/partners/recharge"
)

// Options configures a Client.
type Options struct {
	// BaseURL is the API root, e.g. DefaultBaseURL or the sandbox's
	// "http://127.0.0.1:8700/oneflow". https, or http on loopback only.
	BaseURL string
	// ClientID and ClientSecret are the partner credentials issued at
	// onboarding, sent with HTTP Basic to the token endpoint only.
	ClientID     string
	ClientSecret providers.Secret
	// Timeout bounds each HTTP call (default 30s).
	Timeout time.Duration
	// Currency is what the till sells in, and what an answer without a
	// "currency" field is read in (default DefaultCurrency). An order in
	// another currency is refused before anything is sent: the recharge
	// request carries no currency, the device's own is applied.
	Currency sale.Currency
	// Logger receives one line per call and per sale; never a secret.
	Logger *slog.Logger
	// HTTPClient overrides the transport (tests).
	HTTPClient *http.Client
	// Now is the clock of the token cache (tests); nil means time.Now.
	Now func() time.Time
	// Statuses are the recharge status words in force ([oneflow.statuses]);
	// nil means the defaults (assumed.go). A word not in it is in doubt.
	Statuses providers.Statuses
	// DeclineHTTP are the HTTP statuses of an initiation that are
	// definitive declines ([oneflow.decline_http] declined); nil means
	// DefaultDeclineHTTP.
	DeclineHTTP []int
}

// Client sells water recharges through 1Flow. It is safe for concurrent use.
type Client struct {
	base     string
	clientID string
	secret   providers.Secret
	currency sale.Currency
	country  string
	http     *providers.Client
	tokens   *providers.TokenCache
	log      *slog.Logger
	tables   tables // the assumed values in force (assumed.go)
}

var _ sale.Provider = (*Client)(nil)

// New checks o and returns a Client. Errors are *providers.ConfigError
// naming the config key.
func New(o Options) (*Client, error) {
	cfgErr := providers.ConfigErrorFor(ProviderName)
	if err := providers.CheckConfigURL(ProviderName, o.BaseURL); err != nil {
		return nil, err
	}
	switch {
	case o.ClientID == "":
		return nil, cfgErr("client_id", "is missing (set it in the config or TILL_ONEFLOW_CLIENT_ID)", nil)
	case strings.Contains(o.ClientID, ":"):
		// HTTP Basic cannot carry a user name with a colon (RFC 7617).
		return nil, cfgErr("client_id", "must not contain a colon", nil)
	case providers.Clean(o.ClientID) != o.ClientID:
		return nil, cfgErr("client_id", "contains spaces or control characters", nil)
	case o.Timeout < 0:
		return nil, cfgErr("timeout", "must be positive", nil)
	}
	if err := providers.CheckConfigSecret(ProviderName, "client_secret", o.ClientSecret, "TILL_ONEFLOW_CLIENT_SECRET"); err != nil {
		return nil, err
	}
	cur := o.Currency
	if cur == "" {
		cur = DefaultCurrency
	}
	if !cur.Valid() {
		return nil, cfgErr("currency", "is not a currency the till knows", nil)
	}
	t, err := newTables(o)
	if err != nil {
		return nil, cfgErr("statuses", err.Error(), nil)
	}
	log := providers.OrDiscard(o.Logger)
	c := &Client{
		tables:   t,
		base:     strings.TrimRight(o.BaseURL, "/"),
		clientID: o.ClientID,
		secret:   o.ClientSecret,
		currency: cur,
		country:  countryOf(cur),
		log:      log.With("provider", ProviderName),
		http: providers.NewClient(providers.ClientOptions{
			Provider: ProviderName, Timeout: o.Timeout, Logger: log, HTTPClient: o.HTTPClient,
		}),
	}
	c.tokens = providers.NewTokenCache(c.fetchToken, o.Now)
	return c, nil
}

// Name returns "oneflow".
func (c *Client) Name() string { return ProviderName }

// Currency is the currency the client sells in.
func (c *Client) Currency() sale.Currency { return c.currency }

// Settlement says how an in-doubt 1Flow sale is settled. With a recharge id
// the recharge exists and is polled (SettleQuery). Without one the
// initiation's answer was lost; the request has no client reference, so a
// resend could recharge the device twice and no query can find it: a
// supervisor checks the device (SettleSupervisor).
func (c *Client) Settlement(s sale.Sale) sale.Settlement {
	if s.PendingID != "" {
		return sale.SettleQuery
	}
	return sale.SettleSupervisor
}

// Window is zero: 1Flow documents no idempotency window (there is no
// idempotent resend at all), so the engine's default bounds how long a
// pending recharge is polled.
func (c *Client) Window() time.Duration { return 0 }

// Invalidate drops the cached access token (e.g. after the secret changed).
func (c *Client) Invalidate() { c.tokens.Invalidate() }

// countryOf is the default country for phone numbers typed in local form:
// Kenya for KES, Ghana for GHS, none otherwise (international form only).
func countryOf(c sale.Currency) string {
	switch c {
	case sale.KES:
		return "KE"
	case sale.GHS:
		return "GH"
	}
	return ""
}
