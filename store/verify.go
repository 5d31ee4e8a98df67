package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// Report is the result of checking a journal's integrity.
type Report struct {
	Events int    // events walked along the hash chain
	Sales  int    // sale records replayed from their events
	Head   string // hash of the last event walked (64 zeros if none)
	// Bad is the first problem found, by event sequence; nil means the
	// journal is intact.
	Bad *BadEvent
	// Pages are the problems bbolt's own consistency check (Tx.Check)
	// found in the file's pages (at most maxPageProblems), and Damaged the
	// panic a damaged page caused while the chain was walked ("" if none).
	Pages   []string
	Damaged string
	// From is the event the chain was checked from: 1 for a full check, or
	// the event after the verified point an incremental check started at
	// (VerifyOptions.From). Restarted says why an incremental check was
	// done in full instead ("" if it was not).
	From      uint64
	Restarted string
	// Signatures counts the signed checkpoints whose signature holds (the
	// last at event SignedTo, by key SignedBy); Keys are the public keys
	// the journal accepts, its root key first, and PublicKey the one in
	// force at its end (hex; sign.go). None for a journal never signed.
	Signatures int
	SignedTo   uint64
	SignedBy   string
	Keys       []string
	PublicKey  string
}

// maxPageProblems caps the page problems kept in a Report.
const maxPageProblems = 20

// OK reports whether no problem was found.
func (r Report) OK() bool { return r.Bad == nil && len(r.Pages) == 0 && r.Damaged == "" }

// Problems lists every problem found, for a person; empty when OK.
func (r Report) Problems() []string {
	var out []string
	for _, p := range r.Pages {
		out = append(out, "page check: "+p)
	}
	if r.Damaged != "" {
		out = append(out, "damaged: "+r.Damaged)
	}
	if r.Bad != nil {
		out = append(out, r.Bad.String())
	}
	return out
}

// checkPages runs bbolt's page consistency check in tx.
func checkPages(tx *bbolt.Tx, rep *Report) {
	n := 0
	for err := range tx.Check() {
		if n < maxPageProblems {
			// bbolt reports a page its check could not walk as "panic: ...".
			rep.Pages = append(rep.Pages, strings.TrimPrefix(err.Error(), "panic: "))
		}
		n++
	}
	if n > maxPageProblems {
		rep.Pages = append(rep.Pages, fmt.Sprintf("and %d more page problems", n-maxPageProblems))
	}
}

// BadEvent names the first event found wrong and why.
type BadEvent struct {
	Seq    uint64
	Ref    sale.Reference // empty when the event cannot be read
	Reason string
}

// String formats b for a person: "event 12 (ref ...): reason".
func (b BadEvent) String() string {
	if b.Ref == "" {
		return fmt.Sprintf("event %d: %s", b.Seq, b.Reason)
	}
	return fmt.Sprintf("event %d (sale %s): %s", b.Seq, b.Ref, b.Reason)
}

// Verify checks the whole journal inside one read transaction: it walks
// every event in order, recomputes each hash over the bytes stored, checks
// every Prev link, sequence gaps and the head kept in meta, then replays
// each sale's events with Sale.Apply and compares the result with the stored
// sale record and its index entries. Problems are reported in Report.Bad (the
// first one by sequence); the error is for a journal that cannot be read at
// all.
func (db *DB) Verify() (Report, error) {
	rep, _, err := db.VerifyWith(VerifyOptions{}) // verify_incremental.go
	return rep, err
}

// VerifyFile verifies the journal at path opened read-only, without knowing
// its store or terminal, for `till verify`. A running till holding the file
// makes it fail with ErrLocked; a file that is not a journal with ErrCorrupt.
func VerifyFile(path string) (Report, error) {
	rep, _, err := VerifyFileWith(path, VerifyOptions{})
	return rep, err
}

// verifyTxFrom is Verify inside tx from the verified point of o (none: in
// full): bbolt's page check (when pages is set: tx must then be read-only
// on a file no one writes), then the chain and the sales. bbolt panics on
// some damaged pages; that is reported in Report.Damaged, with the page
// problems found.
// Given a second read transaction of the same file (replayTx), a full check
// replays the sales on it, on a goroutine of its own, while the chain is
// walked: the replay takes the day closes from the closed-days index,
// which the chain walk checks against the close events.
func verifyTxFrom(tx, replayTx *bbolt.Tx, path string, pages bool, o VerifyOptions) (rep Report, err error) {
	if pages {
		checkPages(tx, &rep)
	}
	defer func() {
		if r := recover(); r != nil {
			rep.Damaged = fmt.Sprint(r)
			err = nil
		}
	}()
	m, err := readMeta(tx, path)
	if err != nil {
		if len(rep.Pages) > 0 {
			rep.Damaged, err = err.Error(), nil
		}
		return rep, err
	}
	v := verifier{tx: tx, m: m, codec: codecOf(tx), progress: o.Progress}
	if o.From > 0 {
		if why := v.startAt(o.From, o.FromHash); why != "" {
			rep.Restarted = why
			v = verifier{tx: tx, m: m, codec: codecOf(tx), progress: o.Progress}
		}
	}
	rep.From = v.from + 1
	if tx.Bucket(bucketArchives) != nil {
		v.archives, _ = archivesOf(tx)
		v.dir = filepath.Dir(path)
		if o.ArchiveDir != "" {
			v.dir = o.ArchiveDir
		}
		if v.from > 0 {
			v.base, v.baseHash = chainBase(tx)
		}
	}
	if base, baseHash := chainBase(tx); v.from == 0 && (base > 0 || tx.Bucket(bucketArchives) != nil) {
		if tx.Bucket(bucketMeta).Get(keyArchiveYear) != nil {
			// An archive verified on its own: from the head it continues.
			v.base, v.baseHash, rep.From = base, baseHash, base+1
		} else {
			v.walkArchives(&rep, v.dir) // archive_verify.go: the archived years first
		}
		replayTx = nil
	}
	var replayed chan Report
	rv := &verifier{tx: replayTx, m: m, codec: codecOf(tx)}
	if v.from == 0 && replayTx != nil {
		rv.loadCloses(^uint64(0))
		replayed = make(chan Report, 1)
		go func() {
			var rr Report
			defer func() {
				if r := recover(); r != nil {
					rr.Damaged = fmt.Sprint(r)
				}
				replayed <- rr
			}()
			rv.replayAll(&rr)
		}()
	}
	v.chain(&rep)
	v.closedIndex()
	v.drawerIndex()    // drawer.go
	v.verifyCashiers() // cashier.go
	if v.from == 0 {
		v.verifyArchiveReprints() // archive_verify.go
	}
	switch {
	case replayed != nil:
		rr := <-replayed
		rep.Sales = rr.Sales
		if rr.Damaged != "" && rep.Damaged == "" {
			rep.Damaged = rr.Damaged
		}
		if b := rv.bad; b != nil {
			v.note(b.Seq, b.Ref, "%s", b.Reason)
		}
	case v.from > 0:
		v.replayTouched(&rep)
	default:
		v.replayAll(&rep)
	}
	rep.Bad = v.bad
	v.finishSignatures() // sign.go
	rep.Bad = v.bad
	rep.Signatures, rep.SignedTo, rep.SignedBy, rep.Keys, rep.PublicKey = v.sig.signed, v.sig.lastSeq, v.sig.lastKey, v.sig.keys, v.sig.current
	return rep, nil
}

type verifier struct {
	tx    *bbolt.Tx
	codec *codec
	// from is the verified point an incremental check starts after (0: a
	// full check), fromHash its hash; touched the sales whose events
	// follow it; progress, if set, is told how far the chain walk is.
	from     uint64
	fromHash string
	// base and baseHash are the event the chain of v.tx's file continues
	// from (archive.go; 0: the genesis); walked the last event of the
	// archives walked so far, closeStart the first of v.closes in this file.
	base       uint64
	baseHash   string
	archives   []archiveInfo // of the live journal, in dir
	dir        string
	walked     uint64
	closeStart int
	scratch    []byte // reused by replay
	cursors    map[string]*bbolt.Cursor
	buckets    map[string]*bbolt.Bucket
	// sets, in a replay of every sale, collects the sales that belong in
	// the indexes keyed by sale number (replayAll).
	sets     *indexSets
	touched  map[uint64]bool
	progress func(done, total uint64)
	m        meta
	bad      *BadEvent
	// closes are the day-closed events walked, in sequence order.
	closes []closeMark
	// cashiers are the latest cashier records the chain holds (cashier.go).
	cashiers map[string]cashierMark
	// cash are the drawer index keys the chain's cash-moving events need
	// (drawer.go), with their sequence.
	cash map[string]uint64
	// sig follows the key events (sign.go).
	sig sigState
	// reprints counts the copies of archived sales the chain journals, by
	// sale number (archive_verify.go).
	reprints map[uint64]int64
}

// closeMark is one sale.EventDayClosed: the day it closed and its sequence.
type closeMark struct {
	seq uint64
	day string
}

// note keeps the problem with the smallest sequence.
func (v *verifier) note(seq uint64, ref sale.Reference, format string, args ...any) {
	if v.bad == nil || seq < v.bad.Seq {
		v.bad = &BadEvent{Seq: seq, Ref: ref, Reason: fmt.Sprintf(format, args...)}
	}
}

// chain walks the events bucket and stops at the first broken link.
func (v *verifier) chain(rep *Report) {
	prev, want := genesisHash, uint64(1)
	if v.base > 0 {
		prev, want = v.baseHash, v.base+1 // archive.go: the chain continues from an archive
	}
	if v.from > 0 {
		prev, want = v.fromHash, v.from+1
	}
	rep.Head = prev
	events := v.tx.Bucket(bucketEvents)
	c := events.Cursor()
	k, val := c.First()
	if v.from > 0 {
		k, val = c.Seek(be64(want))
	}
	total := events.Sequence()
	for ; k != nil; k, val = c.Next() {
		if v.progress != nil && want%progressEvery == 0 {
			v.progress(want, total)
		}
		if len(k) != 8 {
			v.note(want, "", "a key of %d bytes in the events bucket is not an event number", len(k))
			return
		}
		seq := fromBE64(k)
		if seq != want {
			v.note(want, "", "event %d is missing: event %d follows event %d", want, seq, want-1)
			return
		}
		e, hash, computed, err := v.chainEvent(val, prev)
		if err != nil {
			v.note(seq, "", "%v", err)
			return
		}
		switch {
		case e.Seq != seq:
			v.note(seq, e.Ref, "it records sequence %d but is stored as event %d", e.Seq, seq)
			return
		case computed != hash || e.Hash != hash:
			if len(val) > 0 && val[0] != formatJSON {
				// Prev is not stored: an edit of the event before, rehashed,
				// shows here.
				v.note(seq, e.Ref, "its content does not match its hash; it, or the event before it, was edited after it was written")
				return
			}
			v.note(seq, e.Ref, "its content does not match its hash; it was edited after it was written")
			return
		case e.Prev != prev:
			v.note(seq, e.Ref, "its prev link does not match the hash of event %d; an event was removed, replaced or reordered", seq-1)
			return
		}
		if e.Ref == "" || e.Type.JournalLevel() {
			v.journalEvent(e)
		} else if v.from > 0 {
			if no, ok := saleNo(e.Ref); ok {
				v.touched[no] = true
			} else {
				v.note(seq, e.Ref, "it names a reference that is not a sale of this journal")
			}
		}
		v.cashEvent(e) // drawer.go
		prev, rep.Head = hash, hash
		rep.Events++
		want++
	}
	last := want - 1
	switch {
	case v.m.headSeq > last:
		v.note(last+1, "", "events %d to %d are missing: the journal head is event %d", last+1, v.m.headSeq, v.m.headSeq)
	case v.m.headSeq < last:
		v.note(v.m.headSeq+1, "", "event %d is beyond the journal head (event %d); it was added outside the till", v.m.headSeq+1, v.m.headSeq)
	case v.m.headHash != prev:
		v.note(last, "", "the journal head records another hash for event %d; the last event was replaced", last)
	case events.Sequence() != last:
		v.note(last+1, "", "the event counter is %d but the last event is %d", events.Sequence(), last)
	}
}

// eventHead is what the chain walk needs of an event of a sale (the cash
// it moves, for the drawer index: drawer.go): the rest is decoded when the
// sale is replayed.
type eventHead struct {
	Seq  uint64         `json:"seq"`
	Ref  sale.Reference `json:"ref"`
	Type sale.EventType `json:"type"`
	Day  string         `json:"day"`
	Cash *sale.CashMove `json:"cash"`
}

// chainEvent is readEvent for the chain walk: an event stored by schema 2
// is hashed over its bytes and only its head decoded, unless it belongs to
// the journal (its checks need all of it).
func (v *verifier) chainEvent(val []byte, prev string) (e sale.Event, recorded, computed string, err error) {
	if len(val) < 1+sha256.Size || val[0] != formatCompact {
		return readEvent(v.codec, val, prev)
	}
	var h eventHead
	body := val[1+sha256.Size:]
	if err := v.codec.decode(body, &h); err != nil {
		return e, "", "", fmt.Errorf("it cannot be decoded (%v); it was edited after it was written", err)
	}
	if h.Ref == "" || h.Type.JournalLevel() {
		return readEvent(v.codec, val, prev)
	}
	sum := sha256.New()
	sum.Write([]byte(prev))
	sum.Write(body)
	recorded = hex.EncodeToString(val[1 : 1+sha256.Size])
	if raw := sum.Sum(v.scratch[:0]); bytes.Equal(raw, val[1:1+sha256.Size]) {
		computed = recorded // one hex encoding per event, not two
	} else {
		computed = hex.EncodeToString(raw)
	}
	e = sale.Event{Seq: h.Seq, Ref: h.Ref, Type: h.Type, Day: h.Day, Cash: h.Cash, Prev: prev, Hash: recorded}
	return e, recorded, computed, nil
}

// journalEvent checks an event that belongs to the journal rather than to
// one sale (its hash and link are already checked): a day close must name a
// day after the last one closed, and who closed it.
func (v *verifier) journalEvent(e sale.Event) {
	switch {
	case !e.Type.JournalLevel():
		v.note(e.Seq, e.Ref, "it names no sale but is a %q event, which belongs to a sale", e.Type)
	case e.Ref != "":
		v.note(e.Seq, e.Ref, "a %s event belongs to the journal, not to a sale", e.Type)
	case e.By == "":
		v.note(e.Seq, "", "the %s event does not say who did it", e.Type)
	case e.Type.AuthEvent():
		v.cashierEvent(e) // cashier.go
	case e.Type.KeyEvent():
		v.keyEvent(e) // sign.go
	case e.Type == sale.EventArchiveReprinted:
		v.archiveReprint(e) // archive_verify.go
	case e.Type == sale.EventDayClosed:
		if checkDay("day", e.Day) != nil {
			v.note(e.Seq, "", "it closes %q, which is not a day", e.Day)
			return
		}
		if n := len(v.closes); n > 0 && e.Day <= v.closes[n-1].day {
			last := v.closes[n-1]
			v.note(e.Seq, "", "it closes day %s, but day %s was already closed by event %d", e.Day, last.day, last.seq)
			return
		}
		v.closes = append(v.closes, closeMark{seq: e.Seq, day: e.Day})
	}
}

// closedIndex checks the closed-days index lists exactly the day-closed
// events walked.
func (v *verifier) closedIndex() {
	want := map[string]uint64{}
	for _, c := range v.closes[v.closeStart:] {
		want[c.day] = c.seq
	}
	if b := v.tx.Bucket(bucketClosed); b != nil {
		c := b.Cursor()
		for k, val := c.First(); k != nil; k, val = c.Next() {
			seq, ok := want[string(k)]
			switch {
			case len(val) != 8:
				v.note(0, "", "the closed-days index entry of %q is damaged", k)
			case !ok:
				v.note(fromBE64(val), "", "the closed-days index says day %s was closed by event %d, which does not close it", k, fromBE64(val))
			case seq != fromBE64(val):
				v.note(seq, "", "the closed-days index names event %d for day %s", fromBE64(val), k)
			}
			delete(want, string(k))
		}
	}
	for day, seq := range want {
		v.note(seq, "", "it closes day %s, which is missing from the closed-days index", day)
	}
}

// closedBefore returns the last day closed by an event before seq ("" if
// none) and that event's sequence.
func (v *verifier) closedBefore(seq uint64) (string, uint64) {
	i := sort.Search(len(v.closes), func(i int) bool { return v.closes[i].seq >= seq })
	if i == 0 {
		return "", 0
	}
	return v.closes[i-1].day, v.closes[i-1].seq
}

// replayAll replays every sale record from its events. The indexes keyed
// by sale number alone (open, attention) are checked once at the end,
// against the sales that belong in them, instead of a lookup per sale.
func (v *verifier) replayAll(rep *Report) {
	v.sets = &indexSets{}
	c := v.tx.Bucket(bucketSales).Cursor()
	for k, val := c.First(); k != nil; k, val = c.Next() {
		rep.Sales++
		if len(k) != 8 {
			v.note(0, "", "a key of %d bytes in the sales bucket is not a sale number", len(k))
			continue
		}
		v.replay(fromBE64(k), val)
	}
	v.checkSets()
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
