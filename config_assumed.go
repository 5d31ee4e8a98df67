package main

import (
	"slices"

	"till/providers/flash"
	"till/sale"
)

// The config's overrides of what the provider documents do not give
// (providers/*/assumed.go): the operator sets them from what the provider
// says, after reading `till doctor`. A table that is given replaces the
// assumed defaults as a whole; unknown keys and kinds are refused with
// their line by the strict decoder (config.go: parseConfig).

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

// productTypes is the client's productType table: nil for the defaults.
func (f *FlashConfig) productTypes() map[flash.ProductType]sale.Kind {
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

// declined is the client's list of definitive declines: nil for the
// defaults.
func (f *FlashConfig) declined() []flash.Code {
	if f.ResponseCodes == nil {
		return nil
	}
	out := []flash.Code{}
	for _, c := range f.ResponseCodes.Declined {
		out = append(out, flash.Code(c))
	}
	return out
}
