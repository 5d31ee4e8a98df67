package sale

import (
	"fmt"
	"slices"
	"strings"
)

// Limits bound how much value one sale and the till's unresolved sales
// may put at risk. The engine checks them before a sale is journaled, under
// the same lock as the same-target guard, so nothing is journaled or sent
// for a refused sale. The zero value limits nothing.
type Limits struct {
	// PerSale is the most one sale of a kind may be. A sale in another
	// currency than its kind's limit is not limited by it. A supervisor
	// override (ActionSell) allows a sale above it.
	PerSale map[Kind]Money
	// Ceilings are the per-sale maxima of a kind by currency where PerSale
	// has none of the kind in the sale's currency (the config's defaults,
	// so every kind has one); kind "" holds those of every other kind.
	// They are refused like PerSale: a supervisor's override allows more.
	Ceilings map[Kind][]Money
	// Most is, per currency, the most any one sale may be: no override
	// allows more (99,999,999,999 of anything is a typing mistake).
	Most []Money
	// MaxUnresolved is how many unresolved sales (NEW, SENDING, PENDING,
	// IN_DOUBT, NEEDS_SUPERVISOR) the till may hold: while it holds that
	// many, every new sale is refused. 0 means no limit.
	MaxUnresolved int
	// MaxUnresolvedValue is, per currency, the most the unresolved sales
	// together with the new one may add up to. No override allows more.
	MaxUnresolvedValue []Money
	// Supervised are the kinds that are never sold without a supervisor's
	// override of the given action (for SellSubject of the order): refunds
	// (ActionRefund) and cancels (ActionCancel). Refused otherwise with
	// CodeSupervised, before anything is journaled.
	Supervised map[Kind]Action
}

// SellOptions are Engine.SellWith's options.
type SellOptions struct {
	// Override is a supervisor's ActionSell override for SellSubject of the
	// order (Auth.Authorize); nil for none.
	Override *Override
}

// ParseAmount parses a limit written "CUR amount", such as "ZAR 500.00"
// or "IDR 1000000".
func ParseAmount(s string) (Money, error) {
	cur, amt, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return Money{}, errorf(CodeInvalid, "%q is not an amount like \"ZAR 500.00\"", s)
	}
	m, err := ParseMoney(strings.TrimSpace(amt), Currency(strings.ToUpper(cur)))
	if err != nil {
		return Money{}, errorf(CodeInvalid, "%q: %v", s, err)
	}
	return m, nil
}

// kinds are the kinds a per-sale limit may name.
var kinds = []Kind{KindAirtime, KindElectricity, KindVoucher, KindVoucherRedeem, KindVoucherRefund,
	KindVoucherPayout, KindGiftVoucher, KindEezi, KindCashOut, KindWater, KindPulsa, KindBill, KindDeposit,
	KindPayout, KindTenderMpesa, KindTenderCard, KindTenderVoucher, KindTenderQRIS, KindCashOutCancel,
	KindCashOutLookup, KindBulkCardCharge}

// KnownKind reports whether k is a kind of sale the till knows.
func KnownKind(k Kind) bool { return slices.Contains(kinds, k) }

// overLimit returns the per-sale limit o is above, if any: the kind's
// PerSale limit in o's currency, else its ceiling, else the ceiling of
// every kind in that currency.
func (l Limits) overLimit(o Order) (Money, bool) {
	if max, ok := l.PerSale[o.Kind]; ok && max.Currency == o.Amount.Currency && max.Minor > 0 {
		return max, o.Amount.Minor > max.Minor
	}
	for _, k := range []Kind{o.Kind, ""} {
		if max, ok := inCurrency(l.Ceilings[k], o.Amount.Currency); ok {
			return max, o.Amount.Minor > max.Minor
		}
	}
	return Money{}, false
}

// overMost returns the absolute limit o is above, if any.
func (l Limits) overMost(o Order) (Money, bool) {
	max, ok := inCurrency(l.Most, o.Amount.Currency)
	return max, ok && o.Amount.Minor > max.Minor
}

// inCurrency is the positive amount of ms in currency c.
func inCurrency(ms []Money, c Currency) (Money, bool) {
	for _, m := range ms {
		if m.Currency == c && m.Minor > 0 {
			return m, true
		}
	}
	return Money{}, false
}

// exposure refuses o if the unresolved sales open are at the count limit,
// or would with o go past the value limit of o's currency.
func (l Limits) exposure(o Order, open []Sale) error {
	if l.MaxUnresolved > 0 && len(open) >= l.MaxUnresolved {
		return errork(CodeExposure, "exposure_count", []any{len(open), l.MaxUnresolved},
			"the till already has %d unresolved sales (the limit is %d): settle some before selling again", len(open), l.MaxUnresolved)
	}
	for _, max := range l.MaxUnresolvedValue {
		if max.Currency != o.Amount.Currency || max.Minor <= 0 {
			continue
		}
		total := o.Amount.Minor
		for _, s := range open {
			if s.Order.Amount.Currency == max.Currency {
				total += s.Order.Amount.Minor
			}
		}
		if total > max.Minor {
			sofar := Money{Minor: total - o.Amount.Minor, Currency: max.Currency}
			return errork(CodeExposure, "exposure_value", []any{sofar, max},
				"unresolved sales already add up to %s; with this sale they would pass the limit of %s: settle some before selling again", sofar, max)
		}
	}
	return nil
}

// sameTarget finds an unresolved sale of the same provider and kind to the
// same target as o among open.
func sameTarget(o Order, open []Sale) (Sale, bool) {
	if o.Target.Value == "" {
		return Sale{}, false
	}
	for _, s := range open {
		if s.Order.Provider == o.Provider && s.Order.Kind == o.Kind && s.Order.Target.Value == o.Target.Value {
			return s, true
		}
	}
	return Sale{}, false
}

// admit checks o against the limits and the same-target guard. The
// unresolved-sales limits refuse outright (CodeExposure); the per-sale
// limit (CodeOverLimit) and an unresolved sale to the same target
// (CodeUnresolved) refuse unless ov is a granted, unused ActionSell
// override for exactly this order. One message names every reason, so the
// supervisor sees all they allow. Callers hold e.mu.
func (e *Engine) admit(o Order, ov *Override) error {
	act, supervised := e.limits.Supervised[o.Kind]
	if !supervised {
		act = ActionSell
	}
	if max, over := e.limits.overMost(o); over {
		// CodeInvalid, not CodeOverLimit: no screen offers an override for it.
		return errork(CodeInvalid, "over_most", []any{o.Amount, max},
			"%s is more than any one sale may be (%s): no override allows it; check the amount", o.Amount, max)
	}
	if ov != nil {
		if err := ov.Allows(act, SellSubject(o)); err != nil {
			return err
		}
		if e.overrides[ov.Seq] {
			return errork(CodeForbidden, "override_used", []any{ov.Seq},
				"the supervisor's override (journal event %d) was already used for a sale: ask again", ov.Seq)
		}
	}
	open, err := e.j.Unresolved()
	if err != nil {
		return wrapJournal(err)
	}
	if err := e.limits.exposure(o, open); err != nil {
		return err
	}
	if supervised && ov == nil {
		return errork(CodeSupervised, "supervised", []any{o.Kind},
			"a %s needs a supervisor: they authorise it with their own PIN (%s)", o.Kind, act)
	}
	var why []string
	code, key := "", ""
	var args []any
	if max, over := e.limits.overLimit(o); over {
		why = append(why, fmt.Sprintf("%s is over the per-sale limit of %s for %s", o.Amount, max, o.Kind))
		code, key, args = CodeOverLimit, "over_limit", []any{o.Amount, max, o.Kind}
	}
	if other, found := sameTarget(o, open); found {
		why = append(why, fmt.Sprintf("sale %s of %s to %s is still %s", other.Ref, other.Order.Kind, other.Order.Target.Value, other.State))
		more := []any{other.Ref, other.Order.Kind, other.Order.Target.Value, other.State}
		if code == CodeOverLimit {
			key, args = "over_limit_same_target", append(args, more...)
		} else {
			key, args = "same_target", more
		}
		code = CodeUnresolved
	}
	if len(why) == 0 || ov != nil {
		return nil
	}
	fix := "settle it before selling again, or ask a supervisor to override"
	if code == CodeOverLimit {
		fix = "a supervisor must authorise it"
	}
	return errork(code, key, args, "%s: %s", strings.Join(why, "; and "), fix)
}

// Admit checks, without journaling anything, that o would be accepted now
// (limits and the same-target guard; ov as for SellWith). A flow that takes
// payment before the sale (Engine.Pay) calls it first, so the customer does
// not pay for a sale the till would refuse.
func (e *Engine) Admit(o Order, ov *Override) error {
	if err := o.Validate(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.admit(o, ov)
}

// noteOverride journals, on the new sale s, the override it was sold
// under. A failure is logged: the override event itself is journaled.
func (e *Engine) noteOverride(s Sale, ov *Override) Sale {
	if ov == nil {
		return s
	}
	ns, err := e.j.Append(Event{Ref: s.Ref, Type: EventNote, At: e.now(), By: ov.Supervisor, Note: ov.Note()})
	if err != nil {
		e.log.Error("could not note the override on the sale", "ref", s.Ref, "override", ov.Seq, "err", err)
		return s
	}
	return ns
}

// SuperviseWith settles an unresolved sale by hand under a supervisor's
// ActionSettle override for the sale's reference: Supervise with the
// override's reason and supervisor, after checking the override.
func (e *Engine) SuperviseWith(ref Reference, delivered bool, ov Override) (Sale, error) {
	if err := ov.Allows(ActionSettle, string(ref)); err != nil {
		return Sale{}, err
	}
	return e.Supervise(ref, delivered, fmt.Sprintf("%s (override %d, cashier %s)", ov.Reason, ov.Seq, ov.Cashier), ov.Supervisor)
}

// ReprintWith journals a receipt copy of ref by cashier `by` on business
// day today, refusing (CodeForbidden) a receipt with a PIN or token from an
// earlier day unless ov is a granted ActionReprint override for ref.
func (e *Engine) ReprintWith(ref Reference, by, today string, ov *Override) (Sale, error) {
	s, err := e.j.Sale(ref)
	if err != nil {
		return s, err
	}
	if ReprintNeedsOverride(s, today) {
		if ov == nil {
			return s, errorf(CodeForbidden, "sale %s is from %s and its receipt carries a PIN or token: a supervisor must authorise the copy", ref, s.Day)
		}
		if err := ov.Allows(ActionReprint, string(ref)); err != nil {
			return s, err
		}
	}
	return e.Reprinted(ref, by)
}

// PerSaleLimit is the per-sale limit l sets for o (PerSale, else the
// ceilings), if any: what a screen or the config test shows.
func PerSaleLimit(l Limits, o Order) (Money, bool) {
	max, _ := l.overLimit(o)
	return max, max.Minor > 0
}
