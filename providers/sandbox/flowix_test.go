package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/providers/flowix"
	"till/sale"
)

// fxCall sends one request to the simulator with the demo credentials.
func fxCall(t *testing.T, base, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(flowix.HeaderAPIKey, FlowixAPIKey)
	req.Header.Set(flowix.HeaderMerchantID, FlowixMerchantID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func fxData(m map[string]any) map[string]any { d, _ := m["data"].(map[string]any); return d }

func TestFlowixMountedInServer(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	sb := New(Options{StatePath: state})
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if sb.Flowix() == nil {
		t.Fatal("no Flowix simulator")
	}
	api := base + FlowixPrefix
	trx := map[string]string{"service_code": "TSEL10", "target": "081234567890", "ref_id": "S1-T1-abc-1"}
	code, out := fxCall(t, api, http.MethodPost, "/transaction/create", trx)
	if code != 200 || out["success"] != true || fxData(out)["status"] != "processing" {
		t.Fatalf("%d %v", code, out)
	}
	// Idempotent on ref_id: the original, once; other content: 409.
	_, out = fxCall(t, api, http.MethodPost, "/transaction/create", trx)
	if fxData(out)["trx_id"] != float64(100001) {
		t.Fatalf("repeat %v", out)
	}
	other := map[string]string{"service_code": "TSEL25", "target": "081234567890", "ref_id": "S1-T1-abc-1"}
	if code, out = fxCall(t, api, http.MethodPost, "/transaction/create", other); code != 409 || out["code"] != float64(409) {
		t.Fatalf("conflict %d %v", code, out)
	}
	if sb.Applied("S1-T1-abc-1") != 1 || sb.Requests("S1-T1-abc-1") != 3 {
		t.Fatalf("applied %d requests %d", sb.Applied("S1-T1-abc-1"), sb.Requests("S1-T1-abc-1"))
	}
	// Status by GET ?ref_id= as well as POST.
	if code, out = fxCall(t, api, http.MethodGet, "/transaction/status?ref_id=S1-T1-abc-1", nil); code != 200 || fxData(out)["ref_id"] != "S1-T1-abc-1" {
		t.Fatalf("GET status %d %v", code, out)
	}
	if _, has := out["code"]; has {
		t.Error("status answers have no code, as documented")
	}
	// Admin: applied and deposit pay.
	resp, err := http.Get(base + FlowixAdminPrefix + "/applied?ref_id=S1-T1-abc-1")
	if err != nil {
		t.Fatal(err)
	}
	var applied map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&applied)
	resp.Body.Close()
	if applied["applied"] != float64(1) || applied["status"] != "processing" {
		t.Fatalf("applied %v", applied)
	}
	_, dep := fxCall(t, api, http.MethodPost, "/deposit/create", map[string]any{"amount": 50000, "method_code": "QRIS", "fee_by_customer": true})
	depRef, _ := fxData(dep)["ref_id"].(string)
	qr, _ := fxData(dep)["payment_data"].(map[string]any)["qr"].(map[string]any)["string"].(string)
	if q, err := flowix.ParseQRIS(qr); err != nil || q.MerchantName != "TOKO DEMO" || q.Amount != sale.New(50700, sale.IDR) || q.Templates["62"]["01"] != depRef {
		t.Fatalf("QRIS %+v %v", q, err)
	}
	resp, err = http.Post(base+FlowixAdminPrefix+"/deposit/pay?ref_id="+depRef, "", nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("pay: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, out = fxCall(t, api, http.MethodPost, "/deposit/status", map[string]string{"ref_id": depRef}); fxData(out)["status"] != "paid" {
		t.Fatalf("deposit %v", out)
	}
	_, acct := fxCall(t, api, http.MethodGet, "/account", nil)
	if fxData(acct)["balance"] != float64(FlowixStartBalance-10500+50000) {
		t.Fatalf("balance %v", fxData(acct)["balance"])
	}
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}

	// A restart with the same state file remembers the sales and balance.
	sb2 := New(Options{StatePath: state})
	base2, err := sb2.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sb2.Close()
	if _, out = fxCall(t, base2+FlowixPrefix, http.MethodPost, "/transaction/status", map[string]string{"ref_id": "S1-T1-abc-1"}); fxData(out)["ref_id"] != "S1-T1-abc-1" {
		t.Fatalf("after restart %v", out)
	}
	if sb2.Applied(depRef) != 1 || sb2.Flowix().Balance() != FlowixStartBalance-10500+50000 {
		t.Fatalf("after restart: applied %d balance %d", sb2.Applied(depRef), sb2.Flowix().Balance())
	}
	if err := sb2.Reset(); err != nil || sb2.Flowix().Balance() != FlowixStartBalance || sb2.Applied("S1-T1-abc-1") != 0 {
		t.Fatalf("reset: %v", err)
	}
}

func TestFlowixChecksHeaders(t *testing.T) {
	f := NewFlowixSim(FlowixOptions{})
	defer f.Close()
	srv := httptest.NewServer(f)
	defer srv.Close()
	api := srv.URL + FlowixPrefix
	for name, req := range map[string]*http.Request{
		"none":         mustReq(http.MethodGet, api+"/account", "", nil),
		"wrong key":    mustReq(http.MethodGet, api+"/account", "", map[string]string{"api_key": "sk-nope", "merchant_id": FlowixMerchantID}),
		"key in query": mustReq(http.MethodGet, api+"/account?api_key="+FlowixAPIKey+"&merchant_id="+FlowixMerchantID, "", nil),
		"key in body": mustReq(http.MethodPost, api+"/transaction/status",
			`{"ref_id":"x","api_key":"`+FlowixAPIKey+`","merchant_id":"`+FlowixMerchantID+`"}`, map[string]string{"Content-Type": "application/json"}),
	} {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var env map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if resp.StatusCode != 401 || env["success"] != false || env["code"] != float64(flowix.CodeUnauthorized) {
			t.Errorf("%s: %d %v", name, resp.StatusCode, env)
		}
	}
	if f.CredentialLeaks() != 2 {
		t.Fatalf("leaks = %d, want 2", f.CredentialLeaks())
	}
	if code, _ := fxCall(t, api, http.MethodGet, "/nope", nil); code != 404 {
		t.Fatalf("unknown path %d", code)
	}
}

func mustReq(method, url, body string, hdr map[string]string) *http.Request {
	r, _ := http.NewRequest(method, url, strings.NewReader(body))
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	return r
}

// A slow answer is held no longer than the client waits.
func TestFlowixSlowAndLost(t *testing.T) {
	f := NewFlowixSim(FlowixOptions{SlowDelay: 30 * time.Millisecond, HoldMax: 200 * time.Millisecond})
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer f.Close()
	start := time.Now()
	code, out := fxCall(t, srv.URL+FlowixPrefix, http.MethodPost, "/transaction/create",
		map[string]string{"service_code": "TSEL10", "target": "081234567896", "ref_id": "R-slow"})
	if code != 200 || fxData(out)["status"] != "processing" || time.Since(start) < 30*time.Millisecond {
		t.Fatalf("slow %d %v", code, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	b, _ := json.Marshal(map[string]string{"service_code": "TSEL10", "target": "081234567891", "ref_id": "R-lost"})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+FlowixPrefix+"/transaction/create", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(flowix.HeaderAPIKey, FlowixAPIKey)
	req.Header.Set(flowix.HeaderMerchantID, FlowixMerchantID)
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("a lost answer was answered")
	}
	if f.Applied("R-lost") != 1 {
		t.Fatal("the lost answer's sale was not applied")
	}
}

func TestFlowixTriggersDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, tr := range FlowixTriggers() {
		if len(tr.Suffix) != 2 || seen[tr.Suffix] || tr.Name == "" || tr.Till == "" || fxFault("0812"+tr.Suffix) != tr.Suffix {
			t.Errorf("trigger %+v", tr)
		}
		seen[tr.Suffix] = true
	}
	if fxFault("081234567890") != "" {
		t.Error("a plain number triggers a fault")
	}
}

// Each status endpoint answers for its own kind of record only: a
// transaction's reference asked at payout/status or deposit/status is not
// found there, an unknown reference nowhere, and a PUT is refused.
func TestFlowixStatusEndpointsByKind(t *testing.T) {
	sb := New(Options{})
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	api := base + FlowixPrefix
	trx := map[string]string{"service_code": "TSEL10", "target": "081234567890", "ref_id": "S1-T1-abc-1"}
	if code, out := fxCall(t, api, http.MethodPost, "/transaction/create", trx); code != 200 {
		t.Fatalf("create %d %v", code, out)
	}
	_, dep := fxCall(t, api, http.MethodPost, "/deposit/create", map[string]any{"amount": 50000, "method_code": "QRIS"})
	depRef, _ := fxData(dep)["ref_id"].(string)
	for _, tc := range []struct {
		path, ref string
		code      int
		message   string
	}{
		{"/transaction/status", "S1-T1-abc-1", 200, "Transaction status retrieved successfully."},
		{"/payout/status", "S1-T1-abc-1", 404, "Payout not found."},
		{"/deposit/status", "S1-T1-abc-1", 404, "Deposit not found."},
		{"/deposit/status", depRef, 200, "Deposit status retrieved successfully."},
		{"/transaction/status", depRef, 404, "Transaction not found."},
		{"/payout/status", "S1-T1-none-9", 404, "Payout not found."},
	} {
		code, out := fxCall(t, api, http.MethodPost, tc.path, map[string]string{"ref_id": tc.ref})
		if code != tc.code || out["message"] != tc.message {
			t.Errorf("%s %s: %d %v, want %d %q", tc.path, tc.ref, code, out, tc.code, tc.message)
		}
		if code == 200 && fxData(out)["ref_id"] != tc.ref {
			t.Errorf("%s %s: data %v", tc.path, tc.ref, fxData(out))
		}
	}
	for _, path := range []string{"/transaction/status", "/payout/status", "/deposit/status"} {
		if code, out := fxCall(t, api, http.MethodPut, path+"?ref_id=S1-T1-abc-1", nil); code != http.StatusMethodNotAllowed {
			t.Errorf("PUT %s: %d %v", path, code, out)
		}
	}
}
