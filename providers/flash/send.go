package flash

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"till/providers"
	"till/sale"
)

// Send sells s.Order under s.Ref once and classifies Flash's answer. Input
// that breaks the documented rules is refused with ResultNotSent before
// anything is sent.
//
// Each kind is one case here and one file: airtime is cellular.go,
// prepaid electricity electricity.go, 1Voucher onevoucher.go, gift, Eezi
// and cash-out vouchers voucher.go, a cash-out cancel cashout.go. Each is
// the same shape: a request builder, the path, and the receipt items of
// its answer (whose absence or malformation makes a delivered answer in
// doubt: a receipt never has a blank token or PIN).
func (c *Client) Send(ctx context.Context, s sale.Sale) sale.Outcome {
	if s.Order.Provider != "" && s.Order.Provider != ProviderName {
		return providers.NotSent("wrong_provider", fmt.Sprintf("This sale belongs to %q, not Flash; nothing was sent.", s.Order.Provider))
	}
	switch s.Order.Kind {
	case sale.KindAirtime:
		return c.sendCellular(ctx, s)
	case sale.KindElectricity:
		return c.sendElectricity(ctx, s)
	case sale.KindVoucher, sale.KindVoucherPayout:
		return c.send1Voucher(ctx, s)
	case sale.KindVoucherRedeem, sale.KindTenderVoucher:
		return c.sendRedeem(ctx, s) // a 1Voucher tender is a redemption for the sale's amount
	case sale.KindVoucherRefund:
		return c.sendRefund(ctx, s)
	case sale.KindGiftVoucher, sale.KindEezi, sale.KindCashOut:
		return c.sendProductVoucher(ctx, s)
	case sale.KindCashOutCancel:
		return c.sendCancel(ctx, s)
	default:
		return providers.NotSent("unsupported", fmt.Sprintf("The till cannot sell %q through Flash; nothing was sent.", string(s.Order.Kind)))
	}
}

// Sells reports whether Send handles kind k: the catalogue lists only
// products of these kinds, and the till offers the 1Voucher tender
// (sale.KindTenderVoucher, a redemption) only when it is one.
func Sells(k sale.Kind) bool {
	switch k {
	case sale.KindAirtime, sale.KindElectricity, sale.KindVoucher, sale.KindGiftVoucher, sale.KindEezi, sale.KindCashOut,
		sale.KindTenderVoucher:
		return true
	}
	return false
}

// itemsFunc turns a delivered answer into receipt lines. An error means
// the answer lacks what the customer paid for (a token, a PIN) or carries
// it malformed: the sale is then in doubt, never delivered with a blank.
type itemsFunc func(*envelope) ([]sale.Item, error)

// purchase posts payload to path with a bearer token (one resend after a
// 401) and classifies the answer against what s asked for.
func (c *Client) purchase(ctx context.Context, s sale.Sale, path string, payload any, cents int64, items itemsFunc) sale.Outcome {
	if out, ok := c.checkKind(ctx, s); !ok {
		return out // an unmapped product, or another kind's: nothing is sent
	}
	resp, err := c.http.PostJSON(ctx, c.tokens, c.base+path, s.Ref, payload)
	if errors.Is(err, providers.ErrEncode) {
		return providers.NotSent("invalid_request", "The till could not encode the request; nothing was sent.")
	}
	var out sale.Outcome
	if err != nil {
		out = providers.TransportOutcome(DisplayName, err)
	} else {
		out = parsePurchase(resp.Status, resp.Body, expect{ref: s.Ref, account: c.account, cents: cents, items: items,
			resend: s.Attempts > 1, declined: c.configured(), amountOptional: s.Order.Kind == sale.KindCashOutCancel})
	}
	c.log.LogAttrs(ctx, levelFor(out.Result), "flash sale",
		slogStr("ref", string(s.Ref)), slogStr("kind", string(s.Order.Kind)),
		slogStr("result", string(out.Result)), slogStr("code", out.Code))
	return out
}

// common are the fields every Flash purchase carries, validated.
type common struct {
	reference string
	account   string
	cents     int64
	store     string
	terminal  string
	payment   string
	metadata  map[string]string
}

// commonFields validates what every purchase needs. Its errors are shown to
// the cashier with "nothing was sent".
func (c *Client) commonFields(s sale.Sale) (common, error) {
	var f common
	if err := s.Ref.Validate(); err != nil {
		return f, err
	}
	f.reference, f.account = string(s.Ref), c.account
	a := s.Order.Amount
	if a.Currency != sale.ZAR {
		return f, fmt.Errorf("the amount is in %q: Flash sells in ZAR", string(a.Currency))
	}
	if a.Minor <= 0 {
		return f, fmt.Errorf("the amount must be more than zero")
	}
	f.cents = a.Minor
	f.store, f.terminal = c.store, c.terminal
	if s.StoreID != "" {
		f.store = s.StoreID
	}
	if s.TerminalID != "" {
		f.terminal = s.TerminalID
	}
	if err := alnum("store id", f.store, false); err != nil {
		return f, err
	}
	if err := alnum("terminal id", f.terminal, false); err != nil {
		return f, err
	}
	if k := string(s.Order.Tender.Kind); k != "" && alnum("", k, true) == nil {
		f.payment = k
	}
	md, err := Metadata(s.Order.Params)
	if err != nil {
		return f, err
	}
	f.metadata = md
	return f, nil
}

// Documented metadata limits (§2.x "metadata").
const (
	MaxMetadata      = 9
	MaxMetadataName  = 10
	MaxMetadataValue = 43
	// MetadataPrefix marks the Order.Params that are sent as metadata.
	MetadataPrefix = "metadata."
)

// Metadata extracts Flash metadata from order params (keys prefixed
// MetadataPrefix) and checks the documented limits: at most 9 properties,
// names of 1 to 10 characters, values of at most 43 characters.
func Metadata(params map[string]string) (map[string]string, error) {
	var md map[string]string
	for k, v := range params {
		name, ok := strings.CutPrefix(k, MetadataPrefix)
		if !ok {
			continue
		}
		if md == nil {
			md = map[string]string{}
		}
		md[name] = v
	}
	if err := CheckMetadata(md); err != nil {
		return nil, err
	}
	return md, nil
}

// CheckMetadata checks metadata against the documented limits.
func CheckMetadata(md map[string]string) error {
	if len(md) > MaxMetadata {
		return fmt.Errorf("the sale has %d metadata entries: Flash allows at most %d", len(md), MaxMetadata)
	}
	for name, v := range md {
		if n := utf8.RuneCountInString(name); n == 0 || n > MaxMetadataName {
			return fmt.Errorf("metadata name %q must be 1 to %d characters for Flash", providers.CleanMax(name, 20), MaxMetadataName)
		}
		if n := utf8.RuneCountInString(v); n > MaxMetadataValue {
			return fmt.Errorf("metadata %q is longer than the %d characters Flash allows", providers.CleanMax(name, 20), MaxMetadataValue)
		}
		if !utf8.ValidString(name) || !utf8.ValidString(v) {
			return fmt.Errorf("metadata %q is not valid text", providers.CleanMax(name, 20))
		}
	}
	return nil
}

// productCode parses a Flash productCode: a positive integer.
func productCode(s string) (int64, error) {
	if s == "" || len(s) > 18 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("product code %q is not a Flash product code", providers.CleanMax(s, 20))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("product code %q is not a Flash product code", s)
	}
	return n, nil
}

// alnum checks an alphanumeric field; empty is allowed unless required.
func alnum(what, s string, required bool) error {
	if s == "" {
		if required {
			return fmt.Errorf("%s is missing", what)
		}
		return nil
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return fmt.Errorf("%s may hold only letters and digits", what)
		}
	}
	return nil
}
