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
	path1VoucherPurchase = "/aggregation/4.0/1voucher/purchase"
	path1VoucherDisburse = "/aggregation/4.0/1voucher/disburse"
	path1VoucherRedeem   = "/aggregation/4.0/1voucher/redeem"
	path1VoucherRefund   = "/aggregation/4.0/1voucher/refund"
)

// Order inputs of the 1Voucher products.
const (
	// SecretPIN is the Order.Secrets key of the 1Voucher PIN being
	// redeemed: journaled (a resend must be identical), never logged,
	// masked by `journal show` and default exports.
	SecretPIN = sale.FlashSecretPIN
	// ParamMobile is the Order.Params key of the number (27XXXXXXXXX) a
	// change voucher (redeem) or a refund voucher is sent to by SMS.
	ParamMobile = sale.FlashParamMobile
	// ParamFull is the Order.Params key ("true") of a redeem of the whole
	// voucher: the request's amount is 0, as §2.3.3 defines, and the
	// answer must redeem exactly the order's amount (the value the
	// customer says the voucher holds), or the sale is in doubt.
	ParamFull = sale.FlashParamFull
)

// Receipt item labels of a redeem.
const (
	LabelRedeemed      = "Redeemed"
	LabelVoucher       = "Voucher"
	HeadingChange      = "CHANGE VOUCHER"
	LabelChangePrefix  = "Change "
	LabelChangeSentSMS = sale.FlashLabelSMS
	LabelSentSMS       = sale.FlashLabelSentSMS
)

// CheckVoucherPIN checks a 1Voucher PIN: 16 digits. Its error never
// repeats the PIN.
func CheckVoucherPIN(pin string) error {
	if len(pin) != 16 || strings.Trim(pin, "0123456789") != "" {
		return errors.New("a 1Voucher PIN is 16 digits")
	}
	return nil
}

// MaskPIN shows only the last four digits of a PIN: "**** **** **** 3456".
func MaskPIN(pin string) string {
	d := stripSeparators(pin)
	if len(d) <= 4 {
		return strings.Repeat("*", len(d))
	}
	return groupsOf4(strings.Repeat("*", len(d)-4) + d[len(d)-4:])
}

// maskMobile hides the middle of a mobile number on receipts: 278*****567.
func maskMobile(m string) string { return sale.Target{Kind: sale.TargetMobile, Value: m}.Masked() }

// oneVoucherRequest is a 1Voucher purchase (§2.3.1), disbursement
// (§2.3.2), redemption (§2.3.3) or refund (§2.3.4): the fields a request
// does not take stay empty and are left out.
type oneVoucherRequest struct {
	Reference     string            `json:"reference"`
	AccountNumber string            `json:"accountNumber"`
	PIN           string            `json:"pin,omitempty"`
	Amount        int64             `json:"amount"`
	StoreID       string            `json:"storeId,omitempty"`
	TerminalID    string            `json:"terminalId,omitempty"`
	MobileNumber  string            `json:"mobileNumber,omitempty"`
	PaymentMethod string            `json:"paymentMethod,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

// send1Voucher sells a 1Voucher (purchase) or disburses one (payout).
func (c *Client) send1Voucher(ctx context.Context, s sale.Sale) sale.Outcome {
	f, err := c.commonFields(s)
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	req := oneVoucherRequest{Reference: f.reference, AccountNumber: f.account, Amount: f.cents,
		StoreID: f.store, TerminalID: f.terminal, Metadata: f.metadata}
	path := path1VoucherDisburse
	if s.Order.Kind == sale.KindVoucher {
		path, req.PaymentMethod = path1VoucherPurchase, f.payment
	}
	return c.purchase(ctx, s, path, req, f.cents, func(e *envelope) ([]sale.Item, error) {
		items, err := voucherItems(e.Voucher, oneVoucherPIN, false)
		if err != nil {
			return nil, err
		}
		return appendItem(items, "Transaction date", string(e.TransactionDate)), nil
	})
}

// sendRedeem redeems the 1Voucher whose PIN is in Order.Secrets, fully
// (ParamFull) or for the order's amount.
func (c *Client) sendRedeem(ctx context.Context, s sale.Sale) sale.Outcome {
	f, err := c.commonFields(s)
	pin := s.Order.Secrets[SecretPIN]
	if err == nil {
		err = CheckVoucherPIN(pin)
	}
	mobile := s.Order.Params[ParamMobile]
	if err == nil && mobile != "" {
		mobile, err = WireMobile(mobile)
	}
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	req := oneVoucherRequest{Reference: f.reference, AccountNumber: f.account, PIN: pin, Amount: f.cents,
		StoreID: f.store, TerminalID: f.terminal, MobileNumber: mobile, Metadata: f.metadata}
	if s.Order.Params[ParamFull] == "true" {
		req.Amount = 0
	}
	return c.purchase(ctx, s, path1VoucherRedeem, req, f.cents, func(e *envelope) ([]sale.Item, error) {
		return redeemItems(e, f.cents, pin, mobile)
	})
}

// redeemItems lists what was redeemed and the change voucher. A change
// voucher (the voucher held more than was redeemed) must come back with
// its PIN unless it was sent by SMS: without it the customer's change
// would be lost, so the sale is in doubt.
func redeemItems(e *envelope, redeemed int64, pin, mobile string) ([]sale.Item, error) {
	items := []sale.Item{
		{Label: LabelRedeemed, Value: sale.New(redeemed, sale.ZAR).String()},
		{Label: LabelVoucher, Value: MaskPIN(pin)},
	}
	v := e.Voucher
	var change sale.Money
	if v != nil {
		change, _ = cents(v.Amount)
	}
	switch {
	case v == nil || change.Minor <= 0:
		if v != nil {
			items = appendItem(items, LabelStatus, string(v.Status))
		}
	case mobile != "" && strings.TrimSpace(string(v.PIN)) == "":
		items = append(items, sale.Item{Label: HeadingChange},
			sale.Item{Label: LabelChangeSentSMS, Value: fmt.Sprintf("%s sent by SMS to %s", change, maskMobile(mobile))})
		items = append(items, voucherDetails(v, LabelChangePrefix)...)
	default:
		p, err := oneVoucherPIN(string(v.PIN))
		if err != nil {
			return nil, fmt.Errorf("the change voucher of %s %v", change, strings.TrimPrefix(err.Error(), "sent "))
		}
		items = append(items, sale.Item{Label: HeadingChange},
			sale.Item{Label: LabelChangePrefix + LabelPIN, Value: p, Secret: true})
		items = append(items, voucherDetails(v, LabelChangePrefix)...)
	}
	return appendItem(items, "Transaction date", string(e.TransactionDate)), nil
}

// sendRefund refunds a redemption: Flash issues a new 1Voucher for the
// amount, returned in the answer or sent by SMS to ParamMobile.
func (c *Client) sendRefund(ctx context.Context, s sale.Sale) sale.Outcome {
	f, err := c.commonFields(s)
	mobile := s.Order.Params[ParamMobile]
	if err == nil && mobile != "" {
		mobile, err = WireMobile(mobile)
	}
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	req := oneVoucherRequest{Reference: f.reference, AccountNumber: f.account, Amount: f.cents,
		StoreID: f.store, TerminalID: f.terminal, MobileNumber: mobile, Metadata: f.metadata}
	return c.purchase(ctx, s, path1VoucherRefund, req, f.cents, func(e *envelope) ([]sale.Item, error) {
		v := e.Voucher
		if mobile != "" && (v == nil || strings.TrimSpace(string(v.PIN)) == "") {
			items := []sale.Item{{Label: LabelSentSMS, Value: maskMobile(mobile)}}
			if v != nil {
				items = append(items, voucherDetails(v, "")...)
			}
			return appendItem(items, "Transaction date", string(e.TransactionDate)), nil
		}
		items, err := voucherItems(v, oneVoucherPIN, false)
		if err != nil {
			return nil, err
		}
		return appendItem(items, "Transaction date", string(e.TransactionDate)), nil
	})
}
