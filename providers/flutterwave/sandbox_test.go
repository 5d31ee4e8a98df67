package flutterwave_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/providers/flutterwave"
	"till/providers/providertest"
	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// simServer serves a FlutterwaveSim over real HTTP, mounted as a sandbox
// Server mounts it.
func simServer(t *testing.T, opt sandbox.FlutterwaveOptions) (*sandbox.FlutterwaveSim, *httptest.Server) {
	t.Helper()
	sim := sandbox.NewFlutterwaveSim(opt)
	mux := http.NewServeMux()
	mux.Handle(sandbox.FlutterwavePrefix+"/", http.StripPrefix(sandbox.FlutterwavePrefix, sim))
	mux.Handle("GET /_sandbox/flutterwave/charges", sim)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { sim.Close(); srv.Close() })
	return sim, srv
}

func client(t *testing.T, srv *httptest.Server, timeout time.Duration) *flutterwave.Client {
	t.Helper()
	c, err := flutterwave.New(flutterwave.Options{
		BaseURL: srv.URL + sandbox.FlutterwavePrefix, SecretKey: sandbox.FlutterwaveSecretKey, Timeout: timeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func card(ref, token string, minor int64) sale.Sale {
	return sale.Sale{
		Ref: sale.Reference(ref), State: sale.StateSending, Attempts: 1,
		Order: sale.Order{
			Provider: flutterwave.ProviderName, Kind: sale.KindTenderCard, Amount: sale.New(minor, sale.NGN),
			Params:  map[string]string{flutterwave.ParamEmail: "amina.okafor@example.com", flutterwave.ParamFullName: "Amina Okafor"},
			Secrets: map[string]string{flutterwave.SecretToken: token},
		},
	}
}

func TestChargeAgainstSimulator(t *testing.T) {
	_, srv := simServer(t, sandbox.FlutterwaveOptions{})
	c := client(t, srv, 2*time.Second)
	ctx := context.Background()
	tests := []struct {
		ref, token string
		result     sale.Result
		code       string
	}{
		{"S1-T1-sim001-1", sandbox.FlutterwaveTokenOK, sale.ResultDelivered, "successful"},
		{"S1-T1-sim001-2", sandbox.FlutterwaveTokenDeclined, sale.ResultDeclined, "failed"},
		{"S1-T1-sim001-3", sandbox.FlutterwaveTokenExpired, sale.ResultDeclined, "expired_card"},
		{"S1-T1-sim001-4", "flw-t1nf-unknown-m03k", sale.ResultDeclined, "token_not_found"},
		{"S1-T1-sim001-5", sandbox.FlutterwaveToken3DS, sale.ResultPending, "pending"},
	}
	for _, tt := range tests {
		out := c.Send(ctx, card(tt.ref, tt.token, 250050))
		if out.Result != tt.result || out.Code != tt.code {
			t.Errorf("%s: got %s %s (%s), want %s %s", tt.ref, out.Result, out.Code, out.Message, tt.result, tt.code)
		}
	}
	out := c.Send(ctx, card("S1-T1-sim001-6", sandbox.FlutterwaveTokenOK, 250050))
	want := []sale.Item{{Label: flutterwave.LabelCard, Value: "MASTERCARD **** 2950"}}
	if len(out.Items) < 1 || out.Items[0] != want[0] || out.Amount != sale.New(250050, sale.NGN) {
		t.Errorf("items %+v amount %v", out.Items, out.Amount)
	}
}

// The key property: a charge that was made but whose answer was lost is in
// doubt; verifying it by tx_ref finds it successful; the card was charged
// exactly once.
func TestLostAnswerIsVerifiedNotCharged(t *testing.T) {
	sim, srv := simServer(t, sandbox.FlutterwaveOptions{HoldMax: 5 * time.Second, SlowDelay: time.Second})
	ctx := context.Background()
	for _, tr := range sandbox.FlutterwaveTriggers() {
		if tr.Fault == sandbox.FaultDecline || tr.Fault == sandbox.FaultSlow {
			continue
		}
		t.Run(tr.Fault.String(), func(t *testing.T) {
			ref := fmt.Sprintf("S1-T1-lost01-%d", tr.Cents)
			c := client(t, srv, 300*time.Millisecond)
			s := card(ref, sandbox.FlutterwaveTokenOK, 200000+int64(tr.Cents))
			out := c.Send(ctx, s)
			if out.Result != sale.ResultInDoubt {
				t.Fatalf("send: %s %s %s", out.Result, out.Code, out.Message)
			}
			if c.Settlement(s) != sale.SettleQuery {
				t.Fatal("not settled by a query")
			}
			out = c.Check(ctx, s)
			if out.Result != sale.ResultDelivered {
				t.Fatalf("check: %s %s %s", out.Result, out.Code, out.Message)
			}
			if n := sim.Charges(ref); n != 1 {
				t.Errorf("%d charges", n)
			}
			if n := sim.Requests(ref); n != 1 {
				t.Errorf("%d charge requests", n)
			}
			if n := providertest.Count(t, srv.URL+"/_sandbox/flutterwave/charges?tx_ref="+ref); n != 1 {
				t.Errorf("admin says %d charges", n)
			}
		})
	}
}

func TestDuplicateTxRefIsNotChargedTwice(t *testing.T) {
	sim, srv := simServer(t, sandbox.FlutterwaveOptions{})
	c := client(t, srv, 2*time.Second)
	ctx := context.Background()
	s := card("S1-T1-dup001-1", sandbox.FlutterwaveTokenOK, 100000)
	if out := c.Send(ctx, s); out.Result != sale.ResultDelivered {
		t.Fatalf("first: %s %s", out.Result, out.Message)
	}
	s.Attempts = 2
	out := c.Send(ctx, s)
	if out.Result != sale.ResultInDoubt || out.Code != "duplicate_tx_ref" {
		t.Fatalf("second: %s %s %s", out.Result, out.Code, out.Message)
	}
	if n := sim.Charges(string(s.Ref)); n != 1 {
		t.Fatalf("%d charges", n)
	}
	if out := c.Check(ctx, s); out.Result != sale.ResultDelivered {
		t.Fatalf("check: %s %s", out.Result, out.Message)
	}
}

func TestNeverArrivedStaysInDoubt(t *testing.T) {
	_, srv := simServer(t, sandbox.FlutterwaveOptions{})
	c := client(t, srv, 2*time.Second)
	out := c.Check(context.Background(), card("S1-T1-none01-1", sandbox.FlutterwaveTokenOK, 100000))
	if out.Result != sale.ResultInDoubt || out.Code != "not_found" {
		t.Fatalf("%s %s %s", out.Result, out.Code, out.Message)
	}
	_, err := c.VerifyByReference(context.Background(), "S1-T1-none01-1")
	var fe *flutterwave.Error
	if !errors.As(err, &fe) || fe.Code != "not_found" {
		t.Fatalf("%v", err)
	}
}

func TestThreeDSecure(t *testing.T) {
	_, srv := simServer(t, sandbox.FlutterwaveOptions{})
	c := client(t, srv, 2*time.Second)
	ctx := context.Background()
	for _, approve := range []bool{true, false} {
		ref := fmt.Sprintf("S1-T1-3ds001-%v", approve)
		s := card(ref, sandbox.FlutterwaveToken3DS, 500000)
		out := c.Send(ctx, s)
		if out.Result != sale.ResultPending || out.PendingID == "" || len(out.Items) == 0 || out.Items[0].Label != flutterwave.ApprovalLabel {
			t.Fatalf("send: %s %+v", out.Result, out)
		}
		link := out.Items[0].Value
		if !strings.HasPrefix(link, srv.URL+sandbox.FlutterwavePrefix+"/_sandbox/3ds?ref=") {
			t.Fatalf("approval link %q", link)
		}
		if out := c.Check(ctx, s); out.Result != sale.ResultPending {
			t.Fatalf("check before approval: %s", out.Result)
		}
		if !approve {
			link += "&action=decline"
		}
		resp, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("3DS page: %d %s", resp.StatusCode, page)
		}
		want := sale.ResultDelivered
		if !approve {
			want = sale.ResultDeclined
		}
		if out := c.Check(ctx, s); out.Result != want {
			t.Fatalf("check after the 3DS page: %s %s", out.Result, out.Message)
		}
	}
}

func TestUpdateTokenAgainstSimulator(t *testing.T) {
	_, srv := simServer(t, sandbox.FlutterwaveOptions{})
	c := client(t, srv, 2*time.Second)
	ctx := context.Background()
	if err := c.UpdateToken(ctx, sandbox.FlutterwaveTokenOK, "amina@example.org", "Amina O. Okafor", "08031234567"); err != nil {
		t.Fatal(err)
	}
	c.Send(ctx, card("S1-T1-tok001-1", sandbox.FlutterwaveTokenOK, 100000))
	got, err := c.VerifyByReference(ctx, "S1-T1-tok001-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Customer.Email != "amina@example.org" || got.Customer.Name != "Amina O. Okafor" || got.Customer.Phone != "08031234567" {
		t.Errorf("customer %+v", got.Customer)
	}
	var fe *flutterwave.Error
	if err := c.UpdateToken(ctx, "flw-t1nf-nosuch-m03k", "a@example.com", "", ""); !errors.As(err, &fe) || fe.Code != "token_not_found" {
		t.Errorf("unknown token: %v", err)
	}
}

func TestBulkAgainstSimulator(t *testing.T) {
	_, srv := simServer(t, sandbox.FlutterwaveOptions{BulkStep: 20 * time.Millisecond})
	c := client(t, srv, 2*time.Second)
	ctx := context.Background()
	items := []flutterwave.BulkItem{
		{Token: sandbox.FlutterwaveTokenOK, Email: "a@example.com", Amount: sale.New(350000, sale.NGN), TxRef: "BULK-1-a"},
		{Token: sandbox.FlutterwaveTokenDeclined, Email: "b@example.com", Amount: sale.New(300050, sale.NGN), TxRef: "BULK-1-b"},
		{Token: sandbox.FlutterwaveTokenOK, Email: "c@example.com", Amount: sale.New(1234, sale.KES), TxRef: "BULK-1-c"},
	}
	bc, err := c.BulkCharge(ctx, "June subscriptions", flutterwave.RetryStrategy{Interval: 120, AmountVariable: 60, AttemptVariable: 2}, items)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var st flutterwave.BulkStatus
	for {
		st, err = c.BulkStatus(ctx, bc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Pending == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if st.Total != 3 || st.Processed != 3 || st.Title != "June subscriptions" {
		t.Fatalf("status %+v", st)
	}
	txs, err := c.BulkTransactions(ctx, bc.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]flutterwave.Transaction{}
	for _, x := range txs {
		got[x.TxRef] = x
	}
	if a := got["BULK-1-a"]; a.Status != "successful" || a.Amount != sale.New(350000, sale.NGN) || a.AppFee != sale.New(4900, sale.NGN) ||
		a.AmountSettled != sale.New(345100, sale.NGN) {
		t.Errorf("a: %+v", a)
	}
	if b := got["BULK-1-b"]; b.Status != "failed" || b.Amount != sale.New(300050, sale.NGN) {
		t.Errorf("b: %+v", b)
	}
	if c := got["BULK-1-c"]; c.Status != "successful" || c.Amount != sale.New(1234, sale.KES) {
		t.Errorf("c: %+v", c)
	}
	// Sending the same items again charges nothing twice.
	_, err = c.BulkCharge(ctx, "again", flutterwave.RetryStrategy{}, items[:1])
	var fe *flutterwave.Error
	if !errors.As(err, &fe) || fe.Result != sale.ResultInDoubt || fe.Code != "duplicate_tx_ref" {
		t.Errorf("repeat bulk: %v", err)
	}
	if _, err := c.BulkStatus(ctx, 99999); !errors.As(err, &fe) || fe.Code != "http_404" {
		t.Errorf("unknown bulk: %v", err)
	}
	// A bulk in doubt is never resent by the client; invalid ones are not sent.
	if _, err := c.BulkCharge(ctx, "bad", flutterwave.RetryStrategy{}, []flutterwave.BulkItem{items[0], items[0]}); !errors.As(err, &fe) || fe.Result != sale.ResultNotSent {
		t.Errorf("duplicate items: %v", err)
	}
}

// Through the real engine and journal: the lost answer leaves the card
// tender IN_DOUBT; settling it verifies by tx_ref and finds it DELIVERED;
// the card was charged once. A 3-D Secure charge waits PENDING until the
// customer approves it.
func TestEngineSettlesCardTenders(t *testing.T) {
	sim, srv := simServer(t, sandbox.FlutterwaveOptions{HoldMax: 5 * time.Second})
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: "S1", TerminalID: "T1"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{client(t, srv, 300*time.Millisecond)}})
	ctx := context.Background()
	if _, err := eng.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	order := func(token string, minor int64) sale.Order {
		return sale.Order{
			Provider: flutterwave.ProviderName, Kind: sale.KindTenderCard, Amount: sale.New(minor, sale.NGN),
			Tender: sale.Tender{Kind: sale.TenderCard},
			Params: map[string]string{flutterwave.ParamEmail: "amina.okafor@example.com"}, Secrets: map[string]string{flutterwave.SecretToken: token},
		}
	}
	s, err := eng.Sell(ctx, order(sandbox.FlutterwaveTokenOK, 200091))
	if err != nil || s.State != sale.StateInDoubt {
		t.Fatalf("sell: %s %v", s.State, err)
	}
	s, err = eng.SettleNow(ctx, s.Ref)
	if err != nil || s.State != sale.StateDelivered {
		t.Fatalf("settle: %s %v %s", s.State, err, s.Outcome.Message)
	}
	if n := sim.Charges(string(s.Ref)); n != 1 {
		t.Fatalf("%d charges", n)
	}

	s, err = eng.Sell(ctx, order(sandbox.FlutterwaveToken3DS, 100000))
	if err != nil || s.State != sale.StatePending || s.PendingID == "" {
		t.Fatalf("3DS sell: %s %v", s.State, err)
	}
	if s, _ = eng.SettleNow(ctx, s.Ref); s.State != sale.StatePending {
		t.Fatalf("before approval: %s", s.State)
	}
	resp, err := http.Get(s.Outcome.Items[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s, _ = eng.SettleNow(ctx, s.Ref); s.State != sale.StateDelivered {
		t.Fatalf("after approval: %s %s", s.State, s.Outcome.Message)
	}
}
