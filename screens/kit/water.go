package kit

import (
	"context"
	"strings"

	"till/sale"
)

// WaterAPI is what the water flow needs from the 1Flow client besides
// selling through the engine: the customer lookup (which moves no money, so
// it is not a sale.Provider method), the currency the till sells in, and
// 1Flow's rules for what the cashier types. The wiring fills Deps.Water
// with an adapter of the 1Flow client; screens do not import providers.
type WaterAPI interface {
	// Lookup finds a customer by phone number, device id or card id:
	// sale.CodeInvalid for input that cannot be looked up, CodeNotFound
	// when 1Flow knows no such customer.
	Lookup(ctx context.Context, by WaterKey) (WaterCustomer, error)
	// Currency is what the till sells water in.
	Currency() sale.Currency
	// NormalizePhone returns a phone number as 1Flow looks it up (E.164),
	// reading a local number in country ("KE", "GH" or "").
	NormalizePhone(phone, country string) (string, error)
	// CheckTargetID refuses a device or card id 1Flow cannot take.
	CheckTargetID(id string) error
}

// WaterLookupBy is what a 1Flow customer is found by.
type WaterLookupBy string

// Lookup keys; the values are 1Flow's (providers/oneflow.Lookup*).
const (
	WaterByPhone  WaterLookupBy = "phone"
	WaterByDevice WaterLookupBy = "device"
	WaterByCard   WaterLookupBy = "card"
)

// WaterKey is what the cashier typed to find a customer.
type WaterKey struct {
	By    WaterLookupBy
	Value string
}

// WaterCustomer is a 1Flow customer and the devices and cards that can be
// recharged for them.
type WaterCustomer struct {
	Name  string
	Phone string // E.164 as 1Flow sent it
	// Devices are the customer's devices and cards, in 1Flow's order.
	Devices []WaterDevice
}

// WaterDevice is one rechargeable device (a water meter or dispenser) or
// card.
type WaterDevice struct {
	// ID is the serial number: what a recharge's deviceId or cardId is.
	ID string
	// Type is 1Flow's deviceType as sent ("DEVICE", "CARD", ...).
	Type string
	// Name is the customer's label for it, if 1Flow has one.
	Name string
	// CardIDs are cards linked to a device, if 1Flow lists any.
	CardIDs []string
}

// IsCard reports whether d is a card rather than a device.
func (d WaterDevice) IsCard() bool { return strings.EqualFold(d.Type, "CARD") }

// Target is the sale target that recharges d.
func (d WaterDevice) Target() sale.Target {
	if d.IsCard() {
		return sale.Target{Kind: sale.TargetCard, Value: d.ID}
	}
	return sale.Target{Kind: sale.TargetDevice, Value: d.ID}
}
