package store

import (
	"path/filepath"
	"testing"
	"time"

	"till/sale"
)

// TestIncrementalVerifyOfDrawerAndSignatures: a keyed journal with drawer
// events and signed checkpoints on both sides of the verified point
// verifies incrementally (from the file and through the open journal):
// the drawer index entries before the point are not taken for entries
// added outside the till, and the checkpoints after it are checked.
func TestIncrementalVerifyOfDrawerAndSignatures(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	opts := keyedOptions(t, dir)
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	cash := func(kind sale.CashMoveKind, minor int64, at time.Time) {
		t.Helper()
		if _, err := db.RecordCash(sale.Event{Type: sale.EventDrawer, At: at, By: "S1",
			Cash: &sale.CashMove{Kind: kind, Amount: sale.New(minor, sale.ZAR)}}); err != nil {
			t.Fatal(err)
		}
	}
	cash(sale.CashFloat, 20000, at)
	s := mustCreate(t, db, airtime("27821234567", 1000), at)
	deliver(t, db, s.Ref, at)
	if _, ok, err := db.Checkpoint("test"); err != nil || !ok {
		t.Fatalf("Checkpoint: %v %v", ok, err)
	}
	db.Close()
	full, head, err := VerifyFileWith(path, VerifyOptions{})
	if err != nil || !full.OK() || full.Signatures != 1 {
		t.Fatalf("full verify: %+v %v", full, err)
	}
	if err := RecordVerified(path, full, head); err != nil {
		t.Fatal(err)
	}
	seq, hash, _ := VerifiedPoint(path)

	if db, err = Open(path, opts); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cash(sale.CashDrop, 5000, at.Add(time.Hour))
	s = mustCreate(t, db, airtime("27821234567", 1500), at.Add(time.Hour))
	deliver(t, db, s.Ref, at.Add(time.Hour))
	cp, _, err := db.Checkpoint("test")
	if err != nil {
		t.Fatal(err)
	}
	rep, head2, err := db.VerifyWith(VerifyOptions{From: seq, FromHash: hash})
	if err != nil || !rep.OK() || rep.From != seq+1 || rep.Sales != 1 || rep.Signatures != 1 || rep.SignedTo != cp.Seq || head2 != cp.Seq ||
		rep.PublicKey != db.Key().PublicHex() {
		t.Fatalf("incremental verify through the open journal: %+v head %d %v", rep, head2, err)
	}
	all, err := db.Verify()
	if err != nil || !all.OK() || all.Signatures != 2 || all.Head != rep.Head {
		t.Fatalf("full verify: %+v %v", all, err)
	}

	// EventsAfter gives every event its Prev from the event before, in
	// every batch, as the chain walk does.
	var evs []sale.Event
	for after := uint64(0); ; {
		b, err := db.EventsAfter(after, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			break
		}
		evs = append(evs, b...)
		after = b[len(b)-1].Seq
	}
	if uint64(len(evs)) != cp.Seq {
		t.Fatalf("EventsAfter gave %d events, want %d", len(evs), cp.Seq)
	}
	prev := genesisHash
	for _, e := range evs {
		if e.Prev != prev || e.Hash == "" {
			t.Fatalf("event %d: prev %s hash %s, want prev %s", e.Seq, e.Prev, e.Hash, prev)
		}
		prev = e.Hash
	}
	if prev != all.Head {
		t.Fatalf("last hash %s, head %s", prev, all.Head)
	}
}
