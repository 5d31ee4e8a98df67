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
