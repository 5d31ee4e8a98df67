package flowix_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"till/providers/flowix"
	"till/providers/providertest"
	"till/sale"
)

const (
	fKey = "sk-test-9d8c-SECRET"
	fMID = "MID-TEST77"
)

// seen is one request as the scripted server saw it.
type seen struct {
	method, path, query string
	header              http.Header
	body                []byte
}

// scripted serves reply to every request and records what it saw.
type scripted struct {
	mu   sync.Mutex
	reqs []seen
	srv  *httptest.Server
	c    *flowix.Client
	logs bytes.Buffer
}

func newScripted(t *testing.T, timeout time.Duration, reply http.HandlerFunc) *scripted {
	t.Helper()
	s := &scripted{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), b})
		s.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
		reply(w, r)
	}))
	t.Cleanup(s.srv.Close)
	c, err := flowix.New(flowix.Options{BaseURL: s.srv.URL + "/api/v1", APIKey: fKey, MerchantID: fMID, Timeout: timeout,
		Logger: slog.New(slog.NewTextHandler(&s.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	s.c = c
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, r := range s.reqs {
			if r.header.Get(flowix.HeaderAPIKey) != fKey || r.header.Get(flowix.HeaderMerchantID) != fMID {
				t.Errorf("%s %s: credentials missing from the headers", r.method, r.path)
			}
			for _, leak := range []string{fKey, fMID, "api_key", "merchant_id"} {
				if strings.Contains(r.query, leak) || strings.Contains(r.path, leak) || bytes.Contains(r.body, []byte(leak)) {
					t.Errorf("%s %s: %q in the URL or body", r.method, r.path, leak)
				}
			}
		}
		if strings.Contains(s.logs.String(), fKey) || strings.Contains(s.logs.String(), fMID) {
			t.Errorf("a credential reached the log")
		}
	})
	return s
}

func body(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, s)
	}
}

func status(code int, s string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, s)
	}
}

func pulsa(ref string) sale.Sale {
	return sale.Sale{Ref: sale.Reference(ref), Attempts: 1, State: sale.StateSending, Order: sale.Order{
		Provider: flowix.ProviderName, Kind: sale.KindPulsa, Product: "TSEL10",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "081234567890"}, Amount: sale.New(10500, sale.IDR)}}
}

const okProcessing = `{"success":true,"code":200,"message":"Transaction processing.","data":{"trx_id":105,"ref_id":"S1-T1-abc-1","status":"processing","price":10500,"sn":""}}`

func TestSendFaults(t *testing.T) {
	cases := []struct {
		name   string
		reply  http.HandlerFunc
		result sale.Result
		code   string
	}{
		{"processing", body(okProcessing), sale.ResultPending, "processing"},
		{"success", body(`{"success":true,"code":200,"message":"ok","data":{"trx_id":"105","ref_id":"S1-T1-abc-1","status":"success","price":10500,"sn":"0012345"}}`), sale.ResultDelivered, "success"},
		{"failed", body(`{"success":true,"code":200,"message":"x","data":{"trx_id":105,"ref_id":"S1-T1-abc-1","status":"failed","note":"Nomor salah"}}`), sale.ResultDeclined, "failed"},
		{"timeout after apply", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
		}, sale.ResultInDoubt, "timeout"},
		{"5xx with a decline body", status(502, `{"success":false,"code":402,"message":"Saldo"}`), sale.ResultInDoubt, "http_502"},
		{"5xx", status(500, `<html>oops</html>`), sale.ResultInDoubt, "http_500"},
		{"truncated JSON", body(okProcessing[:60]), sale.ResultInDoubt, "malformed"},
		{"empty body", body(""), sale.ResultInDoubt, "malformed"},
		{"no success field", body(`{"code":200,"data":{}}`), sale.ResultInDoubt, "malformed"},
		{"unknown code", body(`{"success":false,"code":777,"message":"Something new"}`), sale.ResultInDoubt, "777"},
		{"false without code", body(`{"success":false,"message":"Gagal"}`), sale.ResultInDoubt, "unknown_code"},
		{"code as string", body(`{"success":false,"code":"402","message":"Saldo tidak cukup"}`), sale.ResultDeclined, "402"},
		{"decline 402", status(402, `{"success":false,"code":402,"message":"Saldo tidak mencukupi"}`), sale.ResultDeclined, "402"},
		{"decline 422 in a 200", body(`{"success":false,"code":422,"message":"Nomor tidak valid"}`), sale.ResultDeclined, "422"},
		{"duplicate is queried", body(`{"success":false,"code":409,"message":"dup"}`), sale.ResultInDoubt, "409"},
		{"4xx without envelope", status(400, `Bad Request`), sale.ResultInDoubt, "http_400"},
		{"success on a 404", status(404, okProcessing), sale.ResultInDoubt, "http_404"},
		{"another ref", body(strings.Replace(okProcessing, "S1-T1-abc-1", "S1-T1-abc-2", 1)), sale.ResultInDoubt, "reference_mismatch"},
		{"no ref", body(strings.Replace(okProcessing, `"ref_id":"S1-T1-abc-1",`, "", 1)), sale.ResultInDoubt, "malformed"},
		{"unknown status", body(strings.Replace(okProcessing, `"status":"processing"`, `"status":"queued"`, 1)), sale.ResultInDoubt, "status_queued"},
		{"redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/elsewhere", http.StatusFound) }, sale.ResultInDoubt, "http_302"},
		{"reset", providertest.Reset, sale.ResultInDoubt, "broken"},
		{"float price", body(strings.Replace(okProcessing, "10500", "10500.5", 1)), sale.ResultPending, "processing"},
		{"escape in note", body(`{"success":true,"code":200,"message":"x","data":{"trx_id":1,"ref_id":"S1-T1-abc-1","status":"failed","note":"\u001b[31mred\u001b[0m"}}`), sale.ResultDeclined, "failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newScripted(t, 300*time.Millisecond, c.reply)
			out := s.c.Send(context.Background(), pulsa("S1-T1-abc-1"))
			if out.Result != c.result || out.Code != c.code {
				t.Fatalf("got %s/%s (%s), want %s/%s", out.Result, out.Code, out.Message, c.result, c.code)
			}
			if strings.ContainsAny(out.Message, "\x1b\r\n") {
				t.Fatalf("message not cleaned: %q", out.Message)
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			first := s.reqs[0]
			if first.method != http.MethodPost || first.path != "/api/v1/transaction/create" ||
				string(first.body) != `{"service_code":"TSEL10","target":"081234567890","ref_id":"S1-T1-abc-1"}` {
				t.Fatalf("request %s %s %s", first.method, first.path, first.body)
			}
			// Never a resend inside the client: a 409 is followed by a status
			// query, anything else by nothing.
			wantN := 1
			if c.code == "409" {
				wantN = 2
				if s.reqs[1].path != "/api/v1/transaction/status" || string(s.reqs[1].body) != `{"ref_id":"S1-T1-abc-1"}` {
					t.Fatalf("after a 409: %s %s", s.reqs[1].path, s.reqs[1].body)
				}
			}
			if len(s.reqs) != wantN {
				t.Fatalf("%d requests, want %d", len(s.reqs), wantN)
			}
		})
	}
}

// A status query applies nothing, so no answer to it is a decline.
func TestCheckNeverDeclinesOnErrors(t *testing.T) {
	for _, reply := range []http.HandlerFunc{
		status(401, `{"success":false,"code":401,"message":"Unauthorized"}`),
		status(402, `{"success":false,"code":402,"message":"x"}`),
		status(404, `{"success":false,"code":404,"message":"Transaction not found."}`),
		status(503, `{}`),
		body(`{"success":true`),
	} {
		s := newScripted(t, time.Second, reply)
		sl := pulsa("S1-T1-abc-1")
		sl.State = sale.StateInDoubt
		if out := s.c.Check(context.Background(), sl); out.Result != sale.ResultInDoubt {
			t.Fatalf("check: %s/%s", out.Result, out.Code)
		}
	}
}

func TestDepositBadQRIsNotDrawn(t *testing.T) {
	dep := func(qr string) string {
		return `{"success":true,"code":200,"message":"ok","data":{"ref_id":"DEP-API-231025-X8Y9Z0","amount_request":50000,"amount_total":50700,"amount_received":50000,"fee_charged":700,"expired_at":"2023-10-25 15:30:00","payment_data":{"qr":{"image":"x","string":"` + qr + `"}}}}`
	}
	good := "00020101021226440014ID.CO.QRIS.WWW0215ID10230000000170303UMI5204599953033605405507005802ID5909TOKO DEMO6007JAKARTA6304"
	good += flowix.Checksum(good)
	d := sale.Sale{Ref: "S1-T1-abc-9", Attempts: 1, Order: sale.Order{Provider: flowix.ProviderName, Kind: sale.KindDeposit, Amount: sale.New(50000, sale.IDR)}}
	for name, c := range map[string]struct {
		qr   string
		draw bool
	}{
		"good":         {good, true},
		"bad CRC":      {good[:len(good)-1] + "0", false},
		"other amount": {strings.Replace(good[:len(good)-4], "5405507005802", "5405999995802", 1) + flowix.Checksum(strings.Replace(good[:len(good)-4], "5405507005802", "5405999995802", 1)), false},
		"garbage":      {"hello", false},
	} {
		s := newScripted(t, time.Second, body(dep(c.qr)))
		out := s.c.Send(context.Background(), d)
		drawn := false
		for _, it := range out.Items {
			drawn = drawn || it.Label == flowix.ItemQRIS
		}
		if out.Result != sale.ResultPending || out.PendingID != "DEP-API-231025-X8Y9Z0" || drawn != c.draw {
			t.Errorf("%s: %s %q drawn=%v (%s)", name, out.Result, out.PendingID, drawn, out.Message)
		}
		if !c.draw && out.Code != "unusable" {
			t.Errorf("%s: code %q", name, out.Code)
		}
		if s.reqs[0].path != "/api/v1/deposit/create" || string(s.reqs[0].body) != `{"amount":50000,"method_code":"QRIS","fee_by_customer":false}` {
			t.Errorf("request %s %s", s.reqs[0].path, s.reqs[0].body)
		}
	}
}

func TestInfoCallsUseHeadersOnly(t *testing.T) {
	s := newScripted(t, time.Second, body(`{"success":true,"code":200,"message":"ok","data":{"balance":5500000,"balance_limit":1000000000,"currency":"IDR","status":"active","kyc":"verified"}}`))
	a, err := s.c.Account(context.Background())
	if err != nil || a.Balance.Minor != 5500000 {
		t.Fatalf("%+v %v", a, err)
	}
	if r := s.reqs[0]; r.method != http.MethodGet || r.path != "/api/v1/account" || r.query != "" || len(r.body) != 0 {
		t.Fatalf("%+v", r)
	}
	s = newScripted(t, time.Second, body(`{"success":true,"code":200,"message":"ok","data":{"balance":5500000.5,"currency":"IDR"}}`))
	if _, err := s.c.Account(context.Background()); err == nil {
		t.Fatal("a fractional rupiah balance was accepted")
	}
}

func TestEchoedKeyIsRedacted(t *testing.T) {
	s := newScripted(t, time.Second, status(401, `{"success":false,"code":401,"message":"Invalid API key `+fKey+`"}`))
	out := s.c.Send(context.Background(), pulsa("S1-T1-abc-1"))
	_, err := s.c.Account(context.Background())
	if out.Result != sale.ResultDeclined || strings.Contains(out.Message, fKey) || err == nil || strings.Contains(err.Error(), fKey) {
		t.Fatalf("%s %q %v", out.Result, out.Message, err)
	}
}
