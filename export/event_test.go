package export

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"till/sale"
)

// MaskEvent hides every secret and who the customer is, as a default export
// does, and leaves the event it was given unchanged.
func TestMaskEvent(t *testing.T) {
	vend, _ := json.Marshal(sale.Order{Provider: "flash", Kind: sale.KindAirtime, Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"},
		Amount: sale.New(1000, sale.ZAR), Params: map[string]string{"phone": "27829998888"}})
	e := sale.Event{Seq: 3, Type: sale.EventCreated, At: time.Now(), State: sale.StateNew,
		Order: &sale.Order{Provider: "flutterwave", Kind: sale.KindTenderCard, Target: sale.Target{Kind: sale.TargetCard, Value: "5399834567890123"},
			Amount: sale.New(1000, sale.ZAR), Secrets: map[string]string{"token": "flw-t1-SECRET"},
			Params: map[string]string{sale.ParamFor: string(vend), "email": "someone@example.com"}},
		Outcome: &sale.Outcome{Result: sale.ResultDelivered, Items: []sale.Item{{Label: "PIN", Value: "1234567890123456", Secret: true}, {Label: "Serial", Value: "SN77"}}},
		Cashier: &sale.Cashier{ID: "c1", Name: "Thandi", PIN: "fingerprint-abcdef"},
	}
	before, _ := json.Marshal(e)
	m := MaskEvent(e)
	after, _ := json.Marshal(e)
	if string(before) != string(after) {
		t.Fatalf("MaskEvent changed its argument:\n%s\n%s", before, after)
	}
	out, _ := json.Marshal(m)
	for _, leak := range []string{"flw-t1-SECRET", "1234567890123456", "12345678", "5399834567890123", "27821234567", "27829998888", "someone@", "fingerprint"} {
		if strings.Contains(string(out), leak) {
			t.Errorf("masked event holds %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{`"token":"[REDACTED]"`, `************3456`, `SN77`, `539**********123`, `278*****567`, `"seq":3`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("masked event lacks %q:\n%s", want, out)
		}
	}
	if MaskEvent(sale.Event{Order: &sale.Order{Params: map[string]string{sale.ParamFor: "not json"}}}).Order.Params[sale.ParamFor] != Redacted {
		t.Error("an unreadable paid-for order was not redacted whole")
	}
}
