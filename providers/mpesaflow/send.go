package mpesaflow

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"till/providers"
	"till/sale"
)

const pathTransactions = "/transactions"

// transactionRequest is the documented POST /transactions body. The
// document's metadata.initialRequest (an STK push's ids) is left out: the
// till did not start the payment.
type transactionRequest struct {
	CustomerID        string   `json:"customerId,omitempty"`
	Amount            string   `json:"amount"`
	Currency          string   `json:"currency"`
	Provider          string   `json:"provider"`
	ProviderReference string   `json:"providerReference"`
	Description       string   `json:"description"`
	Status            string   `json:"status"`
	Type              string   `json:"type"`
	Origin            string   `json:"origin"`
	Metadata          metadata `json:"metadata"`
}

type metadata struct {
	Provider       string         `json:"provider"`
	CallbackResult callbackResult `json:"callbackResult"`
}

// callbackResult mirrors the fields of M-Pesa's callback that the cashier
// can read off the SMS. resultCode is left out: no callback was received.
type callbackResult struct {
	ReceiptNumber   string      `json:"receiptNumber"`
	Amount          json.Number `json:"amount"`
	TransactionDate string      `json:"transactionDate,omitempty"`
	PhoneNumber     string      `json:"phoneNumber,omitempty"`
}

// nairobi is East Africa Time, which M-Pesa dates are written in.
var nairobi = time.FixedZone("EAT", 3*60*60)

// Send records the M-Pesa payment of s.Order (KindTenderMpesa) under s.Ref
// once and classifies MpesaFlow's answer. Input that cannot be recorded is
// refused with ResultNotSent before anything is sent.
func (c *Client) Send(ctx context.Context, s sale.Sale) sale.Outcome {
	if s.Order.Provider != "" && s.Order.Provider != ProviderName {
		return providers.NotSent("wrong_provider", fmt.Sprintf("This sale belongs to %q, not MpesaFlow; nothing was sent.", providers.CleanMax(s.Order.Provider, 20)))
	}
	if s.Order.Kind != sale.KindTenderMpesa {
		return providers.NotSent("unsupported", fmt.Sprintf("MpesaFlow records M-Pesa payments only, not %q; nothing was sent.", providers.CleanMax(string(s.Order.Kind), 30)))
	}
	req, err := buildRequest(s)
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	body, err := json.Marshal(req)
	if err != nil {
		return providers.NotSent("invalid_request", "The till could not encode the payment record; nothing was sent.")
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "application/json")
	h.Set("Authorization", "Bearer "+c.apiKey.Reveal())
	resp, err := c.http.Do(ctx, providers.Request{
		Method: http.MethodPost, URL: c.base + pathTransactions, Header: h, Body: body, Ref: s.Ref,
	})
	var out sale.Outcome
	if err != nil {
		out = providers.TransportOutcome(DisplayName, err)
	} else {
		out = parseRecord(resp.Status, resp.Body, expect{
			ref: s.Ref, amount: s.Order.Amount, receipt: req.Metadata.CallbackResult.ReceiptNumber,
			phone: req.Metadata.CallbackResult.PhoneNumber, resend: s.Attempts > 1, statuses: c.statuses,
		})
	}
	c.log.LogAttrs(ctx, levelFor(out.Result), "mpesaflow tender",
		slog.String("ref", string(s.Ref)), slog.String("result", string(out.Result)), slog.String("code", out.Code))
	return out
}

// buildRequest builds the record from the journaled sale alone (never the
// clock), so a resend is byte-for-byte the same request.
func buildRequest(s sale.Sale) (transactionRequest, error) {
	if err := s.Ref.Validate(); err != nil {
		return transactionRequest{}, err
	}
	o := s.Order
	if o.Amount.Currency != sale.KES {
		return transactionRequest{}, fmt.Errorf("M-Pesa payments are in KES, not %q", string(o.Amount.Currency))
	}
	if o.Amount.Minor <= 0 {
		return transactionRequest{}, fmt.Errorf("the amount must be more than zero")
	}
	receipt := o.Params[ParamReceipt]
	if err := ValidReceiptCode(receipt); err != nil {
		return transactionRequest{}, err
	}
	phone := o.Params[ParamPhone]
	if phone == "" && o.Target.Kind == sale.TargetMobile {
		phone = o.Target.Value
	}
	if phone != "" {
		p, err := NormalizePhoneKE(phone)
		if err != nil {
			return transactionRequest{}, err
		}
		phone = p
	}
	date, err := transactionDate(o.Params[ParamDate], s.CreatedAt)
	if err != nil {
		return transactionRequest{}, err
	}
	customer := o.Params[ParamCustomerID]
	if customer != providers.Clean(customer) || len(customer) > 64 {
		return transactionRequest{}, fmt.Errorf("customer id %q is not valid", providers.CleanMax(customer, 20))
	}
	desc := providers.CleanMax(o.Params[ParamDescription], 120)
	if desc == "" {
		desc = "Till payment " + string(s.Ref)
		if o.ProductName != "" {
			desc = providers.CleanMax(o.ProductName, 80) + " - " + string(s.Ref)
		}
	}
	return transactionRequest{
		CustomerID:        customer,
		Amount:            o.Amount.Plain(),
		Currency:          "kes",
		Provider:          "mpesa",
		ProviderReference: string(s.Ref),
		Description:       desc,
		Status:            RecordStatus,
		Type:              "payment",
		Origin:            "api",
		Metadata: metadata{Provider: "mpesa", CallbackResult: callbackResult{
			ReceiptNumber: receipt, Amount: majorNumber(o.Amount), TransactionDate: date, PhoneNumber: phone,
		}},
	}, nil
}

// transactionDate is M-Pesa's YYYYMMDDhhmmss: typed from the SMS, or the
// journaling time in Nairobi.
func transactionDate(typed string, created time.Time) (string, error) {
	if typed != "" {
		if _, err := time.ParseInLocation("20060102150405", typed, nairobi); err != nil || len(typed) != 14 {
			return "", fmt.Errorf("M-Pesa date %q must be YYYYMMDDhhmmss", providers.CleanMax(typed, 20))
		}
		return typed, nil
	}
	if created.IsZero() {
		return "", nil
	}
	return created.In(nairobi).Format("20060102150405"), nil
}

// majorNumber is m in major units as an exact JSON number, without a
// fraction of zeros: 100 for KES 100.00, 100.50 for KES 100.50.
func majorNumber(m sale.Money) json.Number {
	p := m.Plain()
	if whole, frac, ok := strings.Cut(p, "."); ok && strings.Trim(frac, "0") == "" {
		p = whole
	}
	return json.Number(p)
}
