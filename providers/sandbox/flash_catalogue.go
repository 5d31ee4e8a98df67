package sandbox

import "till/providers/flash"

// Demo credentials of the Flash simulator. A till configured with
// base_url = <sandbox>/flash, api_key = FlashAPIKey and account_number =
// FlashAccount sells against it.
const (
	// FlashPrefix is where the Flash simulator is mounted.
	FlashPrefix = "/flash"
	// FlashAPIKey is the Basic credential the token endpoint accepts, sent
	// as issued ("Authorization: Basic <key>"), like a real Flash key.
	FlashAPIKey = "c2FuZGJveC1kZW1vLWtleTpzYW5kYm94LWRlbW8tc2VjcmV0"
	// FlashAccount is the merchant account number the simulator knows.
	FlashAccount = "2000123456"
)

// flashProduct is one catalogue entry. Amounts are cents.
type flashProduct struct {
	Code       int64
	Name       string
	Type       flash.ProductType
	Vendor     string
	Supplier   string
	Min, Max   int64
	Active     bool
	CallCentre string
	UPC        string
	Terms      string
	Redeem     string
}

// flashCatalogue is the simulator's product list, in list order: the four
// South African networks' pinless airtime, two inactive airtime products
// and one product of a kind the till does not sell yet.
var flashCatalogue = []flashProduct{
	{Code: 1001, Name: "Vodacom Airtime", Type: flash.ProductTypeCellularPinless, Vendor: "Vodacom", Supplier: "Vodacom",
		Min: 200, Max: 100000, Active: true, CallCentre: "082 111", UPC: "6009000000011",
		Redeem: "Airtime is loaded directly onto the number.", Terms: "Pinless recharges cannot be reversed."},
	{Code: 1002, Name: "MTN Airtime", Type: flash.ProductTypeCellularPinless, Vendor: "MTN", Supplier: "MTN",
		Min: 200, Max: 100000, Active: true, CallCentre: "083 135", UPC: "6009000000028",
		Redeem: "Airtime is loaded directly onto the number.", Terms: "Pinless recharges cannot be reversed."},
	{Code: 1003, Name: "Cell C Airtime", Type: flash.ProductTypeCellularPinless, Vendor: "Cell C", Supplier: "Cell C",
		Min: 500, Max: 100000, Active: true, CallCentre: "084 140", UPC: "6009000000035",
		Redeem: "Airtime is loaded directly onto the number.", Terms: "Pinless recharges cannot be reversed."},
	{Code: 1004, Name: "Telkom Mobile Airtime", Type: flash.ProductTypeCellularPinless, Vendor: "Telkom", Supplier: "Telkom",
		Min: 500, Max: 50000, Active: true, CallCentre: "081 180", UPC: "6009000000042",
		Redeem: "Airtime is loaded directly onto the number.", Terms: "Pinless recharges cannot be reversed."},
	{Code: 1005, Name: "Virgin Mobile Airtime", Type: flash.ProductTypeCellularPinless, Vendor: "Virgin Mobile", Supplier: "Cell C",
		Min: 500, Max: 50000, Active: false, CallCentre: "0741 000 123", UPC: "6009000000059",
		Terms: "Discontinued."},
	{Code: 1006, Name: "Vodacom Airtime (legacy)", Type: flash.ProductTypeCellularPinless, Vendor: "Vodacom", Supplier: "Vodacom",
		Min: 1000, Max: 50000, Active: false, CallCentre: "082 111", UPC: "6009000000066",
		Terms: "Replaced by product 1001."},
	{Code: 3001, Name: "Demo Gift Voucher", Type: flash.ProductTypeGiftVoucher, Vendor: "Demo Retail", Supplier: "Flash",
		Min: 5000, Max: 100000, Active: true, UPC: "6009000000301",
		Redeem: "Present the voucher PIN at any Demo Retail store.", Terms: "Valid for 36 months."},
}

func flashProductByCode(code int64) (flashProduct, bool) {
	for _, p := range flashCatalogue {
		if p.Code == code {
			return p, true
		}
	}
	return flashProduct{}, false
}
