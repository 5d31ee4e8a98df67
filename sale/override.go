package sale

import (
	"fmt"
	"strings"
	"unicode"
)

// Error codes of sign-in, overrides and limits (see errors.go for the rest).
const (
	// CodeForbidden: a wrong PIN, a disabled cashier, or a cashier's PIN
	// where a supervisor's is needed. Nothing was done.
	CodeForbidden = "forbidden"
	// CodeLocked: too many wrong PINs; the cashier is locked out for a while.
	CodeLocked = "locked"
	// CodeOverLimit: the sale is over the per-sale limit of its kind; a
	// supervisor override allows it. Nothing was journaled or sent.
	CodeOverLimit = "over_limit"
	// CodeExposure: the unresolved sales are already at the till's limit
	// (count or value); no override allows more until some are settled.
	// Nothing was journaled or sent.
	CodeExposure = "exposure"
	// CodeSupervised: the kind of sale is never sold without a supervisor's
	// override (Limits.Supervised: refunds, cancels). Nothing was journaled
	// or sent.
	CodeSupervised = "supervised"
)

// Action is what a supervisor override allows.
type Action string

// Actions a supervisor authorises with their own PIN and a reason.
const (
	// ActionSell: sell although the same target has an unresolved sale, or
	// above the per-sale limit. Subject: SellSubject of the order.
	ActionSell Action = "sell"
	// ActionRefund and ActionCancel: refund or cancel a sale. Subject: the
	// sale's reference.
	ActionRefund Action = "refund"
	ActionCancel Action = "cancel"
	// ActionReprint: reprint a receipt that carries a PIN or token, from an
	// earlier business day. Subject: the sale's reference.
	ActionReprint Action = "reprint"
	// ActionSettle: settle an unresolved sale by hand. Subject: the sale's
	// reference.
	ActionSettle Action = "settle"
	// ActionCloseDay: close a business day that still has unresolved or
	// refund-due sales. Subject: the day, YYYY-MM-DD.
	ActionCloseDay Action = "close_day"
	// ActionUnlock: lift a cashier's lockout. Subject: the cashier's id.
	ActionUnlock Action = "unlock"
	// ActionCashiers: add, disable, enable a cashier or reset a PIN.
	// Subject: CashierSubject of the change.
	ActionCashiers Action = "cashiers"
	// ActionJournal: adopt a journal put back from a backup (till journal
	// adopt). Subject: the journal's path.
	ActionJournal Action = "journal"
)

var actionNames = map[Action]string{
	ActionSell:     "sell past a guard or limit",
	ActionRefund:   "refund a sale",
	ActionCancel:   "cancel a sale",
	ActionReprint:  "reprint a PIN or token from an earlier day",
	ActionSettle:   "settle a sale by hand",
	ActionCloseDay: "close a day with unsettled sales",
	ActionUnlock:   "unlock a locked-out cashier",
	ActionCashiers: "change the cashiers",
	ActionJournal:  "adopt a journal put back from a backup",
}

// String says what the action allows, for people.
func (a Action) String() string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return string(a)
}

// Valid reports whether a is one of the actions above.
func (a Action) Valid() bool { _, ok := actionNames[a]; return ok }

// Override is a supervisor's authorisation of one action, made by
// Auth.Authorize after checking the supervisor's own PIN and journaled as
// an EventOverride naming the cashier who asked, the supervisor and the
// reason. Only Authorize can make a granted Override: a value built any
// other way is refused by everything that takes one.
type Override struct {
	Action     Action `json:"action"`
	Subject    string `json:"subject,omitempty"`
	Cashier    string `json:"cashier"`    // who asked (the signed-in cashier)
	Supervisor string `json:"supervisor"` // who authorised
	Reason     string `json:"reason"`
	// Seq is the sequence of the override's journal event.
	Seq     uint64 `json:"-"`
	granted bool
}

// Granted reports whether o was made by Auth.Authorize.
func (o Override) Granted() bool { return o.granted }

// Allows checks that o is a granted override of action a for subject.
func (o Override) Allows(a Action, subject string) error {
	switch {
	case !o.granted:
		return errorf(CodeForbidden, "no supervisor has authorised this (%s)", a)
	case o.Action != a:
		return errorf(CodeForbidden, "the supervisor authorised %q, not %q", o.Action.String(), a.String())
	case o.Subject != subject:
		return errorf(CodeForbidden, "the supervisor authorised this for %q, not for %q", o.Subject, subject)
	}
	return nil
}

// Note is how an override is noted on the sale or day it allowed.
func (o Override) Note() string {
	return fmt.Sprintf("supervisor override (journal event %d): %s authorised %q for cashier %s: %s",
		o.Seq, o.Supervisor, o.Action.String(), o.Cashier, o.Reason)
}

// OverrideRequest asks Auth.Authorize for an override.
type OverrideRequest struct {
	Action  Action
	Subject string
	// Cashier is who asks: the signed-in cashier (or the back-office user).
	Cashier string
	// Supervisor and PIN are the supervisor's own id and PIN.
	Supervisor, PIN string
	// Reason says why; it is required and journaled.
	Reason string
}

// SellSubject is the subject of an ActionSell override for o: the
// provider, kind, target and amount, so an override allows exactly the sale
// it was given for.
func SellSubject(o Order) string {
	return strings.Join([]string{o.Provider, string(o.Kind), o.Target.Value, string(o.Amount.Currency), o.Amount.Plain()}, " ")
}

// CashierSubject is the subject of an ActionCashiers override: the change
// ("add", "disable", "enable", "reset-pin") and whom it is about (the new
// cashier's name for "add", else the id).
func CashierSubject(change, who string) string { return change + " " + who }

// NeedsOverride reports whether a sale was refused for a reason a
// supervisor may override (an unresolved sale to the same target, the
// per-sale limit, a supervised kind), rather than one no override allows.
func NeedsOverride(err error) bool {
	c := ErrorCode(err)
	return c == CodeUnresolved || c == CodeOverLimit || c == CodeSupervised
}

// OverrideAction is the action a supervisor authorises for order o under
// limits l: the supervised kind's own (ActionRefund, ActionCancel), else
// ActionSell.
func (l Limits) OverrideAction(o Order) Action {
	if a, ok := l.Supervised[o.Kind]; ok {
		return a
	}
	return ActionSell
}

// OverrideAction is the action a supervisor authorises for o under the
// engine's limits (Limits.OverrideAction): what a screen or command asks
// for when a sale is refused with NeedsOverride.
func (e *Engine) OverrideAction(o Order) Action { return e.limits.OverrideAction(o) }

// ReprintNeedsOverride reports whether reprinting s on business day today
// needs a supervisor: the receipt carries a PIN or token and the sale is
// from an earlier day.
func ReprintNeedsOverride(s Sale, today string) bool {
	if s.Day == "" || s.Day >= today {
		return false
	}
	for _, it := range s.Outcome.Items {
		if it.Secret {
			return true
		}
	}
	return false
}

// CloseNeedsOverride reports whether closing the day of r needs a
// supervisor: it still has unresolved or refund-due sales.
func CloseNeedsOverride(r DayReport) bool { return len(r.Unresolved)+len(r.RefundDue) > 0 }

// cleanText trims s and drops control characters, for names and reasons
// that are journaled and shown.
func cleanText(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s))
}
