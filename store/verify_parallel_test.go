package store

import (
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"till/sale"
)

// TestReplayInParallelRanges: the replay of a full verify is spread over
// read transactions, one range of sale numbers each; a change in the sale
// record of any range, or an open-index key missing for a sale of the last
// range, is still found, with one, two or three ranges, and an intact
// journal replays every sale once.
func TestReplayInParallelRanges(t *testing.T) {
	replay := func(path string, n int) (Report, *BadEvent) {
		t.Helper()
		bdb, err := openBolt(path, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer bdb.Close()
		var txs []*bbolt.Tx
		for range n {
			tx, err := bdb.Begin(false)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			txs = append(txs, tx)
		}
		m, err := readMeta(txs[0], path)
		if err != nil {
			t.Fatal(err)
		}
		v := &verifier{tx: txs[0], m: m, codec: codecOf(txs[0])}
		v.loadCloses(^uint64(0))
		return replayParallel(txs, m, v.closes)
	}
	for _, n := range []int{1, 2, 3} {
		path, _ := fixture(t)
		if rep, bad := replay(path, n); bad != nil || rep.Sales != 3 || rep.Damaged != "" {
			t.Fatalf("%d ranges, intact: %+v %+v", n, rep, bad)
		}
		for _, no := range []uint64{1, 3} {
			path, _ := fixture(t)
			editSale(t, path, no, func(s *sale.Sale) { s.State = sale.StateDeclined })
			if _, bad := replay(path, n); bad == nil || !strings.Contains(bad.Reason, "differs from the replay") {
				t.Errorf("%d ranges, sale %d edited: %+v", n, no, bad)
			}
		}
		path, _ = fixture(t)
		raw(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketOpen).Delete(be64(3)) })
		if _, bad := replay(path, n); bad == nil || !strings.Contains(bad.Reason, "open-sales index") {
			t.Errorf("%d ranges, sale 3 left out of the open index: %+v", n, bad)
		}
	}
}
