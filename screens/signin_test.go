package screens

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"till/receipts"
	"till/sale"
	"till/store"
)

// fastPIN are argon2id costs small enough for tests.
var fastPIN = sale.PINParams{Time: 1, Memory: 64, Threads: 1}

// authFixture is a fixture whose App signs cashiers in: Auth on a real
// journal with a supervisor S1 Sipho (PIN 2468) and a cashier C1 Thandi
// (PIN 1357), and an engine with limits.
type authFixture struct {
	*fixture
	auth *sale.Auth
	db   *store.DB
}

func newAuthFixture(t *testing.T, limits sale.Limits, opts ...func(*Deps)) *authFixture {
	t.Helper()
	f := &fixture{
		t:       t,
		clock:   &clock{t: time.Date(2025, 11, 23, 14, 5, 9, 0, sast)},
		journal: newMemJournal(sast),
		prov:    &scripted{products: testProducts()},
	}
	f.engine = sale.NewEngine(sale.Options{
		Journal: f.journal, Providers: []sale.Provider{f.prov}, Now: f.clock.Now, Limits: limits,
		Jitter: func(time.Duration) time.Duration { return 0 },
	})
	if _, err := f.engine.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "j.db"), store.Options{StoreID: "STORE042", TerminalID: "TILL07", Location: sast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	auth := sale.NewAuth(sale.AuthOptions{Store: db, Now: f.clock.Now, Params: fastPIN, Location: sast})
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
	d := Deps{
		Engine: f.engine, StoreID: "STORE042", TerminalID: "TILL07", ReceiptWidth: 42,
		Header:   receipts.Header{ShopName: "CORNER CAFE"},
		Location: sast, Now: f.clock.Now, Auth: auth,
	}
	for _, o := range opts {
		o(&d)
	}
	f.app = New(d)
	t.Cleanup(f.app.Close)
	f.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	af := &authFixture{fixture: f, auth: auth, db: db}
	af.run(cashiersCmd(auth))
	return af
}

// run executes cmd and delivers what it returns, following plain commands
// and batches, but never waiting for a timer: a command that has not
// answered within 300ms (a tick) is dropped.
func (f *authFixture) run(cmd tea.Cmd) {
	f.t.Helper()
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(300 * time.Millisecond):
		return
	}
	switch m := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			f.run(c)
		}
	case ClockMsg, spinner.TickMsg:
	default:
		f.run(f.send(m))
	}
}

// keys presses keys and runs what they start.
func (f *authFixture) keys(keys ...string) {
	f.t.Helper()
	for _, k := range keys {
		msg := keyMsg(k)
		if k == "ctrl+l" {
			msg = tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl}
		}
		f.run(f.send(msg))
	}
}

// typePIN types digits and presses enter, running what it starts.
func (f *authFixture) typePIN(pin string) {
	f.t.Helper()
	for _, r := range pin {
		f.keys(string(r))
	}
	f.keys("enter")
}

func (f *authFixture) signIn(who, pin string) {
	f.t.Helper()
	f.keys(who)
	f.typePIN(pin)
}

func (f *authFixture) events(t sale.EventType) []sale.Event {
	f.t.Helper()
	var out []sale.Event
	_ = f.db.EachEvent(func(e sale.Event) error {
		if e.Type == t {
			out = append(out, e)
		}
		return nil
	})
	return out
}

func TestSignInBeforeHome(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{})
	v := f.view()
	for _, want := range []string{"Who is at the till?", "Thandi", "Sipho", "supervisor", "enter sign in"} {
		if !strings.Contains(v, want) {
			t.Fatalf("gate lacks %q:\n%s", want, v)
		}
	}
	// Keys do not reach home while nobody is signed in.
	if f.app.Active().ID() != ScreenHome || f.app.env.D.Cashier != "" {
		t.Fatal("signed in without a PIN")
	}
	f.keys("1") // Thandi
	f.typePIN("0000")
	if v := f.view(); !strings.Contains(v, "wrong PIN for Thandi: 4 tries left") || strings.Contains(v, "0000") {
		t.Fatalf("wrong PIN:\n%s", v)
	}
	f.typePIN("1357")
	v = f.view()
	if f.app.env.D.Cashier != "C1" || !strings.Contains(v, "What would you like to do?") || !strings.Contains(v, "Thandi") ||
		!strings.Contains(v, "Signed in as Thandi") || !strings.Contains(v, "Sign out") {
		t.Fatalf("after sign-in:\n%s", v)
	}
	// Sign out from the home menu: the gate is back, the sign-out journaled.
	f.run(f.send(NavigateMsg{To: ScreenSignOut}))
	if f.app.env.D.Cashier != "" || !strings.Contains(f.view(), "Who is at the till?") {
		t.Fatalf("after sign-out:\n%s", f.view())
	}
	if n := len(f.events(sale.EventSignedOut)); n != 1 {
		t.Fatalf("%d sign-outs journaled", n)
	}
	// The next cashier takes over.
	f.signIn("2", "2468")
	if f.app.env.D.Cashier != "S1" || !strings.Contains(f.view(), "Sipho (supervisor)") {
		t.Fatalf("second cashier:\n%s", f.view())
	}
}

func TestLockoutAtTheTillAndSupervisorUnlock(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{})
	f.keys("1")
	for i := 0; i < 5; i++ {
		f.typePIN("9999")
	}
	v := f.view()
	if !strings.Contains(v, "locked out for 15 minutes") || !strings.Contains(v, "locked until 14:20") || !strings.Contains(v, "u supervisor unlock") {
		t.Fatalf("after five wrong PINs:\n%s", v)
	}
	// The right PIN does not help while locked.
	f.keys("1")
	if !strings.Contains(f.view(), "is locked out until 14:20") {
		t.Fatalf("picking a locked cashier:\n%s", f.view())
	}
	// A supervisor unlocks: a cashier's PIN is refused, the supervisor's works.
	f.keys("u")
	f.tick(time.Second) // past the dialog's grace
	v = f.view()
	if !strings.Contains(v, "Supervisor override: unlock Thandi") || !strings.Contains(v, "Sipho (S1)") {
		t.Fatalf("override dialog:\n%s", v)
	}
	f.typePIN("1357")
	f.keys("f", "o", "r", "g", "o", "t", "enter")
	if v := f.view(); !strings.Contains(v, "wrong PIN for Sipho") || strings.Contains(v, "1357") {
		t.Fatalf("a cashier's PIN as override:\n%s", v)
	}
	f.typePIN("2468")
	if v := f.view(); !strings.Contains(v, "Thandi is unlocked") {
		t.Fatalf("after the supervisor's PIN:\n%s", v)
	}
	f.signIn("1", "1357")
	if f.app.env.D.Cashier != "C1" {
		t.Fatalf("Thandi cannot sign in after the unlock:\n%s", f.view())
	}
	ovs := f.events(sale.EventOverride)
	if last := ovs[len(ovs)-1]; last.Override.Action != sale.ActionUnlock || last.Override.Supervisor != "S1" || last.Note != "forgot" {
		t.Fatalf("override event %+v", last.Override)
	}
}

func TestIdleLockWithTheInjectedClock(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{})
	f.signIn("1", "1357")
	f.run(f.send(NavigateMsg{To: ScreenJournal}))
	f.tick(9*time.Minute + 59*time.Second)
	if strings.Contains(f.view(), "LOCKED") {
		t.Fatal("locked before 10 minutes")
	}
	f.keys("down") // a key restarts the count
	f.tick(9 * time.Minute)
	if strings.Contains(f.view(), "LOCKED") {
		t.Fatal("a key did not restart the idle count")
	}
	f.tick(time.Minute)
	v := f.view()
	if !strings.Contains(v, "LOCKED") || !strings.Contains(v, "Thandi: type your") || !strings.Contains(v, "enter unlock") {
		t.Fatalf("idle lock:\n%s", v)
	}
	// Keys go to the lock, not to the journal screen under it.
	f.keys("esc")
	if !strings.Contains(f.view(), "Who is at the till?") {
		t.Fatalf("esc on the lock signs out:\n%s", f.view())
	}
	f.signIn("1", "1357")
	f.run(f.send(NavigateMsg{To: ScreenJournal}))
	f.tick(10 * time.Minute)
	f.typePIN("1357")
	if f.app.Active().ID() != ScreenJournal || !strings.Contains(f.view(), "Welcome back, Thandi") {
		t.Fatalf("resume after the idle lock:\n%s", f.view())
	}
	// ctrl+l locks at once.
	f.keys("ctrl+l")
	if !strings.Contains(f.view(), "LOCKED") {
		t.Fatal("ctrl+l did not lock")
	}
	// A configured idle time is honoured.
	g := newAuthFixture(t, sale.Limits{}, func(d *Deps) { d.IdleLock = time.Minute })
	g.signIn("1", "1357")
	g.tick(time.Minute)
	if !strings.Contains(g.view(), "LOCKED") {
		t.Fatal("idle_lock of one minute not honoured")
	}
}

func TestDemoSignsInAutomatically(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{}, func(d *Deps) { d.AutoSignIn, d.Demo = "C1", true })
	if f.app.env.D.Cashier != "C1" || !strings.Contains(f.view(), "What would you like to do?") {
		t.Fatalf("demo:\n%s", f.view())
	}
}
