package store

import (
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
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.Seek(be64(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			e, err := decodeEvent(v, fromBE64(k))
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}
