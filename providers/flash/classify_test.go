package flash

import (
	"net/http"
	"strings"
	"testing"

	"till/sale"
)

// TestClassifyConfiguredCodes: the code table in force decides. With the
// defaults, the till's own message; under [flash.response_codes], a listed
// code is declined in Flash's own words (a number may mean something else
// at this Flash), in doubt on a resend; an unlisted code, even one the
// defaults decline, is in doubt; Flash's words always go with it.
func TestClassifyConfiguredCodes(t *testing.T) {
	body := func(code int, msg string) []byte {
		return []byte(`{"responseCode":` + Code(code).String() + `,"responseMessage":"` + msg + `","reference":"` + string(testRef) + `"}`)
	}
	def := expect{ref: testRef, account: testAccount, cents: 1000}
	got := parsePurchase(http.StatusOK, body(1011, "Low balance"), def)
	if info, _ := Lookup(1011); got.Result != sale.ResultDeclined || !strings.HasPrefix(got.Message, info.Message) || got.ProviderMessage != "Low balance" {
		t.Errorf("default decline: %+v", got)
	}
	conf := def
	conf.declined = map[Code]bool{2400: true, 1011: true}
	for _, tc := range []struct {
		code   int
		resend bool
		want   sale.Result
	}{
		{2400, false, sale.ResultDeclined},
		{1011, false, sale.ResultDeclined},
		{2400, true, sale.ResultInDoubt},
		{1004, false, sale.ResultInDoubt}, // declined by the defaults, not by this config
		{2405, false, sale.ResultInDoubt},
	} {
		w := conf
		w.resend = tc.resend
		got := parsePurchase(http.StatusOK, body(tc.code, "Declined: words"), w)
		if got.Result != tc.want || got.ProviderMessage != "Declined: words" || !strings.Contains(got.Message, "Flash said") {
			t.Errorf("code %d (resend %v): %+v, want %s", tc.code, tc.resend, got, tc.want)
		}
		if info, _ := Lookup(Code(tc.code)); info.Message != "" && strings.Contains(got.Message, info.Message) {
			t.Errorf("code %d: the till's own meaning of the number used under an override: %s", tc.code, got.Message)
		}
	}
}
