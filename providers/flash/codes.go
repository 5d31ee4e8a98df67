package flash

import (
	"maps"
	"strconv"

	"till/sale"
)

// Code is a Flash responseCode.
//
// The Partner API v4 document names only 0 (success). Every other code
// below is OUR ASSUMPTION, chosen to cover the failures the document's
// products can have; the sandbox answers with exactly this table. When
// Flash's real list is known, change the numbers here and nothing else.
// What a code means for the money is decided by this table alone, never by
// its number range, and a code that is not here is in doubt.
type Code int

// Flash response codes (assumed; see Code).
const (
	CodeSuccess Code = 0

	// Definitive declines: Flash refused the request and applied nothing.
	CodeInvalidRequest       Code = 1000
	CodeInvalidReference     Code = 1001
	CodeInvalidAccount       Code = 1002
	CodeAccountSuspended     Code = 1003
	CodeInvalidAmount        Code = 1004
	CodeAmountOutOfRange     Code = 1005
	CodeInvalidProduct       Code = 1006
	CodeProductUnavailable   Code = 1007
	CodeInvalidMobileNumber  Code = 1008
	CodeInvalidMetadata      Code = 1009
	CodeInvalidStoreTerminal Code = 1010
	CodeInsufficientBalance  Code = 1011
	CodeLimitExceeded        Code = 1012
	CodeWrongNetwork         Code = 1013
	CodeMeterNotFound        Code = 1020
	CodeMeterBlocked         Code = 1021
	CodeFBENotEligible       Code = 1022
	CodeInvalidMeter         Code = 1023
	CodeVoucherNotFound      Code = 1030
	CodeVoucherRedeemed      Code = 1031
	CodeVoucherExpired       Code = 1032
	CodeVoucherInvalidPIN    Code = 1033
	CodeVoucherInsufficient  Code = 1034
	CodeCashOutCancelled     Code = 1040
	CodeCashOutRedeemed      Code = 1041
	CodeCashOutNotFound      Code = 1042
	CodeCashOutExpired       Code = 1043

	// In doubt: Flash or a system behind it may have applied the request.
	CodeSystemError       Code = 2001
	CodeUpstreamTimeout   Code = 2002
	CodeUpstreamError     Code = 2003
	CodeInProgress        Code = 2004
	CodeReferenceConflict Code = 2005
)

// CodeInfo is what a responseCode means to the till.
type CodeInfo struct {
	// Result is ResultDeclined or ResultInDoubt (ResultDelivered for 0).
	Result sale.Result
	// Name is a short identifier for logs and the sandbox.
	Name string
	// Message is what the cashier is shown.
	Message string
	// Stateful marks a decline that reflects the account's, product's or
	// voucher's state at the time rather than the request itself. On a
	// resend it may hide an earlier attempt that was applied (the balance
	// it spent, the voucher it redeemed), so there it is in doubt.
	Stateful bool
}

// declined is a definitive decline, whatever the attempt.
func declined(name, message string) CodeInfo {
	return CodeInfo{Result: sale.ResultDeclined, Name: name, Message: message}
}

// inDoubt is a code after which the request may have been applied.
func inDoubt(name, message string) CodeInfo {
	return CodeInfo{Result: sale.ResultInDoubt, Name: name, Message: message}
}

// stateful is a decline that is in doubt on a resend (see CodeInfo.Stateful).
func stateful(name, message string) CodeInfo {
	return CodeInfo{Result: sale.ResultDeclined, Name: name, Message: message, Stateful: true}
}

var codes = map[Code]CodeInfo{
	CodeSuccess: {Result: sale.ResultDelivered, Name: "success", Message: "Success"},

	CodeInvalidRequest:       declined("invalid_request", "Flash refused the request as malformed. Nothing was sold."),
	CodeInvalidReference:     declined("invalid_reference", "Flash refused the sale reference. Nothing was sold."),
	CodeInvalidAccount:       declined("invalid_account", "Flash does not know this shop's account number. Nothing was sold; check the till's Flash settings."),
	CodeAccountSuspended:     stateful("account_suspended", "The shop's Flash account is suspended. Nothing was sold; call Flash."),
	CodeInvalidAmount:        declined("invalid_amount", "Flash refused the amount. Nothing was sold."),
	CodeAmountOutOfRange:     declined("amount_out_of_range", "The amount is outside what this product allows. Nothing was sold."),
	CodeInvalidProduct:       declined("invalid_product", "Flash does not know this product. Nothing was sold; refresh the product list."),
	CodeProductUnavailable:   stateful("product_unavailable", "This product is not available at the moment. Nothing was sold."),
	CodeInvalidMobileNumber:  declined("invalid_mobile", "Flash refused the mobile number. Nothing was sold; check the number."),
	CodeInvalidMetadata:      declined("invalid_metadata", "Flash refused the sale's extra details. Nothing was sold."),
	CodeInvalidStoreTerminal: declined("invalid_store", "Flash refused the store or till id. Nothing was sold; check the till settings."),
	CodeInsufficientBalance:  stateful("insufficient_balance", "The shop's Flash balance is too low. Nothing was sold; top up the Flash account."),
	CodeLimitExceeded:        stateful("limit_exceeded", "A Flash sales limit was reached. Nothing was sold."),
	CodeWrongNetwork:         declined("wrong_network", "The mobile number is not on this product's network. Nothing was sold."),
	CodeMeterNotFound:        declined("meter_not_found", "The meter number was not found. Nothing was sold; check the number."),
	CodeMeterBlocked:         stateful("meter_blocked", "The utility has blocked sales to this meter. Nothing was sold; the customer must call the utility."),
	CodeFBENotEligible:       declined("fbe_not_eligible", "This meter does not get free basic electricity. Nothing was sold; sell without FBE."),
	CodeInvalidMeter:         declined("invalid_meter", "Flash refused the meter number. Nothing was sold; check the number on the meter."),
	CodeVoucherNotFound:      declined("voucher_not_found", "The voucher was not found. Nothing was redeemed; check the PIN."),
	CodeVoucherRedeemed:      stateful("voucher_redeemed", "The voucher has already been redeemed. Nothing was redeemed."),
	CodeVoucherExpired:       stateful("voucher_expired", "The voucher has expired. Nothing was redeemed."),
	CodeVoucherInvalidPIN:    declined("voucher_invalid_pin", "The voucher PIN is wrong. Nothing was redeemed; check the PIN."),
	CodeVoucherInsufficient:  stateful("voucher_insufficient", "The voucher holds less than the amount asked for. Nothing was redeemed; redeem a smaller amount."),
	CodeCashOutCancelled:     stateful("cashout_cancelled", "The cash-out PIN was already cancelled. Nothing was changed."),
	CodeCashOutRedeemed:      stateful("cashout_redeemed", "The cash-out PIN was already paid out and cannot be cancelled."),
	CodeCashOutNotFound:      declined("cashout_not_found", "No cash-out PIN has this serial number. Check the serial on the slip."),
	CodeCashOutExpired:       stateful("cashout_expired", "The cash-out PIN has expired and cannot be cancelled; call Flash."),

	CodeSystemError:     inDoubt("system_error", "Flash had a system error. The sale may have gone through; the till will check it."),
	CodeUpstreamTimeout: inDoubt("upstream_timeout", "The network did not answer Flash in time. The sale may have gone through; the till will check it."),
	CodeUpstreamError:   inDoubt("upstream_error", "A system behind Flash failed. The sale may have gone through; the till will check it."),
	CodeInProgress:      inDoubt("in_progress", "Flash is still processing this sale; the till will check it."),
	// A reference Flash has already seen with a different request is NOT a
	// decline for us: references are unique per sale, so the earlier request
	// was this very sale (sent before an upgrade changed the encoding, or
	// from a journal restored from a backup) and it may have been applied.
	CodeReferenceConflict: inDoubt("reference_conflict", "Flash already has a different sale under this reference. A supervisor must check it."),
}

// Lookup returns what a responseCode means; ok is false for a code not in
// the table, which the client treats as in doubt.
func Lookup(c Code) (CodeInfo, bool) {
	info, ok := codes[c]
	return info, ok
}

// Codes returns a copy of the whole table.
func Codes() map[Code]CodeInfo { return maps.Clone(codes) }

// String returns the code's number.
func (c Code) String() string { return strconv.Itoa(int(c)) }
