package oneflow

import (
	"encoding/json"
	"testing"

	"till/sale"
)

// Every 1Flow quantity is shown with its unit; a price that is not an exact
// amount of the currency is shown as sent, never rounded.
func TestQuantitiesCarryTheirUnit(t *testing.T) {
	n := func(s string) *json.Number { v := json.Number(s); return &v }
	for _, c := range []struct {
		price *json.Number
		cur   sale.Currency
		want  string
	}{
		{n("5"), sale.GHS, "GHS 5.00"},
		{n("0.5"), sale.KES, "KES 0.50"},
		{n("1234.5"), sale.KES, "KES 1,234.50"},
		{n("0.125"), sale.KES, "KES 0.125"},
		{nil, sale.KES, ""},
	} {
		if got := perLitre(c.price, c.cur); got != c.want {
			t.Errorf("perLitre(%v, %s) = %q, want %q", c.price, c.cur, got, c.want)
		}
	}
	if got := unit("20.1", "L"); got != "20.1 L" {
		t.Errorf("unit = %q", got)
	}
	if got := unit("", "L"); got != "" {
		t.Errorf("an absent quantity got a unit: %q", got)
	}
}
