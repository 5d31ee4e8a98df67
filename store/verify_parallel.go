package store

import (
	"fmt"
	"sync"

	"go.etcd.io/bbolt"
)

// replayParallel replays every sale on the read transactions txs, one
// range of sale numbers each, at the same time, and checks the index sets
// of them all: the work of replayAll, spread over the processors. It
// returns the report (Sales, Damaged) and the first problem found.
func replayParallel(txs []*bbolt.Tx, m meta, closes []closeMark) (Report, *BadEvent) {
	var last uint64
	if k, _ := txs[0].Bucket(bucketSales).Cursor().Last(); len(k) == 8 {
		last = fromBE64(k)
	}
	n := uint64(len(txs))
	step := last/n + 1
	vs := make([]*verifier, len(txs))
	reps := make([]Report, len(txs))
	var wg sync.WaitGroup
	for i, tx := range txs {
		vs[i] = &verifier{tx: tx, m: m, codec: codecOf(tx), closes: closes, sets: &indexSets{}}
		lo, hi := uint64(i)*step, uint64(i+1)*step
		if i == len(txs)-1 {
			hi = 0 // to the end, whatever was added
		}
		wg.Add(1)
		go func(v *verifier, rep *Report) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					rep.Damaged = fmt.Sprint(r)
				}
			}()
			v.replayRange(rep, lo, hi)
		}(vs[i], &reps[i])
	}
	wg.Wait()
	// The ranges are in sale order: their index sets join in order.
	all := vs[0]
	var out Report
	for i, v := range vs {
		out.Sales += reps[i].Sales
		if out.Damaged == "" {
			out.Damaged = reps[i].Damaged
		}
		if v.bad != nil {
			all.note(v.bad.Seq, v.bad.Ref, "%s", v.bad.Reason)
		}
		if i == 0 {
			continue
		}
		all.sets.open = append(all.sets.open, v.sets.open...)
		all.sets.attention = append(all.sets.attention, v.sets.attention...)
		for w, bits := range v.sets.replayed {
			for uint64(len(all.sets.replayed)) <= uint64(w) {
				all.sets.replayed = append(all.sets.replayed, 0)
			}
			all.sets.replayed[w] |= bits
		}
	}
	if out.Damaged == "" {
		all.checkSets()
	}
	return out, all.bad
}
