package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"till/providers/sandbox"
	"till/sale"
)

// otherFlash is a Flash written apart from the till's client and from the
// sandbox: it follows flash-partner-api-v4.txt but numbers its
// productTypes 21 to 26 and answers declines with codes of the 24xx range,
// as a real account may (the document gives neither). Every request is
// logged, so a test can prove what was, and was not, sent.
type otherFlash struct {
	srv *httptest.Server
	mu  sync.Mutex
	log []string // "POST /aggregation/4.0/gift-vouchers/purchase 503"
}

// Its products: code, name, productType.
var otherProducts = []struct {
	code int
	name string
	typ  int
}{
	{501, "Vodacom Airtime", 21}, {502, "Eezi Voucher", 22}, {503, "Takealot Gift Voucher", 23},
	{504, "Cash Out PIN", 24}, {505, "Prepaid Electricity", 25}, {506, "1Voucher", 26},
}

// otherTypes is the [flash.product_types] that matches it.
const otherTypes = `
[flash.product_types]
airtime = [21]
eezi = [22]
giftvoucher = [23]
cashout = [24]
electricity = [25]
1voucher = [26]

[flash.response_codes]
declined = [2400, 2404]
`

// Amounts that make it decline: R 77.77 with 2400 (a decline the
// override lists), R 88.88 with 2405 (one it does not: in doubt).
const (
	otherDeclineCents = 7777
	otherUnknownCents = 8888
)

func newOtherFlash(t *testing.T) *otherFlash {
	t.Helper()
	f := &otherFlash{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v4/token", func(w http.ResponseWriter, r *http.Request) {
		f.record(r, "")
		fmt.Fprint(w, `{"access_token":"other-token","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("GET /aggregation/4.0/accounts/{account}/products", func(w http.ResponseWriter, r *http.Request) {
		f.record(r, "")
		var list []map[string]any
		for _, p := range otherProducts {
			list = append(list, map[string]any{"productCode": p.code, "productName": p.name, "status": "Active",
				"minimumAmount": 500, "maximumAmount": 500000})
		}
		_ = json.NewEncoder(w).Encode(list)
	})
	mux.HandleFunc("GET /aggregation/4.0/accounts/{account}/products/{code}", func(w http.ResponseWriter, r *http.Request) {
		f.record(r, "")
		for _, p := range otherProducts {
			if fmt.Sprint(p.code) == r.PathValue("code") {
				_ = json.NewEncoder(w).Encode(map[string]any{"productCode": p.code, "productName": p.name, "status": 1,
					"productType": p.typ, "minimumAmount": 500, "maximumAmount": 500000, "vendorName": "Other"})
				return
			}
		}
		w.WriteHeader(http.StatusNotFound)
	})
	// Each purchase endpoint sells only its own product type, as Flash
	// would; productCode is absent where the document has none.
	for path, typ := range map[string]int{
		"/aggregation/4.0/cellular/pinless/purchase": 21, "/aggregation/4.0/eezi-voucher/purchase": 22,
		"/aggregation/4.0/gift-vouchers/purchase": 23, "/aggregation/4.0/cash-out-pin/purchase": 24,
		"/aggregation/4.0/prepaid-utilities/purchase": 0, "/aggregation/4.0/1voucher/purchase": 0,
		"/aggregation/4.0/1voucher/disburse": 0, "/aggregation/4.0/1voucher/refund": 0, "/aggregation/4.0/1voucher/redeem": 0,
		"/aggregation/4.0/prepaid-utilities/lookup": 0,
	} {
		mux.HandleFunc("POST "+path, func(w http.ResponseWriter, r *http.Request) { f.purchase(w, r, typ) })
	}
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *otherFlash) record(r *http.Request, product string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = append(f.log, strings.TrimSpace(r.Method+" "+r.URL.Path+" "+product))
}

// sent lists the logged POSTs other than the token and lookups: what could
// move money.
func (f *otherFlash) sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, l := range f.log {
		if strings.HasPrefix(l, "POST ") && !strings.Contains(l, "/token") && !strings.Contains(l, "/lookup") {
			out = append(out, l)
		}
	}
	return out
}

func (f *otherFlash) purchase(w http.ResponseWriter, r *http.Request, typ int) {
	var req map[string]any
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	product := ""
	if n, ok := req["productCode"].(json.Number); ok {
		product = n.String()
	}
	f.record(r, product)
	ans := map[string]any{"reference": req["reference"], "accountNumber": req["accountNumber"], "amount": req["amount"],
		"transactionDate": "2026-12-06T10:00:00+02:00", "transactionId": 9000001}
	answer := func(code int, msg string) {
		ans["responseCode"], ans["responseMessage"] = code, msg
		_ = json.NewEncoder(w).Encode(ans)
	}
	if typ != 0 {
		ok := false
		for _, p := range otherProducts {
			ok = ok || (fmt.Sprint(p.code) == product && p.typ == typ)
		}
		if !ok {
			answer(2404, "Declined: product not valid for this endpoint")
			return
		}
	}
	switch amount, _ := req["amount"].(json.Number); amount.String() {
	case fmt.Sprint(otherDeclineCents):
		answer(2400, "Declined: insufficient funds\x1b[31m")
		return
	case fmt.Sprint(otherUnknownCents):
		answer(2405, "Declined: amount too small")
		return
	}
	switch {
	case strings.HasSuffix(r.URL.Path, "/prepaid-utilities/lookup"):
		ans["meterInfo"] = map[string]any{"meterNumber": req["meterNumber"], "customerInfo": map[string]any{"name": "T. TESTER"}}
		ans["billingInfo"] = map[string]any{"minimumVendValue": 1000, "maximumVendValue": 500000, "tariffName": "Homelight"}
	case strings.HasSuffix(r.URL.Path, "/prepaid-utilities/purchase"):
		ans["meterInfo"] = map[string]any{"meterNumber": req["meterNumber"]}
		ans["tokens"] = []map[string]any{{"token": "12345678901234567890", "tokenDescription": "Credit token", "type": "credit"}}
	case strings.HasSuffix(r.URL.Path, "/pinless/purchase"):
		ans["rechargeDetails"] = map[string]any{"rechargeVendor": "Vodacom"}
	case strings.HasSuffix(r.URL.Path, "/1voucher/redeem"):
		ans["voucher"] = map[string]any{"amount": 0, "status": "Redeemed"}
	default:
		ans["voucher"] = map[string]any{"amount": req["amount"], "pin": "1234567890123456", "serialNumber": "SN900001",
			"status": "Active", "expiryDate": "2029-12-31"}
	}
	answer(0, "Success")
}

// otherConfig writes a till config against it, with extra appended.
func otherConfig(t *testing.T, base, extra string) string {
	t.Helper()
	cfg, _ := writeTill(t, tillFile{width: 32, extra: extra, tables: []string{
		table("flash", "base_url", base, "api_key", "other-key", "account_number", "ACC1", "timeout", "2s"),
	}})
	return cfg
}

// flashSells are the till's Flash sales of every kind, as commands.
var flashSells = map[string][]string{
	"airtime":     {"sell", "airtime", "--mobile", "0821234567", "--product", "501", "--amount", "20"},
	"eezi":        {"sell", "eezi", "--amount", "20"},
	"giftvoucher": {"sell", "giftvoucher", "--product", "503", "--amount", "100"},
	"cashout":     {"sell", "cashout", "--amount", "200"},
	"electricity": {"sell", "electricity", "--meter", "14123456789", "--amount", "50"},
	"1voucher":    {"sell", "1voucher", "--amount", "50"},
	"disburse":    {"1voucher", "disburse", "--amount", "50"},
}

// TestFlashOtherNumbersWithoutOverride: against a Flash that numbers its
// productTypes differently, a till with the assumed defaults sells no
// product whose type it cannot map (exit 2, nothing sent: the server's log
// shows no purchase), says which products are "unknown type N", and still
// sells what needs no productCode (1Voucher, electricity).
func TestFlashOtherNumbersWithoutOverride(t *testing.T) {
	f := newOtherFlash(t)
	cfg := otherConfig(t, f.srv.URL+"/", "")
	for _, kind := range []string{"airtime", "eezi", "giftvoucher", "cashout"} {
		r := runCLI(t, cfg, flashSells[kind]...)
		if r.code != exitUsage {
			t.Fatalf("%s: exit %d, want %d\n%s", kind, r.code, exitUsage, r.stderr)
		}
		if !strings.Contains(r.stderr, "unknown type 2") {
			t.Errorf("%s does not name the unmapped types: %s", kind, r.stderr)
		}
		if s := f.sent(); len(s) != 0 {
			t.Fatalf("%s: sent %v", kind, s)
		}
	}
	r0 := runCLI(t, cfg, "sell", "airtime", "--mobile", "0821234567", "--amount", "20")
	if r0.code != exitUsage || !strings.Contains(r0.stderr, "501 Vodacom Airtime (unknown type 21)") {
		t.Errorf("airtime by network: exit %d %s", r0.code, r0.stderr)
	}
	// Named explicitly, another kind's product is refused too.
	r := runCLI(t, cfg, "sell", "cashout", "--product", "503", "--amount", "100")
	if r.code != exitUsage || !strings.Contains(r.stderr, "503") || len(f.sent()) != 0 {
		t.Fatalf("cash-out of a gift product: exit %d %s, sent %v", r.code, r.stderr, f.sent())
	}
	if recs := journalSales(t, cfg); len(recs) != 0 {
		t.Fatalf("refused sales journaled: %d", len(recs))
	}
	for _, kind := range []string{"1voucher", "electricity", "disburse"} {
		if r := runCLI(t, cfg, flashSells[kind]...); r.code != exitOK {
			t.Fatalf("%s needs no productCode but: exit %d\n%s", kind, r.code, r.stderr)
		}
	}
	want := []string{"POST /aggregation/4.0/1voucher/purchase", "POST /aggregation/4.0/prepaid-utilities/purchase",
		"POST /aggregation/4.0/1voucher/disburse"}
	if got := f.sent(); !slices.Equal(got, want) {
		t.Errorf("sent %v, want %v", got, want)
	}
}

// TestFlashOtherNumbersWithOverride: with [flash.product_types] and
// [flash.response_codes] set from what that Flash says, every kind sells
// through its own endpoint with its own product; a listed decline exits 1
// with Flash's words (cleaned); a code not listed is in doubt (exit 3),
// shows Flash's words and is not called lost.
func TestFlashOtherNumbersWithOverride(t *testing.T) {
	f := newOtherFlash(t)
	cfg := otherConfig(t, f.srv.URL+"/", otherTypes)
	for _, kind := range []string{"airtime", "eezi", "giftvoucher", "cashout", "electricity", "1voucher", "disburse"} {
		if r := runCLI(t, cfg, flashSells[kind]...); r.code != exitOK {
			t.Fatalf("%s: exit %d\n%s%s", kind, r.code, r.stdout, r.stderr)
		}
	}
	want := []string{
		"POST /aggregation/4.0/cellular/pinless/purchase 501", "POST /aggregation/4.0/eezi-voucher/purchase 502",
		"POST /aggregation/4.0/gift-vouchers/purchase 503", "POST /aggregation/4.0/cash-out-pin/purchase 504",
		"POST /aggregation/4.0/prepaid-utilities/purchase", "POST /aggregation/4.0/1voucher/purchase",
		"POST /aggregation/4.0/1voucher/disburse",
	}
	if got := f.sent(); !slices.Equal(got, want) {
		t.Errorf("sent\n%v\nwant\n%v", got, want)
	}
	// A product's limits still apply when the catalogue has one: R 5 000.01
	// is above the 1Voucher product's R 5 000.
	if r := runCLI(t, cfg, "sell", "1voucher", "--amount", "5000.01"); r.code != exitUsage {
		t.Errorf("1Voucher above its product's maximum: exit %d %s", r.code, r.stderr)
	}

	r := runCLI(t, cfg, "sell", "giftvoucher", "--product", "503", "--amount", "77.77")
	if r.code != exitDeclined || !strings.Contains(r.stderr, "Declined: insufficient funds") || strings.Contains(r.stderr, "\x1b") {
		t.Errorf("a listed decline: exit %d\n%q", r.code, r.stderr)
	}
	r = runCLI(t, cfg, "sell", "giftvoucher", "--product", "503", "--amount", "88.88", "--json")
	if r.code != exitInDoubt || !strings.Contains(r.stderr, "Declined: amount too small") || strings.Contains(r.stderr, "lost") {
		t.Errorf("an unknown code: exit %d\n%s", r.code, r.stderr)
	}
	if rec := jsonRecord(t, r.stdout); rec.Code != "2405" || rec.Said != "Declined: amount too small" {
		t.Errorf("the journal does not keep Flash's words beside ours: %+v", rec)
	}
}

// TestCLIFlashSandboxOtherNumbers is the new shop's first day: `till
// sandbox` numbers its Flash products and codes unlike the till's
// defaults; without the override nothing that needs a productCode sells;
// with [flash.product_types] and [flash.response_codes] set to match,
// every Flash kind sells, and a decline shows Flash's words and exits 1.
func TestCLIFlashSandboxOtherNumbers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t, "--flash-product-types", "airtime=31,eezi=32,giftvoucher=33,cashout=34,electricity=35,water=36,1voucher=37",
		"--flash-codes", "insufficient_balance=2400,amount_out_of_range=2405,invalid_product=2404")
	cfg, _ := liveConfig(t, base)
	run := tillRunner(t, cfg)
	r := run(exitUsage, "sell", "giftvoucher", "--product", "3001", "--amount", "100")
	if !strings.Contains(r.stderr, "unknown type 33") {
		t.Errorf("unmapped gift voucher: %s", r.stderr)
	}
	run(exitUsage, "sell", "cashout", "--amount", "100")
	if n := len(journalSales(t, cfg)); n != 0 {
		t.Fatalf("%d sales journaled without the override", n)
	}

	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString(`
[flash.product_types]
airtime = [31]
eezi = [32]
giftvoucher = [33]
cashout = [34]
electricity = [35]
water = [36]
1voucher = [37]

[flash.response_codes]
declined = [2400, 2404]
`)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"sell", "airtime", "--mobile", "0821234567", "--amount", "20"},
		{"sell", "electricity", "--meter", sandbox.MeterCityPower, "--amount", "50"},
		{"sell", "1voucher", "--amount", "100"},
		{"sell", "giftvoucher", "--product", "3001", "--amount", "100"},
		{"sell", "eezi", "--amount", "10"},
		{"sell", "cashout", "--amount", "250"},
		{"1voucher", "disburse", "--amount", "50"},
	} {
		r := run(exitOK, append(args, "--json")...)
		if rec := jsonRecord(t, r.stdout); rec.State != sale.StateDelivered {
			t.Errorf("%v: %s", args, rec.State)
		}
	}
	if r := runStdin(t, "5555 6666 7777 8888\n", "--config", cfg, "1voucher", "redeem", "--pin", "-", "--amount", "60"); r.code != exitOK {
		t.Errorf("redeem: exit %d %s", r.code, r.stderr)
	}
	r = run(exitDeclined, "sell", "giftvoucher", "--product", "3001", "--amount", "100.94")
	if !strings.Contains(r.stderr, "DECLINED") || !strings.Contains(r.stderr, "Flash said") {
		t.Errorf("decline: %s", r.stderr)
	}
}
