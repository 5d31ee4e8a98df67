package screens

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"till/receipts"
	"till/sale"
	"till/store"
)

// drawerTill is the real stack for the drawer's flows: the sandbox's Flash
// over loopback HTTP, a bbolt journal, the engine with limits, a
// supervisor (S1, PIN 2468) and the TUI under teatest.
type drawerTill struct {
	db  *store.DB
	eng *sale.Engine
	tm  *teatest.TestModel
}

func newDrawerTill(t *testing.T, limits sale.Limits) *drawerTill {
	t.Helper()
	_, db, fl := sandboxFlash(t)
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{fl}, Limits: limits})
	if _, err := eng.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	auth := sale.NewAuth(sale.AuthOptions{Store: db, Params: fastPIN, Location: sast})
	if _, err := auth.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, "test"); err != nil {
		t.Fatal(err)
	}
	ov, err := auth.Authorize(sale.OverrideRequest{Action: sale.ActionCashiers, Subject: sale.CashierSubject("add", "Thandi"),
		Cashier: "S1", Supervisor: "S1", PIN: "2468", Reason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Add(sale.NewCashier{ID: "C1", Name: "Thandi", Role: sale.RoleCashier, PIN: "1357"}, ov); err != nil {
		t.Fatal(err)
	}
	app := New(Deps{
		Engine: eng, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 42,
		Header: receipts.Header{ShopName: "CORNER CAFE"}, Location: sast, Cashier: "thandi",
		ConfirmGrace: 100 * time.Millisecond, Auth: auth, Days: db, Flash: flashBound{fl, eng},
	})
	d := &drawerTill{db: db, eng: eng, tm: newTeaFlow(t, app, 80, 30, 10*time.Second).tm}
	d.waitFor(t, "Who is at the till?", "Thandi")
	d.enter() // Thandi, the cashier
	d.waitFor(t, "PIN")
	d.tm.Type("1357")
	d.enter()
	return d
}

// waitFor waits until every one of want has been drawn together.
func (d *drawerTill) waitFor(t *testing.T, want ...string) {
	t.Helper()
	(&teaFlow{t: t, tm: d.tm, wait: 10 * time.Second}).waitFor(want...)
}

func (d *drawerTill) enter() { d.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) }

// toAirtimeConfirm types an airtime sale of amount to 082 123 4567 up to
// its confirmation, and takes it.
func (d *drawerTill) toAirtimeConfirm(t *testing.T, amount string) {
	t.Helper()
	d.waitFor(t, "What would you like to do?")
	d.tm.Type("1")
	d.waitFor(t, "catalogue updated")
	d.tm.Type("4") // Vodacom
	d.waitFor(t, "Customer's mobile number")
	d.tm.Type("082 123 4567")
	d.waitFor(t, "27821234567")
	d.enter()
	d.waitFor(t, "R 2.00 – R 1 000.00)")
	d.tm.Type(amount)
	d.enter()
	d.waitFor(t, "Sell this airtime?")
	time.Sleep(150 * time.Millisecond) // past the dialog's grace period
	d.enter()
}

// TestOverLimitAsksTheSupervisorBeforeTheTender: an R 250 airtime sale
// over a R 200 per-sale limit stops on the tender step — TAKE NO PAYMENT —
// and asks for the supervisor there; only after they authorise it with
// their PIN does the till ask how the customer pays, and the sale goes
// through under the override.
func TestOverLimitAsksTheSupervisorBeforeTheTender(t *testing.T) {
	d := newDrawerTill(t, sale.Limits{PerSale: map[sale.Kind]sale.Money{sale.KindAirtime: sale.New(20000, sale.ZAR)}})
	d.toAirtimeConfirm(t, "250")
	d.waitFor(t, "TAKE NO PAYMENT", "over the per-sale limit of R 200.00", "o supervisor override")
	if list, _ := d.db.List(sale.Query{}); len(list) != 0 {
		t.Fatalf("the refused sale was journaled: %+v", list)
	}
	d.tm.Type("o")
	d.waitFor(t, "Supervisor override")
	time.Sleep(1200 * time.Millisecond) // past the dialog's grace period
	d.tm.Type("2468")
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	d.tm.Type("known customer")
	d.enter()
	d.waitFor(t, "How does the customer pay")
	d.enter() // cash
	d.waitFor(t, "Amount tendered")
	d.enter()
	d.waitFor(t, "DELIVERED")
	list, err := d.db.List(sale.Query{})
	if err != nil || len(list) != 1 || list[0].State != sale.StateDelivered || list[0].Order.Tender.Kind != sale.TenderCash {
		t.Fatalf("journal %+v %v", list, err)
	}
	r, err := d.eng.Drawer()
	if err != nil || len(r.Cash) != 1 || r.Cash[0] != sale.New(25000, sale.ZAR) {
		t.Fatalf("drawer %v %v", r.Cash, err)
	}
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	d.waitFor(t, "What would you like to do?")
	d.tm.Type("q")
	d.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestFailedVendAfterCashGivesItBack: the customer paid R 20.00 in cash
// for R 12.94 of airtime and Flash declines it (the sandbox's .94): the
// screen says to give R 12.94 back in cash, the journal records the
// give-back, and the drawer does not count it.
func TestFailedVendAfterCashGivesItBack(t *testing.T) {
	d := newDrawerTill(t, sale.Limits{})
	if _, err := d.eng.MoveCash(sale.CashRequest{Kind: sale.CashFloat, Amount: sale.New(20000, sale.ZAR), By: "thandi"}); err != nil {
		t.Fatal(err)
	}
	d.toAirtimeConfirm(t, "12.94")
	d.waitFor(t, "How does the customer pay")
	d.enter() // cash
	d.waitFor(t, "Amount tendered")
	d.tm.Type("20")
	d.enter()
	d.waitFor(t, "DECLINED", "GIVE BACK R 12.94 IN CASH")
	list, err := d.db.List(sale.Query{})
	if err != nil || len(list) != 1 {
		t.Fatalf("journal %+v %v", list, err)
	}
	s := list[0]
	if s.State != sale.StateDeclined || !s.GivenBack || sale.RefundDue(s) {
		t.Fatalf("sale %s given back %v refund due %v", s.State, s.GivenBack, sale.RefundDue(s))
	}
	events, err := d.db.Events(s.Ref)
	if err != nil || events[len(events)-1].Type != sale.EventGiveBack {
		t.Fatalf("the give-back is not journaled: %+v %v", events, err)
	}
	r, err := d.eng.Drawer()
	if err != nil || len(r.Cash) != 1 || r.Cash[0] != sale.New(20000, sale.ZAR) || len(r.CashIn) != 0 {
		t.Fatalf("the drawer counts the failed sale: expected %v, cash in %v (%v)", r.Cash, r.CashIn, err)
	}
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	d.waitFor(t, "What would you like to do?")
	d.tm.Type("q")
	d.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestEndOfDayDrawerAndCount: on the end-of-day screen the cashier puts in
// a float, sells, drops more than the drawer holds (a supervisor
// authorises it), and closes the day: the till asks for the count before
// the Z, which shows the cash expected, the count and the variance.
func TestEndOfDayDrawerAndCount(t *testing.T) {
	d := newDrawerTill(t, sale.Limits{})
	d.waitFor(t, "What would you like to do?")
	d.tm.Type("e")
	d.waitFor(t, "X report", "f float")
	d.tm.Type("f")
	d.waitFor(t, "opening float")
	d.tm.Type("200")
	d.enter()
	d.waitFor(t, "Float of R 200.00 journaled")
	d.tm.Type("d")
	d.waitFor(t, "to the safe")
	d.tm.Type("250")
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	d.tm.Type("to the safe")
	d.enter()
	d.waitFor(t, "Supervisor override")
	time.Sleep(1200 * time.Millisecond) // past the dialog's grace period
	d.tm.Type("2468")
	d.enter()
	d.waitFor(t, "Drop of R 250.00 journaled")
	d.tm.Type("z")
	d.waitFor(t, "Count the cash in the drawer")
	d.tm.Type("0")
	d.enter()
	d.waitFor(t, "count of zero")
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	d.tm.Type("ZAR:0")
	d.enter()
	d.waitFor(t, "Variance") // the Z's confirmation shows the count against the cash expected
	time.Sleep(150 * time.Millisecond)
	d.enter()
	d.waitFor(t, "DAY CLOSED")
	days, err := d.db.LastClosed()
	if err != nil || days == "" {
		t.Fatalf("no day closed: %v", err)
	}
	r, err := d.db.DayReport(days)
	if err != nil {
		t.Fatal(err)
	}
	// 200 in, 250 out: the drawer should hold R -50.00; counted R 0.00.
	if len(r.Cash) != 1 || r.Cash[0] != sale.New(-5000, sale.ZAR) || len(r.Variance) != 1 || r.Variance[0] != sale.New(5000, sale.ZAR) {
		t.Fatalf("Z: expected %v counted %v variance %v", r.Cash, r.Counted, r.Variance)
	}
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	d.waitFor(t, "What would you like to do?")
	d.tm.Type("q")
	d.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
