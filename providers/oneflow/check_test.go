package oneflow

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"till/sale"
)

const recID = "800cb2a6-1b5f-4e5d-aba0-22550fab12bb"

// completed is the document's "Verify Recharge" example, with a KES
// currency so that it matches a KES sale of 100.50.
const completed = `{"success":true,"timestamp":1777890516031,"message":"success","data":{"id":"800cb2a6-1b5f-4e5d-aba0-22550fab12bb","serialNumber":"68753500140920","deviceType":"DEVICE","status":"COMPLETED","amount":100.5,"currency":"KES","litres":20.1,"pricePerLitre":5,"balance":150052,"createdAt":"2026-05-04T09:36:30.112536Z","completedAt":"2026-05-04T09:46:28.331923Z","customer":{"name":"Jane Doe","phoneNumber":"+254712345678"}}}`

func pendingSale(minor int64) sale.Sale {
	s := waterSale(device("68753500140920"), minor, sale.KES)
	s.State, s.PendingID = sale.StatePending, recID
	return s
}

func TestCheckCompleted(t *testing.T) {
	f := newFake(t)
	var path string
	f.status = func(w http.ResponseWriter, r *http.Request, _ int) { path = r.URL.Path; writeRaw(w, 200, completed) }
	c, _ := f.client(t)
	got := c.Check(context.Background(), pendingSale(10050))
	want := sale.Outcome{Result: sale.ResultDelivered, Code: "completed", Message: "Recharge completed",
		ProviderRef: recID, PendingID: recID, Amount: sale.New(10050, sale.KES),
		Items: []sale.Item{
			{Label: "Recharge ID", Value: recID},
			{Label: "Device", Value: "68753500140920"},
			{Label: "Customer", Value: "Jane Doe"},
			{Label: "Amount", Value: "KES 100.50"},
			{Label: "Currency", Value: "KES"},
			{Label: "Litres", Value: "20.1 L"},
			{Label: "Price per litre", Value: "KES 5.00"},
			{Label: "Balance", Value: "150052 ml"},
			{Label: "Completed", Value: "2026-05-04T09:46:28.331923Z"},
		}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Check (-want +got):\n%s", d)
	}
	if path != pathRecharge+"/"+recID {
		t.Errorf("path = %q", path)
	}
}

func TestCheckAnswers(t *testing.T) {
	doc := func(repl ...string) string { return strings.NewReplacer(repl...).Replace(completed) }
	for _, tc := range []struct {
		name   string
		status int
		body   string
		result sale.Result
		code   string
	}{
		{"pending", 200, doc(`"COMPLETED"`, `"PENDING"`), sale.ResultPending, "pending"},
		{"failed", 200, doc(`"COMPLETED"`, `"FAILED"`), sale.ResultDeclined, "failed"},
		{"lower case completed", 200, doc(`"COMPLETED"`, `"completed"`), sale.ResultDelivered, "completed"},
		{"unknown status", 200, doc(`"COMPLETED"`, `"REVERSED"`), sale.ResultInDoubt, "unknown_status"},
		{"no status", 200, doc(`"status":"COMPLETED",`, ``), sale.ResultInDoubt, "unknown_status"},
		{"status a number", 200, doc(`"COMPLETED"`, `1`), sale.ResultInDoubt, "unknown_status"},
		{"another amount", 200, doc(`100.5`, `100.51`), sale.ResultInDoubt, "mismatch"},
		{"too many decimals", 200, doc(`100.5`, `100.505`), sale.ResultInDoubt, "mismatch"},
		{"trailing zeros", 200, doc(`100.5`, `100.500`), sale.ResultDelivered, "completed"},
		{"exponent", 200, doc(`100.5`, `1.005e2`), sale.ResultInDoubt, "mismatch"},
		{"amount a string", 200, doc(`100.5`, `"100.50"`), sale.ResultDelivered, "completed"},
		{"amount garbage string", 200, doc(`100.5`, `"lots"`), sale.ResultInDoubt, "malformed"},
		{"no amount", 200, doc(`"amount":100.5,`, ``), sale.ResultInDoubt, "malformed"},
		{"another currency", 200, doc(`"KES"`, `"GHS"`), sale.ResultInDoubt, "mismatch"},
		{"unknown currency", 200, doc(`"KES"`, `"UGX"`), sale.ResultInDoubt, "mismatch"},
		{"no currency: the till's", 200, doc(`"currency":"KES",`, ``), sale.ResultDelivered, "completed"},
		{"another device", 200, doc(`"serialNumber":"68753500140920"`, `"serialNumber":"1"`), sale.ResultInDoubt, "mismatch"},
		{"another recharge", 200, doc(recID, "other"), sale.ResultInDoubt, "id_mismatch"},
		{"success false", 200, doc(`"success":true`, `"success":false`), sale.ResultInDoubt, "unsuccessful"},
		{"null data", 200, `{"success":true,"data":null}`, sale.ResultInDoubt, "malformed"},
		{"truncated", 200, completed[:100], sale.ResultInDoubt, "malformed"},
		{"not JSON", 200, `<html>`, sale.ResultInDoubt, "malformed"},
		{"404", 404, `{"success":false}`, sale.ResultInDoubt, "http_404"},
		{"500", 500, ``, sale.ResultInDoubt, "http_500"},
		{"401 twice", 401, ``, sale.ResultInDoubt, "http_401"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.status = status(tc.status, tc.body)
			c, _ := f.client(t)
			got := c.Check(context.Background(), pendingSale(10050))
			if got.Result != tc.result || got.Code != tc.code {
				t.Errorf("Check = %s/%s (%s), want %s/%s", got.Result, got.Code, got.Message, tc.result, tc.code)
			}
			if got.PendingID != recID {
				t.Errorf("PendingID = %q: the sale must stay pollable", got.PendingID)
			}
		})
	}
}

func TestCheckWithoutID(t *testing.T) {
	f := newFake(t)
	c, _ := f.client(t)
	s := waterSale(device("68753500140920"), 100, sale.KES)
	s.State = sale.StateInDoubt
	if got := c.Check(context.Background(), s); got.Result != sale.ResultInDoubt {
		t.Errorf("Check without an id = %+v", got)
	}
	s.PendingID = "../../token"
	if got := c.Check(context.Background(), s); got.Result != sale.ResultInDoubt {
		t.Errorf("Check with a bad id = %+v", got)
	}
	if n := len(f.counts); n != 0 {
		t.Errorf("requests sent: %v", f.counts)
	}
	if got := c.Settlement(waterSale(device("1"), 1, sale.KES)); got != sale.SettleSupervisor {
		t.Errorf("Settlement without an id = %v", got)
	}
}

func TestCheckUnreachable(t *testing.T) {
	f := newFake(t)
	c, _ := f.client(t)
	f.srv.Close()
	got := c.Check(context.Background(), pendingSale(100))
	if got.Result != sale.ResultInDoubt || got.PendingID != recID {
		t.Errorf("Check with 1Flow down = %+v, want in doubt (the engine keeps it pending)", got)
	}
}

// TestCleaned: provider strings reach the cashier without control characters.
func TestCleaned(t *testing.T) {
	f := newFake(t)
	f.recharge = status(422, `{"success":false,"message":"Device \u001b[31mblocked\u001b[0m\r\nnow\u0007"}`)
	f.status = status(200, strings.Replace(completed, `"Jane Doe"`, `"Jane\u001b]0;pwned\u0007 Doe\u202e"`, 1))
	c, _ := f.client(t)
	out := c.Send(context.Background(), waterSale(device("68753500140920"), 10050, sale.KES))
	if out.Result != sale.ResultDeclined || out.Message != "1Flow refused the recharge (HTTP 422). Nothing was sold. 1Flow said: \u201cDevice blocked now\u201d" ||
		out.ProviderMessage != "Device blocked now" {
		t.Errorf("Send = %+v", out)
	}
	got := c.Check(context.Background(), pendingSale(10050))
	if got.Items[2] != (sale.Item{Label: "Customer", Value: "Jane Doe"}) {
		t.Errorf("customer item = %+v", got.Items[2])
	}
}
