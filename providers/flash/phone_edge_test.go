package flash

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"till/sale"
)

// TestMobileInFlashFormatAtTheEdge: whatever form of a South African number
// the order holds, Flash receives its own format (27XXXXXXXXX), read by the
// till's one phone parser.
func TestMobileInFlashFormatAtTheEdge(t *testing.T) {
	for _, typed := range []string{"27821234567", "0821234567", "+27 82 123 4567", "082-123-4567"} {
		f := newFake(t, answer(http.StatusOK, success(testRef, 1000)))
		s := airtime(testRef, 1000)
		s.Order.Target.Value = typed
		if got := newClient(t, f.srv.URL).Send(context.Background(), s); got.Result != sale.ResultDelivered {
			t.Fatalf("%q: %+v", typed, got)
		}
		var body struct{ MobileNumber string }
		if err := json.Unmarshal(f.purchases[0], &body); err != nil || body.MobileNumber != "27821234567" {
			t.Errorf("%q sent as %q (%v)", typed, body.MobileNumber, err)
		}
	}
}
