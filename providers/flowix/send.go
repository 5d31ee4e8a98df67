package flowix

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"till/providers"
	"till/sale"
)

// MinPayout is the least a payout may be (documented: Min. 10.000).
var MinPayout = sale.FlowixMinPayout

// Order.Params keys the client reads.
const (
	// ParamInquiryID is the bill inquiry to pay (from BillCheck).
	ParamInquiryID = sale.FlowixParamInquiryID
	// ParamBankCode is the payout bank (from Banks); Order.Product is used
	// when it is empty.
	ParamBankCode = sale.FlowixParamBankCode
	// ParamAccountName is the account holder's name as confirmed by the
	// cashier (from AccountInquiry), sent for validation.
	ParamAccountName = sale.FlowixParamAccountName
	// ParamMethod is the deposit method code (from DepositMethods);
	// "QRIS" when empty.
	ParamMethod = sale.FlowixParamMethod
	// ParamFeeByCustomer is "true" when the customer pays the deposit fee
	// on top (gross up), "false" or empty when it comes off the deposit.
	ParamFeeByCustomer = sale.FlowixParamFeeByCustomer
)

// Send sells s.Order under s.Ref once and classifies Flowix's answer:
// KindPulsa (transaction/create), KindBill (bill/pay), KindPayout
// (payout/create) and KindDeposit or KindTenderQRIS (deposit/create).
// Input that breaks the documented rules is refused with ResultNotSent
// before anything is sent.
func (c *Client) Send(ctx context.Context, s sale.Sale) sale.Outcome {
	if s.Order.Provider != "" && s.Order.Provider != ProviderName {
		return providers.NotSent("wrong_provider", fmt.Sprintf("This sale belongs to %q, not Flowix; nothing was sent.", s.Order.Provider))
	}
	if s.Order.Amount.Currency != sale.IDR {
		return providers.NotSent("invalid_currency", "Flowix sells in rupiah (IDR) only; nothing was sent.")
	}
	if err := s.Ref.Validate(); err != nil {
		return providers.NotSent("invalid_reference", "The sale reference is not valid; nothing was sent.")
	}
	var out sale.Outcome
	switch s.Order.Kind {
	case sale.KindPulsa:
		out = c.sendTrx(ctx, s)
	case sale.KindBill:
		out = c.sendBill(ctx, s)
	case sale.KindPayout:
		out = c.sendPayout(ctx, s)
	case sale.KindDeposit, sale.KindTenderQRIS:
		out = c.sendDeposit(ctx, s)
	default:
		return providers.NotSent("unsupported", fmt.Sprintf("The till cannot sell %q through Flowix; nothing was sent.", string(s.Order.Kind)))
	}
	c.logSale(ctx, "sale", s, out)
	return out
}

// Sells reports whether Send handles kind k.
func Sells(k sale.Kind) bool {
	switch k {
	case sale.KindPulsa, sale.KindBill, sale.KindPayout, sale.KindDeposit, sale.KindTenderQRIS:
		return true
	}
	return false
}

// trxRequest is transaction/create. Field order is fixed, so a resend is
// byte-for-byte the same request.
type trxRequest struct {
	ServiceCode string `json:"service_code"`
	Target      string `json:"target"`
	RefID       string `json:"ref_id"`
}

func (c *Client) sendTrx(ctx context.Context, s sale.Sale) sale.Outcome {
	if !codeSafe(s.Order.Product) {
		return providers.NotSent("invalid_product", "No valid Flowix service code was chosen; nothing was sent.")
	}
	target := s.Order.Target.Value
	if s.Order.Target.Kind == sale.TargetMobile {
		// Flowix's format, applied here at the edge: 08… (the till's one
		// parser reads the number in any form the journal holds it).
		p, err := sale.ParsePhone(target, "ID")
		if err != nil {
			return providers.NotSent("invalid_target", sale.ErrorMessage(err)+"; nothing was sent.")
		}
		target = p.National()
	}
	if !targetSafe(target) {
		return providers.NotSent("invalid_target", "The destination number is missing or has characters Flowix does not accept; nothing was sent.")
	}
	// A send of its own decides afresh; the next settle queries first again.
	c.setNotFound(s.Ref, false)
	req := trxRequest{ServiceCode: s.Order.Product, Target: target, RefID: string(s.Ref)}
	data, err := c.call(ctx, http.MethodPost, "/transaction/create", req, s.Ref)
	if err != nil {
		if isDuplicate(err) {
			// ref_id is the idempotency key and this reference is this
			// sale's: Flowix already has it. Read its status (no resend).
			return c.checkTrx(ctx, s, string(s.Ref))
		}
		return failure(err)
	}
	var d trxData
	if providers.DecodeJSON(data, &d) != nil {
		return providers.InDoubt("malformed", "Flowix's answer could not be read. The sale may have gone through; the till will check it.")
	}
	return c.tables.trxOutcome(s, d, string(s.Ref))
}

// billRequest is bill/pay. It carries no ref_id: the answer's ref_id
// echoes the inquiry id, which is what the sale is then queried by.
type billRequest struct {
	ServiceCode string `json:"service_code"`
	CustomerNo  string `json:"customer_no"`
	InquiryID   string `json:"inquiry_id"`
}

func (c *Client) sendBill(ctx context.Context, s sale.Sale) sale.Outcome {
	inq := s.Order.Params[ParamInquiryID]
	switch {
	case !codeSafe(inq):
		return providers.NotSent("no_inquiry", "The bill was not checked first (no inquiry id); nothing was sent.")
	case !codeSafe(s.Order.Product):
		return providers.NotSent("invalid_product", "No valid Flowix bill service was chosen; nothing was sent.")
	case !accountSafe(s.Order.Target.Value):
		return providers.NotSent("invalid_target", "The customer number must be digits only; nothing was sent.")
	}
	req := billRequest{ServiceCode: s.Order.Product, CustomerNo: s.Order.Target.Value, InquiryID: inq}
	data, err := c.call(ctx, http.MethodPost, "/bill/pay", req, s.Ref)
	if err != nil {
		if isDuplicate(err) {
			return c.checkTrx(ctx, s, inq)
		}
		out := failure(err)
		if out.Result == sale.ResultInDoubt {
			out.PendingID = inq
		}
		return out
	}
	var d trxData
	if providers.DecodeJSON(data, &d) != nil {
		out := providers.InDoubt("malformed", "Flowix's answer could not be read. The bill may have been paid; the till will check it.")
		out.PendingID = inq
		return out
	}
	out := c.tables.trxOutcome(s, d, inq)
	if out.Result == sale.ResultInDoubt {
		out.PendingID = inq
	}
	return out
}

// payoutRequest is payout/create.
type payoutRequest struct {
	BankCode      string `json:"bank_code"`
	AccountNumber string `json:"account_number"`
	AccountName   string `json:"account_name,omitempty"`
	Amount        int64  `json:"amount"`
	RefID         string `json:"ref_id"`
}

func (c *Client) sendPayout(ctx context.Context, s sale.Sale) sale.Outcome {
	bank := s.Order.Params[ParamBankCode]
	if bank == "" {
		bank = s.Order.Product
	}
	name := s.Order.Params[ParamAccountName]
	switch {
	case s.Order.Amount.Minor < MinPayout.Minor:
		return providers.NotSent("amount_too_small", fmt.Sprintf("A payout must be at least %s; nothing was sent.", MinPayout))
	case !codeSafe(bank):
		return providers.NotSent("invalid_bank", "No valid bank was chosen; nothing was sent.")
	case !accountSafe(s.Order.Target.Value):
		return providers.NotSent("invalid_account", "The account number must be digits only; nothing was sent.")
	case len(name) > 100 || name != providers.Clean(name):
		return providers.NotSent("invalid_name", "The account holder's name has characters Flowix does not accept; nothing was sent.")
	}
	req := payoutRequest{BankCode: bank, AccountNumber: s.Order.Target.Value, AccountName: name, Amount: s.Order.Amount.Minor, RefID: string(s.Ref)}
	data, err := c.call(ctx, http.MethodPost, "/payout/create", req, s.Ref)
	if err != nil {
		if isDuplicate(err) {
			return c.checkPayout(ctx, s)
		}
		return failure(err)
	}
	var d payoutData
	if providers.DecodeJSON(data, &d) != nil {
		return providers.InDoubt("malformed", "Flowix's answer could not be read. The money may have been sent; the till will check it.")
	}
	return c.tables.payoutOutcome(s, d)
}

// isDuplicate reports whether err is Flowix saying the reference was used.
func isDuplicate(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == CodeDuplicate
}

// checkTrx queries transaction/status by ref (our reference, or a bill's
// inquiry id). The method is not documented: we POST a JSON body, as every
// other documented endpoint with a parameter table is a POST (and Flowix
// sits on a PHP H2H stack that takes POST bodies); the sandbox accepts
// both POST and GET ?ref_id=.
func (c *Client) checkTrx(ctx context.Context, s sale.Sale, ref string) sale.Outcome {
	data, err := c.call(ctx, http.MethodPost, "/transaction/status", refReq{RefID: ref}, s.Ref)
	if err != nil {
		return c.statusFailure(s, err, ref)
	}
	var d trxData
	if providers.DecodeJSON(data, &d) != nil {
		return providers.InDoubt("malformed", "Flowix's status answer could not be read. The till will check again.")
	}
	c.setNotFound(s.Ref, false)
	return c.tables.trxOutcome(s, d, ref)
}

// checkPayout queries payout/status by our reference (POST, as checkTrx).
func (c *Client) checkPayout(ctx context.Context, s sale.Sale) sale.Outcome {
	data, err := c.call(ctx, http.MethodPost, "/payout/status", refReq{RefID: string(s.Ref)}, s.Ref)
	if err != nil {
		return c.statusFailure(s, err, string(s.Ref))
	}
	var d payoutData
	if providers.DecodeJSON(data, &d) != nil {
		return providers.InDoubt("malformed", "Flowix's status answer could not be read. The till will check again.")
	}
	return c.tables.payoutOutcome(s, d)
}

// statusFailure classifies a failed status query. A query applies nothing,
// so no answer to it can be a decline: every failure is in doubt, and
// "not found" is remembered for a pulsa sale (see Settlement).
func (c *Client) statusFailure(s sale.Sale, err error, ref string) sale.Outcome {
	if NotFound(err) {
		if s.Order.Kind == sale.KindPulsa {
			c.setNotFound(s.Ref, true)
		}
		out := providers.InDoubt("not_found", "Flowix does not know this sale yet. It will be checked again.")
		out.PendingID = ref
		return out
	}
	out := failure(err)
	out.Result = sale.ResultInDoubt
	out.PendingID = ref
	if out.Code == "" {
		out.Code = "status_error"
	}
	return out
}

// Check asks Flowix for the status of a pending or in-doubt sale:
// transaction/status by our reference (pulsa) or the inquiry id (bills),
// payout/status, or deposit/status by the DEP reference.
func (c *Client) Check(ctx context.Context, s sale.Sale) sale.Outcome {
	var out sale.Outcome
	switch s.Order.Kind {
	case sale.KindPulsa:
		out = c.checkTrx(ctx, s, string(s.Ref))
	case sale.KindBill:
		inq := s.PendingID
		if inq == "" {
			inq = s.Order.Params[ParamInquiryID]
		}
		if !codeSafe(inq) {
			return providers.InDoubt("no_inquiry", "The bill has no inquiry id to check; a supervisor must settle it.")
		}
		out = c.checkTrx(ctx, s, inq)
	case sale.KindPayout:
		out = c.checkPayout(ctx, s)
	case sale.KindDeposit, sale.KindTenderQRIS:
		if !codeSafe(s.PendingID) {
			return providers.InDoubt("no_deposit_ref", "Flowix's deposit reference was never received; a supervisor must settle it.")
		}
		out = c.checkDeposit(ctx, s, s.PendingID)
	default:
		return providers.InDoubt("unsupported", "The till cannot check this kind of Flowix sale.")
	}
	c.logSale(ctx, "check", s, out)
	return out
}

// checkDeposit queries deposit/status by the DEP reference.
func (c *Client) checkDeposit(ctx context.Context, s sale.Sale, depRef string) sale.Outcome {
	data, err := c.call(ctx, http.MethodPost, "/deposit/status", refReq{RefID: depRef}, s.Ref)
	if err != nil {
		return c.statusFailure(s, err, depRef)
	}
	var d depositStatus
	if providers.DecodeJSON(data, &d) != nil {
		return providers.InDoubt("malformed", "Flowix's deposit status could not be read. The till will check again.")
	}
	return c.tables.depositOutcome(d, depRef)
}
