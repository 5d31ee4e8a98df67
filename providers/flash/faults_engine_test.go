package flash_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"till/providers/flash"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
)

// TestFaultsThroughTheEngine plays every fault of the sandbox on every
// money endpoint, through the real engine and a bbolt journal: the first
// send ends in the state the till must show, the resolver's resend with
// the same reference settles it, and the sandbox applied it at most once.
func TestFaultsThroughTheEngine(t *testing.T) {
	st := newStack(t, sandbox.Options{SlowDelay: 50 * time.Millisecond, HoldMax: 10 * time.Second}, 500*time.Millisecond)
	products := map[string]func(cents int64) sale.Order{
		"electricity": func(c int64) sale.Order { return electricity(sandbox.MeterKeyChange, c, false) },
		"1voucher":    func(c int64) sale.Order { return voucherOrder(sale.KindVoucher, "2001", "1Voucher", c) },
		"disburse":    func(c int64) sale.Order { return voucherOrder(sale.KindVoucherPayout, "", "1Voucher disbursement", c) },
		"refund":      func(c int64) sale.Order { return voucherOrder(sale.KindVoucherRefund, "", "1Voucher refund", c) },
		"giftvoucher": func(c int64) sale.Order { return voucherOrder(sale.KindGiftVoucher, "3001", "Demo Gift Voucher", c) },
		"eezi":        func(c int64) sale.Order { return voucherOrder(sale.KindEezi, "4001", "Eezi Airtime", c) },
		"cashout":     func(c int64) sale.Order { return voucherOrder(sale.KindCashOut, "5001", "Cash Out PIN", c) },
	}
	type want struct {
		first   sale.State
		code    string
		applied int // after settling
	}
	faults := map[int64]want{
		91: {sale.StateInDoubt, "timeout", 1},
		92: {sale.StateInDoubt, "http_503", 1},
		93: {sale.StateInDoubt, "malformed", 1},
		94: {sale.StateDeclined, flash.CodeInsufficientBalance.String(), 0},
		95: {sale.StateDelivered, "0", 1},
		96: {sale.StateDelivered, "0", 1},
		97: {sale.StateInDoubt, "broken", 1},
		98: {sale.StateInDoubt, flash.CodeUpstreamError.String(), 1},
	}
	for name, order := range products {
		for cents, w := range faults {
			t.Run(fmt.Sprintf("%s/.%d", name, cents), func(t *testing.T) {
				s := st.sell(t, order(10000+cents))
				if s.State != w.first || s.Outcome.Code != w.code {
					t.Fatalf("first: %s %s (%s), want %s %s", s.State, s.Outcome.Code, s.Outcome.Message, w.first, w.code)
				}
				if s.State == sale.StateInDoubt {
					if len(s.Outcome.Items) != 0 {
						t.Errorf("in doubt with items %v", s.Outcome.Items)
					}
					s = st.settle(t, s.Ref)
					if s.State != sale.StateDelivered || s.Attempts != 2 || len(secrets(s)) == 0 {
						t.Errorf("after the resend: %s attempts %d items %v", s.State, s.Attempts, s.Outcome.Items)
					}
				}
				if n := st.srv.Applied(string(s.Ref)); n != w.applied {
					t.Errorf("applied %d times, want %d", n, w.applied)
				}
			})
		}
	}
}

// TestRedeemAndCancelFaults: a redemption and a cash-out cancel whose
// answers are lost are in doubt and settled the same way, by resending
// the same reference — the voucher is redeemed once, the PIN cancelled
// once.
func TestRedeemAndCancelFaults(t *testing.T) {
	st := newStack(t, sandbox.Options{HoldMax: 10 * time.Second}, 500*time.Millisecond)
	redeem := st.sell(t, redeemOrder(sandbox.DemoVoucherR250, 5091, "", false))
	if redeem.State != sale.StateInDoubt || redeem.Outcome.Code != "timeout" {
		t.Fatalf("redeem: %s %+v", redeem.State, redeem.Outcome)
	}
	redeem = st.settle(t, redeem.Ref)
	if redeem.State != sale.StateDelivered || item(redeem, "Change Value") != "R 199.09" || st.srv.Applied(string(redeem.Ref)) != 1 {
		t.Errorf("redeem after the resend: %s %v", redeem.State, redeem.Outcome.Items)
	}

	// A cash-out of R 100.92: its purchase and its cancel both get a 503.
	co := st.sell(t, voucherOrder(sale.KindCashOut, "5001", "Cash Out PIN", 10092))
	co = st.settle(t, co.Ref)
	if co.State != sale.StateDelivered {
		t.Fatalf("cash-out: %s %+v", co.State, co.Outcome)
	}
	order, _, err := flash.CancelOrder(st.db, string(co.Ref), "", "thandi")
	if err != nil {
		t.Fatal(err)
	}
	cancel := st.sell(t, order)
	if cancel.State != sale.StateInDoubt || cancel.Outcome.Code != "http_503" {
		t.Fatalf("cancel: %s %+v", cancel.State, cancel.Outcome)
	}
	// While the cancel is in doubt, no second cancel can start: neither by
	// the till's check nor by the engine's same-target guard.
	if _, _, err := flash.CancelOrder(st.db, string(co.Ref), "", "thandi"); sale.ErrorCode(err) != sale.CodeUnresolved {
		t.Errorf("second cancel while the first is in doubt: %v", err)
	}
	if _, err := st.engine.Sell(t.Context(), order); sale.ErrorCode(err) != sale.CodeUnresolved {
		t.Errorf("the engine sold a second cancel of the same PIN: %v", err)
	}
	cancel = st.settle(t, cancel.Ref)
	if cancel.State != sale.StateDelivered || st.srv.Applied(string(cancel.Ref)) != 1 {
		t.Fatalf("cancel after the resend: %s %+v", cancel.State, cancel.Outcome)
	}
	if n, err := flash.AnnotateCancels(st.db, st.engine, "thandi"); err != nil || n != 1 {
		t.Errorf("annotations written: %d %v", n, err)
	}
	if n, _ := flash.AnnotateCancels(st.db, st.engine, "thandi"); n != 0 {
		t.Errorf("annotations are written once, got %d more", n)
	}
	orig, _ := st.db.Sale(co.Ref)
	if orig.State != sale.StateDelivered || orig.Note != flash.CancelledByNote+string(cancel.Ref) {
		t.Errorf("original after the cancel: %s %q", orig.State, orig.Note)
	}
	if out, _ := receipts.Render(orig, receipts.Options{Width: 42}); !strings.Contains(out, "*** PIN CANCELLED ***") {
		t.Errorf("a copy of the cancelled PIN's receipt does not say it is cancelled:\n%s", out)
	}
	if by, ok, _ := flash.CancelledBy(st.db, orig); !ok || by != cancel.Ref {
		t.Errorf("CancelledBy = %s %v", by, ok)
	}
	if _, _, err := flash.CancelOrder(st.db, "", item(co, flash.LabelSerial), "thandi"); sale.ErrorCode(err) != sale.CodeConflict {
		t.Errorf("a second cancel after delivery: %v", err)
	}
}

// TestCancelRules: only a delivered cash-out PIN of this till can be
// cancelled, found by reference, sequence or serial number.
func TestCancelRules(t *testing.T) {
	st := newStack(t, sandbox.Options{}, 5*time.Second)
	air := st.sell(t, voucherOrder(sale.KindGiftVoucher, "3001", "Demo Gift Voucher", 5000))
	declined := st.sell(t, voucherOrder(sale.KindCashOut, "5001", "Cash Out PIN", 5094))
	co := st.sell(t, voucherOrder(sale.KindCashOut, "5001", "Cash Out PIN", 5000))
	for _, c := range []struct {
		ref, serial, code string
	}{
		{"", "", sale.CodeInvalid},
		{string(air.Ref), "", sale.CodeConflict},
		{string(declined.Ref), "", sale.CodeConflict},
		{"NOPE-1-x-99", "", sale.CodeNotFound},
		{"", "CO0000000000", sale.CodeNotFound},
		{"", "bad serial!", sale.CodeInvalid},
		{"", sandbox.DemoCashOutActive, sale.CodeNotFound}, // sold elsewhere, not by this till
	} {
		if _, _, err := flash.CancelOrder(st.db, c.ref, c.serial, "x"); sale.ErrorCode(err) != c.code {
			t.Errorf("cancel %q/%q: %v, want %s", c.ref, c.serial, err, c.code)
		}
	}
	seq := string(co.Ref[len(co.Ref)-1:])
	o, orig, err := flash.CancelOrder(st.db, seq, "", "x")
	if err != nil || orig.Ref != co.Ref || o.Kind != sale.KindCashOutCancel || o.Amount != co.Order.Amount ||
		o.Params[flash.ParamOriginal] != string(co.Ref) || o.Target.Value != item(co, flash.LabelSerial) {
		t.Errorf("cancel by sequence: %+v %v", o, err)
	}
}
