package screens

import (
	"context"
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
)

// isQuit reports whether cmd is tea.Quit (it returns a tea.QuitMsg and
// never sleeps).
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestQuitFromHome(t *testing.T) {
	f := newFixture(t)
	if cmd := f.press("q"); cmd == nil {
		t.Fatal("q returned nothing")
	} else if _, ok := cmd().(QuitRequestMsg); !ok {
		t.Fatal("q did not ask to quit")
	}
	if !isQuit(f.send(QuitRequestMsg{})) {
		t.Fatal("quit request refused on an idle till")
	}
	if !isQuit(f.press("ctrl+c")) {
		t.Fatal("ctrl+c on home did not quit")
	}
}

func TestQuitRefusedWhileSelling(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	f.payCash("")
	if !f.app.Busy() {
		t.Fatal("not busy while selling")
	}
	if cmd := f.press("ctrl+c"); cmd != nil {
		t.Fatal("ctrl+c while selling returned a command")
	}
	if f.app.quit != nil {
		t.Fatal("quit dialog opened while selling")
	}
	if !strings.Contains(f.view(), "a sale is being processed") {
		t.Fatalf("no refusal shown:\n%s", f.view())
	}
	for _, msg := range []tea.Msg{QuitRequestMsg{}, HomeMsg{}, BackMsg{}} {
		if cmd := f.send(msg); isQuit(cmd) {
			t.Fatalf("%T quit while selling", msg)
		}
	}
	if f.app.Active().ID() != ScreenAirtime {
		t.Fatal("navigated away from a sale in flight")
	}
	if _, ok := Filter(f.app, tea.InterruptMsg{}).(tea.InterruptMsg); ok {
		t.Fatal("Filter let SIGINT through while selling")
	}
	if _, ok := Filter(f.app, tea.QuitMsg{}).(tea.QuitMsg); ok {
		t.Fatal("Filter let quit through while selling")
	}
}

func TestCtrlCElsewhereAsks(t *testing.T) {
	f := newFixture(t)
	f.send(NavigateMsg{To: ScreenJournal})
	f.journalList()
	if cmd := f.press("ctrl+c"); cmd != nil || f.app.quit == nil {
		t.Fatal("ctrl+c away from home did not ask")
	}
	f.press("esc")
	if f.app.quit != nil {
		t.Fatal("esc did not close the dialog")
	}
	f.press("ctrl+c")
	f.press("enter") // inside the grace period: ignored
	if f.app.quit == nil {
		t.Fatal("enter inside the grace period answered the dialog")
	}
	f.clock.Advance(time.Second)
	if !isQuit(f.press("enter")) {
		t.Fatal("confirmed quit did not quit")
	}
	if _, ok := Filter(f.app, tea.InterruptMsg{}).(tea.InterruptMsg); !ok {
		t.Fatal("Filter dropped SIGINT on an idle till")
	}
}

func TestHeaderCountsUnresolved(t *testing.T) {
	f := newFixture(t)
	f.toConfirm("4", "0821234567", "10")
	s := f.sell()
	cmd := f.send(SaleUpdateMsg{Sale: s})
	if cmd == nil {
		t.Fatal("an engine update did not re-arm the subscription nor refresh the count")
	}
	f.unresolved()
	if !strings.Contains(f.view(), "1 in doubt") {
		t.Fatalf("header:\n%s", strings.SplitN(f.view(), "\n", 2)[0])
	}
	f.send(HomeMsg{})
	if !strings.Contains(f.view(), "1 sale waiting to be settled") {
		t.Fatalf("home:\n%s", f.view())
	}
}

func TestSubscriptionDeliversUpdates(t *testing.T) {
	f := newFixture(t)
	cmd := kit.WaitSaleCmd(f.app.sales)
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	f.prov.script(delivered())
	if _, err := f.engine.Sell(context.Background(), sale.Order{
		Provider: "flash", Kind: sale.KindAirtime, Product: "VOD-AT", Amount: zar(1000),
		Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"},
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-done:
		if u, ok := msg.(SaleUpdateMsg); !ok || u.Sale.Ref == "" {
			t.Fatalf("got %#v", msg)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no update from the engine")
	}
	f.app.Close()
	// Buffered updates may still be read; then the closed channel ends
	// the loop with a nil message.
	for i := 0; kit.WaitSaleCmd(f.app.sales)() != nil; i++ {
		if i > 64 {
			t.Fatal("subscription not closed")
		}
	}
}

func TestResize(t *testing.T) {
	f := newFixture(t)
	f.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	if v := f.view(); !strings.Contains(v, "make it bigger") {
		t.Fatalf("small window:\n%s", v)
	}
	for _, size := range [][2]int{{60, 16}, {100, 30}, {80, 24}} {
		f.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		f.openAirtime()
		lines := strings.Split(f.view(), "\n")
		if len(lines) != size[1] {
			t.Fatalf("%v: %d lines", size, len(lines))
		}
		for _, l := range lines {
			if len([]rune(l)) > size[0] {
				t.Fatalf("%v: line too wide: %q", size, l)
			}
		}
		f.send(HomeMsg{})
	}
}

func TestBackgroundAndNoColor(t *testing.T) {
	f := newFixture(t)
	f.send(tea.BackgroundColorMsg{Color: color.White})
	if f.app.env.St.IsDark {
		t.Fatal("a white background kept dark styles")
	}
	f.send(tea.EnvMsg{"NO_COLOR=1"})
	if !f.app.env.St.NoColor {
		t.Fatal("NO_COLOR ignored")
	}
	if v := f.app.View().Content; strings.Contains(v, "38;2;") || strings.Contains(v, "48;2;") {
		t.Fatal("colours drawn under NO_COLOR")
	}
}

func TestNavigateTwiceGoesBack(t *testing.T) {
	f := newFixture(t)
	f.send(NavigateMsg{To: ScreenJournal})
	f.send(NavigateMsg{To: ScreenUnresolved})
	f.send(NavigateMsg{To: ScreenJournal})
	if n := len(f.app.stack); n != 2 {
		t.Fatalf("stack of %d screens, want 2", n)
	}
}

func TestStatusExpires(t *testing.T) {
	f := newFixture(t)
	f.send(StatusMsg{Text: "Receipt printed."})
	if !strings.Contains(f.view(), "Receipt printed.") {
		t.Fatal("status not shown")
	}
	f.tick(statusFor)
	if strings.Contains(f.view(), "Receipt printed.") {
		t.Fatal("status did not expire")
	}
}

func TestScreenIDStrings(t *testing.T) {
	for id := ScreenHome; id < screenCount; id++ {
		if id.String() == "Unknown" {
			t.Errorf("screen %d has no name", id)
		}
	}
}
