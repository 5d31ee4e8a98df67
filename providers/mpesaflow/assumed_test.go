package mpesaflow

import (
	"testing"

	"till/providers"
	"till/sale"
)

// TestAssumedStatuses: [mpesaflow.statuses] replaces the record words; a
// word it does not list is in doubt; a failed record is never delivered.
func TestAssumedStatuses(t *testing.T) {
	st, err := checkStatuses(providers.Statuses{"Imekamilika": sale.ResultDelivered, "imeshindwa": sale.ResultDeclined})
	if err != nil {
		t.Fatal(err)
	}
	want := expect{ref: "R-1", amount: sale.New(10000, sale.KES), receipt: "QKJ4ABCD12", statuses: st}
	rec := func(status string) *record {
		amt := providers.FlexString("100")
		ref := providers.FlexString("R-1")
		return &record{ID: "tx1", Amount: &amt, Currency: "kes", ProviderReference: &ref, Status: providers.FlexString(status), DeclineReason: "card\u001b[2J blocked"}
	}
	for word, r := range map[string]sale.Result{"imekamilika": sale.ResultDelivered, "completed": sale.ResultInDoubt, "imeshindwa": sale.ResultInDoubt} {
		if got := recorded(rec(word), want); got.Result != r {
			t.Errorf("%s: %+v, want %s", word, got, r)
		}
	}
	if got := recorded(rec("imeshindwa"), want); got.Code != codeRecordFailed || got.ProviderMessage != "card blocked" {
		t.Errorf("failed record: %+v", got)
	}
	if _, err := checkStatuses(providers.Statuses{"x": sale.ResultInDoubt}); err == nil {
		t.Error("a word meaning in doubt accepted")
	}
}
