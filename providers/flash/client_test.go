package flash

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/providers"
	"till/providers/providertest"
	"till/sale"
)

func TestSendDelivered(t *testing.T) {
	f := newFake(t, answer(http.StatusOK, success(testRef, 1000)))
	s := airtime(testRef, 1000)
	s.Order.Params = map[string]string{"metadata.cashier": "C7", "isFBE": "false"}
	got := newClient(t, f.srv.URL).Send(context.Background(), s)
	want := sale.Outcome{
		Result: sale.ResultDelivered, Code: "0", Message: "Success", ProviderRef: "123456",
		Amount: sale.New(1000, sale.ZAR),
		Items: []sale.Item{
			{Label: "Network", Value: "Vodacom"},
			{Label: "Recharge type", Value: "Pinless airtime"},
			{Label: "Call centre", Value: "082 111"},
			{Label: "Transaction date", Value: "2025-01-02T10:00:00+02:00"},
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("outcome (-want +got):\n%s", d)
	}

	// The wire request: types as the document's tables say.
	var body map[string]any
	dec := json.NewDecoder(bytes.NewReader(f.purchases[0]))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		t.Fatal(err)
	}
	wantBody := map[string]any{
		"reference": string(testRef), "accountNumber": testAccount, "amount": json.Number("1000"),
		"productCode": json.Number("1001"), "mobileNumber": "27821234567", "storeId": "STORE1",
		"terminalId": "TILL1", "paymentMethod": "cash", "metadata": map[string]any{"cashier": "C7"},
	}
	if d := cmp.Diff(wantBody, body); d != "" {
		t.Errorf("request body (-want +got):\n%s", d)
	}
	h := f.headers[0]
	if h.Get("Authorization") != "Bearer token-1-HUNTER2" || h.Get("Content-Type") != "application/json" || h.Get("Accept") != "application/json" {
		t.Errorf("headers %v", h)
	}
}

func TestSendFaults(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		result  sale.Result
		code    string
	}{
		{"5xx", answer(http.StatusServiceUnavailable, `{"fault":{}}`), sale.ResultInDoubt, "http_503"},
		{"500 empty", answer(http.StatusInternalServerError, ``), sale.ResultInDoubt, "http_500"},
		{"truncated JSON", answer(http.StatusOK, success(testRef, 1000)[:60]), sale.ResultInDoubt, "malformed"},
		{"not JSON", answer(http.StatusOK, `<html>gateway</html>`), sale.ResultInDoubt, "malformed"},
		{"empty 200", answer(http.StatusOK, ``), sale.ResultInDoubt, "malformed"},
		{"unknown code", answer(http.StatusOK, `{"responseCode":777,"responseMessage":"\u001b[31mOops","reference":"`+string(testRef)+`"}`), sale.ResultInDoubt, "777"},
		{"decline code", answer(http.StatusOK, `{"responseCode":1011,"responseMessage":"Insufficient funds","reference":"`+string(testRef)+`"}`), sale.ResultDeclined, "1011"},
		{"in-doubt code", answer(http.StatusOK, `{"responseCode":2001,"responseMessage":"System error"}`), sale.ResultInDoubt, "2001"},
		{"code as string", answer(http.StatusOK, `{"responseCode":"1008"}`), sale.ResultDeclined, "1008"},
		{"400 with decline code", answer(http.StatusBadRequest, `{"responseCode":1008,"responseMessage":"Invalid mobile"}`), sale.ResultDeclined, "1008"},
		{"422 with decline code", answer(http.StatusUnprocessableEntity, `{"responseCode":1005}`), sale.ResultDeclined, "1005"},
		{"400 without code", answer(http.StatusBadRequest, `{"error":"bad"}`), sale.ResultInDoubt, "http_400"},
		{"400 with in-doubt code", answer(http.StatusBadRequest, `{"responseCode":2005}`), sale.ResultInDoubt, "2005"},
		{"400 with success code", answer(http.StatusBadRequest, `{"responseCode":0}`), sale.ResultInDoubt, "http_400"},
		{"404", answer(http.StatusNotFound, `{"responseCode":1006}`), sale.ResultInDoubt, "http_404"},
		{"403", answer(http.StatusForbidden, ``), sale.ResultInDoubt, "http_403"},
		{"missing responseCode", answer(http.StatusOK, `{"reference":"`+string(testRef)+`","transactionId":1,"amount":1000}`), sale.ResultInDoubt, "malformed"},
		{"null responseCode", answer(http.StatusOK, `{"responseCode":null}`), sale.ResultInDoubt, "malformed"},
		{"fractional code", answer(http.StatusOK, `{"responseCode":0.5}`), sale.ResultInDoubt, "malformed"},
		{"reference mismatch", answer(http.StatusOK, success("OTHER-REF-1", 1000)), sale.ResultInDoubt, "reference_mismatch"},
		{"decline for another reference", answer(http.StatusOK, `{"responseCode":1011,"reference":"OTHER"}`), sale.ResultInDoubt, "reference_mismatch"},
		{"amount mismatch", answer(http.StatusOK, success(testRef, 2000)), sale.ResultInDoubt, "amount_mismatch"},
		{"no reference", answer(http.StatusOK, `{"responseCode":0,"transactionId":1,"amount":1000}`), sale.ResultInDoubt, "malformed"},
		{"no transaction id", answer(http.StatusOK, `{"responseCode":0,"reference":"`+string(testRef)+`","amount":1000}`), sale.ResultInDoubt, "malformed"},
		{"no amount", answer(http.StatusOK, `{"responseCode":0,"reference":"`+string(testRef)+`","transactionId":9}`), sale.ResultInDoubt, "malformed"},
		{"another account", answer(http.StatusOK, strings.Replace(success(testRef, 1000), testAccount, "ACC999", 1)), sale.ResultInDoubt, "account_mismatch"},
		{"trailing garbage", answer(http.StatusOK, success(testRef, 1000)+"}"), sale.ResultInDoubt, "malformed"},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		}, sale.ResultInDoubt, "http_302"},
		{"oversize", answer(http.StatusOK, `{"responseCode":0,"responseMessage":"`+strings.Repeat("x", 2<<20)+`"}`), sale.ResultInDoubt, "malformed"},
		{"reset after write", providertest.Reset, sale.ResultInDoubt, "broken"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t, c.handler)
			got := newClient(t, f.srv.URL).Send(context.Background(), airtime(testRef, 1000))
			if got.Result != c.result || got.Code != c.code {
				t.Errorf("got %s %q (%s), want %s %q", got.Result, got.Code, got.Message, c.result, c.code)
			}
			if got.Message == "" || got.ProviderRef != "" && got.Result != sale.ResultDelivered {
				t.Errorf("outcome %+v", got)
			}
			if strings.ContainsRune(got.Message, 0x1b) {
				t.Errorf("control characters in message %q", got.Message)
			}
			if n, _ := f.count(); n != 1 {
				t.Errorf("%d purchase requests, want exactly 1 (no retries)", n)
			}
		})
	}
}

func TestStatefulDeclineOnResendIsInDoubt(t *testing.T) {
	f := newFake(t, answer(http.StatusOK, `{"responseCode":1011,"reference":"`+string(testRef)+`"}`))
	c := newClient(t, f.srv.URL)
	s := airtime(testRef, 1000)
	s.Attempts = 1
	if got := c.Send(context.Background(), s); got.Result != sale.ResultDeclined {
		t.Errorf("first attempt: %+v", got)
	}
	s.Attempts = 2 // the first attempt was in doubt: it may have spent the balance
	if got := c.Send(context.Background(), s); got.Result != sale.ResultInDoubt || got.Code != "1011" {
		t.Errorf("resend: %+v", got)
	}
	f = newFake(t, answer(http.StatusOK, `{"responseCode":1008,"reference":"`+string(testRef)+`"}`))
	if got := newClient(t, f.srv.URL).Send(context.Background(), s); got.Result != sale.ResultDeclined {
		t.Errorf("a request-content decline stays a decline on a resend: %+v", got)
	}
}

func TestSendTimeoutAfterApplyIsInDoubt(t *testing.T) {
	var applied atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		applied.Add(1)
		select { // applied, then the answer is lost
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := newClient(t, f.srv.URL, func(o *Options) { o.Timeout = 200 * time.Millisecond })
	got := c.Send(context.Background(), airtime(testRef, 1000))
	if got.Result != sale.ResultInDoubt || got.Code != "timeout" || applied.Load() != 1 {
		t.Errorf("got %+v, applied %d", got, applied.Load())
	}
}

func TestSend401OnceThenDelivered(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			answer(http.StatusUnauthorized, `{"fault":{"code":900901}}`)(w, r)
			return
		}
		answer(http.StatusOK, success(testRef, 1000))(w, r)
	})
	got := newClient(t, f.srv.URL).Send(context.Background(), airtime(testRef, 1000))
	if got.Result != sale.ResultDelivered {
		t.Fatalf("got %+v", got)
	}
	purchases, tokens := f.count()
	if purchases != 2 || tokens != 2 {
		t.Errorf("%d purchases and %d tokens, want 2 and 2", purchases, tokens)
	}
	if d := cmp.Diff(string(f.purchases[0]), string(f.purchases[1])); d != "" {
		t.Errorf("the resend differs (-first +second):\n%s", d)
	}
	if f.headers[0].Get("Authorization") == f.headers[1].Get("Authorization") {
		t.Error("the resend did not use a fresh token")
	}
}

func TestSend401TwiceIsFinal(t *testing.T) {
	f := newFake(t, answer(http.StatusUnauthorized, ``))
	got := newClient(t, f.srv.URL).Send(context.Background(), airtime(testRef, 1000))
	if got.Result != sale.ResultNotSent || got.Code != "unauthorized" {
		t.Errorf("got %+v", got)
	}
	if purchases, _ := f.count(); purchases != 2 {
		t.Errorf("%d purchases, want exactly 2", purchases)
	}
}

func TestSendConnectionRefusedIsNotSent(t *testing.T) {
	f := newFake(t, answer(http.StatusOK, success(testRef, 1000)))
	c := newClient(t, f.srv.URL)
	if got := c.Send(context.Background(), airtime(testRef, 1000)); got.Result != sale.ResultDelivered {
		t.Fatalf("warm-up: %+v", got)
	}
	f.srv.Close() // the token stays cached; the purchase's dial is refused
	got := c.Send(context.Background(), airtime(testRef, 1000))
	if got.Result != sale.ResultNotSent || got.Code != "unreachable" {
		t.Errorf("got %+v", got)
	}
}

func TestSendTokenFailureIsNotSent(t *testing.T) {
	// Cold, the client first asks Flash what product 1001 is: that needs
	// the token too, so the sale is not sent either way.
	got := newClient(t, providertest.DeadURL(t)).Send(context.Background(), airtime(testRef, 1000))
	if got.Result != sale.ResultNotSent || got.Code != "product_type" || !strings.Contains(got.Message, "access token") {
		t.Errorf("refused: got %+v", got)
	}
	f := newFake(t, answer(http.StatusOK, success(testRef, 1000)))
	got = newClient(t, f.srv.URL, func(o *Options) { o.APIKey = "wrong" }).Send(context.Background(), airtime(testRef, 1000))
	if got.Result != sale.ResultNotSent || !strings.Contains(got.Message, "refused the API key") {
		t.Errorf("wrong key: got %+v", got)
	}
	if purchases, _ := f.count(); purchases != 0 {
		t.Errorf("%d purchases without a token", purchases)
	}
}

func TestSendRefusesBadInputBeforeSending(t *testing.T) {
	many := map[string]string{}
	for i := range 10 {
		many["metadata.k"+string(rune('a'+i))] = "v"
	}
	cases := map[string]func(*sale.Sale){
		"bad reference":      func(s *sale.Sale) { s.Ref = "has space" },
		"long reference":     func(s *sale.Sale) { s.Ref = sale.Reference(strings.Repeat("A", 41)) },
		"not ZAR":            func(s *sale.Sale) { s.Order.Amount = sale.New(1000, sale.KES) },
		"zero amount":        func(s *sale.Sale) { s.Order.Amount = sale.New(0, sale.ZAR) },
		"product not int":    func(s *sale.Sale) { s.Order.Product = "VOD" },
		"product zero":       func(s *sale.Sale) { s.Order.Product = "0" },
		"mobile signed":      func(s *sale.Sale) { s.Order.Target.Value = "-27821234567" },
		"mobile short":       func(s *sale.Sale) { s.Order.Target.Value = "2782123456" },
		"mobile 270":         func(s *sale.Sale) { s.Order.Target.Value = "27082123456" },
		"mobile letters":     func(s *sale.Sale) { s.Order.Target.Value = "2782123456x" },
		"meter target":       func(s *sale.Sale) { s.Order.Target.Kind = sale.TargetMeter },
		"too much metadata":  func(s *sale.Sale) { s.Order.Params = many },
		"long metadata name": func(s *sale.Sale) { s.Order.Params = map[string]string{"metadata.elevenchars": "v"} },
		"long metadata value": func(s *sale.Sale) {
			s.Order.Params = map[string]string{"metadata.note": strings.Repeat("é", 44)}
		},
		"empty metadata name": func(s *sale.Sale) { s.Order.Params = map[string]string{"metadata.": "v"} },
		"bad store id":        func(s *sale.Sale) { s.StoreID = "STORE-1" },
		"unsupported kind":    func(s *sale.Sale) { s.Order.Kind = sale.KindElectricity },
		"other provider":      func(s *sale.Sale) { s.Order.Provider = "oneflow" },
	}
	for name, mod := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, answer(http.StatusOK, success(testRef, 1000)))
			s := airtime(testRef, 1000)
			mod(&s)
			got := newClient(t, f.srv.URL).Send(context.Background(), s)
			if got.Result != sale.ResultNotSent || !strings.Contains(got.Message, "nothing was sent") {
				t.Errorf("got %+v", got)
			}
			if purchases, tokens := f.count(); purchases+tokens != 0 {
				t.Errorf("%d purchases and %d token requests were sent", purchases, tokens)
			}
		})
	}
	// At the limits is fine.
	md := map[string]string{"metadata.tenchars10": strings.Repeat("é", 43)}
	for i := range 8 {
		md["metadata.k"+string(rune('a'+i))] = "v"
	}
	if _, err := Metadata(md); err != nil {
		t.Errorf("metadata at the limits refused: %v", err)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	ok := Options{BaseURL: "https://api.flashswitch.flash-group.com", APIKey: "k", AccountNumber: "A1"}
	if _, err := New(ok); err != nil {
		t.Fatalf("good config: %v", err)
	}
	cases := map[string]func(*Options){
		"base_url":       func(o *Options) { o.BaseURL = "http://api.flashswitch.flash-group.com" },
		"api_key":        func(o *Options) { o.APIKey = "" },
		"account_number": func(o *Options) { o.AccountNumber = "" },
		"store_id":       func(o *Options) { o.StoreID = "S 1" },
	}
	for key, mod := range cases {
		o := ok
		mod(&o)
		_, err := New(o)
		ce, isCfg := err.(*providers.ConfigError)
		if !isCfg || ce.Key != key {
			t.Errorf("%s: got %v", key, err)
		}
	}
}

func TestNoSecretsInLogs(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			answer(http.StatusUnauthorized, ``)(w, r)
			return
		}
		answer(http.StatusOK, success(testRef, 1000))(w, r)
	})
	log, buf := providertest.JSONLog()
	c := newClient(t, f.srv.URL, func(o *Options) { o.Logger = log })
	got := c.Send(context.Background(), airtime(testRef, 1000))
	log.Info("client", "client", c, "options", Options{APIKey: testKey})
	if got.Result != sale.ResultDelivered {
		t.Fatalf("got %+v", got)
	}
	out := buf.String()
	if strings.Contains(out, "HUNTER2") {
		t.Errorf("secret in logs:\n%s", out)
	}
	if !strings.Contains(out, string(testRef)) || !strings.Contains(out, pathPinless) {
		t.Errorf("logs lack the reference or path:\n%s", out)
	}
}

func TestProviderContract(t *testing.T) {
	c := newClient(t, "https://flash.invalid")
	s := airtime(testRef, 1000)
	if c.Name() != "flash" || c.Settlement(s) != sale.SettleResend || c.Window() != 0 {
		t.Errorf("name %q settlement %v window %v", c.Name(), c.Settlement(s), c.Window())
	}
	if got := c.Check(context.Background(), s); got.Result != sale.ResultInDoubt {
		t.Errorf("Check = %+v", got)
	}
}

func TestCodesTable(t *testing.T) {
	for code, info := range Codes() {
		switch {
		case code == CodeSuccess && info.Result != sale.ResultDelivered:
			t.Errorf("code 0 is %s", info.Result)
		case code != CodeSuccess && info.Result != sale.ResultDeclined && info.Result != sale.ResultInDoubt:
			t.Errorf("code %d is %s: only declined or in doubt allowed", code, info.Result)
		}
		if info.Message == "" || info.Name == "" {
			t.Errorf("code %d has no message or name", code)
		}
	}
	if info, _ := Lookup(CodeReferenceConflict); info.Result != sale.ResultInDoubt {
		t.Error("a reference conflict must be in doubt: the earlier request may have been this sale")
	}
	if _, ok := Lookup(777); ok {
		t.Error("777 should not be in the table")
	}
}
