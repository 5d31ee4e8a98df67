package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/providers/flash"
)

// flEnv is a started sandbox and a raw HTTP view of its Flash simulator.
type flEnv struct {
	t    *testing.T
	srv  *Server
	base string // ends in FlashPrefix
	tok  string
}

func newFlEnv(t *testing.T, o Options) *flEnv {
	t.Helper()
	srv := New(o)
	root, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	e := &flEnv{t: t, srv: srv, base: root + FlashPrefix}
	e.tok = e.token(FlashAPIKey)
	return e
}

func (e *flEnv) token(key string) string {
	req, _ := http.NewRequest(http.MethodPost, e.base+"/v4/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Authorization", "Basic "+key)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	status, body := e.do(req)
	if status != http.StatusOK {
		return ""
	}
	var v struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	_ = json.Unmarshal(body, &v)
	return v.AccessToken
}

func (e *flEnv) do(req *http.Request) (int, []byte) {
	e.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (e *flEnv) buy(body string) (int, []byte) {
	req, _ := http.NewRequest(http.MethodPost, e.base+"/aggregation/4.0/cellular/pinless/purchase", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.tok)
	req.Header.Set("Content-Type", "application/json")
	return e.do(req)
}

func (e *flEnv) get(path string) (int, []byte) {
	req, _ := http.NewRequest(http.MethodGet, e.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+e.tok)
	return e.do(req)
}

// flBody is a valid pinless purchase with fields overridden by kv pairs
// (a nil value deletes the field).
func flBody(ref string, cents int64, kv ...any) string {
	m := map[string]any{
		"reference": ref, "accountNumber": FlashAccount, "amount": cents, "productCode": 1001,
		"mobileNumber": "27821234567", "storeId": "STORE1", "terminalId": "TILL1",
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(m, kv[i].(string))
		} else {
			m[kv[i].(string)] = kv[i+1]
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func flCode(t *testing.T, body []byte) int {
	t.Helper()
	var v struct {
		ResponseCode *int `json:"responseCode"`
	}
	if err := json.Unmarshal(body, &v); err != nil || v.ResponseCode == nil {
		t.Fatalf("no responseCode in %q", body)
	}
	return *v.ResponseCode
}

func TestFlashToken(t *testing.T) {
	e := newFlEnv(t, Options{TokenTTL: 90 * time.Second})
	if e.tok == "" {
		t.Fatal("no token for the demo key")
	}
	if e.token("wrong") != "" {
		t.Error("token issued for a wrong key")
	}
	req, _ := http.NewRequest(http.MethodPost, e.base+"/v4/token", strings.NewReader("grant_type=password"))
	req.Header.Set("Authorization", "Basic "+FlashAPIKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if status, _ := e.do(req); status != http.StatusBadRequest {
		t.Errorf("wrong grant: %d", status)
	}
	req, _ = http.NewRequest(http.MethodPost, e.base+"/v4/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Authorization", "Basic "+FlashAPIKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, body := e.do(req)
	var v map[string]any
	_ = json.Unmarshal(body, &v)
	if v["expires_in"] != float64(90) || v["token_type"] != "Bearer" {
		t.Errorf("token answer %s", body)
	}
}

func TestFlashBearerAndExpiry(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newFlEnv(t, Options{TokenTTL: time.Minute, Now: clock})
	if status, _ := e.get("/aggregation/4.0/accounts/" + FlashAccount + "/products"); status != http.StatusOK {
		t.Fatalf("fresh token: %d", status)
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	status, body := e.get("/aggregation/4.0/accounts/" + FlashAccount + "/products")
	if status != http.StatusUnauthorized || !strings.Contains(string(body), "900901") {
		t.Errorf("expired token: %d %s", status, body)
	}
	e.tok = "not-a-token"
	if status, _ := e.buy(flBody("R1", 1000)); status != http.StatusUnauthorized {
		t.Errorf("bad token: %d", status)
	}
	if e.srv.Requests("R1") != 0 {
		t.Error("an unauthenticated request was counted")
	}
}

func TestFlashCatalogue(t *testing.T) {
	e := newFlEnv(t, Options{})
	status, body := e.get("/aggregation/4.0/accounts/" + FlashAccount + "/products")
	var list []map[string]any
	if status != http.StatusOK || json.Unmarshal(body, &list) != nil || len(list) != len(flashCatalogue) {
		t.Fatalf("%d %s", status, body)
	}
	want := map[string]any{"productCode": float64(1001), "productName": "Vodacom Airtime",
		"minimumAmount": float64(200), "maximumAmount": float64(100000), "status": "Active"}
	if d := cmp.Diff(want, list[0]); d != "" {
		t.Errorf("first product (-want +got):\n%s", d)
	}
	status, body = e.get("/aggregation/4.0/accounts/" + FlashAccount + "/products/1005")
	var p map[string]any
	_ = json.Unmarshal(body, &p)
	if status != http.StatusOK || p["status"] != float64(0) || p["productType"] != float64(flash.ProductTypeCellularPinless) || p["vendorName"] != "Virgin Mobile" {
		t.Errorf("lookup 1005: %d %s", status, body)
	}
	for _, path := range []string{"/products/9999", "/products/abc"} {
		if status, _ := e.get("/aggregation/4.0/accounts/" + FlashAccount + path); status != http.StatusNotFound {
			t.Errorf("%s: %d", path, status)
		}
	}
	if status, _ := e.get("/aggregation/4.0/accounts/OTHER/products"); status != http.StatusNotFound {
		t.Errorf("other account: %d", status)
	}
}

func TestFlashIdempotentOnReference(t *testing.T) {
	e := newFlEnv(t, Options{})
	s1, b1 := e.buy(flBody("REF-1", 1000))
	if s1 != http.StatusOK || flCode(t, b1) != 0 {
		t.Fatalf("%d %s", s1, b1)
	}
	// Same content, other key order and spacing: the original answer, byte for byte.
	s2, b2 := e.buy(` {"terminalId":"TILL1","storeId":"STORE1","mobileNumber":"27821234567","productCode":1001,"amount":1000,"accountNumber":"` + FlashAccount + `","reference":"REF-1"}`)
	if s2 != s1 || !bytes.Equal(b1, b2) {
		t.Errorf("resend answer differs:\n%s\n%s", b1, b2)
	}
	if e.srv.Applied("REF-1") != 1 || e.srv.Requests("REF-1") != 2 {
		t.Errorf("applied %d, requests %d", e.srv.Applied("REF-1"), e.srv.Requests("REF-1"))
	}
	// Same reference, different content: refused, nothing applied again.
	s3, b3 := e.buy(flBody("REF-1", 2000))
	if s3 != http.StatusBadRequest || flCode(t, b3) != int(flash.CodeReferenceConflict) || e.srv.Applied("REF-1") != 1 {
		t.Errorf("conflict: %d %s", s3, b3)
	}
	// A new reference is a new sale with a new transaction id.
	_, b4 := e.buy(flBody("REF-2", 1000))
	var a1, a4 struct{ TransactionID int64 }
	_ = json.Unmarshal(b1, &a1)
	_ = json.Unmarshal(b4, &a4)
	if a4.TransactionID != a1.TransactionID+1 {
		t.Errorf("transaction ids %d then %d", a1.TransactionID, a4.TransactionID)
	}
}

func TestFlashConcurrentSameReferenceAppliesOnce(t *testing.T) {
	e := newFlEnv(t, Options{})
	var wg sync.WaitGroup
	bodies := make([][]byte, 16)
	for i := range bodies {
		wg.Go(func() { _, bodies[i] = e.buy(flBody("RACE-1", 1000)) })
	}
	wg.Wait()
	for _, b := range bodies[1:] {
		if !bytes.Equal(b, bodies[0]) {
			t.Fatalf("answers differ:\n%s\n%s", bodies[0], b)
		}
	}
	if e.srv.Applied("RACE-1") != 1 {
		t.Errorf("applied %d times", e.srv.Applied("RACE-1"))
	}
}

func TestFlashValidation(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		status int
		code   flash.Code
	}{
		{"account", flBody("V1", 1000, "accountNumber", "OTHER"), 400, flash.CodeInvalidAccount},
		{"amount zero", flBody("V2", 0), 400, flash.CodeInvalidAmount},
		{"amount string", flBody("V3", 0, "amount", "1000"), 400, flash.CodeInvalidAmount},
		{"amount fraction", strings.Replace(flBody("V4", 1000), `"amount":1000`, `"amount":1000.5`, 1), 400, flash.CodeInvalidAmount},
		{"amount below min", flBody("V5", 199), 400, flash.CodeAmountOutOfRange},
		{"amount above max", flBody("V6", 100001), 400, flash.CodeAmountOutOfRange},
		{"product string", flBody("V7", 1000, "productCode", "1001"), 400, flash.CodeInvalidProduct},
		{"product unknown", flBody("V8", 1000, "productCode", 42), 400, flash.CodeInvalidProduct},
		{"product not cellular", flBody("V9", 10000, "productCode", 3001), 400, flash.CodeInvalidProduct},
		{"product inactive", flBody("V10", 1000, "productCode", 1005), 400, flash.CodeProductUnavailable},
		{"mobile number", flBody("V11", 1000, "mobileNumber", 27821234567), 400, flash.CodeInvalidMobileNumber},
		{"mobile local", flBody("V12", 1000, "mobileNumber", "0821234567"), 400, flash.CodeInvalidMobileNumber},
		{"mobile 270", flBody("V13", 1000, "mobileNumber", "27082123456"), 400, flash.CodeInvalidMobileNumber},
		{"mobile missing", flBody("V14", 1000, "mobileNumber", nil), 400, flash.CodeInvalidMobileNumber},
		{"store id", flBody("V15", 1000, "storeId", "S-1"), 400, flash.CodeInvalidStoreTerminal},
		{"metadata count", flBody("V16", 1000, "metadata", map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6", "g": "7", "h": "8", "i": "9", "j": "10"}), 400, flash.CodeInvalidMetadata},
		{"metadata name", flBody("V17", 1000, "metadata", map[string]string{"elevenchars": "1"}), 400, flash.CodeInvalidMetadata},
		{"metadata value", flBody("V18", 1000, "metadata", map[string]string{"k": strings.Repeat("x", 44)}), 400, flash.CodeInvalidMetadata},
		{"metadata number", flBody("V19", 1000, "metadata", map[string]int{"k": 1}), 400, flash.CodeInvalidMetadata},
		{"reference charset", flBody("V 20", 1000), 400, flash.CodeInvalidReference},
		{"reference long", flBody(strings.Repeat("R", 41), 1000), 400, flash.CodeInvalidReference},
		{"not JSON", `{"reference":`, 400, flash.CodeInvalidRequest},
		{"ok at limits", flBody("V21", 100000, "metadata", map[string]string{"tenchars10": strings.Repeat("é", 43)}), 200, flash.CodeSuccess},
	}
	e := newFlEnv(t, Options{})
	for _, c := range cases {
		status, body := e.buy(c.body)
		if status != c.status || flCode(t, body) != int(c.code) {
			t.Errorf("%s: got %d %s, want %d code %d", c.name, status, body, c.status, c.code)
		}
	}
	// A declined reference keeps its answer too.
	s1, b1 := e.buy(flBody("V5", 199))
	if s1 != http.StatusBadRequest || flCode(t, b1) != int(flash.CodeAmountOutOfRange) || e.srv.Applied("V5") != 0 {
		t.Errorf("resend of a decline: %d %s", s1, b1)
	}
}

func TestFlashFaults(t *testing.T) {
	e := newFlEnv(t, Options{SlowDelay: 50 * time.Millisecond, HoldMax: 200 * time.Millisecond})
	type first struct {
		status int
		code   int // -1: no answer or no JSON code
	}
	cases := []struct {
		cents   int64
		first   first
		applied int
	}{
		{1091, first{-1, -1}, 1},  // lost answer (held, then dropped)
		{1092, first{503, -1}, 1}, // 5xx
		{1093, first{200, -1}, 1}, // truncated JSON
		{1094, first{200, int(flash.CodeInsufficientBalance)}, 0},
		{1095, first{401, -1}, 0},
		{1096, first{200, 0}, 1}, // slow
		{1097, first{-1, -1}, 1}, // reset
		{1098, first{200, int(flash.CodeUpstreamError)}, 1},
	}
	for _, c := range cases {
		ref := fmt.Sprintf("FAULT-%d", c.cents)
		body := flBody(ref, c.cents)
		status, got := -1, []byte(nil)
		req, _ := http.NewRequest(http.MethodPost, e.base+"/aggregation/4.0/cellular/pinless/purchase", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.tok)
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			status = resp.StatusCode
			got, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		code := -1
		var v struct{ ResponseCode *int }
		if json.Unmarshal(got, &v) == nil && v.ResponseCode != nil {
			code = *v.ResponseCode
		}
		if (first{status, code}) != c.first {
			t.Errorf(".%d first answer: %d %q, want %+v", c.cents%100, status, got, c.first)
		}
		if n := e.srv.Applied(ref); n != c.applied {
			t.Errorf(".%d applied %d after the first request, want %d", c.cents%100, n, c.applied)
		}
		// The resend gets the original answer; a fault never fires twice
		// and nothing is applied twice.
		status, got = e.buy(body)
		wantCode, wantApplied := 0, 1
		if c.cents == 1094 {
			wantCode, wantApplied = int(flash.CodeInsufficientBalance), 0
		}
		if status != 200 || flCode(t, got) != wantCode {
			t.Errorf(".%d resend: %d %s", c.cents%100, status, got)
		}
		if n := e.srv.Applied(ref); n != wantApplied {
			t.Errorf(".%d applied %d after the resend, want %d", c.cents%100, n, wantApplied)
		}
		if n := e.srv.Requests(ref); n != 2 {
			t.Errorf(".%d: %d requests counted, want 2", c.cents%100, n)
		}
	}
	if FaultFor(1000) != FaultNone || FaultFor(1091) != FaultLostAnswer || FaultFor(99) != FaultNone {
		t.Error("FaultFor")
	}
}

func TestFlashPersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	e := newFlEnv(t, Options{StatePath: path})
	_, b1 := e.buy(flBody("P-1", 1000))
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", info, err)
	}

	e2 := newFlEnv(t, Options{StatePath: path}) // a restart: tokens are gone, sales are not
	_, b2 := e2.buy(flBody("P-1", 1000))
	if !bytes.Equal(b1, b2) || e2.srv.Applied("P-1") != 1 {
		t.Errorf("after restart:\n%s\n%s", b1, b2)
	}
	_, b3 := e2.buy(flBody("P-2", 1000))
	var a1, a3 struct{ TransactionID int64 }
	_ = json.Unmarshal(b1, &a1)
	_ = json.Unmarshal(b3, &a3)
	if a3.TransactionID <= a1.TransactionID {
		t.Errorf("transaction ids went back: %d then %d", a1.TransactionID, a3.TransactionID)
	}

	// Admin: applied and reset.
	status, body := e2.do(flReq(http.MethodGet, strings.TrimSuffix(e2.base, FlashPrefix)+AdminPrefix+"/flash/applied?reference=P-1"))
	if status != 200 || !strings.Contains(string(body), `"applied":1`) {
		t.Errorf("admin applied: %d %s", status, body)
	}
	status, _ = e2.do(flReq(http.MethodPost, strings.TrimSuffix(e2.base, FlashPrefix)+AdminPrefix+"/reset"))
	if status != 200 || e2.srv.Applied("P-1") != 0 {
		t.Errorf("reset: %d, applied %d", status, e2.srv.Applied("P-1"))
	}

	// A corrupt state file is refused, not silently forgotten.
	if err := os.WriteFile(path, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := New(Options{StatePath: path})
	if _, err := bad.Start("127.0.0.1:0"); err == nil || bad.Err() == nil {
		t.Error("corrupt state accepted")
	}
}

func flReq(method, u string) *http.Request {
	r, _ := http.NewRequest(method, u, nil)
	return r
}

func TestStartRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{":8700", "0.0.0.0:0", "192.0.2.1:0"} {
		if _, err := New(Options{}).Start(addr); err == nil {
			t.Errorf("Start(%q) accepted", addr)
		}
	}
}
