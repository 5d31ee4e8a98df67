package screens

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/airtime"
)

// TestDoubleEnterSellsOnce: the Enter that confirms moves the flow to
// processing before the sale command exists; a second Enter (or any key)
// gets no command at all.
func TestDoubleEnterSellsOnce(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")               // confirm: the tender step
	first := f.press("1", "enter") // cash, the exact amount: sell
	if first == nil {
		t.Fatal("confirming returned no command")
	}
	a := f.airtime()
	if a.Step() != airtime.StepProcessing || !a.Busy() {
		t.Fatalf("after confirming: step %v busy %v", a.Step(), a.Busy())
	}
	for _, k := range []string{"enter", "enter", "y", "space", "esc", "n"} {
		if cmd := f.press(k); cmd != nil {
			t.Fatalf("%q while processing returned a command", k)
		}
	}
	if a.Step() != airtime.StepProcessing {
		t.Fatalf("step %v, want processing", a.Step())
	}
	if got := len(f.journal.sortedRefs()); got != 0 {
		t.Fatalf("%d sales journaled before the command ran", got)
	}
}

// TestConfirmGrace: an Enter arriving within the grace period after the
// dialog opens (a double Enter on the amount) does not confirm.
func TestConfirmGrace(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	f.clock.Advance(100 * time.Millisecond)
	if cmd := f.press("enter"); cmd != nil {
		t.Fatal("enter inside the grace period returned a command")
	}
	if a := f.airtime(); a.Step() != airtime.StepConfirm {
		t.Fatalf("step %v, want confirm", a.Step())
	}
	f.clock.Advance(300 * time.Millisecond)
	if f.press("enter"); f.airtime().Step() != airtime.StepTender {
		t.Fatal("enter after the grace period did not go on to the payment")
	}
	if cmd := f.press("1", "enter"); cmd == nil || f.airtime().Step() != airtime.StepProcessing {
		t.Fatal("enter after the grace period did not sell")
	}
}

// TestConfirmBack: tab to Back, or esc, returns to the amount unsold.
func TestConfirmBack(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	f.tick(time.Second)
	f.press("tab", "enter")
	if a := f.airtime(); a.Step() != airtime.StepAmount || a.Selling {
		t.Fatalf("tab+enter: step %v selling %v", a.Step(), a.Selling)
	}
	f.press("enter") // the amount is still there: confirm again
	f.tick(time.Second)
	f.press("esc")
	if a := f.airtime(); a.Step() != airtime.StepAmount {
		t.Fatalf("esc: step %v", a.Step())
	}
}

// TestSellOrder checks the exact order handed to the engine.
func TestSellOrder(t *testing.T) {
	f := newFixture(t)
	f.prov.script(delivered())
	f.toConfirm("4", "+27 82 123 4567", "10.5")
	s := f.sell()
	want := sale.Order{
		Provider: "flash", Kind: sale.KindAirtime, Product: "VOD-AT", ProductName: "Vodacom Airtime",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}, Amount: zar(1050),
		Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: "thandi",
	}
	if s.Order.Provider != want.Provider || s.Order.Kind != want.Kind || s.Order.Product != want.Product ||
		s.Order.ProductName != want.ProductName || s.Order.Target != want.Target || s.Order.Amount != want.Amount ||
		s.Order.Tender.Kind != want.Tender.Kind || s.Order.Cashier != want.Cashier {
		t.Fatalf("order = %+v\nwant    %+v", s.Order, want)
	}
	if s.State != sale.StateDelivered {
		t.Fatalf("state %s", s.State)
	}
}

// TestDeclinedChangeAmount: after a decline the cashier changes the amount
// and sells again, under a new reference.
func TestDeclinedChangeAmount(t *testing.T) {
	f := newFixture(t)
	f.prov.script(sale.Outcome{Result: sale.ResultDeclined, Code: "1011", Message: "balance too low"}, delivered())
	f.toConfirm("4", "0821234567", "10")
	f.sell()
	f.press("a")
	a := f.airtime()
	if a.Step() != airtime.StepAmount || a.AmountTyped() != "10" {
		t.Fatalf("step %v amount %q", a.Step(), a.AmountTyped())
	}
	f.press("backspace", "backspace")
	f.typeText("5")
	f.press("enter")
	s := f.sell()
	if s.State != sale.StateDelivered || s.Order.Amount != zar(500) {
		t.Fatalf("second sale %s %s", s.State, s.Order.Amount)
	}
	if n := len(f.journal.sortedRefs()); n != 2 {
		t.Fatalf("%d sales journaled, want 2", n)
	}
}

// TestInDoubtSettlesLive: the in-doubt result follows the sale as the
// resolver settles it, and shows the receipt once it is delivered.
func TestInDoubtSettlesLive(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	s := f.sell()
	if s.State != sale.StateInDoubt {
		t.Fatalf("state %s", s.State)
	}
	f.prov.script(delivered())
	f.clock.Advance(time.Minute)
	settled, err := f.engine.SettleNow(context.Background(), s.Ref)
	if err != nil {
		t.Fatal(err)
	}
	f.send(SaleUpdateMsg{Sale: settled})
	v := f.view()
	if !strings.Contains(v, "DELIVERED") || !strings.Contains(v, "SUCCESSFUL") {
		t.Fatalf("view did not follow the settled sale:\n%s", v)
	}
}

// TestReferenceShownWhileSending: the processing screen learns the
// reference from the engine's update before Sell returns, and ignores
// updates of other sales.
func TestReferenceShownWhileSending(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	f.payCash("")
	other := sale.Sale{Ref: "STORE042-TILL07-x7k2q9-99", State: sale.StateSending,
		Order: sale.Order{Provider: "flash", Kind: sale.KindAirtime, Target: sale.Target{Kind: sale.TargetMobile, Value: "27831234567"}}}
	f.send(SaleUpdateMsg{Sale: other})
	if a := f.airtime(); a.Ref != "" {
		t.Fatalf("took the reference of another sale: %s", a.Ref)
	}
	s, err := f.journal.Create(f.airtime().Order, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	f.send(SaleUpdateMsg{Sale: s})
	if !strings.Contains(f.view(), string(s.Ref)) {
		t.Fatalf("reference not shown:\n%s", f.view())
	}
}

// TestSellErrorNothingJournaled: an error from Sell with no sale is shown
// with its message, and the cashier may try again.
func TestSellErrorNothingJournaled(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	f.payCash("")
	a := f.airtime()
	f.send(SoldMsg{Order: a.Order, Err: sale.Errorf(sale.CodeUnavailable, "journal: disk full")})
	v := f.view()
	if !strings.Contains(v, "NOT SOLD") || !strings.Contains(v, "journal: disk full") {
		t.Fatalf("view:\n%s", v)
	}
	if cmd := f.press("enter"); a.Step() != airtime.StepConfirm {
		t.Fatalf("try again: step %v cmd %v", a.Step(), cmd)
	}
}

// TestCatalogueFilters: only active airtime products are offered, and a
// refresh that fails with nothing cached says so and offers a retry.
func TestCatalogueFilters(t *testing.T) {
	f := newFixture(t)
	f.openAirtime()
	a := f.airtime()
	if len(a.Products()) != 4 {
		t.Fatalf("%d products offered, want the 4 active airtime ones", len(a.Products()))
	}
	for _, p := range a.Products() {
		if !p.Active || p.Kind != sale.KindAirtime {
			t.Fatalf("offered %+v", p)
		}
	}

	g := newFixture(t)
	g.prov.prodErr = errors.New("dial tcp: connection refused")
	g.openAirtime()
	v := g.view()
	if !strings.Contains(v, "could not refresh the flash catalogue") || !strings.Contains(v, "r refresh") {
		t.Fatalf("view:\n%s", v)
	}
	if cmd := g.press("r"); cmd == nil {
		t.Fatal("r did not refresh")
	}
}

// TestCatalogueRace: the cache read answering after the refresh does not
// replace the fresh catalogue.
func TestCatalogueRace(t *testing.T) {
	f := newFixture(t)
	f.openAirtime()
	f.send(CatalogueMsg{Provider: "flash", Catalogue: sale.Catalogue{Provider: "flash"}})
	if n := len(f.airtime().Products()); n != 4 {
		t.Fatalf("stale cache replaced the catalogue: %d products", n)
	}
}

// TestProviderStringsCleaned: escape sequences in provider strings never
// reach the screen.
func TestProviderStringsCleaned(t *testing.T) {
	f := newFixture(t)
	f.prov.products[0].Name = "Voda\x1b[2J\x1b[31mcom\x07 Airtime"
	f.prov.products[0].Brand = "Voda\u202ecom"
	f.prov.script(sale.Outcome{Result: sale.ResultDeclined, Message: "bad\x1b]0;pwned\x07 number\r\nhere", Code: "x\x1b[1m"})
	f.openAirtime()
	if v := f.app.View().Content; strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\u202e") {
		t.Fatalf("raw escape or bidi override reached the view: %q", v)
	}
	f.press("4")
	f.typeText("0821234567")
	f.press("enter")
	f.typeText("10")
	f.press("enter")
	f.sell()
	v := f.app.View().Content
	for _, bad := range []string{"\x1b]0;", "\x07", "\r", "\x1b[2J"} {
		if strings.Contains(v, bad) {
			t.Fatalf("%q reached the view", bad)
		}
	}
	if !strings.Contains(f.view(), "bad number here") {
		t.Fatalf("cleaned message not shown:\n%s", f.view())
	}
}

// TestPrintThenReprint: the first p prints the original, the next prints
// a journaled COPY.
func TestPrintThenReprint(t *testing.T) {
	f := newFixture(t, withPrinter)
	f.prov.script(delivered())
	f.toConfirm("4", "0821234567", "10")
	s := f.sell()
	cmd := f.press("p")
	if cmd == nil {
		t.Fatal("p did nothing")
	}
	f.send(cmd()) // printCmd: no ticks, safe to run
	if len(f.printed) != 1 || strings.Contains(f.printed[0], "COPY") {
		t.Fatalf("printed %q", f.printed)
	}
	cmd = f.press("p")
	f.send(cmd())
	if len(f.printed) != 2 || !strings.Contains(f.printed[1], "*** COPY 1 ***") {
		t.Fatalf("second print %q", f.printed)
	}
	got, _ := f.journal.Sale(s.Ref)
	if got.Reprints != 1 {
		t.Fatalf("reprints %d", got.Reprints)
	}
}

// TestMobileRefusals: numbers that are not South African mobiles never get
// past the mobile step.
func TestMobileRefusals(t *testing.T) {
	for _, typed := range []string{"", "082123456", "+44 20 7946 0958", "0121234567", "27821234567890"} {
		f := newFixture(t)
		f.openAirtime()
		f.press("4")
		f.typeText(typed)
		f.press("enter")
		if a := f.airtime(); a.Step() != airtime.StepMobile {
			t.Errorf("%q accepted as %q", typed, a.Number())
		}
		if !strings.Contains(f.view(), "✗") {
			t.Errorf("%q: no inline reason:\n%s", typed, f.view())
		}
	}
	for _, typed := range []string{"0821234567", "+27 82 123 4567", "27821234567"} {
		f := newFixture(t)
		f.openAirtime()
		f.press("4")
		f.typeText(typed)
		f.press("enter")
		if a := f.airtime(); a.Step() != airtime.StepAmount || a.Number() != "27821234567" {
			t.Errorf("%q: step %v number %q", typed, a.Step(), a.Number())
		}
	}
}

// TestPasteFiltered: a pasted number goes through the same filter.
func TestPasteFiltered(t *testing.T) {
	f := newFixture(t)
	f.openAirtime()
	f.press("4")
	f.send(tea.PasteMsg{Content: "082-123-4567\n"})
	if got := f.airtime().MobileTyped(); got != "0821234567" {
		t.Fatalf("pasted %q", got)
	}
}
