package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"till/sale"
	"till/screens/airtime"
	"till/screens/flow"
	"till/store"
)

// authorizeInDialog answers the open override dialog: first with the
// cashier's own PIN (refused), then with the supervisor's.
func (f *authFixture) authorizeInDialog(t *testing.T, reason string) {
	t.Helper()
	f.tick(time.Second) // past the dialog's grace
	v := f.view()
	if !strings.Contains(v, "Supervisor override") || !strings.Contains(v, "Sipho (S1)") {
		t.Fatalf("no override dialog:\n%s", v)
	}
	f.typePIN("1357")
	if reason != "" {
		for _, r := range reason {
			if r == ' ' {
				f.keys("space")
				continue
			}
			f.keys(string(r))
		}
		f.keys("enter")
	}
	if v := f.view(); !strings.Contains(v, "wrong PIN for Sipho") {
		t.Fatalf("the cashier's PIN was not refused:\n%s", v)
	}
	f.typePIN("2468")
	if strings.Contains(f.view(), "Supervisor override") {
		t.Fatalf("the dialog is still open:\n%s", f.view())
	}
}

// lastOverride is the last override journaled.
func (f *authFixture) lastOverride(t *testing.T) sale.Event {
	t.Helper()
	ovs := f.events(sale.EventOverride)
	if len(ovs) == 0 {
		t.Fatal("no override journaled")
	}
	return ovs[len(ovs)-1]
}

// refuse walks the airtime flow to a sale the engine refuses: the tender
// step refuses it before any payment is taken.
func (f *authFixture) refuse(t *testing.T, mobile, amount string) {
	t.Helper()
	f.toConfirm("1", mobile, amount)
	f.tick(time.Second)
	f.keys("enter")
	a := f.airtime()
	if a.Step() != airtime.StepTender || a.Tender.State().Step != flow.StepRefused || !sale.NeedsOverride(a.Tender.State().GateErr) {
		t.Fatalf("not refused before the tender: step %v, gate %v\n%s", a.Step(), a.Tender.State().GateErr, f.view())
	}
	if v := f.view(); !strings.Contains(v, "TAKE NO PAYMENT") {
		t.Fatalf("the refusal does not say to take no payment:\n%s", v)
	}
}

// payCashAfterOverride takes the exact amount in cash once the
// supervisor let the order through, and sells it.
func (f *authFixture) payCashAfterOverride(t *testing.T) {
	t.Helper()
	a := f.airtime()
	if a.Step() != airtime.StepTender || a.Tender.State().Step != flow.StepChoose {
		t.Fatalf("after the override the customer pays: step %v/%v\n%s", a.Step(), a.Tender.State().Step, f.view())
	}
	f.keys("1", "enter")
}

// TestAirtimeOverTheLimitWithASupervisorOverride: an airtime sale over the
// per-sale limit asks for the supervisor on the tender step, before the
// customer pays; once they authorise it, the customer pays and the sale
// goes through under the override.
func TestAirtimeOverTheLimitWithASupervisorOverride(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{PerSale: map[sale.Kind]sale.Money{sale.KindAirtime: zar(5000)}})
	f.signIn("1", "1357")
	f.prov.script(sale.Outcome{Result: sale.ResultDelivered, Code: "0000", ProviderRef: "700000001"})
	f.refuse(t, "0821234567", "75")
	v := f.view()
	if !strings.Contains(v, "over the per-sale limit of R 50.00") || !strings.Contains(v, "o supervisor override") {
		t.Fatalf("refusal:\n%s", v)
	}
	if len(f.journal.sortedRefs()) != 0 {
		t.Fatal("the refused sale was journaled")
	}
	f.keys("1") // no tender is offered until a supervisor allows it
	if a := f.airtime(); a.Tender.State().Step != flow.StepRefused {
		t.Fatalf("a tender was chosen on a refused sale:\n%s", f.view())
	}
	f.keys("o")
	f.authorizeInDialog(t, "regular customer")
	f.payCashAfterOverride(t)
	a := f.airtime()
	if a.Sold.State != sale.StateDelivered || a.Sold.Order.Cashier != "C1" {
		t.Fatalf("after the override: %s %v\n%s", a.Sold.State, a.SellErr, f.view())
	}
	ov := f.lastOverride(t)
	if ov.By != "C1" || ov.Override.Action != sale.ActionSell || ov.Override.Supervisor != "S1" || ov.Note != "regular customer" ||
		ov.Override.Subject != sale.SellSubject(a.Order) {
		t.Fatalf("override event %+v %+v", ov, ov.Override)
	}
	o := *ov.Override
	o.Seq = ov.Seq
	if a.Sold.Note != o.Note() {
		t.Errorf("the sale's note %q does not name the override", a.Sold.Note)
	}
}

func TestAirtimeSameTargetWithASupervisorOverride(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{})
	f.signIn("1", "1357")
	first, err := f.engine.Sell(context.Background(), sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "VOD-AT",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}, Amount: zar(1000), Cashier: "C1"})
	if err != nil || first.State != sale.StateInDoubt {
		t.Fatalf("first sale %v %v", first.State, err)
	}
	f.prov.script(sale.Outcome{Result: sale.ResultDelivered, Code: "0000", ProviderRef: "700000002"})
	f.refuse(t, "0821234567", "10")
	if !strings.Contains(f.view(), "o supervisor override") {
		t.Fatalf("blocked:\n%s", f.view())
	}
	f.keys("o")
	f.authorizeInDialog(t, "customer says it never came")
	f.payCashAfterOverride(t)
	if a := f.airtime(); a.Sold.State != sale.StateDelivered {
		t.Fatalf("after the override: %v %v", a.Sold.State, a.SellErr)
	}
}

func TestSupervisorSettlementNeedsTheSupervisorsPIN(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{})
	f.signIn("1", "1357")
	s, _ := f.engine.Sell(context.Background(), sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "VOD-AT",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}, Amount: zar(1000), Cashier: "C1"})
	f.run(f.send(NavigateMsg{To: ScreenSupervise, Ref: s.Ref}))
	f.keys("enter") // delivered: with cashiers no id is asked, the dialog picks the supervisor
	f.typeText("customer shows the airtime")
	f.keys("enter")
	f.tick(time.Second)
	f.keys("enter") // settle → the supervisor's PIN
	f.authorizeInDialog(t, "")
	got, _ := f.journal.Sale(s.Ref)
	if got.State != sale.StateDelivered {
		t.Fatalf("sale %s after the settlement\n%s", got.State, f.view())
	}
	ov := f.lastOverride(t)
	if ov.Override.Action != sale.ActionSettle || ov.Override.Subject != string(s.Ref) || ov.Note != "customer shows the airtime" {
		t.Fatalf("override %+v", ov.Override)
	}
}

func TestReprintFromAnEarlierDayNeedsASupervisor(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{})
	f.signIn("1", "1357")
	mk := func(at time.Time) sale.Reference {
		s, err := f.journal.Create(sale.Order{Provider: "flash", Kind: sale.KindVoucher, Amount: zar(5000), Cashier: "C1"}, at)
		if err != nil {
			t.Fatal(err)
		}
		f.journal.Append(sale.Event{Ref: s.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1})
		f.journal.Append(sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: at, State: sale.StateDelivered,
			Outcome: &sale.Outcome{Result: sale.ResultDelivered, Items: []sale.Item{{Label: "PIN", Value: "1234567890123456", Secret: true}}}})
		return s.Ref
	}
	today, old := mk(f.clock.Now()), mk(f.clock.Now().Add(-30*time.Hour))
	// Today's: no supervisor.
	f.run(f.send(NavigateMsg{To: ScreenSale, Ref: today}))
	f.keys("r")
	if s, _ := f.journal.Sale(today); s.Reprints != 1 || strings.Contains(f.view(), "Supervisor override") {
		t.Fatalf("today's copy: %d\n%s", s.Reprints, f.view())
	}
	f.keys("esc")
	f.run(f.send(NavigateMsg{To: ScreenSale, Ref: old}))
	f.keys("r")
	if !strings.Contains(f.view(), "reprint a PIN or token") {
		t.Fatalf("no override asked:\n%s", f.view())
	}
	f.authorizeInDialog(t, "customer lost the slip")
	if s, _ := f.journal.Sale(old); s.Reprints != 1 {
		t.Fatalf("old copy: %d\n%s", s.Reprints, f.view())
	}
	if ov := f.lastOverride(t); ov.Override.Action != sale.ActionReprint || ov.Override.Subject != string(old) {
		t.Fatalf("override %+v", ov.Override)
	}
}

func TestCloseADayWithUnsettledSalesNeedsASupervisor(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{}, func(d *Deps) {})
	f.app.env.D.Days = f.db
	now := f.clock.Now()
	if err := f.db.Bulk([]store.BulkSale{{Order: sale.Order{Provider: "flash", Kind: sale.KindAirtime, Amount: zar(500),
		Target: sale.Target{Kind: sale.TargetMobile, Value: "27831234567"}}, At: now,
		Events: []sale.Event{{Type: sale.EventRecovered, At: now, State: sale.StateInDoubt}}}}); err != nil {
		t.Fatal(err)
	}
	f.signIn("1", "1357")
	f.run(f.send(NavigateMsg{To: ScreenEndOfDay}))
	f.keys("z")
	if !strings.Contains(f.view(), "close 2025-11-23 with sales not settled") {
		t.Fatalf("no override asked:\n%s", f.view())
	}
	f.authorizeInDialog(t, "provider down")
	c, err := f.db.Closure("2025-11-23")
	if err != nil || c == nil || c.By != "S1" {
		t.Fatalf("closure %+v %v\n%s", c, err, f.view())
	}
	if ov := f.lastOverride(t); ov.Override.Action != sale.ActionCloseDay || ov.By != "C1" {
		t.Fatalf("override %+v", ov)
	}
}
