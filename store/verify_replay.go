package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"till/sale"

	"go.etcd.io/bbolt"
)

// replayAll replays every sale record from its events. The indexes keyed
// by sale number alone (open, attention) are checked once at the end,
// against the sales that belong in them, instead of a lookup per sale.
func (v *verifier) replayAll(rep *Report) {
	v.replayRange(rep, 0, 0)
	v.checkSets()
}

// replayRange replays the sale records from sale number lo up to, not
// including, hi (0: to the last), collecting the index sets; the caller
// checks them (checkSets) once every range is in.
func (v *verifier) replayRange(rep *Report, lo, hi uint64) {
	if v.sets == nil {
		v.sets = &indexSets{}
	}
	c := v.tx.Bucket(bucketSales).Cursor()
	k, val := c.First()
	if lo > 0 {
		k, val = c.Seek(be64(lo))
	}
	for ; k != nil; k, val = c.Next() {
		if len(k) != 8 {
			rep.Sales++
			v.note(0, "", "a key of %d bytes in the sales bucket is not a sale number", len(k))
			continue
		}
		no := fromBE64(k)
		if hi > 0 && no >= hi {
			break
		}
		rep.Sales++
		v.replay(no, val)
	}
}

// indexSets are the sales replayAll found belong in the open and attention
// indexes, in sale number order, and those it replayed.
type indexSets struct {
	open, attention []indexed
	replayed        []uint64 // bit set: the sales whose replay went through
}

func (x *indexSets) markReplayed(no uint64) {
	for uint64(len(x.replayed)) <= no/64 {
		x.replayed = append(x.replayed, 0)
	}
	x.replayed[no/64] |= 1 << (no % 64)
}

func (x *indexSets) wasReplayed(no uint64) bool {
	return no/64 < uint64(len(x.replayed)) && x.replayed[no/64]&(1<<(no%64)) != 0
}

// indexed is a sale that belongs in an index.
type indexed struct {
	no  uint64
	seq uint64
	ref sale.Reference
	st  sale.State
}

// checkSets compares the open and attention indexes with the sales that
// belong in them (replayAll). An index key of a sale whose replay failed
// is left alone: that sale was noted already.
func (v *verifier) checkSets() {
	v.checkSet(bucketOpen, v.sets.open, "the open-sales index is out of step with state %s")
	if v.indexed(bucketAttention) && v.indexed(bucketTenderUsed) {
		v.checkSet(bucketAttention, v.sets.attention, "the payment-issues index is out of step with the sale (state %s)")
	}
}

func (v *verifier) checkSet(name []byte, want []indexed, why string) {
	c := v.bucket(name).Cursor()
	k, _ := c.First()
	for _, w := range want {
		for ; k != nil && (len(k) != 8 || fromBE64(k) < w.no); k, _ = c.Next() {
			v.extraKey(k, why)
		}
		if k == nil || fromBE64(k) != w.no {
			v.note(w.seq, w.ref, why, w.st)
			continue
		}
		k, _ = c.Next()
	}
	for ; k != nil; k, _ = c.Next() {
		v.extraKey(k, why)
	}
}

// extraKey notes index key k, of a sale that does not belong in the index.
// A sale whose replay failed was noted already and is left alone.
func (v *verifier) extraKey(k []byte, why string) {
	if len(k) != 8 {
		v.note(0, "", "a key of %d bytes in an index of sale numbers is not a sale number", len(k))
		return
	}
	no := fromBE64(k)
	s, ok, err := saleByNo(v.tx, no)
	switch {
	case err != nil:
	case !ok:
		v.note(0, "", "an index of sale numbers names sale %d, which has no record", no)
	case v.sets.wasReplayed(no):
		v.note(s.LastSeq, s.Ref, why, s.State)
	}
}

// replay rebuilds sale no from its events and compares it with the stored
// record and the indexes. A compact record is compared by its bytes with
// the encoding of the replay (one encoding per value: equal bytes are equal
// sales), so it is decoded only when they differ or a problem is named.
func (v *verifier) replay(no uint64, stored []byte) {
	var rec sale.Sale
	var seqs []uint64
	var body []byte
	var err error
	compact := len(stored) > 0 && stored[0] == formatCompact
	if compact {
		body, seqs, err = decodeSaleSeqsOnly(stored)
	} else {
		rec, seqs, err = decodeSale(v.codec, stored, true)
	}
	if err == nil && seqs == nil {
		seqs, err = saleSeqs(v.tx, no, stored)
	}
	if err != nil {
		v.note(v.firstSeq(no, stored), "", "the record of sale %d cannot be read (%v)", no, err)
		return
	}
	decoded := !compact
	record := func() (sale.Sale, error) { // the stored record, decoded once
		if !decoded {
			rec, _, err = decodeSale(v.codec, stored, false)
			decoded = err == nil
		}
		return rec, err
	}
	refOf := func() sale.Reference { r, _ := record(); return r.Ref }
	var s sale.Sale
	var created uint64
	for _, seq := range seqs {
		e, err := v.eventAt(seq)
		if err != nil {
			v.note(seq, refOf(), "%v", err)
			return
		}
		if created == 0 {
			created = seq
		}
		if e.Type.JournalLevel() {
			v.note(seq, e.Ref, "a %s event belongs to the journal, not to a sale", e.Type)
			return
		}
		if s, err = s.Apply(e); err != nil {
			v.note(seq, e.Ref, "replaying it fails: %s", sale.ErrorMessage(err))
			return
		}
	}
	if s.Ref == "" {
		var last uint64
		if len(seqs) > 0 {
			last = seqs[len(seqs)-1]
		}
		v.note(last, refOf(), "sale %d has a record but no events", no)
		return
	}
	if n, ok := saleNo(s.Ref); !ok || n != no {
		v.note(s.LastSeq, s.Ref, "the sale is stored as sale number %d", no)
		return
	}
	// Apply does not know the identity or the shop's time zone: take them from
	// meta and, for the day, check the record is a possible business day of
	// CreatedAt: its calendar day in some time zone (UTC-12 to UTC+14) after
	// the last day closed before it was created, or the day after that one.
	s.StoreID, s.TerminalID = v.m.storeID, v.m.terminalID
	same := false
	if compact {
		if enc, err := v.codec.encode(v.scratch[:0], &s); err == nil {
			v.scratch = enc
			same = bytes.Equal(enc, body)
		}
	}
	if !same {
		if rec, err = record(); err != nil {
			v.note(v.firstSeq(no, stored), s.Ref, "the record of sale %d cannot be read (%v)", no, err)
			return
		}
	}
	day := s.Day
	if !same {
		day = rec.Day
	}
	closed, closedBy := v.closedBefore(created)
	lo, hi := dayAt(s.CreatedAt, -12), dayAt(s.CreatedAt, 14)
	switch {
	case closed != "" && day == sale.NextDay(closed):
	case closed != "" && day <= closed:
		v.note(s.LastSeq, s.Ref, "its business day %s was already closed (event %d) when it was created", day, closedBy)
		return
	case day < lo || day > hi:
		v.note(s.LastSeq, s.Ref, "its business day %s cannot be the day it was created (%s)", day, s.CreatedAt.UTC().Format(time.RFC3339))
		return
	}
	if !same {
		if diff := differingFields(s, rec); diff != "" {
			v.note(s.LastSeq, s.Ref, "the stored sale record differs from the replay of its events in: %s", diff)
			return
		}
	}
	if v.sets != nil {
		v.sets.markReplayed(no)
	}
	switch {
	case !v.hasKeyAfter(bucketByDay, nil, dayKey(s.Day, no)):
		v.note(s.LastSeq, s.Ref, "the sale is missing from the day index")
	case s.Order.Target.Value != "" && !v.hasKey(bucketByTarget, targetKey(s.Order.Target.Value, no)):
		v.note(s.LastSeq, s.Ref, "the sale is missing from the target index")
	case v.sets != nil:
		if s.State.Unresolved() {
			v.sets.open = append(v.sets.open, indexed{no, s.LastSeq, s.Ref, s.State})
		}
	case v.hasKey(bucketOpen, be64(no)) != s.State.Unresolved():
		v.note(s.LastSeq, s.Ref, "the open-sales index is out of step with state %s", s.State)
	}
	switch {
	case v.indexed(bucketByKind) && !v.hasKeyAfter(bucketByKind, []byte(s.Order.Kind), kindKey(s.Order.Kind, no)):
		v.note(s.LastSeq, s.Ref, "the sale is missing from the kind index")
	case v.indexed(bucketBySerial) && serialOf(s) != "" && !v.hasKey(bucketBySerial, serialKey(serialOf(s), no)):
		v.note(s.LastSeq, s.Ref, "the sale is missing from the serial index")
	default:
		v.paymentIndexes(no, s)
	}
}

// paymentIndexes checks sale no against the payment indexes
// (issues_index.go): the payment of this journal it was paid by is marked
// used, and it is in the attention index exactly when sale.PaymentIssue
// says so. A journal verified before its first open with this till has no
// such indexes.
func (v *verifier) paymentIndexes(no uint64, s sale.Sale) {
	if !v.indexed(bucketAttention) || !v.indexed(bucketTenderUsed) {
		return
	}
	if r := s.Order.Tender.Ref; r != "" && r != s.Ref && samePrefix(r, s.Ref) {
		if pno, ok := saleNo(r); ok && v.bucket(bucketSales).Get(be64(pno)) != nil && !v.hasKey(bucketTenderUsed, be64(pno)) {
			v.note(s.LastSeq, s.Ref, "its payment %s is not marked used in the payment index", r)
			return
		}
	}
	used := sale.TenderOf(s.Order.Kind) != "" && v.bucket(bucketTenderUsed).Get(be64(no)) != nil
	_, want := sale.PaymentIssue(s, used)
	switch {
	case v.sets != nil:
		if want {
			v.sets.attention = append(v.sets.attention, indexed{no, s.LastSeq, s.Ref, s.State})
		}
	case v.hasKey(bucketAttention, be64(no)) != want:
		v.note(s.LastSeq, s.Ref, "the payment-issues index is out of step with the sale (state %s)", s.State)
	}
}

// samePrefix reports whether references a and b are of the same journal:
// equal up to their sale numbers.
func samePrefix(a, b sale.Reference) bool {
	i, j := strings.LastIndexByte(string(a), '-'), strings.LastIndexByte(string(b), '-')
	return i == j && a[:max(i, 0)] == b[:max(j, 0)]
}

// eventAt decodes event seq for a replay (its hash was checked by the
// chain walk, so it is only decoded).
func (v *verifier) eventAt(seq uint64) (sale.Event, error) {
	var e sale.Event
	if seq <= v.base && len(v.archives) > 0 {
		return v.archivedEvent(seq) // archive_verify.go: a sale an archive left live
	}
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], seq)
	k, val := v.seekNext(v.cursor(bucketEvents), key[:])
	switch {
	case k == nil || !bytes.Equal(k, key[:]) || len(val) == 0:
		return e, fmt.Errorf("event %d is missing (run till verify)", seq)
	case val[0] == formatJSON:
		if err := json.Unmarshal(val, &e); err != nil {
			return e, fmt.Errorf("event %d is unreadable: %v", seq, err)
		}
	case len(val) > 1+sha256.Size:
		if err := v.codec.decode(val[1+sha256.Size:], &e); err != nil {
			return e, fmt.Errorf("event %d is unreadable: %v", seq, err)
		}
	default:
		return e, fmt.Errorf("event %d is unreadable", seq)
	}
	return e, nil
}

// cursor is the verifier's one cursor of bucket name (nil bucket: a
// cursor of an empty one is never asked for; has checks the bucket).
func (v *verifier) cursor(name []byte) *bbolt.Cursor {
	if c, ok := v.cursors[string(name)]; ok {
		return c
	}
	if v.cursors == nil {
		v.cursors = map[string]*bbolt.Cursor{}
	}
	c := v.bucket(name).Cursor()
	v.cursors[string(name)] = c
	return c
}

// hasKey reports whether bucket name holds key, with the verifier's cursor.
func (v *verifier) hasKey(name, key []byte) bool {
	if v.bucket(name) == nil {
		return false
	}
	k, _ := v.seekNext(v.cursor(name), key)
	return bytes.Equal(k, key)
}

// hasKeyAfter is hasKey with a cursor of its own for the keys of bucket
// name that start with prefix, for keys asked in order (sale numbers
// ascending): each is most often the key after the one asked before.
func (v *verifier) hasKeyAfter(name, prefix, key []byte) bool {
	if v.bucket(name) == nil {
		return false
	}
	id := string(name) + "\x00" + string(prefix)
	c, ok := v.cursors[id]
	if !ok {
		c = v.bucket(name).Cursor()
		if v.cursors == nil {
			v.cursors = map[string]*bbolt.Cursor{}
		}
		v.cursors[id] = c
		k, _ := c.Seek(key)
		return bytes.Equal(k, key)
	}
	k, _ := v.seekNext(c, key)
	return bytes.Equal(k, key)
}

// seekNext is c.Seek(key) that first tries the key after c's position.
func (v *verifier) seekNext(c *bbolt.Cursor, key []byte) ([]byte, []byte) {
	if k, val := c.Next(); bytes.Equal(k, key) {
		return k, val
	}
	return c.Seek(key)
}

// indexed reports whether the journal has index bucket name (schema 1
// journals, verified read-only before their migration, have not).
func (v *verifier) indexed(name []byte) bool { return v.bucket(name) != nil }

// bucket is bucket name of the verifier's transaction (nil if none), looked
// up once.
func (v *verifier) bucket(name []byte) *bbolt.Bucket {
	if b, ok := v.buckets[string(name)]; ok {
		return b
	}
	if v.buckets == nil {
		v.buckets = map[string]*bbolt.Bucket{}
	}
	b := v.tx.Bucket(name)
	v.buckets[string(name)] = b
	return b
}

// firstSeq is the sequence of the first event of sale no, 0 if none.
func (v *verifier) firstSeq(no uint64, stored []byte) uint64 {
	if seqs, err := saleSeqs(v.tx, no, stored); err == nil && len(seqs) > 0 {
		return seqs[0]
	}
	return 0
}

func dayAt(t time.Time, hours int) string {
	z, ok := dayZones[hours]
	if !ok {
		z = time.FixedZone("", hours*3600)
	}
	y, m, d := t.In(z).Date()
	if y < 0 || y > 9999 {
		return t.In(z).Format(dayLayout)
	}
	b := [dayLen]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + int(m)/10), byte('0' + int(m)%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}

// dayZones are the fixed zones dayAt is asked for on every sale.
var dayZones = map[int]*time.Location{-12: time.FixedZone("", -12*3600), 14: time.FixedZone("", 14*3600)}

func has(b *bbolt.Bucket, key []byte) bool {
	k, _ := b.Cursor().Seek(key)
	return bytes.Equal(k, key)
}

// differingFields compares the JSON of two sales field by field and names
// the top-level fields that differ ("" if none).
func differingFields(a, b sale.Sale) string {
	ma, errA := fields(a)
	mb, errB := fields(b)
	if err := errors.Join(errA, errB); err != nil {
		return "(cannot encode: " + err.Error() + ")"
	}
	var diff []string
	for k, va := range ma {
		if vb, ok := mb[k]; !ok || !bytes.Equal(va, vb) {
			diff = append(diff, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			diff = append(diff, k)
		}
	}
	sort.Strings(diff)
	out := ""
	for i, d := range diff {
		if i > 0 {
			out += ", "
		}
		out += d
	}
	return out
}

func fields(s sale.Sale) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	return m, json.Unmarshal(b, &m)
}
