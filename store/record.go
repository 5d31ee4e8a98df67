package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"go.etcd.io/bbolt"

	"till/sale"
)

// Stored events and sale records of schema 2 (schema.go).

var lastCodec atomic.Pointer[codec]

// codecOf is the codec of the journal tx belongs to (its identity is in
// meta and never changes).
func codecOf(tx *bbolt.Tx) *codec {
	m := tx.Bucket(bucketMeta)
	st, term := m.Get(keyStoreID), m.Get(keyTerminalID)
	if c := lastCodec.Load(); c != nil && c.ctx[1] == string(st) && c.ctx[2] == string(term) {
		return c
	}
	c := newCodec(string(st), string(term))
	lastCodec.Store(c)
	return c
}

// appendBucket is bucket name of tx with its pages filled densely, for
// buckets whose keys only ever go at the end.
func appendBucket(tx *bbolt.Tx, name []byte) *bbolt.Bucket {
	b := tx.Bucket(name)
	b.FillPercent = appendFill
	return b
}

// encodeEvent returns the stored form of e (Seq set; Prev is the head's
// hash) and its hash.
func encodeEvent(c *codec, e sale.Event) (stored []byte, hash string, err error) {
	prev := e.Prev
	e.Prev, e.Hash = "", ""
	v := make([]byte, 1+sha256.Size, 256)
	v[0] = formatCompact
	if v, err = c.encode(v, &e); err != nil {
		return nil, "", err
	}
	sum := sha256.New()
	sum.Write([]byte(prev))
	sum.Write(v[1+sha256.Size:])
	copy(v[1:], sum.Sum(nil))
	return v, hex.EncodeToString(v[1 : 1+sha256.Size]), nil
}

// storedHash is the hash recorded with a stored event.
func storedHash(v []byte) (string, bool) {
	if len(v) > 0 && v[0] == formatJSON {
		_, h, ok := unsealEvent(v)
		return h, ok
	}
	if len(v) < 1+sha256.Size || (v[0] != formatCompact && v[0] != formatMigrated) {
		return "", false
	}
	return hex.EncodeToString(v[1 : 1+sha256.Size]), true
}

// readEvent decodes a stored event whose predecessor's hash is prev and
// returns it with the hash recorded and the hash its bytes give (equal for
// an intact event). Prev of a JSON event is the one it records.
func readEvent(c *codec, v []byte, prev string) (e sale.Event, recorded, computed string, err error) {
	switch {
	case len(v) > 0 && v[0] == formatJSON:
		body, hash, ok := unsealEvent(v)
		if !ok {
			return e, "", "", fmt.Errorf("it does not end with its hash; it was edited after it was written")
		}
		if err := json.Unmarshal(v, &e); err != nil {
			return e, "", "", fmt.Errorf("it is not valid JSON (%v); it was edited after it was written", err)
		}
		return e, hash, chainHash(e.Prev, body), nil
	case len(v) >= 1+sha256.Size && (v[0] == formatCompact || v[0] == formatMigrated):
		body := v[1+sha256.Size:]
		if err := c.decode(body, &e); err != nil {
			return e, "", "", fmt.Errorf("it cannot be decoded (%v); it was edited after it was written", err)
		}
		e.Prev, e.Hash = prev, ""
		recorded = hex.EncodeToString(v[1 : 1+sha256.Size])
		if v[0] == formatMigrated {
			j, err := json.Marshal(e)
			if err != nil {
				return e, "", "", err
			}
			body = j
		}
		computed = chainHash(prev, body)
		e.Hash = recorded
		return e, recorded, computed, nil
	}
	return e, "", "", fmt.Errorf("it is not a stored event; it was edited after it was written")
}

// loadEvent reads event seq for a reader: Prev comes from the event
// before it.
func loadEvent(tx *bbolt.Tx, seq uint64) (sale.Event, error) {
	events := tx.Bucket(bucketEvents)
	v := events.Get(be64(seq))
	if v == nil {
		return sale.Event{}, fmt.Errorf("event %d is missing (run till verify)", seq)
	}
	prev := genesisHash
	if len(v) > 0 && v[0] != formatJSON && seq > 1 {
		h, ok := prevHash(tx, seq) // archive.go: the first event after an archive
		if !ok {
			return sale.Event{}, fmt.Errorf("event %d is missing or unreadable (run till verify)", seq-1)
		}
		prev = h
	}
	e, _, _, err := readEvent(codecOf(tx), v, prev)
	if err != nil {
		return e, fmt.Errorf("event %d is unreadable (run till verify): %v", seq, err)
	}
	return e, nil
}

// encodeSale returns the stored record of s with its events' sequences.
func encodeSale(c *codec, s sale.Sale, seqs []uint64) ([]byte, error) {
	v := make([]byte, 0, 384)
	v = append(v, formatCompact)
	v = binary.AppendUvarint(v, uint64(len(seqs)))
	last := uint64(0)
	for _, q := range seqs {
		v = binary.AppendUvarint(v, q-last)
		last = q
	}
	return c.encode(v, &s)
}

// decodeSale decodes a stored sale record; seqs are its events'
// sequences (for a schema 1 JSON record, nil).
func decodeSale(c *codec, v []byte, wantSeqs bool) (s sale.Sale, seqs []uint64, err error) {
	seqs, err = decodeSaleInto(c, v, wantSeqs, &s)
	return s, seqs, err
}

// decodeSaleInto is decodeSale into *dst, which must be the zero Sale (a
// walk decodes into slots it reuses, so nothing but the strings is
// allocated per record).
func decodeSaleInto(c *codec, v []byte, wantSeqs bool, dst *sale.Sale) (seqs []uint64, err error) {
	return decodeSaleWith(c, salePlan(), v, wantSeqs, dst)
}

// decodeSaleWith is decodeSaleInto with plan p (a projection: project.go).
func decodeSaleWith(c *codec, p *structPlan, v []byte, wantSeqs bool, dst *sale.Sale) (seqs []uint64, err error) {
	if len(v) > 0 && v[0] == formatJSON {
		return nil, json.Unmarshal(v, dst)
	}
	if len(v) == 0 || v[0] != formatCompact {
		return nil, fmt.Errorf("not a sale record")
	}
	r := newReader(v[1:], string(v[1:]))
	n := r.uvarint()
	if n > uint64(r.end-r.i) {
		return nil, errShort
	}
	if wantSeqs {
		seqs = make([]uint64, 0, n)
	}
	last := uint64(0)
	for range n {
		last += r.uvarint()
		if wantSeqs {
			seqs = append(seqs, last)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return seqs, c.decodeAt(&r, p, unsafe.Pointer(dst))
}

var salePlan = sync.OnceValue(func() *structPlan { return planOf(reflect.TypeFor[sale.Sale]()) })

// saleSeqs returns the events' sequences of sale record no in tx (schema 1
// records: from the sale_events bucket).
func saleSeqs(tx *bbolt.Tx, no uint64, v []byte) ([]uint64, error) {
	if len(v) > 0 && v[0] == formatJSON {
		var seqs []uint64
		if b := tx.Bucket(bucketSaleEvents); b != nil {
			prefix := be64(no)
			c := b.Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				seqs = append(seqs, fromBE64(k[8:]))
			}
		}
		return seqs, nil
	}
	_, seqs, err := decodeSaleSeqsOnly(v)
	return seqs, err
}

// decodeSaleSeqsOnly reads the sequences at the front of a compact record.
func decodeSaleSeqsOnly(v []byte) (rest []byte, seqs []uint64, err error) {
	if len(v) == 0 || v[0] != formatCompact {
		return nil, nil, fmt.Errorf("not a sale record")
	}
	r := newReader(v[1:], "")
	n := r.uvarint()
	if n > uint64(r.end-r.i) {
		return nil, nil, errShort
	}
	seqs = make([]uint64, 0, n+1)
	last := uint64(0)
	for range n {
		last += r.uvarint()
		seqs = append(seqs, last)
	}
	return r.b[r.i:], seqs, r.err
}

// eventWalker reads the events of tx in sequence order by Get, tracking
// the hash each recorded, so events from some point on can be rewritten
// (re-chained) while it walks: each event decodes with the hash its
// predecessor had when the walk read it, not the one it was rewritten to.
type eventWalker struct {
	events *bbolt.Bucket
	cd     *codec
	prev   string // the recorded hash of the event before the next one
}

// newEventWalker starts a walk at event from (1 for the whole chain).
func newEventWalker(tx *bbolt.Tx, from uint64) (*eventWalker, error) {
	w := &eventWalker{events: tx.Bucket(bucketEvents), cd: codecOf(tx), prev: genesisHash}
	if from > 1 {
		h, ok := prevHash(tx, from)
		if !ok {
			return nil, fmt.Errorf("event %d is missing or unreadable (run till verify)", from-1)
		}
		w.prev = h
	}
	return w, nil
}

// next reads event seq (the one after the last read) as recorded.
func (w *eventWalker) next(seq uint64) (sale.Event, error) {
	v := w.events.Get(be64(seq))
	if v == nil {
		return sale.Event{}, fmt.Errorf("event %d is missing (run till verify)", seq)
	}
	e, recorded, _, err := readEvent(w.cd, v, w.prev)
	if err != nil {
		return e, fmt.Errorf("event %d is unreadable (run till verify): %v", seq, err)
	}
	w.prev = recorded
	return e, nil
}

// resaveSale stores s again as sale record no, keeping the events'
// sequences the record lists (a rewrite of its values, such as re-sealing,
// that adds no event). Its indexes do not change.
func resaveSale(tx *bbolt.Tx, no uint64, s sale.Sale) error {
	sales := appendBucket(tx, bucketSales)
	k := be64(no)
	seqs, err := saleSeqs(tx, no, sales.Get(k))
	if err != nil {
		return fmt.Errorf("sale record %d is unreadable (run till verify): %v", no, err)
	}
	v, err := encodeSale(codecOf(tx), s, seqs)
	if err != nil {
		return sale.Errorf(sale.CodeInvalid, "sale %s: cannot encode: %v", s.Ref, err)
	}
	return sales.Put(k, v)
}
