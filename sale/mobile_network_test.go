package sale

import "testing"

// TestNetworkOfMobileZA: the network a number's original prefix belongs to,
// which `till sell airtime` picks and the TUI's airtime flow proposes.
func TestNetworkOfMobileZA(t *testing.T) {
	for _, c := range []struct{ typed, want string }{
		{"082 123 4567", "Vodacom"}, {"+27 72 123 4567", "Vodacom"}, {"0711234567", "Vodacom"},
		{"0831234567", "MTN"}, {"27731234567", "MTN"}, {"0811234567", "MTN"},
		{"0841234567", "Cell C"}, {"0741234567", "Cell C"},
		{"0671234567", "Telkom"}, {"0651234567", "Telkom"},
		{"0641234567", ""}, // a prefix not in the table: no guess
	} {
		n, err := NormalizeMobileZA(c.typed)
		if err != nil {
			t.Fatalf("%q: %v", c.typed, err)
		}
		if got := NetworkOfMobileZA(n); got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.typed, n, got, c.want)
		}
	}
	for _, bad := range []string{"", "27", "278"} {
		if got := NetworkOfMobileZA(bad); got != "" {
			t.Errorf("%q: %q", bad, got)
		}
	}
}

// TestAirtimeFor: the active airtime product of the number's network, by
// brand whatever its case; none for an unknown prefix, a network the
// catalogue does not sell, or an inactive product.
func TestAirtimeFor(t *testing.T) {
	ps := []Product{
		{Code: "V1", Kind: KindAirtime, Brand: "vodacom", Active: true},
		{Code: "M0", Kind: KindAirtime, Brand: "MTN", Active: false},
		{Code: "M1", Kind: KindVoucher, Brand: "MTN", Active: true},
		{Code: "C1", Kind: KindAirtime, Brand: "Cell C", Active: true},
	}
	for _, c := range []struct {
		msisdn, want, network string
		ok                    bool
	}{
		{"0821234567", "V1", "Vodacom", true},
		{"27841234567", "C1", "Cell C", true},
		{"0831234567", "", "MTN", false}, // MTN only inactive, or not airtime
		{"0991234567", "", "", false},
		{"not a number", "", "", false},
	} {
		p, network, ok := AirtimeFor(ps, c.msisdn)
		if p.Code != c.want || network != c.network || ok != c.ok {
			t.Errorf("%s: %q %q %v, want %q %q %v", c.msisdn, p.Code, network, ok, c.want, c.network, c.ok)
		}
	}
}
