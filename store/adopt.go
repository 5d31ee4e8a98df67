package store

import (
	"fmt"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// OpenForAdopt opens the journal at path for `till journal adopt` although
// it is older than, or other than, the one the continuity record names. The
// gap (nil when the journal is the one the record names: nothing to adopt)
// says what is missing. The DB sells nothing until Adopt succeeds; it may
// be read and may journal the supervisor's override first.
func OpenForAdopt(path string, opts Options) (*DB, *Gap, error) {
	if opts.StateDir == "" {
		return nil, nil, fmt.Errorf("adopt a journal: no state directory for the continuity record")
	}
	return open(path, opts, openAdopt)
}

// Adoption is what Adopt did.
type Adoption struct {
	Event  sale.Event // the journaled EventJournalAdopted
	OldTag string     // the file's install tag before
	NewTag string     // the install tag of every sale from now on
	Gap    Gap
}

// Adopt makes the journal opened with OpenForAdopt this till's journal: in
// one transaction it mints a new install tag (so no reference this till
// already used can be made again, whatever the file held) and journals an
// EventJournalAdopted by `by` that lists the gap; then the continuity record
// names this file and tag. Sales continue from the file's own sale numbers
// under the new tag.
func (db *DB) Adopt(at time.Time, by, reason string) (Adoption, error) {
	switch {
	case db.gap == nil:
		return Adoption{}, sale.Errorf(sale.CodeInvalid, "journal %s is the one this till last wrote: there is nothing to adopt", db.path)
	case strings.TrimSpace(by) == "":
		return Adoption{}, sale.Errorf(sale.CodeInvalid, "adopting a journal needs the supervisor who authorises it")
	case strings.TrimSpace(reason) == "":
		return Adoption{}, sale.Errorf(sale.CodeInvalid, "adopting a journal needs a reason (journaled)")
	}
	g := *db.gap
	tag, err := newInstallTag()
	if err != nil {
		return Adoption{}, err
	}
	note := fmt.Sprintf("adopted %s (install tag %s, %s); this till had used sale numbers up to %d under install tag %s",
		db.path, g.FileTag, nSales(g.FileSales), g.RecordUsed, g.RecordTag)
	if m := g.Missing(); m != "" {
		note += "; not in this file: " + m
	}
	note += fmt.Sprintf("; new install tag %s; reason: %s", tag, reason)
	e := sale.Event{Type: sale.EventJournalAdopted, At: at, By: by, Note: note}
	if err := db.retag(tag, &e); err != nil {
		return Adoption{}, err
	}
	db.gap = nil
	if err := db.cont.save(Record{Journal: db.path, StoreID: db.storeID, TerminalID: db.terminalID, InstallTag: tag,
		Used: g.FileSales, Reserved: g.FileSales}); err != nil {
		// The journal carries the new tag and the record still the old
		// one: the next start refuses again and the adoption is repeated
		// (with another new tag), so nothing is sold under a doubtful tag.
		db.gap = &g
		return Adoption{}, err
	}
	return Adoption{Event: e, OldTag: g.FileTag, NewTag: tag, Gap: g}, nil
}

// retag sets a new install tag and journals e, in one transaction.
func (db *DB) retag(tag string, e *sale.Event) error {
	err := db.update(func(tx *bbolt.Tx) error {
		var err error
		if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		if err := chainEvent(tx, e); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyInstallTag, []byte(tag))
	})
	if err == nil {
		db.installTag = tag
	}
	return err
}

// NewJournal creates a new, empty journal at path for `till journal new`,
// where there is no file (the old journal is lost for good), journals an
// EventJournalNew by `by` saying which journal it replaces, and makes the
// continuity record name it. A new journal has a new install tag, so its
// references never repeat the lost journal's.
func NewJournal(path string, opts Options, at time.Time, by, reason string) (*DB, sale.Event, error) {
	switch {
	case opts.StateDir == "":
		return nil, sale.Event{}, fmt.Errorf("new journal: no state directory for the continuity record")
	case strings.TrimSpace(by) == "":
		return nil, sale.Event{}, sale.Errorf(sale.CodeInvalid, "a new journal needs the supervisor who authorises it")
	case strings.TrimSpace(reason) == "":
		return nil, sale.Event{}, sale.Errorf(sale.CodeInvalid, "a new journal needs a reason (journaled)")
	}
	db, _, err := open(path, opts, openNew)
	if err != nil {
		return nil, sale.Event{}, err
	}
	note := "new journal " + db.path + " (install tag " + db.installTag + "), the till's first"
	if r := db.cont.rec; r != nil {
		note = fmt.Sprintf("new journal %s (install tag %s) replaces %s (install tag %s, %s, not available)",
			db.path, db.installTag, r.Journal, r.InstallTag, nSales(db.cont.used))
	}
	note += "; reason: " + reason
	e := sale.Event{Type: sale.EventJournalNew, At: at, By: by, Note: note}
	err = db.update(func(tx *bbolt.Tx) error {
		var err error
		if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		return chainEvent(tx, &e)
	})
	if err == nil {
		err = db.cont.save(Record{Journal: db.path, StoreID: db.storeID, TerminalID: db.terminalID, InstallTag: db.installTag})
	}
	if err != nil {
		_ = db.Close()
		return nil, sale.Event{}, err
	}
	return db, e, nil
}
