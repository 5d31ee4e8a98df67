package screens

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

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

func TestSearchQuery(t *testing.T) {
	for typed, want := range map[string]sale.Query{
		"0821234567":               {Target: "27821234567", Limit: 200},
		"+27 82 123 4567":          {Target: "27821234567", Limit: 200},
		"17":                       {Ref: "17", Limit: 200},
		"STORE042-TILL07-x7k2q9-3": {Ref: "STORE042-TILL07-x7k2q9-3", Limit: 200},
	} {
		if got, _ := searchQuery(typed); got != want {
			t.Errorf("searchQuery(%q) = %+v, want %+v", typed, got, want)
		}
	}
}

func TestJournalSearchAndOpen(t *testing.T) {
	f := newFixture(t)
	sales := sellThree(f)
	f.send(NavigateMsg{To: ScreenJournal})
	f.journalList()
	j := f.app.Active().(*journal)
	if len(j.sales) != 3 {
		t.Fatalf("%d sales listed today", len(j.sales))
	}
	f.press("/")
	if !j.search.Focused() {
		t.Fatal("/ did not focus the search")
	}
	f.typeText("083 123 4567")
	if cmd := f.press("enter"); cmd == nil {
		t.Fatal("search ran no query")
	}
	if j.query.Target != "27831234567" || j.query.Day != "" {
		t.Fatalf("query %+v", j.query)
	}
	f.journalList()
	if len(j.sales) != 1 || j.sales[0].Ref != sales[1].Ref {
		t.Fatalf("found %v", j.sales)
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
	if j.query.Day == "" {
		t.Fatal("esc did not return to today's sales")
	}
	// The sequence number alone finds a sale.
	f.press("/")
	f.typeText("3")
	f.press("enter")
	f.journalList()
	if len(j.sales) != 1 || j.sales[0].Ref != sales[2].Ref {
		t.Fatalf("by sequence: %v", j.sales)
	}
}

func TestJournalStaleAnswerIgnored(t *testing.T) {
	f := newFixture(t)
	sellThree(f)
	f.send(NavigateMsg{To: ScreenJournal})
	j := f.app.Active().(*journal)
	f.send(JournalMsg{Query: sale.Query{Target: "27000000000"}, Sales: nil})
	if j.loaded {
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

// TestJournalTotalsEveryCurrency: a mixed-currency day's delivered total
// is one amount per currency; none is dropped and none added to another.
func TestJournalTotalsEveryCurrency(t *testing.T) {
	f := newFixture(t)
	j := &journal{env: f.app.env, loaded: true}
	mk := func(minor int64, c sale.Currency, st sale.State) sale.Sale {
		return sale.Sale{State: st, Order: sale.Order{Amount: sale.New(minor, c)}}
	}
	j.sales = []sale.Sale{mk(1000, sale.ZAR, sale.StateDelivered), mk(50000, sale.IDR, sale.StateDelivered),
		mk(2500, sale.ZAR, sale.StateDelivered), mk(700, sale.KES, sale.StateDeclined), mk(10000, sale.KES, sale.StateDelivered)}
	got := strings.Join(strings.Fields(ansi.Strip(j.summary())), " ")
	if want := "5 sales · 4 delivered · R 35.00, Rp 50.000, KES 100.00"; got != want {
		t.Fatalf("summary %q, want %q", got, want)
	}
}
