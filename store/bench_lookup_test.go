package store

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"till/providers/flash"
	"till/sale"
)

// BenchmarkCashOutLookup measures the journal's part of `till cashout
// lookup` and `till cashout cancel --serial` (the same code: the notes of
// delivered cancels, flash.AnnotateCancels, then the sale by its PIN's
// serial and its cancels, flash.CancelOrder) on a big journal made by
// bench/genjournal and on an empty one, interleaved op by op. It reports
// the time of each, their ratio (big/empty; the goal is at most 1.5) and
// the bytes allocated per lookup, and, once, what the two walks of every
// sale the lookup made before the kind and serial indexes take on the big
// journal.
//
//	go run ./bench/genjournal -o /tmp/j.db -n 200000 -state none
//	TILL_BENCH_JOURNAL=/tmp/j.db go test ./store -run '^$' -bench CashOutLookup -benchtime 200x -count 5
func BenchmarkCashOutLookup(b *testing.B) {
	p := os.Getenv("TILL_BENCH_JOURNAL")
	if p == "" {
		b.Skip("set TILL_BENCH_JOURNAL to a journal made by bench/genjournal (store BENCH, terminal T1)")
	}
	opts := Options{StoreID: "BENCH", TerminalID: "T1", Location: time.UTC}
	big, err := Open(p, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer big.Close()
	empty, err := Open(filepath.Join(b.TempDir(), "empty.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	defer empty.Close()
	st, _ := big.Stats()
	lookup := func(db *DB, i int) {
		eng := sale.NewEngine(sale.Options{Journal: db})
		if _, err := flash.AnnotateCancels(db, eng, "bench"); err != nil {
			b.Fatal(err)
		}
		// genjournal's vouchers carry serials SN<i>; none is a cash-out, so
		// the lookup reads the sale the index names and finds it is not one.
		serial := "SN" + strconv.Itoa(max(int(st.Sales)-1-i%1000*10, 0))
		if _, _, err := flash.CancelOrder(db, "", serial, "bench"); sale.ErrorCode(err) != sale.CodeNotFound {
			b.Fatalf("CancelOrder(%s) = %v", serial, err)
		}
	}
	// Before the indexes, the same lookup walked every sale twice (all
	// delivered sales for the notes, then all sales for the serial): timed
	// once, on the big journal.
	t := time.Now()
	for _, q := range []sale.Query{{State: sale.StateDelivered}, {}} {
		if _, err := big.List(q); err != nil {
			b.Fatal(err)
		}
	}
	walksNs := time.Since(t).Nanoseconds()
	var bigNs, emptyNs int64
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		lookup(big, i)
		bigNs += time.Since(t).Nanoseconds()
		t = time.Now()
		lookup(empty, i)
		emptyNs += time.Since(t).Nanoseconds()
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(bigNs)/float64(b.N), "ns/lookup-big")
	b.ReportMetric(float64(emptyNs)/float64(b.N), "ns/lookup-empty")
	b.ReportMetric(float64(bigNs)/float64(emptyNs), "big/empty")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(2*b.N), "B/lookup")
	b.ReportMetric(float64(walksNs), "ns/two-walks-big")
}
