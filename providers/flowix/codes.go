package flowix

import (
	"maps"
	"strconv"

	"till/sale"
)

// Code is the envelope's "code" field of an answer with "success": false.
//
// The Flowix API v1 document shows only 200 (success) and lists no error
// codes at all. Every code below is OUR ASSUMPTION: Flowix's envelope code
// mirrors the HTTP status of a successful answer (200), so we assume its
// errors do too, with the usual meaning of each status. The sandbox answers
// with exactly this table. When Flowix's real list is known, change this
// table and nothing else: what a code means for the money is decided here
// alone, never by its number range, and a code that is not here is in
// doubt.
type Code int

// Flowix envelope codes (assumed; see Code).
const (
	CodeOK Code = 200

	// Definitive declines: Flowix refused the request before applying it.
	CodeBadRequest          Code = 400 // a parameter is missing or malformed
	CodeUnauthorized        Code = 401 // api_key or merchant_id refused
	CodeInsufficientBalance Code = 402 // the merchant balance is too low
	CodeForbidden           Code = 403 // IP not whitelisted, account suspended, KYC missing
	CodeNotFound            Code = 404 // unknown service, inquiry, bank or reference
	CodeExpired             Code = 410 // the bill inquiry or deposit has expired
	CodeInvalid             Code = 422 // target, customer, account or amount refused
	CodeProductClosed       Code = 423 // the product is closed or disrupted ("gangguan")
	CodeRateLimited         Code = 429 // too many requests; nothing was done

	// In doubt: Flowix, or a supplier behind it, may have applied it.
	CodeDuplicate   Code = 409 // the ref_id was used before: that earlier request may have been applied
	CodeServerError Code = 500
	CodeUpstream    Code = 502
	CodeMaintenance Code = 503
	CodeTimeout     Code = 504
)

// CodeInfo is what a code means to the till.
type CodeInfo struct {
	// Result is ResultDeclined or ResultInDoubt.
	Result sale.Result
	// Name is a short identifier, used as the Outcome code.
	Name string
	// Message is what the cashier is shown.
	Message string
}

var codes = map[Code]CodeInfo{
	CodeBadRequest:          {sale.ResultDeclined, "bad_request", "Flowix refused the request as incomplete or malformed. Nothing was sold."},
	CodeUnauthorized:        {sale.ResultDeclined, "unauthorized", "Flowix refused the till's credentials. Nothing was sold; check the Flowix api_key and merchant_id."},
	CodeInsufficientBalance: {sale.ResultDeclined, "insufficient_balance", "The shop's Flowix balance is too low. Nothing was sold; top up the Flowix account."},
	CodeForbidden:           {sale.ResultDeclined, "forbidden", "Flowix refused this till (IP not whitelisted or account restricted). Nothing was sold."},
	CodeNotFound:            {sale.ResultDeclined, "not_found", "Flowix does not know this product, bill or account. Nothing was sold."},
	CodeExpired:             {sale.ResultDeclined, "expired", "The bill check or deposit has expired. Nothing was paid; check the bill again."},
	CodeInvalid:             {sale.ResultDeclined, "invalid", "Flowix refused the number or the amount. Nothing was sold; check them."},
	CodeProductClosed:       {sale.ResultDeclined, "product_closed", "This product is closed or disrupted at the moment. Nothing was sold."},
	CodeRateLimited:         {sale.ResultDeclined, "rate_limited", "Flowix is refusing requests for a moment (too many). Nothing was sold; try again shortly."},

	CodeDuplicate:   {sale.ResultInDoubt, "duplicate_ref", "Flowix already has a request under this reference. It may have gone through; the till will check it."},
	CodeServerError: {sale.ResultInDoubt, "server_error", "Flowix had a server error. The sale may have gone through; the till will check it."},
	CodeUpstream:    {sale.ResultInDoubt, "upstream_error", "A supplier behind Flowix failed. The sale may have gone through; the till will check it."},
	CodeMaintenance: {sale.ResultInDoubt, "maintenance", "Flowix is in maintenance. The sale may have gone through; the till will check it."},
	CodeTimeout:     {sale.ResultInDoubt, "upstream_timeout", "A supplier did not answer Flowix in time. The sale may have gone through; the till will check it."},
}

// Lookup returns what an error code means; ok is false for a code not in
// the table, which the client treats as in doubt.
func Lookup(c Code) (CodeInfo, bool) {
	info, ok := codes[c]
	return info, ok
}

// Codes returns a copy of the whole table.
func Codes() map[Code]CodeInfo { return maps.Clone(codes) }

// String returns the code's number.
func (c Code) String() string { return strconv.Itoa(int(c)) }
