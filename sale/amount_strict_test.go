package sale

import "testing"

// TestTwoPointsRefused: "1.2.3" is never an amount, whichever parser reads
// it (a cashier's amount, a limit in the config, a drawer count or amount).
func TestTwoPointsRefused(t *testing.T) {
	for _, s := range []string{"1.2.3", "1..2", "1.2.", ".1.2", "10.00.00"} {
		for _, c := range []Currency{ZAR, KES, GHS, NGN, IDR} {
			if m, err := ParseMoney(s, c); err == nil {
				t.Errorf("ParseMoney(%q, %s) = %s", s, c, m)
			}
		}
		if m, err := ParseAmount("ZAR " + s); err == nil {
			t.Errorf("ParseAmount(ZAR %q) = %s", s, m)
		}
		if m, err := ParseCount(s, ZAR); err == nil {
			t.Errorf("ParseCount(%q) = %v", s, m)
		}
		if m, err := ParseCount("ZAR:"+s, ""); err == nil {
			t.Errorf("ParseCount(ZAR:%q) = %v", s, m)
		}
		if m, err := ParseCashAmount(s, ZAR); err == nil {
			t.Errorf("ParseCashAmount(%q) = %s", s, m)
		}
	}
}
