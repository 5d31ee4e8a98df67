package sandbox

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
)

// Demo credentials of the Flowix simulator. A till configured with
// base_url = <sandbox>/flowix/api/v1, api_key = FlowixAPIKey, merchant_id =
// FlowixMerchantID and webhook_secret = FlowixWebhookSecret sells against it.
const (
	// FlowixPrefix is where the Flowix simulator's API is mounted.
	FlowixPrefix = "/flowix/api/v1"
	// FlowixAdminPrefix is where its inspection endpoints live.
	FlowixAdminPrefix = AdminPrefix + "/flowix"
	// FlowixAPIKey is the api_key header the simulator accepts.
	FlowixAPIKey = "sk-sbx-7f3a-91c2-demo"
	// FlowixMerchantID is the merchant_id header the simulator accepts.
	FlowixMerchantID = "MID-SANDBOX01"
	// FlowixWebhookSecret signs the simulator's webhooks.
	FlowixWebhookSecret = "whsec_sandbox_demo_secret"
	// FlowixStartBalance is the demo account's balance after a reset.
	FlowixStartBalance = 5_500_000
)

// FlowixTrigger documents one deterministic Flowix fault: the last two
// digits of the target (phone, meter, customer or account number), or of
// the amount for deposits.
type FlowixTrigger struct {
	Suffix  string
	Name    string
	Applied bool   // whether the request is applied on the first request
	Till    string // what the till should end up doing
}

// Flowix faults, by the suffix that triggers them.
const (
	fxLost     = "91"
	fx5xx      = "92"
	fxGarbage  = "93"
	fxDecline  = "94"
	fxFails    = "95"
	fxSlow     = "96"
	fxReset    = "97"
	fxUnknown  = "98"
	fxDropped  = "99"
	fxNoSuffix = ""
)

var flowixTriggers = []FlowixTrigger{
	{fxLost, "applied, then no answer", true, "timeout: IN_DOUBT; the status query finds it: PENDING, then DELIVERED"},
	{fx5xx, "applied, then HTTP 503", true, "IN_DOUBT; the status query finds it: PENDING, then DELIVERED"},
	{fxGarbage, "applied, then truncated JSON", true, "IN_DOUBT; the status query finds it: PENDING, then DELIVERED"},
	{fxDecline, "definitive decline", false, "success:false code 402 (deposits: 422): DECLINED, nothing sold"},
	{fxFails, "accepted, fails later", true, "PENDING, then status failed (balance refunded): DECLINED; deposits are never paid and expire"},
	{fxSlow, "slow answer", true, "answered after the slow delay (IN_DOUBT first if the till's timeout is shorter)"},
	{fxReset, "applied, then connection reset", true, "IN_DOUBT; the status query finds it: PENDING, then DELIVERED"},
	{fxUnknown, "applied, then unknown error code", true, "success:false code 599: IN_DOUBT; the status query finds it"},
	{fxDropped, "dropped before applying", false, "connection reset, nothing applied: IN_DOUBT; status says not found; pulsa is resent with the same ref_id: DELIVERED"},
}

// FlowixTriggers lists the Flowix fault triggers.
func FlowixTriggers() []FlowixTrigger { return append([]FlowixTrigger(nil), flowixTriggers...) }

// fxFault returns the fault suffix of s (a number), or "".
func fxFault(s string) string {
	if len(s) < 2 {
		return fxNoSuffix
	}
	suf := s[len(s)-2:]
	for _, t := range flowixTriggers {
		if t.Suffix == suf {
			return suf
		}
	}
	return fxNoSuffix
}

// fxService is one entry of the simulated services list.
type fxService struct {
	Code, Name, Category, Brand, Type string
	Price                             int64
	Status                            string // "available", "empty"
	Postpaid                          bool
}

var fxServices = []fxService{
	{"TSEL5", "Telkomsel 5k", "Pulsa", "Telkomsel", "pulsa", 5_900, "available", false},
	{"TSEL10", "Telkomsel 10k", "Pulsa", "Telkomsel", "pulsa", 10_500, "available", false},
	{"TSEL25", "Telkomsel 25k", "Pulsa", "Telkomsel", "pulsa", 25_200, "available", false},
	{"TSEL50", "Telkomsel 50k", "Pulsa", "Telkomsel", "pulsa", 49_800, "available", false},
	{"ISAT10", "Indosat 10k", "Pulsa", "Indosat", "pulsa", 10_900, "available", false},
	{"ISAT25", "Indosat 25k", "Pulsa", "Indosat", "pulsa", 25_300, "available", false},
	{"XL10", "XL 10k", "Pulsa", "XL", "pulsa", 10_800, "available", false},
	{"XL25", "XL 25k", "Pulsa", "XL", "pulsa", 25_100, "available", false},
	{"TRI10", "Tri 10k", "Pulsa", "Tri", "pulsa", 10_200, "available", false},
	{"TRI20", "Tri 20k", "Pulsa", "Tri", "pulsa", 20_100, "available", false},
	{"SMART10", "Smartfren 10k", "Pulsa", "Smartfren", "pulsa", 10_100, "available", false},
	{"SMART50", "Smartfren 50k", "Pulsa", "Smartfren", "pulsa", 49_600, "empty", false},
	{"PLN20", "Token PLN 20.000", "PLN", "PLN", "pln", 20_300, "available", false},
	{"PLN50", "Token PLN 50.000", "PLN", "PLN", "pln", 50_300, "available", false},
	{"PLN100", "Token PLN 100.000", "PLN", "PLN", "pln", 100_300, "available", false},
	{"ML5", "Mobile Legends 5 Diamond", "Games", "Mobile Legends", "game", 1_500, "available", false},
	{"ML86", "Mobile Legends 86 Diamond", "Games", "Mobile Legends", "game", 21_000, "available", false},
	{"FF70", "Free Fire 70 Diamond", "Games", "Free Fire", "game", 9_500, "available", false},
	{"PLNPASCA", "PLN Pascabayar", "Pascabayar", "PLN", "tagihan", 2_500, "available", true},
	{"BPJSKS", "BPJS Kesehatan", "Pascabayar", "BPJS", "tagihan", 2_500, "available", true},
	{"PDAMJKT", "PDAM Jakarta", "Pascabayar", "PDAM", "tagihan", 2_000, "available", true},
}

func fxServiceByCode(code string) (fxService, bool) {
	for _, s := range fxServices {
		if s.Code == code {
			return s, true
		}
	}
	return fxService{}, false
}

// fxCustomer is a demo postpaid customer.
type fxCustomer struct {
	Name   string
	Period string
	Bill   int64
}

// fxCustomers are named demo customers; any other well-formed number gets
// a generated bill, so fault suffixes work for bills too.
var fxCustomers = map[string]fxCustomer{
	"PLNPASCA/512345678901": {"BUDI SANTOSO", "2023-10", 54_500},
	"BPJSKS/0001234567890":  {"SITI AMINAH", "2023-10", 150_000},
	"PDAMJKT/1001234567":    {"AGUS SALIM", "2023-10", 87_300},
}

// fxBill returns the bill of a customer of a postpaid service.
func fxBill(svc fxService, no string) (fxCustomer, bool) {
	if c, ok := fxCustomers[svc.Code+"/"+no]; ok {
		return c, true
	}
	if len(no) < 10 || len(no) > 16 || strings.Trim(no, "0123456789") != "" || strings.HasSuffix(no, "00") {
		return fxCustomer{}, false
	}
	n, _ := strconv.Atoi(no[len(no)-4:])
	return fxCustomer{Name: fmt.Sprintf("PELANGGAN DEMO %04d", n), Period: "2023-10", Bill: 40_000 + int64(n%100)*1_000}, true
}

// fxBanks are the payout destinations.
var fxBanks = []struct{ Code, Name, Type string }{
	{"BCA", "BANK CENTRAL ASIA", "bank"},
	{"BNI", "BANK NEGARA INDONESIA", "bank"},
	{"BRI", "BANK RAKYAT INDONESIA", "bank"},
	{"MANDIRI", "BANK MANDIRI", "bank"},
	{"DANA", "DANA", "ewallet"},
	{"OVO", "OVO", "ewallet"},
	{"GOPAY", "GOPAY", "ewallet"},
}

func fxBank(code string) (string, bool) {
	for _, b := range fxBanks {
		if b.Code == code {
			return b.Name, true
		}
	}
	return "", false
}

// fxAccountName is the holder of a demo account: "1234567890" at BCA is
// the document's DANI JOEST; any 8–16 digit number is valid except those
// ending in 00 (not found).
func fxAccountName(bank, no string) (string, bool) {
	if bank == "BCA" && no == "1234567890" {
		return "DANI JOEST", true
	}
	if len(no) < 8 || len(no) > 16 || strings.Trim(no, "0123456789") != "" || strings.HasSuffix(no, "00") {
		return "", false
	}
	n, _ := strconv.Atoi(no[len(no)-4:])
	return fmt.Sprintf("PENERIMA DEMO %04d", n), true
}

// PayoutFee is what the simulator charges per payout.
const fxPayoutFee = 2_500

// fxMethod is a deposit method; the fee is max(Fee, ceil(amount·BP/10000)).
type fxMethod struct {
	Code, Name, Type string
	Min, Max, Fee    int64
	BP               int64  // basis points of the percentage fee
	Percent          string // the same, as Flowix writes it
}

var fxMethods = []fxMethod{
	{"QRIS", "QRIS (All Payment)", "qris", 1_000, 5_000_000, 700, 70, "0.7"},
	{"QRISFAST", "QRIS Fast", "qris", 1_000, 2_000_000, 0, 50, "0.5"},
	{"BCAVA", "BCA Virtual Account", "va", 10_000, 50_000_000, 4_000, 0, "0"},
}

func fxMethodByCode(code string) (fxMethod, bool) {
	for _, m := range fxMethods {
		if m.Code == code {
			return m, true
		}
	}
	return fxMethod{}, false
}

// fee is the method's fee on amount, with integer arithmetic only.
func (m fxMethod) fee(amount int64) int64 {
	pct := (amount*m.BP + 9_999) / 10_000
	return max(m.Fee, pct)
}

// fxDigits derives n deterministic digits from s (serial numbers, tokens).
func fxDigits(s string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", s, i)))
		for _, c := range sum {
			if b.Len() == n {
				break
			}
			b.WriteByte('0' + c%10)
		}
	}
	return b.String()
}

// fxValidTarget checks a prepaid target for its service type.
func fxValidTarget(svc fxService, t string) bool {
	switch svc.Type {
	case "pulsa":
		return len(t) >= 10 && len(t) <= 13 && strings.HasPrefix(t, "08") && strings.Trim(t, "0123456789") == ""
	case "pln":
		return (len(t) == 11 || len(t) == 12) && strings.Trim(t, "0123456789") == ""
	case "game":
		return len(t) >= 5 && len(t) <= 24 && strings.Trim(t, "0123456789()|") == ""
	}
	return false
}

// fxQRIS builds a dynamic QRIS payload for a deposit, with a correct CRC.
func fxQRIS(depRef string, total int64) string {
	tlv := func(tag, v string) string { return fmt.Sprintf("%s%02d%s", tag, len(v), v) }
	p := tlv("00", "01") + tlv("01", "12") +
		tlv("26", tlv("00", "ID.CO.FLOWIX.WWW")+tlv("01", "936009990000000017")+tlv("02", "FLX000000017")+tlv("03", "UMI")) +
		tlv("51", tlv("00", "ID.CO.QRIS.WWW")+tlv("02", "ID1023000000017")+tlv("03", "UMI")) +
		tlv("52", "5999") + tlv("53", "360") + tlv("54", strconv.FormatInt(total, 10)) +
		tlv("58", "ID") + tlv("59", "TOKO DEMO") + tlv("60", "JAKARTA") + tlv("61", "10110") +
		tlv("62", tlv("01", depRef)+tlv("07", "TILL")) + "6304"
	return p + qrisChecksum(p)
}
