package oneflow

import (
	"context"
	"testing"
	"time"

	"till/providers/providertest"
	"till/providers/sandbox"
	"till/sale"
)

func waterOrder(target sale.Target, minor int64) sale.Order {
	return sale.Order{Provider: ProviderName, Kind: sale.KindWater, Target: target, Amount: sale.New(minor, sale.KES)}
}

// TestEngine drives the real Engine over the client and the simulator: a
// normal sale is PENDING then DELIVERED; a lost answer is IN_DOUBT, goes to a
// supervisor without any resend, and was initiated exactly once.
func TestEngine(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{CompleteAfter: -1, HoldMax: 5 * time.Second})
	c := e.client(t, sale.KES, func(o *Options) { o.Timeout = 300 * time.Millisecond })
	eng := sale.NewEngine(sale.Options{Journal: providertest.NewJournal(), Providers: []sale.Provider{c}})
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
