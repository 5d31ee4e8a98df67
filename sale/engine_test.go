package sale_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"till/sale"
	"till/store"
)

// fault is what the scripted backend does with one request.
type fault int

const (
	ok           fault = iota // apply (once) and answer
	lostAfter                 // apply, then the answer is lost (timeout)
	failedBefore              // 5xx before applying: in doubt, not applied
	notSent                   // dial failure: nothing written
	decline                   // definitive decline (only if not yet applied)
)

// backend is an idempotent provider in the style of Flash: a repeat of a
// reference returns the original answer and never applies twice.
type backend struct {
	mu         sync.Mutex
	applied    map[sale.Reference]int
	declined   map[sale.Reference]bool
	sends      map[sale.Reference]int
	settlement sale.Settlement
	next       func(ref sale.Reference) fault
	concurrent int32
	maxConc    int32
	delay      time.Duration
	checks     int
	checkOut   sale.Outcome
}

func newBackend(next func(sale.Reference) fault) *backend {
	return &backend{applied: map[sale.Reference]int{}, declined: map[sale.Reference]bool{}, sends: map[sale.Reference]int{}, settlement: sale.SettleResend, next: next}
}

func (b *backend) Name() string { return "scripted" }

func (b *backend) Send(ctx context.Context, s sale.Sale) sale.Outcome {
	c := atomic.AddInt32(&b.concurrent, 1)
	defer atomic.AddInt32(&b.concurrent, -1)
	for {
		m := atomic.LoadInt32(&b.maxConc)
		if c <= m || atomic.CompareAndSwapInt32(&b.maxConc, m, c) {
			break
		}
	}
	if b.delay > 0 {
		time.Sleep(b.delay)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sends[s.Ref]++
	f := b.next(s.Ref)
	if f == notSent {
		return sale.Outcome{Result: sale.ResultNotSent, Code: "dial"}
	}
	if f == failedBefore {
		return sale.Outcome{Result: sale.ResultInDoubt, Code: "http_503"}
	}
	if b.declined[s.Ref] {
		return sale.Outcome{Result: sale.ResultDeclined, Code: "1003", Message: "declined"}
	}
	if b.applied[s.Ref] == 0 {
		if f == decline {
			b.declined[s.Ref] = true
			return sale.Outcome{Result: sale.ResultDeclined, Code: "1003", Message: "declined"}
		}
		b.applied[s.Ref]++
	}
	if f == lostAfter {
		return sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout"}
	}
	return sale.Outcome{Result: sale.ResultDelivered, ProviderRef: "T-" + string(s.Ref), Items: []sale.Item{{Label: "Network", Value: "Vodacom"}}}
}

func (b *backend) Check(ctx context.Context, s sale.Sale) sale.Outcome {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.checks++
	if b.checkOut.Result != "" {
		return b.checkOut
	}
	return sale.Outcome{Result: sale.ResultInDoubt, Code: "no_query"}
}

func (b *backend) Settlement(sale.Sale) sale.Settlement { return b.settlement }
func (b *backend) Window() time.Duration                { return 0 }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openJournal(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{StoreID: "S1", TerminalID: "T1", Location: time.UTC})
	if err != nil {
		t.Fatalf("open journal: %v", err)
	}
	return db
}

func newEngine(t testing.TB, j sale.Journal, b *backend, clk *clock) *sale.Engine {
	t.Helper()
	e := sale.NewEngine(sale.Options{
		Journal: j, Providers: []sale.Provider{b}, Now: clk.Now,
		Jitter: func(time.Duration) time.Duration { return 0 },
		Config: sale.Config{MaxAttempts: 5, Backoff: time.Second, MaxBackoff: 8 * time.Second},
	})
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatalf("recover: %v", err)
	}
	return e
}

func order(target string) sale.Order {
	return sale.Order{Provider: "scripted", Kind: sale.KindAirtime, Product: "1", ProductName: "Vodacom",
		Target: sale.Target{Kind: sale.TargetMobile, Value: target}, Amount: sale.New(1000, sale.ZAR)}
}

func always(f fault) func(sale.Reference) fault { return func(sale.Reference) fault { return f } }

func seq(fs ...fault) func(sale.Reference) fault {
	i := 0
	return func(sale.Reference) fault {
		f := fs[len(fs)-1]
		if i < len(fs) {
			f = fs[i]
		}
		i++
		return f
	}
}

func eventTypes(t *testing.T, j sale.Journal, ref sale.Reference) []string {
	t.Helper()
	evs, err := j.Events(ref)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		out = append(out, fmt.Sprintf("%s:%s", e.Type, e.State))
	}
	return out
}

func TestSellDeliveredJournalsBeforeSending(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	var seenState sale.State
	b := newBackend(always(ok))
	// The provider must find the sale already journaled as SENDING.
	wrapped := &peek{backend: b, j: j, seen: &seenState}
	e := sale.NewEngine(sale.Options{Journal: j, Providers: []sale.Provider{wrapped}, Now: clk.Now})
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	s, err := e.Sell(context.Background(), order("27821234567"))
	if err != nil {
		t.Fatal(err)
	}
	if s.State != sale.StateDelivered || s.Attempts != 1 || s.ProviderRef == "" {
		t.Fatalf("sale = %+v", s)
	}
	if seenState != sale.StateSending {
		t.Fatalf("provider saw the sale journaled as %q, want SENDING", seenState)
	}
	want := []string{"created:NEW", "sending:SENDING", "outcome:DELIVERED"}
	if got := eventTypes(t, j, s.Ref); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	if s.Ref != "S1-T1-"+sale.Reference(mustTag(t, j))+"-1" {
		t.Fatalf("reference = %s", s.Ref)
	}
}

func hasTarget(open []sale.Sale, target string) bool {
	for _, s := range open {
		if s.Order.Target.Value == target {
			return true
		}
	}
	return false
}

type peek struct {
	*backend
	j    sale.Journal
	seen *sale.State
}

func (p *peek) Send(ctx context.Context, s sale.Sale) sale.Outcome {
	cur, _ := p.j.Sale(s.Ref)
	*p.seen = cur.State
	return p.backend.Send(ctx, s)
}

func mustTag(t *testing.T, j *store.DB) string {
	_, _, tag := j.Identity()
	return tag
}

func TestDeclinedIsFinal(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	e := newEngine(t, j, newBackend(always(decline)), clk)
	s, err := e.Sell(context.Background(), order("27821234567"))
	if err != nil || s.State != sale.StateDeclined {
		t.Fatalf("sale %+v err %v", s, err)
	}
	if open, _ := e.Unresolved(); len(open) != 0 {
		t.Fatalf("declined sale is unresolved: %+v", open)
	}
	// A declined sale does not block the next sale to the same number.
	if _, err := e.Sell(context.Background(), order("27821234567")); err != nil {
		t.Fatal(err)
	}
}

func TestLostAnswerIsInDoubtThenResentWithSameReference(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	b := newBackend(seq(lostAfter, ok))
	e := newEngine(t, j, b, clk)
	s, err := e.Sell(context.Background(), order("27821234567"))
	if err != nil {
		t.Fatal(err)
	}
	if s.State != sale.StateInDoubt {
		t.Fatalf("state %s, want IN_DOUBT", s.State)
	}
	if s.NextTry.IsZero() || !s.NextTry.After(clk.Now()) {
		t.Fatalf("next try %v not scheduled after now", s.NextTry)
	}
	// The guard refuses another sale to the same number while in doubt.
	_, err = e.Sell(context.Background(), order("27821234567"))
	if sale.ErrorCode(err) != sale.CodeUnresolved {
		t.Fatalf("second sale to the same number: err %v, want unresolved", err)
	}
	all, _ := j.List(sale.Query{})
	if len(all) != 1 {
		t.Fatalf("the refused sale was journaled: %d sales", len(all))
	}
	res, err := e.ResolveAll(context.Background())
	if err != nil || len(res) != 1 {
		t.Fatalf("resolve: %v %v", res, err)
	}
	if res[0].State != sale.StateDelivered || res[0].Ref != s.Ref || res[0].Attempts != 2 {
		t.Fatalf("after resolve: %+v", res[0])
	}
	if b.applied[s.Ref] != 1 || b.sends[s.Ref] != 2 {
		t.Fatalf("applied %d times in %d sends", b.applied[s.Ref], b.sends[s.Ref])
	}
}

func TestNotSentOnlyOnFirstAttempt(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	e := newEngine(t, j, newBackend(seq(notSent)), clk)
	s, _ := e.Sell(context.Background(), order("27821234567"))
	if s.State != sale.StateNotSent {
		t.Fatalf("state %s, want NOT_SENT", s.State)
	}
	e2 := newEngine(t, j, newBackend(seq(lostAfter, notSent)), clk)
	s, _ = e2.Sell(context.Background(), order("27831234567"))
	s, _ = e2.SettleNow(context.Background(), s.Ref)
	if s.State != sale.StateInDoubt {
		t.Fatalf("a resend that was not sent left the sale %s; the first attempt may have applied, want IN_DOUBT", s.State)
	}
}

func TestRecoverTurnsCrashLeftoversInDoubt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	j := openJournal(t, path)
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	a, err := j.Create(order("27821234567"), clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	bs, _ := j.Create(order("27831234567"), clk.Now())
	if _, err := j.Append(sale.Event{Ref: bs.Ref, Type: sale.EventSending, State: sale.StateSending, Attempt: 1, At: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j = openJournal(t, path)
	defer j.Close()
	b := newBackend(always(ok))
	e := sale.NewEngine(sale.Options{Journal: j, Providers: []sale.Provider{b}, Now: clk.Now})
	if _, err := e.Sell(context.Background(), order("27841234567")); sale.ErrorCode(err) != sale.CodeUnavailable {
		t.Fatalf("sell before recovery: %v", err)
	}
	n, err := e.Recover(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("recovered %d, %v", n, err)
	}
	for _, ref := range []sale.Reference{a.Ref, bs.Ref} {
		s, _ := j.Sale(ref)
		if s.State != sale.StateInDoubt {
			t.Fatalf("%s is %s after recovery", ref, s.State)
		}
	}
	res, _ := e.ResolveAll(context.Background())
	for _, s := range res {
		if s.State != sale.StateDelivered || b.applied[s.Ref] != 1 {
			t.Fatalf("%s: %s applied %d", s.Ref, s.State, b.applied[s.Ref])
		}
	}
}

func TestEscalatesAfterMaxAttemptsAndWindow(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	b := newBackend(always(failedBefore))
	e := newEngine(t, j, b, clk)
	s, _ := e.Sell(context.Background(), order("27821234567"))
	for i := 0; i < 10; i++ {
		s, _ = e.SettleNow(context.Background(), s.Ref)
	}
	if s.State != sale.StateNeedsSupervisor || s.Attempts != 5 {
		t.Fatalf("after many failures: %s after %d attempts, want NEEDS_SUPERVISOR after 5", s.State, s.Attempts)
	}
	if _, err := e.Supervise(s.Ref, true, "", "sup1"); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Fatalf("settlement without a note: %v", err)
	}
	s, err := e.Supervise(s.Ref, false, "customer's phone shows no recharge", "sup1")
	if err != nil || s.State != sale.StateDeclined {
		t.Fatalf("supervise: %+v %v", s, err)
	}

	// Window: a sale older than 90% of the window is not resent.
	b2 := newBackend(seq(lostAfter, ok))
	e2 := newEngine(t, j, b2, clk)
	s2, _ := e2.Sell(context.Background(), order("27831234567"))
	clk.Add(22 * time.Hour)
	s2, _ = e2.SettleNow(context.Background(), s2.Ref)
	if s2.State != sale.StateNeedsSupervisor || b2.sends[s2.Ref] != 1 {
		t.Fatalf("resent near the end of the window: %s after %d sends", s2.State, b2.sends[s2.Ref])
	}
}

func TestSupervisorSettlementAndQuery(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	b := newBackend(always(lostAfter))
	b.settlement = sale.SettleSupervisor
	e := newEngine(t, j, b, clk)
	s, _ := e.Sell(context.Background(), order("27821234567"))
	s, _ = e.SettleNow(context.Background(), s.Ref)
	if s.State != sale.StateNeedsSupervisor || b.sends[s.Ref] != 1 {
		t.Fatalf("no-resend provider: %s after %d sends", s.State, b.sends[s.Ref])
	}

	q := newBackend(always(lostAfter))
	q.settlement = sale.SettleQuery
	e2 := newEngine(t, j, q, clk)
	s2, _ := e2.Sell(context.Background(), order("27831234567"))
	n := len(eventTypes(t, j, s2.Ref))
	s2, _ = e2.SettleNow(context.Background(), s2.Ref) // query says nothing new
	if s2.State != sale.StateInDoubt || len(eventTypes(t, j, s2.Ref)) != n {
		t.Fatalf("an unchanged status query grew the journal or changed state: %s", s2.State)
	}
	q.checkOut = sale.Outcome{Result: sale.ResultDelivered, ProviderRef: "X1"}
	s2, _ = e2.SettleNow(context.Background(), s2.Ref)
	if s2.State != sale.StateDelivered || q.sends[s2.Ref] != 1 || s2.ProviderRef != "X1" {
		t.Fatalf("query settle: %s sends %d", s2.State, q.sends[s2.Ref])
	}
}

func TestOneRequestInFlightPerReference(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	b := newBackend(seq(lostAfter, lostAfter, lostAfter, lostAfter, ok))
	e := newEngine(t, j, b, clk)
	s, _ := e.Sell(context.Background(), order("27821234567"))
	b.delay = 20 * time.Millisecond
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); e.SettleNow(context.Background(), s.Ref) }()
	}
	wg.Wait()
	if b.maxConc != 1 {
		t.Fatalf("%d requests for one reference were in flight at once", b.maxConc)
	}
	evs, _ := j.Events(s.Ref)
	attempts := 0
	for _, ev := range evs {
		if ev.Type == sale.EventSending {
			attempts++
		}
	}
	if attempts != b.sends[s.Ref] {
		t.Fatalf("%d sends but %d journaled attempts", b.sends[s.Ref], attempts)
	}
}

func TestResolverRunSettlesInBackground(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	b := newBackend(seq(lostAfter, ok))
	e := sale.NewEngine(sale.Options{Journal: j, Providers: []sale.Provider{b},
		Config: sale.Config{Backoff: time.Millisecond, MaxBackoff: time.Millisecond, Tick: time.Millisecond}})
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	updates, stop := e.Subscribe()
	defer stop()
	s, _ := e.Sell(context.Background(), order("27821234567"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Run(ctx); close(done) }()
	deadline := time.After(10 * time.Second)
	for s.State != sale.StateDelivered {
		select {
		case u := <-updates:
			if u.Ref == s.Ref {
				s = u
			}
		case <-deadline:
			t.Fatalf("resolver did not settle the sale: %s", s.State)
		}
	}
	cancel()
	<-done
	if b.applied[s.Ref] != 1 {
		t.Fatalf("applied %d times", b.applied[s.Ref])
	}
}

// TestPropertyNoOrderAppliedTwice drives random provider outcomes and random
// restarts (a fresh engine on the reopened journal, as after a crash) and
// checks that no order is ever applied twice, and that once the provider
// answers again every applied order ends DELIVERED and every unapplied one
// does not.
func TestPropertyNoOrderAppliedTwice(t *testing.T) {
	for round := 0; round < 40; round++ {
		rng := rand.New(rand.NewPCG(uint64(round), 7))
		path := filepath.Join(t.TempDir(), "j.db")
		clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
		b := newBackend(func(sale.Reference) fault { return fault(rng.IntN(5)) })
		j := openJournal(t, path)
		e := newEngine(t, j, b, clk)
		for step := 0; step < 30; step++ {
			switch rng.IntN(5) {
			case 4: // crash mid-send: journaled SENDING, maybe applied, answer never recorded
				o := order(fmt.Sprintf("2783%07d", rng.IntN(6)))
				if open, _ := e.Unresolved(); hasTarget(open, o.Target.Value) {
					continue
				}
				s, err := j.Create(o, clk.Now())
				if err != nil {
					t.Fatal(err)
				}
				if _, err := j.Append(sale.Event{Ref: s.Ref, Type: sale.EventSending, State: sale.StateSending, Attempt: 1, At: clk.Now()}); err != nil {
					t.Fatal(err)
				}
				if rng.IntN(2) == 0 {
					b.mu.Lock()
					b.applied[s.Ref]++
					b.mu.Unlock()
				}
				j.Close()
				j = openJournal(t, path)
				e = newEngine(t, j, b, clk)
			case 0, 1:
				_, _ = e.Sell(context.Background(), order(fmt.Sprintf("2782%07d", rng.IntN(6))))
			case 2:
				clk.Add(time.Minute)
				_, _ = e.ResolveAll(context.Background())
			case 3: // crash and restart
				j.Close()
				j = openJournal(t, path)
				e = newEngine(t, j, b, clk)
			}
			for ref, n := range b.applied {
				if n > 1 {
					t.Fatalf("round %d: %s applied %d times", round, ref, n)
				}
			}
		}
		// The provider recovers: settle everything.
		b.next = always(ok)
		for i := 0; i < 10; i++ {
			_, _ = e.ResolveAll(context.Background())
		}
		all, err := j.List(sale.Query{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range all {
			applied := b.applied[s.Ref] == 1
			switch s.State {
			case sale.StateDelivered:
				if !applied {
					t.Fatalf("round %d: %s DELIVERED but never applied", round, s.Ref)
				}
			case sale.StateDeclined, sale.StateNotSent:
				if applied {
					t.Fatalf("round %d: %s is %s but was applied", round, s.Ref, s.State)
				}
			case sale.StateNeedsSupervisor:
				// Handed over after MaxAttempts: allowed, but must not be applied twice.
			default:
				t.Fatalf("round %d: %s left %s after the provider recovered", round, s.Ref, s.State)
			}
		}
		j.Close()
	}
}

// catalogued is a backend with a product list.
type catalogued struct {
	*backend
	fail bool
}

func (c *catalogued) Products(context.Context) ([]sale.Product, error) {
	if c.fail {
		return nil, fmt.Errorf("offline")
	}
	return []sale.Product{{Provider: "scripted", Code: "1", Name: "Vodacom", Kind: sale.KindAirtime, Active: true}}, nil
}

func TestRefreshCataloguesKeepsTheCacheWhenOffline(t *testing.T) {
	j := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	defer j.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	p := &catalogued{backend: newBackend(always(ok))}
	e := sale.NewEngine(sale.Options{Journal: j, Providers: []sale.Provider{p}, Now: clk.Now})
	if err := e.RefreshCatalogues(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.fail = true
	clk.Add(time.Hour)
	if err := e.RefreshCatalogues(context.Background()); err == nil {
		t.Fatal("an offline refresh reported no error")
	}
	cat, err := j.Catalogue("scripted")
	if err != nil || len(cat.Products) != 1 || !cat.FetchedAt.Equal(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("cache after an offline refresh: %+v %v", cat, err)
	}
}
