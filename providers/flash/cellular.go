package flash

import (
	"context"
	"fmt"

	"till/providers"
	"till/sale"
)

const pathPinless = "/aggregation/4.0/cellular/pinless/purchase"

// pinlessRequest is §2.6.1's request.
//
// The document is inconsistent: its table says mobileNumber is a String and
// productCode an Integer, while its examples show mobileNumber as 0 and, for
// other products, productCode as "0" (the cellular example omits it). We
// follow the tables, which are the specification: mobileNumber is a JSON
// string of 11 digits ("27821234567", a number would lose nothing here but
// phone numbers are identifiers and a string is what the table says), and
// productCode a JSON integer (the product list returns it as an integer).
// The sandbox accepts exactly this and refuses the other forms.
type pinlessRequest struct {
	Reference     string            `json:"reference"`
	AccountNumber string            `json:"accountNumber"`
	Amount        int64             `json:"amount"`
	ProductCode   int64             `json:"productCode"`
	MobileNumber  string            `json:"mobileNumber"`
	StoreID       string            `json:"storeId,omitempty"`
	TerminalID    string            `json:"terminalId,omitempty"`
	PaymentMethod string            `json:"paymentMethod,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

// rechargeDetails is the cellular part of the answer.
type rechargeDetails struct {
	RechargeType   providers.FlexString `json:"rechargeType"`
	CallCentre     providers.FlexString `json:"callCentre"`
	RechargeVendor providers.FlexString `json:"rechargeVendor"`
}

func (c *Client) sendCellular(ctx context.Context, s sale.Sale) sale.Outcome {
	req, err := c.pinlessRequest(s)
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	return c.purchase(ctx, s, pathPinless, req, req.Amount, cellularItems)
}

func (c *Client) pinlessRequest(s sale.Sale) (pinlessRequest, error) {
	f, err := c.commonFields(s)
	if err != nil {
		return pinlessRequest{}, err
	}
	code, err := productCode(s.Order.Product)
	if err != nil {
		return pinlessRequest{}, err
	}
	t := s.Order.Target
	if t.Kind != sale.TargetMobile && t.Kind != sale.TargetNone {
		return pinlessRequest{}, fmt.Errorf("airtime needs a mobile number, not a %s", t.Kind)
	}
	mobile, err := WireMobile(t.Value)
	if err != nil {
		return pinlessRequest{}, err
	}
	return pinlessRequest{
		Reference: f.reference, AccountNumber: f.account, Amount: f.cents, ProductCode: code,
		MobileNumber: mobile, StoreID: f.store, TerminalID: f.terminal, PaymentMethod: f.payment,
		Metadata: f.metadata,
	}, nil
}

// WireMobile writes a South African mobile number (read with the till's
// one parser, sale.ParsePhone, in any form the journal holds it) in Flash's
// format: 11 digits, the 27 country code and no leading 0 ("27821234567").
func WireMobile(s string) (string, error) {
	p, err := sale.ParsePhone(s, "ZA")
	if err != nil {
		return "", fmt.Errorf("mobile number: %s", sale.ErrorMessage(err))
	}
	return p.Digits(), nil
}

func cellularItems(e *envelope) ([]sale.Item, error) {
	var items []sale.Item
	if d := e.RechargeDetails; d != nil {
		items = appendItem(items, "Network", string(d.RechargeVendor))
		items = appendItem(items, "Recharge type", string(d.RechargeType))
		items = appendItem(items, "Call centre", string(d.CallCentre))
	}
	return appendItem(items, "Transaction date", string(e.TransactionDate)), nil
}

// appendItem adds a cleaned, non-empty receipt line.
func appendItem(items []sale.Item, label, value string) []sale.Item {
	if v := providers.CleanMax(value, 120); v != "" {
		items = append(items, sale.Item{Label: label, Value: v})
	}
	return items
}
