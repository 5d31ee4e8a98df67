package flash

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"till/sale"
)

const (
	testKey     = "test-api-key-HUNTER2"
	testAccount = "ACC123"
	testRef     = sale.Reference("STORE1-TILL1-abc123-1")
)

// fake is a Flash stand-in: a working token endpoint and a purchase
// endpoint played by each test.
type fake struct {
	srv       *httptest.Server
	mu        sync.Mutex
	purchases [][]byte
	headers   []http.Header
	tokens    int
}

func newFake(t *testing.T, purchase http.HandlerFunc) *fake {
	t.Helper()
	f := &fake{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v4/token", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Basic "+testKey {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		f.mu.Lock()
		f.tokens++
		n := f.tokens
		f.mu.Unlock()
		fmt.Fprintf(w, `{"access_token":"token-%d-HUNTER2","scope":"am_application_scope default","token_type":"Bearer","expires_in":3600}`, n)
	})
	// Send looks a product up before its first sale when the catalogue
	// was not read: product 1001 is airtime (the default type 1).
	mux.HandleFunc("GET /aggregation/4.0/accounts/{account}/products/{code}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("code") != "1001" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		fmt.Fprint(w, `{"productCode":1001,"productName":"Vodacom Airtime","status":1,"productType":1,"minimumAmount":200,"maximumAmount":100000}`)
	})
	mux.HandleFunc("POST "+pathPinless, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.purchases = append(f.purchases, b)
		f.headers = append(f.headers, r.Header.Clone())
		f.mu.Unlock()
		purchase(w, r)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) count() (purchases, tokens int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.purchases), f.tokens
}

func newClient(t *testing.T, base string, mod ...func(*Options)) *Client {
	t.Helper()
	o := Options{BaseURL: base, APIKey: testKey, AccountNumber: testAccount, StoreID: "STORE1", TerminalID: "TILL1", Timeout: 5 * time.Second}
	for _, m := range mod {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func airtime(ref sale.Reference, cents int64) sale.Sale {
	return sale.Sale{
		Ref: ref, StoreID: "STORE1", TerminalID: "TILL1",
		Order: sale.Order{
			Provider: ProviderName, Kind: sale.KindAirtime, Product: "1001", ProductName: "Vodacom Airtime",
			Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"},
			Amount: sale.New(cents, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash},
		},
	}
}

// success is a delivered answer as §3.1.11 shows it.
func success(ref sale.Reference, cents int64) string {
	b, _ := json.Marshal(map[string]any{
		"responseCode": 0, "responseMessage": "Success", "accountNumber": testAccount,
		"reference": string(ref), "transactionDate": "2025-01-02T10:00:00+02:00", "transactionId": 123456,
		"storeId": "STORE1", "terminalId": "TILL1", "amount": cents,
		"rechargeDetails": map[string]string{"rechargeType": "Pinless airtime", "callCentre": "082 111", "rechargeVendor": "Vodacom"},
	})
	return string(b)
}

func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}
