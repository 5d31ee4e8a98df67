// Package flash is the till's client for the Flash Partner API v4
// (docs: shared/api/flash-partner-api-v4.txt): OAuth2 client-credentials
// tokens, the product catalogue (§2.2), and every product of the document:
// cellular pinless airtime (§2.6), prepaid electricity with its meter
// lookup (§2.8), 1Voucher purchase, redeem, refund and disburse (§2.3),
// gift vouchers (§2.4), Eezi vouchers (§2.7) and cash-out PINs with their
// lookup and cancel (§2.5). Each is a case in send.go and a file of its own.
//
// Lookups (a meter, a cash-out PIN) move no money and are not sales: they
// are not journaled and carry a lookup reference of their own (lookup.go),
// never a sale's.
//
// Money safety. Flash documents idempotency on reference (§1.2.2): a request
// resent with the same reference returns the original answer and is not
// applied again. So an in-doubt sale is settled by resending the identical
// request (Settlement returns sale.SettleResend), and Check, having no
// status query to call, always answers in doubt. The client itself never
// resends, except once with a fresh token after a 401.
//
// Request encoding is built only from the journaled sale (reference, order,
// store and terminal ids), never from the clock, so a resend is
// byte-for-byte the same request. Order.Params keys prefixed "metadata."
// become Flash metadata (validated against the documented limits before
// anything is sent).
//
// Response codes beyond 0 and productType values are not documented;
// assumed.go holds our assumed defaults, which the config overrides
// ([flash.product_types], [flash.response_codes]). A non-zero code that is
// not a configured decline is in doubt; a product whose productType is not
// mapped is never sold. Flash's own responseMessage is shown to the cashier
// and journaled (Outcome.ProviderMessage) with every non-zero code.
package flash

import (
	"context"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"till/providers"
	"till/sale"
)

// ProviderName is the config table and Order.Provider name.
const ProviderName = sale.ProviderFlash

// DisplayName is how cashiers know the provider.
const DisplayName = "Flash"

// DefaultBaseURL is Flash's production API.
const DefaultBaseURL = "https://api.flashswitch.flash-group.com"

// Options configures a Client.
type Options struct {
	// BaseURL is the API root, e.g. DefaultBaseURL or the sandbox's
	// "http://127.0.0.1:8700/flash". https, or http on loopback only.
	BaseURL string
	// APIKey is the Basic credential issued by Flash, sent as issued.
	APIKey providers.Secret
	// AccountNumber is the merchant's Flash account.
	AccountNumber string
	// StoreID and TerminalID are sent when a sale does not carry its own.
	StoreID    string
	TerminalID string
	// Timeout bounds each HTTP call (default 30s).
	Timeout time.Duration
	// Logger receives one line per call and per sale; never a secret.
	Logger *slog.Logger
	// HTTPClient overrides the transport (tests).
	HTTPClient *http.Client
	// Now is the clock of the token cache (tests); nil means time.Now.
	Now func() time.Time
	// ProductTypes maps Flash productTypes to what the till sells
	// ([flash.product_types]); nil means DefaultProductTypes. A product
	// whose type is not in it is never sold.
	ProductTypes map[ProductType]sale.Kind
	// Declined lists the responseCodes that are definitive declines
	// ([flash.response_codes] declined); nil means DefaultDeclined. Any
	// other non-zero code is in doubt.
	Declined []Code
}

// Client sells through Flash. It is safe for concurrent use.
type Client struct {
	base     string
	apiKey   providers.Secret
	account  string
	store    string
	terminal string
	http     *providers.Client
	tokens   *providers.TokenCache
	log      *slog.Logger
	now      func() time.Time
	// lastLookup is the time stamp of the last lookup reference minted, so
	// two lookups never share one (see lookupRef).
	lastLookup atomic.Int64

	// kinds and declined are the assumed tables in force (assumed.go).
	kinds    map[ProductType]sale.Kind
	declined map[Code]bool
	// ownCodes is true when declined is the assumed default, whose
	// numbers the till's own table names (assumed.go).
	ownCodes bool
	// typeMu guards types: the productType Flash gave each product code
	// it was asked about, so Send can refuse a product of another kind.
	typeMu sync.Mutex
	types  map[string]productTypeSeen
}

var (
	_ sale.Provider   = (*Client)(nil)
	_ sale.Cataloguer = (*Client)(nil)
)

// New checks o and returns a Client. Errors are *providers.ConfigError
// naming the config key.
func New(o Options) (*Client, error) {
	cfgErr := providers.ConfigErrorFor(ProviderName)
	if err := providers.CheckConfigURL(ProviderName, o.BaseURL); err != nil {
		return nil, err
	}
	if err := providers.CheckConfigSecret(ProviderName, "api_key", o.APIKey, "TILL_FLASH_API_KEY"); err != nil {
		return nil, err
	}
	if err := alnum("account_number", o.AccountNumber, true); err != nil {
		return nil, cfgErr("account_number", err.Error(), nil)
	}
	if err := alnum("store_id", o.StoreID, false); err != nil {
		return nil, cfgErr("store_id", err.Error(), nil)
	}
	if err := alnum("terminal_id", o.TerminalID, false); err != nil {
		return nil, cfgErr("terminal_id", err.Error(), nil)
	}
	if o.Timeout < 0 {
		return nil, cfgErr("timeout", "must be positive", nil)
	}
	kinds := o.ProductTypes
	if kinds == nil {
		kinds = defaultProductTypes
	}
	if err := CheckProductTypes(kinds); err != nil {
		return nil, cfgErr("product_types", err.Error(), nil)
	}
	declinedCodes := o.Declined
	if declinedCodes == nil {
		declinedCodes = DefaultDeclined()
	}
	declined := map[Code]bool{}
	for _, code := range declinedCodes {
		if code == CodeSuccess {
			return nil, cfgErr("response_codes", "0 is success, not a decline", nil)
		}
		declined[code] = true
	}
	log := providers.OrDiscard(o.Logger)
	c := &Client{
		base:     strings.TrimRight(o.BaseURL, "/"),
		apiKey:   o.APIKey,
		account:  o.AccountNumber,
		store:    o.StoreID,
		terminal: o.TerminalID,
		kinds:    maps.Clone(kinds),
		declined: declined,
		ownCodes: o.Declined == nil,
		types:    map[string]productTypeSeen{},
		log:      log.With("provider", ProviderName),
		http: providers.NewClient(providers.ClientOptions{
			Provider: ProviderName, Timeout: o.Timeout, Logger: log, HTTPClient: o.HTTPClient,
		}),
	}
	c.now = o.Now
	if c.now == nil {
		c.now = time.Now
	}
	c.tokens = providers.NewTokenCache(c.fetchToken, o.Now)
	return c, nil
}

// configured is the declined set when [flash.response_codes] gave it, nil
// when the assumed defaults are in force (see expect.declined).
func (c *Client) configured() map[Code]bool {
	if c.ownCodes {
		return nil
	}
	return c.declined
}

// Name returns "flash".
func (c *Client) Name() string { return ProviderName }

// Settlement is always SettleResend: Flash returns the original answer to a
// request resent with the same reference (§1.2.2) and does not apply it again.
func (c *Client) Settlement(sale.Sale) sale.Settlement { return sale.SettleResend }

// Window is zero: Flash documents no limit on how long a reference is
// honoured, so the engine's configured default applies.
func (c *Client) Window() time.Duration { return 0 }

// Check always answers in doubt: Flash has no status query. The resolver
// settles a Flash sale by Send with the same reference.
func (c *Client) Check(context.Context, sale.Sale) sale.Outcome {
	return providers.InDoubt("no_status_query",
		"Flash has no status query; the sale is settled by resending it with the same reference.")
}

// Invalidate drops the cached access token (e.g. after the key changed).
func (c *Client) Invalidate() { c.tokens.Invalidate() }
