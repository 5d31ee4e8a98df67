package flash

// This file holds every value the Flash Partner API v4 document
// (shared/api/flash-partner-api-v4.txt) does not give, with the till's
// assumed default. Each row says "documented: <section>" or "assumed: …".
// The operator overrides the two that decide money from the config:
//
//	[flash.product_types]   kind -> productTypes (Options.ProductTypes)
//	[flash.response_codes]  declined = [codes]   (Options.Declined)
//
// Nothing here is shared with the sandbox: it keeps its own numbers
// (providers/sandbox), so a test can make the two disagree.

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"till/sale"
)

// ProductType is Flash's productType of a product lookup.
//
// documented: §3.1.2 shows the field, an integer ("productType": 0).
// assumed: every value below. What a product is (and so which endpoint
// sells it) comes from this table or from [flash.product_types], never
// from the product's name or code; a type in neither is never sold.
type ProductType int64

// Product types (assumed defaults; see ProductType).
const (
	ProductTypeCellularPinless ProductType = 1 // assumed: airtime, §2.6
	ProductTypeGiftVoucher     ProductType = 2 // assumed: gift vouchers, §2.4
	ProductTypeCashOut         ProductType = 3 // assumed: cash-out PINs, §2.5
	ProductTypeEezi            ProductType = 4 // assumed: Eezi vouchers, §2.7
	ProductTypeElectricity     ProductType = 5 // assumed: prepaid electricity, §2.8
	ProductTypeWater           ProductType = 6 // assumed: prepaid water, §2.8 (not sold through Flash)
	ProductType1Voucher        ProductType = 7 // assumed: 1Voucher, §2.3
)

// defaultProductTypes is the assumed table from a productType to what the
// till sells; Options.ProductTypes replaces it as a whole.
var defaultProductTypes = map[ProductType]sale.Kind{
	ProductTypeCellularPinless: sale.KindAirtime,
	ProductTypeGiftVoucher:     sale.KindGiftVoucher,
	ProductTypeCashOut:         sale.KindCashOut,
	ProductTypeEezi:            sale.KindEezi,
	ProductTypeElectricity:     sale.KindElectricity,
	ProductTypeWater:           sale.KindWater,
	ProductType1Voucher:        sale.KindVoucher,
}

// DefaultProductTypes returns a copy of the assumed productType table.
func DefaultProductTypes() map[ProductType]sale.Kind { return maps.Clone(defaultProductTypes) }

// ProductKinds are the kinds a productType may map to, in the order of
// the config's [flash.product_types] documentation. Water is listed (a
// Flash account may have water products) but not sold through Flash.
func ProductKinds() []sale.Kind {
	return []sale.Kind{sale.KindAirtime, sale.KindEezi, sale.KindGiftVoucher, sale.KindCashOut,
		sale.KindElectricity, sale.KindVoucher, sale.KindWater}
}

// NeedsProductCode reports whether a sale of kind k names a catalogue
// product (productCode). documented: §2.4.1, §2.5.1, §2.5.2, §2.6.1 and
// §2.7.1 take a productCode; 1Voucher purchase, disburse, redeem and
// refund (§2.3) and prepaid utilities (§2.8.2) take none, so they sell
// without a catalogue entry (its min and max apply when it has one).
func NeedsProductCode(k sale.Kind) bool {
	switch k {
	case sale.KindAirtime, sale.KindGiftVoucher, sale.KindEezi, sale.KindCashOut, sale.KindCashOutCancel:
		return true
	}
	return false
}

// CheckProductTypes checks a productType table: every kind one of
// ProductKinds, no type negative. A type appears once by construction.
func CheckProductTypes(t map[ProductType]sale.Kind) error {
	for typ, k := range t {
		if typ < 0 {
			return fmt.Errorf("productType %d is negative", typ)
		}
		if !slices.Contains(ProductKinds(), k) {
			return fmt.Errorf("productType %d maps to %q, which is not a Flash kind", typ, string(k))
		}
	}
	return nil
}

// Code is a Flash responseCode.
//
// documented: §1.2.1 names only 0 (success, with HTTP 200) and says any
// other code is unsuccessful, sometimes from a system behind Flash.
// assumed: every other number below, with its name and message for the
// cashier. Which codes are definitive declines is this table's default,
// replaced as a whole by [flash.response_codes] declined (Options.Declined);
// any other non-zero code is in doubt. A code's number range never
// decides anything.
type Code int

// Flash response codes (see Code).
const (
	CodeSuccess Code = 0 // documented: §1.2.1

	// assumed from here on.

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

// Lookup returns what the till's default table says of a responseCode;
// ok is false for a code not in it. Whether a code is a decline for a
// client is Client.Declines (the configured list), not this.
func Lookup(c Code) (CodeInfo, bool) {
	info, ok := codes[c]
	return info, ok
}

// Codes returns a copy of the whole table.
func Codes() map[Code]CodeInfo { return maps.Clone(codes) }

// String returns the code's number.
func (c Code) String() string { return strconv.Itoa(int(c)) }

// DefaultDeclined returns the codes that are definitive declines when the
// config lists none: those the assumed table marks declined, in order.
func DefaultDeclined() []Code {
	var out []Code
	for c, info := range codes {
		if info.Result == sale.ResultDeclined {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}
