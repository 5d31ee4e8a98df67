package oneflow

import (
	"context"
	"sync"
	"testing"
	"time"

	"till/providers/sandbox"
	"till/sale"
)

// memJournal is a minimal in-memory sale.Journal, enough to drive the
// Engine over the client and the simulator.
type memJournal struct {
	mu     sync.Mutex
	seq    uint64
	sales  map[sale.Reference]sale.Sale
	events map[sale.Reference][]sale.Event
	order  []sale.Reference
}

func newMemJournal() *memJournal {
	return &memJournal{sales: map[sale.Reference]sale.Sale{}, events: map[sale.Reference][]sale.Event{}}
}

func (j *memJournal) Create(o sale.Order, at time.Time) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	ref, err := sale.NewReference("STORE1", "TILL1", "abcd", j.seq+1)
	if err != nil {
		return sale.Sale{}, err
	}
	j.order = append(j.order, ref)
	return j.appendLocked(sale.Event{Ref: ref, Type: sale.EventCreated, At: at, State: sale.StateNew, Order: &o})
}

func (j *memJournal) Append(e sale.Event) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.appendLocked(e)
}

func (j *memJournal) appendLocked(e sale.Event) (sale.Sale, error) {
	j.seq++
	e.Seq = j.seq
	s, err := j.sales[e.Ref].Apply(e)
	if err != nil {
		j.seq--
		return j.sales[e.Ref], err
	}
	j.sales[e.Ref] = s
	j.events[e.Ref] = append(j.events[e.Ref], e)
	return s, nil
}

func (j *memJournal) Sale(ref sale.Reference) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	s, ok := j.sales[ref]
	if !ok {
		return s, sale.Errorf(sale.CodeNotFound, "no sale %s", ref)
	}
	return s, nil
}

func (j *memJournal) Events(ref sale.Reference) ([]sale.Event, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]sale.Event(nil), j.events[ref]...), nil
}

func (j *memJournal) Unresolved() ([]sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []sale.Sale
	for _, ref := range j.order {
		if s := j.sales[ref]; s.State.Unresolved() {
			out = append(out, s)
		}
	}
	return out, nil
}

func (j *memJournal) List(sale.Query) ([]sale.Sale, error)     { return nil, nil }
func (j *memJournal) Catalogue(string) (sale.Catalogue, error) { return sale.Catalogue{}, nil }
func (j *memJournal) SaveCatalogue(sale.Catalogue) error       { return nil }
func waterOrder(target sale.Target, minor int64) sale.Order {
	return sale.Order{Provider: ProviderName, Kind: sale.KindWater, Target: target, Amount: sale.New(minor, sale.KES)}
}

// TestEngine drives the real Engine over the client and the simulator: a
// normal sale is PENDING then DELIVERED; a lost answer is IN_DOUBT, goes to a
// supervisor without any resend, and was initiated exactly once.
func TestEngine(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{CompleteAfter: -1, HoldMax: 5 * time.Second})
	c := e.client(t, sale.KES, func(o *Options) { o.Timeout = 300 * time.Millisecond })
	eng := sale.NewEngine(sale.Options{Journal: newMemJournal(), Providers: []sale.Provider{c}})
	ctx := context.Background()
	if _, err := eng.Recover(ctx); err != nil {
		t.Fatal(err)
	}

	s, err := eng.Sell(ctx, waterOrder(device("68753500140920"), 10050))
	if err != nil || s.State != sale.StatePending || s.PendingID == "" {
		t.Fatalf("Sell = %+v, %v", s, err)
	}
	s, err = eng.SettleNow(ctx, s.Ref)
	if err != nil || s.State != sale.StateDelivered || s.Outcome.Amount != sale.New(10050, sale.KES) {
		t.Fatalf("settled = %+v, %v", s, err)
	}

	lost := "68753500900091"
	s, err = eng.Sell(ctx, waterOrder(device(lost), 5000))
	if err != nil || s.State != sale.StateInDoubt {
		t.Fatalf("Sell with a lost answer = %+v, %v", s, err)
	}
	if _, err := eng.Sell(ctx, waterOrder(device(lost), 5000)); sale.ErrorCode(err) != sale.CodeUnresolved {
		t.Errorf("a second sale to the same device while one is in doubt: %v", err)
	}
	for range 3 {
		s, _ = eng.SettleNow(ctx, s.Ref)
	}
	if s.State != sale.StateNeedsSupervisor || s.Attempts != 1 {
		t.Errorf("after settling: %s after %d attempts, want NEEDS_SUPERVISOR after 1", s.State, s.Attempts)
	}
	if n := e.sim.Recharges(lost); n != 1 {
		t.Errorf("%d recharges of the lost-answer device, want exactly 1", n)
	}
}
