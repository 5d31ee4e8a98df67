package flowix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"till/providers"
	"till/sale"
)

// Service types of the services list.
const (
	TypePrepaid  = "prabayar"
	TypePostpaid = "pascabayar"
)

// Account is the merchant account (GET /account).
type Account struct {
	Username     string
	Level        string
	Balance      sale.Money
	BalanceLimit sale.Money
	Currency     string
	Status       string // "active"
	KYC          string // "verified"
	KYCLevel     string
	Verified     bool
}

// Account returns the merchant's balance and status.
func (c *Client) Account(ctx context.Context) (Account, error) {
	var d struct {
		Username     providers.FlexString `json:"username"`
		Level        providers.FlexString `json:"level"`
		Balance      json.Number          `json:"balance"`
		BalanceLimit json.Number          `json:"balance_limit"`
		Currency     providers.FlexString `json:"currency"`
		Status       providers.FlexString `json:"status"`
		KYC          providers.FlexString `json:"kyc"`
		KYCLevel     providers.FlexString `json:"kyc_level"`
		Verified     bool                 `json:"verified"`
	}
	if err := c.get(ctx, "/account", &d); err != nil {
		return Account{}, err
	}
	a := Account{
		Username: clean(d.Username), Level: clean(d.Level), Currency: clean(d.Currency),
		Status: clean(d.Status), KYC: clean(d.KYC), KYCLevel: clean(d.KYCLevel), Verified: d.Verified,
	}
	if a.Currency != "" && a.Currency != string(sale.IDR) {
		return Account{}, malformed("account", "currency is not IDR")
	}
	var err error
	if a.Balance, err = rupiah(d.Balance); err != nil {
		return Account{}, malformed("account", "balance: "+err.Error())
	}
	if d.BalanceLimit != "" {
		if a.BalanceLimit, err = rupiah(d.BalanceLimit); err != nil {
			return Account{}, malformed("account", "balance_limit: "+err.Error())
		}
	}
	return a, nil
}

// service is one entry of GET /services.
type service struct {
	Code     providers.FlexString `json:"code"`
	Name     providers.FlexString `json:"name"`
	Category providers.FlexString `json:"category"`
	Brand    providers.FlexString `json:"brand"`
	Type     providers.FlexString `json:"type"`
	Price    json.Number          `json:"price"`
	Status   providers.FlexString `json:"status"`
}

// Services returns the services of one type: TypePrepaid (pulsa, data,
// PLN tokens, games; Kind KindPulsa, fixed Price) or TypePostpaid (bills;
// Kind KindBill, priced by BillCheck). An entry without a code or with an
// unreadable price is left out, not guessed.
func (c *Client) Services(ctx context.Context, typ string) ([]sale.Product, error) {
	kind := sale.KindPulsa
	switch typ {
	case TypePrepaid:
	case TypePostpaid:
		kind = sale.KindBill
	default:
		return nil, fmt.Errorf("flowix services: unknown type %q (prabayar or pascabayar)", providers.CleanMax(typ, 20))
	}
	var list []service
	if err := c.get(ctx, "/services?type="+url.QueryEscape(typ), &list); err != nil {
		return nil, err
	}
	out := make([]sale.Product, 0, len(list))
	for _, sv := range list {
		p := sale.Product{
			Provider: ProviderName, Code: clean(sv.Code), Name: providers.CleanMax(string(sv.Name), 80),
			Kind: kind, Brand: clean(sv.Brand), Active: strings.EqualFold(clean(sv.Status), "available"),
			Details: map[string]string{},
		}
		if p.Code == "" || !codeSafe(p.Code) {
			continue
		}
		if p.Name == "" {
			p.Name = p.Code
		}
		if v := clean(sv.Category); v != "" {
			p.Details["category"] = v
		}
		if v := clean(sv.Type); v != "" {
			p.Details["type"] = v
		}
		if sv.Price != "" {
			price, err := rupiah(sv.Price)
			if err != nil || price.Minor < 0 {
				c.log.Warn("flowix service with an unreadable price left out", "code", p.Code)
				continue
			}
			if kind == sale.KindPulsa {
				p.Price, p.Min, p.Max = price, price, price
			} else if price.Minor > 0 {
				p.Details["price"] = price.String()
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// Products implements sale.Cataloguer: the prepaid and postpaid services.
func (c *Client) Products(ctx context.Context) ([]sale.Product, error) {
	pre, err := c.Services(ctx, TypePrepaid)
	if err != nil {
		return nil, err
	}
	post, err := c.Services(ctx, TypePostpaid)
	if err != nil {
		return nil, err
	}
	return append(pre, post...), nil
}

// Bank is a payout destination (GET /payout/banks).
type Bank struct {
	Code string
	Name string
	Type string // "bank" or "ewallet"
}

// Banks returns the banks and e-wallets payouts can go to.
func (c *Client) Banks(ctx context.Context) ([]Bank, error) {
	var list []struct {
		Code providers.FlexString `json:"code"`
		Name providers.FlexString `json:"name"`
		Type providers.FlexString `json:"type"`
	}
	if err := c.get(ctx, "/payout/banks", &list); err != nil {
		return nil, err
	}
	out := make([]Bank, 0, len(list))
	for _, b := range list {
		if code := clean(b.Code); code != "" && codeSafe(code) {
			out = append(out, Bank{Code: code, Name: providers.CleanMax(string(b.Name), 60), Type: clean(b.Type)})
		}
	}
	return out, nil
}

// PayoutAccount is a validated payout destination: the holder's name is
// what the cashier reads back to the customer before paying out.
type PayoutAccount struct {
	BankCode      string
	AccountNumber string
	AccountName   string
}

// AccountInquiry checks a bank or e-wallet account (POST /payout/inquiry)
// and returns its holder's name. Nothing is paid.
func (c *Client) AccountInquiry(ctx context.Context, bankCode, accountNumber string) (PayoutAccount, error) {
	if !codeSafe(bankCode) || !accountSafe(accountNumber) {
		return PayoutAccount{}, errors.New("flowix payout inquiry: bank code or account number has characters Flowix does not accept")
	}
	var d struct {
		AccountName   providers.FlexString `json:"account_name"`
		AccountNumber providers.FlexString `json:"account_number"`
		BankCode      providers.FlexString `json:"bank_code"`
	}
	req := struct {
		BankCode      string `json:"bank_code"`
		AccountNumber string `json:"account_number"`
	}{bankCode, accountNumber}
	if err := c.post(ctx, "/payout/inquiry", req, &d); err != nil {
		return PayoutAccount{}, err
	}
	a := PayoutAccount{BankCode: clean(d.BankCode), AccountNumber: clean(d.AccountNumber), AccountName: providers.CleanMax(string(d.AccountName), 60)}
	if (a.AccountNumber != "" && a.AccountNumber != accountNumber) || (a.BankCode != "" && !strings.EqualFold(a.BankCode, bankCode)) {
		return PayoutAccount{}, malformed("payout/inquiry", "Flowix answered about another account")
	}
	if a.AccountName == "" {
		return PayoutAccount{}, malformed("payout/inquiry", "no account holder name")
	}
	a.BankCode, a.AccountNumber = bankCode, accountNumber
	return a, nil
}

// Bill is a postpaid bill as checked (POST /bill/check). Pay it with Send
// of an order of Kind KindBill, Product ServiceCode, Target CustomerNo and
// Params["inquiry_id"] = InquiryID, for Total.
type Bill struct {
	InquiryID    string
	ServiceCode  string
	CustomerNo   string
	CustomerName string
	Period       string
	BillAmount   sale.Money
	AdminFee     sale.Money
}

// Total is what the customer pays: the bill plus the admin fee. The
// document does not say whether bill_amount includes admin_fee; we assume
// it does not (its example, 54500 + 2500, reads as a bill plus a fee).
func (b Bill) Total() (sale.Money, error) { return b.BillAmount.Add(b.AdminFee) }

// BillCheck looks up a postpaid bill. Nothing is paid.
func (c *Client) BillCheck(ctx context.Context, serviceCode, customerNo string) (Bill, error) {
	if !codeSafe(serviceCode) || !accountSafe(customerNo) {
		return Bill{}, errors.New("flowix bill check: service code or customer number has characters Flowix does not accept")
	}
	var d struct {
		InquiryID    providers.FlexString `json:"inquiry_id"`
		CustomerName providers.FlexString `json:"customer_name"`
		CustomerNo   providers.FlexString `json:"customer_no"`
		Period       providers.FlexString `json:"period"`
		AdminFee     json.Number          `json:"admin_fee"`
		BillAmount   json.Number          `json:"bill_amount"`
	}
	req := struct {
		ServiceCode string `json:"service_code"`
		CustomerNo  string `json:"customer_no"`
	}{serviceCode, customerNo}
	if err := c.post(ctx, "/bill/check", req, &d); err != nil {
		return Bill{}, err
	}
	b := Bill{InquiryID: clean(d.InquiryID), ServiceCode: serviceCode, CustomerNo: customerNo,
		CustomerName: providers.CleanMax(string(d.CustomerName), 60), Period: clean(d.Period)}
	if b.InquiryID == "" || !codeSafe(b.InquiryID) {
		return Bill{}, malformed("bill/check", "no usable inquiry_id")
	}
	if no := clean(d.CustomerNo); no != "" && no != customerNo {
		return Bill{}, malformed("bill/check", "Flowix answered about another customer")
	}
	var err error
	if b.BillAmount, err = rupiah(d.BillAmount); err != nil || b.BillAmount.Minor <= 0 {
		return Bill{}, malformed("bill/check", "unreadable bill_amount")
	}
	if b.AdminFee, err = rupiah(d.AdminFee); err != nil || b.AdminFee.Minor < 0 {
		return Bill{}, malformed("bill/check", "unreadable admin_fee")
	}
	return b, nil
}

// DepositMethod is one way to top up (GET /deposit/methods).
type DepositMethod struct {
	Code string
	Name string
	Type string // "qris", "va", "ewallet", ...
	Min  sale.Money
	Max  sale.Money
	Fee  sale.Money
	// FeePercent is the percentage fee exactly as Flowix wrote it ("0.7"
	// for 0.7%), kept as text: Flowix sends a float and the till never
	// computes money with floats. The fee actually charged comes back as
	// an integer in the deposit answer.
	FeePercent string
}

// DepositMethods returns the active deposit methods.
func (c *Client) DepositMethods(ctx context.Context) ([]DepositMethod, error) {
	var list []struct {
		Code       providers.FlexString `json:"code"`
		Name       providers.FlexString `json:"name"`
		Type       providers.FlexString `json:"type"`
		MinAmount  json.Number          `json:"min_amount"`
		MaxAmount  json.Number          `json:"max_amount"`
		Fee        json.Number          `json:"fee"`
		FeePercent json.Number          `json:"fee_percent"`
	}
	if err := c.get(ctx, "/deposit/methods", &list); err != nil {
		return nil, err
	}
	out := make([]DepositMethod, 0, len(list))
	for _, m := range list {
		dm := DepositMethod{Code: clean(m.Code), Name: providers.CleanMax(string(m.Name), 60), Type: clean(m.Type)}
		var e1, e2, e3 error
		dm.Min, e1 = rupiahOpt(m.MinAmount)
		dm.Max, e2 = rupiahOpt(m.MaxAmount)
		dm.Fee, e3 = rupiahOpt(m.Fee)
		pct, ok := decimalText(string(m.FeePercent))
		if dm.Code == "" || !codeSafe(dm.Code) || errors.Join(e1, e2, e3) != nil || !ok {
			c.log.Warn("flowix deposit method with unreadable fields left out", "code", dm.Code)
			continue
		}
		dm.FeePercent = pct
		out = append(out, dm)
	}
	return out, nil
}

// CancelDeposit cancels a pending deposit by its DEP-… reference. A paid
// deposit cannot be cancelled: check it instead.
func (c *Client) CancelDeposit(ctx context.Context, depositRef string) error {
	if !codeSafe(depositRef) {
		return errors.New("flowix deposit cancel: not a deposit reference")
	}
	return c.post(ctx, "/deposit/cancel", refReq{RefID: depositRef}, nil)
}

// WebhookResend asks Flowix to send the webhook of a transaction, deposit
// or payout again (after the till's receiver was down).
func (c *Client) WebhookResend(ctx context.Context, refID string) error {
	if !codeSafe(refID) {
		return errors.New("flowix webhook resend: not a reference")
	}
	return c.post(ctx, "/webhook/resend", refReq{RefID: refID}, nil)
}

// refReq is the body of every call keyed by ref_id.
type refReq struct {
	RefID string `json:"ref_id"`
}

// get calls a GET endpoint and decodes its data into v.
func (c *Client) get(ctx context.Context, path string, v any) error {
	data, err := c.call(ctx, http.MethodGet, path, nil, "")
	if err != nil {
		return err
	}
	return decodeData(path, data, v)
}

// post calls a POST endpoint and decodes its data into v (nil: ignored).
func (c *Client) post(ctx context.Context, path string, payload, v any) error {
	data, err := c.call(ctx, http.MethodPost, path, payload, "")
	if err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	return decodeData(path, data, v)
}

func decodeData(path string, data json.RawMessage, v any) error {
	if len(data) == 0 || string(data) == "null" {
		return malformed(strings.TrimPrefix(path, "/"), "no data")
	}
	if err := providers.DecodeJSON(data, v); err != nil {
		return malformed(strings.TrimPrefix(path, "/"), "unreadable data")
	}
	return nil
}

// malformed is an answer whose data could not be used.
func malformed(op, why string) error {
	return &APIError{Op: op, Status: http.StatusOK, Name: "malformed", Result: sale.ResultInDoubt, Detail: why,
		Message: "Flowix's answer could not be used (" + why + "). The till will check it."}
}
