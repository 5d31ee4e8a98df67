package flowix_test

import (
	"context"
	"testing"
	"time"

	"till/providers/flowix"
	"till/providers/providertest"
	"till/providers/sandbox"
	"till/sale"
)

func newEngine(t *testing.T, e *env, maxAttempts int) (*sale.Engine, *providertest.Journal) {
	t.Helper()
	j := providertest.NewJournal()
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
