package mpesaflow_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"till/providers"
	"till/providers/mpesaflow"
	"till/providers/providertest"
	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// simServer serves an MpesaFlowSim over real HTTP, mounted as a sandbox
// Server mounts it.
func simServer(t *testing.T) (*sandbox.MpesaFlowSim, *httptest.Server) {
	t.Helper()
	sim := sandbox.NewMpesaFlowSim(sandbox.MpesaFlowOptions{HoldMax: 5 * time.Second, SlowDelay: time.Second})
	mux := http.NewServeMux()
	mux.Handle(sandbox.MpesaFlowPrefix+"/", http.StripPrefix(sandbox.MpesaFlowPrefix, sim))
	mux.Handle("GET /_sandbox/mpesaflow/records", sim)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { sim.Close(); srv.Close() })
	return sim, srv
}

func client(t *testing.T, srv *httptest.Server, key string, timeout time.Duration) *mpesaflow.Client {
	t.Helper()
	c, err := mpesaflow.New(mpesaflow.Options{BaseURL: srv.URL + sandbox.MpesaFlowPrefix, APIKey: providers.Secret(key), Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func tender(ref, receipt string, minor int64) sale.Sale {
	return sale.Sale{
		Ref: sale.Reference(ref), State: sale.StateSending, Attempts: 1,
		CreatedAt: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC),
		Order: sale.Order{
			Provider: mpesaflow.ProviderName, Kind: sale.KindTenderMpesa, Amount: sale.New(minor, sale.KES),
			Params: map[string]string{mpesaflow.ParamReceipt: receipt, mpesaflow.ParamPhone: "+254 712 345 678"},
		},
	}
}

func TestRecordAgainstSimulator(t *testing.T) {
	sim, srv := simServer(t)
	c := client(t, srv, sandbox.MpesaFlowAPIKey, 2*time.Second)
	ctx := context.Background()
	s := tender("S1-T1-mf0001-1", "SBX4DEMO01", 150000)
	out := c.Send(ctx, s)
	if out.Result != sale.ResultDelivered || out.ProviderRef == "" {
		t.Fatalf("%s %s %s", out.Result, out.Code, out.Message)
	}
	// A resend under the same reference returns the same record.
	s.Attempts = 2
	again := c.Send(ctx, s)
	if again.Result != sale.ResultDelivered || again.ProviderRef != out.ProviderRef {
		t.Fatalf("resend: %s %q vs %q", again.Result, again.ProviderRef, out.ProviderRef)
	}
	if sim.Records(string(s.Ref)) != 1 || sim.Requests(string(s.Ref)) != 2 || providertest.Count(t, srv.URL+"/_sandbox/mpesaflow/records?providerReference="+string(s.Ref)) != 1 {
		t.Errorf("records %d requests %d", sim.Records(string(s.Ref)), sim.Requests(string(s.Ref)))
	}
	// The same receipt cannot pay for another sale.
	other := c.Send(ctx, tender("S1-T1-mf0001-2", "SBX4DEMO01", 150000))
	if other.Result != sale.ResultDeclined || other.Code != "receipt_used" {
		t.Errorf("receipt reuse: %s %s %s", other.Result, other.Code, other.Message)
	}
	// A wrong key is refused before anything is recorded.
	bad := client(t, srv, "wrong", 2*time.Second).Send(ctx, tender("S1-T1-mf0001-3", "SBX4DEMO02", 1000))
	if bad.Result != sale.ResultDeclined || bad.Code != "unauthorized" || sim.Records("S1-T1-mf0001-3") != 0 {
		t.Errorf("wrong key: %s %s", bad.Result, bad.Code)
	}
}

// Every applied fault leaves the tender in doubt; the resend the engine
// makes (Settlement is SettleResend) returns the one record.
func TestFaultsAgainstSimulator(t *testing.T) {
	sim, srv := simServer(t)
	ctx := context.Background()
	for i, tr := range sandbox.MpesaFlowTriggers() {
		t.Run(tr.Fault.String(), func(t *testing.T) {
			ref := fmt.Sprintf("S1-T1-mf0002-%d", tr.Cents)
			c := client(t, srv, sandbox.MpesaFlowAPIKey, 300*time.Millisecond)
			s := tender(ref, fmt.Sprintf("SBX4FLT%03d", i), 10000+int64(tr.Cents))
			first := c.Send(ctx, s)
			switch tr.Fault {
			case sandbox.FaultDecline:
				if first.Result != sale.ResultDeclined || sim.Records(ref) != 0 {
					t.Fatalf("decline: %s %s, %d records", first.Result, first.Code, sim.Records(ref))
				}
				return
			case sandbox.FaultSlow:
				// The answer comes after the client gave up.
			}
			if first.Result != sale.ResultInDoubt {
				t.Fatalf("first: %s %s %s", first.Result, first.Code, first.Message)
			}
			if c.Settlement(s) != sale.SettleResend {
				t.Fatalf("settlement %v", c.Settlement(s))
			}
			s.Attempts = 2
			if again := c.Send(ctx, s); again.Result != sale.ResultDelivered {
				t.Fatalf("resend: %s %s %s", again.Result, again.Code, again.Message)
			}
			if n := sim.Records(ref); n != 1 {
				t.Errorf("%d records", n)
			}
		})
	}
}

// Through the real engine and journal: a record whose answer was lost is
// IN_DOUBT; the engine resends it under the same reference and it is
// DELIVERED, recorded once.
func TestEngineSettlesMpesaTenders(t *testing.T) {
	sim, srv := simServer(t)
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: "S1", TerminalID: "T1"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{client(t, srv, sandbox.MpesaFlowAPIKey, 300*time.Millisecond)}})
	ctx := context.Background()
	if _, err := eng.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := eng.Sell(ctx, sale.Order{
		Provider: mpesaflow.ProviderName, Kind: sale.KindTenderMpesa, Amount: sale.New(25091, sale.KES),
		Tender: sale.Tender{Kind: sale.TenderMpesa}, Target: sale.Target{Kind: sale.TargetMobile, Value: "254712345678"},
		Params: map[string]string{mpesaflow.ParamReceipt: "SBX4ENG001"},
	})
	if err != nil || s.State != sale.StateInDoubt {
		t.Fatalf("sell: %s %v", s.State, err)
	}
	s, err = eng.SettleNow(ctx, s.Ref)
	if err != nil || s.State != sale.StateDelivered || s.Attempts != 2 {
		t.Fatalf("settle: %s %v attempts %d: %s", s.State, err, s.Attempts, s.Outcome.Message)
	}
	if sim.Records(string(s.Ref)) != 1 || sim.Requests(string(s.Ref)) != 2 {
		t.Errorf("records %d requests %d", sim.Records(string(s.Ref)), sim.Requests(string(s.Ref)))
	}
}
