package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"till/sale"

	"go.etcd.io/bbolt"
)

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
