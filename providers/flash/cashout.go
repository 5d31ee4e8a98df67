package flash

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"till/providers"
	"till/sale"
)

const (
	pathCashOutCancel = "/aggregation/4.0/cash-out-pin/cancel"
	pathCashOutLookup = "/aggregation/4.0/cash-out-pin/lookup"
)

// Order params of a cash-out cancel (sale.KindCashOutCancel).
const (
	// ParamOriginal names the reference of the cash-out sale cancelled.
	ParamOriginal = sale.FlashParamOriginal
	// ParamSerial is the serial number of the PIN cancelled (also the
	// cancel's target).
	ParamSerial = sale.FlashParamSerial
)

// cancelRequest is §2.5.2's request; lookupRequest §2.5.3's, which takes no
// storeId or terminalId.
type cancelRequest struct {
	Reference     string            `json:"reference"`
	AccountNumber string            `json:"accountNumber"`
	SerialNumber  string            `json:"serialNumber"`
	ProductCode   int64             `json:"productCode"`
	StoreID       string            `json:"storeId,omitempty"`
	TerminalID    string            `json:"terminalId,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

type cashOutLookupRequest struct {
	Reference     string            `json:"reference"`
	AccountNumber string            `json:"accountNumber"`
	SerialNumber  string            `json:"serialNumber"`
	ProductCode   int64             `json:"productCode"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

// CheckSerial checks a cash-out PIN's serial number: letters and digits,
// 4 to 40 of them.
func CheckSerial(s string) error {
	if len(s) < 4 || len(s) > 40 || alnum("", s, true) != nil {
		return errors.New("a serial number is 4 to 40 letters and digits, as printed on the slip")
	}
	return nil
}

// sendCancel cancels the cash-out PIN named by the order: a sale of its own
// (sale.KindCashOutCancel) with the journal-first, in-doubt and resend
// treatment of any sale. Its amount is the original PIN's.
func (c *Client) sendCancel(ctx context.Context, s sale.Sale) sale.Outcome {
	f, err := c.commonFields(s)
	var code int64
	if err == nil {
		code, err = productCode(s.Order.Product)
	}
	serial := s.Order.Params[ParamSerial]
	if err == nil {
		err = CheckSerial(serial)
	}
	if err == nil && (s.Order.Target.Kind != sale.TargetVoucher || s.Order.Target.Value != serial) {
		err = errors.New("a cash-out cancel's target must be the PIN's serial number")
	}
	if err == nil && sale.Reference(s.Order.Params[ParamOriginal]).Validate() != nil {
		err = errors.New("a cash-out cancel must name the sale it cancels")
	}
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	req := cancelRequest{Reference: f.reference, AccountNumber: f.account, SerialNumber: serial, ProductCode: code,
		StoreID: f.store, TerminalID: f.terminal, Metadata: f.metadata}
	original := s.Order.Params[ParamOriginal]
	return c.purchase(ctx, s, pathCashOutCancel, req, f.cents, func(e *envelope) ([]sale.Item, error) {
		items := []sale.Item{{Label: "Cancelled sale", Value: original}, {Label: LabelSerial, Value: serial}}
		if v := e.Voucher; v != nil {
			if got := strings.TrimSpace(string(v.SerialNumber)); got != "" && got != serial {
				return nil, errors.New("the answer is about another PIN")
			}
			items = appendItem(items, LabelStatus, string(v.Status))
		}
		return appendItem(items, "Transaction date", string(e.TransactionDate)), nil
	})
}

// CashOutPIN is what a cash-out PIN lookup says. The PIN itself is not
// kept: a lookup is for the cashier, who never needs it.
type CashOutPIN struct {
	Serial  string
	Product string
	Status  string
	Expiry  string
	Amount  sale.Money
	// Ref is the lookup's own reference (see lookupRef).
	Ref string
}

// Items are the lookup's lines for a screen or the command line.
func (p CashOutPIN) Items() []sale.Item {
	var items []sale.Item
	items = appendItem(items, LabelSerial, p.Serial)
	items = appendItem(items, LabelStatus, p.Status)
	if p.Amount.Minor > 0 {
		items = appendItem(items, LabelValue, p.Amount.String())
	}
	return appendItem(items, LabelExpiry, p.Expiry)
}

// Cancellable reports whether the lookup shows a PIN that can still be
// cancelled (active: neither paid out, cancelled nor expired).
func (p CashOutPIN) Cancellable() bool {
	switch strings.ToLower(p.Status) {
	case "active", "issued", "valid", "":
		return true
	}
	return false
}

// LookupCashOut asks Flash about the cash-out PIN with this serial number
// (§2.5.3). A serial Flash does not know is a *sale.Error with
// CodeNotFound. Nothing is journaled: a lookup moves no money.
func (c *Client) LookupCashOut(ctx context.Context, serial, product string) (CashOutPIN, error) {
	if err := CheckSerial(serial); err != nil {
		return CashOutPIN{}, &sale.Error{Code: sale.CodeInvalid, Message: err.Error()}
	}
	code, err := productCode(product)
	if err != nil {
		return CashOutPIN{}, &sale.Error{Code: sale.CodeInvalid, Message: err.Error()}
	}
	ref := c.lookupRef()
	env, err := c.lookup(ctx, pathCashOutLookup, ref, "cash-out PIN lookup", cashOutLookupRequest{
		Reference: ref, AccountNumber: c.account, SerialNumber: serial, ProductCode: code,
	})
	if err != nil {
		return CashOutPIN{}, err
	}
	v := env.Voucher
	if v == nil {
		return CashOutPIN{}, &sale.Error{Code: sale.CodeUnavailable, Message: "Flash's cash-out lookup said nothing about the PIN; try again."}
	}
	if got := strings.TrimSpace(string(v.SerialNumber)); got != "" && got != serial {
		return CashOutPIN{}, &sale.Error{Code: sale.CodeUnavailable, Message: "Flash's cash-out lookup answered about another PIN; try again."}
	}
	p := CashOutPIN{Serial: serial, Product: product, Ref: ref,
		Status: providers.CleanMax(string(v.Status), 30), Expiry: providers.CleanMax(string(v.ExpiryDate), 30)}
	if m, ok := cents(v.Amount); ok {
		p.Amount = m
	}
	return p, nil
}

// LookupCashOutCard is LookupCashOut for callers that only know the sale
// package (the TUI): the lines to show and whether the PIN can be
// cancelled.
func (c *Client) LookupCashOutCard(ctx context.Context, serial, product string) ([]sale.Item, bool, error) {
	p, err := c.LookupCashOut(ctx, serial, product)
	if err != nil {
		return nil, false, err
	}
	return p.Items(), p.Cancellable(), nil
}
