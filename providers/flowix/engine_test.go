package flowix_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"till/providers/flowix"
	"till/providers/sandbox"
	"till/sale"
)

// memJournal is a minimal in-memory sale.Journal, so the real Engine can
// settle Flowix sales against the simulator.
type memJournal struct {
	mu    sync.Mutex
	seq   uint64
	evSeq uint64
	sales map[sale.Reference]sale.Sale
	evs   map[sale.Reference][]sale.Event
}

var _ sale.Journal = (*memJournal)(nil)

func newMemJournal() *memJournal {
	return &memJournal{sales: map[sale.Reference]sale.Sale{}, evs: map[sale.Reference][]sale.Event{}}
}

func (j *memJournal) Create(o sale.Order, at time.Time) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	ref, err := sale.NewReference("S1", "T1", "mem001", j.seq)
	if err != nil {
		return sale.Sale{}, err
	}
	return j.apply(sale.Event{Ref: ref, Type: sale.EventCreated, At: at, State: sale.StateNew, Order: &o})
}

func (j *memJournal) Append(e sale.Event) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.apply(e)
}

func (j *memJournal) apply(e sale.Event) (sale.Sale, error) {
	j.evSeq++
	e.Seq = j.evSeq
	s, err := j.sales[e.Ref].Apply(e)
	if err != nil {
		return j.sales[e.Ref], err
	}
	j.sales[e.Ref] = s
	j.evs[e.Ref] = append(j.evs[e.Ref], e)
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
	return append([]sale.Event(nil), j.evs[ref]...), nil
}

func (j *memJournal) Unresolved() ([]sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []sale.Sale
	for _, s := range j.sales {
		if s.State.Unresolved() {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].LastSeq < out[b].LastSeq })
	return out, nil
}

func (j *memJournal) List(sale.Query) ([]sale.Sale, error)     { return nil, nil }
func (j *memJournal) Catalogue(string) (sale.Catalogue, error) { return sale.Catalogue{}, nil }
func (j *memJournal) SaveCatalogue(sale.Catalogue) error       { return nil }

// Sent counts the sale's journaled send attempts.
func (j *memJournal) Sent(ref sale.Reference) int {
	evs, _ := j.Events(ref)
	n := 0
	for _, e := range evs {
		if e.Type == sale.EventSending {
			n++
		}
	}
	return n
}

func newEngine(t *testing.T, e *env, maxAttempts int) (*sale.Engine, *memJournal) {
	t.Helper()
	j := newMemJournal()
	eng := sale.NewEngine(sale.Options{Journal: j, Providers: []sale.Provider{e.c},
		Config: sale.Config{MaxAttempts: maxAttempts, Backoff: time.Millisecond, MaxBackoff: time.Millisecond}})
	if _, err := eng.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	return eng, j
}

func order(kind sale.Kind, product, target string, amount int64, params map[string]string) sale.Order {
	return sale.Order{Provider: flowix.ProviderName, Kind: kind, Product: product, Amount: sale.New(amount, sale.IDR),
		Target: sale.Target{Kind: sale.TargetMobile, Value: target}, Params: params}
}

func settle(t *testing.T, eng *sale.Engine, ref sale.Reference) sale.Sale {
	t.Helper()
	s, err := eng.SettleNow(context.Background(), ref)
	if err != nil {
		t.Fatalf("settle %s: %v", ref, err)
	}
	return s
}

func wantState(t *testing.T, what string, s sale.Sale, st sale.State) {
	t.Helper()
	if s.State != st {
		t.Fatalf("%s: %s (%s %s), want %s", what, s.State, s.Outcome.Code, s.Outcome.Message, st)
	}
}

// The real Engine settles every Flowix fault without a double sale.
func TestEngineSettlesFlowixSales(t *testing.T) {
	ctx := context.Background()

	t.Run("lost answer is queried, never resent", func(t *testing.T) {
		e := newEnv(t, sandbox.FlowixOptions{}, 300*time.Millisecond)
		eng, j := newEngine(t, e, 8)
		s, _ := eng.Sell(ctx, order(sale.KindPulsa, "TSEL10", "081200000091", 10500, nil))
		wantState(t, "sell", s, sale.StateInDoubt)
		wantState(t, "query", settle(t, eng, s.Ref), sale.StatePending)
		e.clock.Advance(4 * time.Second)
		wantState(t, "poll", settle(t, eng, s.Ref), sale.StateDelivered)
		if j.Sent(s.Ref) != 1 || e.sim.Applied(string(s.Ref)) != 1 || e.sim.Requests(string(s.Ref)) != 1 {
			t.Fatalf("sent %d applied %d requests %d", j.Sent(s.Ref), e.sim.Applied(string(s.Ref)), e.sim.Requests(string(s.Ref)))
		}
	})

	t.Run("dropped pulsa is resent after not found", func(t *testing.T) {
		e := newEnv(t, sandbox.FlowixOptions{}, 2*time.Second)
		eng, j := newEngine(t, e, 8)
		s, _ := eng.Sell(ctx, order(sale.KindPulsa, "XL10", "081700000099", 10800, nil))
		wantState(t, "sell", s, sale.StateInDoubt)
		wantState(t, "query says not found", settle(t, eng, s.Ref), sale.StateInDoubt)
		wantState(t, "resend", settle(t, eng, s.Ref), sale.StatePending)
		e.clock.Advance(4 * time.Second)
		wantState(t, "poll", settle(t, eng, s.Ref), sale.StateDelivered)
		if j.Sent(s.Ref) != 2 || e.sim.Applied(string(s.Ref)) != 1 || e.sim.Balance() != sandbox.FlowixStartBalance-10800 {
			t.Fatalf("sent %d applied %d balance %d", j.Sent(s.Ref), e.sim.Applied(string(s.Ref)), e.sim.Balance())
		}
	})

	t.Run("dropped payout is never resent", func(t *testing.T) {
		e := newEnv(t, sandbox.FlowixOptions{}, 2*time.Second)
		eng, j := newEngine(t, e, 3)
		s, _ := eng.Sell(ctx, order(sale.KindPayout, "BCA", "12345678099", 50000, nil))
		wantState(t, "sell", s, sale.StateInDoubt)
		for range 3 {
			s = settle(t, eng, s.Ref)
		}
		wantState(t, "after queries", settle(t, eng, s.Ref), sale.StateNeedsSupervisor)
		if j.Sent(s.Ref) != 1 || e.sim.Applied(string(s.Ref)) != 0 {
			t.Fatalf("sent %d applied %d", j.Sent(s.Ref), e.sim.Applied(string(s.Ref)))
		}
	})

	t.Run("lost deposit goes to a supervisor", func(t *testing.T) {
		e := newEnv(t, sandbox.FlowixOptions{PayDelay: -1}, 300*time.Millisecond)
		eng, j := newEngine(t, e, 8)
		s, _ := eng.Sell(ctx, order(sale.KindDeposit, "", "", 50091, nil))
		wantState(t, "sell", s, sale.StateInDoubt)
		wantState(t, "settle", settle(t, eng, s.Ref), sale.StateNeedsSupervisor)
		if j.Sent(s.Ref) != 1 {
			t.Fatalf("sent %d", j.Sent(s.Ref))
		}
	})

	t.Run("deposit pending then paid", func(t *testing.T) {
		e := newEnv(t, sandbox.FlowixOptions{PayDelay: time.Minute}, 2*time.Second)
		eng, _ := newEngine(t, e, 8)
		s, _ := eng.Sell(ctx, order(sale.KindDeposit, "", "", 100000, map[string]string{flowix.ParamFeeByCustomer: "true"}))
		wantState(t, "sell", s, sale.StatePending)
		if s.PendingID == "" {
			t.Fatal("no DEP reference journaled")
		}
		e.clock.Advance(2 * time.Minute)
		wantState(t, "poll", settle(t, eng, s.Ref), sale.StateDelivered)
	})

	t.Run("bill 5xx is queried by inquiry id", func(t *testing.T) {
		e := newEnv(t, sandbox.FlowixOptions{}, 2*time.Second)
		eng, j := newEngine(t, e, 8)
		b, err := e.c.BillCheck(ctx, "BPJSKS", "0001234567892")
		if err != nil {
			t.Fatal(err)
		}
		total, _ := b.Total()
		s, _ := eng.Sell(ctx, order(sale.KindBill, "BPJSKS", b.CustomerNo, total.Minor, map[string]string{flowix.ParamInquiryID: b.InquiryID}))
		wantState(t, "sell", s, sale.StateInDoubt)
		if s.PendingID != b.InquiryID {
			t.Fatalf("pending id %q", s.PendingID)
		}
		wantState(t, "query", settle(t, eng, s.Ref), sale.StatePending)
		e.clock.Advance(4 * time.Second)
		wantState(t, "poll", settle(t, eng, s.Ref), sale.StateDelivered)
		if j.Sent(s.Ref) != 1 || e.sim.Applied(b.InquiryID) != 1 {
			t.Fatalf("sent %d applied %d", j.Sent(s.Ref), e.sim.Applied(b.InquiryID))
		}
	})
}
