package flutterwave_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"till/keys"
	"till/providers/flutterwave"
	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// A bulk card charge is a sale like any other: the engine journals it
// (tokens in the order's secrets), sends it once and classifies the answer.
// Accepted ⇒ delivered with the bulk id; a 503 ⇒ in doubt, and the resolver
// never sends it again (a supervisor settles it after looking at the
// bulk's transactions).
func TestBulkChargeThroughTheEngine(t *testing.T) {
	_, srv := simServer(t, sandbox.FlutterwaveOptions{})
	rows := []flutterwave.BulkRow{{Line: 2, Customer: "C1", Email: "amina.okafor@example.com", Amount: sale.New(150000, sale.NGN)}}
	o, err := flutterwave.BulkOrder("March accounts", "thandi", rows, []string{sandbox.FlutterwaveTokenOK})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := store.Open(path, store.Options{StoreID: "S1", TerminalID: "T1", KeyFile: filepath.Join(t.TempDir(), keys.FileName)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{client(t, srv, 2*time.Second)}})
	ctx := context.Background()
	if _, err := eng.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := eng.Sell(ctx, o)
	if err != nil || s.State != sale.StateDelivered || s.Outcome.ProviderRef == "" {
		t.Fatalf("bulk: %s %v %+v", s.State, err, s.Outcome)
	}
	got, err := flutterwave.BulkRows(s)
	if err != nil || len(got) != 1 || got[0].TxRef != string(s.Ref)+"-1" || got[0].Amount != rows[0].Amount {
		t.Fatalf("rows: %+v %v", got, err)
	}

	// A server that fails after the request reached it.
	var posts atomic.Int32
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		http.Error(w, "upstream", http.StatusServiceUnavailable)
	}))
	defer bad.Close()
	eng2 := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{client(t, bad, 2*time.Second)}, Config: sale.Config{Backoff: time.Millisecond}})
	if _, err := eng2.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	o2, _ := flutterwave.BulkOrder("April accounts", "thandi", rows, []string{sandbox.FlutterwaveTokenOK})
	s2, err := eng2.Sell(ctx, o2)
	if err != nil || s2.State != sale.StateInDoubt {
		t.Fatalf("503: %s %v", s2.State, err)
	}
	for range 3 {
		if _, err := eng2.ResolveAll(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := posts.Load(); n != 1 {
		t.Fatalf("the bulk was posted %d times: a bulk in doubt is never resent", n)
	}
	if s2, _ = db.Sale(s2.Ref); s2.State != sale.StateNeedsSupervisor {
		t.Fatalf("after the resolver: %s, want it handed to a supervisor", s2.State)
	}
	db.Close()
	// The card tokens are journaled sealed, never in clear.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(sandbox.FlutterwaveTokenOK)) {
		t.Fatal("a card token is in the journal file in clear")
	}
}
