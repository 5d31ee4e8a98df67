package store

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// at returns hh:mm on 2025-03-01 plus days, in SAST.
func at(days, hh, mm int) time.Time {
	return time.Date(2025, 3, 1+days, hh, mm, 0, 0, sast)
}

func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	if sale.ErrorCode(err) != code || !strings.Contains(sale.ErrorMessage(err), msg) {
		t.Fatalf("got %v (%s), want a %s error saying %q", err, sale.ErrorCode(err), code, msg)
	}
}

func head(t *testing.T, db *DB) uint64 {
	t.Helper()
	seq, _, err := db.Head()
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func TestCloseDayMovesNewSalesToTheNextDay(t *testing.T) {
	db, path := openTest(t)
	s1 := mustCreate(t, db, airtime("27821111111", 1000), at(0, 10, 0))
	deliver(t, db, s1.Ref, at(0, 10, 0))
	if s1.Day != "2025-03-01" {
		t.Fatalf("day %s", s1.Day)
	}
	r, err := db.CloseDay("2025-03-01", at(0, 21, 0), "thabo", false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Closed == nil || r.Closed.By != "thabo" || r.Sales != 1 || r.HeadSeq != 4 || r.Closed.Seq != 4 || r.HeadHash != r.Closed.Hash {
		t.Fatalf("Z report = %+v closed %+v", r, r.Closed)
	}
	if seq, hash, _ := db.Head(); seq != r.HeadSeq || hash != r.HeadHash {
		t.Errorf("the report's head %d %s is not the journal's %d %s", r.HeadSeq, r.HeadHash, seq, hash)
	}
	if !strings.Contains(r.Closed.Note, "day 2025-03-01: 1 sale(s); sold ZAR 10.00") {
		t.Errorf("close note %q", r.Closed.Note)
	}
	// A sale at 21:30 the same evening belongs to tomorrow.
	s2 := mustCreate(t, db, airtime("27822222222", 2000), at(0, 21, 30))
	if s2.Day != "2025-03-02" {
		t.Fatalf("a sale after the Z belongs to %s, want 2025-03-02", s2.Day)
	}
	if d, _ := db.BusinessDay(at(0, 22, 0)); d != "2025-03-02" {
		t.Errorf("BusinessDay after the close = %s", d)
	}
	if d, _ := db.BusinessDay(at(2, 9, 0)); d != "2025-03-03" {
		t.Errorf("BusinessDay two days later = %s", d)
	}
	if got, _ := db.List(sale.Query{Day: "2025-03-02"}); len(got) != 1 || got[0].Ref != s2.Ref {
		t.Errorf("day index of 2025-03-02: %+v", got)
	}
	// A day is closed once.
	_, err = db.CloseDay("2025-03-01", at(0, 22, 0), "thabo", true)
	wantCode(t, err, sale.CodeConflict, "day 2025-03-01 was already closed at 2025-03-01 21:00 by thabo (journal event 4)")
	// Tomorrow has not begun on the calendar.
	_, err = db.CloseDay("2025-03-02", at(0, 23, 0), "thabo", false)
	wantCode(t, err, sale.CodeInvalid, "has not begun yet")

	// Everything survives a reopen and verifies.
	db.Close()
	db2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if last, _ := db2.LastClosed(); last != "2025-03-01" {
		t.Errorf("LastClosed after reopen = %q", last)
	}
	if c, err := db2.Closure("2025-03-01"); err != nil || c == nil || c.Seq != 4 || c.At.Unix() != at(0, 21, 0).Unix() {
		t.Errorf("Closure = %+v %v", c, err)
	}
	if c, err := db2.Closure("2025-03-02"); err != nil || c != nil {
		t.Errorf("Closure of an open day = %+v %v", c, err)
	}
	s3 := mustCreate(t, db2, airtime("27823333333", 3000), at(0, 23, 59))
	if s3.Day != "2025-03-02" {
		t.Errorf("after reopen a late sale belongs to %s", s3.Day)
	}
	if rep, err := db2.Verify(); err != nil || !rep.OK() || rep.Sales != 3 || rep.Events != 6 {
		t.Fatalf("Verify = %+v %v", rep, err)
	}
	if rep, err := db2.DayReport("2025-03-02"); err != nil || rep.Sales != 2 || rep.Closed != nil || len(rep.Unresolved) != 2 {
		t.Errorf("X report of the next day = %+v %v", rep, err)
	}
}

func TestCloseDayWithUnresolvedNeedsForce(t *testing.T) {
	db, _ := openTest(t)
	s1 := mustCreate(t, db, airtime("27821111111", 1000), at(0, 10, 0))
	mustAppend(t, db, sale.Event{Ref: s1.Ref, Type: sale.EventRecovered, At: at(0, 10, 1), State: sale.StateInDoubt})
	before := head(t, db)
	_, err := db.CloseDay("2025-03-01", at(0, 21, 0), "thabo", false)
	wantCode(t, err, sale.CodeConflict, "1 unresolved sale(s) ("+string(s1.Ref)+")")
	if head(t, db) != before {
		t.Fatal("a refused close wrote to the journal")
	}
	if last, _ := db.LastClosed(); last != "" {
		t.Fatalf("a refused close closed %s", last)
	}
	r, err := db.CloseDay("2025-03-01", at(0, 21, 0), "thabo", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Unresolved) != 1 || r.Unresolved[0].Ref != s1.Ref || !strings.HasPrefix(r.Closed.Note, "forced with 1 unresolved; ") {
		t.Fatalf("forced Z: unresolved %+v note %q", r.Unresolved, r.Closed.Note)
	}
	// The in-doubt sale can still be settled after its day is closed.
	mustAppend(t, db, sale.Event{Ref: s1.Ref, Type: sale.EventChecked, At: at(1, 8, 0), State: sale.StateDelivered,
		Outcome: &sale.Outcome{Result: sale.ResultDelivered}})
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify = %+v %v", rep, err)
	}
}

func TestCloseDayInOrder(t *testing.T) {
	db, _ := openTest(t)
	mustCreate(t, db, airtime("27821111111", 1000), at(0, 10, 0))
	mustCreate(t, db, airtime("27822222222", 1000), at(2, 10, 0))
	for _, s := range []string{"1", "2"} {
		ss, _ := db.List(sale.Query{Ref: sale.Reference(s)})
		deliver(t, db, ss[0].Ref, at(2, 11, 0))
	}
	_, err := db.CloseDay("2025-03-03", at(2, 21, 0), "thabo", false)
	wantCode(t, err, sale.CodeConflict, "day 2025-03-01 has sales and was never closed: close it first (till eod --day 2025-03-01 --close)")
	if _, err := db.CloseDay("2025-03-01", at(2, 21, 0), "thabo", false); err != nil {
		t.Fatal(err)
	}
	// 2025-03-02 had no sales: it needs no Z of its own.
	if _, err := db.CloseDay("2025-03-03", at(2, 21, 1), "thabo", false); err != nil {
		t.Fatal(err)
	}
	_, err = db.CloseDay("2025-03-02", at(2, 21, 2), "thabo", false)
	wantCode(t, err, sale.CodeConflict, "before the last closed day 2025-03-03")
	_, err = db.CloseDay("2025-03-04", at(2, 21, 3), "", false)
	wantCode(t, err, sale.CodeInvalid, "who closes it")
	_, err = db.CloseDay("03/04/2025", at(2, 21, 3), "thabo", false)
	wantCode(t, err, sale.CodeInvalid, "not a date")
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify = %+v %v", rep, err)
	}
}

func TestXReportWritesNothing(t *testing.T) {
	db, _ := openTest(t)
	s1 := mustCreate(t, db, airtime("27821111111", 1000), at(0, 10, 0))
	deliver(t, db, s1.Ref, at(0, 10, 0))
	o := airtime("27822222222", 5000)
	o.Tender = sale.Tender{Kind: sale.TenderMpesa, Ref: "S-MPESA-1"}
	s2 := mustCreate(t, db, o, at(0, 11, 0))
	mustAppend(t, db, sale.Event{Ref: s2.Ref, Type: sale.EventSending, At: at(0, 11, 0), State: sale.StateSending, Attempt: 1})
	mustAppend(t, db, sale.Event{Ref: s2.Ref, Type: sale.EventOutcome, At: at(0, 11, 0), State: sale.StateDeclined,
		Outcome: &sale.Outcome{Result: sale.ResultDeclined, Message: "meter blocked"}})
	seq, hash, _ := db.Head()
	r, err := db.DayReport("2025-03-01")
	if err != nil {
		t.Fatal(err)
	}
	if r.HeadSeq != seq || r.HeadHash != hash || r.Closed != nil || r.Sales != 2 || len(r.RefundDue) != 1 || r.RefundDue[0].Ref != s2.Ref {
		t.Fatalf("X report = %+v", r)
	}
	if head(t, db) != seq {
		t.Fatal("an X report wrote to the journal")
	}
	if r, err := db.DayReport("2025-02-28"); err != nil || r.Sales != 0 || r.First != "" {
		t.Errorf("X report of an empty day = %+v %v", r, err)
	}
}

func TestRecordSecretsExport(t *testing.T) {
	db, _ := openTest(t)
	mustCreate(t, db, airtime("27821111111", 1000), at(0, 10, 0))
	e, err := db.RecordSecretsExport(at(0, 12, 0), "lerato", "csv export of 2025-03-01 to 2025-03-01 with secrets to /tmp/x.csv")
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 2 || e.Ref != "" || e.Hash == "" || e.Type != sale.EventSecretsExported {
		t.Fatalf("event = %+v", e)
	}
	var seen []sale.EventType
	if err := db.EachEvent(func(e sale.Event) error { seen = append(seen, e.Type); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[1] != sale.EventSecretsExported {
		t.Fatalf("events = %v", seen)
	}
	if _, err := db.RecordSecretsExport(at(0, 12, 0), "", "x"); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("no by: %v", err)
	}
	// A journal-level event cannot be appended to a sale.
	if _, err := db.Append(sale.Event{Ref: "STORE042-TILL07-X-1", Type: sale.EventDayClosed, At: at(0, 12, 0)}); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("Append of a day close: %v", err)
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() || rep.Events != 2 {
		t.Fatalf("Verify = %+v %v", rep, err)
	}
}

func TestBulk(t *testing.T) {
	db, _ := openTest(t)
	var batch []BulkSale
	for i := 0; i < 50; i++ {
		when := at(i%3, 9, i)
		batch = append(batch, BulkSale{Order: airtime("2782000000"+string(rune('0'+i%10)), int64(100+i)), At: when, Events: []sale.Event{
			{Type: sale.EventSending, At: when, State: sale.StateSending, Attempt: 1},
			{Type: sale.EventOutcome, At: when, State: sale.StateDelivered, Outcome: &sale.Outcome{Result: sale.ResultDelivered, ProviderRef: "P"}},
		}})
	}
	if err := db.Bulk(batch); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := db.EachSale("", "", func(s sale.Sale) error {
		if s.State != sale.StateDelivered {
			t.Errorf("%s is %s", s.Ref, s.State)
		}
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != 50 {
		t.Fatalf("%d sales", n)
	}
	// A bad transition rolls the whole batch back.
	bad := []BulkSale{batch[0], {Order: batch[1].Order, At: batch[1].At, Events: []sale.Event{{Type: sale.EventOutcome, At: batch[1].At, State: sale.StateDelivered}}}}
	if err := db.Bulk(bad); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("bad batch: %v", err)
	}
	if st, _ := db.Stats(); st.Sales != 50 || st.Events != 150 {
		t.Fatalf("after a refused batch: %+v", st)
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() || rep.Sales != 50 {
		t.Fatalf("Verify = %+v %v", rep, err)
	}
}

// closedFixture is a journal with day 2025-03-01 closed (event 4) and a sale
// made after the close (events 5, 6), closed.
func closedFixture(t *testing.T) (path string, after sale.Sale) {
	t.Helper()
	db, path := openTest(t)
	s1 := mustCreate(t, db, airtime("27821111111", 1000), at(0, 10, 0))
	deliver(t, db, s1.Ref, at(0, 10, 0))
	if _, err := db.CloseDay("2025-03-01", at(0, 21, 0), "thabo", false); err != nil {
		t.Fatal(err)
	}
	after = mustCreate(t, db, airtime("27822222222", 2000), at(0, 21, 30))
	mustAppend(t, db, sale.Event{Ref: after.Ref, Type: sale.EventNote, At: at(0, 21, 31), Note: "x"})
	db.Close()
	return path, after
}

func TestVerifyAcceptsDayClose(t *testing.T) {
	path, _ := closedFixture(t)
	rep := verifyBoth(t, path)
	if !rep.OK() || rep.Events != 6 || rep.Sales != 2 {
		t.Fatalf("Verify = %+v", rep)
	}
}

func TestVerifyEditedDayClose(t *testing.T) {
	path, _ := closedFixture(t)
	editEvent(t, path, 4, func(v []byte) []byte {
		return bytes.Replace(v, []byte(`2025-03-01`), []byte(`2025-03-09`), 1)
	})
	wantBad(t, verifyBoth(t, path), 4, "", "does not match its hash")
}

func TestVerifyClosedIndexTampered(t *testing.T) {
	path, _ := closedFixture(t)
	raw(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketClosed).Delete([]byte("2025-03-01")) })
	wantBad(t, verifyBoth(t, path), 4, "", "missing from the closed-days index")

	path, _ = closedFixture(t)
	raw(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketClosed).Put([]byte("2025-03-05"), be64(5)) })
	wantBad(t, verifyBoth(t, path), 5, "", "does not close it")
}

func TestVerifySaleMovedIntoClosedDay(t *testing.T) {
	path, after := closedFixture(t)
	raw(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSales)
		v := bytes.Replace(b.Get(be64(2)), []byte(`2025-03-02`), []byte(`2025-03-01`), 1)
		return b.Put(be64(2), v)
	})
	wantBad(t, verifyBoth(t, path), 6, after.Ref, "business day 2025-03-01 was already closed (event 4)")
}
