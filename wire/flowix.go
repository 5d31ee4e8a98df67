package wire

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"till/providers"
	"till/providers/flowix"
	"till/providers/sandbox"
	"till/sale"
	"till/screens"
)

// flowixAPI adapts the Flowix client to what the screens need
// (screens.FlowixAPI): the same calls, with the screens' own types and
// errors a cashier can read. None of them moves money; sales go through
// the engine.
type flowixAPI struct{ c *flowix.Client }

var _ screens.FlowixAPI = flowixAPI{}

// Account returns the balance, limit and status.
func (a flowixAPI) Account(ctx context.Context) (screens.FlowixAccount, error) {
	acct, err := a.c.Account(ctx)
	if err != nil {
		return screens.FlowixAccount{}, flowixError("the Flowix account", err)
	}
	return screens.FlowixAccount{Username: acct.Username, Level: acct.Level, Balance: acct.Balance,
		Limit: acct.BalanceLimit, Status: acct.Status, KYC: acct.KYC}, nil
}

// DepositMethods returns the deposit methods.
func (a flowixAPI) DepositMethods(ctx context.Context) ([]screens.FlowixDepositMethod, error) {
	ms, err := a.c.DepositMethods(ctx)
	if err != nil {
		return nil, flowixError("the deposit methods", err)
	}
	out := make([]screens.FlowixDepositMethod, 0, len(ms))
	for _, m := range ms {
		out = append(out, screens.FlowixDepositMethod{Code: m.Code, Name: m.Name, Type: m.Type,
			Min: m.Min, Max: m.Max, Fee: m.Fee, FeePercent: m.FeePercent})
	}
	return out, nil
}

// CancelDeposit cancels a pending deposit.
func (a flowixAPI) CancelDeposit(ctx context.Context, dep string) error {
	return flowixError("cancelling "+dep, a.c.CancelDeposit(ctx, dep))
}

// BillCheck checks a postpaid bill.
func (a flowixAPI) BillCheck(ctx context.Context, service, customer string) (screens.FlowixBill, error) {
	b, err := a.c.BillCheck(ctx, service, customer)
	if err != nil {
		return screens.FlowixBill{}, flowixError("the bill check", err)
	}
	return screens.FlowixBill{InquiryID: b.InquiryID, ServiceCode: b.ServiceCode, CustomerNo: b.CustomerNo,
		CustomerName: b.CustomerName, Period: b.Period, BillAmount: b.BillAmount, AdminFee: b.AdminFee}, nil
}

// Banks returns the payout banks and e-wallets.
func (a flowixAPI) Banks(ctx context.Context) ([]screens.FlowixBank, error) {
	bs, err := a.c.Banks(ctx)
	if err != nil {
		return nil, flowixError("the payout banks", err)
	}
	out := make([]screens.FlowixBank, 0, len(bs))
	for _, b := range bs {
		out = append(out, screens.FlowixBank{Code: b.Code, Name: b.Name, Type: b.Type})
	}
	return out, nil
}

// AccountInquiry looks up a payout account's holder.
func (a flowixAPI) AccountInquiry(ctx context.Context, bank, account string) (screens.FlowixPayee, error) {
	p, err := a.c.AccountInquiry(ctx, bank, account)
	if err != nil {
		return screens.FlowixPayee{}, flowixError("the account check", err)
	}
	return screens.FlowixPayee{BankCode: p.BankCode, AccountNumber: p.AccountNumber, AccountName: p.AccountName}, nil
}

// WebhookResend asks Flowix to send a sale's webhook again.
func (a flowixAPI) WebhookResend(ctx context.Context, ref string) error {
	return flowixError("the webhook resend", a.c.WebhookResend(ctx, ref))
}

// ParseQRIS checks a QRIS payload (EMVCo TLV and CRC).
func (a flowixAPI) ParseQRIS(payload string) (screens.FlowixQRIS, error) {
	q, err := flowix.ParseQRIS(payload)
	if err != nil {
		return screens.FlowixQRIS{}, sale.Errorf(sale.CodeInvalid, "%s", providers.CleanMax(err.Error(), 160))
	}
	return screens.FlowixQRIS{MerchantName: q.MerchantName, MerchantCity: q.MerchantCity, Amount: q.Amount}, nil
}

// flowixError turns an error of a Flowix call that moves no money into a
// *sale.Error a cashier can read: Flowix's refusal (with its own words), or
// that it could not be reached or answered unclearly — never a credential
// or a body, which the client keeps out of its errors.
func flowixError(what string, err error) error {
	if err == nil {
		return nil
	}
	if ae, ok := errors.AsType[*flowix.APIError](err); ok {
		if ae.Result == sale.ResultDeclined {
			code := sale.CodeInvalid
			if ae.Code == flowix.CodeNotFound {
				code = sale.CodeNotFound
			}
			msg, theirs := ae.Message, ae.Message
			if ae.Detail != "" {
				msg, theirs = "Flowix: "+ae.Detail, ae.Detail
			}
			return keyed(code, "fx_refused", []any{theirs}, "%s was refused. %s", what, msg)
		}
		return keyed(sale.CodeUnavailable, "fx_unclear", []any{ae.Name}, "Flowix did not answer %s clearly (%s); nothing was paid. Try again.", what, ae.Name)
	}
	if te, ok := errors.AsType[*providers.TransportError](err); ok {
		return keyed(sale.CodeUnavailable, "fx_unreachable", []any{string(te.Kind)}, "could not get %s from Flowix (%s); nothing was paid. Check the network and try again.", what, te.Kind)
	}
	return sale.Errorf(sale.CodeUnavailable, "%s: %s", what, providers.CleanMax(fmt.Sprint(err), 160))
}

// keyed is a refusal whose English names what was asked; the screen it
// is shown on says that already, so the catalogue's "err."+key (the
// till's language: i18n.Lang.Error) says only Flowix's part, with args.
func keyed(code, key string, args []any, format string, fargs ...any) error {
	return &sale.Error{Code: code, Message: fmt.Sprintf(format, fargs...), Key: key, Args: args}
}

// flowixClient is the till's Flowix client among its providers, or nil.
func flowixClient(provs []sale.Provider) *flowix.Client {
	for _, p := range provs {
		if c, ok := p.(*flowix.Client); ok {
			return c
		}
	}
	return nil
}

// FlowixAPI is the screens' Flowix helpers, or nil without [flowix].
func (t *Till) FlowixAPI() screens.FlowixAPI {
	if t.Flowix == nil {
		return nil
	}
	return flowixAPI{c: t.Flowix}
}

// SandboxPay returns the demo's "pay now": it asks the demo sandbox at base
// (loopback) to pay a pending deposit, as the customer scanning its code
// would, with POST /_sandbox/flowix/deposit/pay?ref_id=.
func SandboxPay(base string) func(depositRef string) error {
	client := &http.Client{Timeout: 5 * time.Second}
	return func(dep string) error {
		resp, err := client.Post(base+sandbox.FlowixAdminPrefix+"/deposit/pay?ref_id="+url.QueryEscape(dep), "application/json", nil)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var body struct {
			Paid  bool   `json:"paid"`
			Error string `json:"error"`
		}
		_ = json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&body)
		if resp.StatusCode != http.StatusOK || !body.Paid {
			return fmt.Errorf("not paid: %s", providers.CleanMax(body.Error, 120))
		}
		return nil
	}
}
