// Package flutterwave is the till's client for Flutterwave v3 tokenized
// card charges (docs: shared/api/flutterwave-tokenized-charges.txt): a
// card on file charged as a sale's tender (POST /tokenized-charges), card
// token details (PUT /tokens/{token}) and bulk tokenized charges.
//
// Money safety. A card must never be charged twice. A charge whose answer
// was lost is in doubt and is settled by VERIFYING it by our reference
// (tx_ref), never by charging again: Settlement returns sale.SettleQuery
// and Check calls GET /transactions/verify_by_reference?tx_ref=REF. That
// endpoint is not in the document copy; it is Flutterwave v3's documented
// "verify transaction with tx_ref" and the sandbox implements it. Flutterwave
// also refuses a second charge with a tx_ref it has seen; the client treats
// that refusal as in doubt (the first may have been charged) and verifies.
//
// Verification that finds no transaction under our tx_ref stays in doubt:
// a request that timed out may still be processing, so "not found" does not
// prove the card was not charged. After the engine's checks run out the sale
// goes to a supervisor, who looks at the Flutterwave dashboard; charging the
// card again with a new reference is the supervisor's decision, never the
// till's.
//
// Amounts cross the JSON edge as numbers in major units ("amount": 2000,
// "app_fee": 4.2); they are sent and read exactly, never through a float.
// Secrets — the secret key and card tokens — are never logged, never in an
// error or an Outcome message: a card token travels in Order.Secrets["token"]
// and appears only in the request body (and, for UpdateToken, in the URL
// path, which is redacted in log lines).
package flutterwave

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"till/providers"
	"till/sale"
)

// ProviderName is the config table and Order.Provider name.
const ProviderName = sale.ProviderFlutterwave

// DisplayName is how cashiers know the provider.
const DisplayName = "Flutterwave"

// DefaultBaseURL is Flutterwave's v3 API.
const DefaultBaseURL = "https://api.flutterwave.com/v3"

// Options configures a Client.
type Options struct {
	// BaseURL is the API root, e.g. DefaultBaseURL or the sandbox's
	// "http://127.0.0.1:8700/flutterwave/v3". https, or http on loopback only.
	BaseURL string
	// SecretKey is the merchant's secret key, sent as a bearer token.
	SecretKey providers.Secret
	// Timeout bounds each HTTP call (default 30s).
	Timeout time.Duration
	// Logger receives one line per call and per sale; never a secret.
	Logger *slog.Logger
	// HTTPClient overrides the transport (tests).
	HTTPClient *http.Client
	// RedirectURL, if set, is sent as redirect_url: where Flutterwave sends
	// the customer's browser after a 3-D Secure approval.
	RedirectURL string
	// Statuses are the charge status words in force
	// ([flutterwave.statuses]); nil means the defaults (assumed.go).
	Statuses providers.Statuses
	// DeclineMessages are the error messages that are definitive card
	// declines ([flutterwave.decline_messages] declined); nil means
	// DefaultDeclineMessages. Any other error is in doubt.
	DeclineMessages []string
}

// Client charges saved cards through Flutterwave. It is safe for concurrent
// use.
type Client struct {
	base     string
	key      providers.Secret
	redirect string
	http     *providers.Client
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
	if err := providers.CheckConfigSecret(ProviderName, "secret_key", o.SecretKey, "TILL_FLUTTERWAVE_SECRET_KEY"); err != nil {
		return nil, err
	}
	if o.Timeout < 0 {
		return nil, cfgErr("timeout", "must be positive", nil)
	}
	if o.RedirectURL != "" {
		u, err := url.Parse(o.RedirectURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			return nil, cfgErr("redirect_url", "must be an absolute http(s) URL", nil)
		}
	}
	t, err := newTables(o)
	if err != nil {
		return nil, &providers.ConfigError{Provider: ProviderName, Key: "statuses", Reason: err.Error()}
	}
	log := providers.OrDiscard(o.Logger)
	return &Client{
		tables:   t,
		base:     strings.TrimRight(o.BaseURL, "/"),
		key:      o.SecretKey,
		redirect: o.RedirectURL,
		log:      log.With("provider", ProviderName),
		http: providers.NewClient(providers.ClientOptions{
			Provider: ProviderName, Timeout: o.Timeout, Logger: o.Logger, HTTPClient: o.HTTPClient,
			RedactPath: redactPath,
		}),
	}, nil
}

// Name returns "flutterwave".
func (c *Client) Name() string { return ProviderName }

// Settlement is SettleQuery for a card tender: an in-doubt charge is
// verified by tx_ref, never charged again. Other kinds are not sold through
// the engine and go to a supervisor.
func (c *Client) Settlement(s sale.Sale) sale.Settlement {
	if s.Order.Kind == sale.KindTenderCard {
		return sale.SettleQuery
	}
	return sale.SettleSupervisor
}

// Window is zero (the engine's default): verification by tx_ref does not
// depend on an idempotency window, and nothing is ever resent.
func (c *Client) Window() time.Duration { return 0 }

// Error is a failed call outside the sale engine (UpdateToken, the bulk
// API, VerifyByReference). Result says what it means for the money:
// ResultNotSent (nothing reached Flutterwave), ResultDeclined (refused,
// nothing applied) or ResultInDoubt (it may have been applied — for
// BulkCharge, look at the bulk's transactions or verify each tx_ref before
// doing anything else; never resend it blindly). For reads only Code and
// Message matter. Message never holds a secret.
type Error struct {
	Result  sale.Result
	Code    string
	Message string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// do sends one request with the secret key. Its error is the plumbing's
// transport error, for TransportOutcome or callError.
func (c *Client) do(ctx context.Context, method, path string, body []byte, ref sale.Reference) (*providers.Response, error) {
	h := http.Header{}
	h.Set("Accept", "application/json")
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	h.Set("Authorization", "Bearer "+c.key.Reveal())
	return c.http.Do(ctx, providers.Request{Method: method, URL: c.base + path, Header: h, Body: body, Ref: ref})
}

// callError is the *Error of a call outside the engine that got no answer.
func callError(what string, err error) *Error {
	o := providers.TransportOutcome(DisplayName, err)
	msg := fmt.Sprintf("Flutterwave %s: no answer (%s); it may have been applied", what, o.Code)
	if o.Result == sale.ResultNotSent {
		msg = fmt.Sprintf("Flutterwave %s: no answer (%s); nothing was sent", what, o.Code)
	}
	return &Error{Result: o.Result, Code: o.Code, Message: msg}
}

// text cleans a provider's text, removes secrets from it (a provider may
// echo a token back in an error message) and only then bounds it, so no
// part of a secret survives a cut.
func text(s string, n int, secrets ...string) string {
	s = providers.Clean(s)
	for _, v := range secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, providers.Redacted)
		}
	}
	return providers.CleanMax(s, n)
}

func levelFor(r sale.Result) slog.Level {
	if r == sale.ResultInDoubt {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

// redactPath replaces everything after "/tokens/" with the redaction.
func redactPath(p string) string {
	const seg = "/tokens/"
	if i := strings.Index(p, seg); i >= 0 {
		return p[:i+len(seg)] + providers.Redacted
	}
	return p
}

// httpCode is the outcome code of an HTTP status.
func httpCode(status int) string { return fmt.Sprintf("http_%d", status) }
