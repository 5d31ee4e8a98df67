package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// ofEnv is a OneFlowSim on a loopback listener with a raw HTTP client.
type ofEnv struct {
	t    *testing.T
	sim  *OneFlowSim
	base string
	hc   *http.Client
	tok  string
}

func newOFEnv(t *testing.T, o OneFlowOptions) *ofEnv {
	t.Helper()
	e := &ofEnv{t: t, sim: NewOneFlowSim(o)}
	srv := httptest.NewServer(e.sim)
	e.base, e.hc = srv.URL, srv.Client()
	t.Cleanup(func() { e.sim.Close(); srv.Close() })
	e.tok = e.token()
	return e
}

func (e *ofEnv) token() string {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.base+"/v1/access/partners/token", nil)
	req.SetBasicAuth(OneFlowClientID, OneFlowClientSecret)
	st, body := e.do(req)
	var ans struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if st != http.StatusOK || json.Unmarshal(body, &ans) != nil || ans.AccessToken == "" || ans.TokenType != "Bearer" || ans.ExpiresIn <= 0 {
		e.t.Fatalf("token: %d %s", st, body)
	}
	return ans.AccessToken
}

func (e *ofEnv) do(req *http.Request) (int, []byte) {
	e.t.Helper()
	resp, err := e.hc.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (e *ofEnv) call(method, path, body string) (int, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.base+path, strings.NewReader(body))
	if e.tok != "" {
		req.Header.Set("Authorization", "Bearer "+e.tok)
	}
	req.Header.Set("Content-Type", "application/json")
	st, b := e.do(req)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return st, m
}

func (e *ofEnv) recharge(body string) (int, map[string]any) {
	return e.call(http.MethodPost, "/v1/access/partners/recharge", body)
}

func (e *ofEnv) status(id string) (int, map[string]any) {
	return e.call(http.MethodGet, "/v1/access/partners/recharge/"+id, "")
}

func data(m map[string]any) map[string]any { d, _ := m["data"].(map[string]any); return d }

func TestOneFlowAuth(t *testing.T) {
	e := newOFEnv(t, OneFlowOptions{})
	req, _ := http.NewRequest(http.MethodPost, e.base+"/v1/access/partners/token", nil)
	req.SetBasicAuth(OneFlowClientID, "wrong")
	if st, _ := e.do(req); st != http.StatusUnauthorized {
		t.Errorf("token with a wrong secret: %d", st)
	}
	e.tok = "not-a-token"
	if st, _ := e.recharge(`{"deviceId":"68753500140920","amount":1}`); st != http.StatusUnauthorized {
		t.Errorf("recharge with a bad token: %d", st)
	}
	e.tok = ""
	if st, _ := e.call(http.MethodPost, "/v1/access/partners/lookup", `{"deviceId":"68753500140920"}`); st != http.StatusUnauthorized {
		t.Errorf("lookup without a token: %d", st)
	}
	if n := e.sim.Recharges("68753500140920"); n != 0 {
		t.Errorf("unauthenticated recharge applied: %d", n)
	}
}

func TestOneFlowTokenExpiry(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newOFEnv(t, OneFlowOptions{TokenTTL: time.Minute, Now: clock})
	if st, _ := e.call(http.MethodPost, "/v1/access/partners/lookup", `{"deviceId":"68753500140920"}`); st != http.StatusOK {
		t.Fatalf("lookup with a fresh token: %d", st)
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	if st, _ := e.call(http.MethodPost, "/v1/access/partners/lookup", `{"deviceId":"68753500140920"}`); st != http.StatusUnauthorized {
		t.Errorf("lookup with an expired token: %d", st)
	}
}

func TestOneFlowLookup(t *testing.T) {
	e := newOFEnv(t, OneFlowOptions{})
	for _, tc := range []struct {
		body string
		st   int
		name string
	}{
		{`{"phoneNumber":"+233241234567"}`, 200, "Kwame Mensah"},
		{`{"deviceId":"68753500230001"}`, 200, "Kwame Mensah"},
		{`{"cardId":"CA233000456"}`, 200, "Kwame Mensah"},
		{`{"cardId":"68753500230001"}`, 404, ""},
		{`{"deviceId":"CA233000456"}`, 404, ""},
		{`{"phoneNumber":"0241234567"}`, 400, ""},
		{`{"phoneNumber":"+233000000000"}`, 404, ""},
		{`{"phoneNumber":"+233241234567","deviceId":"68753500230001"}`, 400, ""},
		{`{}`, 400, ""},
		{`[1]`, 400, ""},
		{`{"deviceId":68753500230001}`, 400, ""},
	} {
		st, m := e.call(http.MethodPost, "/v1/access/partners/lookup", tc.body)
		if st != tc.st {
			t.Errorf("lookup %s: %d %v, want %d", tc.body, st, m, tc.st)
			continue
		}
		if st == 200 && data(m)["name"] != tc.name {
			t.Errorf("lookup %s: %v", tc.body, m)
		}
		if st != 200 && m["success"] != false {
			t.Errorf("lookup %s: error without success false: %v", tc.body, m)
		}
	}
	_, m := e.call(http.MethodPost, "/v1/access/partners/lookup", `{"phoneNumber":"+233241234567"}`)
	want := map[string]any{"name": "Kwame Mensah", "phoneNumber": "+233241234567", "devices": []any{
		map[string]any{"serialNumber": "68753500230001", "deviceType": "DEVICE", "name": "Compound meter", "cardIds": []any{"CA233000456"}},
		map[string]any{"serialNumber": "CA233000456", "deviceType": "CARD", "name": "Water card"},
	}}
	if d := cmp.Diff(want, data(m)); d != "" {
		t.Errorf("lookup data (-want +got):\n%s", d)
	}
}

func TestOneFlowRechargeLifecycle(t *testing.T) {
	e := newOFEnv(t, OneFlowOptions{ManualComplete: true})
	st, m := e.recharge(`{"deviceId":"68753500230001","amount":100.5}`)
	d := data(m)
	if st != http.StatusAccepted || d["status"] != "PENDING" || d["id"] == "" || d["amount"] != 100.5 {
		t.Fatalf("recharge: %d %v", st, m)
	}
	if _, ok := d["currency"]; ok {
		t.Errorf("the initiation answer has a currency, unlike the document's: %v", d)
	}
	id := d["id"].(string)
	if st, m := e.status(id); st != 200 || data(m)["status"] != "PENDING" || data(m)["currency"] != "GHS" {
		t.Fatalf("status: %d %v", st, m)
	}
	if st, _ := e.call(http.MethodPost, "/_sandbox/oneflow/complete?id=nope", ""); st != http.StatusNotFound {
		t.Errorf("complete of an unknown id: %d", st)
	}
	if st, m := e.call(http.MethodPost, "/_sandbox/oneflow/complete?id="+id, ""); st != 200 || m["status"] != "COMPLETED" {
		t.Fatalf("complete: %d %v", st, m)
	}
	if st, _ := e.call(http.MethodPost, "/_sandbox/oneflow/complete?id="+id, ""); st != http.StatusConflict {
		t.Errorf("second complete: %d", st)
	}
	_, m = e.status(id)
	got := data(m)
	delete(got, "createdAt")
	delete(got, "completedAt")
	want := map[string]any{"id": id, "serialNumber": "68753500230001", "deviceType": "DEVICE", "status": "COMPLETED",
		"amount": 100.5, "currency": "GHS", "litres": 20.1, "pricePerLitre": 5.0, "balance": 170152.0,
		"customer": map[string]any{"name": "Kwame Mensah", "phoneNumber": "+233241234567"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("completed (-want +got):\n%s", d)
	}
	if st, _ := e.status("00000000-0000-4000-8000-000000000000"); st != http.StatusNotFound {
		t.Errorf("status of an unknown id: %d", st)
	}
	// A second recharge and FAILED by hand.
	_, m = e.recharge(`{"cardId":"CA233000456","amount":3}`)
	id2 := data(m)["id"].(string)
	if st, m := e.call(http.MethodPost, "/_sandbox/oneflow/complete?id="+id2+"&status=failed", ""); st != 200 || m["status"] != "FAILED" {
		t.Errorf("complete as failed: %d %v", st, m)
	}
	_, m = e.call(http.MethodGet, "/_sandbox/oneflow/recharges?device=68753500230001", "")
	if m["count"] != 1.0 {
		t.Errorf("recharges of the device: %v", m)
	}
	_, m = e.call(http.MethodGet, "/_sandbox/oneflow/recharges", "")
	if m["count"] != 2.0 {
		t.Errorf("all recharges: %v", m)
	}
}

func TestOneFlowCompletesAfterDelay(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newOFEnv(t, OneFlowOptions{Now: clock}) // default 3s
	var ids []string
	for _, dev := range []string{"68753500140920", "68753500140990", "68753500230991"} {
		_, m := e.recharge(`{"deviceId":"` + dev + `","amount":10}`)
		ids = append(ids, data(m)["id"].(string))
	}
	statuses := func() []any {
		var s []any
		for _, id := range ids {
			_, m := e.status(id)
			s = append(s, data(m)["status"])
		}
		return s
	}
	if got := statuses(); !cmp.Equal(got, []any{"PENDING", "PENDING", "PENDING"}) {
		t.Errorf("before the delay: %v", got)
	}
	mu.Lock()
	now = now.Add(DefaultOneFlowCompleteAfter)
	mu.Unlock()
	if got := statuses(); !cmp.Equal(got, []any{"COMPLETED", "FAILED", "PENDING"}) {
		t.Errorf("after the delay: %v", got)
	}
}

func TestOneFlowRechargeValidation(t *testing.T) {
	e := newOFEnv(t, OneFlowOptions{})
	for _, tc := range []struct {
		body string
		st   int
	}{
		{`{"deviceId":"68753500140920","amount":100.505}`, 400},
		{`{"deviceId":"68753500140920","amount":0}`, 400},
		{`{"deviceId":"68753500140920","amount":-1}`, 400},
		{`{"deviceId":"68753500140920","amount":"10"}`, 400},
		{`{"deviceId":"68753500140920","amount":1e2}`, 400},
		{`{"deviceId":"68753500140920"}`, 400},
		{`{"deviceId":"68753500140920","amount":100000.01}`, 422},
		{`{"deviceId":"68753500140920","cardId":"CA254000123","amount":1}`, 400},
		{`{"amount":1}`, 400},
		{`{"deviceId":"00000000000000","amount":1}`, 404},
		{`{"cardId":"68753500140920","amount":1}`, 404},
		{`{"deviceId":"68753500140920","amount":1`, 400},
	} {
		if st, m := e.recharge(tc.body); st != tc.st || m["success"] != false {
			t.Errorf("recharge %s: %d %v, want %d", tc.body, st, m, tc.st)
		}
	}
	if n := e.sim.Recharges("68753500140920"); n != 0 {
		t.Errorf("%d refused recharges were created", n)
	}
	if st, _ := e.recharge(`{"deviceId":"68753500140920","amount":100.50}`); st != http.StatusAccepted {
		t.Errorf("two decimals refused: %d", st)
	}
}

// TestOneFlowFaults: each fault by device; the lost answer is held until the
// client gives up, and the recharge it created exists and completes.
func TestOneFlowFaults(t *testing.T) {
	e := newOFEnv(t, OneFlowOptions{CompleteAfter: -1, SlowDelay: 10 * time.Millisecond, HoldMax: 10 * time.Second})
	for _, tr := range OneFlowTriggers() {
		body := `{"deviceId":"` + tr.Device + `","amount":50}`
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.base+"/v1/access/partners/recharge", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.tok)
		start := time.Now()
		resp, err := e.hc.Do(req)
		var st int
		var b []byte
		if err == nil {
			st = resp.StatusCode
			b, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		cancel()
		switch tr.Fault {
		case FaultLostAnswer:
			if err == nil || time.Since(start) < 250*time.Millisecond {
				t.Errorf("lost answer: answered %d %s after %v", st, b, time.Since(start))
			}
		case FaultServerError:
			if st != 500 {
				t.Errorf("server error: %d", st)
			}
		case FaultGarbage:
			if st != 202 || json.Valid(b) {
				t.Errorf("garbage: %d %s", st, b)
			}
		case FaultDecline:
			if st != 422 {
				t.Errorf("decline: %d", st)
			}
		case FaultUnauthorized:
			if st != 401 {
				t.Errorf("401 once: %d", st)
			}
			e.tok = e.token() // the refused token was revoked
			if st, m := e.recharge(body); st != 202 || data(m)["id"] == nil {
				t.Errorf("401 once, the resend: %d %v", st, m)
			}
		case FaultSlow:
			if st != 202 {
				t.Errorf("slow: %d", st)
			}
		case FaultReset:
			if err == nil {
				t.Errorf("reset: answered %d", st)
			}
		case FaultUpstreamError:
			var m map[string]any
			if st != 202 || json.Unmarshal(b, &m) != nil || data(m) == nil || data(m)["id"] != nil {
				t.Errorf("202 without id: %d %s", st, b)
			}
		}
		want := map[bool]int{true: 1, false: 0}[tr.Applied]
		if n := e.sim.Recharges(tr.Device); n != want {
			t.Errorf("%s: %d recharges, want %d", tr.Fault, n, want)
		}
	}
	// The lost answer's recharge exists and completes.
	_, m := e.call(http.MethodGet, "/_sandbox/oneflow/recharges?device=68753500900091", "")
	list, _ := m["recharges"].([]any)
	if len(list) != 1 {
		t.Fatalf("recharges of the lost answer: %v", m)
	}
	id := list[0].(map[string]any)["id"].(string)
	if _, m := e.status(id); data(m)["status"] != "COMPLETED" {
		t.Errorf("the lost answer's recharge: %v", m)
	}
}

// TestOneFlowFaultByCents: the cents of any device's amount trigger faults.
func TestOneFlowFaultByCents(t *testing.T) {
	e := newOFEnv(t, OneFlowOptions{})
	if st, _ := e.recharge(`{"deviceId":"68753500140921","amount":10.92}`); st != 500 {
		t.Errorf(".92: %d", st)
	}
	if st, _ := e.recharge(`{"deviceId":"68753500140921","amount":10.94}`); st != 422 {
		t.Errorf(".94: %d", st)
	}
	if n := e.sim.Recharges("68753500140921"); n != 1 {
		t.Errorf("recharges = %d, want 1 (the 5xx one)", n)
	}
}

func TestOneFlowPersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "oneflow.json")
	e := newOFEnv(t, OneFlowOptions{StatePath: path, CompleteAfter: -1})
	_, m := e.recharge(`{"deviceId":"68753500140920","amount":1}`)
	id := data(m)["id"].(string)
	if _, m := e.status(id); data(m)["balance"] != 132000.0 {
		t.Fatalf("balance after 2 litres: %v", m)
	}
	e2 := newOFEnv(t, OneFlowOptions{StatePath: path, CompleteAfter: -1})
	if _, m := e2.status(id); data(m)["status"] != "COMPLETED" || data(m)["balance"] != 132000.0 {
		t.Errorf("after a restart: %v", m)
	}
	if n := e2.sim.Recharges("68753500140920"); n != 1 {
		t.Errorf("recharges after a restart = %d", n)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := NewOneFlowSim(OneFlowOptions{StatePath: path})
	if bad.Err() == nil {
		t.Fatal("a corrupt state file was accepted")
	}
	rec := httptest.NewRecorder()
	bad.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/access/partners/token", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("a simulator with a corrupt state answered %d", rec.Code)
	}
}

func TestOneFlowReset(t *testing.T) {
	e := newOFEnv(t, OneFlowOptions{})
	e.recharge(`{"deviceId":"68753500140920","amount":1}`)
	if err := e.sim.Reset(); err != nil {
		t.Fatal(err)
	}
	if n := e.sim.Recharges("68753500140920"); n != 0 {
		t.Errorf("recharges after reset = %d", n)
	}
	if st, _ := e.recharge(`{"deviceId":"68753500140920","amount":1}`); st != http.StatusUnauthorized {
		t.Errorf("old token after reset: %d", st)
	}
}

func TestOneFlowNumber(t *testing.T) {
	for minor, want := range map[int64]string{10050: "100.5", 500: "5", 7: "0.07", 0: "0", 100000: "1000", 12345: "123.45"} {
		if got := ofNumber(minor, 2); string(got) != want {
			t.Errorf("ofNumber(%d) = %s, want %s", minor, got, want)
		}
	}
	if got := ofNumber(20100, 3); got != "20.1" {
		t.Errorf("litres = %s", got)
	}
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(map[string]any{"n": ofNumber(10050, 2)})
	if b.String() != "{\"n\":100.5}\n" {
		t.Errorf("encoded %s", b.String())
	}
}

// TestOneFlowInServer: the Server mounts the simulator under OneFlowPrefix,
// persists it in its state file, resets it and ends held answers on Close.
func TestOneFlowInServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := New(Options{StatePath: path})
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := &ofEnv{t: t, base: base + OneFlowPrefix, hc: http.DefaultClient}
	e.tok = e.token()
	st, m := e.recharge(`{"deviceId":"68753500140920","amount":1}`)
	if st != http.StatusAccepted {
		t.Fatalf("recharge through the Server: %d %v", st, m)
	}
	st, m = e.call(http.MethodGet, "/_sandbox/oneflow/recharges?device=68753500140920", "")
	if st != 200 || m["count"] != 1.0 {
		t.Errorf("admin under the prefix: %d %v", st, m)
	}
	root := &ofEnv{t: t, base: base, hc: http.DefaultClient}
	if st, m := root.call(http.MethodGet, "/_sandbox/oneflow/recharges?device=68753500140920", ""); st != 200 || m["count"] != 1.0 {
		t.Errorf("admin at the Server's root: %d %v", st, m)
	}
	// A held answer (lost-answer fault) ends when the Server closes.
	held := make(chan int)
	go func() { st, _ := e.recharge(`{"deviceId":"68753500900091","amount":1}`); held <- st }()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if _, m := e.call(http.MethodGet, "/_sandbox/oneflow/recharges?device=68753500900091", ""); m["count"] == 1.0 {
			break
		}
	}
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if st := <-held; st != 0 || time.Since(start) > 2*time.Second {
		t.Errorf("held answer: status %d, Close took %v", st, time.Since(start))
	}
	// A new Server on the same state file still has the recharge.
	s2 := New(Options{StatePath: path})
	base2, err := s2.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	e.base = base2 + OneFlowPrefix
	e.tok = e.token()
	if _, m := e.call(http.MethodGet, "/_sandbox/oneflow/recharges?device=68753500140920", ""); m["count"] != 1.0 {
		t.Errorf("after a restart: %v", m)
	}
	if err := s2.Reset(); err != nil {
		t.Fatal(err)
	}
	if _, m := e.call(http.MethodGet, "/_sandbox/oneflow/recharges?device=68753500140920", ""); m["count"] != 0.0 {
		t.Errorf("after Reset: %v", m)
	}
}
