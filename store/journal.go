package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

var _ sale.Journal = (*DB)(nil)

// Create assigns the next reference, journals the NEW event for o and
// returns the sale, all in one transaction committed with fsync. An invalid
// order returns the *sale.Error of o.Validate and writes nothing.
func (db *DB) Create(o sale.Order, at time.Time) (sale.Sale, error) {
	if err := o.Validate(); err != nil {
		return sale.Sale{}, err
	}
	if at.IsZero() {
		return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "a sale needs the time it was made")
	}
	var out sale.Sale
	var no uint64
	err := db.update(func(tx *bbolt.Tx) error {
		var err error
		no, out, err = db.createTx(tx, o, at)
		return err
	})
	if err != nil {
		return sale.Sale{}, err
	}
	db.committed(no)
	return db.openSale(out), nil
}

// committed notes in the continuity record that sale number no is
// committed (continuity.go: the .used file, no fsync).
func (db *DB) committed(no uint64) {
	if db.cont != nil {
		db.cont.markUsed(no)
	}
}

// createTx is Create inside tx: it assigns the sale number and reference,
// takes the business day from businessDay (the calendar day, or the day
// after the last closed one) and journals the created event.
func (db *DB) createTx(tx *bbolt.Tx, o sale.Order, at time.Time) (uint64, sale.Sale, error) {
	if db.gap != nil {
		return 0, sale.Sale{}, sale.JournalErrorf("%s", db.gap.Error())
	}
	no, err := tx.Bucket(bucketSales).NextSequence()
	if err != nil {
		return 0, sale.Sale{}, err
	}
	// The continuity record covers no before the sale is committed: past
	// the reserved block it reserves the next one (one fsync per block).
	if db.cont != nil && db.cont.rec != nil {
		if err := db.cont.reserve(no); err != nil {
			return 0, sale.Sale{}, sale.JournalErrorf("%v; nothing was sold", err)
		}
	}
	ref, err := sale.NewReference(db.storeID, db.terminalID, db.installTag, no)
	if err != nil {
		return 0, sale.Sale{}, sale.Errorf(sale.CodeInternal, "cannot make the reference of sale %d: %v", no, err)
	}
	order := o
	if err := db.sealOrder(ref, &order); err != nil { // seal.go
		return 0, sale.Sale{}, err
	}
	e := sale.Event{Ref: ref, Type: sale.EventCreated, At: at, State: sale.StateNew, Order: &order, Day: db.businessDay(tx, at)}
	if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
		return 0, sale.Sale{}, err
	}
	s, err := sale.Sale{}.Apply(e)
	if err != nil {
		return 0, sale.Sale{}, err
	}
	s.StoreID, s.TerminalID = db.storeID, db.terminalID
	if err := putEvent(tx, no, &e); err != nil {
		return 0, sale.Sale{}, err
	}
	if err := putSale(tx, no, s, true, e.Seq); err != nil {
		return 0, sale.Sale{}, err
	}
	return no, s, nil
}

// Append validates e against the sale's current state with Sale.Apply,
// assigns its Seq, Prev and Hash, journals it and returns the sale after it,
// in one transaction committed with fsync. An illegal transition returns the
// *sale.Error of Apply (CodeConflict) and writes nothing. Created events are
// refused (a sale is created only by Create), and so are journal-level
// events (CloseDay, RecordSecretsExport).
func (db *DB) Append(e sale.Event) (sale.Sale, error) {
	switch {
	case e.Type == sale.EventCreated:
		return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "sale %s: a created event is written by Create, never appended", e.Ref)
	case e.Type == "":
		return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "sale %s: event has no type", e.Ref)
	case e.Type.JournalLevel():
		return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "a %s event belongs to the journal, not to sale %s", e.Type, e.Ref)
	case e.At.IsZero():
		return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "sale %s: %s event has no time", e.Ref, e.Type)
	}
	if e.Cash != nil {
		if err := checkCashMove(e); err != nil { // drawer.go
			return sale.Sale{}, err
		}
	}
	if err := db.sealEvent(&e); err != nil { // seal.go
		return sale.Sale{}, err
	}
	var out sale.Sale
	err := db.update(func(tx *bbolt.Tx) error {
		no, cur, err := loadSale(tx, e.Ref)
		if err != nil {
			return err
		}
		if e.Cash != nil {
			e.Day = db.businessDay(tx, e.At) // the day the cash moved
		}
		if out, err = appendTx(tx, no, cur, e); err != nil || e.Cash == nil {
			return err
		}
		return indexCash(tx, e.Day, out.LastSeq)
	})
	if isNotFound(err) {
		return db.appendArchived(e, err) // archive.go
	}
	if err != nil {
		return sale.Sale{}, err
	}
	return db.openSale(out), nil
}

// appendTx is Append inside tx for sale number no, currently cur.
func appendTx(tx *bbolt.Tx, no uint64, cur sale.Sale, e sale.Event) (sale.Sale, error) {
	var err error
	if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
		return sale.Sale{}, err
	}
	e.Prev, e.Hash = "", ""
	next, err := cur.Apply(e)
	if err != nil {
		return sale.Sale{}, err // the transaction rolls back: nothing is written
	}
	if err := putEvent(tx, no, &e); err != nil {
		return sale.Sale{}, err
	}
	if err := putSale(tx, no, next, false, e.Seq); err != nil {
		return sale.Sale{}, err
	}
	return next, nil
}

// putEvent links e to the hash-chain head, stores it under e.Seq and moves
// the head to it. The sale record (putSale) lists it.
func putEvent(tx *bbolt.Tx, no uint64, e *sale.Event) error {
	return chainEvent(tx, e)
}

// chainEvent links e (whose Seq is assigned) to the hash-chain head, stores
// it under e.Seq and moves the head to it. It indexes nothing: journal-level
// events (sale.EventType.JournalLevel) are written by it alone.
func chainEvent(tx *bbolt.Tx, e *sale.Event) error {
	m := tx.Bucket(bucketMeta)
	e.Prev = string(m.Get(keyHeadHash))
	v, hash, err := encodeEvent(codecOf(tx), *e)
	if err != nil {
		return sale.Errorf(sale.CodeInvalid, "sale %s: cannot encode %s event: %v", e.Ref, e.Type, err)
	}
	e.Hash = hash
	if err := appendBucket(tx, bucketEvents).Put(be64(e.Seq), v); err != nil {
		return err
	}
	if err := m.Put(keyHeadSeq, be64(e.Seq)); err != nil {
		return err
	}
	return m.Put(keyHeadHash, []byte(e.Hash))
}

// chainHash is the hash of an event: hex SHA-256 over prev followed by the
// event's JSON with Hash empty.
func chainHash(prev string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// hashField ends the stored form of every schema 1 event: its JSON without
// Hash (which always ends in '}') with `,"hash":"<64 hex>"}` added, byte for
// byte what json.Marshal gave for the event with Hash set, since Hash is
// the last field of sale.Event.
const hashField = `,"hash":"`

// sealedTail is the length of the tail a schema 1 event ends with.
const sealedTail = len(hashField) + sha256.Size*2 + len(`"}`)

// unsealEvent splits a stored event into the body that was hashed and the
// hash recorded with it.
func unsealEvent(v []byte) (body []byte, hash string, ok bool) {
	if len(v) < sealedTail+2 || !bytes.HasSuffix(v, []byte(`"}`)) {
		return nil, "", false
	}
	i := len(v) - sealedTail
	if string(v[i:i+len(hashField)]) != hashField {
		return nil, "", false
	}
	hash = string(v[i+len(hashField) : len(v)-2])
	body = make([]byte, 0, i+1)
	body = append(append(body, v[:i]...), '}')
	return body, hash, true
}

// putSale stores s as sale no, whose last event is seq, and keeps the
// indexes in step. The day and target never change after creation, so they
// are indexed only when created.
func putSale(tx *bbolt.Tx, no uint64, s sale.Sale, created bool, seq uint64) error {
	k := be64(no)
	sales := appendBucket(tx, bucketSales)
	var seqs []uint64
	if !created {
		var err error
		if _, seqs, err = decodeSaleSeqsOnly(sales.Get(k)); err != nil {
			return fmt.Errorf("sale record %d is unreadable (run till verify): %v", no, err)
		}
	}
	v, err := encodeSale(codecOf(tx), s, append(seqs, seq))
	if err != nil {
		return sale.Errorf(sale.CodeInvalid, "sale %s: cannot encode: %v", s.Ref, err)
	}
	if err := sales.Put(k, v); err != nil {
		return err
	}
	if created {
		if err := appendBucket(tx, bucketByDay).Put(dayKey(s.Day, no), nil); err != nil {
			return err
		}
		if t := s.Order.Target.Value; t != "" {
			if err := tx.Bucket(bucketByTarget).Put(targetKey(t, no), nil); err != nil {
				return err
			}
		}
		kinds := tx.Bucket(bucketByKind)
		kinds.FillPercent = appendFill // each kind's keys only grow at its end
		if err := kinds.Put(kindKey(s.Order.Kind, no), nil); err != nil {
			return err
		}
	}
	if serial := serialOf(s); serial != "" {
		if b := tx.Bucket(bucketBySerial); !has(b, serialKey(serial, no)) {
			if err := b.Put(serialKey(serial, no), nil); err != nil {
				return err
			}
		}
	}
	// The open index is written only when the sale enters or leaves it, so
	// most commits leave its pages alone.
	open := tx.Bucket(bucketOpen)
	switch in := has(open, k); {
	case s.State.Unresolved() && !in:
		if err := open.Put(k, nil); err != nil {
			return err
		}
	case !s.State.Unresolved() && in:
		if err := open.Delete(k); err != nil {
			return err
		}
	}
	return indexPayments(tx, no, s, created) // issues_index.go
}

// saleNo returns the sale number of a reference of this journal: its last
// "-" part, written without leading zeros.
func saleNo(ref sale.Reference) (uint64, bool) {
	s := string(ref)
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		s = s[i+1:]
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 || strconv.FormatUint(n, 10) != s {
		return 0, false
	}
	return n, true
}

func notFound(ref sale.Reference) error {
	return sale.Errorf(sale.CodeNotFound, "no sale %s in this journal", ref)
}

// loadSale reads the sale with reference ref.
func loadSale(tx *bbolt.Tx, ref sale.Reference) (uint64, sale.Sale, error) {
	no, ok := saleNo(ref)
	if !ok {
		return 0, sale.Sale{}, notFound(ref)
	}
	s, ok, err := saleByNo(tx, no)
	if err != nil {
		return 0, sale.Sale{}, err
	}
	if !ok || s.Ref != ref {
		return 0, sale.Sale{}, notFound(ref)
	}
	return no, s, nil
}

// saleByNo reads sale number no; ok is false if there is none.
func saleByNo(tx *bbolt.Tx, no uint64) (s sale.Sale, ok bool, err error) {
	return saleIn(codecOf(tx), tx.Bucket(bucketSales).Cursor(), no)
}

// saleIn reads sale number no with a cursor of the sales bucket and codec
// c (walks that read many reuse one cursor: no allocation per lookup).
func saleIn(c *codec, sales *bbolt.Cursor, no uint64) (s sale.Sale, ok bool, err error) {
	ok, err = saleInto(c, sales, no, &s)
	return s, ok, err
}

// saleInto is saleIn decoding into *dst, the zero Sale.
func saleInto(c *codec, sales *bbolt.Cursor, no uint64, dst *sale.Sale) (ok bool, err error) {
	return saleIntoWith(c, salePlan(), sales, no, dst)
}

// saleIntoWith is saleInto decoding with plan p (project.go).
func saleIntoWith(c *codec, p *structPlan, sales *bbolt.Cursor, no uint64, dst *sale.Sale) (ok bool, err error) {
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], no)
	k, v := sales.Seek(key[:])
	if k == nil || !bytes.Equal(k, key[:]) || v == nil {
		return false, nil
	}
	if _, err := decodeSaleWith(c, p, v, false, dst); err != nil { // copies out of the transaction
		*dst = sale.Sale{}
		return false, fmt.Errorf("sale record %d is unreadable (run till verify): %v", no, err)
	}
	return true, nil
}

// Sale returns the current state of the sale ref, or a *sale.Error with
// CodeNotFound.
func (db *DB) Sale(ref sale.Reference) (sale.Sale, error) {
	var s sale.Sale
	read := func(tx *bbolt.Tx) error {
		var err error
		_, s, err = loadSale(tx, ref)
		return err
	}
	err := db.view(read)
	if isNotFound(err) {
		if ok, aerr := db.inArchive(ref, read); ok { // archive.go
			err = aerr
		}
	}
	return db.openSale(s), err
}

// Events returns every event of the sale ref, oldest first, using the
// per-sale index. An unknown sale is CodeNotFound.
func (db *DB) Events(ref sale.Reference) ([]sale.Event, error) {
	var out []sale.Event
	read := func(tx *bbolt.Tx) error {
		out = out[:0]
		no, _, err := loadSale(tx, ref)
		if err != nil {
			return err
		}
		seqs, err := saleSeqs(tx, no, tx.Bucket(bucketSales).Get(be64(no)))
		if err != nil {
			return fmt.Errorf("sale record %d is unreadable (run till verify): %v", no, err)
		}
		base, _ := chainBase(tx)
		for _, seq := range seqs {
			var e sale.Event
			var err error
			if seq <= base {
				// archive.go: a sale an archive left live; read after tx.
				out = append(out, sale.Event{Seq: seq})
				continue
			} else {
				e, err = loadEvent(tx, seq)
			}
			if err != nil {
				return err
			}
			out = append(out, db.openEvent(e))
		}
		return nil
	}
	err := db.view(read)
	if isNotFound(err) {
		if ok, aerr := db.inArchive(ref, read); ok { // archive.go
			err = aerr
		}
	}
	for i := range out {
		if err == nil && out[i].Ref == "" {
			var e sale.Event
			if e, err = db.archivedEvent(out[i].Seq); err == nil {
				out[i] = db.openEvent(e)
			}
		}
	}
	return out, err
}

// Unresolved returns every sale whose state is Unresolved, oldest first. It
// reads only the open index, so it does not grow with the journal.
func (db *DB) Unresolved() ([]sale.Sale, error) {
	var out []sale.Sale
	err := db.view(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketOpen).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			s, ok, err := saleByNo(tx, fromBE64(k))
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("open index names sale %d, which is missing (run till verify)", fromBE64(k))
			}
			out = append(out, s)
		}
		return nil
	})
	return db.openSales(out), err
}

// Catalogue returns the cached product list of provider, or the zero
// Catalogue if none was saved.
func (db *DB) Catalogue(provider string) (sale.Catalogue, error) {
	var c sale.Catalogue
	err := db.view(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketCatalogue).Get([]byte(provider))
		if v == nil {
			return nil
		}
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("catalogue of %s is unreadable: %v", provider, err)
		}
		return nil
	})
	return c, err
}

// catalogueRewriteAfter is how old the cached catalogue's FetchedAt may get
// before an unchanged product list is written again (to keep its age
// honest): an unchanged catalogue costs no durable commit within it.
const catalogueRewriteAfter = time.Hour

// SaveCatalogue replaces the cached product list of c.Provider. A product
// list equal to the cached one, fetched within catalogueRewriteAfter of it,
// is not written again (a sale refreshes the catalogue, and must not pay a
// commit for it).
func (db *DB) SaveCatalogue(c sale.Catalogue) error {
	if c.Provider == "" {
		return sale.Errorf(sale.CodeInvalid, "a catalogue needs a provider name")
	}
	v, err := json.Marshal(c)
	if err != nil {
		return sale.Errorf(sale.CodeInvalid, "catalogue of %s cannot be encoded: %v", c.Provider, err)
	}
	if old, err := db.Catalogue(c.Provider); err == nil && old.Provider == c.Provider &&
		!c.FetchedAt.Before(old.FetchedAt) && c.FetchedAt.Sub(old.FetchedAt) < catalogueRewriteAfter {
		a, errA := json.Marshal(old.Products)
		b, errB := json.Marshal(c.Products)
		if errA == nil && errB == nil && bytes.Equal(a, b) {
			return nil
		}
	}
	return db.update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketCatalogue).Put([]byte(c.Provider), v)
	})
}
