package config

// Every kind has a ceiling, and every number in the config a range (issue
// 16). The defaults below are what a shop gets without a [limits] table;
// [limits.per_sale] replaces a kind's ceiling in a currency, [limits]
// most_per_sale the absolute one. config.example.toml documents them.

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"till/sale"
)

// defaultCeilings are the per-sale maxima of a kind by currency when
// [limits.per_sale] names none (a supervisor's override allows more). Each
// is no lower than the provider's own maximum where its doc or catalogue
// gives one: Flash's catalogue sells airtime up to R 1 000 and vouchers,
// cash-out and electricity up to R 5 000 (and a meter's maximumVendValue
// is checked on top); Flowix's deposit methods take at most Rp 5 000 000
// (QRIS max_amount). 1Flow, M-Pesa and Flowix's other services give none:
// theirs are the shop's choice, conservative, and can be raised. Kind ""
// is the ceiling of every kind not listed, per currency.
var defaultCeilings = map[sale.Kind][]string{
	sale.KindAirtime:     {"ZAR 1000.00"},
	sale.KindElectricity: {"ZAR 5000.00"},
	sale.KindVoucher:     {"ZAR 5000.00"},
	sale.KindGiftVoucher: {"ZAR 5000.00"},
	sale.KindEezi:        {"ZAR 5000.00"},
	sale.KindCashOut:     {"ZAR 5000.00"},
	sale.KindWater:       {"KES 50000.00", "GHS 5000.00"},
	sale.KindPulsa:       {"IDR 2000000"},
	sale.KindBill:        {"IDR 20000000"},
	sale.KindDeposit:     {"IDR 5000000"},
	sale.KindPayout:      {"IDR 20000000"},
	sale.KindTenderMpesa: {"KES 250000.00"},
	"":                   {"ZAR 10000.00", "KES 300000.00", "GHS 20000.00", "NGN 5000000.00", "IDR 50000000"},
}

// defaultMost is, per currency, the most any one sale may be: no override
// allows more ([limits] most_per_sale replaces a currency's).
var defaultMost = []string{"ZAR 100000.00", "KES 3000000.00", "GHS 200000.00", "NGN 50000000.00", "IDR 500000000"}

// perSaleAmounts reads one [limits.per_sale] value: "ZAR 500.00", or a
// list of them, one per currency (water = ["KES 20000.00", "GHS 2000.00"]).
func perSaleAmounts(kind string, v any, bad func(string, ...any)) []sale.Money {
	var raws []string
	switch x := v.(type) {
	case string:
		raws = []string{x}
	case []any:
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				bad("[limits] per_sale.%s: %v is not an amount like \"ZAR 500.00\"", kind, e)
				return nil
			}
			raws = append(raws, s)
		}
	default:
		bad("[limits] per_sale.%s: %v is not an amount like \"ZAR 500.00\" (or a list of them, one per currency)", kind, v)
		return nil
	}
	var out []sale.Money
	seen := map[sale.Currency]bool{}
	for _, raw := range raws {
		m, err := sale.ParseAmount(raw)
		if err != nil {
			bad("[limits] per_sale.%s: %s", kind, sale.ErrorMessage(err))
			continue
		}
		if seen[m.Currency] {
			bad("[limits] per_sale.%s names %s twice", kind, m.Currency)
			continue
		}
		seen[m.Currency] = true
		out = append(out, m)
	}
	return out
}

// ceilings builds the per-sale ceilings: the defaults, each replaced in its
// currency by what [limits.per_sale] says (configured).
func ceilings(configured map[sale.Kind][]sale.Money) map[sale.Kind][]sale.Money {
	out := map[sale.Kind][]sale.Money{}
	for k, raws := range defaultCeilings {
		for _, raw := range raws {
			m, err := sale.ParseAmount(raw)
			if err != nil {
				panic("defaultCeilings: " + err.Error())
			}
			if !hasCurrency(configured[k], m.Currency) {
				out[k] = append(out[k], m)
			}
		}
	}
	for k, ms := range configured {
		out[k] = append(out[k], ms...)
	}
	return out
}

// mostPerSale is defaultMost with [limits] most_per_sale's currencies
// replaced.
func mostPerSale(raws []string, bad func(string, ...any)) []sale.Money {
	var conf []sale.Money
	for _, raw := range raws {
		m, err := sale.ParseAmount(raw)
		if err != nil {
			bad("[limits] most_per_sale: %s", sale.ErrorMessage(err))
			continue
		}
		if hasCurrency(conf, m.Currency) {
			bad("[limits] most_per_sale names %s twice", m.Currency)
			continue
		}
		conf = append(conf, m)
	}
	out := append([]sale.Money{}, conf...)
	for _, raw := range defaultMost {
		m, _ := sale.ParseAmount(raw)
		if !hasCurrency(conf, m.Currency) {
			out = append(out, m)
		}
	}
	return out
}

func hasCurrency(ms []sale.Money, c sale.Currency) bool {
	for _, m := range ms {
		if m.Currency == c {
			return true
		}
	}
	return false
}

// checkCeilings refuses a per-sale limit above the absolute one of its
// currency: it could never be reached.
func checkCeilings(l sale.Limits, bad func(string, ...any)) {
	all := map[sale.Kind][]sale.Money{}
	for k, ms := range l.Ceilings {
		all[k] = append(all[k], ms...)
	}
	for k, m := range l.PerSale {
		all[k] = append(all[k], m)
	}
	kinds := make([]string, 0, len(all))
	for k := range all {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		for _, m := range all[sale.Kind(k)] {
			for _, most := range l.Most {
				if most.Currency == m.Currency && m.Minor > most.Minor && k != "" {
					bad("[limits] per_sale.%s is %s, above most_per_sale %s: no sale could reach it", k, m, most)
				}
			}
		}
	}
}

// numberRange is the range of a number in the config. A key that is
// present is checked, 0 like any other value; only a key left out takes
// its default.
type numberRange struct {
	key      string // "till.max_attempts"
	min, max int64
	only     string // the values allowed, when not every one between
}

var numberRanges = []numberRange{
	{"till.receipt_width", 32, 48, "32, 42 or 48"},
	{"till.max_attempts", 1, 100, ""},
	{"till.pin_attempts", 3, 20, ""},
	{"limits.max_unresolved", 1, 1000, ""},
}

// listRanges are the ranges of every number in a list; "*" stands for
// every key of a table.
var listRanges = []numberRange{
	{"flash.product_types.*", 0, 9999, ""},
	{"flash.response_codes.declined", 1, 99999, ""},
	{"flowix.error_codes.declined", 100, 999, ""},
	{"oneflow.decline_http.declined", 400, 499, ""},
}

// durationRange is the range of a duration in the config.
type durationRange struct {
	key      string // "flash.timeout"
	min, max time.Duration
}

var durationRanges = []durationRange{
	{"till.idempotency_window", time.Hour, 30 * 24 * time.Hour},
	{"flash.timeout", time.Second, 5 * time.Minute},
	{"oneflow.timeout", time.Second, 5 * time.Minute},
	{"flowix.timeout", time.Second, 5 * time.Minute},
	{"flutterwave.timeout", time.Second, 5 * time.Minute},
	{"mpesaflow.timeout", time.Second, 5 * time.Minute},
	{"printer.timeout", time.Second, 2 * time.Minute},
}

// checkRanges checks every number and duration of raw (the config file as
// a map) that is present against its range.
func checkRanges(raw map[string]any, bad func(string, ...any)) {
	for _, r := range numberRanges {
		v, ok := lookupKey(raw, r.key)
		if !ok {
			continue
		}
		n, isInt := v.(int64)
		table, key, _ := strings.Cut(r.key, ".")
		switch {
		case !isInt:
			bad("[%s] %s is %v: it must be a whole number between %d and %d", table, key, v, r.min, r.max)
		case r.only != "" && (n < r.min || n > r.max || !strings.Contains(r.only, fmt.Sprint(n))):
			bad("[%s] %s is %d: it must be %s", table, key, n, r.only)
		case r.only == "" && (n < r.min || n > r.max):
			bad("[%s] %s is %d: it must be between %d and %d", table, key, n, r.min, r.max)
		}
	}
	for _, r := range listRanges {
		parent, last := r.key[:strings.LastIndex(r.key, ".")], r.key[strings.LastIndex(r.key, ".")+1:]
		tbl, ok := lookupKey(raw, parent)
		m, isMap := tbl.(map[string]any)
		if !ok || !isMap {
			continue
		}
		keys := []string{last}
		if last == "*" {
			keys = keys[:0]
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
		}
		for _, k := range keys {
			list, _ := m[k].([]any)
			for _, e := range list {
				if n, isInt := e.(int64); isInt && (n < r.min || n > r.max) {
					bad("[%s] %s lists %d: each must be between %d and %d", parent, k, n, r.min, r.max)
				}
			}
		}
	}
	for _, r := range durationRanges {
		v, ok := lookupKey(raw, r.key)
		if !ok {
			continue
		}
		s, _ := v.(string)
		d, err := time.ParseDuration(s)
		table, key, _ := strings.Cut(r.key, ".")
		if err != nil {
			continue // refused with its own message (parsePositiveDuration)
		}
		if d < r.min || d > r.max {
			bad("[%s] %s is %s: it must be between %s and %s", table, key, s, shortDuration(r.min), shortDuration(r.max))
		}
	}
}

// shortDuration writes 5m0s as "5m" and 720h0m0s as "720h".
func shortDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	s = strings.TrimSuffix(s, "0m")
	if s == "" {
		return "0s"
	}
	return s
}

// lookupKey finds a dotted key in a decoded TOML document.
func lookupKey(raw map[string]any, key string) (any, bool) {
	parts := strings.Split(key, ".")
	var cur any = raw
	for _, p := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}
