package sale

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// Config tunes how the Engine settles unresolved sales.
type Config struct {
	// MaxAttempts is how many sends (or status checks) a sale gets before
	// it is handed to a supervisor. Default 8.
	MaxAttempts int
	// Window is how long a provider honours a reference for idempotent
	// resends, unless the provider declares its own. Default 24h. The
	// resolver stops resending a tenth of the window before it ends.
	Window time.Duration
	// Backoff is the first delay before a resend or check; it doubles up to
	// MaxBackoff, with jitter. Defaults 2s and 5m.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// Tick is how often the resolver looks for due sales. Default 1s.
	Tick time.Duration
}

func (c Config) withDefaults() Config {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.Window <= 0 {
		c.Window = 24 * time.Hour
	}
	if c.Backoff <= 0 {
		c.Backoff = 2 * time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 5 * time.Minute
	}
	if c.MaxBackoff < c.Backoff {
		c.MaxBackoff = c.Backoff
	}
	if c.Tick <= 0 {
		c.Tick = time.Second
	}
	return c
}

// Options are the Engine's dependencies.
type Options struct {
	Journal   Journal
	Providers []Provider
	Config    Config
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Jitter returns a random duration in [0, d) (math/rand when nil).
	Jitter func(d time.Duration) time.Duration
	// Failpoint is called at named points of a sale's life ("after-new",
	// "after-answer") so crash tests can kill the process there. Nil in
	// production.
	Failpoint func(name string)
	Logger    *slog.Logger
	// Limits are the exposure limits Sell enforces (limits.go); the zero
	// value limits nothing.
	Limits Limits
}

// Engine journals, sends, records and settles sales. It is safe for
// concurrent use. One request per reference is ever in flight.
type Engine struct {
	j         Journal
	providers map[string]Provider
	cfg       Config
	now       func() time.Time
	jitter    func(time.Duration) time.Duration
	fail      func(string)
	log       *slog.Logger

	mu        sync.Mutex // serialises the unresolved-target guard and limits with Create
	recovered bool
	limits    Limits
	overrides map[uint64]bool // overrides (by journal event) already used for a sale

	flightMu sync.Mutex
	inflight map[Reference]bool
	checks   map[Reference]int       // status checks since start, per sale
	due      map[Reference]time.Time // next check of sales whose polls are not journaled

	subMu  sync.Mutex
	subs   map[int]chan Sale
	nextID int

	wake chan struct{}
}

// NewEngine returns an Engine. Recover must run before the first Sell.
func NewEngine(o Options) *Engine {
	e := &Engine{
		j:         o.Journal,
		providers: map[string]Provider{},
		cfg:       o.Config.withDefaults(),
		now:       o.Now,
		jitter:    o.Jitter,
		fail:      o.Failpoint,
		log:       o.Logger,
		inflight:  map[Reference]bool{},
		checks:    map[Reference]int{},
		due:       map[Reference]time.Time{},
		subs:      map[int]chan Sale{},
		wake:      make(chan struct{}, 1),
		limits:    o.Limits,
		overrides: map[uint64]bool{},
	}
	for _, p := range o.Providers {
		e.providers[p.Name()] = p
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.jitter == nil {
		e.jitter = func(d time.Duration) time.Duration {
			if d <= 0 {
				return 0
			}
			return rand.N(d)
		}
	}
	if e.fail == nil {
		e.fail = func(string) {}
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	return e
}

// Reader returns the engine's journal, read-only: every write goes through
// the engine's own methods.
func (e *Engine) Reader() Reader { return e.j }

// Provider returns the configured provider of that name.
func (e *Engine) Provider(name string) (Provider, bool) {
	p, ok := e.providers[name]
	return p, ok
}

// Now returns the engine's clock reading.
func (e *Engine) Now() time.Time { return e.now() }

// Recover turns every sale a crash left NEW or SENDING into IN_DOUBT, so the
// resolver settles it. It must run before any new sale; it returns how many
// sales it recovered.
func (e *Engine) Recover(ctx context.Context) (int, error) {
	open, err := e.j.Unresolved()
	if err != nil {
		return 0, wrapJournal(err)
	}
	n := 0
	for _, s := range open {
		if s.State != StateNew && s.State != StateSending {
			continue
		}
		note := "found unsent after a restart"
		if s.State == StateSending {
			note = fmt.Sprintf("attempt %d was being sent when the till stopped; the answer was lost", s.Attempts)
		}
		ns, err := e.j.Append(Event{Ref: s.Ref, Type: EventRecovered, At: e.now(), State: StateInDoubt, Note: note, NextTry: e.now()})
		if err != nil {
			return n, wrapJournal(err)
		}
		e.log.Warn("recovered sale in doubt", "ref", s.Ref, "from", s.State)
		e.publish(ns)
		n++
	}
	e.mu.Lock()
	e.recovered = true
	e.mu.Unlock()
	e.poke()
	return n, nil
}

// Sell journals o as a new sale (fsync'd), then sends it once and records
// the outcome. The returned sale is in the state the first attempt left it:
// DELIVERED, DECLINED, PENDING, NOT_SENT or IN_DOUBT (the resolver settles
// the last two kinds later). An error means nothing was journaled or sent:
// bad input (CodeInvalid), an unresolved sale to the same target
// (CodeUnresolved), a limit (CodeOverLimit, CodeExposure; limits.go), or a
// journal failure (CodeUnavailable) — except when the outcome itself could
// not be journaled, in which case the sale is returned with the error and
// will be recovered as IN_DOUBT.
func (e *Engine) Sell(ctx context.Context, o Order) (Sale, error) {
	return e.SellWith(ctx, o, SellOptions{})
}

// SellWith is Sell with options: a supervisor's Override (ActionSell, for
// SellSubject(o)) lets the sale past the same-target guard and the
// per-sale limit, never past the unresolved-sales limits. The override is
// noted on the sale's history and is used once.
func (e *Engine) SellWith(ctx context.Context, o Order, opt SellOptions) (Sale, error) {
	if err := o.Validate(); err != nil {
		return Sale{}, err
	}
	p, ok := e.providers[o.Provider]
	if !ok {
		return Sale{}, errorf(CodeInvalid, "provider %q is not configured on this till", o.Provider)
	}
	e.mu.Lock()
	if !e.recovered {
		e.mu.Unlock()
		return Sale{}, errorf(CodeUnavailable, "the till has not finished recovering unsettled sales")
	}
	if err := e.admit(o, opt.Override); err != nil { // limits.go
		e.mu.Unlock()
		return Sale{}, err
	}
	s, err := e.j.Create(o, e.now())
	if err == nil && opt.Override != nil {
		e.overrides[opt.Override.Seq] = true
	}
	e.mu.Unlock()
	if err != nil {
		if ErrorCode(err) == CodeInvalid {
			return Sale{}, err
		}
		return Sale{}, wrapJournal(err)
	}
	e.log.Info("sale journaled", "ref", s.Ref, "provider", o.Provider, "kind", o.Kind, "amount", o.Amount.String())
	s = e.noteOverride(s, opt.Override) // limits.go
	e.publish(s)
	e.fail("after-new")
	s, err = e.send(ctx, s, p)
	if err == nil {
		s = e.giveBackIfFailed(s) // drawer.go: the customer is at the counter
	}
	return s, err
}

// send journals SENDING (attempt n+1), sends once and records the answer.
func (e *Engine) send(ctx context.Context, s Sale, p Provider) (Sale, error) {
	if !e.acquire(s.Ref) {
		return s, errorf(CodeConflict, "sale %s is already being sent", s.Ref)
	}
	defer e.release(s.Ref)
	return e.sendLocked(ctx, s, p)
}

func (e *Engine) sendLocked(ctx context.Context, s Sale, p Provider) (Sale, error) {
	s, err := e.j.Append(Event{Ref: s.Ref, Type: EventSending, At: e.now(), State: StateSending, Attempt: s.Attempts + 1})
	if err != nil {
		return s, wrapJournal(err)
	}
	e.publish(s)
	out := p.Send(ctx, s)
	e.fail("after-answer")
	return e.record(s, EventOutcome, out)
}

// record journals a provider answer as the sale's next state.
func (e *Engine) record(s Sale, typ EventType, out Outcome) (Sale, error) {
	st, err := StateFor(out.Result)
	if err != nil {
		out.Message = "unclassified answer: " + string(out.Result)
		out.Result, st = ResultInDoubt, StateInDoubt
	}
	// Nothing was written this time, but an earlier attempt may have been
	// applied: only a first attempt can end NOT_SENT.
	if st == StateNotSent && (s.Attempts > 1 || s.State != StateSending) {
		st = StateInDoubt
		if s.State == StatePending {
			st = StatePending
		}
	}
	// A failed poll of an accepted asynchronous sale does not make it doubtful.
	if s.State == StatePending && st == StateInDoubt {
		st = StatePending
	}
	if typ == EventChecked && st == s.State {
		// Nothing new: schedule the next look without growing the journal.
		e.flightMu.Lock()
		e.due[s.Ref] = e.now().Add(e.backoff(e.checks[s.Ref] + 1))
		e.flightMu.Unlock()
		return s, nil
	}
	ev := Event{Ref: s.Ref, Type: typ, At: e.now(), State: st, Outcome: &out}
	if !CanTransition(s.State, st) {
		return s, errorf(CodeConflict, "sale %s cannot go from %s to %s", s.Ref, s.State, st)
	}
	if st == StateInDoubt || st == StatePending {
		ev.NextTry = e.now().Add(e.backoff(s.Attempts + e.checkCount(s.Ref)))
	}
	ns, err := e.j.Append(ev)
	if err != nil {
		e.log.Error("could not journal outcome; the sale will be recovered in doubt", "ref", s.Ref, "err", err)
		return s, wrapJournal(err)
	}
	e.log.Info("sale outcome", "ref", s.Ref, "state", st, "code", out.Code, "attempt", ns.Attempts)
	e.publish(ns)
	return e.refundIfDue(ns), nil // tender_issues.go: a failed vend after a paid tender
}

// backoff is the delay before look n (1-based): Backoff·2^(n-1) capped at
// MaxBackoff, with equal jitter (half fixed, half random).
func (e *Engine) backoff(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	d := e.cfg.Backoff
	for i := 1; i < n && d < e.cfg.MaxBackoff; i++ {
		d *= 2
	}
	if d > e.cfg.MaxBackoff {
		d = e.cfg.MaxBackoff
	}
	return d/2 + e.jitter(d/2+1)
}

func (e *Engine) checkCount(ref Reference) int {
	e.flightMu.Lock()
	defer e.flightMu.Unlock()
	return e.checks[ref]
}

func (e *Engine) acquire(ref Reference) bool {
	e.flightMu.Lock()
	defer e.flightMu.Unlock()
	if e.inflight[ref] {
		return false
	}
	e.inflight[ref] = true
	return true
}

func (e *Engine) release(ref Reference) {
	e.flightMu.Lock()
	delete(e.inflight, ref)
	e.flightMu.Unlock()
}

// InFlight reports whether a request for ref is being sent right now.
func (e *Engine) InFlight(ref Reference) bool {
	e.flightMu.Lock()
	defer e.flightMu.Unlock()
	return e.inflight[ref]
}

// Subscribe returns a channel that receives every sale the engine changes,
// and a function to stop receiving. Slow readers miss updates rather than
// block the engine; they should re-read the journal on each message.
func (e *Engine) Subscribe() (<-chan Sale, func()) {
	e.subMu.Lock()
	defer e.subMu.Unlock()
	id := e.nextID
	e.nextID++
	ch := make(chan Sale, 16)
	e.subs[id] = ch
	return ch, func() {
		e.subMu.Lock()
		defer e.subMu.Unlock()
		if c, ok := e.subs[id]; ok {
			delete(e.subs, id)
			close(c)
		}
	}
}

func (e *Engine) publish(s Sale) {
	e.subMu.Lock()
	defer e.subMu.Unlock()
	for _, ch := range e.subs {
		select {
		case ch <- s:
		default:
		}
	}
}

func (e *Engine) poke() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

func wrapJournal(err error) error {
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	return JournalErrorf("journal: %s", err.Error())
}
