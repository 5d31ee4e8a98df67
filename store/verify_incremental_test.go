package store

import (
	"strings"
	"testing"
	"time"

	"till/sale"
)

// TestVerifyIncremental: a verify after a recorded point checks only what
// follows it, finds what is wrong there, and falls back to a full check
// when the point does not match the journal.
func TestVerifyIncremental(t *testing.T) {
	db, path, a := withCashiers(t)
	for i := 0; i < 20; i++ {
		s := mustCreate(t, db, airtime("27821234567", 1000), t0.Add(time.Duration(i)*time.Minute))
		deliver(t, db, s.Ref, t0.Add(time.Duration(i)*time.Minute))
	}
	if _, err := db.CloseDay("2025-03-01", t0.Add(10*time.Hour), "S1", false); err != nil {
		t.Fatal(err)
	}
	db.Close()
	full, head, err := VerifyFileWith(path, VerifyOptions{})
	if err != nil || !full.OK() || full.From != 1 {
		t.Fatalf("full verify: %+v %v", full, err)
	}
	if err := RecordVerified(path, full, head); err != nil {
		t.Fatal(err)
	}
	seq, hash, ok := VerifiedPoint(path)
	if !ok || seq != head || hash != full.Head {
		t.Fatalf("verified point %d %s %v, want %d %s", seq, hash, ok, head, full.Head)
	}

	// Nothing new: nothing but the pages to check.
	rep, _, err := VerifyFileWith(path, VerifyOptions{From: seq, FromHash: hash})
	if err != nil || !rep.OK() || rep.Events != 0 || rep.Sales != 0 || rep.From != seq+1 || rep.Head != hash {
		t.Fatalf("verify with nothing new: %+v %v", rep, err)
	}

	// Three more sales and a sign-in: only they are checked.
	db, err = Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var last sale.Sale
	for i := 0; i < 3; i++ {
		last = mustCreate(t, db, airtime("27829999999", 500), t0.Add(24*time.Hour))
		deliver(t, db, last.Ref, t0.Add(24*time.Hour))
	}
	_ = a
	db.Close()
	rep, head2, err := VerifyFileWith(path, VerifyOptions{From: seq, FromHash: hash})
	if err != nil || !rep.OK() || rep.Events != 9 || rep.Sales != 3 || head2 != seq+9 {
		t.Fatalf("incremental verify: %+v head %d %v", rep, head2, err)
	}

	// A change after the point is found.
	editSale(t, path, 23, func(s *sale.Sale) { s.Reprints = 7 })
	rep, _, _ = VerifyFileWith(path, VerifyOptions{From: seq, FromHash: hash})
	wantBad(t, rep, seq+9, last.Ref, "differs from the replay")
	editSale(t, path, 23, func(s *sale.Sale) { s.Reprints = 0 })

	// A point that does not match (the event at it was replaced) is not
	// trusted: the check runs in full and says why.
	rep, _, _ = VerifyFileWith(path, VerifyOptions{From: seq, FromHash: strings.Repeat("ab", 32)})
	if rep.From != 1 || !strings.Contains(rep.Restarted, "no longer has the hash") || !rep.OK() {
		t.Fatalf("verify from a wrong point: %+v", rep)
	}
	rep, _, _ = VerifyFileWith(path, VerifyOptions{From: 10_000, FromHash: hash})
	if rep.From != 1 || !strings.Contains(rep.Restarted, "beyond") {
		t.Fatalf("verify from a point beyond the head: %+v", rep)
	}
}
