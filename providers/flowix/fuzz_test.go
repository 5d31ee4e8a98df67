package flowix

import (
	"errors"
	"testing"

	"till/sale"
)

// FuzzDecode: whatever Flowix sends, only a 2xx success yields data, only
// an allow-listed code below HTTP 500 is a decline, and the rest is in
// doubt.
func FuzzDecode(f *testing.F) {
	f.Add(200, []byte(`{"success":true,"code":200,"message":"ok","data":{"ref_id":"R-1","status":"success"}}`))
	f.Add(402, []byte(`{"success":false,"code":402,"message":"Saldo"}`))
	f.Add(503, []byte(`{"success":false,"code":402}`))
	f.Add(200, []byte(`{"success":false,"code":"9e9"}`))
	f.Add(200, []byte(`{"success":true`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		data, err := defaultTables.decode("fuzz", status, body)
		if err == nil {
			if status < 200 || status > 299 {
				t.Fatalf("success on HTTP %d", status)
			}
			_ = data
			return
		}
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("not an *APIError: %T", err)
		}
		switch ae.Result {
		case sale.ResultInDoubt:
		case sale.ResultDeclined:
			info, ok := Lookup(ae.Code)
			if status >= 500 || !ok || info.Result != sale.ResultDeclined {
				t.Fatalf("declined code %d on HTTP %d", ae.Code, status)
			}
		default:
			t.Fatalf("result %s", ae.Result)
		}
		out := failure(err)
		if out.Result == sale.ResultDelivered || out.Result == sale.ResultPending {
			t.Fatalf("a failure became %s", out.Result)
		}
	})
}

// FuzzTrxOutcome: an answer is delivered only when it names our reference
// and says success.
func FuzzTrxOutcome(f *testing.F) {
	f.Add([]byte(`{"trx_id":1,"ref_id":"S1-T1-a-1","status":"success","sn":"1234-5678-9012-3456-7890/X","price":10500}`))
	f.Add([]byte(`{"ref_id":"S1-T1-a-1","status":"failed"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var d trxData
		if decodeData("x", body, &d) != nil {
			return
		}
		s := sale.Sale{Ref: "S1-T1-a-1", Order: sale.Order{Kind: sale.KindPulsa, Product: "PLN20", Amount: sale.New(10500, sale.IDR)}}
		out := defaultTables.trxOutcome(s, d, string(s.Ref))
		if out.Result == sale.ResultDelivered || out.Result == sale.ResultDeclined || out.Result == sale.ResultPending {
			if d.RefID == nil || string(*d.RefID) != "S1-T1-a-1" {
				t.Fatalf("%s without our reference", out.Result)
			}
		}
		if out.Result == sale.ResultDelivered && normStatus(d.Status) != "success" {
			t.Fatalf("delivered on status %q", d.Status)
		}
		for _, it := range out.Items {
			if it.Label == ItemToken && (!it.Secret || len(it.Value) != 24) {
				t.Fatalf("token item %+v", it)
			}
		}
	})
}

// FuzzParseEvent: a webhook body never panics the parser, and an accepted
// event has a usable id and reference.
func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(`{"id":"evt_1","event":"transaction.status","timestamp":1698223000,"data":{"reff_id":"TRX-1","status":"success"}}`))
	f.Add([]byte(`{"id":"evt_1","event":"deposit.status","timestamp":"1698223000","data":{"ref_id":"DEP-1","status":"paid"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := parseEvent(body)
		if err != nil {
			return
		}
		if !codeSafe(e.ID) || !codeSafe(e.Ref) || e.Status == "" {
			t.Fatalf("accepted %+v", e)
		}
	})
}
