package i18n_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"till/i18n"
	"till/providers/flash"
	"till/providers/flutterwave"
	"till/providers/mpesaflow"
	"till/providers/oneflow"
	"till/sale"
)

// scripted is a provider on a loopback listener: its token endpoint
// always signs the till in, every other request gets what the case in
// hand scripts (answer), by path.
type scripted struct {
	srv    *httptest.Server
	mu     sync.Mutex
	answer func(path string) (int, string)
}

func newScripted(t *testing.T) *scripted {
	t.Helper()
	s := &scripted{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/token") {
			fmt.Fprint(w, `{"access_token":"tok-0123456789abcdef","token_type":"Bearer","expires_in":3600}`)
			return
		}
		s.mu.Lock()
		answer := s.answer
		s.mu.Unlock()
		status, body := http.StatusTeapot, ""
		if answer != nil {
			status, body = answer(r.URL.Path)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// say scripts every answer but the token's.
func (s *scripted) say(status int, body string) {
	s.sayBy(func(string) (int, string) { return status, body })
}

func (s *scripted) sayBy(f func(path string) (int, string)) {
	s.mu.Lock()
	s.answer = f
	s.mu.Unlock()
}

// closed is the address of a listener that is gone: nothing answers there.
func closed(t *testing.T) string {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	return u
}

// clientWords are words of the clients' messages that Indonesian never uses.
var clientWords = regexp.MustCompile(`(?i)\b(recharge|charged?|card|payment|record(ed)?|refused|answer(ed)?|again|reference|lookup|sold|sent|until|but|with|for|has|had|is|are|does|did|yet|device|amount|meter|product|request|approval|customer|reached|read|already|another)\b`)

// saidAll checks messages the clients really wrote: each reads Indonesian
// (no English word left outside the provider's own quoted words and what
// the client quoted with %q) on an Indonesian till, and is unchanged on an
// English one. want lists a part of each message (a name, a number) that
// must survive translation; "" for none.
func saidAll(t *testing.T, name string, msgs map[string]string) {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatalf("%s: no messages", name)
	}
	for msg, keep := range msgs {
		if msg == "" {
			t.Errorf("%s: an empty message", name)
			continue
		}
		if got := i18n.EN.Said(msg); got != msg {
			t.Errorf("%s: English changed %q to %q", name, msg, got)
		}
		id := i18n.ID.Said(msg)
		// The provider's own words and what the client quoted stay as sent.
		bare := regexp.MustCompile(`Kata \S+: \x{201c}.*\x{201d}$|"(?:[^"\\]|\\.)*"`).ReplaceAllString(id, "")
		bare = strings.ReplaceAll(bare, "till card bulk-status", "") // a command, typed as it is
		// A provider's reason the client put in brackets (" (Do not honour)").
		for paren := regexp.MustCompile(`\([^()]*\)`); ; {
			before := bare
			bare = paren.ReplaceAllStringFunc(bare, func(p string) string {
				if strings.Contains(msg, p) {
					return ""
				}
				return p
			})
			if bare == before {
				break
			}
		}
		if id == msg || englishLeft(bare) || clientWords.MatchString(bare) {
			t.Errorf("%s: %q\n  reads %q", name, msg, id)
		}
		if keep != "" && !strings.Contains(id, keep) {
			t.Errorf("%s: %q lost %q: %q", name, msg, keep, id)
		}
	}
}

// The 1Flow client's messages, from a scripted 1Flow: refusals before
// sending, every kind of answer to a recharge and to a status poll.
func TestSaidOneFlow(t *testing.T) {
	ctx := context.Background()
	f := newScripted(t)
	c, err := oneflow.New(oneflow.Options{BaseURL: f.srv.URL, ClientID: "till", ClientSecret: "s3cret-0123456789",
		Currency: sale.KES, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	water := func(dev string, minor int64, cur sale.Currency) sale.Sale {
		return sale.Sale{Ref: "STORE1-TILL1-abcd-1", State: sale.StateSending, Attempts: 1,
			Order: sale.Order{Provider: oneflow.ProviderName, Kind: sale.KindWater,
				Target: sale.Target{Kind: sale.TargetDevice, Value: dev}, Amount: sale.New(minor, cur)}}
	}
	msgs := map[string]string{}
	send := func(s sale.Sale, status int, body string) sale.Outcome {
		f.say(status, body)
		out := c.Send(ctx, s)
		msgs[out.Message] = ""
		return out
	}
	ok := water("DEV1", 1000, sale.KES)
	send(ok, 500, `{"success":false,"message":"Database down"}`)
	send(ok, 418, ``)
	send(ok, 401, ``)
	send(ok, 400, `{"success":false,"message":"Device blocked"}`)
	send(ok, 400, `{"success":true}`)
	send(ok, 202, `{`)
	send(ok, 202, `{"success":false}`)
	send(ok, 202, `{"success":true,"data":{}}`)
	for _, data := range []string{`"serialNumber":"DEV2"`, `"currency":"GHS"`, `"amount":1e3`, `"amount":11`} {
		out := send(ok, 202, `{"success":true,"data":{"id":"r-1",`+data+`}}`)
		if out.Code != "mismatch" {
			t.Errorf("%s: %+v", data, out)
		}
	}
	pending := ok
	pending.PendingID = "r-1"
	msgs[c.Send(ctx, pending).Message] = "r-1"
	other := ok
	other.Order.Provider = "flash"
	for _, s := range []sale.Sale{other, water("DEV1", 1000, sale.GHS), water("DEV1", 0, sale.KES), water("", 1000, sale.KES), water("bad id!", 1000, sale.KES)} {
		out := c.Send(ctx, s)
		if out.Result != sale.ResultNotSent {
			t.Errorf("%+v sent: %+v", s.Order, out)
		}
		msgs[out.Message] = ""
	}
	notWater := ok
	notWater.Order.Kind = sale.KindAirtime
	msgs[c.Send(ctx, notWater).Message] = ""
	card := ok
	card.Order.Target.Kind = sale.TargetMobile
	msgs[c.Send(ctx, card).Message] = ""

	check := func(status int, body string) {
		f.say(status, body)
		msgs[c.Check(ctx, pending).Message] = ""
	}
	msgs[c.Check(ctx, ok).Message] = ""
	bad := pending
	bad.PendingID = "../x"
	msgs[c.Check(ctx, bad).Message] = ""
	check(404, ``)
	check(500, ``)
	check(200, `{`)
	check(200, `{"success":false,"data":{}}`)
	check(200, `{"success":true,"data":{"id":"r-2"}}`)
	check(200, `{"success":true,"message":"Valve stuck","data":{"id":"r-1","status":"FAILED"}}`)
	check(200, `{"success":true,"data":{"id":"r-1","status":"WEIRD"}}`)
	check(200, `{"success":true,"data":{"id":"r-1","status":"COMPLETED"}}`)
	check(200, `{"success":true,"data":{"id":"r-1","status":"COMPLETED","amount":12,"currency":"KES"}}`)

	gone, err := oneflow.New(oneflow.Options{BaseURL: closed(t), ClientID: "till", ClientSecret: "s3cret-0123456789",
		Currency: sale.KES, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	msgs[gone.Check(ctx, pending).Message] = ""
	if len(msgs) < 30 {
		t.Errorf("only %d distinct messages", len(msgs))
	}
	saidAll(t, "1Flow", msgs)
}

// The Flutterwave client's messages: refusals before charging, every kind
// of answer to a charge and to a verification, and VerifyByReference's.
func TestSaidFlutterwave(t *testing.T) {
	ctx := context.Background()
	f := newScripted(t)
	c, err := flutterwave.New(flutterwave.Options{BaseURL: f.srv.URL, SecretKey: "FLWSECK_TEST-0123456789abcdef-X", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	const ref = "STORE1-TILL1-abcd-1"
	card := func(minor int64, cur sale.Currency) sale.Sale {
		return sale.Sale{Ref: ref, State: sale.StateSending, Attempts: 1,
			Order: sale.Order{Provider: flutterwave.ProviderName, Kind: sale.KindTenderCard, Amount: sale.New(minor, cur),
				Params:  map[string]string{flutterwave.ParamEmail: "ada@example.com", flutterwave.ParamFirstName: "Ada", flutterwave.ParamLastName: "Obi"},
				Secrets: map[string]string{flutterwave.SecretToken: "flw-t1nf-deadbeefdeadbeefdeadbeefdeadbeef-m03k"}}}
	}
	ok := card(10000, sale.NGN)
	tx := func(fields string) string {
		return `{"status":"success","message":"Charge created","data":{"id":1,"flw_ref":"F1","currency":"NGN",` + fields + `}}`
	}
	msgs := map[string]string{}
	send := func(status int, body string) {
		f.say(status, body)
		msgs[c.Send(ctx, ok).Message] = ""
	}
	send(401, `{"status":"error","message":"Invalid authorization key"}`)
	send(500, ``)
	send(418, ``)
	send(200, `{`)
	send(200, `{"status":"success"}`)
	send(202, tx(`"tx_ref":"`+ref+`","amount":100,"status":"successful"`))
	send(400, `{"status":"error","message":"Oops","data":{"status":"successful"}}`)
	send(400, `{"status":"error","message":"Duplicate transaction reference"}`)
	send(400, `{"status":"error","message":"Insufficient funds"}`)
	send(400, `{"status":"error","message":"Something odd"}`)
	send(200, `{"status":"maybe"}`)
	send(200, tx(`"tx_ref":"OTHER-1","amount":100,"status":"successful"`))
	send(200, tx(`"tx_ref":"`+ref+`","amount":101,"status":"successful"`))
	send(200, tx(`"tx_ref":"`+ref+`","amount":100,"status":"pending"`))
	send(200, tx(`"tx_ref":"`+ref+`","amount":100,"status":"pending","meta":{"authorization":{"mode":"redirect","redirect":"https://checkout.example.com/3ds"}}`))
	send(200, tx(`"tx_ref":"`+ref+`","amount":100,"status":"failed","processor_response":"Do not honour"`))
	send(200, tx(`"tx_ref":"`+ref+`","amount":100,"status":"weird"`))

	other := ok
	other.Order.Provider = "flash"
	notCard := ok
	notCard.Order.Kind = sale.KindAirtime
	noToken := card(10000, sale.NGN)
	noToken.Order.Secrets = nil
	badEmail := card(10000, sale.NGN)
	badEmail.Order.Params[flutterwave.ParamEmail] = "nobody"
	badCountry := card(10000, sale.NGN)
	badCountry.Order.Params[flutterwave.ParamCountry] = "nigeria"
	for _, s := range []sale.Sale{other, notCard, card(10000, sale.IDR), card(0, sale.NGN), noToken, badEmail, badCountry} {
		out := c.Send(ctx, s)
		if out.Result != sale.ResultNotSent {
			t.Errorf("%+v sent: %+v", s.Order, out)
		}
		msgs[out.Message] = ""
	}
	long := card(10000, sale.NGN)
	long.Order.Secrets = map[string]string{flutterwave.SecretToken: strings.Repeat("t", 300)}
	msgs[c.Send(ctx, long).Message] = ""
	odd := card(10000, sale.NGN)
	odd.Order.Secrets = map[string]string{flutterwave.SecretToken: "bad token!"}
	msgs[c.Send(ctx, odd).Message] = ""

	check := func(status int, body string) {
		f.say(status, body)
		msgs[c.Check(ctx, ok).Message] = ""
	}
	msgs[c.Check(ctx, notCard).Message] = ""
	check(500, ``)
	check(200, `{`)
	check(404, `{"status":"error","message":"No transaction was found for this id"}`)
	check(400, `{"status":"error","message":"Something odd"}`)

	for _, a := range []struct {
		status int
		body   string
	}{{404, `{"status":"error","message":"No transaction was found for this id"}`}, {200, `{"status":"success","data":{"id":"x","amount":"lots"}}`}} {
		f.say(a.status, a.body)
		_, err := c.VerifyByReference(ctx, ref)
		if err == nil {
			t.Fatalf("%s: verified", a.body)
		}
		msgs[err.Error()] = ""
	}

	gone, err := flutterwave.New(flutterwave.Options{BaseURL: closed(t), SecretKey: "FLWSECK_TEST-0123456789abcdef-X", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	msgs[gone.Check(ctx, ok).Message] = ""
	if len(msgs) < 30 {
		t.Errorf("only %d distinct messages", len(msgs))
	}
	saidAll(t, "Flutterwave", msgs)
}

// The MpesaFlow client's messages: refusals before sending, every kind of
// answer to a first record and to a resend, and Check's.
func TestSaidMpesaFlow(t *testing.T) {
	ctx := context.Background()
	f := newScripted(t)
	c, err := mpesaflow.New(mpesaflow.Options{BaseURL: f.srv.URL, APIKey: "mf-test-key-0123456789", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	const ref = "STORE1-TILL1-abcd-1"
	mpesa := func(minor int64, cur sale.Currency) sale.Sale {
		return sale.Sale{Ref: ref, CreatedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), State: sale.StateSending, Attempts: 1,
			Order: sale.Order{Provider: mpesaflow.ProviderName, Kind: sale.KindTenderMpesa, Amount: sale.New(minor, cur),
				Params: map[string]string{mpesaflow.ParamReceipt: "QKJ4ABCD12", mpesaflow.ParamPhone: "0712 345 678"}}}
	}
	ok := mpesa(10000, sale.KES)
	resend := ok
	resend.Attempts = 2
	record := func(fields string) string {
		return `{"success":true,"data":{"id":"txn_1","currency":"kes",` + fields + `}}`
	}
	msgs := map[string]string{}
	send := func(s sale.Sale, status int, body string) {
		f.say(status, body)
		msgs[c.Send(ctx, s).Message] = ""
	}
	send(ok, 401, ``)
	send(resend, 403, ``)
	send(ok, 500, ``)
	send(ok, 418, ``)
	send(ok, 200, `{`)
	send(ok, 200, `{"success":false,"message":"Queue full"}`)
	send(ok, 200, `{"success":false}`)
	send(ok, 201, `{"success":true}`)
	send(ok, 400, `{`)
	send(ok, 400, `{"success":false,"error":"amount must be positive"}`)
	send(ok, 422, `{"success":false}`)
	send(ok, 409, `{"success":false,"message":"Receipt already used"}`)
	send(resend, 409, `{"success":false,"message":"Receipt already used"}`)
	send(resend, 400, `{"success":false}`)
	send(ok, 201, record(`"providerReference":"OTHER-1","amount":"100.00","status":"completed"`))
	send(ok, 201, record(`"providerReference":"`+ref+`","status":"completed"`))
	send(ok, 201, record(`"providerReference":"`+ref+`","amount":"lots","status":"completed"`))
	send(ok, 201, `{"success":true,"data":{"id":"txn_1","currency":"usd","providerReference":"`+ref+`","amount":"100.00","status":"completed"}}`)
	send(ok, 201, record(`"providerReference":"`+ref+`","amount":"99.00","status":"completed"`))
	send(ok, 201, record(`"providerReference":"`+ref+`","amount":"100.00"`))
	send(ok, 201, record(`"providerReference":"`+ref+`","amount":"100.00","status":"pending"`))
	send(ok, 201, record(`"providerReference":"`+ref+`","amount":"100.00","status":"failed","declineReason":"Reversed"`))
	send(ok, 201, record(`"providerReference":"`+ref+`","amount":"100.00","status":"weird"`))

	other := ok
	other.Order.Provider = "flash"
	notMpesa := ok
	notMpesa.Order.Kind = sale.KindAirtime
	badCustomer := mpesa(10000, sale.KES)
	badCustomer.Order.Params[mpesaflow.ParamCustomerID] = strings.Repeat("c", 70)
	badDate := mpesa(10000, sale.KES)
	badDate.Order.Params[mpesaflow.ParamDate] = "yesterday"
	for _, s := range []sale.Sale{other, notMpesa, mpesa(10000, sale.ZAR), mpesa(0, sale.KES), badCustomer, badDate} {
		out := c.Send(ctx, s)
		if out.Result != sale.ResultNotSent {
			t.Errorf("%+v sent: %+v", s.Order, out)
		}
		msgs[out.Message] = ""
	}
	msgs[c.Check(ctx, ok).Message] = ""
	if len(msgs) < 28 {
		t.Errorf("only %d distinct messages", len(msgs))
	}
	saidAll(t, "MpesaFlow", msgs)
}

// Flash's messages besides its response codes (TestSaidCodeTables): the
// meter lookup's every failure, a product the till cannot confirm, the
// purchase answers the till cannot use, and refusals before sending.
func TestSaidFlash(t *testing.T) {
	ctx := context.Background()
	f := newScripted(t)
	newFlash := func(base string) *flash.Client {
		c, err := flash.New(flash.Options{BaseURL: base, APIKey: "test-api-key-0123456789", AccountNumber: "ACC123",
			StoreID: "STORE1", TerminalID: "TILL1", Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := newFlash(f.srv.URL)
	msgs := map[string]string{}
	meter := func(status int, body string) {
		f.say(status, body)
		_, err := c.LookupMeter(ctx, flash.MeterQuery{Meter: "01234567890", Amount: sale.New(5000, sale.ZAR)})
		if err == nil {
			t.Fatalf("%d %s: looked up", status, body)
		}
		msgs[sale.ErrorMessage(err)] = ""
	}
	meter(401, ``)
	meter(500, ``)
	meter(200, `{`)
	meter(200, `{"responseCode":"x"}`)
	meter(200, `{"responseCode":0,"reference":"NOT-OURS"}`)
	meter(200, `{"responseCode":2001,"responseMessage":"System error"}`)
	meter(200, `{"responseCode":0}`)
	meter(200, `{"responseCode":0,"meterInfo":{"meterNumber":"99999999999"}}`)
	if _, err := newFlash(closed(t)).LookupMeter(ctx, flash.MeterQuery{Meter: "01234567890", Amount: sale.New(5000, sale.ZAR)}); err != nil {
		msgs[sale.ErrorMessage(err)] = ""
	} else {
		t.Error("a lookup on a closed port answered")
	}

	const ref = "STORE1-TILL1-abc123-1"
	airtime := sale.Sale{Ref: ref, StoreID: "STORE1", TerminalID: "TILL1", Attempts: 1,
		Order: sale.Order{Provider: flash.ProviderName, Kind: sale.KindAirtime, Product: "1001", ProductName: "Vodacom Airtime",
			Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}, Amount: sale.New(1000, sale.ZAR),
			Tender: sale.Tender{Kind: sale.TenderCash}}}
	product := func(typ int, purchase func() (int, string)) {
		f.sayBy(func(path string) (int, string) {
			if strings.Contains(path, "/products/") {
				if typ == 0 {
					return 500, ``
				}
				return 200, fmt.Sprintf(`{"productCode":1001,"productName":"Vodacom Airtime","status":1,"productType":%d}`, typ)
			}
			return purchase()
		})
	}
	// A new client for each product answer: the client remembers a
	// product's type once it has it.
	buy := func(typ int, status int, body string) {
		c := newFlash(f.srv.URL)
		product(typ, func() (int, string) { return status, body })
		out := c.Send(ctx, airtime)
		msgs[out.Message] = ""
	}
	buy(0, 200, ``)
	buy(99, 200, ``)
	buy(2, 200, ``)
	good := `"responseCode":0,"responseMessage":"Success","accountNumber":"ACC123"`
	buy(1, 200, `{`+good+`}`)
	buy(1, 200, `{`+good+`,"reference":"`+ref+`"}`)
	buy(1, 200, `{"responseCode":0,"accountNumber":"OTHER","reference":"`+ref+`","transactionId":"T1","amount":1000}`)
	buy(1, 200, `{`+good+`,"reference":"`+ref+`","transactionId":"T1"}`)
	buy(1, 200, `{`+good+`,"reference":"`+ref+`","transactionId":"T1","amount":1.5}`)
	buy(1, 200, `{`+good+`,"reference":"`+ref+`","transactionId":"T1","amount":999}`)

	other := airtime
	other.Order.Provider = "flowix"
	water := airtime
	water.Order.Kind = sale.KindWater
	badCode := airtime
	badCode.Order.Product = "abc"
	// A target kind is the till's code word ("voucher", "meter"), shown as such.
	meterTarget := airtime
	meterTarget.Order.Target = sale.Target{Kind: sale.TargetVoucher, Value: "01234567890"}
	rand := func(m sale.Money) sale.Sale { s := airtime; s.Order.Amount = m; return s }
	for _, s := range []sale.Sale{other, water, badCode, meterTarget, rand(sale.New(0, sale.ZAR)), rand(sale.New(1000, sale.KES))} {
		out := c.Send(ctx, s)
		if out.Result != sale.ResultNotSent {
			t.Errorf("%+v sent: %+v", s.Order, out)
		}
		msgs[out.Message] = ""
	}
	msgs[c.Check(ctx, airtime).Message] = ""
	if len(msgs) < 20 {
		t.Errorf("only %d distinct messages", len(msgs))
	}
	saidAll(t, "Flash", msgs)

	// Messages the test cannot drive cheaply, from their formats.
	saidAll(t, "Flash (formats)", map[string]string{
		"Flash said success (transaction T1) but sent no token. The till will ask again with the same reference.":                                       "T1",
		"Flash said success (transaction T1) but a token is malformed (19 characters, not 20 digits). The till will ask again with the same reference.": "19",
		"Flutterwave said success with HTTP 202. The till will verify the charge.":                                                                      "HTTP 202",
		"Flash's cash-out lookup said nothing about the PIN; try again.":                                                                                "",
		"Flash's cash-out lookup answered about another PIN; try again.":                                                                                "",
		"Flash refused the cash-out PIN lookup (code 1020). Flash said: \u201cPIN not found\u201d":                                                      "PIN not found",
		"Could not sign in to Flash for the meter lookup (HTTP 401). Nothing was sold.":                                                                 "HTTP 401",
		"The till could not encode the meter lookup; nothing was sent.":                                                                                 "",
		"The till could not encode the request; nothing was sent.":                                                                                      "",
		"the amount is in \"USD\": Flash sells in ZAR; nothing was sent.":                                                                               "",
	})
}

// Every message a client builds with a provider's optional reason
// (" (why)" or nothing) reads Indonesian either way.
func TestSaidOptionalReason(t *testing.T) {
	for _, msg := range []string{
		"MpesaFlow refused the payment record. Nothing was recorded.",
		"MpesaFlow refused the payment record (Bad phone). Nothing was recorded.",
		"MpesaFlow refused a resend of the record (HTTP 400); the first attempt may have recorded it. A supervisor must check it.",
		"MpesaFlow refused a resend of the record (HTTP 400 (Bad phone)); the first attempt may have recorded it. A supervisor must check it.",
	} {
		got := i18n.ID.Said(msg)
		if got == msg || englishLeft(got) || !strings.HasPrefix(got, "MpesaFlow menolak") {
			t.Errorf("%q reads %q", msg, got)
		}
		if strings.Contains(msg, "Bad phone") != strings.Contains(got, "Bad phone") {
			t.Errorf("%q lost the reason: %q", msg, got)
		}
	}
}

// Flutterwave's calls outside a card sale (a bulk charge, verifying by
// reference), as the back office and a bulk sale's outcome show them.
func TestSaidFlutterwaveCalls(t *testing.T) {
	ctx := context.Background()
	f := newScripted(t)
	opts := flutterwave.Options{BaseURL: f.srv.URL, SecretKey: "FLWSECK_TEST-0123456789abcdef-X", Timeout: 5 * time.Second}
	c, err := flutterwave.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	items := []flutterwave.BulkItem{{Token: "flw-t1nf-deadbeefdeadbeefdeadbeefdeadbeef-m03k", Email: "ada@example.com",
		Amount: sale.New(10000, sale.NGN), TxRef: "BULK-1-1"}}
	msgs := map[string]string{}
	bulk := func(c *flutterwave.Client, status int, body string) {
		f.say(status, body)
		_, err := c.BulkCharge(ctx, "March fees", flutterwave.RetryStrategy{}, items)
		if err == nil {
			t.Fatalf("%d %s: accepted", status, body)
		}
		msgs[err.Error()] = ""
	}
	bulk(c, 401, `{"status":"error","message":"Invalid authorization key"}`)
	bulk(c, 500, ``)
	bulk(c, 200, `{`)
	bulk(c, 400, `{"status":"error","message":"Duplicate bulk reference"}`)
	bulk(c, 400, `{"status":"error","message":"Bulk limit exceeded"}`)
	bulk(c, 418, `{"status":"error","message":"Teapot"}`)
	bulk(c, 200, `{"status":"success","data":{}}`)
	gone := opts
	gone.BaseURL = closed(t)
	g, err := flutterwave.New(gone)
	if err != nil {
		t.Fatal(err)
	}
	bulk(g, 0, ``)
	if _, err := g.VerifyByReference(ctx, "STORE1-TILL1-abcd-1"); err != nil {
		msgs[err.Error()] = ""
	}
	f.say(500, ``)
	if _, err := c.VerifyByReference(ctx, "STORE1-TILL1-abcd-1"); err != nil {
		msgs[err.Error()] = ""
	}
	msgs["Flutterwave accepted bulk charge 42 of 3 card(s); it charges them one by one: see till card bulk-status 42"] = "42"
	if len(msgs) < 10 {
		t.Errorf("only %d distinct messages", len(msgs))
	}
	saidAll(t, "Flutterwave calls", msgs)
}
