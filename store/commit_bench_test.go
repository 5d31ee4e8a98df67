package store

import (
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// BenchmarkCommitVsBareBolt compares durable journal commits with bare
// bbolt Updates of the same bytes, interleaved op by op on the same
// filesystem. Each op is one sale's three commits (Create: the created
// event, the sale record, the day, target and open indexes and the chain
// head; Append of SENDING; Append of the DELIVERED outcome) and, in a
// second bbolt file, three Updates that each put exactly the event and sale
// record that commit stored into one bucket (sequential keys). It reports
// ns per commit of each and their ratio (journal/bare; the goal is at most
// 1.2).
//
//	go test ./store -run '^$' -bench CommitVsBareBolt -benchtime 300x -count 5
func BenchmarkCommitVsBareBolt(b *testing.B) {
	dir := b.TempDir()
	db, err := Open(filepath.Join(dir, "journal.db"), testOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	bare, err := bbolt.Open(filepath.Join(dir, "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bare.Close()
	if err := bare.Update(func(tx *bbolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }); err != nil {
		b.Fatal(err)
	}
	o := airtime("27821234567", 1000)
	at := t0
	var journalNs, bareNs int64
	key := uint64(0)
	// stored returns the bytes sale s's last commit wrote: its event and record.
	stored := func(s sale.Sale) (ev, rec []byte) {
		no, _ := saleNo(s.Ref)
		_ = db.bolt.View(func(tx *bbolt.Tx) error {
			ev = append([]byte(nil), tx.Bucket(bucketEvents).Get(be64(s.LastSeq))...)
			rec = append([]byte(nil), tx.Bucket(bucketSales).Get(be64(no))...)
			return nil
		})
		return ev, rec
	}
	bareUpdate := func(ev, rec []byte) {
		start := time.Now()
		err := bare.Update(func(tx *bbolt.Tx) error {
			bk := tx.Bucket([]byte("b"))
			bk.FillPercent = appendFill
			key++
			if err := bk.Put(be64(key), ev); err != nil {
				return err
			}
			key++
			return bk.Put(be64(key), rec)
		})
		bareNs += time.Since(start).Nanoseconds()
		if err != nil {
			b.Fatal(err)
		}
	}
	timed := func(fn func() (sale.Sale, error)) sale.Sale {
		start := time.Now()
		s, err := fn()
		journalNs += time.Since(start).Nanoseconds()
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		at = at.Add(time.Second)
		o.Target.Value = "2782" + string(rune('0'+i%10)) + "234567"
		s := timed(func() (sale.Sale, error) { return db.Create(o, at) })
		bareUpdate(stored(s))
		s = timed(func() (sale.Sale, error) {
			return db.Append(sale.Event{Ref: s.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1})
		})
		bareUpdate(stored(s))
		s = timed(func() (sale.Sale, error) {
			return db.Append(sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: at, State: sale.StateDelivered,
				Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0", ProviderRef: "FL-1234567890",
					Items: []sale.Item{{Label: "PIN", Value: "1234-5678-9012", Secret: true}}}})
		})
		bareUpdate(stored(s))
	}
	b.StopTimer()
	b.ReportMetric(float64(journalNs)/float64(3*b.N), "ns/journal-commit")
	b.ReportMetric(float64(bareNs)/float64(3*b.N), "ns/bare-update")
	b.ReportMetric(float64(journalNs)/float64(bareNs), "journal/bare")
}
