package flash_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"till/providers/flash"
	"till/providers/providertest"
	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// sast is South African Standard Time.
var sast = time.FixedZone("SAST", 2*60*60)

// wire records every request the client sends to the sandbox, by path.
type wire struct {
	mu     sync.Mutex
	bodies map[string][]map[string]any
}

func (w *wire) record(path string, body []byte) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&m) != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.bodies[path] = append(w.bodies[path], m)
}

func (w *wire) last(path string) map[string]any {
	w.mu.Lock()
	defer w.mu.Unlock()
	b := w.bodies[path]
	if len(b) == 0 {
		return nil
	}
	return b[len(b)-1]
}

// stack is the whole money path: the sandbox behind a recording proxy,
// the Flash client, a bbolt journal in a temp dir and the engine.
type stack struct {
	srv    *sandbox.Server
	client *flash.Client
	db     *store.DB
	engine *sale.Engine
	wire   *wire
	clock  *providertest.Clock
}

func newStack(t *testing.T, o sandbox.Options, timeout time.Duration) *stack {
	t.Helper()
	clk := providertest.NewClock(fixedNow)
	if o.Now == nil {
		o.Now = clk.Now
	}
	srv := sandbox.New(o)
	w := &wire{bodies: map[string][]map[string]any{}}
	h := srv.Handler()
	proxy := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/aggregation/") {
			b, _ := io.ReadAll(r.Body)
			w.record(strings.TrimPrefix(r.URL.Path, sandbox.FlashPrefix), b)
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		h.ServeHTTP(rw, r)
	}))
	t.Cleanup(func() { proxy.Close(); _ = srv.Close() })
	c, err := flash.New(flash.Options{
		BaseURL: proxy.URL + sandbox.FlashPrefix, APIKey: sandbox.FlashAPIKey, AccountNumber: sandbox.FlashAccount,
		StoreID: "STORE1", TerminalID: "TILL1", Timeout: timeout, Now: clk.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: "STORE1", TerminalID: "TILL1", Location: sast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{c}, Now: clk.Now,
		Jitter: func(time.Duration) time.Duration { return 0 }})
	if _, err := eng.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &stack{srv: srv, client: c, db: db, engine: eng, wire: w, clock: clk}
}

// sell sells o through the engine; a refusal fails the test.
func (s *stack) sell(t *testing.T, o sale.Order) sale.Sale {
	t.Helper()
	got, err := s.engine.Sell(context.Background(), o)
	if err != nil {
		t.Fatalf("sell %s: %v", o.Kind, err)
	}
	return got
}

// settle settles an unresolved sale now, as the resolver would.
func (s *stack) settle(t *testing.T, ref sale.Reference) sale.Sale {
	t.Helper()
	s.clock.Advance(time.Minute)
	got, err := s.engine.SettleNow(context.Background(), ref)
	if err != nil {
		t.Fatalf("settle %s: %v", ref, err)
	}
	return got
}

func zar(minor int64) sale.Money { return sale.New(minor, sale.ZAR) }

// Orders of every Flash product, as the till builds them.

func electricity(meter string, cents int64, fbe bool) sale.Order {
	o := sale.Order{Provider: flash.ProviderName, Kind: sale.KindElectricity, Product: "6001", ProductName: "Prepaid Electricity",
		Target: sale.Target{Kind: sale.TargetMeter, Value: meter}, Amount: zar(cents), Tender: sale.Tender{Kind: sale.TenderCash}}
	if fbe {
		o.Params = map[string]string{flash.ParamFBE: "true"}
	}
	return o
}

func voucherOrder(kind sale.Kind, product, name string, cents int64) sale.Order {
	o := sale.Order{Provider: flash.ProviderName, Kind: kind, Product: product, ProductName: name, Amount: zar(cents)}
	if kind == sale.KindVoucher || kind == sale.KindGiftVoucher || kind == sale.KindEezi || kind == sale.KindCashOut {
		o.Tender = sale.Tender{Kind: sale.TenderCash}
	}
	return o
}

func redeemOrder(pin string, cents int64, mobile string, full bool) sale.Order {
	o := sale.Order{Provider: flash.ProviderName, Kind: sale.KindVoucherRedeem, ProductName: "1Voucher redeem",
		Target:  sale.Target{Kind: sale.TargetVoucher, Value: flash.MaskPIN(pin)},
		Amount:  zar(cents),
		Secrets: map[string]string{flash.SecretPIN: pin}, Params: map[string]string{}}
	if mobile != "" {
		o.Params[flash.ParamMobile] = mobile
	}
	if full {
		o.Params[flash.ParamFull] = "true"
	}
	return o
}

// item returns the value of the first item labelled label.
func item(s sale.Sale, label string) string { return flash.ItemValue(s.Outcome.Items, label) }

// secrets lists the secret items' labels and values, in order.
func secrets(s sale.Sale) [][2]string {
	var out [][2]string
	for _, it := range s.Outcome.Items {
		if it.Secret {
			out = append(out, [2]string{it.Label, it.Value})
		}
	}
	return out
}
