package store

import (
	"fmt"
	"path/filepath"
	"strings"

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
func verifyTxFrom(tx *bbolt.Tx, replayTxs []*bbolt.Tx, path string, pages bool, o VerifyOptions) (rep Report, err error) {
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
		replayTxs = nil
	}
	type replayed struct {
		rep Report
		bad *BadEvent
	}
	var done chan replayed
	if v.from == 0 && len(replayTxs) > 0 {
		rv := &verifier{tx: replayTxs[0], m: m, codec: codecOf(tx)}
		rv.loadCloses(^uint64(0))
		done = make(chan replayed, 1)
		go func() {
			var r replayed
			defer func() {
				if p := recover(); p != nil {
					r.rep.Damaged = fmt.Sprint(p)
				}
				done <- r
			}()
			r.rep, r.bad = replayParallel(replayTxs, m, rv.closes) // verify_replay.go
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
	case done != nil:
		rr := <-done
		rep.Sales = rr.rep.Sales
		if rr.rep.Damaged != "" && rep.Damaged == "" {
			rep.Damaged = rr.rep.Damaged
		}
		if b := rr.bad; b != nil {
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
