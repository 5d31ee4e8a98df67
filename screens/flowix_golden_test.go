package screens

import (
	"strings"
	"testing"
	"time"

	flowixui "till/screens/flowix"

	"till/screens/flow"

	"github.com/charmbracelet/x/exp/golden"
)

// requireSized checks the view fills w×h and matches its golden file.
func requireSized(t *testing.T, f *fxFixture, w, h int) {
	t.Helper()
	v := f.view()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := len([]rune(l)); n > w {
			t.Errorf("line %d is %d cells wide: %q", i+1, n, l)
		}
	}
	if testing.Verbose() {
		t.Logf("\n%s", v)
	}
	golden.RequireEqual(t, v)
}

// Golden views of the Flowix screens against the sandbox, with a fixed
// clock (14:05:09 WIB, 23 Nov 2025). Regenerate with:
// go test ./screens -run TestFlowixGolden -update
func TestFlowixGolden(t *testing.T) {
	t.Run("home", func(t *testing.T) {
		f := newFxFixture(t, 100, 40)
		f.account()
		f.unresolved()
		requireSized(t, f, 100, 40)
	})
	t.Run("home_80x24", func(t *testing.T) {
		f := newFxFixture(t, 80, 24)
		f.account()
		f.unresolved()
		requireSized(t, f, 80, 24)
	})
	t.Run("pulsa_search", func(t *testing.T) {
		f := newFxFixture(t, 80, 24)
		f.open(ScreenPulsa)
		f.typeText("pulsa 10")
		f.press("down")
		requireSized(t, f, 80, 24)
	})
	t.Run("pulsa_pending", func(t *testing.T) {
		f := newFxFixture(t, 100, 40)
		f.sellPulsa("TSEL10", "0812 3456 7890")
		requireSized(t, f, 100, 40)
	})
	t.Run("pln_token", func(t *testing.T) {
		f := newFxFixture(t, 100, 40)
		s := f.sellPulsa("PLN20", "12345678901")
		f.clock.Advance(4 * time.Second)
		f.settle(s.Ref)
		requireSized(t, f, 100, 40)
	})
	t.Run("bill_confirm", func(t *testing.T) {
		f := newFxFixture(t, 80, 24)
		f.open(ScreenBill)
		f.typeText("BPJSKS")
		f.press("enter")
		f.typeText("0001234567890")
		f.press("enter")
		bl, err := f.api.BillCheck(f.ctx(), "BPJSKS", "0001234567890")
		f.send(flowixui.BillMsg{Service: "BPJSKS", Customer: "0001234567890", Bill: bl, Err: err})
		requireSized(t, f, 80, 24)
	})
	t.Run("payout_holder", func(t *testing.T) {
		f := newFxFixture(t, 80, 24)
		f.open(ScreenPayout)
		f.press("1")
		f.typeText("1234567890")
		f.press("enter")
		pe, err := f.api.AccountInquiry(f.ctx(), "BCA", "1234567890")
		f.send(flowixui.PayeeMsg{Bank: "BCA", Account: "1234567890", Payee: pe, Err: err})
		requireSized(t, f, 80, 24)
	})
	t.Run("payout_sent", func(t *testing.T) {
		f := newFxFixture(t, 100, 40)
		f.open(ScreenPayout)
		f.press("1")
		f.typeText("1234567890")
		f.press("enter")
		pe, err := f.api.AccountInquiry(f.ctx(), "BCA", "1234567890")
		f.send(flowixui.PayeeMsg{Bank: "BCA", Account: "1234567890", Payee: pe, Err: err})
		f.confirm()
		f.typeText("100000")
		f.press("enter")
		f.confirm()
		s := f.sold(&active[*flowixui.Payout](f).Sale)
		f.clock.Advance(4 * time.Second)
		f.settle(s.Ref)
		requireSized(t, f, 100, 40)
	})
	t.Run("deposit_methods", func(t *testing.T) {
		f := newFxFixture(t, 100, 40)
		f.open(ScreenDeposit)
		requireSized(t, f, 100, 40)
	})
	t.Run("deposit_fee", func(t *testing.T) {
		f := newFxFixture(t, 80, 24)
		f.open(ScreenDeposit)
		f.press("1")
		f.typeText("50000")
		f.press("enter")
		requireSized(t, f, 80, 24)
	})
	t.Run("qris", func(t *testing.T) {
		f := newFxFixture(t, 100, 40)
		f.startDeposit("50000", "1")
		f.tick(75 * time.Second) // the countdown runs
		requireSized(t, f, 100, 40)
	})
	t.Run("qris_80x24", func(t *testing.T) {
		f := newFxFixture(t, 80, 24)
		f.startDeposit("50000", "1")
		requireSized(t, f, 80, 24)
	})
	t.Run("qris_va", func(t *testing.T) {
		f := newFxFixture(t, 80, 24)
		f.open(ScreenDeposit)
		f.press("3") // BCA virtual account
		f.typeText("100000")
		f.press("enter", "2")
		f.confirm()
		d := active[*flowixui.Deposit](f)
		s, err := f.engine.Sell(f.ctx(), d.Pay().Started())
		f.send(flow.QRISSoldMsg{ID: d.Pay().ID(), Sale: s, Err: err})
		requireSized(t, f, 80, 24)
	})
	t.Run("deposit_paid", func(t *testing.T) {
		f := newFxFixture(t, 100, 40)
		d := f.startDeposit("50000", "1")
		f.payDeposit(d)
		requireSized(t, f, 100, 40)
	})
}
