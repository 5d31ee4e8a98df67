// Package flowix is the till's client for the Flowix API v1 (docs:
// shared/api/flowix-api-v1.txt, in Indonesian): prepaid products (pulsa,
// PLN tokens, games), postpaid bills (PLN, BPJS, PDAM), payouts to bank
// accounts and e-wallets, and QRIS deposits, plus the parser of the QRIS
// payloads it hands out (qris.go) and the receiver of its signed webhooks
// (wire/webhook.go).
//
// Credentials go only in the api_key and merchant_id headers, never in a
// query string or a body (the document also allows those; we do not), and
// never in a log line or an error.
//
// Every answer is an envelope {success, code, message, data, meta}, read in
// one place (envelope.go) and classified by one table of codes (assumed.go).
// The document lists no error codes: the table is our assumption, and the
// sandbox answers with it. Only its allow-listed codes are declines; a
// timeout, a broken connection after writing, HTTP 5xx, an unreadable body
// or an unknown code is in doubt; a failure to connect is not sent. The
// client never retries.
//
// Money safety, per kind of sale (Settlement):
//
//   - Pulsa/PPOB prepaid (transaction/create): ref_id is documented as the
//     idempotency key, and we send our sale reference as it. An in-doubt
//     sale is first queried (transaction/status by ref_id). Only when Flowix
//     answers that it does not know the ref_id is the identical request
//     resent with the same ref_id: the idempotency key makes that resend
//     apply the sale at most once, and a Flowix that instead refuses a used
//     ref_id (code 409) is answered by a status query inside the same Send.
//   - Bills (bill/pay): the request takes no ref_id; Flowix's answer echoes
//     the inquiry id as its ref_id. Nothing documents that paying an
//     inquiry twice is refused, so a lost pay answer is never resent: it is
//     queried with transaction/status using the inquiry id as ref_id, and
//     goes to a supervisor if that never answers.
//   - Payouts (payout/create): ref_id is documented only as "your unique
//     id", not as an idempotency key, and a transfer to a bank account
//     cannot be taken back, so an in-doubt payout is only ever queried
//     (payout/status by ref_id), then handed to a supervisor.
//   - Deposits (deposit/create): Flowix assigns the DEP-… reference; the
//     request carries none of ours. A create whose answer was lost can be
//     neither found nor resent safely, so it goes to a supervisor; once the
//     DEP reference is known the deposit is polled (deposit/status).
package flowix

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"till/providers"
	"till/sale"
)

// ProviderName is the config table and Order.Provider name.
const ProviderName = sale.ProviderFlowix

// DisplayName is how cashiers know the provider.
const DisplayName = "Flowix"

// DefaultBaseURL is Flowix's production API.
const DefaultBaseURL = "https://flowix.web.id/api/v1"

// Header names of the credentials, as documented.
const (
	HeaderAPIKey     = "api_key"
	HeaderMerchantID = "merchant_id"
)

// Options configures a Client.
type Options struct {
	// BaseURL is the API root, e.g. DefaultBaseURL or the sandbox's
	// "http://127.0.0.1:8700/flowix/api/v1". https, or http on loopback only.
	BaseURL string
	// APIKey is the secret key ("sk-…"), sent only in the api_key header.
	APIKey providers.Secret
	// MerchantID is the business identity ("MID-…"), sent only in the
	// merchant_id header.
	MerchantID string
	// WebhookSecret verifies webhooks (see Client.WebhookHandler).
	WebhookSecret providers.Secret
	// Timeout bounds each HTTP call (default 30s).
	Timeout time.Duration
	// Logger receives one line per call and per sale; never a secret.
	Logger *slog.Logger
	// HTTPClient overrides the transport (tests).
	HTTPClient *http.Client
	// Statuses and DepositStatuses are the status words in force
	// ([flowix.statuses], [flowix.deposit_statuses]); nil means the
	// assumed defaults (assumed.go). A word in neither is in doubt.
	Statuses, DepositStatuses providers.Statuses
	// Declined lists the envelope codes that are definitive declines
	// ([flowix.error_codes] declined); nil means DefaultDeclined.
	Declined []Code
}

// Client sells through Flowix. It is safe for concurrent use.
type Client struct {
	base     string
	apiKey   providers.Secret
	merchant string
	whSecret providers.Secret
	http     *providers.Client
	log      *slog.Logger
	tables   tables // the assumed values in force (assumed.go)

	mu       sync.Mutex
	notFound map[sale.Reference]bool // pulsa sales whose status query said "unknown ref_id"
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
	if o.APIKey.IsZero() {
		return nil, cfgErr("api_key", "is missing (set it in the config or TILL_FLOWIX_API_KEY)", nil)
	}
	if !headerSafe(o.APIKey.Reveal()) {
		return nil, cfgErr("api_key", "contains a space or a control character", nil)
	}
	if o.MerchantID == "" {
		return nil, cfgErr("merchant_id", "is missing (set it in the config or TILL_FLOWIX_MERCHANT_ID)", nil)
	}
	if !headerSafe(o.MerchantID) {
		return nil, cfgErr("merchant_id", "contains a space or a control character", nil)
	}
	if o.Timeout < 0 {
		return nil, cfgErr("timeout", "must be positive", nil)
	}
	t, err := newTables(o)
	if err != nil {
		return nil, cfgErr("statuses", err.Error(), nil)
	}
	log := providers.OrDiscard(o.Logger)
	return &Client{
		tables:   t,
		base:     strings.TrimRight(o.BaseURL, "/"),
		apiKey:   o.APIKey,
		merchant: o.MerchantID,
		whSecret: o.WebhookSecret,
		log:      log.With("provider", ProviderName),
		http: providers.NewClient(providers.ClientOptions{
			Provider: ProviderName, Timeout: o.Timeout, Logger: log, HTTPClient: o.HTTPClient,
		}),
		notFound: map[sale.Reference]bool{},
	}, nil
}

// headerSafe reports whether s is printable ASCII without spaces.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return s != ""
}

// Name returns "flowix".
func (c *Client) Name() string { return ProviderName }

// Window is zero: Flowix documents no limit on how long a ref_id is
// honoured, so the engine's configured default applies.
func (c *Client) Window() time.Duration { return 0 }

// Settlement says how an in-doubt sale is settled (see the package comment):
//
//   - pulsa: SettleQuery, until a status query answered that Flowix does not
//     know the ref_id; then SettleResend (ref_id is the documented
//     idempotency key). The "not found" is remembered in memory only, so
//     after a restart the sale is queried first again, which is harmless.
//   - bill and payout: SettleQuery only (no documented idempotency key).
//   - deposit: SettleQuery when the DEP reference is known (PendingID),
//     SettleSupervisor when it is not: the create carries no reference of
//     ours, so a lost answer can be neither looked up nor resent without
//     risking a second deposit ticket the customer might pay.
func (c *Client) Settlement(s sale.Sale) sale.Settlement {
	switch s.Order.Kind {
	case sale.KindPulsa:
		c.mu.Lock()
		nf := c.notFound[s.Ref]
		c.mu.Unlock()
		if nf {
			return sale.SettleResend
		}
		return sale.SettleQuery
	case sale.KindBill, sale.KindPayout:
		return sale.SettleQuery
	case sale.KindDeposit, sale.KindTenderQRIS:
		if s.PendingID == "" {
			return sale.SettleSupervisor
		}
		return sale.SettleQuery
	}
	return sale.SettleSupervisor
}

// setNotFound records (or forgets) that Flowix did not know a pulsa ref_id.
func (c *Client) setNotFound(ref sale.Reference, nf bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if nf {
		c.notFound[ref] = true
	} else {
		delete(c.notFound, ref)
	}
}

// WebhookHandler returns the receiver of Flowix's webhooks, verifying them
// with Options.WebhookSecret; see NewWebhookHandler.
func (c *Client) WebhookHandler(sink Sink, opts ...WebhookOption) *WebhookHandler {
	return NewWebhookHandler(c.whSecret, sink, append([]WebhookOption{withTables(c.tables)}, opts...)...)
}

// call sends one request and decodes the envelope. payload nil means no
// body (GET). The credentials are put in headers here and nowhere else.
func (c *Client) call(ctx context.Context, method, path string, payload any, ref sale.Reference) (json.RawMessage, error) {
	var body []byte
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return nil, &providers.TransportError{Kind: providers.FailRequest, Err: err}
		}
		body = b
	}
	h := http.Header{}
	h.Set("Accept", "application/json")
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	h.Set(HeaderAPIKey, c.apiKey.Reveal())
	h.Set(HeaderMerchantID, c.merchant)
	resp, err := c.http.Do(ctx, providers.Request{Method: method, URL: c.base + path, Header: h, Body: body, Ref: ref})
	if err != nil {
		return nil, err
	}
	// Should Flowix ever echo the key (in a message or a note), it is gone
	// before anything is decoded, shown or logged. (Keys are long; a
	// test's one-letter key would match ordinary text.)
	answer := resp.Body
	if key := c.apiKey.Reveal(); len(key) >= 8 {
		answer = bytes.ReplaceAll(answer, []byte(key), []byte(providers.Redacted))
	}
	return c.tables.decode(strings.TrimPrefix(path, "/"), resp.Status, answer)
}

// logSale writes one line per money call; never a secret or a token.
func (c *Client) logSale(ctx context.Context, what string, s sale.Sale, out sale.Outcome) {
	level := slog.LevelInfo
	if out.Result == sale.ResultInDoubt {
		level = slog.LevelWarn
	}
	c.log.LogAttrs(ctx, level, "flowix "+what,
		slog.String("ref", string(s.Ref)), slog.String("kind", string(s.Order.Kind)),
		slog.String("result", string(out.Result)), slog.String("code", out.Code))
}
