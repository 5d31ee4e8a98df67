package config

import (
	"slices"
	"strings"

	"till/providers"
	"till/providers/flash"
	"till/providers/flowix"
	"till/providers/flutterwave"
	"till/providers/mpesaflow"
	"till/providers/oneflow"
	"till/sale"
)

// The config's overrides of what the provider documents do not give
// (providers/*/assumed.go): the operator sets them from what the provider
// says, after reading `till doctor`. A table that is given replaces the
// assumed defaults as a whole; unknown keys and kinds are refused with
// their line by the strict decoder (config.go: Parse).

// FlashProductTypes is [flash.product_types]: which Flash productTypes are
// sold as each kind. A productType under no kind is never sold.
type FlashProductTypes struct {
	Airtime     []int64 `toml:"airtime"`
	Eezi        []int64 `toml:"eezi"`
	GiftVoucher []int64 `toml:"giftvoucher"`
	CashOut     []int64 `toml:"cashout"`
	Electricity []int64 `toml:"electricity"`
	OneVoucher  []int64 `toml:"1voucher"`
	Water       []int64 `toml:"water"`
}

// FlashResponseCodes is [flash.response_codes]: the responseCodes that are
// definitive declines. Any other non-zero code is in doubt.
type FlashResponseCodes struct {
	Declined []int64 `toml:"declined"`
}

// kinds lists the table's rows by kind.
func (p *FlashProductTypes) kinds() []struct {
	kind  sale.Kind
	types []int64
} {
	return []struct {
		kind  sale.Kind
		types []int64
	}{
		{sale.KindAirtime, p.Airtime}, {sale.KindEezi, p.Eezi}, {sale.KindGiftVoucher, p.GiftVoucher},
		{sale.KindCashOut, p.CashOut}, {sale.KindElectricity, p.Electricity}, {sale.KindVoucher, p.OneVoucher},
		{sale.KindWater, p.Water},
	}
}

// validateAssumed checks the [flash.product_types] and
// [flash.response_codes] overrides.
func (f *FlashConfig) validateAssumed(bad func(string, ...any)) {
	if p := f.ProductTypes; p != nil {
		seen := map[int64]sale.Kind{}
		for _, row := range p.kinds() {
			for _, t := range row.types {
				switch k, dup := seen[t]; {
				case t < 0:
					bad("[flash.product_types] %s: productType %d is negative", row.kind, t)
				case dup && k == row.kind:
					bad("[flash.product_types] %s lists productType %d twice", row.kind, t)
				case dup:
					bad("[flash.product_types] productType %d is under both %s and %s: a product is sold as one kind", t, k, row.kind)
				}
				seen[t] = row.kind
			}
		}
		if len(seen) == 0 {
			bad("[flash.product_types] maps no productType, so nothing could be sold: list the types, or remove the table for the assumed defaults")
		}
	}
	if r := f.ResponseCodes; r != nil {
		if r.Declined == nil {
			bad("[flash.response_codes] declined is missing: list the codes that are definitive declines (e.g. declined = [2400, 2404])")
		}
		if slices.Contains(r.Declined, 0) {
			bad("[flash.response_codes] declined lists 0, which is success (§1.2.1)")
		}
	}
}

// ProductTypeMap is the client's productType table: nil for the defaults.
func (f *FlashConfig) ProductTypeMap() map[flash.ProductType]sale.Kind {
	if f.ProductTypes == nil {
		return nil
	}
	out := map[flash.ProductType]sale.Kind{}
	for _, row := range f.ProductTypes.kinds() {
		for _, t := range row.types {
			out[flash.ProductType(t)] = row.kind
		}
	}
	return out
}

// Declines is the client's list of definitive declines: nil for the
// defaults.
func (f *FlashConfig) Declines() []flash.Code {
	if f.ResponseCodes == nil {
		return nil
	}
	out := []flash.Code{}
	for _, c := range f.ResponseCodes.Declined {
		out = append(out, flash.Code(c))
	}
	return out
}

// StatusWords is a provider's [<provider>.statuses] table: the status
// words that mean each thing. Given, it replaces the assumed defaults; a
// word in none of its lists is in doubt.
type StatusWords struct {
	Delivered []string `toml:"delivered"`
	Pending   []string `toml:"pending"`
	Declined  []string `toml:"declined"`
}

// DeclinedCodes is a table with one key, declined: the codes (or HTTP
// statuses) that are definitive declines.
type DeclinedCodes struct {
	Declined []int64 `toml:"declined"`
}

// DeclinedMessages is a table with one key, declined: the error messages
// that are definitive declines.
type DeclinedMessages struct {
	Declined []string `toml:"declined"`
}

// Table is the client's Table: nil for the defaults.
func (w *StatusWords) Table(norm func(string) string) providers.Statuses {
	if w == nil {
		return nil
	}
	t, err := providers.NewStatuses(w.Delivered, w.Pending, w.Declined, norm)
	if err != nil {
		return nil // refused by validateAssumedOthers before the client is built
	}
	return t
}

func (d *DeclinedCodes) Ints() []int {
	if d == nil {
		return nil
	}
	out := []int{}
	for _, c := range d.Declined {
		out = append(out, int(c))
	}
	return out
}

func (d *DeclinedMessages) List() []string {
	if d == nil {
		return nil
	}
	return append([]string{}, d.Declined...)
}

func FlowixCodes(d *DeclinedCodes) []flowix.Code {
	if d == nil {
		return nil
	}
	out := []flowix.Code{}
	for _, c := range d.Declined {
		out = append(out, flowix.Code(c))
	}
	return out
}

// validateAssumedOthers checks the overrides of Flowix, 1Flow,
// Flutterwave and MpesaFlow.
func (c *Config) validateAssumedOthers(bad func(string, ...any)) {
	words := func(table string, w *StatusWords, norm func(string) string) {
		if w == nil {
			return
		}
		if _, err := providers.NewStatuses(w.Delivered, w.Pending, w.Declined, norm); err != nil {
			bad("[%s] %v", table, err)
		}
		if len(w.Delivered) == 0 {
			bad("[%s] delivered is empty: no sale could ever complete; remove the table for the assumed defaults", table)
		}
	}
	codes := func(table string, d *DeclinedCodes, check func(int64) string) {
		if d == nil {
			return
		}
		if d.Declined == nil {
			bad("[%s] declined is missing", table)
		}
		for _, n := range d.Declined {
			if why := check(n); why != "" {
				bad("[%s] declined lists %d: %s", table, n, why)
			}
		}
	}
	if f := c.Flowix; f != nil {
		words("flowix.statuses", f.Statuses, flowix.NormStatus)
		words("flowix.deposit_statuses", f.DepositStatuses, flowix.NormStatus)
		codes("flowix.error_codes", f.ErrorCodes, func(n int64) string {
			if n == int64(flowix.CodeOK) {
				return "200 is success"
			}
			return ""
		})
	}
	if o := c.OneFlow; o != nil {
		words("oneflow.statuses", o.Statuses, oneflow.NormStatus)
		codes("oneflow.decline_http", o.DeclineHTTP, func(n int64) string {
			if n < 400 || n > 499 || n == 401 {
				return "only a 4xx status other than 401 can be a decline"
			}
			return ""
		})
	}
	if f := c.Flutterwave; f != nil {
		words("flutterwave.statuses", f.Statuses, flutterwave.NormStatus)
		if d := f.DeclineMessages; d != nil {
			if d.Declined == nil {
				bad("[flutterwave.decline_messages] declined is missing")
			}
			for _, m := range d.Declined {
				if strings.TrimSpace(m) == "" {
					bad("[flutterwave.decline_messages] declined lists an empty message")
				}
			}
		}
	}
	if m := c.MpesaFlow; m != nil {
		words("mpesaflow.statuses", m.Statuses, mpesaflow.NormStatus)
	}
}
