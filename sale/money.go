// Package sale is the till's core: money, references, orders, the sale state
// machine and the Engine that journals, sends, records and settles every sale.
// It imports none of the till's other packages; store implements Journal and
// each providers/<name> package implements Provider.
package sale

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Currency is an ISO 4217 code such as "ZAR".
type Currency string

// Currencies the till knows, with their minor-unit exponent.
const (
	ZAR Currency = "ZAR"
	KES Currency = "KES"
	GHS Currency = "GHS"
	NGN Currency = "NGN"
	IDR Currency = "IDR"
)

var decimals = map[Currency]int{ZAR: 2, KES: 2, GHS: 2, NGN: 2, IDR: 0}

// Decimals reports how many minor-unit digits c has and whether c is known.
func (c Currency) Decimals() (int, bool) {
	d, ok := decimals[c]
	return d, ok
}

// Valid reports whether c is a currency the till handles.
func (c Currency) Valid() bool { _, ok := decimals[c]; return ok }

// Money is an exact amount: an integer count of minor units of a currency.
// There are no floats anywhere in a Money's life.
type Money struct {
	Minor    int64    `json:"minor"`
	Currency Currency `json:"currency"`
}

// ErrAmount is wrapped by every amount parsing error.
var ErrAmount = errors.New("invalid amount")

// AmountError is why ParseMoney refused what was typed. It wraps ErrAmount;
// Message is the English reason ("\"1.2.3\" is not a plain amount …") and
// Key/Args name it in the till's catalogue ("amount."+Key), like Error's.
type AmountError struct {
	Message string
	Key     string
	Args    []any
}

func (e *AmountError) Error() string { return ErrAmount.Error() + ": " + e.Message }
func (e *AmountError) Unwrap() error { return ErrAmount }

func amountErr(key string, args []any, format string, fargs ...any) error {
	return &AmountError{Message: fmt.Sprintf(format, fargs...), Key: key, Args: args}
}

// maxMinor bounds amounts well inside int64 so sums of a day's sales cannot overflow.
const maxMinor = int64(1) << 50

// ParseMoney parses what a cashier types: digits, optionally a point and at
// most the currency's number of decimals ("10", "10.5", "10.50" for ZAR;
// "50000" for IDR). Signs, exponents, grouping separators, empty input and
// more decimals than the currency has are refused. Zero is refused: nothing is
// ever sold for nothing.
func ParseMoney(s string, c Currency) (Money, error) {
	d, ok := c.Decimals()
	if !ok {
		return Money{}, amountErr("currency", []any{string(c)}, "unknown currency %q", string(c))
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return Money{}, amountErr("empty", nil, "empty")
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || (hasPoint && (frac == "" || !allDigits(frac))) {
		return Money{}, amountErr("plain", []any{s}, "%q is not a plain amount like 10 or 10.50", s)
	}
	if len(frac) > d {
		if d == 0 {
			return Money{}, amountErr("no_cents", []any{string(c)}, "%s has no cents; type whole units like 50000", c)
		}
		return Money{}, amountErr("decimals", []any{s, d}, "%q has more than %d decimals", s, d)
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 15 {
		return Money{}, amountErr("too_large", []any{s}, "%q is too large", s)
	}
	var minor int64
	if whole != "" {
		w, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return Money{}, amountErr("too_large", []any{s}, "%q is too large", s)
		}
		minor = w
	}
	for i := 0; i < d; i++ {
		minor *= 10
		if i < len(frac) {
			minor += int64(frac[i] - '0')
		}
	}
	if minor > maxMinor {
		return Money{}, amountErr("too_large", []any{s}, "%q is too large", s)
	}
	if minor == 0 {
		return Money{}, amountErr("zero", nil, "must be more than zero")
	}
	return Money{Minor: minor, Currency: c}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// New returns minor units of c.
func New(minor int64, c Currency) Money { return Money{Minor: minor, Currency: c} }

// IsZero reports whether m is the zero value (no amount, no currency).
func (m Money) IsZero() bool { return m.Minor == 0 }

// Add returns m+o; both must share a currency.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency && m.Currency != "" && o.Currency != "" {
		return Money{}, fmt.Errorf("cannot add %s to %s", o.Currency, m.Currency)
	}
	c := m.Currency
	if c == "" {
		c = o.Currency
	}
	if (o.Minor > 0 && m.Minor > math.MaxInt64-o.Minor) || (o.Minor < 0 && m.Minor < math.MinInt64-o.Minor) {
		return Money{}, errors.New("amount overflow")
	}
	return Money{Minor: m.Minor + o.Minor, Currency: c}, nil
}

// Plain formats the amount without a currency, with the currency's decimals
// and a point: "10.00", "50000". It is the form providers' string fields and
// exports use.
func (m Money) Plain() string {
	d, _ := m.Currency.Decimals()
	neg := m.Minor < 0
	v := m.Minor
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if d > 0 {
		for len(s) <= d {
			s = "0" + s
		}
		s = s[:len(s)-d] + "." + s[len(s)-d:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// String formats for screen and receipt in English: Format(m, "en").
func (m Money) String() string { return m.Format("en") }

// Money is written for people one way in the whole till, by Format. The
// conventions (README "Money on screens and slips"):
//
//   - ZAR "R 1 234.50": the South African standard (SABS/SANS and the
//     SARB's style) groups thousands with a space, which no reader can take
//     for a decimal mark; the decimal mark is the point, as SA banks, POS
//     slips and the till's own input ("10.50") use, so that what the cashier
//     types and what the slip prints look alike.
//   - KES "KES 1,234.50", GHS "GHS 1,234.50", NGN "NGN 1,234.50": comma
//     thousands and a decimal point, as Kenya, Ghana and Nigeria write money
//     (the ISO code, not "KSh" or "GH₵", since slips are printable ASCII).
//   - IDR "Rp 1.234.567": the point groups thousands and rupiah have no
//     decimals.
//
// In Indonesian ("id") every currency takes the Indonesian marks — point
// for thousands, comma for decimals ("R 1.234,50", "KES 1.234,50") — since
// an Indonesian reads "1,234" as one point two three four. Any other
// language is English. Machine forms (exports, provider bodies, config)
// use Plain, never this.
type moneyStyle struct{ symbol, group, point string }

var moneyStyles = map[Currency]moneyStyle{
	ZAR: {"R ", " ", "."},
	KES: {"KES ", ",", "."},
	GHS: {"GHS ", ",", "."},
	NGN: {"NGN ", ",", "."},
	IDR: {"Rp ", ".", ","},
}

// Format writes m for a reader of language lang ("en" or "id"), grouped by
// thousands with its currency, in printable ASCII: "R 1 234.50",
// "KES 1,234.50", "Rp 1.234.567". A sign follows the symbol ("R -10.00"). A
// Money without a currency is its grouped number alone.
func (m Money) Format(lang string) string {
	st, ok := moneyStyles[m.Currency]
	if !ok {
		st = moneyStyle{string(m.Currency) + " ", ",", "."}
	}
	if m.Currency == "" {
		st.symbol = ""
	}
	if lang == "id" {
		st.group, st.point = ".", ","
	}
	whole, frac, hasPoint := strings.Cut(m.Plain(), ".")
	neg := strings.HasPrefix(whole, "-")
	s := groupThousands(strings.TrimPrefix(whole, "-"), st.group)
	if hasPoint {
		s += st.point + frac
	}
	if neg {
		s = "-" + s
	}
	return st.symbol + s
}

func groupThousands(s, sep string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ParseFormatted reads back an amount written by String (English), such
// as a provider's answer journaled as "R 1 234.50" or "KES 100.50", so it
// can be written again in another language. Only an exact round trip
// counts: anything String would not have written is not an amount.
func ParseFormatted(s string) (Money, bool) {
	for c, st := range moneyStyles {
		num, ok := strings.CutPrefix(s, st.symbol)
		if !ok || num == "" {
			continue
		}
		plain := strings.ReplaceAll(strings.TrimPrefix(num, "-"), st.group, "")
		if st.point != "." {
			plain = strings.ReplaceAll(plain, st.point, ".")
		}
		m, err := ParseMoney(plain, c)
		if err != nil {
			continue
		}
		if strings.HasPrefix(num, "-") {
			m.Minor = -m.Minor
		}
		if m.String() == s {
			return m, true
		}
	}
	return Money{}, false
}
