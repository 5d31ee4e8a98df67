package store

import (
	"fmt"

	"go.etcd.io/bbolt"

	"till/sale"
)

// EventsAfter returns up to limit events of the journal whose sequence number
// is above after, in sequence order, read in one short read transaction (so a
// reader that walks the journal in batches never holds the file for long).
// It returns fewer than limit events only at the head of the journal.
func (db *DB) EventsAfter(after uint64, limit int) ([]sale.Event, error) {
	if limit <= 0 {
		limit = 1
	}
	out := make([]sale.Event, 0, min(limit, 4096))
	// Events of archived years come from their archives (archive.go).
	as, err := db.archives()
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if after >= a.HeadSeq || len(out) >= limit {
			continue
		}
		if err := db.viewArchive(a, func(tx *bbolt.Tx) error { return eventsAfterTx(tx, after, limit, &out) }); err != nil {
			return nil, err
		}
		if len(out) > 0 {
			after = out[len(out)-1].Seq
		}
	}
	if len(out) >= limit {
		return out, nil
	}
	err = db.view(func(tx *bbolt.Tx) error { return eventsAfterTx(tx, after, limit, &out) })
	return out, err
}

// eventsAfterTx appends to out the events of tx's file after `after`,
// until out holds limit.
func eventsAfterTx(tx *bbolt.Tx, after uint64, limit int, outp *[]sale.Event) error {
	out := *outp
	defer func() { *outp = out }()
	// Prev is not stored (schema.go): it is the hash recorded with the
	// event before, the one after's to start with.
	cd, prev := codecOf(tx), genesisHash
	c := tx.Bucket(bucketEvents).Cursor()
	k, v := c.Seek(be64(after + 1))
	if k != nil && fromBE64(k) > 1 {
		h, ok := prevHash(tx, fromBE64(k))
		if !ok {
			return fmt.Errorf("event %d is missing or unreadable (run till verify)", fromBE64(k)-1)
		}
		prev = h
	}
	for ; k != nil && len(out) < limit; k, v = c.Next() {
		e, _, _, err := readEvent(cd, v, prev)
		if err != nil {
			return fmt.Errorf("event %d is unreadable (run till verify): %v", fromBE64(k), err)
		}
		prev = e.Hash
		out = append(out, e)
	}
	return nil
}
