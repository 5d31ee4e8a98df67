package screens

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"till/providers"
	"till/providers/flowix"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
)

// newFixTill is the real stack a cashier meets: the sandbox's Flash and
// Flowix over loopback HTTP, a bbolt journal, the engine (no resolver: an
// in-doubt sale stays in doubt), the days, two supervisors — Sipho (S1,
// 2468) and Lerato (S2, 9753) — and the cashier Thandi (C1, 1357), signed
// in, with the TUI under teatest in a w×h window.
func newFixTill(t *testing.T, w, h int) *drawerTill {
	t.Helper()
	base, db, fl := sandboxFlash(t)
	fx, err := flowix.New(flowix.Options{BaseURL: base + sandbox.FlowixPrefix, APIKey: providers.Secret(sandbox.FlowixAPIKey),
		MerchantID: sandbox.FlowixMerchantID, WebhookSecret: providers.Secret(sandbox.FlowixWebhookSecret), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{fl, fx}})
	if _, err := eng.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	auth := sale.NewAuth(sale.AuthOptions{Store: db, Params: fastPIN, Location: sast})
	if _, err := auth.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, "test"); err != nil {
		t.Fatal(err)
	}
	for _, nc := range []sale.NewCashier{
		{ID: "C1", Name: "Thandi", Role: sale.RoleCashier, PIN: "1357"},
		{ID: "S2", Name: "Lerato", Role: sale.RoleSupervisor, PIN: "9753"},
	} {
		ov, err := auth.Authorize(sale.OverrideRequest{Action: sale.ActionCashiers, Subject: sale.CashierSubject("add", nc.Name),
			Cashier: "S1", Supervisor: "S1", PIN: "2468", Reason: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := auth.Add(nc, ov); err != nil {
			t.Fatal(err)
		}
	}
	app := New(Deps{
		Engine: eng, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 42,
		Header: receipts.Header{ShopName: "CORNER CAFE"}, Location: sast, Cashier: "C1",
		ConfirmGrace: 100 * time.Millisecond, Auth: auth, Days: db, Flowix: fxTestAPI{fx}, Flash: flashBound{fl, eng},
		Pay: &PayDeps{Tenders: []sale.TenderKind{sale.TenderCash, sale.TenderVoucher}},
	})
	d := &drawerTill{db: db, eng: eng, tm: newTeaFlow(t, app, w, h, 10*time.Second).tm}
	d.waitFor(t, "Who is at the till?", "Thandi")
	d.enter() // Thandi, the first in the list
	d.waitFor(t, "PIN")
	d.tm.Type("1357")
	d.enter()
	return d
}

func (d *drawerTill) esc() { d.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape}) }

// TestEveryHomeKeyWorks: every key the home menu shows opens what it says
// — j the journal (not the cursor: the vim keys give way to the menu's
// own), u the unresolved sales, e the end of day, the digits what is sold
// — and `?` shows the full key map with each item's key, on home and on
// the screens it opens.
func TestEveryHomeKeyWorks(t *testing.T) {
	d := newFixTill(t, 100, 40)
	d.waitFor(t, "What would you like to do?", "j  Journal", "u  Unresolved sales", "e  End of day", "3  1Voucher", "? keys")
	for _, c := range []struct{ key, crumb string }{
		{"j", "› Journal"}, {"u", "› Unresolved sales"}, {"e", "› End of day"},
		{"1", "› Sell airtime"}, {"3", "› 1Voucher"}, {"7", "› Pulsa"},
	} {
		d.tm.Type(c.key)
		d.waitFor(t, c.crumb)
		d.tm.Type("?") // the key map of the screen it opened
		d.waitFor(t, "Keys: ", "ctrl+c", "close this")
		d.esc() // closes the map (TestQuestionMarkIsTextInANote: not the screen)
		d.esc()
		d.waitFor(t, "What would you like to do?")
	}
	d.tm.Type("?")
	d.waitFor(t, "Keys: Home", "journal", "unresolved sales", "end of day", "sign out", "ctrl+l")
	d.tm.Type("j") // any other key closes the map and goes to the screen
	d.waitFor(t, "› Journal")
}

// TestTenderMasksTheVoucherPIN: a 1Voucher taken as the tender is shown
// like on the redeem screen — all but its last four digits hidden — and
// the PIN typed is the one paid with.
func TestTenderMasksTheVoucherPIN(t *testing.T) {
	d := newFixTill(t, 80, 24)
	d.toAirtimeConfirm(t, "10")
	d.waitFor(t, "How does the customer pay", "1Voucher")
	d.tm.Type("2") // 1Voucher
	d.waitFor(t, "1Voucher PIN")
	d.tm.Type("1111222233334444")
	d.waitWithout(t, []string{"2222 3333", "22223333"}, "• 4444", "16 digits, ending 4444")
}

// waitWithout is waitFor that fails if anything in never is drawn
// meanwhile.
func (d *drawerTill) waitWithout(t *testing.T, never []string, want ...string) {
	t.Helper()
	var seen []byte
	teatest.WaitFor(t, d.tm.Output(), func(b []byte) bool {
		seen = b
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	for _, n := range never {
		if bytes.Contains(seen, []byte(n)) {
			t.Fatalf("%q was drawn:\n%s", n, seen)
		}
	}
}

// TestLostAnswerSettledByTheSupervisorWhoAuthorisesIt: a sale whose
// answer is lost (R 10.92: Flash applies it, then answers 503) says "in
// doubt — the till is checking" with its attempts; the header counts it as
// in doubt; settling it by hand asks only what is journaled — no
// supervisor id the dialog would ignore — and the journal records the
// supervisor who typed their PIN (Lerato), not the first one offered.
func TestLostAnswerSettledByTheSupervisorWhoAuthorisesIt(t *testing.T) {
	d := newFixTill(t, 80, 24)
	d.toAirtimeConfirm(t, "10.92")
	d.waitFor(t, "How does the customer pay")
	d.enter() // cash
	d.waitFor(t, "Amount tendered")
	d.enter()
	d.waitFor(t, "IN DOUBT", "in doubt — the till is checking · 1 attempt", "1 in doubt")
	list, err := d.db.List(sale.Query{})
	if err != nil || len(list) != 1 || list[0].State != sale.StateInDoubt {
		t.Fatalf("journal %+v %v", list, err)
	}
	ref := list[0].Ref
	d.tm.Type("u")
	d.waitFor(t, "IN DOUBT", "1 attempt")
	d.tm.Type("v")
	d.waitFor(t, "Did the customer get it?")
	d.enter() // delivered
	d.waitWithout(t, []string{"Supervisor id"}, "What did you check?")
	d.tm.Type("customer shows the airtime")
	d.enter()
	d.waitFor(t, "Settle as DELIVERED?", "PIN next")
	time.Sleep(150 * time.Millisecond) // past the dialog's grace period
	d.enter()
	d.waitFor(t, "Supervisor override", "Sipho")
	time.Sleep(1200 * time.Millisecond)            // past the dialog's grace period
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyRight}) // Lerato authorises it
	d.waitFor(t, "Lerato")
	d.enter() // to the PIN
	d.tm.Type("9753")
	d.enter()
	d.waitFor(t, "settled by S2", "all settled")
	s, err := d.db.Sale(ref)
	if err != nil || s.State != sale.StateDelivered {
		t.Fatalf("sale %s %v", s.State, err)
	}
	evs, err := d.db.Events(ref)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Type != sale.EventSupervisor || last.By != "S2" || !strings.Contains(last.Note, "customer shows the airtime") {
		t.Fatalf("settlement journaled as %s by %q (%q), want the supervisor who authorised it, S2", last.Type, last.By, last.Note)
	}
}

// TestAirtimeProposesTheNetworkFromThePrefix: a number typed after the
// wrong network is picked gets its network proposed from its prefix (the
// same table `till sell airtime` uses); tab takes it, and the sale goes to
// that network.
func TestAirtimeProposesTheNetworkFromThePrefix(t *testing.T) {
	d := newFixTill(t, 80, 24)
	d.waitFor(t, "What would you like to do?")
	d.tm.Type("1")
	d.waitFor(t, "catalogue updated")
	d.tm.Type("2") // MTN
	d.waitFor(t, "Customer's mobile number")
	d.tm.Type("082 123 4567") // a Vodacom prefix
	d.waitFor(t, "082 is a Vodacom prefix", "tab sell Vodacom")
	d.tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	d.waitFor(t, "Vodacom")
	d.enter()
	d.waitFor(t, "R 2.00 – R 1 000.00)")
	d.tm.Type("10")
	d.enter()
	d.waitFor(t, "Sell this airtime?")
	time.Sleep(150 * time.Millisecond)
	d.enter()
	d.waitFor(t, "How does the customer pay")
	d.enter()
	d.waitFor(t, "Amount tendered")
	d.enter()
	d.waitFor(t, "DELIVERED")
	list, err := d.db.List(sale.Query{})
	if err != nil || len(list) != 1 || !strings.Contains(list[0].Order.ProductName, "Vodacom") || list[0].Order.Target.Value != "27821234567" {
		t.Fatalf("journal %+v %v", list, err)
	}
}

// TestSmallWindowsHideNothingSilently: at 80×24 the home menu of a till
// with Flash and Flowix is longer than the window, so the Flowix balance
// moves under the title and the cut end says there is more; at 60×20 the
// electricity confirmation keeps its "cannot be refunded" warning.
func TestSmallWindowsHideNothingSilently(t *testing.T) {
	d := newFixTill(t, 80, 24)
	d.waitFor(t, "What would you like to do?", "Flowix balance", "Rp", "↓ more below")
	d.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 20})
	d.tm.Type("2") // electricity
	d.waitFor(t, "meter")
	d.tm.Type("07123456780")
	d.enter()
	d.waitFor(t, "S. NDLOVU")
	d.enter()
	d.waitFor(t, "Amount")
	d.tm.Type("150")
	d.enter()
	d.waitFor(t, "Sell this electricity?", "Electricity cannot be refunded")
}
