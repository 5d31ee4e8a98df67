package flowix

// This file holds every value the Flowix API v1 document
// (shared/api/flowix-api-v1.txt) does not give, with the till's assumed
// default; each row says "documented: <section>" or "assumed: …". The
// config overrides those that decide money:
//
//	[flowix.statuses]          transaction and payout words (Options.Statuses)
//	[flowix.deposit_statuses]  deposit words (Options.DepositStatuses)
//	[flowix.error_codes]       declined = [codes] (Options.Declined)
//
// The sandbox keeps numbers and words of its own (providers/sandbox).

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"till/providers"
	"till/sale"
)

// normWord is how a status word is compared: trimmed, lower case.
func normWord(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Transaction and payout statuses (transaction/create, transaction/status,
// bill/pay, payout/create, payout/status and their webhooks).
var defaultStatuses = providers.MustStatuses(
	[]string{"success"},               // documented: transaction status, payout status, webhook payload
	[]string{"processing", "pending"}, // documented: "processing" (create, bill pay, payout create); assumed: "pending"
	[]string{"failed"},                // assumed: the document says only "Sukses/Gagal" (webhooks)
	normWord)

// Deposit statuses (deposit/status and its webhook).
var defaultDepositStatuses = providers.MustStatuses(
	[]string{"paid", "success"}, // assumed: the document shows paid_at but no paid status word
	[]string{"pending"},         // documented: deposit status example
	[]string{"expired", "cancel", "canceled", "cancelled", "failed"}, // assumed: a deposit can be cancelled (deposit/cancel) or expire (expired_at)
	normWord)

// DefaultStatuses returns a copy of the assumed transaction and payout
// status table.
func DefaultStatuses() providers.Statuses { return defaultStatuses.Clone() }

// DefaultDepositStatuses returns a copy of the assumed deposit table.
func DefaultDepositStatuses() providers.Statuses { return defaultDepositStatuses.Clone() }

// DefaultDeclined returns the envelope codes that are definitive declines
// when the config lists none: those the table below marks declined.
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

// NormStatus is how the client compares status words; a table given in
// Options is normalised with it.
func NormStatus(s string) string { return normWord(s) }

// Code is the envelope's "code" field of an answer with "success": false.
//
// documented: only 200 (success, every example); no error code at all.
// assumed: every code below: Flowix's envelope code mirrors the HTTP
// status of a successful answer (200), so we assume its errors do too,
// with the usual meaning of each status. Which codes are definitive
// declines is this table's default, replaced as a whole by
// [flowix.error_codes] declined (Options.Declined); any other code is in
// doubt, never decided by its number range.
type Code int

// Flowix envelope codes (see Code).
const (
	CodeOK Code = 200 // documented

	// assumed from here on.

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

// tables are the assumed values in force for a client.
type tables struct {
	statuses, deposits providers.Statuses
	declined           map[Code]bool
}

// defaultTables are the tables of a client built without overrides (and
// of a webhook handler built without a client).
var defaultTables = tables{statuses: defaultStatuses, deposits: defaultDepositStatuses, declined: declinedSet(DefaultDeclined())}

func declinedSet(cs []Code) map[Code]bool {
	m := map[Code]bool{}
	for _, c := range cs {
		m[c] = true
	}
	return m
}

// newTables takes the options' overrides, normalising their words.
func newTables(o Options) (tables, error) {
	t := defaultTables
	var err error
	if t.statuses, err = providers.Override(t.statuses, o.Statuses, normWord); err != nil {
		return t, err
	}
	if t.deposits, err = providers.Override(t.deposits, o.DepositStatuses, normWord); err != nil {
		return t, err
	}
	if o.Declined != nil {
		for _, c := range o.Declined {
			if c == CodeOK {
				return t, fmt.Errorf("200 is success, not a decline")
			}
		}
		t.declined = declinedSet(o.Declined)
	}
	return t, nil
}
