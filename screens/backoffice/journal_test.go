package backoffice

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// TestJournalTotalsEveryCurrency: a mixed-currency day's delivered total
// is one amount per currency; none is dropped and none added to another.
func TestJournalTotalsEveryCurrency(t *testing.T) {
	st := ui.NewStyles(true, false)
	j := &Journal{env: &kit.Env{D: kit.Deps{}.WithDefaults(), St: &st, Keys: ui.NewKeys()}, loaded: true}
	mk := func(minor int64, c sale.Currency, st sale.State) sale.Sale {
		return sale.Sale{State: st, Order: sale.Order{Amount: sale.New(minor, c)}}
	}
	j.sales = []sale.Sale{mk(1000, sale.ZAR, sale.StateDelivered), mk(50000, sale.IDR, sale.StateDelivered),
		mk(2500, sale.ZAR, sale.StateDelivered), mk(700, sale.KES, sale.StateDeclined), mk(10000, sale.KES, sale.StateDelivered)}
	got := strings.Join(strings.Fields(ansi.Strip(j.summary())), " ")
	if want := "5 sales · 4 delivered · R 35.00, Rp 50.000, KES 100.00"; got != want {
		t.Fatalf("summary %q, want %q", got, want)
	}
}

func TestSearchQuery(t *testing.T) {
	for typed, want := range map[string]sale.Query{
		"0821234567":               {Target: "27821234567", Limit: 200},
		"+27 82 123 4567":          {Target: "27821234567", Limit: 200},
		"17":                       {Ref: "17", Limit: 200},
		"STORE042-TILL07-x7k2q9-3": {Ref: "STORE042-TILL07-x7k2q9-3", Limit: 200},
	} {
		if got, _ := searchQuery(typed); got != want {
			t.Errorf("searchQuery(%q) = %+v, want %+v", typed, got, want)
		}
	}
}
