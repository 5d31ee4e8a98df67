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
	pathGiftVoucher = "/aggregation/4.0/gift-vouchers/purchase"
	pathEezi        = "/aggregation/4.0/eezi-voucher/purchase"
	pathCashOut     = "/aggregation/4.0/cash-out-pin/purchase"
)

// Receipt item labels of a voucher (1Voucher, gift, Eezi, cash-out PIN).
const (
	LabelPIN          = "PIN"
	LabelSerial       = sale.FlashLabelSerial
	LabelValue        = "Value"
	LabelExpiry       = "Expiry"
	LabelStatus       = "Status"
	LabelInstructions = "How to redeem"
	LabelTerms        = "Terms"
)

// voucherAnswer is the voucher of an answer (§3.1.3 and the others).
type voucherAnswer struct {
	Amount       providers.FlexString `json:"amount"`
	ExpiryDate   providers.FlexString `json:"expiryDate"`
	PIN          providers.FlexString `json:"pin"`
	SerialNumber providers.FlexString `json:"serialNumber"`
	Status       providers.FlexString `json:"status"`
	Content      *struct {
		RedemptionInstructions providers.FlexString `json:"redemptionInstructions"`
		TermsAndConditions     providers.FlexString `json:"termsAndConditions"`
	} `json:"content"`
}

// productRequest is the purchase of a voucher chosen by product code:
// a gift voucher (§2.4.1), an Eezi voucher (§2.7.1) or a cash-out PIN
// (§2.5.1). productCode is a JSON integer as the tables say.
type productRequest struct {
	Reference     string            `json:"reference"`
	AccountNumber string            `json:"accountNumber"`
	Amount        int64             `json:"amount"`
	ProductCode   int64             `json:"productCode"`
	StoreID       string            `json:"storeId,omitempty"`
	TerminalID    string            `json:"terminalId,omitempty"`
	PaymentMethod string            `json:"paymentMethod,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

func (c *Client) sendProductVoucher(ctx context.Context, s sale.Sale) sale.Outcome {
	f, err := c.commonFields(s)
	var code int64
	if err == nil {
		code, err = productCode(s.Order.Product)
	}
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	path, pin := pathGiftVoucher, anyPIN
	needSerial := false
	switch s.Order.Kind {
	case sale.KindEezi:
		path, pin = pathEezi, digitsPIN
	case sale.KindCashOut:
		path, needSerial = pathCashOut, true
	}
	req := productRequest{
		Reference: f.reference, AccountNumber: f.account, Amount: f.cents, ProductCode: code,
		StoreID: f.store, TerminalID: f.terminal, PaymentMethod: f.payment, Metadata: f.metadata,
	}
	return c.purchase(ctx, s, path, req, req.Amount, func(e *envelope) ([]sale.Item, error) {
		items, err := voucherItems(e.Voucher, pin, needSerial)
		if err != nil {
			return nil, err
		}
		return appendItem(items, "Transaction date", string(e.TransactionDate)), nil
	})
}

// pinCheck checks and formats a voucher PIN; its errors never repeat it.
type pinCheck func(string) (string, error)

// anyPIN accepts a PIN of up to 64 printable characters (gift voucher
// PINs vary by brand), grouped by four when it is all digits.
func anyPIN(raw string) (string, error) {
	p := strings.TrimSpace(providers.Clean(raw))
	if p == "" {
		return "", errors.New("sent no voucher PIN")
	}
	if len(p) > 64 {
		return "", errors.New("sent a voucher PIN too long to print")
	}
	if strings.Trim(p, "0123456789") == "" {
		return groupsOf4(p), nil
	}
	return p, nil
}

// digitsPIN accepts a PIN of 8 to 24 digits (spaces and dashes ignored).
func digitsPIN(raw string) (string, error) {
	d := stripSeparators(raw)
	if d == "" {
		return "", errors.New("sent no voucher PIN")
	}
	if len(d) < 8 || len(d) > 24 || strings.Trim(d, "0123456789") != "" {
		return "", errors.New("sent a malformed voucher PIN")
	}
	return groupsOf4(d), nil
}

// oneVoucherPIN accepts a 1Voucher PIN: 16 digits.
func oneVoucherPIN(raw string) (string, error) {
	d := stripSeparators(raw)
	if d == "" {
		return "", errors.New("sent no voucher PIN")
	}
	if CheckVoucherPIN(d) != nil {
		return "", errors.New("sent a malformed 1Voucher PIN")
	}
	return groupsOf4(d), nil
}

func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// voucherItems lists a voucher's receipt lines, PIN first (a Secret item).
// A voucher without a PIN, with a malformed one, or (needSerial) without a
// serial number is an error: the sale is then in doubt.
func voucherItems(v *voucherAnswer, pin pinCheck, needSerial bool) ([]sale.Item, error) {
	if v == nil {
		return nil, errors.New("sent no voucher")
	}
	p, err := pin(string(v.PIN))
	if err != nil {
		return nil, err
	}
	serial := providers.CleanMax(string(v.SerialNumber), 40)
	if needSerial && serial == "" {
		return nil, errors.New("sent no serial number, without which the PIN cannot be cancelled")
	}
	items := []sale.Item{{Label: LabelPIN, Value: p, Secret: true}}
	return append(items, voucherDetails(v, "")...), nil
}

// voucherDetails lists a voucher's lines other than its PIN, the labels of
// its serial, value, expiry and status prefixed (for a change voucher:
// "Change ").
func voucherDetails(v *voucherAnswer, prefix string) []sale.Item {
	var items []sale.Item
	add := func(label, value string) { items = appendItem(items, prefix+label, value) }
	add(LabelSerial, string(v.SerialNumber))
	if m, ok := cents(v.Amount); ok && m.Minor > 0 {
		add(LabelValue, m.String())
	}
	add(LabelExpiry, string(v.ExpiryDate))
	add(LabelStatus, string(v.Status))
	if c := v.Content; c != nil {
		items = appendItemMax(items, LabelInstructions, string(c.RedemptionInstructions), 600)
		items = appendItemMax(items, LabelTerms, string(c.TermsAndConditions), 600)
	}
	return items
}

// appendItemMax adds a cleaned, non-empty receipt line of up to n runes.
func appendItemMax(items []sale.Item, label, value string, n int) []sale.Item {
	if v := providers.CleanMax(value, n); v != "" {
		items = append(items, sale.Item{Label: label, Value: v})
	}
	return items
}
