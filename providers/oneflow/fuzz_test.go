package oneflow

import (
	"encoding/json"
	"strings"
	"testing"

	"till/providers"
	"till/sale"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{completed, accepted, `{}`, `null`, `[]`, `{"data":{"id":1}}`,
		`{"success":true,"data":{"id":"a","status":"COMPLETED","amount":100.5}}`,
		`{"success":true,"data":{"id":"800cb2a6-1b5f-4e5d-aba0-22550fab12bb","status":"COMPLETED","amount":1e400,"currency":"KES"}}`,
		`{"success":true,"data":{"id":"800cb2a6-1b5f-4e5d-aba0-22550fab12bb","status":"COMPLETED","amount":-100.5,"currency":"KES"}}`,
		`{"data":{"status":"COMPLETED","amount":"100.50","currency":"kes"}}`} {
		for _, st := range []int{200, 202, 400, 401, 404, 422, 500} {
			f.Add(st, []byte(s))
		}
	}
}

// FuzzParseStatus: never panics, and Delivered only for an answer that
// really says COMPLETED for exactly the amount asked.
func FuzzParseStatus(f *testing.F) {
	fuzzSeeds(f)
	w := want{target: device("68753500140920"), amount: sale.New(10050, sale.KES), id: recID}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		out := parseStatus(status, body, w, sale.KES)
		checkOutcome(t, out)
		if out.PendingID != recID {
			t.Fatalf("PendingID = %q: a polled sale must stay pollable", out.PendingID)
		}
		if out.Result != sale.ResultDelivered {
			return
		}
		var env envelope[recharge]
		if status != 200 || providers.DecodeJSON(body, &env) != nil || env.Data == nil || env.Data.Amount == nil {
			t.Fatalf("delivered from status %d body %q", status, body)
		}
		if !strings.EqualFold(strings.TrimSpace(string(env.Data.Status)), StatusCompleted) {
			t.Fatalf("delivered with status %q", env.Data.Status)
		}
		if m, err := providers.MoneyFromMajor(*env.Data.Amount, sale.KES); err != nil || m != w.amount || out.Amount != w.amount {
			t.Fatalf("delivered with amount %q (%v)", *env.Data.Amount, err)
		}
	})
}

// FuzzParseInitiate: never panics, never Delivered, and Pending only with
// a usable recharge id.
func FuzzParseInitiate(f *testing.F) {
	fuzzSeeds(f)
	w := want{target: device("68753500140920"), amount: sale.New(10050, sale.KES)}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		out := parseInitiate(status, body, w, sale.KES)
		checkOutcome(t, out)
		switch out.Result {
		case sale.ResultDelivered, sale.ResultNotSent:
			t.Fatalf("initiation answer classified %s", out.Result)
		case sale.ResultPending:
			if !validID(out.PendingID) || status < 200 || status > 299 {
				t.Fatalf("pending with id %q from status %d", out.PendingID, status)
			}
		case sale.ResultDeclined:
			if status != 401 && !declineStatuses[status] {
				t.Fatalf("declined on status %d", status)
			}
		}
		if out.PendingID != "" && !validID(out.PendingID) {
			t.Fatalf("unusable PendingID %q", out.PendingID)
		}
	})
}

func FuzzParseLookup(f *testing.F) {
	for _, s := range []string{`{"success":true,"data":{"name":"J","devices":[{"serialNumber":"1","cardIds":["a",1,null]}]}}`, `{"data":[]}`, `{}`} {
		f.Add(200, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		cu, err := parseLookup(status, body, "device 1")
		if err != nil {
			if code := sale.ErrorCode(err); code == sale.CodeInternal {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, s := range append([]string{cu.Name, cu.Phone}, func() (v []string) {
			for _, d := range cu.Devices {
				v = append(v, d.ID, d.Type, d.Name)
				v = append(v, d.CardIDs...)
			}
			return v
		}()...) {
			if s != providers.Clean(s) {
				t.Fatalf("uncleaned %q", s)
			}
		}
		for _, d := range cu.Devices {
			if CheckTargetID(d.ID) != nil {
				t.Fatalf("unrechargeable device %q", d.ID)
			}
		}
	})
}

// checkOutcome: a known result, and every string cleaned.
func checkOutcome(t *testing.T, out sale.Outcome) {
	t.Helper()
	if _, err := sale.StateFor(out.Result); err != nil {
		t.Fatalf("unknown result %q", out.Result)
	}
	strs := []string{out.Code, out.Message, out.ProviderRef, out.PendingID}
	for _, it := range out.Items {
		strs = append(strs, it.Label, it.Value)
	}
	for _, s := range strs {
		if s != providers.Clean(s) {
			t.Fatalf("uncleaned string %q", s)
		}
	}
	if _, err := json.Marshal(out); err != nil {
		t.Fatal(err)
	}
}
