package flutterwave

import (
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

const (
	testKey   = "FLWSECK_TEST-unit-0123456789abcdef-X"
	testToken = "flw-t1nf-deadbeefdeadbeefdeadbeefdeadbeef-m03k"
	testRef   = "S1-T1-abc123-1"
)

func cardSale(ref string, minor int64) sale.Sale {
	return sale.Sale{
		Ref: sale.Reference(ref), State: sale.StateSending, Attempts: 1,
		Order: sale.Order{
			Provider: ProviderName, Kind: sale.KindTenderCard, Amount: sale.New(minor, sale.NGN),
			Params:  map[string]string{ParamEmail: "ada@example.com", ParamFirstName: "Ada", ParamLastName: "Obi"},
			Secrets: map[string]string{SecretToken: testToken},
		},
	}
}

func newClient(t *testing.T, url string, timeout time.Duration, log *slog.Logger) *Client {
	t.Helper()
	c, err := New(Options{BaseURL: url, SecretKey: testKey, Timeout: timeout, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tx returns a transaction object for ref; edit changes it before encoding.
func tx(ref, status string, edit func(map[string]any)) map[string]any {
	m := map[string]any{
		"id": 277036749, "tx_ref": ref, "flw_ref": "FLW253481676", "amount": json.Number("2000"),
		"charged_amount": json.Number("2000"), "app_fee": json.Number("4.2"), "merchant_fee": 0,
		"processor_response": "APPROVED", "auth_model": "noauth", "currency": "NGN", "status": status,
		"customer": map[string]any{"id": 210745229, "phone_number": nil, "name": "Ada Obi", "email": "ada@example.com"},
		"card": map[string]any{"first_6digits": "553188", "last_4digits": "2950", "type": "MASTERCARD",
			"expiry": "09/32", "token": testToken},
	}
	if edit != nil {
		edit(m)
	}
	return m
}

func answer(status, message string, data any) string {
	b, err := json.Marshal(map[string]any{"status": status, "message": message, "data": data})
	if err != nil {
		panic(err)
	}
	return string(b)
}

var want2000 = expect{ref: testRef, amount: sale.New(200000, sale.NGN), secrets: []string{testToken}}

func TestParseCharge(t *testing.T) {
	pending := tx(testRef, "pending", func(m map[string]any) {
		m["meta"] = map[string]any{"authorization": map[string]any{"mode": "redirect", "redirect": "https://ravesandboxapi.flutterwave.com/mockvbvpage?ref=FLW-MOCK-1&code=00"}}
	})
	tests := []struct {
		name   string
		status int
		body   string
		result sale.Result
		code   string
	}{
		{"successful", 200, answer("success", "Charge successful", tx(testRef, "successful", nil)), sale.ResultDelivered, "successful"},
		{"successful as a string amount", 200, answer("success", "ok", tx(testRef, "successful", func(m map[string]any) { m["amount"] = "2000.00" })), sale.ResultDelivered, "successful"},
		{"pending 3DS", 200, answer("success", "Charge initiated", pending), sale.ResultPending, "pending"},
		{"failed data", 200, answer("success", "Charge failed", tx(testRef, "failed", nil)), sale.ResultDeclined, "failed"},
		{"error with failed data", 400, answer("error", "Insufficient funds", tx(testRef, "failed", nil)), sale.ResultDeclined, "failed"},
		{"allow-listed decline", 400, answer("error", "Insufficient Funds.", nil), sale.ResultDeclined, "insufficient_funds"},
		{"expired card", 400, answer("error", "Expired card", nil), sale.ResultDeclined, "expired_card"},
		{"token not found", 400, answer("error", "Token not found", nil), sale.ResultDeclined, "token_not_found"},
		{"unknown error", 400, answer("error", "Something went wrong", nil), sale.ResultInDoubt, "error"},
		{"duplicate tx_ref", 400, answer("error", "Duplicate transaction reference", nil), sale.ResultInDoubt, "duplicate_tx_ref"},
		{"error about a successful charge", 200, answer("error", "Insufficient funds", tx(testRef, "successful", nil)), sale.ResultInDoubt, "contradictory"},
		{"unknown data status", 200, answer("success", "ok", tx(testRef, "reversed", nil)), sale.ResultInDoubt, "unknown_status"},
		{"unknown envelope status", 200, answer("warning", "ok", tx(testRef, "successful", nil)), sale.ResultInDoubt, "malformed"},
		{"success without data", 200, answer("success", "ok", nil), sale.ResultInDoubt, "malformed"},
		{"success with HTTP 400", 400, answer("success", "ok", tx(testRef, "successful", nil)), sale.ResultInDoubt, "http_400"},
		{"other reference", 200, answer("success", "ok", tx("S1-T1-abc123-2", "successful", nil)), sale.ResultInDoubt, "reference_mismatch"},
		{"no reference", 200, answer("success", "ok", tx(testRef, "successful", func(m map[string]any) { delete(m, "tx_ref") })), sale.ResultInDoubt, "reference_mismatch"},
		{"other amount", 200, answer("success", "ok", tx(testRef, "successful", func(m map[string]any) { m["amount"] = 2000.01 })), sale.ResultInDoubt, "amount_mismatch"},
		{"other currency", 200, answer("success", "ok", tx(testRef, "successful", func(m map[string]any) { m["currency"] = "KES" })), sale.ResultInDoubt, "amount_mismatch"},
		{"inexact amount", 200, answer("success", "ok", tx(testRef, "successful", func(m map[string]any) { m["amount"] = json.Number("2000.001") })), sale.ResultInDoubt, "malformed"},
		{"exponent amount", 200, answer("success", "ok", tx(testRef, "successful", func(m map[string]any) { m["amount"] = json.Number("2e3") })), sale.ResultInDoubt, "malformed"},
		{"truncated", 200, answer("success", "ok", tx(testRef, "successful", nil))[:90], sale.ResultInDoubt, "malformed"},
		{"empty", 200, "", sale.ResultInDoubt, "malformed"},
		{"html 502", 502, "<html>Bad gateway</html>", sale.ResultInDoubt, "http_502"},
		{"401", 401, answer("error", "Invalid authorization key", nil), sale.ResultDeclined, "unauthorized"},
		{"429", 429, answer("error", "Too many requests", nil), sale.ResultInDoubt, "http_429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := parseCharge(tt.status, []byte(tt.body), want2000)
			if out.Result != tt.result || out.Code != tt.code {
				t.Fatalf("got %s %s (%s), want %s %s", out.Result, out.Code, out.Message, tt.result, tt.code)
			}
			if strings.Contains(out.Message+out.PendingID+out.ProviderRef, testToken) {
				t.Error("the card token is in the outcome")
			}
			for _, it := range out.Items {
				if strings.Contains(it.Value, testToken) {
					t.Error("the card token is in an item")
				}
			}
		})
	}
}

func TestDeliveredItems(t *testing.T) {
	out := parseCharge(200, []byte(answer("success", "ok", tx(testRef, "successful", func(m map[string]any) {
		m["charged_amount"] = json.Number("2028.5")
	}))), want2000)
	want := []sale.Item{{Label: LabelCard, Value: "MASTERCARD **** 2950"}, {Label: LabelFlwRef, Value: "FLW253481676"},
		{Label: LabelResponse, Value: "APPROVED"}, {Label: LabelCharged, Value: "NGN 2,028.50"}}
	if len(out.Items) != len(want) {
		t.Fatalf("items %+v", out.Items)
	}
	for i := range want {
		if out.Items[i] != want[i] {
			t.Errorf("item %d %+v, want %+v", i, out.Items[i], want[i])
		}
	}
	if out.ProviderRef != "277036749" || out.Amount != sale.New(200000, sale.NGN) {
		t.Errorf("ref %q amount %v", out.ProviderRef, out.Amount)
	}
}

func TestPendingCarriesTheApprovalURL(t *testing.T) {
	url := "https://ravesandboxapi.flutterwave.com/mockvbvpage?ref=FLW-MOCK-1&code=00&message=Approved. Successful"
	body := answer("success", "Charge initiated", tx(testRef, "pending", func(m map[string]any) {
		m["meta"] = map[string]any{"authorization": map[string]any{"mode": "redirect", "redirect": url}}
	}))
	out := parseCharge(200, []byte(body), want2000)
	if out.Result != sale.ResultPending || out.PendingID != "277036749" {
		t.Fatalf("%s %q", out.Result, out.PendingID)
	}
	// A URL with a space is not usable as a link: no QR, still pending.
	if len(out.Items) == 0 || out.Items[0].Label == ApprovalLabel {
		t.Errorf("items %+v", out.Items)
	}
	url = strings.ReplaceAll(url, " ", "%20")
	body = answer("success", "Charge initiated", tx(testRef, "pending", func(m map[string]any) {
		m["meta"] = map[string]any{"authorization": map[string]any{"mode": "redirect", "redirect": url}}
	}))
	out = parseCharge(200, []byte(body), want2000)
	if out.Items[0] != (sale.Item{Label: ApprovalLabel, Value: url}) {
		t.Errorf("items %+v", out.Items)
	}
}

func TestParseVerify(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		result sale.Result
		code   string
	}{
		{"successful", 200, answer("success", "Transaction fetched successfully", tx(testRef, "successful", nil)), sale.ResultDelivered, "successful"},
		{"failed", 200, answer("success", "fetched", tx(testRef, "failed", nil)), sale.ResultDeclined, "failed"},
		{"pending", 200, answer("success", "fetched", tx(testRef, "pending", nil)), sale.ResultPending, "pending"},
		{"not found", 400, answer("error", "No transaction was found for this id", nil), sale.ResultInDoubt, "not_found"},
		{"not found 404", 404, answer("error", "No transaction was found for this id", nil), sale.ResultInDoubt, "not_found"},
		{"401 is not a decline", 401, answer("error", "Invalid authorization key", nil), sale.ResultInDoubt, "http_401"},
		{"insufficient funds error is not a decline", 400, answer("error", "Insufficient funds", nil), sale.ResultInDoubt, "http_400"},
		{"5xx", 503, "", sale.ResultInDoubt, "http_503"},
		{"garbage", 200, "{", sale.ResultInDoubt, "malformed"},
		{"other reference", 200, answer("success", "fetched", tx("X-1", "successful", nil)), sale.ResultInDoubt, "reference_mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := parseVerify(tt.status, []byte(tt.body), want2000)
			if out.Result != tt.result || out.Code != tt.code {
				t.Fatalf("got %s %s (%s), want %s %s", out.Result, out.Code, out.Message, tt.result, tt.code)
			}
		})
	}
}

func TestExactAmounts(t *testing.T) {
	raw, _ := json.Marshal(tx(testRef, "successful", func(m map[string]any) {
		m["amount"], m["app_fee"], m["charged_amount"] = json.Number("3500"), json.Number("4.2"), json.Number("3549.10")
		m["amount_settled"] = json.Number("0.1")
	}))
	got, err := decodeTx(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Amount.Minor != 350000 || got.AppFee.Minor != 420 || got.ChargedAmount.Minor != 354910 || got.AmountSettled.Minor != 10 {
		t.Errorf("%+v", got)
	}
}

func TestRequestBody(t *testing.T) {
	var body []byte
	var auth, path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		auth, path = r.Header.Get("Authorization"), r.URL.Path
		io.WriteString(w, answer("success", "ok", tx(testRef, "successful", func(m map[string]any) { m["amount"] = json.Number("20.5") })))
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL + "/v3", SecretKey: testKey, RedirectURL: "https://shop.example/3ds"})
	if err != nil {
		t.Fatal(err)
	}
	out := c.Send(context.Background(), cardSale(testRef, 2050))
	if out.Result != sale.ResultDelivered {
		t.Fatalf("%s %s %s", out.Result, out.Code, out.Message)
	}
	want := `{"token":"` + testToken + `","email":"ada@example.com","currency":"NGN","country":"NG","amount":20.50,` +
		`"tx_ref":"S1-T1-abc123-1","first_name":"Ada","last_name":"Obi","narration":"Till payment S1-T1-abc123-1",` +
		`"redirect_url":"https://shop.example/3ds"}`
	if string(body) != want || auth != "Bearer "+testKey || path != "/v3/tokenized-charges" {
		t.Errorf("%s %s\n got %s\nwant %s", path, auth, body, want)
	}
	req, _ := c.chargeRequest(cardSale(testRef, 200000))
	if req.Amount != "2000" {
		t.Errorf("NGN 2000.00 sent as %s", req.Amount)
	}
}

func TestRefusedBeforeSending(t *testing.T) {
	url, arrived := providertest.Witness(t)
	c := newClient(t, url, time.Second, nil)
	for name, mutate := range map[string]func(*sale.Sale){
		"no token":       func(s *sale.Sale) { delete(s.Order.Secrets, SecretToken) },
		"token with /":   func(s *sale.Sale) { s.Order.Secrets[SecretToken] = "a/b" },
		"no email":       func(s *sale.Sale) { delete(s.Order.Params, ParamEmail) },
		"bad email":      func(s *sale.Sale) { s.Order.Params[ParamEmail] = "ada@example" },
		"wrong currency": func(s *sale.Sale) { s.Order.Amount = sale.New(100, sale.IDR) },
		"bad country":    func(s *sale.Sale) { s.Order.Params[ParamCountry] = "nga" },
		"wrong kind":     func(s *sale.Sale) { s.Order.Kind = sale.KindBulkCardCharge },
		"wrong provider": func(s *sale.Sale) { s.Order.Provider = "flash" },
	} {
		s := cardSale(testRef, 5000)
		mutate(&s)
		out := c.Send(context.Background(), s)
		if out.Result != sale.ResultNotSent {
			t.Errorf("%s: %s %s", name, out.Result, out.Message)
		}
		if strings.Contains(out.Message, testToken) {
			t.Errorf("%s: token in message", name)
		}
	}
	if n := arrived(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		result  sale.Result
		code    string
	}{
		{"timeout after apply", providertest.Hold, sale.ResultInDoubt, "timeout"},
		{"5xx", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }, sale.ResultInDoubt, "http_500"},
		{"truncated json", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, answer("success", "ok", tx(testRef, "successful", nil))[:60])
		}, sale.ResultInDoubt, "malformed"},
		{"unknown status", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, answer("success", "ok", tx(testRef, "processing", nil)))
		}, sale.ResultInDoubt, "unknown_status"},
		{"reset after write", providertest.Reset, sale.ResultInDoubt, "broken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newClient(t, srv.URL, 300*time.Millisecond, nil)
			out := c.Send(context.Background(), cardSale(testRef, 200000))
			if out.Result != tt.result || out.Code != tt.code {
				t.Fatalf("got %s %s (%s), want %s %s", out.Result, out.Code, out.Message, tt.result, tt.code)
			}
			if c.Settlement(cardSale(testRef, 1)) != sale.SettleQuery {
				t.Error("a card charge in doubt must be settled by a query")
			}
			// A check that gets no answer is in doubt, never a decline.
			if out := c.Check(context.Background(), cardSale(testRef, 200000)); out.Result != sale.ResultInDoubt {
				t.Errorf("check: %s %s", out.Result, out.Code)
			}
		})
	}
}

func TestConnectionRefusedIsNotSent(t *testing.T) {
	c := newClient(t, providertest.DeadURL(t), time.Second, nil)
	if out := c.Send(context.Background(), cardSale(testRef, 5000)); out.Result != sale.ResultNotSent {
		t.Fatalf("got %s %s", out.Result, out.Message)
	}
	_, err := c.BulkStatus(context.Background(), 1)
	var fe *Error
	if !errors.As(err, &fe) || fe.Result != sale.ResultNotSent {
		t.Errorf("bulk status: %v", err)
	}
}

func TestNoSecretInLogsOrMessages(t *testing.T) {
	log, buf := providertest.JSONLog()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		io.WriteString(w, answer("error", "Token "+testToken+" not found for key "+testKey, nil))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, time.Second, log)
	out := c.Send(context.Background(), cardSale(testRef, 5000))
	err := c.UpdateToken(context.Background(), testToken, "ada@example.com", "Ada Obi", "")
	c.Check(context.Background(), cardSale(testRef, 5000))
	if !strings.Contains(buf.String(), "/tokens/"+providers.Redacted) {
		t.Errorf("the token update was not logged with a redacted path:\n%s", buf.String())
	}
	for what, s := range map[string]string{"log": buf.String(), "outcome": out.Message, "error": err.Error()} {
		if strings.Contains(s, testToken) || strings.Contains(s, testKey) || strings.Contains(s, "deadbeef") {
			t.Errorf("a secret is in the %s: %s", what, s)
		}
	}
}

func TestUpdateToken(t *testing.T) {
	var body []byte
	var method, path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		method, path = r.Method, r.URL.EscapedPath()
		if strings.HasSuffix(path, "missing") {
			w.WriteHeader(404)
			io.WriteString(w, answer("error", "Token not found", nil))
			return
		}
		io.WriteString(w, answer("success", "Token details updated", map[string]any{"customer_email": "k@example.com"}))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, time.Second, nil)
	if err := c.UpdateToken(context.Background(), testToken, "k@example.com", "Kendrick Graham", "0813XXXXXXX"); err != nil {
		t.Fatal(err)
	}
	if method != http.MethodPut || path != "/tokens/"+testToken || string(body) != `{"email":"k@example.com","full_name":"Kendrick Graham","phone_number":"0813XXXXXXX"}` {
		t.Errorf("%s %s %s", method, path, body)
	}
	var fe *Error
	if err := c.UpdateToken(context.Background(), "flw-missing", "k@example.com", "", ""); !errors.As(err, &fe) || fe.Code != "token_not_found" {
		t.Errorf("missing token: %v", err)
	}
	if err := c.UpdateToken(context.Background(), testToken, "", "", ""); !errors.As(err, &fe) || fe.Result != sale.ResultNotSent {
		t.Errorf("nothing to update: %v", err)
	}
}

func TestNew(t *testing.T) {
	for name, o := range map[string]Options{
		"no key":       {BaseURL: DefaultBaseURL},
		"plain http":   {BaseURL: "http://api.flutterwave.com/v3", SecretKey: "k"},
		"bad redirect": {BaseURL: DefaultBaseURL, SecretKey: "k", RedirectURL: "javascript:alert(1)"},
		"key break":    {BaseURL: DefaultBaseURL, SecretKey: "k\r\nX"},
	} {
		var ce *providers.ConfigError
		if _, err := New(o); !errors.As(err, &ce) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzParseCharge(f *testing.F) {
	f.Add(200, answer("success", "ok", tx(testRef, "successful", nil)))
	f.Add(200, answer("success", "ok", tx(testRef, "pending", func(m map[string]any) {
		m["meta"] = map[string]any{"authorization": map[string]any{"redirect": "http://127.0.0.1/x"}}
	})))
	f.Add(400, answer("error", "Insufficient funds", tx(testRef, "failed", nil)))
	f.Add(400, answer("error", "Duplicate transaction reference", nil))
	f.Add(200, `{"status":"success","data":{"tx_ref":"S1-T1-abc123-1","status":"successful","amount":1e400}}`)
	f.Add(500, "")
	f.Fuzz(func(t *testing.T, status int, body string) {
		for _, out := range []sale.Outcome{parseCharge(status, []byte(body), want2000), parseVerify(status, []byte(body), want2000)} {
			switch out.Result {
			case sale.ResultDelivered:
				if out.Amount != want2000.amount || (status != 200 && status != 201) {
					t.Fatalf("delivered %v on HTTP %d", out.Amount, status)
				}
			case sale.ResultPending, sale.ResultDeclined, sale.ResultInDoubt:
			default:
				t.Fatalf("result %q", out.Result)
			}
			if out.Message != providers.Clean(out.Message) || strings.Contains(out.Message, testToken) {
				t.Fatalf("message %q", out.Message)
			}
			for _, it := range out.Items {
				if it.Value != providers.Clean(it.Value) || strings.Contains(it.Value, testToken) {
					t.Fatalf("item %q", it.Value)
				}
			}
		}
	})
}

func FuzzDecodeTx(f *testing.F) {
	b, _ := json.Marshal(tx(testRef, "successful", nil))
	f.Add(b)
	f.Add([]byte(`{"amount":"12.5","currency":"KES"}`))
	f.Add([]byte(`{"amount":-0.0,"currency":"GHS"}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := decodeTx(raw, sale.NGN)
		if err != nil {
			return
		}
		for _, m := range []sale.Money{got.Amount, got.ChargedAmount, got.AppFee, got.MerchantFee, got.AmountSettled} {
			if !m.Currency.Valid() {
				t.Fatalf("currency %q", m.Currency)
			}
		}
	})
}
