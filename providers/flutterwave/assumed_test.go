package flutterwave

import (
	"testing"

	"till/providers"
	"till/sale"
)

// TestAssumedOverrides: [flutterwave.statuses] and
// [flutterwave.decline_messages] replace the defaults; what they do not
// list is in doubt.
func TestAssumedOverrides(t *testing.T) {
	tb, err := newTables(Options{
		Statuses:        providers.Statuses{"completed": sale.ResultDelivered, "pending": sale.ResultPending, "rejected": sale.ResultDeclined},
		DeclineMessages: []string{"Card blocked by issuer."},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := expect{ref: "R-1", amount: sale.New(5000, sale.NGN), t: &tb}
	for status, r := range map[string]sale.Result{"completed": sale.ResultDelivered, "rejected": sale.ResultDeclined,
		"successful": sale.ResultInDoubt, "failed": sale.ResultInDoubt} {
		tx := Transaction{TxRef: "R-1", Status: status, Amount: sale.New(5000, sale.NGN)}
		if got := classify(tx, want); got.Result != r {
			t.Errorf("%s: %+v, want %s", status, got, r)
		}
	}
	if code, ok := tb.declineCode("card BLOCKED by issuer"); !ok || code != "declined" {
		t.Errorf("configured message: %q %v", code, ok)
	}
	if _, ok := tb.declineCode("insufficient funds"); ok {
		t.Error("a default message survived the override")
	}
	if _, err := newTables(Options{DeclineMessages: []string{" "}}); err == nil {
		t.Error("an empty message accepted")
	}
}
