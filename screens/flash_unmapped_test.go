package screens

import (
	"strings"
	"testing"

	flashflow "till/screens/flash"

	"till/providers/sandbox"
	"till/sale"
)

// TestFlashUnmappedProductsShownNotSold: a Flash whose gift vouchers and
// 1Vouchers carry productTypes the till does not map. The gift voucher
// screen offers none of them and names them "unknown type N"; the 1Voucher
// screen, whose purchase takes no productCode, still sells.
func TestFlashUnmappedProductsShownNotSold(t *testing.T) {
	f, sb, _ := flashFixtureWith(t, sandbox.Options{FlashProductTypes: map[string]int64{"giftvoucher": 33, "1voucher": 37}})
	fl := f.open(ScreenGiftVoucher)
	if len(fl.Products()) != 0 {
		t.Fatalf("unmapped products offered: %+v", fl.Products())
	}
	v := f.view()
	for _, want := range []string{"no active gift voucher products", "unknown type 33", "3001 Demo Gift Voucher"} {
		if !strings.Contains(v, want) {
			t.Errorf("the screen does not say %q:\n%s", want, v)
		}
	}

	f.press("esc")
	fl = f.open(ScreenVoucherBuy)
	if fl.NeedsProduct() {
		t.Fatal("a 1Voucher needs no catalogue product")
	}
	f.typeText("100")
	f.press("enter")
	if fl.Step() != flashflow.StepConfirm {
		t.Fatalf("the 1Voucher flow stopped at step %v:\n%s", fl.Step(), f.view())
	}
	s := f.flashVend()
	if s.State != sale.StateDelivered || s.Order.Product != "" || sb.Applied(string(s.Ref)) != 1 {
		t.Fatalf("1Voucher without a catalogue entry: %s %+v", s.State, s.Order)
	}
}
