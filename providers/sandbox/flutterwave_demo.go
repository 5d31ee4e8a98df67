package sandbox

import "time"

// Demo setup of the Flutterwave simulator. A till configured with
// base_url = <sandbox>/flutterwave/v3 and secret_key = FlutterwaveSecretKey
// charges the demo cards (FlutterwaveCards) against it.
const (
	// FlutterwavePrefix is where the Flutterwave simulator is mounted.
	FlutterwavePrefix = "/flutterwave/v3"
	// FlutterwaveSecretKey is the secret key the simulator accepts.
	FlutterwaveSecretKey = "FLWSECK_TEST-5b1e0c9a7d3f4e2a8c6b0d1f3e5a7c9b-X"

	// FlutterwaveTokenOK is a card whose charges succeed.
	FlutterwaveTokenOK = "flw-t1nf-3c1d5e7f9a0b2c4d6e8f0a1b3c5d7e9f-m03k"
	// FlutterwaveTokenDeclined is a card declined for insufficient funds.
	FlutterwaveTokenDeclined = "flw-t1nf-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b-m03k"
	// FlutterwaveToken3DS is a card whose charges wait for a 3-D Secure
	// approval: visiting the redirect URL (GET) approves it.
	FlutterwaveToken3DS = "flw-t1nf-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d-m03k"
	// FlutterwaveTokenExpired is an expired card: refused, nothing charged.
	FlutterwaveTokenExpired = "flw-t1nf-0f0e0d0c0b0a09080706050403020100-m03k"
)

// DefaultFlutterwaveBulkStep is how long after a bulk charge is accepted
// each of its items is processed, one after another.
const DefaultFlutterwaveBulkStep = 500 * time.Millisecond

// FlutterwaveCard is a demo card on file.
type FlutterwaveCard struct {
	Token     string
	Brand     string
	First6    string
	Last4     string
	Expiry    string
	Issuer    string
	Email     string
	Name      string
	Behaviour string
}

var fwCards = []FlutterwaveCard{
	{FlutterwaveTokenOK, "MASTERCARD", "553188", "2950", "09/32", "MASTERCARD GUARANTY TRUST BANK Debit", "amina.okafor@example.com", "Amina Okafor", "charges succeed"},
	{FlutterwaveTokenDeclined, "VISA", "418742", "4081", "12/30", "VISA ACCESS BANK Credit", "kwame.mensah@example.com", "Kwame Mensah", "declined: insufficient funds"},
	{FlutterwaveToken3DS, "VERVE", "506105", "1111", "03/31", "VERVE ZENITH BANK Debit", "wanjiru.kamau@example.com", "Wanjiru Kamau", "pending until the 3-D Secure page is visited"},
	{FlutterwaveTokenExpired, "MASTERCARD", "539923", "0099", "01/22", "MASTERCARD FIRST BANK Debit", "tunde.bello@example.com", "Tunde Bello", "refused: expired card"},
}

// FlutterwaveCards lists the demo cards.
func FlutterwaveCards() []FlutterwaveCard { return append([]FlutterwaveCard(nil), fwCards...) }

func fwCard(token string) (FlutterwaveCard, bool) {
	for _, c := range fwCards {
		if c.Token == token {
			return c, true
		}
	}
	return FlutterwaveCard{}, false
}

// FlutterwaveTriggers lists what an amount's cents (NGN x.91 ...) do to a
// charge of FlutterwaveTokenOK (or FlutterwaveToken3DS). A charge that was
// made is settled by verifying its tx_ref, never by charging again.
func FlutterwaveTriggers() []CentsTrigger {
	return []CentsTrigger{
		{91, FaultLostAnswer, "charged, then no answer: IN_DOUBT; verify finds it: DELIVERED"},
		{92, FaultServerError, "charged, then HTTP 503: IN_DOUBT; verify: DELIVERED"},
		{93, FaultGarbage, "charged, then truncated JSON: IN_DOUBT; verify: DELIVERED"},
		{94, FaultDecline, "declined for insufficient funds: DECLINED, nothing charged"},
		{96, FaultSlow, "charged, answered after the slow delay"},
		{97, FaultReset, "charged, then the connection is reset: IN_DOUBT; verify: DELIVERED"},
		{98, FaultUpstreamError, "charged, then 200 with an undocumented error: IN_DOUBT; verify: DELIVERED"},
	}
}
