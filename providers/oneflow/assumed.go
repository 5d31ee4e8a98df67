package oneflow

// This file holds every value the 1Flow water API document
// (shared/api/oneflow-water-api.txt) does not give, or gives only as an
// example, with the till's default; each row says "documented: <section>"
// or "assumed: …". The config overrides those that decide money:
//
//	[oneflow.statuses]      delivered/pending/declined words (Options.Statuses)
//	[oneflow.decline_http]  declined = [HTTP statuses] (Options.DeclineHTTP)
//
// The sandbox keeps its own (providers/sandbox).

import (
	"fmt"
	"net/http"
	"strings"

	"till/providers"
)

// Recharge statuses ("Verify Recharge").
const (
	StatusPending   = "PENDING"   // documented: "Initiate Recharge" answer and "Verify Recharge"
	StatusCompleted = "COMPLETED" // documented: "Verify Recharge" ("e.g., PENDING, COMPLETED, FAILED")
	StatusFailed    = "FAILED"    // documented: same list, by example only
)

// BalanceUnit is the unit the till prints after a completed recharge's
// "balance" (assumed: the document gives a bare number, 150052 beside 20.1
// litres, and names no unit; read as millilitres, as the sandbox does). It
// is only shown, never computed with, so it decides no money.
const BalanceUnit = "ml"

// normStatus is how a status word is compared: trimmed, upper case.
func normStatus(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// NormStatus is normStatus for the config's words.
func NormStatus(s string) string { return normStatus(s) }

var defaultStatuses = providers.MustStatuses(
	[]string{StatusCompleted}, []string{StatusPending}, []string{StatusFailed}, normStatus)

// DefaultStatuses returns a copy of the status table.
func DefaultStatuses() providers.Statuses { return defaultStatuses.Clone() }

// declineStatuses are the only answers to an initiation taken as a
// definitive decline (assumed: the document lists no error at all): 1Flow
// refused the request before creating a recharge (no id is issued), so
// nothing can have been applied. 400 (malformed or invalid request: bad
// amount, both or neither of deviceId and cardId), 403 (the partner may
// not recharge this device), 404 (unknown device or card) and 422
// (validation failed: amount out of range, device not rechargeable). A
// 401 is handled apart: it is only final after the one resend with a
// fresh token. Every other status — 408, 409, 429, 5xx, anything new — is
// in doubt, as is a listed status whose body claims success.
var declineStatuses = map[int]bool{
	http.StatusBadRequest:          true,
	http.StatusForbidden:           true,
	http.StatusNotFound:            true,
	http.StatusUnprocessableEntity: true,
}

// DefaultDeclineHTTP returns the assumed decline statuses, sorted.
func DefaultDeclineHTTP() []int {
	return []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}
}

// tables are the assumed values in force for a client.
type tables struct {
	statuses    providers.Statuses
	declineHTTP map[int]bool
}

var defaultTables = tables{statuses: defaultStatuses, declineHTTP: declineStatuses}

// newTables takes the options' overrides.
func newTables(o Options) (tables, error) {
	t := defaultTables
	var err error
	if t.statuses, err = providers.Override(t.statuses, o.Statuses, normStatus); err != nil {
		return t, err
	}
	if o.DeclineHTTP != nil {
		t.declineHTTP = map[int]bool{}
		for _, s := range o.DeclineHTTP {
			if s < 400 || s > 499 || s == http.StatusUnauthorized {
				return t, fmt.Errorf("HTTP %d cannot be a decline: only 4xx answers other than 401", s)
			}
			t.declineHTTP[s] = true
		}
	}
	return t, nil
}
