package sandbox

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
	Type       flashType
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
// South African networks' pinless airtime and two inactive airtime
// products, then one product of every other kind the till sells (some with
// a sibling), and a water product the till does not sell through Flash.
var flashCatalogue = []flashProduct{
	{Code: 1001, Name: "Vodacom Airtime", Type: ftAirtime, Vendor: "Vodacom", Supplier: "Vodacom",
		Min: 200, Max: 100000, Active: true, CallCentre: "082 111", UPC: "6009000000011",
		Redeem: "Airtime is loaded directly onto the number.", Terms: "Pinless recharges cannot be reversed."},
	{Code: 1002, Name: "MTN Airtime", Type: ftAirtime, Vendor: "MTN", Supplier: "MTN",
		Min: 200, Max: 100000, Active: true, CallCentre: "083 135", UPC: "6009000000028",
		Redeem: "Airtime is loaded directly onto the number.", Terms: "Pinless recharges cannot be reversed."},
	{Code: 1003, Name: "Cell C Airtime", Type: ftAirtime, Vendor: "Cell C", Supplier: "Cell C",
		Min: 500, Max: 100000, Active: true, CallCentre: "084 140", UPC: "6009000000035",
		Redeem: "Airtime is loaded directly onto the number.", Terms: "Pinless recharges cannot be reversed."},
	{Code: 1004, Name: "Telkom Mobile Airtime", Type: ftAirtime, Vendor: "Telkom", Supplier: "Telkom",
		Min: 500, Max: 50000, Active: true, CallCentre: "081 180", UPC: "6009000000042",
		Redeem: "Airtime is loaded directly onto the number.", Terms: "Pinless recharges cannot be reversed."},
	{Code: 1005, Name: "Virgin Mobile Airtime", Type: ftAirtime, Vendor: "Virgin Mobile", Supplier: "Cell C",
		Min: 500, Max: 50000, Active: false, CallCentre: "0741 000 123", UPC: "6009000000059",
		Terms: "Discontinued."},
	{Code: 1006, Name: "Vodacom Airtime (legacy)", Type: ftAirtime, Vendor: "Vodacom", Supplier: "Vodacom",
		Min: 1000, Max: 50000, Active: false, CallCentre: "082 111", UPC: "6009000000066",
		Terms: "Replaced by product 1001."},
	{Code: 2001, Name: "1Voucher", Type: ft1Voucher, Vendor: "1Voucher", Supplier: "Flash",
		Min: 1000, Max: 300000, Active: true, CallCentre: "0861 144 144", UPC: "6009000000202",
		Redeem: "Redeem online wherever 1Voucher is accepted, or for cash at any Flash trader.",
		Terms:  "Valid for 3 years. Not refundable for cash once sold."},
	{Code: 3001, Name: "Demo Gift Voucher", Type: ftGiftVoucher, Vendor: "Demo Retail", Supplier: "Flash",
		Min: 5000, Max: 100000, Active: true, UPC: "6009000000301",
		Redeem: "Present the voucher PIN at any Demo Retail store.", Terms: "Valid for 36 months."},
	{Code: 3002, Name: "Takealot Gift Voucher", Type: ftGiftVoucher, Vendor: "Takealot", Supplier: "Flash",
		Min: 5000, Max: 200000, Active: true, CallCentre: "087 362 8000", UPC: "6009000000318",
		Redeem: "Enter the code at checkout on takealot.com.", Terms: "Valid for 3 years. No cash value."},
	{Code: 4001, Name: "Eezi Airtime", Type: ftEezi, Vendor: "Eezi", Supplier: "Flash",
		Min: 500, Max: 50000, Active: true, CallCentre: "0861 144 144", UPC: "6009000000400",
		Redeem: "Dial *130*3355*PIN# from any SA network to load the airtime.", Terms: "Valid for 1 year."},
	{Code: 5001, Name: "Cash Out PIN", Type: ftCashOut, Vendor: "Flash Cash Out", Supplier: "Flash",
		Min: 2000, Max: 300000, Active: true, CallCentre: "0861 144 144", UPC: "6009000000509",
		Redeem: "The recipient withdraws the cash at any participating ATM with the PIN and the cellphone number.",
		Terms:  "Valid for 30 days. An unused PIN can be cancelled at the till that sold it."},
	{Code: 6001, Name: "Prepaid Electricity", Type: ftElectricity, Vendor: "Eskom & municipalities", Supplier: "Flash",
		Min: 1000, Max: 500000, Active: true, UPC: "6009000000608",
		Redeem: "Enter the tokens on the meter's keypad in the order printed.", Terms: "Electricity tokens cannot be refunded."},
	{Code: 7001, Name: "Prepaid Water", Type: ftWater, Vendor: "Municipal water", Supplier: "Flash",
		Min: 1000, Max: 100000, Active: true, UPC: "6009000000707",
		Redeem: "Enter the token on the water meter.", Terms: "Water tokens cannot be refunded."},
}

func flashProductByCode(code int64) (flashProduct, bool) {
	for _, p := range flashCatalogue {
		if p.Code == code {
			return p, true
		}
	}
	return flashProduct{}, false
}
