package screens

import (
	"strings"
	"testing"
	"time"

	"till/sale"
)

// TestHeaderCountsUnresolvedApartFromSending: a sale on its first send is
// not a problem yet — the header shows it apart ("1 sending") — while a
// lost answer counts as in doubt, and a resend of it stays in doubt.
func TestHeaderCountsUnresolvedApartFromSending(t *testing.T) {
	f := newFixture(t)
	order := func(mobile string) sale.Order {
		return sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "VOD-AT", ProductName: "Vodacom Airtime",
			Target: sale.Target{Kind: sale.TargetMobile, Value: mobile}, Amount: zar(1000), Tender: sale.Tender{Kind: sale.TenderCash}}
	}
	header := func() string { return strings.SplitN(f.view(), "\n", 2)[0] }
	sending, err := f.journal.Create(order("27821234567"), f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	f.unresolved()
	if h := header(); !strings.Contains(h, "1 sending") || strings.Contains(h, "in doubt") || strings.Contains(h, "all settled") {
		t.Fatalf("a first send in the header: %s", h)
	}
	lost, _ := f.journal.Create(order("27831234567"), f.clock.Now())
	if _, err := f.journal.Append(sale.Event{Ref: lost.Ref, Type: sale.EventSending, At: f.clock.Now(), State: sale.StateSending, Attempt: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.journal.Append(sale.Event{Ref: lost.Ref, Type: sale.EventOutcome, At: f.clock.Now(), State: sale.StateInDoubt,
		Outcome: &sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout"}}); err != nil {
		t.Fatal(err)
	}
	f.unresolved()
	if h := header(); !strings.Contains(h, "1 in doubt") || !strings.Contains(h, "1 sending") {
		t.Fatalf("header: %s", h)
	}
	if _, err := f.journal.Append(sale.Event{Ref: lost.Ref, Type: sale.EventSending, At: f.clock.Now(), State: sale.StateSending, Attempt: 2}); err != nil {
		t.Fatal(err)
	}
	f.unresolved()
	if h := header(); !strings.Contains(h, "1 in doubt") || !strings.Contains(h, "1 sending") {
		t.Fatalf("a resend left the in-doubt count: %s", h)
	}
	f.send(NavigateMsg{To: ScreenUnresolved})
	v := f.view()
	if !strings.Contains(v, "sending…") || !strings.Contains(v, "checking now…") || !strings.Contains(v, "2 attempts") {
		t.Fatalf("unresolved list:\n%s", v)
	}
	_ = sending
}

// TestQuestionMarkIsTextInANote: where the cursor is in a note, '?' is
// typed; elsewhere on the same screen it opens the key map.
func TestQuestionMarkIsTextInANote(t *testing.T) {
	f := newWaterFixture(t)
	s := lostSale(f)
	f.tick(time.Minute)
	f.openSupervise(s.Ref)
	f.press("?")
	if v := f.view(); !strings.Contains(v, "Keys: Supervisor settlement") {
		t.Fatalf("? on the choice did not open the key map:\n%s", v)
	}
	f.press("esc") // closes the map, not the screen
	if v := f.view(); f.app.Active().ID() != ScreenSupervise || strings.Contains(v, "Keys: ") || !strings.Contains(v, "Did the customer get it?") {
		t.Fatalf("esc on the key map:\n%s", v)
	}
	f.press("1")
	f.typeText("amina")
	f.press("enter")
	f.typeText("credit shown?")
	v := f.view()
	if strings.Contains(v, "Keys: ") || !strings.Contains(v, "credit shown?") {
		t.Fatalf("? in the note:\n%s", v)
	}
}
