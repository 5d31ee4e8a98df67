package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"till/sale"
)

// BenchmarkAppendDurable measures one sale's first two journal writes per
// op: Create (the NEW event, sale record and indexes) and Append of its
// SENDING event, each its own fsync'd bbolt transaction, as the engine does
// before the first byte goes to a provider. ns/commit is the time of one of
// those two durable transactions.
func BenchmarkAppendDurable(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "journal.db"), testOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	o := airtime("27821234567", 1000)
	at := t0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		at = at.Add(time.Second)
		s, err := db.Create(o, at)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Append(sale.Event{Ref: s.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N), "ns/commit")
}

// BenchmarkRawWriteFdatasync is the floor: append a 400-byte record (a
// created event is about 500 bytes of JSON, a sending event about 300) to a
// plain file in the benchmark's temp directory, on the same filesystem as
// the journal of BenchmarkAppendDurable, and fdatasync it, once per op.
func BenchmarkRawWriteFdatasync(b *testing.B) {
	f, err := os.OpenFile(filepath.Join(b.TempDir(), "raw.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rec := append(bytes.Repeat([]byte("x"), 399), '\n')
	b.SetBytes(int64(len(rec)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.Write(rec); err != nil {
			b.Fatal(err)
		}
		if err := datasync(f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkContinuityOverhead measures what the continuity record adds to
// a sale's journaling: each op journals one sale (Create, then Append of
// its SENDING event, both fsync'd) in a journal without a record and one in
// a journal with one, interleaved (the order alternates every op) on the
// same filesystem, timing each side apart. It reports both and their ratio
// (with/without); the record must add less than 5%. Run it with
// -benchtime=2000x or more so that the record's block writes (one per
// ReserveBlock sales) are in the average.
func BenchmarkContinuityOverhead(b *testing.B) {
	dir := b.TempDir()
	plain, err := Open(filepath.Join(dir, "plain", "journal.db"), testOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	o := testOptions()
	o.StateDir = filepath.Join(dir, "state")
	withRec, err := Open(filepath.Join(dir, "rec", "journal.db"), o)
	if err != nil {
		b.Fatal(err)
	}
	defer withRec.Close()
	order := airtime("27821234567", 1000)
	journal := func(db *DB, at time.Time) time.Duration {
		start := time.Now()
		s, err := db.Create(order, at)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Append(sale.Event{Ref: s.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var without, with time.Duration
	at := t0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		at = at.Add(time.Second)
		if i%2 == 0 {
			without += journal(plain, at)
			with += journal(withRec, at)
		} else {
			with += journal(withRec, at)
			without += journal(plain, at)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(without.Nanoseconds())/float64(b.N), "ns/sale-without")
	b.ReportMetric(float64(with.Nanoseconds())/float64(b.N), "ns/sale-with")
	b.ReportMetric(float64(with)/float64(without), "with/without")
}

// BenchmarkContinuityRecordWork is the record's own work per sale, alone:
// reserve (one atomic, fsync'd record write per ReserveBlock sales) and
// markUsed (a 28-byte pwrite of the .used file), in the same temp
// filesystem as BenchmarkContinuityOverhead's journals. Compare its ns/sale
// with that benchmark's ns/sale-without.
func BenchmarkContinuityRecordWork(b *testing.B) {
	dir := b.TempDir()
	c, err := loadContinuity(dir, "STORE042", "TILL07")
	if err != nil {
		b.Fatal(err)
	}
	defer c.close()
	if err := c.save(Record{Journal: filepath.Join(dir, "journal.db"), StoreID: "STORE042", TerminalID: "TILL07", InstallTag: "ABC123"}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		if err := c.reserve(uint64(i)); err != nil {
			b.Fatal(err)
		}
		c.markUsed(uint64(i))
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/sale")
}
