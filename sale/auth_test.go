package sale_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/sale"
	"till/store"
)

// fastPIN are argon2id costs small enough for tests.
var fastPIN = sale.PINParams{Time: 1, Memory: 64, Threads: 1}

// authRig is an Auth on a real journal with a supervisor (S1, PIN 2468)
// and a cashier (C1, PIN 1357).
type authRig struct {
	db   *store.DB
	auth *sale.Auth
	clk  *clock
}

func newAuthRig(t *testing.T) *authRig {
	t.Helper()
	db := openJournal(t, filepath.Join(t.TempDir(), "j.db"))
	t.Cleanup(func() { db.Close() })
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	a := sale.NewAuth(sale.AuthOptions{Store: db, Now: clk.Now, Params: fastPIN, Location: time.UTC})
	if _, err := a.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, ""); err != nil {
		t.Fatal(err)
	}
	ov := authorize(t, a, sale.ActionCashiers, sale.CashierSubject("add", "Thandi"), "S1", "2468")
	if _, err := a.Add(sale.NewCashier{ID: "C1", Name: "Thandi", Role: sale.RoleCashier, PIN: "1357"}, ov); err != nil {
		t.Fatal(err)
	}
	return &authRig{db: db, auth: a, clk: clk}
}

func authorize(t *testing.T, a *sale.Auth, act sale.Action, subject, sup, pin string) sale.Override {
	t.Helper()
	ov, err := a.Authorize(sale.OverrideRequest{Action: act, Subject: subject, Cashier: "C1", Supervisor: sup, PIN: pin, Reason: "test"})
	if err != nil {
		t.Fatalf("authorize %s by %s: %v", act, sup, err)
	}
	return ov
}

// authEvents returns the journal-level events of the journal, in order.
func authEvents(t *testing.T, db *store.DB) []sale.Event {
	t.Helper()
	var out []sale.Event
	if err := db.EachEvent(func(e sale.Event) error {
		if e.Type.AuthEvent() {
			out = append(out, e)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPINHashing(t *testing.T) {
	h, err := sale.HashPIN("0042", fastPIN)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "0042") || !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q", h)
	}
	h2, _ := sale.HashPIN("0042", fastPIN)
	if h == h2 {
		t.Fatal("two hashes of one PIN are equal: no salt")
	}
	if !sale.CheckPIN(h, "0042") || sale.CheckPIN(h, "0043") || sale.CheckPIN(h, "00420") || sale.CheckPIN("garbage", "0042") {
		t.Fatal("CheckPIN")
	}
	for _, bad := range []string{"", "123", "123456789", "12a4", "12 4", "１２３４"} {
		if _, err := sale.HashPIN(bad, fastPIN); sale.ErrorCode(err) != sale.CodeInvalid {
			t.Errorf("HashPIN(%q) = %v", bad, err)
		} else if strings.Contains(sale.ErrorMessage(err), bad) && bad != "" {
			t.Errorf("the error repeats the PIN: %v", err)
		}
	}
	// A tampered cost cannot make a check take gigabytes.
	if sale.CheckPIN(strings.Replace(h, "m=64", "m=99999999", 1), "0042") {
		t.Fatal("absurd costs accepted")
	}
}

func TestLockoutAfterFiveWrongPINs(t *testing.T) {
	r := newAuthRig(t)
	for i := 1; i <= 4; i++ {
		_, err := r.auth.SignIn("C1", "0000")
		if sale.ErrorCode(err) != sale.CodeForbidden {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
		if want := []string{"", "4 tries", "3 tries", "2 tries", "1 try"}[i]; !strings.Contains(sale.ErrorMessage(err), want) {
			t.Errorf("wrong PIN %d: %q does not say %q", i, sale.ErrorMessage(err), want)
		}
	}
	// A right PIN in between resets the count.
	if _, err := r.auth.SignIn("C1", "1357"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		_, err := r.auth.SignIn("C1", "9999")
		want := sale.CodeForbidden
		if i == 5 {
			want = sale.CodeLocked
		}
		if sale.ErrorCode(err) != want {
			t.Fatalf("wrong PIN %d: %v, want %s", i, err, want)
		}
	}
	// Locked: even the right PIN is refused, and not counted.
	if _, err := r.auth.SignIn("C1", "1357"); sale.ErrorCode(err) != sale.CodeLocked {
		t.Fatalf("right PIN while locked: %v", err)
	}
	// The lockout survives a restart: it is in the journal.
	a2 := sale.NewAuth(sale.AuthOptions{Store: r.db, Now: r.clk.Now, Params: fastPIN})
	r.clk.Add(14*time.Minute + 59*time.Second)
	if _, err := a2.SignIn("C1", "1357"); sale.ErrorCode(err) != sale.CodeLocked {
		t.Fatalf("right PIN 14:59 later: %v", err)
	}
	r.clk.Add(time.Second)
	if c, err := a2.SignIn("C1", "1357"); err != nil || c.Failed != 0 || !c.LockedUntil.IsZero() {
		t.Fatalf("after 15 minutes: %+v, %v", c, err)
	}
	// Every wrong PIN and the lockout are in the hash chain; no PIN is.
	var failed, locks int
	for _, e := range authEvents(t, r.db) {
		if e.Type == sale.EventPINFailed {
			failed++
			if strings.Contains(e.Note, "locked out until") {
				locks++
			}
		}
		if e.Cashier != nil && (strings.Contains(e.Cashier.PIN, "argon2") || e.Cashier.PIN != "" && !strings.HasPrefix(e.Cashier.PIN, "sha256:")) {
			t.Errorf("event %d carries the PIN hash: %q", e.Seq, e.Cashier.PIN)
		}
	}
	if failed != 9 || locks != 1 {
		t.Errorf("%d pin_failed events (%d locking), want 9 (1)", failed, locks)
	}
	rep, err := r.db.Verify()
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep.Bad, err)
	}
}

func TestOverrideNeedsASupervisorsOwnPIN(t *testing.T) {
	r := newAuthRig(t)
	req := sale.OverrideRequest{Action: sale.ActionSettle, Subject: "S1-T1-X-1", Cashier: "C1", Reason: "customer has the airtime"}
	for _, tc := range []struct {
		name, sup, pin, code string
	}{
		{"cashier's own id and PIN", "C1", "1357", sale.CodeForbidden},
		{"supervisor's id, cashier's PIN", "S1", "1357", sale.CodeForbidden},
		{"unknown supervisor", "S9", "2468", sale.CodeNotFound},
	} {
		req.Supervisor, req.PIN = tc.sup, tc.pin
		ov, err := r.auth.Authorize(req)
		if sale.ErrorCode(err) != tc.code || ov.Granted() {
			t.Errorf("%s: %+v, %v; want %s", tc.name, ov, err, tc.code)
		}
	}
	req.Supervisor, req.PIN, req.Reason = "S1", "2468", "  "
	if _, err := r.auth.Authorize(req); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("no reason: %v", err)
	}
	req.Reason = "customer has the airtime"
	ov, err := r.auth.Authorize(req)
	if err != nil || !ov.Granted() || ov.Seq == 0 || ov.Supervisor != "S1" || ov.Cashier != "C1" {
		t.Fatalf("supervisor's PIN: %+v, %v", ov, err)
	}
	evs := authEvents(t, r.db)
	last := evs[len(evs)-1]
	if last.Type != sale.EventOverride || last.Seq != ov.Seq || last.By != "C1" || last.Override.Supervisor != "S1" ||
		last.Override.Reason != "customer has the airtime" || last.Override.Subject != "S1-T1-X-1" {
		t.Fatalf("override event %+v %+v", last, last.Override)
	}
	// The wrong supervisor PIN above was counted towards S1's lockout, and
	// the right one cleared it.
	if c := cashier(t, r.db, "S1"); c.Failed != 0 {
		t.Errorf("S1 failed = %d after a right PIN", c.Failed)
	}
	// A forged override is refused by everything that takes one.
	forged := sale.Override{Action: sale.ActionSettle, Subject: "S1-T1-X-1", Supervisor: "S1", Reason: "x", Seq: ov.Seq}
	if err := forged.Allows(sale.ActionSettle, "S1-T1-X-1"); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Errorf("forged override allowed: %v", err)
	}
	if err := ov.Allows(sale.ActionSettle, "S1-T1-X-2"); err == nil {
		t.Error("override allowed another subject")
	}
	if err := ov.Allows(sale.ActionReprint, "S1-T1-X-1"); err == nil {
		t.Error("override allowed another action")
	}
}

func cashier(t *testing.T, db *store.DB, id string) sale.Cashier {
	t.Helper()
	c, err := db.Cashier(id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSupervisorUnlocksAndManagesCashiers(t *testing.T) {
	r := newAuthRig(t)
	for i := 0; i < 5; i++ {
		_, _ = r.auth.SignIn("C1", "0000")
	}
	if _, err := r.auth.SignIn("C1", "1357"); sale.ErrorCode(err) != sale.CodeLocked {
		t.Fatal("not locked")
	}
	// A cashier cannot unlock anyone; a supervisor can.
	if _, err := r.auth.Authorize(sale.OverrideRequest{Action: sale.ActionUnlock, Subject: "C1", Cashier: "C1", Supervisor: "C1", PIN: "1357", Reason: "x"}); err == nil {
		t.Fatal("a cashier authorised an unlock")
	}
	if _, err := r.auth.Unlock("C1", sale.Override{}); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatalf("unlock without override: %v", err)
	}
	if _, err := r.auth.Unlock("C1", authorize(t, r.auth, sale.ActionUnlock, "C1", "S1", "2468")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.SignIn("C1", "1357"); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	// Reset a PIN, disable and enable.
	if _, err := r.auth.ResetPIN("C1", "8642", authorize(t, r.auth, sale.ActionCashiers, sale.CashierSubject("reset-pin", "C1"), "S1", "2468")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.SignIn("C1", "1357"); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatal("old PIN still works")
	}
	if _, err := r.auth.Disable("C1", authorize(t, r.auth, sale.ActionCashiers, sale.CashierSubject("disable", "C1"), "S1", "2468")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.SignIn("C1", "8642"); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatalf("disabled cashier signed in: %v", err)
	}
	if _, err := r.auth.Enable("C1", authorize(t, r.auth, sale.ActionCashiers, sale.CashierSubject("enable", "C1"), "S1", "2468")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.SignIn("C1", "8642"); err != nil {
		t.Fatal(err)
	}
	// The last supervisor cannot be disabled, nor a second one bootstrapped.
	if _, err := r.auth.Disable("S1", authorize(t, r.auth, sale.ActionCashiers, sale.CashierSubject("disable", "S1"), "S1", "2468")); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("disable the last supervisor: %v", err)
	}
	if _, err := r.auth.Bootstrap(sale.NewCashier{Name: "Eve", Role: sale.RoleSupervisor, PIN: "1111"}, "eve"); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatalf("second bootstrap: %v", err)
	}
	// The only supervisor forgot their PIN: the back office recovers it.
	if _, err := r.auth.RecoverPIN("C1", "1111", "root"); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatalf("recover a cashier's PIN: %v", err)
	}
	if _, err := r.auth.RecoverPIN("S1", "1111", "root"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.SignIn("S1", "1111"); err != nil {
		t.Fatal(err)
	}
	// Names for slips; ids for unknown cashiers.
	if r.auth.Name("C1") != "Thandi" || r.auth.Name("old") != "old" {
		t.Errorf("names: %q %q", r.auth.Name("C1"), r.auth.Name("old"))
	}
	if cs, _ := r.auth.Cashiers(); len(cs) != 2 || cs[0].PIN != "" {
		t.Errorf("cashiers: %+v", cs)
	}
	if rep, err := r.db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep.Bad, err)
	}
}
