package flowix

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"till/providers"
	"till/sale"
)

// Labels of the receipt and screen items the client returns. A screen finds
// the QR payload of a deposit under ItemQRIS.
const (
	ItemSN          = sale.FlowixItemSN
	ItemToken       = sale.FlowixItemToken
	ItemTokenInfo   = sale.FlowixItemTokenInfo
	ItemQRIS        = sale.FlowixItemQRIS
	ItemMerchant    = sale.FlowixItemMerchant
	ItemAmount      = sale.FlowixItemAmount
	ItemFee         = sale.FlowixItemFee
	ItemTotal       = sale.FlowixItemTotal
	ItemReceived    = sale.FlowixItemReceived
	ItemExpires     = sale.FlowixItemExpires
	ItemPaidAt      = sale.FlowixItemPaidAt
	ItemVANumber    = sale.FlowixItemVANumber
	ItemBank        = sale.FlowixItemBank
	ItemAccountName = sale.FlowixItemAccountName
	ItemPayURL      = sale.FlowixItemPayURL
	ItemDeposit     = sale.FlowixItemDeposit
	ItemDeducted    = sale.FlowixItemDeducted
)

// WIB is the time zone of Flowix's "2006-01-02 15:04:05" timestamps
// (Western Indonesia Time, UTC+7; an assumption: the document names none).
var WIB = time.FixedZone("WIB", 7*60*60)

// timeLayout is Flowix's timestamp layout.
const timeLayout = "2006-01-02 15:04:05"

// parseTime reads a Flowix timestamp; zero when absent or unreadable.
func parseTime(s string) time.Time {
	t, err := time.ParseInLocation(timeLayout, strings.TrimSpace(s), WIB)
	if err != nil {
		return time.Time{}
	}
	return t
}

// clean is providers.Clean of a provider field, bounded.
func clean(f providers.FlexString) string { return providers.CleanMax(string(f), 64) }

// codeSafe reports whether s is a plausible code or reference: 1–64 of
// A–Z a–z 0–9 - _ . =
func codeSafe(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '=') {
			return false
		}
	}
	return true
}

// accountSafe reports whether s is a plausible account or customer number:
// 1–32 digits.
func accountSafe(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

// targetSafe reports whether s is a plausible prepaid target: a phone or
// meter number, or a game id such as "12345678(1234)": 1–64 printable ASCII
// characters without quotes, backslashes or spaces.
func targetSafe(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// rupiah converts a JSON number of whole rupiah exactly ("10500", and
// "10500.00"; never "10500.5").
func rupiah(n json.Number) (sale.Money, error) {
	if n == "" {
		return sale.Money{}, errors.New("missing")
	}
	return providers.MoneyFromMajor(n, sale.IDR)
}

// rupiahOpt is rupiah with a missing value as zero.
func rupiahOpt(n json.Number) (sale.Money, error) {
	if n == "" {
		return sale.New(0, sale.IDR), nil
	}
	return rupiah(n)
}

// decimalText checks a JSON number literal is a plain non-negative decimal
// ("0.7", "1", "0.25") and returns it as text; empty is "0".
func decimalText(s string) (string, bool) {
	if s == "" {
		return "0", true
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(s) > 12 || strings.Trim(whole, "0123456789") != "" || (dot && (frac == "" || strings.Trim(frac, "0123456789") != "")) {
		return "", false
	}
	return s, true
}

// snItems turns a serial number into receipt items. For PLN prepaid
// electricity the SN carries the token, usually as
// "1234-5678-9012-3456-7890/NAME/R1/900VA/12.5kWh": the 20 digits are the
// token, shown in groups of four and marked Secret; the rest is kept as
// information. Any other SN is one item.
func snItems(product, sn string) []sale.Item {
	sn = providers.CleanMax(sn, 160)
	if sn == "" {
		return nil
	}
	if isPLN(product) {
		head, rest, _ := strings.Cut(sn, "/")
		if digits, ok := tokenDigits(head); ok {
			items := []sale.Item{{Label: ItemToken, Value: groupToken(digits), Secret: true}}
			if rest = strings.TrimSpace(rest); rest != "" {
				items = append(items, sale.Item{Label: ItemTokenInfo, Value: rest})
			}
			return items
		}
	}
	return []sale.Item{{Label: ItemSN, Value: sn}}
}

// isPLN reports whether a product is PLN electricity (token or bill).
func isPLN(product string) bool {
	return strings.Contains(strings.ToUpper(product), "PLN")
}

// tokenDigits extracts a 20-digit token written with optional spaces or
// dashes.
func tokenDigits(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == ' ' || c == '-':
		default:
			return "", false
		}
	}
	return b.String(), b.Len() == 20
}

// groupToken writes digits in groups of four: "1234 5678 9012 3456 7890".
func groupToken(d string) string {
	var b strings.Builder
	for i := 0; i < len(d); i++ {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(d[i])
	}
	return b.String()
}
