package flowix

import (
	"strings"
	"testing"

	"till/providers"
	"till/sale"
)

// TestAssumedOverrides: the status words and declined codes of the config
// replace the assumed defaults as a whole; what they do not list is in
// doubt, and Flowix's own message travels with the outcome.
func TestAssumedOverrides(t *testing.T) {
	o := Options{
		Statuses: providers.Statuses{"SUKSES": sale.ResultDelivered, "proses": sale.ResultPending, "gagal": sale.ResultDeclined},
		Declined: []Code{499},
	}
	tb, err := newTables(o)
	if err != nil {
		t.Fatal(err)
	}
	s := sale.Sale{Ref: "R-1", Order: sale.Order{Product: "TSEL10", Amount: sale.New(10000, sale.IDR)}}
	ref := providers.FlexString("R-1")
	for status, want := range map[string]sale.Result{
		"sukses": sale.ResultDelivered, "proses": sale.ResultPending, "gagal": sale.ResultDeclined,
		"success": sale.ResultInDoubt, "failed": sale.ResultInDoubt,
	} {
		got := tb.trxOutcome(s, trxData{RefID: &ref, Status: providers.FlexString(status)}, "R-1")
		if got.Result != want {
			t.Errorf("status %q: %s, want %s", status, got.Result, want)
		}
	}
	for code, want := range map[string]sale.Result{"499": sale.ResultDeclined, "400": sale.ResultInDoubt} {
		_, err := tb.decode("transaction/create", 200, []byte(`{"success":false,"code":`+code+`,"message":"Saldo tidak cukup\u001b[2J"}`))
		out := failure(err)
		if out.Result != want || out.ProviderMessage != "Saldo tidak cukup" || !strings.Contains(out.Message, "Saldo tidak cukup") {
			t.Errorf("code %s: %+v, want %s with Flowix's words", code, out, want)
		}
	}
	// The webhook handler of a client reads words as the client does.
	c, err := New(Options{BaseURL: "http://127.0.0.1:1", APIKey: "k", MerchantID: "M", WebhookSecret: "w", Statuses: o.Statuses})
	if err != nil {
		t.Fatal(err)
	}
	h := c.WebhookHandler(nil)
	e := Event{Type: EventTransaction, Status: "sukses", tables: h.tables}
	if e.Result() != sale.ResultDelivered {
		t.Errorf("webhook: %s", e.Result())
	}
	if (Event{Type: EventTransaction, Status: "sukses"}).Result() != sale.ResultInDoubt {
		t.Error("without the client's tables, an unknown word must be in doubt")
	}
	if _, err := newTables(Options{Declined: []Code{CodeOK}}); err == nil {
		t.Error("200 accepted as a decline")
	}
	if _, err := newTables(Options{Statuses: providers.Statuses{"x": sale.ResultInDoubt}}); err == nil {
		t.Error("a word meaning in doubt accepted")
	}
}
