package oneflow

import (
	"net/http"
	"testing"

	"till/providers"
	"till/sale"
)

// TestAssumedOverrides: [oneflow.statuses] and [oneflow.decline_http]
// replace the defaults; a word or status they do not list is in doubt.
func TestAssumedOverrides(t *testing.T) {
	tb, err := newTables(Options{
		Statuses:    providers.Statuses{"done": sale.ResultDelivered, "queued": sale.ResultPending, "rejected": sale.ResultDeclined},
		DeclineHTTP: []int{http.StatusConflict},
	})
	if err != nil {
		t.Fatal(err)
	}
	w := want{target: sale.Target{Kind: sale.TargetDevice, Value: "68753500140920"}, amount: sale.New(10050, sale.KES), id: "rc_1", t: &tb}
	for word, r := range map[string]sale.Result{"queued": sale.ResultPending, "rejected": sale.ResultDeclined,
		"PENDING": sale.ResultInDoubt, "FAILED": sale.ResultInDoubt} {
		body := `{"success":true,"data":{"id":"rc_1","status":"` + word + `"}}`
		if got := parseStatus(200, []byte(body), w, sale.KES); got.Result != r {
			t.Errorf("%s: %+v, want %s", word, got, r)
		}
	}
	if got := parseInitiate(409, []byte(`{"success":false,"message":"busy"}`), w, sale.KES); got.Result != sale.ResultDeclined || got.ProviderMessage != "busy" {
		t.Errorf("configured decline: %+v", got)
	}
	if got := parseInitiate(422, []byte(`{"success":false,"message":"no"}`), w, sale.KES); got.Result != sale.ResultInDoubt || got.ProviderMessage != "no" {
		t.Errorf("a status the config does not list: %+v", got)
	}
	for _, bad := range []Options{{DeclineHTTP: []int{500}}, {DeclineHTTP: []int{401}}, {Statuses: providers.Statuses{"x": sale.ResultInDoubt}}} {
		if _, err := newTables(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
