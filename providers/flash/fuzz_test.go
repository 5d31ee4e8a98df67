package flash

import (
	"encoding/json"
	"net/http"
	"testing"

	"till/sale"
)

// FuzzParsePurchase: the parser never panics, and Delivered only ever
// comes from a 200 whose JSON says responseCode 0, echoes our reference and
// carries a transaction id and the amount asked for.
func FuzzParsePurchase(f *testing.F) {
	f.Add(200, success(testRef, 1000))
	f.Add(200, success(testRef, 1000)[:70])
	f.Add(200, `{"responseCode":0}`)
	f.Add(200, `{"responseCode":"0","reference":"`+string(testRef)+`","transactionId":"x","amount":"1000"}`)
	f.Add(400, `{"responseCode":1008}`)
	f.Add(200, `{"responseCode":1011,"reference":"`+string(testRef)+`"}`)
	f.Add(503, `<html>`)
	f.Add(200, `[]`)
	f.Add(200, `null`)
	f.Add(401, ``)
	f.Fuzz(func(t *testing.T, status int, body string) {
		want := expect{ref: testRef, account: testAccount, cents: 1000, items: cellularItems, resend: status%2 == 0}
		out := parsePurchase(status, []byte(body), want)
		switch out.Result {
		case sale.ResultDelivered, sale.ResultDeclined, sale.ResultInDoubt:
		case sale.ResultNotSent:
			if status != http.StatusUnauthorized {
				t.Fatalf("not sent from status %d", status)
			}
		default:
			t.Fatalf("result %q", out.Result)
		}
		if out.Message == "" {
			t.Fatal("empty message")
		}
		if out.Result != sale.ResultDelivered {
			return
		}
		var v struct {
			ResponseCode  json.Number `json:"responseCode"`
			Reference     string      `json:"reference"`
			TransactionID any         `json:"transactionId"`
			Amount        json.Number `json:"amount"`
		}
		if status != http.StatusOK || !json.Valid([]byte(body)) || json.Unmarshal([]byte(body), &v) != nil {
			t.Fatalf("delivered from status %d body %q", status, body)
		}
		if v.Reference != string(testRef) || v.TransactionID == nil || out.ProviderRef == "" || out.Amount != sale.New(1000, sale.ZAR) {
			t.Fatalf("delivered without proof: %q -> %+v", body, out)
		}
		if n, err := v.ResponseCode.Int64(); err != nil || n != 0 {
			t.Fatalf("delivered with responseCode %q", v.ResponseCode)
		}
	})
}
