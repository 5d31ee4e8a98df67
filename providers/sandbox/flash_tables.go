package sandbox

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The Flash simulator's own numbers. The Partner API v4 document gives
// neither its productType values nor any responseCode but 0 (§1.2.1,
// §3.1.2), so the simulator has a table of its own, written apart from the
// till's client (providers/flash/assumed.go): it may equal the client's
// defaults, and Options.FlashProductTypes and Options.FlashCodes make it
// disagree, as a real Flash account may.

// flashCode is a responseCode of the simulator, named by what it means.
// Its value is the default number; the number sent is f.wire(code).
type flashCode int

const (
	fcSuccess flashCode = 0 // documented (§1.2.1): never renumbered

	fcInvalidRequest       flashCode = 1000
	fcInvalidReference     flashCode = 1001
	fcInvalidAccount       flashCode = 1002
	fcInvalidAmount        flashCode = 1004
	fcAmountOutOfRange     flashCode = 1005
	fcInvalidProduct       flashCode = 1006
	fcProductUnavailable   flashCode = 1007
	fcInvalidMobileNumber  flashCode = 1008
	fcInvalidMetadata      flashCode = 1009
	fcInvalidStoreTerminal flashCode = 1010
	fcInsufficientBalance  flashCode = 1011
	fcMeterNotFound        flashCode = 1020
	fcMeterBlocked         flashCode = 1021
	fcFBENotEligible       flashCode = 1022
	fcInvalidMeter         flashCode = 1023
	fcVoucherNotFound      flashCode = 1030
	fcVoucherRedeemed      flashCode = 1031
	fcVoucherExpired       flashCode = 1032
	fcVoucherInvalidPIN    flashCode = 1033
	fcVoucherInsufficient  flashCode = 1034
	fcCashOutCancelled     flashCode = 1040
	fcCashOutRedeemed      flashCode = 1041
	fcCashOutNotFound      flashCode = 1042
	fcCashOutExpired       flashCode = 1043
	fcUpstreamError        flashCode = 2003
	fcReferenceConflict    flashCode = 2005
)

// flashCodeText is each code's name (for Options.FlashCodes) and the
// responseMessage the simulator sends with it, worded as a provider would.
var flashCodeText = map[flashCode][2]string{
	fcInvalidRequest:       {"invalid_request", "Declined: invalid request"},
	fcInvalidReference:     {"invalid_reference", "Declined: invalid reference"},
	fcInvalidAccount:       {"invalid_account", "Declined: unknown account"},
	fcInvalidAmount:        {"invalid_amount", "Declined: invalid amount"},
	fcAmountOutOfRange:     {"amount_out_of_range", "Declined: amount out of range for this product"},
	fcInvalidProduct:       {"invalid_product", "Declined: product not found for this account"},
	fcProductUnavailable:   {"product_unavailable", "Declined: product unavailable"},
	fcInvalidMobileNumber:  {"invalid_mobile", "Declined: invalid mobile number"},
	fcInvalidMetadata:      {"invalid_metadata", "Declined: invalid metadata"},
	fcInvalidStoreTerminal: {"invalid_store", "Declined: invalid store or terminal"},
	fcInsufficientBalance:  {"insufficient_balance", "Declined: insufficient account balance"},
	fcMeterNotFound:        {"meter_not_found", "Declined: meter not found"},
	fcMeterBlocked:         {"meter_blocked", "Declined: meter blocked by the utility"},
	fcFBENotEligible:       {"fbe_not_eligible", "Declined: meter not eligible for free basic electricity"},
	fcInvalidMeter:         {"invalid_meter", "Declined: invalid meter number"},
	fcVoucherNotFound:      {"voucher_not_found", "Declined: voucher not found"},
	fcVoucherRedeemed:      {"voucher_redeemed", "Declined: voucher already redeemed"},
	fcVoucherExpired:       {"voucher_expired", "Declined: voucher expired"},
	fcVoucherInvalidPIN:    {"voucher_invalid_pin", "Declined: invalid voucher PIN"},
	fcVoucherInsufficient:  {"voucher_insufficient", "Declined: insufficient voucher balance"},
	fcCashOutCancelled:     {"cashout_cancelled", "Declined: cash-out PIN already cancelled"},
	fcCashOutRedeemed:      {"cashout_redeemed", "Declined: cash-out PIN already redeemed"},
	fcCashOutNotFound:      {"cashout_not_found", "Declined: cash-out PIN not found"},
	fcCashOutExpired:       {"cashout_expired", "Declined: cash-out PIN expired"},
	fcUpstreamError:        {"upstream_error", "Error: upstream system error"},
	fcReferenceConflict:    {"reference_conflict", "Error: reference already used for another request"},
}

// flashType is a kind of product of the simulator. Its value is the
// default productType; the number sent is f.typeNumber(t).
type flashType int64

const (
	ftAirtime     flashType = 1
	ftGiftVoucher flashType = 2
	ftCashOut     flashType = 3
	ftEezi        flashType = 4
	ftElectricity flashType = 5
	ftWater       flashType = 6
	ft1Voucher    flashType = 7
)

// flashTypeNames name the kinds for Options.FlashProductTypes (the till's
// kind words, so a test can pass the same map to both).
var flashTypeNames = map[flashType]string{
	ftAirtime: "airtime", ftGiftVoucher: "giftvoucher", ftCashOut: "cashout", ftEezi: "eezi",
	ftElectricity: "electricity", ftWater: "water", ft1Voucher: "1voucher",
}

// FlashCodeNames lists the names Options.FlashCodes takes, sorted.
func FlashCodeNames() []string {
	var out []string
	for _, t := range flashCodeText {
		out = append(out, t[0])
	}
	slices.Sort(out)
	return out
}

// FlashTypeNames lists the kinds Options.FlashProductTypes takes, sorted.
func FlashTypeNames() []string {
	out := slices.Collect(maps.Values(flashTypeNames))
	slices.Sort(out)
	return out
}

// flashNumbers is one simulator's numbering: the defaults with the
// options applied.
type flashNumbers struct {
	codes map[flashCode]int
	types map[flashType]int64
}

// newFlashNumbers applies the options' renumbering; unknown names and two
// names given one number are errors.
func newFlashNumbers(types map[string]int64, codes map[string]int) (flashNumbers, error) {
	n := flashNumbers{codes: map[flashCode]int{}, types: map[flashType]int64{}}
	for c := range flashCodeText {
		n.codes[c] = int(c)
	}
	for t := range flashTypeNames {
		n.types[t] = int64(t)
	}
	for name, num := range codes {
		c, ok := codeNamed(name)
		if !ok {
			return n, fmt.Errorf("flash code %q: not one of %s", name, strings.Join(FlashCodeNames(), ", "))
		}
		if num == 0 {
			return n, fmt.Errorf("flash code %q: 0 is success", name)
		}
		n.codes[c] = num
	}
	for name, num := range types {
		t, ok := typeNamed(name)
		if !ok {
			return n, fmt.Errorf("flash product type %q: not one of %s", name, strings.Join(FlashTypeNames(), ", "))
		}
		n.types[t] = num
	}
	seenCode := map[int]flashCode{}
	for c, num := range n.codes {
		if o, dup := seenCode[num]; dup {
			return n, fmt.Errorf("flash codes %s and %s are both %d", flashCodeText[c][0], flashCodeText[o][0], num)
		}
		seenCode[num] = c
	}
	seenType := map[int64]flashType{}
	for t, num := range n.types {
		if o, dup := seenType[num]; dup {
			return n, fmt.Errorf("flash product types %s and %s are both %d", flashTypeNames[t], flashTypeNames[o], num)
		}
		seenType[num] = t
	}
	return n, nil
}

func codeNamed(name string) (flashCode, bool) {
	for c, t := range flashCodeText {
		if t[0] == name {
			return c, true
		}
	}
	return 0, false
}

func typeNamed(name string) (flashType, bool) {
	for t, n := range flashTypeNames {
		if n == name {
			return t, true
		}
	}
	return 0, false
}

// wire is the responseCode sent for c.
func (n flashNumbers) wire(c flashCode) int {
	if c == fcSuccess {
		return 0
	}
	return n.codes[c]
}

// typeNumber is the productType sent for t.
func (n flashNumbers) typeNumber(t flashType) int64 { return n.types[t] }

// ParseFlashNumbers parses a `till sandbox` flag value "name=N,name=N"
// (e.g. --flash-product-types "airtime=11,1voucher=16"), checking the
// numbers only; names are checked by CheckFlashNumbers.
func ParseFlashNumbers(s string) (map[string]int64, error) {
	out := map[string]int64{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, num, ok := strings.Cut(part, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
		if !ok || err != nil || n < 0 {
			return nil, fmt.Errorf("%q is not name=number (a whole number, not negative)", part)
		}
		out[strings.TrimSpace(name)] = n
	}
	return out, nil
}

// CheckFlashNumbers checks Options.FlashProductTypes and FlashCodes as
// New would apply them.
func CheckFlashNumbers(types map[string]int64, codes map[string]int) error {
	_, err := newFlashNumbers(types, codes)
	return err
}
