package receipts

import (
	"strings"
	"testing"

	"till/sale"
)

// flashSale is a delivered Flash sale of kind k with items.
func flashSale(k sale.Kind, items ...sale.Item) sale.Sale {
	s := delivered()
	s.Order.Kind, s.Order.ProductName = k, "Test product"
	s.Order.Target = sale.Target{}
	s.Outcome.Items = items
	return s
}

func TestElectricityBody(t *testing.T) {
	s := flashSale(sale.KindElectricity,
		sale.Item{Label: "Key change token 1", Value: "1111 2222 3333 4444 5555", Secret: true},
		sale.Item{Label: "Credit token", Value: "6666 7777 8888 9999 0000", Secret: true},
		sale.Item{Label: "Units", Value: "45.6 kWh"},
		sale.Item{Label: "Tariff", Value: "Home \x1b[31mLight"},
		sale.Item{Label: "METER"},
		sale.Item{Label: "SGC", Value: "123456"},
	)
	for _, w := range []int{32, 42, 48} {
		out, err := Render(s, Options{Width: w})
		if err != nil {
			t.Fatal(err)
		}
		checkPrintable(t, out, w)
		for _, want := range []string{"ENTER THE TOKENS IN THIS ORDER", "1. Key change token 1", "2. Credit token",
			"1111 2222 3333 4444 5555", "6666 7777 8888 9999 0000", "45.6 kWh", "Home Light", "METER", "123456"} {
			if !strings.Contains(out, want) {
				t.Errorf("%d columns: no %q in\n%s", w, want, out)
			}
		}
		if strings.Index(out, "1111 2222") > strings.Index(out, "6666 7777") {
			t.Error("the key change token is not printed before the credit token")
		}
	}
	lines, _ := Lines(s, Options{Width: 42})
	secret := 0
	for _, l := range lines {
		if l.Secret {
			secret++
		}
	}
	if secret != 2 {
		t.Errorf("%d lines printed large, want the 2 tokens", secret)
	}
	hidden, _ := Render(s, Options{Width: 42, HideSecrets: true})
	if strings.Contains(hidden, "2222") || strings.Contains(hidden, "7777") || !strings.Contains(hidden, "5555") {
		t.Errorf("hidden tokens:\n%s", hidden)
	}
	one := flashSale(sale.KindElectricity, sale.Item{Label: "Credit token", Value: "6666 7777 8888 9999 0000", Secret: true})
	if out, _ := Render(one, Options{Width: 32}); !strings.Contains(out, "ENTER THIS TOKEN ON THE METER") || strings.Contains(out, "1. ") {
		t.Errorf("one token:\n%s", out)
	}
	doubt := one
	doubt.State, doubt.Outcome = sale.StateInDoubt, sale.Outcome{Result: sale.ResultInDoubt, Code: "incomplete"}
	if out, _ := Render(doubt, Options{Width: 32}); strings.Contains(out, "TOKEN") || !strings.Contains(out, "DO NOT RESELL") {
		t.Errorf("in doubt:\n%s", out)
	}
}

func TestVoucherBodies(t *testing.T) {
	v := flashSale(sale.KindCashOut, sale.Item{Label: "PIN", Value: "1234 5678 9012", Secret: true},
		sale.Item{Label: "Serial", Value: "CO123"})
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	out, _ := Render(v, Options{Width: 32})
	out = words(out)
	if !strings.Contains(out, "1234 5678 9012") || !strings.Contains(out, "anyone who has it can") {
		t.Errorf("cash-out:\n%s", out)
	}
	v.Note = "cancelled by STORE1-TILL1-ABC123-9"
	if out, _ := Render(v, Options{Width: 32}); !strings.Contains(out, "*** PIN CANCELLED ***") || !strings.Contains(out, "ABC123-9") {
		t.Errorf("a cancelled cash-out PIN:\n%s", out)
	}
	r := flashSale(sale.KindVoucherRedeem, sale.Item{Label: "Redeemed", Value: "R 30.00"},
		sale.Item{Label: "CHANGE VOUCHER"}, sale.Item{Label: "Change PIN", Value: "1111 2222 3333 4444", Secret: true})
	out, _ = Render(r, Options{Width: 42})
	out = words(out)
	if !strings.Contains(out, "CHANGE VOUCHER") || !strings.Contains(out, "Give the customer the change") {
		t.Errorf("redeem:\n%s", out)
	}
	c := flashSale(sale.KindCashOutCancel, sale.Item{Label: "Serial", Value: "CO123"})
	out, _ = Render(c, Options{Width: 42})
	out = words(out)
	if !strings.Contains(out, "CASH-OUT PIN CANCELLED") || !strings.Contains(out, "Refund to customer R 10.00") {
		t.Errorf("cancel:\n%s", out)
	}
	c.State = sale.StateInDoubt
	if out, _ = Render(c, Options{Width: 42}); strings.Contains(out, "CANCELLED") {
		t.Errorf("an unconfirmed cancel says CANCELLED:\n%s", out)
	}
	if isHeading(sale.Item{Label: "PIN"}) != true || isHeading(sale.Item{Label: "Units"}) || isHeading(sale.Item{Label: "123"}) {
		t.Error("isHeading")
	}
}
