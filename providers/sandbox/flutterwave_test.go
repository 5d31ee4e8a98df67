package sandbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"till/providers/flutterwave"
	"till/providers/mpesaflow"
	"till/sale"
)

func TestFlutterwaveSimValidationAndAuth(t *testing.T) {
	srv := httptest.NewServer(http.StripPrefix(FlutterwavePrefix, NewFlutterwaveSim(FlutterwaveOptions{})))
	defer srv.Close()
	u := srv.URL + FlutterwavePrefix + "/tokenized-charges"
	good := `{"token":"` + FlutterwaveTokenOK + `","email":"a@example.com","currency":"NGN","country":"NG","amount":AMOUNT,"tx_ref":"R-1"}`
	for name, amount := range map[string]string{"string amount": `"2000"`, "three decimals": `20.001`, "negative": `-5`, "exponent": `2e3`} {
		if st, m := tnCall(t, http.MethodPost, u, FlutterwaveSecretKey, strings.Replace(good, "AMOUNT", amount, 1)); st != 400 || m["status"] != "error" {
			t.Errorf("%s: %d %v", name, st, m)
		}
	}
	if st, m := tnCall(t, http.MethodPost, u, "FLWSECK-wrong", strings.Replace(good, "AMOUNT", "1", 1)); st != 401 || m["message"] != "Invalid authorization key" {
		t.Errorf("bad key: %d %v", st, m)
	}
	st, m := tnCall(t, http.MethodPost, u, FlutterwaveSecretKey, strings.Replace(good, "AMOUNT", "20.5", 1))
	data, _ := m["data"].(map[string]any)
	if st != 200 || data["status"] != "successful" || data["amount"] != 20.5 || data["app_fee"] != 0.29 {
		t.Errorf("valid: %d %v", st, m)
	}
	if st, m := tnCall(t, http.MethodGet, srv.URL+FlutterwavePrefix+"/_sandbox/3ds?ref=nope", "", ""); st != 404 || m != nil {
		t.Errorf("3ds unknown: %d", st)
	}
}

// The bulk items are charged BulkStep apart, by the simulator's clock.
func TestFlutterwaveSimBulkFollowsTheClock(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	tick := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	sim := NewFlutterwaveSim(FlutterwaveOptions{BulkStep: time.Second, Now: clock})
	srv := httptest.NewServer(http.StripPrefix(FlutterwavePrefix, sim))
	defer srv.Close()
	c, err := flutterwave.New(flutterwave.Options{BaseURL: srv.URL + FlutterwavePrefix, SecretKey: FlutterwaveSecretKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	bc, err := c.BulkCharge(ctx, "t", flutterwave.RetryStrategy{}, []flutterwave.BulkItem{
		{Token: FlutterwaveTokenOK, Email: "a@example.com", Amount: sale.New(100, sale.GHS), TxRef: "B-1"},
		{Token: FlutterwaveToken3DS, Email: "b@example.com", Amount: sale.New(200, sale.GHS), TxRef: "B-2"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{0, 1, 2} {
		st, err := c.BulkStatus(ctx, bc.ID)
		if err != nil || st.Processed != want || st.Pending != 2-want {
			t.Fatalf("step %d: %+v %v", i, st, err)
		}
		tick(time.Second)
	}
	// A single charge with a tx_ref waiting in a bulk is refused.
	if sim.Charges("B-2") != 1 || sim.applied("B-2") != 0 || sim.applied("B-1") != 1 {
		t.Errorf("charges %d applied %d/%d", sim.Charges("B-2"), sim.applied("B-1"), sim.applied("B-2"))
	}
}

// Mounted in a Server: both simulators answer under their prefixes, the
// admin endpoints under AdminPrefix, and their state survives a restart.
func TestTenderSimsInServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	start := func() (*Server, string) {
		s := New(Options{StatePath: path})
		base, err := s.Start("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		return s, base
	}
	s, base := start()
	ctx := context.Background()
	mf, err := mpesaflow.New(mpesaflow.Options{BaseURL: base + MpesaFlowPrefix, APIKey: MpesaFlowAPIKey})
	if err != nil {
		t.Fatal(err)
	}
	fw, err := flutterwave.New(flutterwave.Options{BaseURL: base + FlutterwavePrefix, SecretKey: FlutterwaveSecretKey})
	if err != nil {
		t.Fatal(err)
	}
	m := sale.Sale{Ref: "S1-T1-srv001-1", Attempts: 1, Order: sale.Order{Kind: sale.KindTenderMpesa,
		Amount: sale.New(5000, sale.KES), Params: map[string]string{mpesaflow.ParamReceipt: MpesaFlowReceipt}}}
	f := sale.Sale{Ref: "S1-T1-srv001-2", Attempts: 1, Order: sale.Order{Kind: sale.KindTenderCard,
		Amount: sale.New(5000, sale.NGN), Params: map[string]string{flutterwave.ParamEmail: "a@example.com"},
		Secrets: map[string]string{flutterwave.SecretToken: FlutterwaveTokenOK}}}
	first := mf.Send(ctx, m)
	if first.Result != sale.ResultDelivered {
		t.Fatalf("mpesaflow: %s %s", first.Result, first.Message)
	}
	if out := fw.Send(ctx, f); out.Result != sale.ResultDelivered {
		t.Fatalf("flutterwave: %s %s", out.Result, out.Message)
	}
	if s.Applied(string(m.Ref)) != 1 || s.Applied(string(f.Ref)) != 1 {
		t.Errorf("applied %d %d", s.Applied(string(m.Ref)), s.Applied(string(f.Ref)))
	}
	if st, v := tnCall(t, http.MethodGet, base+AdminPrefix+"/mpesaflow/records?providerReference="+string(m.Ref), "", ""); st != 200 || v["count"] != 1.0 {
		t.Errorf("records admin: %d %v", st, v)
	}
	if st, v := tnCall(t, http.MethodGet, base+AdminPrefix+"/flutterwave/charges?tx_ref="+string(f.Ref), "", ""); st != 200 || v["count"] != 1.0 || v["status"] != "successful" {
		t.Errorf("charges admin: %d %v", st, v)
	}
	if st, v := tnCall(t, http.MethodGet, base+AdminPrefix+"/flutterwave/applied?reference="+string(f.Ref), "", ""); st != 200 || v["applied"] != 1.0 {
		t.Errorf("applied admin: %d %v", st, v)
	}
	s.Close()

	s, base = start()
	defer s.Close()
	mf, _ = mpesaflow.New(mpesaflow.Options{BaseURL: base + MpesaFlowPrefix, APIKey: MpesaFlowAPIKey})
	fw, _ = flutterwave.New(flutterwave.Options{BaseURL: base + FlutterwavePrefix, SecretKey: FlutterwaveSecretKey})
	m.Attempts = 2
	if again := mf.Send(ctx, m); again.Result != sale.ResultDelivered || again.ProviderRef != first.ProviderRef {
		t.Errorf("after a restart the record is %s %q, was %q", again.Result, again.ProviderRef, first.ProviderRef)
	}
	if out := fw.Send(ctx, f); out.Code != "duplicate_tx_ref" {
		t.Errorf("after a restart a second charge is %s %s", out.Result, out.Code)
	}
	if out := fw.Check(ctx, f); out.Result != sale.ResultDelivered {
		t.Errorf("after a restart the charge verifies %s", out.Result)
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if s.Applied(string(m.Ref))+s.Applied(string(f.Ref)) != 0 {
		t.Error("reset kept sales")
	}
}
