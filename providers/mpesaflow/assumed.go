package mpesaflow

// This file holds every value the MpesaFlow document
// (shared/api/mpesaflow-transactions.txt) does not give, with the till's
// assumed default; each row says "documented: <section>" or "assumed: …".
// The config overrides the record status words ([mpesaflow.statuses],
// Options.Statuses). The sandbox keeps its own (providers/sandbox).

import (
	"strings"

	"till/providers"
)

// RecordStatus is the status the till records an M-Pesa tender with.
//
// The cashier records a payment the customer has already made and shows
// them (the M-Pesa SMS with its receipt code): the money has moved, so the
// record is "completed". "pending" is MpesaFlow's state for an STK push
// waiting for the customer's PIN; nothing would ever complete a record the
// till created itself (no STK callback will come for a payment MpesaFlow did
// not start), so a pending record would sit forever as an unpaid request and
// spoil reconciliation. Whether the SMS is genuine is checked by the shop's
// end-of-day reconciliation against the M-Pesa statement, whatever status
// the record carries. The value "completed" is our assumption: the document
// only shows "pending"; the sandbox accepts pending, completed and failed.
const RecordStatus = "completed"

// normStatus is how a record status is compared: trimmed, lower case.
func normStatus(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormStatus is normStatus for the config's words.
func NormStatus(s string) string { return normStatus(s) }

// defaultStatuses reads the status of a returned record. delivered: the
// payment is recorded. pending: MpesaFlow holds it as not yet paid (in
// doubt: resent, which returns the record as it is then). declined: the
// record is failed, refunded or disputed — never a sale, and in doubt for
// the till (a supervisor checks the M-Pesa statement): a payment the
// customer showed may still have moved.
var defaultStatuses = providers.MustStatuses(
	[]string{RecordStatus, "paid", "success", "successful"},                         // assumed: the document shows only "pending"
	[]string{"pending", "processing"},                                               // documented: "pending" (request and answer examples); assumed: "processing"
	[]string{"failed", "refunded", "reversed", "disputed", "cancelled", "canceled"}, // documented: failedAt in the record; assumed: the words
	normStatus)

// DefaultStatuses returns a copy of the record status table.
func DefaultStatuses() providers.Statuses { return defaultStatuses.Clone() }

// checkStatuses normalises the options' table; nil gives the defaults.
func checkStatuses(in providers.Statuses) (providers.Statuses, error) {
	return providers.Override(defaultStatuses, in, normStatus)
}
