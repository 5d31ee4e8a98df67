package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"till/sale"
	"till/screens/airtime"
	"till/screens/flow"
)

// Golden views of every screen at 80x24 with a fixed clock, escape
// sequences stripped. Regenerate with: go test ./screens -update

func requireView(t *testing.T, f *fixture) {
	t.Helper()
	v := f.view()
	lines := strings.Split(v, "\n")
	if len(lines) != 24 {
		t.Errorf("view has %d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, w, l)
		}
	}
	if testing.Verbose() {
		t.Logf("\n%s", v)
	}
	golden.RequireEqual(t, v)
}

func delivered() sale.Outcome {
	return sale.Outcome{Result: sale.ResultDelivered, Code: "0000", Message: "Success", ProviderRef: "700000001"}
}

func TestGolden(t *testing.T) {
	t.Run("home", func(t *testing.T) {
		f := newFixture(t)
		f.unresolved()
		requireView(t, f)
	})
	t.Run("home_unresolved", func(t *testing.T) {
		f := newFixture(t)
		f.toConfirm("4", "0821234567", "10")
		f.sell() // in doubt
		f.send(HomeMsg{})
		f.unresolved()
		requireView(t, f)
	})
	t.Run("products", func(t *testing.T) {
		f := newFixture(t)
		f.openAirtime()
		f.press("down", "down")
		requireView(t, f)
	})
	t.Run("products_offline", func(t *testing.T) {
		f := newFixture(t)
		f.catalogue(true) // cache a catalogue...
		f.clock.Advance(2*time.Hour + 5*time.Minute)
		f.prov.prodErr = context.DeadlineExceeded // ...then lose Flash
		f.openAirtime()
		f.tick(0)
		requireView(t, f)
	})
	t.Run("mobile_valid", func(t *testing.T) {
		f := newFixture(t)
		f.openAirtime()
		f.press("4")
		f.typeText("+27 82 123 4567")
		requireView(t, f)
	})
	t.Run("mobile_invalid", func(t *testing.T) {
		f := newFixture(t)
		f.openAirtime()
		f.press("4")
		f.typeText("0521234567")
		f.press("enter")
		if f.airtime().Step() != airtime.StepMobile {
			t.Fatal("an invalid number was accepted")
		}
		requireView(t, f)
	})
	t.Run("amount_out_of_range", func(t *testing.T) {
		f := newFixture(t)
		f.openAirtime()
		f.press("3")
		f.typeText("0821234567")
		f.press("enter")
		f.typeText("750")
		f.press("enter")
		if f.airtime().Step() != airtime.StepAmount {
			t.Fatal("an amount above the maximum was accepted")
		}
		requireView(t, f)
	})
	t.Run("confirm", func(t *testing.T) {
		f := newFixture(t)
		f.toConfirm("4", "082 123 4567", "29.50")
		requireView(t, f)
	})
	t.Run("processing", func(t *testing.T) {
		f := newFixture(t)
		f.toProcessing()
		requireView(t, f)
	})
	t.Run("delivered", func(t *testing.T) {
		f := newFixture(t)
		f.prov.script(delivered())
		f.toConfirm("4", "0821234567", "10")
		f.sell()
		requireView(t, f)
	})
	t.Run("declined", func(t *testing.T) {
		f := newFixture(t)
		f.prov.script(sale.Outcome{Result: sale.ResultDeclined, Code: "1011",
			Message: "The shop's Flash balance is too low. Nothing was sold; top up the Flash account."})
		f.toConfirm("2", "0831234567", "25")
		f.sell()
		requireView(t, f)
	})
	t.Run("in_doubt", func(t *testing.T) {
		f := newFixture(t)
		f.prov.script(sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout",
			Message: "Flash did not answer in time. The sale may have gone through; the till will check it."})
		f.toConfirm("1", "0841234567", "12.50")
		f.sell()
		requireView(t, f)
	})
	t.Run("not_sent", func(t *testing.T) {
		f := newFixture(t)
		f.prov.script(sale.Outcome{Result: sale.ResultNotSent, Code: "dial", Message: "Could not reach Flash."})
		f.toConfirm("1", "0841234567", "12.50")
		f.sell()
		requireView(t, f)
	})
	t.Run("blocked_by_unresolved", func(t *testing.T) {
		f := newFixture(t)
		f.toConfirm("1", "0841234567", "12.50")
		f.sell() // in doubt: the scripted provider does not answer
		f.press("n")
		f.toConfirm("1", "0841234567", "20")
		f.tick(time.Second)
		f.press("enter") // the tender step refuses it before the customer pays
		if a := f.airtime(); a.Step() != airtime.StepTender || a.Tender.State().Step != flow.StepRefused {
			t.Fatalf("not refused before the tender:\n%s", f.view())
		}
		requireView(t, f)
	})
	t.Run("unresolved", func(t *testing.T) {
		f := newFixture(t)
		f.prov.script(
			sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "Flash did not answer in time."},
			sale.Outcome{Result: sale.ResultPending, Code: "pending", Message: "Accepted, \x1b[31mawaiting\x1b[0m the network."},
		)
		f.toConfirm("4", "0821234567", "10")
		f.sell()
		f.press("n")
		f.toConfirm("2", "0831234567", "55")
		f.sell()
		f.send(HomeMsg{})
		f.press("2")
		f.send(NavigateMsg{To: ScreenUnresolved})
		f.unresolved()
		f.tick(5 * time.Second)
		f.press("down")
		requireView(t, f)
	})
	t.Run("journal", func(t *testing.T) {
		f := newFixture(t)
		f.prov.script(delivered(), sale.Outcome{Result: sale.ResultDeclined, Code: "2001", Message: "Invalid number"}, delivered())
		f.toConfirm("4", "0821234567", "10")
		f.sell()
		f.press("n")
		f.toConfirm("2", "0831234567", "25")
		f.sell()
		f.press("n")
		f.toConfirm("1", "0841234567", "100")
		f.sell()
		f.send(HomeMsg{})
		f.press("3")
		f.send(NavigateMsg{To: ScreenJournal})
		f.journalList()
		requireView(t, f)
	})
	t.Run("journal_search", func(t *testing.T) {
		f := newFixture(t)
		sellThree(f)
		f.send(NavigateMsg{To: ScreenJournal})
		f.journalList()
		f.press("/")
		f.typeText("083 123 4567")
		requireView(t, f)
	})
	t.Run("sale_detail", func(t *testing.T) {
		f := newFixture(t)
		f.prov.script(delivered())
		f.toConfirm("4", "0821234567", "10")
		s := f.sell()
		f.send(NavigateMsg{To: ScreenSale, Ref: s.Ref})
		f.saleRead(s.Ref)
		requireView(t, f)
	})
	t.Run("quit_dialog", func(t *testing.T) {
		f := newFixture(t)
		f.send(NavigateMsg{To: ScreenJournal})
		f.journalList()
		f.press("ctrl+c")
		requireView(t, f)
	})
}

// journalList delivers the answer to the journal screen's query.
func (f *fixture) journalList() {
	f.t.Helper()
	j, ok := f.app.Active().(*journal)
	if !ok {
		f.t.Fatalf("active screen is %v", f.app.Active().ID())
	}
	s, err := f.journal.List(j.Query())
	f.send(JournalMsg{Query: j.Query(), Sales: s, Err: err})
}

// saleRead delivers the sale the detail screen asked for.
func (f *fixture) saleRead(ref sale.Reference) {
	f.t.Helper()
	s, err := f.journal.Sale(ref)
	f.send(SaleMsg{Ref: ref, Sale: s, Err: err})
}
