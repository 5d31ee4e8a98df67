package store

import (
	"path/filepath"
	"testing"
	"time"

	"till/keys"
	"till/sale"
)

// journalSecretSale journals one whole sale that carries secrets, as the
// engine does: Create (a redeemed voucher PIN in the order), Append of its
// SENDING event, Append of its DELIVERED outcome (a voucher PIN and a
// token), three fsync'd transactions, then reads it back (the reprint).
func journalSecretSale(b *testing.B, db *DB, at time.Time) time.Duration {
	o := airtime("27821234567", 1000)
	o.Secrets = map[string]string{"pin": redeemedPIN}
	start := time.Now()
	s, err := db.Create(o, at)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Append(sale.Event{Ref: s.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1}); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Append(sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: at, State: sale.StateDelivered,
		Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0", Items: []sale.Item{
			{Label: "PIN", Value: soldPIN, Secret: true}, {Label: "Token", Value: elecToken, Secret: true}, {Label: "Serial", Value: "SN1"}}}}); err != nil {
		b.Fatal(err)
	}
	if got, err := db.Sale(s.Ref); err != nil || got.Outcome.Items[0].Value != soldPIN {
		b.Fatalf("read back: %v", err)
	}
	return time.Since(start)
}

// BenchmarkSealOverhead measures what sealing the secrets adds to a sale's
// journaling: each op journals one whole sale with secrets
// (journalSecretSale) in an unsealed journal (no key: as before keys) and
// in a sealed one, interleaved (the order alternates every op) in the same
// temp directory, timing each side apart. It reports both and their ratio
// (sealed/plain); sealing must add less than 5%.
func BenchmarkSealOverhead(b *testing.B) {
	dir := b.TempDir()
	plain, err := Open(filepath.Join(dir, "plain", "journal.db"), testOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	o := testOptions()
	o.KeyFile = filepath.Join(dir, "state", keys.FileName)
	sealed, err := Open(filepath.Join(dir, "sealed", "journal.db"), o)
	if err != nil {
		b.Fatal(err)
	}
	defer sealed.Close()
	var without, with time.Duration
	at := t0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		at = at.Add(time.Second)
		if i%2 == 0 {
			without += journalSecretSale(b, plain, at)
			with += journalSecretSale(b, sealed, at)
		} else {
			with += journalSecretSale(b, sealed, at)
			without += journalSecretSale(b, plain, at)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(without.Nanoseconds())/float64(b.N), "ns/sale-plain")
	b.ReportMetric(float64(with.Nanoseconds())/float64(b.N), "ns/sale-sealed")
	b.ReportMetric(float64(with)/float64(without), "sealed/plain")
	for name, db := range map[string]*DB{"plain": plain, "sealed": sealed} {
		st, err := db.Stats()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Bytes)/float64(b.N), "file-B/sale-"+name)
		ts := db.bolt.Stats().TxStats
		b.ReportMetric(float64(ts.GetWrite())/float64(b.N), "page-writes/sale-"+name)
		b.ReportMetric(float64(ts.GetSplit())/float64(b.N), "splits/sale-"+name)
	}
}

// BenchmarkSealWork is the sealing's own CPU work per sale, alone: seal
// the three secrets of journalSecretSale's events and its record, and open
// the record once (the read back).
func BenchmarkSealWork(b *testing.B) {
	k, _ := keys.New()
	ks := &keyState{keyed: true, s: newSealer(k)}
	db := &DB{keys: ks}
	e := sale.Event{Ref: "STORE042-TILL07-ABC123-1", Type: sale.EventOutcome, Outcome: &sale.Outcome{Items: []sale.Item{
		{Label: "PIN", Value: soldPIN, Secret: true}, {Label: "Token", Value: elecToken, Secret: true}, {Label: "Serial", Value: "SN1"}}}}
	o := sale.Order{Secrets: map[string]string{"pin": redeemedPIN}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		oo := o
		if err := db.sealOrder(e.Ref, &oo); err != nil {
			b.Fatal(err)
		}
		ee := e
		if err := db.sealEvent(&ee); err != nil {
			b.Fatal(err)
		}
		s := sale.Sale{Ref: e.Ref, Order: oo, Outcome: *ee.Outcome}
		if got := db.openSale(s); got.Outcome.Items[0].Value != soldPIN {
			b.Fatal("open")
		}
	}
}
