package screens

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
)

// TestSellAirtimeEndToEnd sells airtime through the whole real stack: the
// sandbox's Flash simulator over loopback HTTP, the Flash client, a bbolt
// journal in a temporary directory and the engine, typed through the TUI.
func TestSellAirtimeEndToEnd(t *testing.T) {
	sb, _, db, fl := sandboxFlashWith(t, sandbox.Options{}) // the sandbox on loopback, a bbolt journal, the Flash client
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{fl}})
	startEngine(t, eng)

	app := New(Deps{
		Engine: eng, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 42,
		Header:   receipts.Header{ShopName: "CORNER CAFE"},
		Location: sast, Cashier: "thandi", ConfirmGrace: 100 * time.Millisecond, Flash: flashBound{fl, eng},
	})
	tf := newTeaFlow(t, app, 80, 24, 10*time.Second)
	tm, waitFor, enter := tf.tm, tf.waitFor, tf.enter

	waitFor("What would you like to do?")
	tm.Type("1")
	waitFor("catalogue updated")
	// Networks are listed by brand: Cell C, MTN, Telkom, Vodacom.
	tm.Type("4")
	waitFor("Customer's mobile number")
	tm.Type("082 123 4567")
	waitFor("27821234567")
	enter()
	waitFor("R 2.00 – R 1 000.00)")
	tm.Type("10")
	enter()
	waitFor("Sell this airtime?")
	time.Sleep(150 * time.Millisecond) // past the dialog's grace period
	enter()
	waitFor("How does the customer pay")
	enter() // cash
	waitFor("Amount tendered")
	enter()
	enter() // a double Enter must not sell twice
	waitFor("DELIVERED", "SUCCESSFUL", "STORE042-TILL07-")

	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor("What would you like to do?")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	sales, err := db.List(sale.Query{Target: "27821234567"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sales) != 1 {
		t.Fatalf("journal holds %d sales to 27821234567, want 1", len(sales))
	}
	s := sales[0]
	if s.State != sale.StateDelivered || s.Order.Amount != sale.New(1000, sale.ZAR) || s.Order.Product == "" {
		t.Fatalf("journaled sale = %s %s product %q, want DELIVERED R 10.00", s.State, s.Order.Amount, s.Order.Product)
	}
	if n := sb.Applied(string(s.Ref)); n != 1 {
		t.Fatalf("sandbox applied %s %d times, want 1", s.Ref, n)
	}
}
