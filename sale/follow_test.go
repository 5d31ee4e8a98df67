package sale_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"till/sale"
)

// TestFollow: Engine.Follow asks the provider (a status query, never a
// new request) until the sale settles; it returns at once when the sale is
// not worth asking about or the caller gives up, and sends nothing itself.
func TestFollow(t *testing.T) {
	b := newBackend(func(sale.Reference) fault { return failedBefore })
	b.settlement = sale.SettleQuery
	clk := &clock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	j := openJournal(t, filepath.Join(t.TempDir(), "journal.db"))
	defer j.Close()
	e := newEngine(t, j, b, clk)
	s, err := e.Sell(context.Background(), order("27821111111"))
	if err != nil || s.State != sale.StateInDoubt {
		t.Fatalf("sell: %s %v", s.State, err)
	}
	inDoubt := func(s sale.Sale) bool { return s.State == sale.StateInDoubt }

	// Not worth asking: back at once, nothing asked.
	if got := e.Follow(context.Background(), s, time.Minute, func(sale.Sale) bool { return false }, nil); got.State != sale.StateInDoubt || b.checks != 0 {
		t.Fatalf("not open: %s, %d checks", got.State, b.checks)
	}
	// The caller gives up: back with the sale as it was.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := e.Follow(ctx, s, time.Minute, inDoubt, nil); got.State != sale.StateInDoubt || b.checks != 0 {
		t.Fatalf("cancelled: %s, %d checks", got.State, b.checks)
	}
	// The provider says delivered on its status query: followed to the end.
	b.mu.Lock()
	b.checkOut = sale.Outcome{Result: sale.ResultDelivered, ProviderRef: "T1"}
	b.mu.Unlock()
	var told []error
	got := e.Follow(context.Background(), s, time.Minute, inDoubt, func(err error) { told = append(told, err) })
	if got.State != sale.StateDelivered || b.checks != 1 || len(told) != 0 {
		t.Fatalf("followed: %s, %d checks, told %v", got.State, b.checks, told)
	}
	if n := b.sends[s.Ref]; n != 1 {
		t.Fatalf("sent %d times: following never sends", n)
	}
}
