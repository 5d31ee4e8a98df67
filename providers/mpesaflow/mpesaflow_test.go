package mpesaflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"till/providers"
	"till/providers/providertest"
	"till/sale"
)

const testKey = "mf-test-key-0123456789"

var created = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

func tender(ref string, minor int64) sale.Sale {
	return sale.Sale{
		Ref: sale.Reference(ref), CreatedAt: created, State: sale.StateSending, Attempts: 1,
		Order: sale.Order{
			Provider: ProviderName, Kind: sale.KindTenderMpesa, Amount: sale.New(minor, sale.KES),
			Params: map[string]string{ParamReceipt: "QKJ4ABCD12", ParamPhone: "0712 345 678"},
		},
	}
}

func newClient(t *testing.T, url string, timeout time.Duration, log *slog.Logger) *Client {
	t.Helper()
	c, err := New(Options{BaseURL: url, APIKey: testKey, Timeout: timeout, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func okRecord(ref, amount, status string) string {
	b, _ := json.Marshal(map[string]any{"success": true, "data": map[string]any{
		"id": "txn_1", "object": "transaction", "currency": "kes", "fee": "0.00", "amount": amount,
		"provider": "mpesa", "providerReference": ref, "status": status, "metadata": "{}",
	}})
	return string(b)
}

func TestRequestBody(t *testing.T) {
	var got []byte
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/transactions" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		auth = r.Header.Get("Authorization")
		got, _ = io.ReadAll(r.Body)
		io.WriteString(w, okRecord("S1-T1-abc123-7", "100.50", "completed"))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/v1", time.Second, nil)
	s := tender("S1-T1-abc123-7", 10050)
	out := c.Send(context.Background(), s)
	if out.Result != sale.ResultDelivered {
		t.Fatalf("result %s %s: %s", out.Result, out.Code, out.Message)
	}
	if auth != "Bearer "+testKey {
		t.Errorf("authorization %q", auth)
	}
	want := `{"amount":"100.50","currency":"kes","provider":"mpesa","providerReference":"S1-T1-abc123-7",` +
		`"description":"Till payment S1-T1-abc123-7","status":"completed","type":"payment","origin":"api",` +
		`"metadata":{"provider":"mpesa","callbackResult":{"receiptNumber":"QKJ4ABCD12","amount":100.50,` +
		`"transactionDate":"20260314122653","phoneNumber":"254712345678"}}}`
	if string(got) != want {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
	// A resend is byte-for-byte the same request.
	s.Attempts = 2
	first := got
	c.Send(context.Background(), s)
	if !bytes.Equal(first, got) {
		t.Errorf("resend differs:\n%s\n%s", first, got)
	}
	wantItems := []sale.Item{{Label: LabelReceipt, Value: "QKJ4ABCD12"}, {Label: LabelPhone, Value: "254******678"},
		{Label: LabelAmount, Value: "KES 100.50"}, {Label: LabelStatus, Value: "completed"}}
	if len(out.Items) != len(wantItems) {
		t.Fatalf("items %+v", out.Items)
	}
	for i := range wantItems {
		if out.Items[i] != wantItems[i] {
			t.Errorf("item %d = %+v, want %+v", i, out.Items[i], wantItems[i])
		}
	}
	if out.Amount != sale.New(10050, sale.KES) || out.ProviderRef != "txn_1" {
		t.Errorf("amount %v ref %q", out.Amount, out.ProviderRef)
	}
}

func TestWholeAmountIsAnInteger(t *testing.T) {
	req, err := buildRequest(tender("S1-T1-abc123-8", 10000))
	if err != nil {
		t.Fatal(err)
	}
	if req.Amount != "100.00" || req.Metadata.CallbackResult.Amount != "100" {
		t.Errorf("amount %q, callback amount %q", req.Amount, req.Metadata.CallbackResult.Amount)
	}
}

func TestRefusedBeforeSending(t *testing.T) {
	url, arrived := providertest.Witness(t)
	c := newClient(t, url, time.Second, nil)
	for name, mutate := range map[string]func(*sale.Sale){
		"no receipt":     func(s *sale.Sale) { delete(s.Order.Params, ParamReceipt) },
		"bad receipt":    func(s *sale.Sale) { s.Order.Params[ParamReceipt] = "qkj4abcd12" },
		"bad phone":      func(s *sale.Sale) { s.Order.Params[ParamPhone] = "0812345678" },
		"wrong currency": func(s *sale.Sale) { s.Order.Amount = sale.New(100, sale.ZAR) },
		"wrong kind":     func(s *sale.Sale) { s.Order.Kind = sale.KindAirtime },
		"bad date":       func(s *sale.Sale) { s.Order.Params[ParamDate] = "2026-03-14" },
		"bad reference":  func(s *sale.Sale) { s.Ref = "has space" },
	} {
		s := tender("S1-T1-abc123-9", 5000)
		mutate(&s)
		if out := c.Send(context.Background(), s); out.Result != sale.ResultNotSent {
			t.Errorf("%s: %s %s", name, out.Result, out.Message)
		}
	}
	if n := arrived(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestFaults(t *testing.T) {
	const ref = "S1-T1-abc123-10"
	tests := []struct {
		name    string
		handler http.HandlerFunc
		attempt int
		result  sale.Result
		code    string
	}{
		{"timeout after apply", providertest.Hold, 1, sale.ResultInDoubt, "timeout"},
		{"5xx", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) }, 1, sale.ResultInDoubt, "http_502"},
		{"truncated json", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, okRecord(ref, "50.00", "completed")[:40])
		}, 1, sale.ResultInDoubt, "malformed"},
		{"unknown status", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, okRecord(ref, "50.00", "on_hold"))
		}, 1, sale.ResultInDoubt, codeUnknownStatus},
		{"pending record", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, okRecord(ref, "50.00", "pending"))
		}, 1, sale.ResultInDoubt, codeRecordPending},
		{"failed record", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, okRecord(ref, "50.00", "failed"))
		}, 1, sale.ResultInDoubt, codeRecordFailed},
		{"other amount", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, okRecord(ref, "50.01", "completed"))
		}, 1, sale.ResultInDoubt, codeAmountMismatch},
		{"other reference", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, okRecord("S1-T1-abc123-11", "50.00", "completed"))
		}, 1, sale.ResultInDoubt, codeReferenceMismatch},
		{"200 without success", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"success":false,"error":"upstream"}`)
		}, 1, sale.ResultInDoubt, "http_200"},
		{"success without record", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"success":true}`)
		}, 1, sale.ResultInDoubt, "malformed"},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		}, 1, sale.ResultInDoubt, "http_302"},
		{"400 refused", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			io.WriteString(w, `{"success":false,"error":"amount is invalid"}`)
		}, 1, sale.ResultDeclined, codeInvalid},
		{"400 on a resend", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			io.WriteString(w, `{"success":false,"error":"providerReference already exists"}`)
		}, 2, sale.ResultInDoubt, codeRefusedOnResend},
		{"400 unreadable", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(400) }, 1, sale.ResultInDoubt, "http_400"},
		{"409 receipt used", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(409)
			io.WriteString(w, `{"success":false,"error":"Receipt number already recorded"}`)
		}, 1, sale.ResultDeclined, codeReceiptUsed},
		{"401", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }, 1, sale.ResultDeclined, codeUnauthorized},
		{"401 on a resend", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }, 3, sale.ResultInDoubt, codeRefusedOnResend},
		{"429", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(429) }, 1, sale.ResultInDoubt, "http_429"},
		{"reset after write", providertest.Reset, 1, sale.ResultInDoubt, "broken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newClient(t, srv.URL, 300*time.Millisecond, nil)
			s := tender(ref, 5000)
			s.Attempts = tt.attempt
			out := c.Send(context.Background(), s)
			if out.Result != tt.result || out.Code != tt.code {
				t.Fatalf("got %s %s (%s), want %s %s", out.Result, out.Code, out.Message, tt.result, tt.code)
			}
			if strings.Contains(out.Message, testKey) {
				t.Error("the API key is in the message")
			}
		})
	}
}

func TestConnectionRefusedIsNotSent(t *testing.T) {
	c := newClient(t, providertest.DeadURL(t), time.Second, nil)
	out := c.Send(context.Background(), tender("S1-T1-abc123-12", 5000))
	if out.Result != sale.ResultNotSent {
		t.Fatalf("got %s %s", out.Result, out.Message)
	}
}

func TestSettlement(t *testing.T) {
	c := newClient(t, "https://api.mpesaflow.com/v1", 0, nil)
	s := tender("S1-T1-abc123-13", 5000)
	for code, want := range map[string]sale.Settlement{
		"timeout": sale.SettleResend, "http_503": sale.SettleResend, codeRecordPending: sale.SettleResend,
		codeRecordFailed: sale.SettleSupervisor, codeAmountMismatch: sale.SettleSupervisor,
		codeReferenceMismatch: sale.SettleSupervisor, codeRefusedOnResend: sale.SettleSupervisor,
	} {
		s.Outcome.Code = code
		if got := c.Settlement(s); got != want {
			t.Errorf("%s: settlement %v, want %v", code, got, want)
		}
	}
	if out := c.Check(context.Background(), s); out.Result != sale.ResultInDoubt {
		t.Errorf("check: %s", out.Result)
	}
}

func TestNoSecretInLogs(t *testing.T) {
	log, buf := providertest.TextLog()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		io.WriteString(w, testKey)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, time.Second, log)
	out := c.Send(context.Background(), tender("S1-T1-abc123-14", 5000))
	if buf.Len() == 0 {
		t.Fatal("nothing was logged")
	}
	if strings.Contains(buf.String(), testKey) || strings.Contains(out.Message, testKey) {
		t.Errorf("the API key leaked:\n%s\n%s", buf.String(), out.Message)
	}
}

func TestNew(t *testing.T) {
	for name, o := range map[string]Options{
		"no key":         {BaseURL: "https://api.mpesaflow.com/v1"},
		"http":           {BaseURL: "http://api.mpesaflow.com/v1", APIKey: "k"},
		"key with break": {BaseURL: "https://api.mpesaflow.com/v1", APIKey: "k\nX: y"},
		"negative":       {BaseURL: "https://api.mpesaflow.com/v1", APIKey: "k", Timeout: -1},
	} {
		_, err := New(o)
		var ce *providers.ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%s: %v", name, err)
		} else if strings.Contains(err.Error(), "k\nX") {
			t.Errorf("%s: the key is in the error", name)
		}
	}
}

func TestValidReceiptCode(t *testing.T) {
	for _, s := range []string{"QKJ4ABCD12", "SBX4DEMO01", "ABCDEFGHIJ"} {
		if err := ValidReceiptCode(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"", "QKJ4ABCD1", "QKJ4ABCD123", "qkj4abcd12", "1KJ4ABCD12", "QKJ4-BCD12", "QKJ4ABCD1\x1b"} {
		if err := ValidReceiptCode(s); !errors.Is(err, ErrReceipt) {
			t.Errorf("%q accepted", s)
		} else if strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("%q: control character in %q", s, err)
		}
	}
}

func TestNormalizePhoneKE(t *testing.T) {
	for in, want := range map[string]string{
		"0712345678": "254712345678", "+254 712 345 678": "254712345678", "254712345678": "254712345678",
		"712345678": "254712345678", "0112 345 678": "254112345678", "+254-110-123-456": "254110123456",
		" (0712) 345.678 ": "254712345678",
	} {
		got, err := NormalizePhoneKE(in)
		if err != nil || got != want {
			t.Errorf("%q = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0812345678", "+27821234567", "07123456789", "071234567", "+0712345678", "2540712345678", "07l2345678"} {
		if got, err := NormalizePhoneKE(in); !errors.Is(err, ErrPhone) {
			t.Errorf("%q accepted as %q", in, got)
		}
	}
}

func FuzzNormalizePhoneKE(f *testing.F) {
	for _, s := range []string{"0712345678", "+254 712 345 678", "254112345678", "", "+", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizePhoneKE(s)
		if err != nil {
			return
		}
		if len(got) != 12 || !strings.HasPrefix(got, "2547") && !strings.HasPrefix(got, "2541") || strings.Trim(got, "0123456789") != "" {
			t.Fatalf("%q normalized to %q", s, got)
		}
		if again, err := NormalizePhoneKE(got); err != nil || again != got {
			t.Fatalf("%q is not stable: %q %v", got, again, err)
		}
	})
}

func FuzzParseRecord(f *testing.F) {
	f.Add(200, okRecord("R-1", "100.00", "completed"), false)
	f.Add(200, okRecord("R-1", "1e2", "completed"), false)
	f.Add(201, `{"success":true,"data":{"providerReference":"R-1","amount":100,"status":"paid"}}`, true)
	f.Add(400, `{"success":false,"error":{"message":"bad \u001b[31m"}}`, false)
	f.Add(409, `{"success":false,"message":"dup"}`, true)
	f.Add(500, `<html>`, false)
	want := expect{ref: "R-1", amount: sale.New(10000, sale.KES), receipt: "QKJ4ABCD12"}
	f.Fuzz(func(t *testing.T, status int, body string, resend bool) {
		w := want
		w.resend = resend
		out := parseRecord(status, []byte(body), w)
		switch out.Result {
		case sale.ResultDelivered:
			if status != 200 && status != 201 || out.Amount != want.amount {
				t.Fatalf("delivered on HTTP %d with %v", status, out.Amount)
			}
		case sale.ResultDeclined:
			if resend || status < 400 || status >= 500 {
				t.Fatalf("declined on HTTP %d (resend %v)", status, resend)
			}
		case sale.ResultInDoubt:
		default:
			t.Fatalf("result %q", out.Result)
		}
		if out.Message != providers.Clean(out.Message) {
			t.Fatalf("unclean message %q", out.Message)
		}
	})
}
