package store

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// fixture writes a journal of three sales (8 events) and closes it. The
// created event of the second sale is event 4 and holds amount 2500.
//
//	1 created s1   2 sending s1   3 outcome s1
//	4 created s2   5 created s3   6 sending s2
//	7 outcome s2   8 note s3
func fixture(t *testing.T) (path string, s2 sale.Sale) {
	t.Helper()
	db, path := openTest(t)
	s1 := mustCreate(t, db, airtime("27821111111", 1000), t0)
	deliver(t, db, s1.Ref, t0)
	s2 = mustCreate(t, db, airtime("27822222222", 2500), t0.Add(time.Minute))
	s3 := mustCreate(t, db, airtime("27823333333", 3000), t0.Add(2*time.Minute))
	deliver(t, db, s2.Ref, t0.Add(3*time.Minute))
	mustAppend(t, db, sale.Event{Ref: s3.Ref, Type: sale.EventNote, At: t0.Add(4 * time.Minute), Note: "customer stepped out"})
	if s2.LastSeq != 4 {
		t.Fatalf("fixture: s2 created as event %d, want 4", s2.LastSeq)
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() || rep.Events != 8 || rep.Sales != 3 {
		t.Fatalf("fixture: Verify() = %+v %v", rep, err)
	}
	db.Close()
	return path, s2
}

// verifyBoth verifies path read-only and through an open DB and checks both
// agree; it returns the report.
func verifyBoth(t *testing.T, path string) Report {
	t.Helper()
	rep, err := VerifyFile(path)
	if err != nil {
		t.Fatalf("VerifyFile: %v", err)
	}
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	rep2, err := db.Verify()
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if (rep.Bad == nil) != (rep2.Bad == nil) || (rep.Bad != nil && *rep.Bad != *rep2.Bad) {
		t.Errorf("VerifyFile and Verify disagree: %+v vs %+v", rep.Bad, rep2.Bad)
	}
	return rep
}

func wantBad(t *testing.T, rep Report, seq uint64, ref sale.Reference, reason string) {
	t.Helper()
	if rep.Bad == nil {
		t.Fatalf("Verify found nothing wrong: %+v", rep)
	}
	if rep.Bad.Seq != seq || (ref != "" && rep.Bad.Ref != ref) || !strings.Contains(rep.Bad.Reason, reason) {
		t.Errorf("Verify named %s, want event %d (sale %q) with %q", rep.Bad, seq, ref, reason)
	}
}

func editEvent(t *testing.T, path string, seq uint64, fn func(v []byte) []byte) {
	t.Helper()
	raw(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		v := append([]byte(nil), b.Get(be64(seq))...)
		return b.Put(be64(seq), fn(v))
	})
}

// editRecord decodes event seq, lets fn change it and stores it again
// with its old hash, or (rehash) with the hash of its new content.
func editRecord(t *testing.T, path string, seq uint64, rehash bool, fn func(e *sale.Event)) {
	t.Helper()
	raw(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		prev := genesisHash
		if seq > 1 {
			prev, _ = storedHash(b.Get(be64(seq - 1)))
		}
		v := b.Get(be64(seq))
		e, _, _, err := readEvent(codecOf(tx), v, prev)
		if err != nil {
			t.Fatal(err)
		}
		fn(&e)
		e.Prev = prev
		nv, _, err := encodeEvent(codecOf(tx), e)
		if err != nil {
			t.Fatal(err)
		}
		if !rehash {
			copy(nv[1:1+32], v[1:1+32])
		}
		return b.Put(be64(seq), nv)
	})
}

// editSale decodes sale record no, lets fn change it and stores it again.
func editSale(t *testing.T, path string, no uint64, fn func(s *sale.Sale)) {
	t.Helper()
	raw(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSales)
		s, seqs, err := decodeSale(codecOf(tx), b.Get(be64(no)), true)
		if err != nil {
			t.Fatal(err)
		}
		fn(&s)
		v, err := encodeSale(codecOf(tx), s, seqs)
		if err != nil {
			t.Fatal(err)
		}
		return b.Put(be64(no), v)
	})
}

func TestVerifyIntact(t *testing.T) {
	path, _ := fixture(t)
	rep := verifyBoth(t, path)
	if !rep.OK() || rep.Events != 8 || rep.Sales != 3 || len(rep.Head) != 64 {
		t.Errorf("report of an intact journal = %+v", rep)
	}
}

func TestVerifyEditedAmount(t *testing.T) {
	path, s2 := fixture(t)
	editRecord(t, path, 4, false, func(e *sale.Event) {
		if e.Order.Amount.Minor != 2500 {
			t.Fatalf("event 4 has no amount 2500: %+v", e)
		}
		e.Order.Amount.Minor = 9500
	})
	wantBad(t, verifyBoth(t, path), 4, s2.Ref, "does not match its hash")
}

func TestVerifyEditedByte(t *testing.T) {
	// One byte of the stored event (a digit of the mobile number) changed.
	path, s2 := fixture(t)
	editEvent(t, path, 4, func(v []byte) []byte {
		i := bytes.Index(v, []byte("27822222222"))
		if i < 0 {
			t.Fatalf("event 4 has no target: %q", v)
		}
		v[i+3] = '9'
		return v
	})
	wantBad(t, verifyBoth(t, path), 4, s2.Ref, "does not match its hash")
}

func TestVerifyRehashedEvent(t *testing.T) {
	// An editor who also recomputes the edited event's hash breaks the hash
	// of the next event, which covers it.
	path, _ := fixture(t)
	editRecord(t, path, 4, true, func(e *sale.Event) { e.Order.Amount.Minor = 9500 })
	wantBad(t, verifyBoth(t, path), 5, "", "or the event before it, was edited")
}

func TestVerifyEditedNonSemantic(t *testing.T) {
	// A field no decoder knows changes nothing a reader sees, but the hash
	// covers the bytes.
	path, _ := fixture(t)
	editEvent(t, path, 6, func(v []byte) []byte { return append(v, wireBytes, 1, 'z', 0) })
	wantBad(t, verifyBoth(t, path), 6, "", "does not match its hash")
}

func TestVerifyGarbledEvent(t *testing.T) {
	path, _ := fixture(t)
	editEvent(t, path, 2, func(v []byte) []byte { v[0] = 'X'; return v })
	wantBad(t, verifyBoth(t, path), 2, "", "not a stored event")
}

func TestVerifyDeletedEvent(t *testing.T) {
	path, _ := fixture(t)
	raw(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketEvents).Delete(be64(5)) })
	wantBad(t, verifyBoth(t, path), 5, "", "event 5 is missing")
}

func TestVerifyDeletedFirstEvent(t *testing.T) {
	path, _ := fixture(t)
	raw(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketEvents).Delete(be64(1)) })
	wantBad(t, verifyBoth(t, path), 1, "", "event 1 is missing")
}

func TestVerifyDeletedLastEvent(t *testing.T) {
	path, _ := fixture(t)
	raw(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketEvents).Delete(be64(8)) })
	wantBad(t, verifyBoth(t, path), 8, "", "events 8 to 8 are missing")
}

func TestVerifyEditedSaleRecord(t *testing.T) {
	path, s2 := fixture(t)
	editSale(t, path, 2, func(s *sale.Sale) { s.State = sale.StateDeclined })
	// The record is wrong, not an event: the sale's last event is named.
	wantBad(t, verifyBoth(t, path), 7, s2.Ref, "differs from the replay of its events in: state")
}

func TestVerifyEditedDay(t *testing.T) {
	path, s2 := fixture(t)
	raw(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSales)
		v := bytes.Replace(b.Get(be64(2)), []byte(`2025-03-01`), []byte(`2025-02-01`), 1)
		return b.Put(be64(2), v)
	})
	wantBad(t, verifyBoth(t, path), 7, s2.Ref, "business day 2025-02-01")
}

func TestVerifyFirstProblemWins(t *testing.T) {
	path, _ := fixture(t)
	editEvent(t, path, 7, func(v []byte) []byte { return bytes.Replace(v, []byte("DELIVERED"), []byte("DECLINED!"), 1) })
	editEvent(t, path, 3, func(v []byte) []byte { return bytes.Replace(v, []byte("1234-5678"), []byte("1234-0000"), 1) })
	wantBad(t, verifyBoth(t, path), 3, "", "does not match its hash")
}

func TestVerifyTruncatedEvent(t *testing.T) {
	path, _ := fixture(t)
	editEvent(t, path, 3, func(v []byte) []byte { return v[:len(v)-3] })
	wantBad(t, verifyBoth(t, path), 3, "", "edited after it was written")
	editEvent(t, path, 3, func([]byte) []byte { return []byte(`{"note":"x"}`) })
	wantBad(t, verifyBoth(t, path), 3, "", "does not end with its hash")
}
