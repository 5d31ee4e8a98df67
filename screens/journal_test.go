package screens

import (
	"strings"
	"testing"
	"time"

	"till/sale"
)

// sellThree journals three sales: delivered, declined, delivered.
func sellThree(f *fixture) []sale.Sale {
	f.prov.script(delivered(), sale.Outcome{Result: sale.ResultDeclined, Code: "2001", Message: "Invalid number"}, delivered())
	var out []sale.Sale
	for _, s := range []struct{ product, mobile, amount string }{
		{"4", "0821234567", "10"}, {"2", "0831234567", "25"}, {"1", "0841234567", "100"},
	} {
		f.toConfirm(s.product, s.mobile, s.amount)
		out = append(out, f.sell())
		f.press("n")
	}
	f.send(HomeMsg{})
	return out
}

func TestJournalSearchAndOpen(t *testing.T) {
	f := newFixture(t)
	sales := sellThree(f)
	f.send(NavigateMsg{To: ScreenJournal})
	f.journalList()
	j := f.app.Active().(*journal)
	if len(j.Sales()) != 3 {
		t.Fatalf("%d sales listed today", len(j.Sales()))
	}
	f.press("/")
	if !j.Searching() {
		t.Fatal("/ did not focus the search")
	}
	f.typeText("083 123 4567")
	if cmd := f.press("enter"); cmd == nil {
		t.Fatal("search ran no query")
	}
	if j.Query().Target != "27831234567" || j.Query().Day != "" {
		t.Fatalf("query %+v", j.Query())
	}
	f.journalList()
	if len(j.Sales()) != 1 || j.Sales()[0].Ref != sales[1].Ref {
		t.Fatalf("found %v", j.Sales())
	}
	if !strings.Contains(f.view(), "Mobile 27831234567") {
		t.Fatalf("view:\n%s", f.view())
	}
	cmd := f.press("enter")
	msg, ok := cmd().(NavigateMsg)
	if !ok || msg.To != ScreenSale || msg.Ref != sales[1].Ref {
		t.Fatalf("enter: %#v", msg)
	}
	// esc clears the search back to today's list.
	f.press("esc")
	if j.Query().Day == "" {
		t.Fatal("esc did not return to today's sales")
	}
	// The sequence number alone finds a sale.
	f.press("/")
	f.typeText("3")
	f.press("enter")
	f.journalList()
	if len(j.Sales()) != 1 || j.Sales()[0].Ref != sales[2].Ref {
		t.Fatalf("by sequence: %v", j.Sales())
	}
}

func TestJournalStaleAnswerIgnored(t *testing.T) {
	f := newFixture(t)
	sellThree(f)
	f.send(NavigateMsg{To: ScreenJournal})
	j := f.app.Active().(*journal)
	f.send(JournalMsg{Query: sale.Query{Target: "27000000000"}, Sales: nil})
	if j.Loaded() {
		t.Fatal("an answer to another query was taken")
	}
}

func TestReprintWithoutPrinter(t *testing.T) {
	f := newFixture(t)
	sales := sellThree(f)
	f.send(NavigateMsg{To: ScreenSale, Ref: sales[0].Ref})
	f.saleRead(sales[0].Ref)
	cmd := f.press("r")
	if cmd == nil {
		t.Fatal("r did nothing")
	}
	f.send(cmd()) // reprintCmd: journal write and render, no ticks
	got, _ := f.journal.Sale(sales[0].Ref)
	if got.Reprints != 1 {
		t.Fatalf("reprints %d", got.Reprints)
	}
	v := f.view()
	if !strings.Contains(v, "*** COPY 1 ***") || !strings.Contains(v, "Showing COPY 1") {
		t.Fatalf("copy not shown:\n%s", v)
	}
	// A declined sale is not reprinted.
	f.send(NavigateMsg{To: ScreenSale, Ref: sales[1].Ref})
	f.saleRead(sales[1].Ref)
	if cmd := f.press("r"); cmd != nil {
		t.Fatal("reprinted a declined sale")
	}
}

func TestReprintWithPrinter(t *testing.T) {
	f := newFixture(t, withPrinter)
	sales := sellThree(f)
	f.send(NavigateMsg{To: ScreenSale, Ref: sales[2].Ref})
	f.saleRead(sales[2].Ref)
	f.send(f.press("r")())
	status := f.send(f.press("r")()) // the status line command
	f.send(status())
	if len(f.printed) != 2 || !strings.Contains(f.printed[1], "*** COPY 2 ***") {
		t.Fatalf("printed %d: %q", len(f.printed), f.printed)
	}
	if !strings.Contains(f.view(), "COPY 2 printed") {
		t.Fatalf("view:\n%s", f.view())
	}
}

func TestSettleNow(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	s := f.sell() // in doubt
	f.send(NavigateMsg{To: ScreenUnresolved})
	f.unresolved()
	u := f.app.Active().(*unresolved)
	cmd := f.press("s")
	if cmd == nil || !u.Settling(s.Ref) {
		t.Fatal("s did not start settling")
	}
	if f.press("s") != nil {
		t.Fatal("a second s settled the same sale again")
	}
	if !strings.Contains(f.view(), "checking now…") {
		t.Fatalf("row does not say it is being checked:\n%s", f.view())
	}
	// Run settleCmd (no ticks), then the status line it asks for.
	f.prov.script(delivered())
	f.clock.Advance(time.Minute)
	status := f.send(cmd())
	f.send(status())
	f.unresolved()
	v := f.view()
	if !strings.Contains(v, "is settled: DELIVERED") || !strings.Contains(v, "No unresolved sales") {
		t.Fatalf("view:\n%s", v)
	}
}
