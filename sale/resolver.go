package sale

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Run settles unresolved sales in the background until ctx is done: each
// IN_DOUBT or PENDING sale is looked at when its NextTry comes, in the way
// its provider declares (resend with the same reference, status query, or a
// supervisor). It returns after every settle it started has finished.
func (e *Engine) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(e.cfg.Tick)
	defer t.Stop()
	for {
		e.settleDue(ctx, &wg)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-e.wake:
		}
	}
}

func (e *Engine) settleDue(ctx context.Context, wg *sync.WaitGroup) {
	open, err := e.j.Unresolved()
	if err != nil {
		e.log.Error("resolver: reading unresolved sales", "err", err)
		return
	}
	now := e.now()
	for _, s := range open {
		if !e.isDue(s, now) {
			continue
		}
		if !e.acquire(s.Ref) {
			continue
		}
		wg.Add(1)
		go func(ref Reference) {
			defer wg.Done()
			defer e.release(ref)
			if _, err := e.settleLocked(ctx, ref, false); err != nil {
				e.log.Warn("resolver: settling", "ref", ref, "err", err)
			}
		}(s.Ref)
	}
}

func (e *Engine) isDue(s Sale, now time.Time) bool {
	if s.State != StateInDoubt && s.State != StatePending {
		return false
	}
	e.flightMu.Lock()
	due, ok := e.due[s.Ref]
	e.flightMu.Unlock()
	if ok && due.After(s.NextTry) {
		return !now.Before(due)
	}
	return !now.Before(s.NextTry)
}

// SettleNow settles one IN_DOUBT or PENDING sale at once, ignoring its
// backoff (the cashier's "settle now", `till resolve`). It returns the sale
// after the attempt.
func (e *Engine) SettleNow(ctx context.Context, ref Reference) (Sale, error) {
	if !e.acquire(ref) {
		s, _ := e.j.Sale(ref)
		return s, errorf(CodeConflict, "sale %s is already being settled", ref)
	}
	defer e.release(ref)
	return e.settleLocked(ctx, ref, true)
}

// ResolveAll settles every unresolved sale once, now, one at a time, and
// returns them after the attempt (`till resolve`). Sales waiting for a
// supervisor are returned unchanged.
func (e *Engine) ResolveAll(ctx context.Context) ([]Sale, error) {
	open, err := e.j.Unresolved()
	if err != nil {
		return nil, wrapJournal(err)
	}
	var out []Sale
	for _, s := range open {
		if s.State != StateInDoubt && s.State != StatePending {
			out = append(out, s)
			continue
		}
		ns, err := e.SettleNow(ctx, s.Ref)
		if err != nil {
			e.log.Warn("resolve", "ref", s.Ref, "err", err)
		}
		if ns.Ref == "" {
			ns = s
		}
		out = append(out, ns)
	}
	return out, nil
}

// settleLocked settles one sale; the caller holds ref in flight.
func (e *Engine) settleLocked(ctx context.Context, ref Reference, now bool) (Sale, error) {
	s, err := e.j.Sale(ref) // fresh: the list the resolver read may be stale
	if err != nil {
		return s, err
	}
	if !now && !e.isDue(s, e.now()) {
		return s, nil
	}
	p, ok := e.providers[s.Order.Provider]
	if !ok {
		return e.escalate(s, fmt.Sprintf("provider %q is not configured on this till", s.Order.Provider))
	}
	switch s.State {
	case StatePending:
		if e.checkCount(ref) >= e.cfg.MaxAttempts*4 && e.now().After(s.CreatedAt.Add(e.window(p))) {
			return e.escalate(s, "still pending long after the provider's window: check with the provider")
		}
		return e.check(ctx, s, p)
	case StateInDoubt:
	default:
		return s, nil
	}
	switch p.Settlement(s) {
	case SettleResend:
		if s.Attempts >= e.cfg.MaxAttempts {
			return e.escalate(s, fmt.Sprintf("no answer after %d attempts", s.Attempts))
		}
		w := e.window(p)
		if !e.now().Before(s.CreatedAt.Add(w - w/10)) {
			return e.escalate(s, "the provider's idempotency window is ending: a resend could apply it twice")
		}
		return e.sendLocked(ctx, s, p)
	case SettleQuery:
		if e.checkCount(ref) >= e.cfg.MaxAttempts {
			return e.escalate(s, fmt.Sprintf("status still unknown after %d queries", e.checkCount(ref)))
		}
		return e.check(ctx, s, p)
	default:
		return e.escalate(s, "the provider offers no safe way to resend or query this sale: check with the customer and settle it by hand")
	}
}

func (e *Engine) window(p Provider) time.Duration {
	if w := p.Window(); w > 0 {
		return w
	}
	return e.cfg.Window
}

func (e *Engine) check(ctx context.Context, s Sale, p Provider) (Sale, error) {
	e.flightMu.Lock()
	e.checks[s.Ref]++
	e.flightMu.Unlock()
	out := p.Check(ctx, s)
	return e.record(s, EventChecked, out)
}

func (e *Engine) escalate(s Sale, why string) (Sale, error) {
	if s.State == StateNeedsSupervisor {
		return s, nil
	}
	ns, err := e.j.Append(Event{Ref: s.Ref, Type: EventEscalated, At: e.now(), State: StateNeedsSupervisor, Note: why})
	if err != nil {
		return s, wrapJournal(err)
	}
	e.log.Warn("sale needs a supervisor", "ref", s.Ref, "why", why)
	e.publish(ns)
	return ns, nil
}

// Supervise settles an unresolved sale by hand: delivered or not, with a
// note saying what was checked, by whom. It is refused while a request for
// the sale is in flight.
func (e *Engine) Supervise(ref Reference, delivered bool, note, by string) (Sale, error) {
	if note == "" {
		return Sale{}, errorf(CodeInvalid, "a supervisor settlement needs a note saying what was checked")
	}
	if by == "" {
		return Sale{}, errorf(CodeInvalid, "a supervisor settlement needs the supervisor's id")
	}
	if !e.acquire(ref) {
		return Sale{}, errorf(CodeConflict, "sale %s is being sent right now; wait for the answer", ref)
	}
	defer e.release(ref)
	s, err := e.j.Sale(ref)
	if err != nil {
		return s, err
	}
	if s.State != StateInDoubt && s.State != StateNeedsSupervisor && s.State != StatePending {
		return s, errorf(CodeConflict, "sale %s is %s; only an unresolved sale can be settled by hand", ref, s.State)
	}
	st, res := StateDeclined, ResultDeclined
	if delivered {
		st, res = StateDelivered, ResultDelivered
	}
	out := s.Outcome
	out.Result, out.Code, out.Message = res, "supervisor", "settled by a supervisor: "+note
	ns, err := e.j.Append(Event{Ref: ref, Type: EventSupervisor, At: e.now(), State: st, Outcome: &out, By: by, Note: note})
	if err != nil {
		return s, wrapJournal(err)
	}
	e.log.Info("sale settled by a supervisor", "ref", ref, "state", st, "by", by)
	e.publish(ns)
	return e.refundIfDue(ns), nil // tender_issues.go: a failed vend after a paid tender
}

// Reprinted journals that a receipt copy of ref was printed, by whom, and
// returns the sale (whose Reprints is the copy number).
func (e *Engine) Reprinted(ref Reference, by string) (Sale, error) {
	ns, err := e.j.Append(Event{Ref: ref, Type: EventReprinted, At: e.now(), By: by})
	if err != nil {
		return ns, err
	}
	e.publish(ns)
	return ns, nil
}

// ReprintFailed journals that the copy journaled last by Reprinted did
// not print (why: the printer's reason), so the next copy takes its number
// again. A copy is journaled before it is printed: a till that dies in
// between keeps the copy counted, as a copy may exist.
func (e *Engine) ReprintFailed(ref Reference, by, why string) (Sale, error) {
	ns, err := e.j.Append(Event{Ref: ref, Type: EventReprintFailed, At: e.now(), By: by, Note: why})
	if err != nil {
		return ns, err
	}
	e.publish(ns)
	return ns, nil
}

// Follow polls sale s, which the provider is still applying, through the
// resolver's own settle (SettleNow: a status query as the provider
// declares, never a new request) while open says it is worth asking,
// backing off from a second to three, until it settles, wait has passed
// or ctx ends. It returns the sale as it last was; trouble on the way (a
// provider that did not answer) is passed to told, and following goes on (one follow for every caller).
func (e *Engine) Follow(ctx context.Context, s Sale, wait time.Duration, open func(Sale) bool, told func(error)) Sale {
	deadline := e.now().Add(wait)
	delay := time.Second
	for open(s) {
		left := deadline.Sub(e.now())
		if left <= 0 {
			break
		}
		select {
		case <-ctx.Done():
			return s
		case <-time.After(min(delay, left)):
		}
		delay = min(delay*2, 3*time.Second)
		ns, err := e.SettleNow(ctx, s.Ref)
		if err != nil && ErrorCode(err) != CodeConflict && told != nil {
			told(err)
		}
		if ns.Ref == s.Ref {
			s = ns
		}
	}
	return s
}

// Note journals a note on ref (a webhook the status query did not confirm
// yet, a cancel that voided the sale's PIN…), by whom, and returns the
// sale: a note never changes its state.
func (e *Engine) Note(ref Reference, note, by string) (Sale, error) {
	ns, err := e.j.Append(Event{Ref: ref, Type: EventNote, At: e.now(), By: by, Note: note})
	if err != nil {
		return ns, wrapJournal(err)
	}
	e.publish(ns)
	return ns, nil
}

// Unresolved returns every sale that still needs settling.
func (e *Engine) Unresolved() ([]Sale, error) {
	s, err := e.j.Unresolved()
	return s, wrapJournalNil(err)
}

// Catalogue returns a provider's products from the journal cache, first
// refreshing it from the provider when refresh is set. A failed refresh
// returns the cached catalogue together with the error, so the till keeps
// selling offline and can show the catalogue's age.
func (e *Engine) Catalogue(ctx context.Context, provider string, refresh bool) (Catalogue, error) {
	p, ok := e.providers[provider]
	if !ok {
		return Catalogue{}, errorf(CodeInvalid, "provider %q is not configured on this till", provider)
	}
	var ferr error
	if c, ok := p.(Cataloguer); ok && refresh {
		products, err := c.Products(ctx)
		if err == nil {
			cat := Catalogue{Provider: provider, FetchedAt: e.now(), Products: products}
			if err := e.j.SaveCatalogue(cat); err != nil {
				return cat, wrapJournal(err)
			}
			return cat, nil
		}
		ferr = errorf(CodeUnavailable, "could not refresh the %s catalogue: %v", provider, err)
	}
	cat, err := e.j.Catalogue(provider)
	if err != nil {
		return cat, wrapJournal(err)
	}
	return cat, ferr
}

func wrapJournalNil(err error) error {
	if err == nil {
		return nil
	}
	return wrapJournal(err)
}

// RefreshCatalogues refreshes the cached catalogue of every provider that has
// one, so the till starts with fresh products; a provider that cannot be
// reached keeps its cached catalogue (its age is shown where it is used).
// It returns the first error, after trying every provider.
func (e *Engine) RefreshCatalogues(ctx context.Context) error {
	var first error
	for name, p := range e.providers {
		if _, ok := p.(Cataloguer); !ok {
			continue
		}
		if _, err := e.Catalogue(ctx, name, true); err != nil {
			e.log.Warn("catalogue refresh at start", "provider", name, "err", err)
			if first == nil {
				first = err
			}
		}
	}
	return first
}
