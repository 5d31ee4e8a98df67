package oneflow

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"till/providers"
	"till/providers/sandbox"
	"till/sale"
)

const (
	testID     = "till-test"
	testSecret = "s3cr3t-do-not-log"
	testToken  = "tok-do-not-log-0123456789"
)

// simEnv is the 1Flow simulator on a real loopback listener.
type simEnv struct {
	sim    *sandbox.OneFlowSim
	srv    *httptest.Server
	tokens atomic.Int64 // token requests that reached the simulator
}

func newSim(t *testing.T, o sandbox.OneFlowOptions) *simEnv {
	t.Helper()
	e := &simEnv{sim: sandbox.NewOneFlowSim(o)}
	mux := http.NewServeMux()
	mux.Handle("/oneflow/", http.StripPrefix("/oneflow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == pathToken {
			e.tokens.Add(1)
		}
		e.sim.ServeHTTP(w, r)
	})))
	e.srv = httptest.NewServer(mux)
	t.Cleanup(func() { e.sim.Close(); e.srv.Close() })
	return e
}

func (e *simEnv) client(t *testing.T, cur sale.Currency, mod ...func(*Options)) *Client {
	t.Helper()
	o := Options{BaseURL: e.srv.URL + "/oneflow", ClientID: sandbox.OneFlowClientID,
		ClientSecret: providers.Secret(sandbox.OneFlowClientSecret), Currency: cur, Timeout: 5 * time.Second}
	for _, m := range mod {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fake is an httptest 1Flow whose recharge and status answers a test
// scripts. It counts every request by path.
type fake struct {
	srv *httptest.Server

	mu       sync.Mutex
	counts   map[string]int
	bodies   [][]byte // recharge request bodies, in order
	auths    []string // Authorization headers of non-token requests
	tokenSeq int
	applied  int // recharges the script says it applied

	// recharge and status answer POST /recharge and GET /recharge/{id};
	// n is the 1-based count of such requests so far.
	recharge func(w http.ResponseWriter, r *http.Request, n int)
	status   func(w http.ResponseWriter, r *http.Request, n int)
	lookup   func(w http.ResponseWriter, r *http.Request, n int)
	token    func(w http.ResponseWriter, r *http.Request, n int)
}

func newFake(t *testing.T) *fake {
	t.Helper()
	f := &fake{counts: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	var body bytes.Buffer
	_, _ = body.ReadFrom(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body.Bytes()))
	f.mu.Lock()
	key := r.Method + " " + r.URL.Path
	if r.Method == http.MethodGet && len(r.URL.Path) > len(pathRecharge) {
		key = "GET status"
	}
	f.counts[key]++
	n := f.counts[key]
	if r.URL.Path != pathToken {
		f.auths = append(f.auths, r.Header.Get("Authorization"))
	}
	if key == "POST "+pathRecharge {
		f.bodies = append(f.bodies, body.Bytes())
	}
	f.mu.Unlock()
	var h func(http.ResponseWriter, *http.Request, int)
	switch key {
	case "POST " + pathToken:
		h = f.token
		if h == nil {
			h = f.defaultToken
		}
	case "POST " + pathRecharge:
		h = f.recharge
	case "GET status":
		h = f.status
	case "POST " + pathLookup:
		h = f.lookup
	}
	if h == nil {
		http.Error(w, "no handler", http.StatusTeapot)
		return
	}
	h(w, r, n)
}

func (f *fake) defaultToken(w http.ResponseWriter, r *http.Request, _ int) {
	id, secret, ok := r.BasicAuth()
	if !ok || id != testID || secret != testSecret {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	f.mu.Lock()
	f.tokenSeq++
	tok := testToken + string(rune('a'+f.tokenSeq))
	f.mu.Unlock()
	writeRaw(w, http.StatusOK, `{"access_token":"`+tok+`","token_type":"Bearer","expires_in":3600}`)
}

func (f *fake) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[key]
}

func (f *fake) apply() {
	f.mu.Lock()
	f.applied++
	f.mu.Unlock()
}

func (f *fake) client(t *testing.T, mod ...func(*Options)) (*Client, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	o := Options{BaseURL: f.srv.URL, ClientID: testID, ClientSecret: testSecret, Currency: sale.KES,
		Timeout: 2 * time.Second, Logger: slog.New(slog.NewJSONHandler(&syncWriter{w: &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, m := range mod {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c, &logs
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// waterSale is a journaled-looking sale of water to a device.
func waterSale(target sale.Target, minor int64, cur sale.Currency) sale.Sale {
	return sale.Sale{Ref: "STORE1-TILL1-abcd-1", State: sale.StateSending, Attempts: 1,
		Order: sale.Order{Provider: ProviderName, Kind: sale.KindWater, Target: target, Amount: sale.New(minor, cur)}}
}

func device(id string) sale.Target { return sale.Target{Kind: sale.TargetDevice, Value: id} }
