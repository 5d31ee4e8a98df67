package oneflow

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"till/providers"
	"till/sale"
)

// LookupBy says what a customer is looked up by.
type LookupBy string

// Lookup keys.
const (
	LookupPhone  LookupBy = "phone"  // sent as "phoneNumber", in E.164
	LookupDevice LookupBy = "device" // sent as "deviceId"
	// LookupCard is sent as "cardId". The document names only phoneNumber
	// and deviceId for a lookup; cardId is the name the recharge request
	// uses for a card, so it is the likely real name here too (the sandbox
	// accepts it). Confirm with 1Flow before relying on it live.
	LookupCard LookupBy = "card"
)

// LookupKey is what the cashier typed to find a customer.
type LookupKey struct {
	By    LookupBy
	Value string
}

// Customer is a 1Flow customer and the devices and cards that can be
// recharged for them.
type Customer struct {
	Name  string
	Phone string // E.164 as 1Flow sent it
	// Devices are the customer's devices and cards, in 1Flow's order, for
	// the cashier to pick one.
	Devices []Device
}

// Device is one rechargeable device (a water meter or dispenser) or card.
type Device struct {
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
func (d Device) IsCard() bool { return strings.EqualFold(d.Type, "CARD") }

// Target is the sale target that recharges d.
func (d Device) Target() sale.Target {
	if d.IsCard() {
		return sale.Target{Kind: sale.TargetCard, Value: d.ID}
	}
	return sale.Target{Kind: sale.TargetDevice, Value: d.ID}
}

// lookupRequest is "Customer Lookup": exactly one field is set.
type lookupRequest struct {
	PhoneNumber string `json:"phoneNumber,omitempty"`
	DeviceID    string `json:"deviceId,omitempty"`
	CardID      string `json:"cardId,omitempty"`
}

// lookupData is the lookup answer's "data". The document shows no lookup
// answer; this is OUR ASSUMPTION, in the shape of the recharge answers
// (customer name and phoneNumber as in their "customer", devices with
// serialNumber and deviceType). deviceId is read where serialNumber is
// missing, and the customer may be nested under "customer". The sandbox
// answers exactly {"name", "phoneNumber", "devices": [{"serialNumber",
// "deviceType", "name", "cardIds"}]}.
type lookupData struct {
	Name        providers.FlexString `json:"name"`
	PhoneNumber providers.FlexString `json:"phoneNumber"`
	Customer    *customerRef         `json:"customer"`
	Devices     []lookupDevice       `json:"devices"`
}

type lookupDevice struct {
	SerialNumber providers.FlexString   `json:"serialNumber"`
	DeviceID     providers.FlexString   `json:"deviceId"`
	DeviceType   providers.FlexString   `json:"deviceType"`
	Name         providers.FlexString   `json:"name"`
	CardID       providers.FlexString   `json:"cardId"`
	CardIDs      []providers.FlexString `json:"cardIds"`
}

// maxDevices bounds how many devices of one customer are kept.
const maxDevices = 50

// Lookup finds a customer by phone number, device id or card id. A lookup
// moves no money and is never in doubt: it returns the customer or an error
// (*sale.Error): sale.CodeInvalid for input that cannot be looked up,
// sale.CodeNotFound when 1Flow knows no such customer, and
// sale.CodeUnavailable when 1Flow cannot be reached or its answer read.
func (c *Client) Lookup(ctx context.Context, by LookupKey) (Customer, error) {
	req, shown, err := c.lookupRequest(by)
	if err != nil {
		return Customer{}, err
	}
	resp, err := c.http.PostJSON(ctx, c.tokens, c.base+pathLookup, "", req)
	if errors.Is(err, providers.ErrEncode) {
		return Customer{}, sale.Errorf(sale.CodeInvalid, "the lookup could not be encoded")
	}
	if err != nil {
		if te, ok := errors.AsType[*providers.TokenError](err); ok {
			return Customer{}, sale.Errorf(sale.CodeUnavailable, "1Flow lookup: %s", te.Error())
		}
		return Customer{}, sale.Errorf(sale.CodeUnavailable, "1Flow could not be reached (%s); try again", failKind(err))
	}
	return parseLookup(resp.Status, resp.Body, shown)
}

// lookupRequest checks and normalizes the key; shown is how it is named in
// messages.
func (c *Client) lookupRequest(by LookupKey) (lookupRequest, string, error) {
	v := strings.TrimSpace(by.Value)
	switch by.By {
	case LookupPhone:
		p, err := NormalizePhone(v, c.country)
		if err != nil {
			return lookupRequest{}, "", err
		}
		return lookupRequest{PhoneNumber: p}, "phone number " + p, nil
	case LookupDevice, LookupCard:
		if err := CheckTargetID(v); err != nil {
			return lookupRequest{}, "", err
		}
		if by.By == LookupCard {
			return lookupRequest{CardID: v}, "card " + v, nil
		}
		return lookupRequest{DeviceID: v}, "device " + v, nil
	}
	return lookupRequest{}, "", sale.Errorf(sale.CodeInvalid, "look a customer up by phone, device or card")
}

// parseLookup reads a lookup answer.
func parseLookup(status int, body []byte, shown string) (Customer, error) {
	unavailable := func(format string, args ...any) (Customer, error) {
		return Customer{}, sale.Errorf(sale.CodeUnavailable, format, args...)
	}
	var env envelope[lookupData]
	decErr := providers.DecodeJSON(body, &env)
	msg := ""
	if decErr == nil {
		msg = providers.CleanMax(string(env.Message), 80)
	}
	switch {
	case status == http.StatusNotFound:
		return Customer{}, sale.Errorf(sale.CodeNotFound, "1Flow has no customer with %s", shown)
	case status == http.StatusBadRequest || status == http.StatusUnprocessableEntity:
		if msg == "" {
			msg = fmt.Sprintf("HTTP %d", status)
		}
		return Customer{}, sale.Errorf(sale.CodeInvalid, "1Flow refused the lookup of %s: %s", shown, msg)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return unavailable("1Flow refused the till's credentials (HTTP %d); check the 1Flow client id and secret", status)
	case status != http.StatusOK:
		return unavailable("1Flow could not look up %s (HTTP %d); try again", shown, status)
	case decErr != nil:
		return unavailable("1Flow's lookup answer could not be read; try again")
	case (env.Success != nil && !*env.Success) || env.Data == nil:
		return Customer{}, sale.Errorf(sale.CodeNotFound, "1Flow has no customer with %s", shown)
	}
	d := env.Data
	cu := Customer{Name: providers.CleanMax(string(d.Name), 64), Phone: providers.CleanMax(string(d.PhoneNumber), 20)}
	if d.Customer != nil {
		cu.Name = cmp.Or(cu.Name, providers.CleanMax(string(d.Customer.Name), 64))
		cu.Phone = cmp.Or(cu.Phone, providers.CleanMax(string(d.Customer.PhoneNumber), 20))
	}
	for _, ld := range d.Devices {
		id := providers.Clean(cmp.Or(string(ld.SerialNumber), string(ld.DeviceID)))
		if CheckTargetID(id) != nil {
			continue // nothing the till could recharge
		}
		dev := Device{ID: id, Type: providers.CleanMax(string(ld.DeviceType), 16), Name: providers.CleanMax(string(ld.Name), 40)}
		for _, card := range append([]providers.FlexString{ld.CardID}, ld.CardIDs...) {
			if v := providers.Clean(string(card)); v != "" && CheckTargetID(v) == nil {
				dev.CardIDs = append(dev.CardIDs, v)
			}
		}
		cu.Devices = append(cu.Devices, dev)
		if len(cu.Devices) == maxDevices {
			break
		}
	}
	if cu.Name == "" && len(cu.Devices) == 0 {
		return Customer{}, sale.Errorf(sale.CodeNotFound, "1Flow has no customer with %s", shown)
	}
	return cu, nil
}
