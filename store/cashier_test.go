package store

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

var fastPIN = sale.PINParams{Time: 1, Memory: 64, Threads: 1}

// withCashiers returns a journal holding a supervisor S1 (PIN 2468) and a
// cashier C1 (PIN 1357), and its path.
func withCashiers(t *testing.T) (*DB, string, *sale.Auth) {
	t.Helper()
	db, path := openTest(t)
	now := t0
	a := sale.NewAuth(sale.AuthOptions{Store: db, Now: func() time.Time { return now }, Params: fastPIN})
	if _, err := a.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, "root"); err != nil {
		t.Fatal(err)
	}
	ov, err := a.Authorize(sale.OverrideRequest{Action: sale.ActionCashiers, Subject: sale.CashierSubject("add", "Thandi"),
		Cashier: "S1", Supervisor: "S1", PIN: "2468", Reason: "new cashier"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Add(sale.NewCashier{ID: "C1", Name: "Thandi", Role: sale.RoleCashier, PIN: "1357"}, ov); err != nil {
		t.Fatal(err)
	}
	return db, path, a
}

func TestCashiersAreKeptInTheChain(t *testing.T) {
	db, path, a := withCashiers(t)
	if _, err := a.SignIn("C1", "0000"); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatal(err)
	}
	if _, err := a.SignIn("C1", "1357"); err != nil {
		t.Fatal(err)
	}
	if err := a.SignOut("C1"); err != nil {
		t.Fatal(err)
	}
	var types []string
	_ = db.EachEvent(func(e sale.Event) error {
		types = append(types, string(e.Type)+":"+e.By)
		if e.Ref != "" || e.Cashier == nil || !strings.HasPrefix(e.Cashier.PIN, "sha256:") {
			t.Errorf("event %d: ref %q, record %+v", e.Seq, e.Ref, e.Cashier)
		}
		return nil
	})
	want := "cashier_added:root override:S1 cashier_added:S1 pin_failed:C1 signed_in:C1 signed_out:C1"
	if got := strings.Join(types, " "); got != want {
		t.Fatalf("events\n got %s\nwant %s", got, want)
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() || rep.Events != 6 || rep.Sales != 0 {
		t.Fatalf("verify: %+v %+v %v", rep, rep.Bad, err)
	}
	// Journal-level events are refused by Append and need a cashier event type.
	if _, err := db.Append(sale.Event{Type: sale.EventSignedIn, At: t0, By: "C1"}); err == nil {
		t.Error("Append took a cashier event")
	}
	if _, err := db.UpdateCashier("C1", func(c sale.Cashier, _ bool) (sale.Cashier, *sale.Event, error) {
		return c, &sale.Event{Type: sale.EventNote, At: t0, By: "C1"}, nil
	}); err == nil {
		t.Error("UpdateCashier took a sale event")
	}
	db.Close()

	// A PIN hash swapped in the bucket (to take over a supervisor) is found.
	raw(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketCashiers)
		var c sale.Cashier
		if err := json.Unmarshal(b.Get([]byte("S1")), &c); err != nil {
			return err
		}
		c.PIN, _ = sale.HashPIN("0000", fastPIN)
		v, _ := json.Marshal(c)
		return b.Put([]byte("S1"), v)
	})
	rep, err = VerifyFile(path)
	if err != nil || rep.OK() || !strings.Contains(rep.Bad.Reason, "PIN") {
		t.Fatalf("swapped PIN hash: %+v %v", rep.Bad, err)
	}
}

func TestVerifyFindsCashiersAddedOrRemovedOutsideTheTill(t *testing.T) {
	db, path, _ := withCashiers(t)
	db.Close()
	raw(t, path, func(tx *bbolt.Tx) error {
		v, _ := json.Marshal(sale.Cashier{ID: "X1", Name: "Mallory", Role: sale.RoleSupervisor})
		return tx.Bucket(bucketCashiers).Put([]byte("X1"), v)
	})
	if rep, _ := VerifyFile(path); rep.OK() || !strings.Contains(rep.Bad.Reason, "outside the till") {
		t.Fatalf("added: %+v", rep.Bad)
	}
	raw(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketCashiers)
		if err := b.Delete([]byte("X1")); err != nil {
			return err
		}
		return b.Delete([]byte("C1"))
	})
	if rep, _ := VerifyFile(path); rep.OK() || !strings.Contains(rep.Bad.Reason, "removed outside the till") {
		t.Fatalf("removed: %+v", rep.Bad)
	}
}

func TestCashiersOnAJournalWithoutThem(t *testing.T) {
	db, _ := openTest(t)
	cs, err := db.Cashiers()
	if err != nil || len(cs) != 0 {
		t.Fatalf("%v %v", cs, err)
	}
	if _, err := db.Cashier("C1"); sale.ErrorCode(err) != sale.CodeNotFound {
		t.Fatal(err)
	}
	// Nothing is written when the update function declines.
	if _, err := db.UpdateCashier("C1", func(c sale.Cashier, found bool) (sale.Cashier, *sale.Event, error) {
		return c, nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	if rep, _ := db.Verify(); rep.Events != 0 {
		t.Fatal("an event was written")
	}
}
