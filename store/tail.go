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
	err := db.view(func(tx *bbolt.Tx) error {
		// Prev is not stored (schema.go): it is the hash recorded with the
		// event before, the one after's to start with.
		cd, prev := codecOf(tx), genesisHash
		c := tx.Bucket(bucketEvents).Cursor()
		k, v := c.Seek(be64(after + 1))
		if k != nil && fromBE64(k) > 1 {
			h, ok := storedHash(tx.Bucket(bucketEvents).Get(be64(fromBE64(k) - 1)))
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
	})
	return out, err
}
