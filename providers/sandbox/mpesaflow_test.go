package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// tnCall sends one request and decodes a JSON answer.
func tnCall(t *testing.T, method, url, auth, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m
}

func mfBody(ref, amount, receipt string) string {
	return `{"amount":` + amount + `,"currency":"kes","provider":"mpesa","providerReference":"` + ref +
		`","description":"d","status":"completed","type":"payment","origin":"api",` +
		`"metadata":{"provider":"mpesa","callbackResult":{"receiptNumber":"` + receipt + `","phoneNumber":"254712345678"}}}`
}

func TestMpesaFlowSimValidation(t *testing.T) {
	srv := httptest.NewServer(http.StripPrefix(MpesaFlowPrefix, NewMpesaFlowSim(MpesaFlowOptions{})))
	defer srv.Close()
	u := srv.URL + MpesaFlowPrefix + "/transactions"
	for name, body := range map[string]string{
		"amount as a number":   mfBody("R-1", `100`, "QKJ4ABCD12"),
		"three decimals":       mfBody("R-1", `"100.005"`, "QKJ4ABCD12"),
		"bad receipt":          mfBody("R-1", `"100.00"`, "qkj4abcd12"),
		"no reference":         mfBody("", `"100.00"`, "QKJ4ABCD12"),
		"upper-case currency":  strings.Replace(mfBody("R-1", `"100.00"`, "QKJ4ABCD12"), `"kes"`, `"KES"`, 1),
		"unknown status":       strings.Replace(mfBody("R-1", `"100.00"`, "QKJ4ABCD12"), `"completed"`, `"done"`, 1),
		"callback amount diff": strings.Replace(mfBody("R-1", `"100.00"`, "QKJ4ABCD12"), `"receiptNumber"`, `"amount":100.01,"receiptNumber"`, 1),
	} {
		if st, m := tnCall(t, http.MethodPost, u, MpesaFlowAPIKey, body); st != http.StatusBadRequest || m["success"] != false {
			t.Errorf("%s: %d %v", name, st, m)
		}
	}
	if st, _ := tnCall(t, http.MethodPost, u, "nope", mfBody("R-1", `"1.00"`, "QKJ4ABCD12")); st != http.StatusUnauthorized {
		t.Errorf("bad key: %d", st)
	}
	st, m := tnCall(t, http.MethodPost, u, MpesaFlowAPIKey, mfBody("R-1", `"100.5"`, "QKJ4ABCD12"))
	data, _ := m["data"].(map[string]any)
	if st != 200 || data["amount"] != "100.50" || data["providerReference"] != "R-1" || data["paidAt"] == nil {
		t.Errorf("valid: %d %v", st, m)
	}
}

func TestMpesaFlowSimConcurrentSameReferenceRecordsOnce(t *testing.T) {
	sim := NewMpesaFlowSim(MpesaFlowOptions{})
	srv := httptest.NewServer(http.StripPrefix(MpesaFlowPrefix, sim))
	defer srv.Close()
	var wg sync.WaitGroup
	ids := make(chan any, 8)
	for range 8 {
		wg.Go(func() {
			_, m := tnCall(t, http.MethodPost, srv.URL+MpesaFlowPrefix+"/transactions", MpesaFlowAPIKey, mfBody("R-2", `"10.00"`, "QKJ4ABCD13"))
			d, _ := m["data"].(map[string]any)
			ids <- d["id"]
		})
	}
	wg.Wait()
	close(ids)
	first := <-ids
	for id := range ids {
		if id != first || id == nil {
			t.Errorf("ids %v and %v", first, id)
		}
	}
	if sim.Records("R-2") != 1 || sim.Requests("R-2") != 8 {
		t.Errorf("records %d requests %d", sim.Records("R-2"), sim.Requests("R-2"))
	}
}

func TestTenderTriggersDocumented(t *testing.T) {
	for _, tr := range MpesaFlowTriggers() {
		if FaultFor(int64(100+tr.Cents)) != tr.Fault || tr.Does == "" {
			t.Errorf("mpesaflow .%d: %v", tr.Cents, tr.Fault)
		}
	}
	for _, tr := range FlutterwaveTriggers() {
		if FaultFor(int64(100+tr.Cents)) != tr.Fault || tr.Does == "" {
			t.Errorf("flutterwave .%d: %v", tr.Cents, tr.Fault)
		}
	}
	if len(FlutterwaveCards()) != 4 {
		t.Error("four demo cards")
	}
}
