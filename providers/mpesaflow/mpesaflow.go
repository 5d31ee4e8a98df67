// Package mpesaflow is the till's client for MpesaFlow's transactions API
// (docs: shared/api/mpesaflow-transactions.txt). It records an M-Pesa
// payment the customer has already made to the shop's till number, as the
// tender of a sale: POST /transactions with our sale reference as
// providerReference.
//
// Money safety. Recording moves no money: the customer paid once, on their
// phone, before the till sent anything. The record is keyed by our reference
// (providerReference), so a duplicate request under the same reference is
// harmless — MpesaFlow, like the sandbox, is assumed to return the existing
// record rather than create a second one. An in-doubt record is therefore
// settled by resending the identical request (Settlement returns
// sale.SettleResend), except when the answer proved a resend cannot help
// (a record marked failed, or one for another amount or reference): those
// go to a supervisor. The client itself never resends.
//
// What a duplicate payment would be here is one M-Pesa receipt paying for
// two sales. The sandbox refuses a receipt code already recorded under
// another reference (HTTP 409) and the client treats that as a decline on
// the first attempt; the till should also refuse to take a receipt code it
// has already journaled.
//
// Only POST /transactions is documented: there is no status query, so
// Check always answers in doubt.
package mpesaflow

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"till/providers"
	"till/sale"
)

// ProviderName is the config table and Order.Provider name.
const ProviderName = sale.ProviderMpesaFlow

// DisplayName is how cashiers know the provider.
const DisplayName = "MpesaFlow"

// DefaultBaseURL is MpesaFlow's production API.
const DefaultBaseURL = "https://api.mpesaflow.com/v1"

// Order.Params keys read by Send for a KindTenderMpesa order.
const (
	// ParamReceipt is the M-Pesa receipt code from the customer's SMS
	// ("QKJ4ABCD12"). Required; see ValidReceiptCode.
	ParamReceipt = sale.MpesaParamReceipt
	// ParamPhone is the paying phone number in any form NormalizePhoneKE
	// accepts. Optional: M-Pesa SMS no longer always show it. When absent,
	// a TargetMobile target is used.
	ParamPhone = sale.MpesaParamPhone
	// ParamCustomerID is MpesaFlow's customer id, when the till knows it.
	ParamCustomerID = "customerId"
	// ParamDescription replaces the default description.
	ParamDescription = "description"
	// ParamDate is the M-Pesa transaction time from the SMS as
	// YYYYMMDDhhmmss (Nairobi time). When absent, the time the sale was
	// journaled is sent: close enough, and stable across resends.
	ParamDate = "date"
)

// Options configures a Client.
type Options struct {
	// BaseURL is the API root, e.g. DefaultBaseURL or the sandbox's
	// "http://127.0.0.1:8700/mpesaflow/v1". https, or http on loopback only.
	BaseURL string
	// APIKey is the bearer token issued by MpesaFlow.
	APIKey providers.Secret
	// Timeout bounds each HTTP call (default 30s).
	Timeout time.Duration
	// Logger receives one line per call and per sale; never a secret.
	Logger *slog.Logger
	// Statuses are the record status words in force ([mpesaflow.statuses]);
	// nil means the assumed defaults (assumed.go). A word not in it is in
	// doubt.
	Statuses providers.Statuses
	// HTTPClient overrides the transport (tests).
	HTTPClient *http.Client
}

// Client records M-Pesa tenders through MpesaFlow. It is safe for
// concurrent use.
type Client struct {
	base   string
	apiKey providers.Secret
	http   *providers.Client
	log    *slog.Logger
	// statuses are the record status words in force (assumed.go).
	statuses providers.Statuses
}

var _ sale.Provider = (*Client)(nil)

// New checks o and returns a Client. Errors are *providers.ConfigError
// naming the config key.
func New(o Options) (*Client, error) {
	cfgErr := providers.ConfigErrorFor(ProviderName)
	if err := providers.CheckConfigURL(ProviderName, o.BaseURL); err != nil {
		return nil, err
	}
	if err := providers.CheckConfigSecret(ProviderName, "api_key", o.APIKey, "TILL_MPESAFLOW_API_KEY"); err != nil {
		return nil, err
	}
	if o.Timeout < 0 {
		return nil, cfgErr("timeout", "must be positive", nil)
	}
	statuses, err := checkStatuses(o.Statuses)
	if err != nil {
		return nil, cfgErr("statuses", err.Error(), nil)
	}
	log := providers.OrDiscard(o.Logger)
	return &Client{
		statuses: statuses,
		base:     strings.TrimRight(o.BaseURL, "/"),
		apiKey:   o.APIKey,
		log:      log.With("provider", ProviderName),
		http: providers.NewClient(providers.ClientOptions{
			Provider: ProviderName, Timeout: o.Timeout, Logger: o.Logger, HTTPClient: o.HTTPClient,
		}),
	}, nil
}

// Name returns "mpesaflow".
func (c *Client) Name() string { return ProviderName }

// Settlement is SettleResend: the record is keyed by our reference, and a
// second request under it returns the existing record. Answers that a
// resend would only repeat — a record MpesaFlow marked failed, one for a
// different amount or reference, or a refusal of a resend — go to a
// supervisor, who checks the M-Pesa statement.
func (c *Client) Settlement(s sale.Sale) sale.Settlement {
	if s.Order.Kind != sale.KindTenderMpesa {
		return sale.SettleSupervisor
	}
	switch s.Outcome.Code {
	case codeRecordFailed, codeAmountMismatch, codeReferenceMismatch, codeRefusedOnResend:
		return sale.SettleSupervisor
	}
	return sale.SettleResend
}

// Window is zero (the engine's default): MpesaFlow documents no limit on how
// long a providerReference is remembered; records are assumed permanent.
func (c *Client) Window() time.Duration { return 0 }

// Check always answers in doubt: MpesaFlow documents no status query. An
// in-doubt record is settled by resending it with the same reference.
func (c *Client) Check(context.Context, sale.Sale) sale.Outcome {
	return providers.InDoubt("no_status_query",
		"MpesaFlow has no status query; the payment record is settled by resending it with the same reference.")
}

func levelFor(r sale.Result) slog.Level {
	if r == sale.ResultInDoubt {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}
