package wire

import (
	"log/slog"
	"net/http"

	"till/config"
	"till/providers"
	"till/providers/flash"
	"till/providers/flowix"
	"till/providers/flutterwave"
	"till/providers/mpesaflow"
	"till/providers/oneflow"
	"till/providers/sandbox"
	"till/sale"
)

// BuildProviders makes a client for every configured provider.
func BuildProviders(cfg *config.Config, log *slog.Logger) ([]sale.Provider, error) {
	return BuildProvidersOver(cfg, log, func(string) *http.Client { return nil })
}

// BuildProvidersOver is BuildProviders with each client's HTTP client
// given by hc (nil: the client's own); till doctor's clients go over its
// read-only transport (cli/doctor.go).
func BuildProvidersOver(cfg *config.Config, log *slog.Logger, hc func(provider string) *http.Client) ([]sale.Provider, error) {
	var out []sale.Provider
	if f := cfg.Flash; f != nil {
		p, err := flash.New(flash.Options{
			BaseURL: f.BaseURL, APIKey: providers.Secret(f.APIKey), AccountNumber: f.AccountNumber,
			StoreID: cfg.Till.StoreID, TerminalID: cfg.Till.TerminalID, Timeout: f.RequestTimeout(),
			Logger: log, HTTPClient: hc(flash.ProviderName), ProductTypes: f.ProductTypeMap(), Declined: f.Declines(),
		})
		if err != nil {
			return nil, config.Errorf("[flash]: %v", err)
		}
		out = append(out, p)
	}
	if o := cfg.OneFlow; o != nil {
		p, err := oneflow.New(oneflow.Options{
			BaseURL: o.BaseURL, ClientID: o.ClientID, ClientSecret: providers.Secret(o.ClientSecret),
			Timeout: o.RequestTimeout(), Currency: sale.Currency(o.Currency), Logger: log, HTTPClient: hc(oneflow.ProviderName),
			Statuses: o.Statuses.Table(oneflow.NormStatus), DeclineHTTP: o.DeclineHTTP.Ints(),
		})
		if err != nil {
			return nil, config.Errorf("[oneflow]: %v", err)
		}
		out = append(out, p)
	}
	if f := cfg.Flowix; f != nil {
		p, err := flowix.New(flowix.Options{
			BaseURL: f.BaseURL, APIKey: providers.Secret(f.APIKey), MerchantID: f.MerchantID,
			WebhookSecret: providers.Secret(f.WebhookSecret), Timeout: f.RequestTimeout(), Logger: log, HTTPClient: hc(flowix.ProviderName),
			Statuses: f.Statuses.Table(flowix.NormStatus), DepositStatuses: f.DepositStatuses.Table(flowix.NormStatus),
			Declined: config.FlowixCodes(f.ErrorCodes),
		})
		if err != nil {
			return nil, config.Errorf("[flowix]: %v", err)
		}
		out = append(out, p)
	}
	if f := cfg.Flutterwave; f != nil {
		p, err := flutterwave.New(flutterwave.Options{
			BaseURL: f.BaseURL, SecretKey: providers.Secret(f.SecretKey), Timeout: f.RequestTimeout(), Logger: log, HTTPClient: hc(flutterwave.ProviderName),
			Statuses: f.Statuses.Table(flutterwave.NormStatus), DeclineMessages: f.DeclineMessages.List(),
		})
		if err != nil {
			return nil, config.Errorf("[flutterwave]: %v", err)
		}
		out = append(out, p)
	}
	if m := cfg.MpesaFlow; m != nil {
		p, err := mpesaflow.New(mpesaflow.Options{
			BaseURL: m.BaseURL, APIKey: providers.Secret(m.APIKey), Timeout: m.RequestTimeout(), Logger: log, HTTPClient: hc(mpesaflow.ProviderName),
			Statuses: m.Statuses.Table(mpesaflow.NormStatus),
		})
		if err != nil {
			return nil, config.Errorf("[mpesaflow]: %v", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// DemoProviders points every provider of the demo at the embedded sandbox.
// Timeouts are short so a lost answer shows quickly.
func DemoProviders(cfg *config.Config, base string) {
	const timeout = "5s"
	cfg.Flash = &config.FlashConfig{BaseURL: base + sandbox.FlashPrefix, APIKey: sandbox.FlashAPIKey, AccountNumber: sandbox.FlashAccount, Timeout: timeout}
	cfg.OneFlow = &config.OneFlowConfig{BaseURL: base + sandbox.OneFlowPrefix, ClientID: sandbox.OneFlowClientID, ClientSecret: sandbox.OneFlowClientSecret, Currency: string(sale.KES), Timeout: timeout}
	cfg.Flowix = &config.FlowixConfig{BaseURL: base + sandbox.FlowixPrefix, APIKey: sandbox.FlowixAPIKey, MerchantID: sandbox.FlowixMerchantID, WebhookSecret: sandbox.FlowixWebhookSecret, Timeout: timeout}
	cfg.Flutterwave = &config.FlutterwaveConfig{BaseURL: base + sandbox.FlutterwavePrefix, SecretKey: sandbox.FlutterwaveSecretKey, Timeout: timeout}
	cfg.MpesaFlow = &config.MpesaFlowConfig{BaseURL: base + sandbox.MpesaFlowPrefix, APIKey: sandbox.MpesaFlowAPIKey, Timeout: timeout}
}

// Supervised turns on, in live and demo mode alike, the kinds of sale that
// are never sold without a supervisor's override (sale.Limits.Supervised),
// asked for at the till or with --supervisor: Flash's 1Voucher refund
// gives back value already redeemed (sale.ActionRefund), and a cash-out
// cancel hands the PIN's value back in cash (sale.ActionCancel). A 1Voucher
// disbursement is not among them: it reverses no earlier sale, it is the
// shop's own payout, capped like any sale by [limits] per_sale.
func Supervised(l sale.Limits) sale.Limits {
	l.Supervised = map[sale.Kind]sale.Action{
		sale.KindVoucherRefund: sale.ActionRefund,
		sale.KindCashOutCancel: sale.ActionCancel,
	}
	return l
}
