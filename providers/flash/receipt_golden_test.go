package flash_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"till/providers/flash"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
)

var shop = receipts.Header{
	ShopName:  "Corner Cafe Spaza",
	Address:   []string{"12 Main Road, Observatory", "Cape Town, 7925"},
	VATNumber: "4123456789",
	Footer:    "Thank you for shopping with us!",
}

// TestReceiptGoldens sells through the sandbox, the engine and a journal,
// and prints the receipts of what the customer takes home: electricity
// with three tokens, a 1Voucher, a partial redemption with its change
// voucher, a cash-out PIN and its cancellation, at 32 and 42 columns.
// References are renamed (a journal's install tag is random); everything
// else is what the sale journaled. Regenerate: go test ./providers/flash -update
func TestReceiptGoldens(t *testing.T) {
	st := newStack(t, sandbox.Options{}, 5*time.Second)
	renamed := map[string]string{}
	sell := func(o sale.Order) sale.Sale {
		o.Cashier = "Thabo M."
		s := st.sell(t, o)
		if s.State != sale.StateDelivered {
			t.Fatalf("%s: %s %+v", o.Kind, s.State, s.Outcome)
		}
		renamed[string(s.Ref)] = "STORE1-TILL1-K3M9QZ-" + strconv.Itoa(len(renamed)+1)
		return s
	}
	elec := sell(electricity(sandbox.MeterKeyChange, 20000, false))
	voucher := sell(voucherOrder(sale.KindVoucher, "2001", "1Voucher", 10000))
	pin := strings.ReplaceAll(item(voucher, flash.LabelPIN), " ", "")
	redeem := sell(redeemOrder(pin, 3500, "", false))
	cashout := sell(voucherOrder(sale.KindCashOut, "5001", "Cash Out PIN", 50000))
	order, _, err := flash.CancelOrder(st.db, string(cashout.Ref), "", "Thabo M.")
	if err != nil {
		t.Fatal(err)
	}
	cancel := sell(order)
	for name, s := range map[string]sale.Sale{"electricity_3_tokens": elec, "1voucher": voucher,
		"redeem_partial_change": redeem, "cashout": cashout, "cashout_cancel": cancel} {
		s = rename(s, renamed)
		for _, w := range []int{32, 42} {
			t.Run(name+"/"+strconv.Itoa(w), func(t *testing.T) {
				out, err := receipts.Render(s, receipts.Options{Width: w, Header: shop, Location: sast})
				if err != nil {
					t.Fatal(err)
				}
				for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
					if len(l) > w {
						t.Errorf("line %d is %d wide: %q", i+1, len(l), l)
					}
				}
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
	// What is printed large on paper is exactly the secrets.
	lines, _ := receipts.Lines(elec, receipts.Options{Width: 42})
	tall := 0
	for _, l := range lines {
		if l.Secret {
			tall++
			if len(strings.Fields(l.Text)) != 5 {
				t.Errorf("secret line %q is not a token in five groups", l.Text)
			}
		}
	}
	if tall != 3 {
		t.Errorf("%d secret lines, want the 3 tokens", tall)
	}
}

// rename replaces the journal's references in a sale by stable ones.
func rename(s sale.Sale, names map[string]string) sale.Sale {
	r := func(v string) string {
		for from, to := range names {
			v = strings.ReplaceAll(v, from, to)
		}
		return v
	}
	s.Ref = sale.Reference(r(string(s.Ref)))
	items := append([]sale.Item(nil), s.Outcome.Items...)
	for i := range items {
		items[i].Value = r(items[i].Value)
	}
	s.Outcome.Items = items
	return s
}
