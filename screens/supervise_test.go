package screens

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/backoffice"
	"till/screens/water"
)

// lostSale sells a recharge whose answer is lost and lets the engine hand
// it to a supervisor; the water screen is left on its result.
func lostSale(f *waterFixture) sale.Sale {
	f.t.Helper()
	f.water.sends = []sale.Outcome{lostAnswer()}
	f.toConfirm("2", "50.91")
	s := f.sell()
	return f.settle(s.Ref)
}

// openSupervise opens the supervisor screen for ref and delivers its read.
func (f *waterFixture) openSupervise(ref sale.Reference) *supervise {
	f.t.Helper()
	f.send(NavigateMsg{To: ScreenSupervise, Ref: ref})
	f.saleRead(ref)
	v, ok := f.app.Active().(*supervise)
	if !ok {
		f.t.Fatalf("active screen is %v", f.app.Active().ID())
	}
	return v
}

// runSupervised runs the settlement command the confirm returned and
// delivers its answer.
func (f *waterFixture) runSupervised(cmd tea.Cmd) {
	f.t.Helper()
	v := f.app.Active().(*supervise)
	if cmd == nil || v.Step() != backoffice.SupSaving {
		f.t.Fatalf("no settlement started (step %v)", v.Step())
	}
	f.send(cmd())
}

func TestSuperviseGolden(t *testing.T) {
	t.Run("choose", func(t *testing.T) {
		f := newWaterFixture(t)
		s := lostSale(f)
		f.tick(2 * time.Minute)
		f.openSupervise(s.Ref)
		requireView(t, f.fixture)
	})
	t.Run("note", func(t *testing.T) {
		f := newWaterFixture(t)
		s := lostSale(f)
		f.openSupervise(s.Ref)
		f.press("1")
		f.typeText("amina")
		f.press("enter")
		f.typeText("Kiosk tank meter shows the credit")
		requireView(t, f.fixture)
	})
	t.Run("confirm", func(t *testing.T) {
		f := newWaterFixture(t)
		s := lostSale(f)
		f.openSupervise(s.Ref)
		f.press("2")
		f.typeText("amina")
		f.press("enter")
		f.typeText("no credit on the meter")
		f.press("enter")
		requireView(t, f.fixture)
	})
	t.Run("unresolved", func(t *testing.T) {
		f := newWaterFixture(t)
		s := lostSale(f)
		f.send(HomeMsg{})
		f.send(NavigateMsg{To: ScreenUnresolved})
		f.unresolved()
		if v := f.view(); !strings.Contains(v, "v supervisor") || !strings.Contains(v, string(s.Ref)) {
			t.Fatalf("unresolved screen offers no supervisor settlement:\n%s", v)
		}
		requireView(t, f.fixture)
	})
}

func TestSuperviseFromWaterResult(t *testing.T) {
	f := newWaterFixture(t)
	s := lostSale(f)
	if s.State != sale.StateNeedsSupervisor {
		t.Fatalf("sale is %s", s.State)
	}
	cmd := f.press("v")
	f.send(cmd())
	f.saleRead(s.Ref)
	f.press("1")
	f.press("enter") // no id yet: refused
	v := f.app.Active().(*supervise)
	if v.Step() != backoffice.SupBy || v.Refused() == nil {
		t.Fatalf("an empty supervisor id was accepted (step %v)", v.Step())
	}
	f.typeText("amina")
	f.press("enter")
	f.press("enter") // no note yet: refused
	if v.Step() != backoffice.SupNote || v.Refused() == nil {
		t.Fatalf("an empty note was accepted (step %v)", v.Step())
	}
	f.typeText("meter shows the credit")
	f.press("enter")
	f.tick(time.Second) // past the dialog's grace period
	before := f.events.count()
	f.runSupervised(f.press("enter"))
	if got := f.events.count(); got != before+1 {
		t.Fatalf("%d events journaled, want 1", got-before)
	}
	e := f.events.last()
	if e.Type != sale.EventSupervisor || e.State != sale.StateDelivered || e.By != "amina" || e.Note != "meter shows the credit" {
		t.Fatalf("supervisor event = %+v", e)
	}
	if f.water.sent != 1 {
		t.Fatalf("1Flow was asked to recharge %d times, want 1", f.water.sent)
	}
	// Back on the water screen, which follows the settlement live.
	f.send(BackMsg{})
	f.send(SaleUpdateMsg{Sale: mustSale(t, f, s.Ref)})
	if w := f.screen(); w.Outcome() != water.Delivered || !strings.Contains(f.view(), "by a supervisor") {
		t.Fatalf("water screen after the settlement:\n%s", f.view())
	}
}

func mustSale(t *testing.T, f *waterFixture, ref sale.Reference) sale.Sale {
	t.Helper()
	s, err := f.journal.Sale(ref)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSuperviseValidates(t *testing.T) {
	f := newWaterFixture(t)
	s := lostSale(f)
	long := strings.Repeat("x", MaxSupervisorNote+1)
	for _, v := range []Supervision{
		{Ref: s.Ref, Delivered: true, Note: "checked", By: ""},
		{Ref: s.Ref, Delivered: true, Note: "  \t ", By: "amina"},
		{Ref: s.Ref, Delivered: true, Note: "\x1b[2J", By: "amina"}, // nothing left once cleaned
		{Ref: s.Ref, Delivered: true, Note: long, By: "amina"},
		{Ref: s.Ref, Delivered: true, Note: "checked", By: strings.Repeat("y", MaxSupervisorID+1)},
		{Ref: "", Delivered: true, Note: "checked", By: "amina"},
	} {
		before := f.events.count()
		_, err := Supervise(f.engine, v)
		if sale.ErrorCode(err) != sale.CodeInvalid || f.events.count() != before {
			t.Errorf("%+v: err %v, %d events journaled", v, err, f.events.count()-before)
		}
	}
	// Control characters are cleaned before they are journaled.
	got, err := Supervise(f.engine, Supervision{Ref: s.Ref, Note: "no \x1b[31mcredit\x1b[0m\n on the meter", By: " amina\x07 "})
	if err != nil || got.State != sale.StateDeclined {
		t.Fatalf("settle: %v %s", err, got.State)
	}
	if e := f.events.last(); e.Note != "no credit  on the meter" || e.By != "amina" {
		t.Fatalf("journaled note %q by %q", e.Note, e.By)
	}
	// A settled sale cannot be settled again.
	if _, err := Supervise(f.engine, Supervision{Ref: s.Ref, Delivered: true, Note: "again", By: "amina"}); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("second settlement: %v", err)
	}
}

func TestSuperviseClosesWhenSettledElsewhere(t *testing.T) {
	f := newWaterFixture(t)
	f.water.sends = []sale.Outcome{accepted()}
	f.water.checks = []sale.Outcome{completed(10000)}
	f.toConfirm("1", "100")
	s := f.sell()
	v := f.openSupervise(s.Ref)
	if v.Step() != backoffice.SupChoose {
		t.Fatalf("a pending sale cannot be settled by hand (step %v)", v.Step())
	}
	if !strings.Contains(f.view(), "still asking about it") {
		t.Fatalf("no warning that 1Flow still has the recharge:\n%s", f.view())
	}
	f.settle(s.Ref) // 1Flow says COMPLETED meanwhile
	if v.Step() != backoffice.SupClosed || !strings.Contains(f.view(), "settled: DELIVERED") {
		t.Fatalf("step %v after the sale was settled:\n%s", v.Step(), f.view())
	}
}
