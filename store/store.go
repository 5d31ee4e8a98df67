// Package store is the bbolt implementation of sale.Journal: the durable,
// append-only record of every sale. Each sale event is appended to a SHA-256
// hash chain and committed with fsync before a write method returns; the
// current state of each sale is kept beside the events, with indexes for the
// business day, the target (mobile, meter, ...) and the sales still to be
// settled, so start-up and searches never scan the whole journal.
//
// The file layout is described in schema.go. A journal belongs to one store
// and terminal and carries a random install tag minted when it is created,
// which goes into every reference.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"till/keys"
	"till/sale"
)

// Errors returned by Open and VerifyFile, for errors.Is. Every error returned
// wraps at most one of them and carries a message meant for a person.
var (
	// ErrLocked: another process (a running till) holds the journal open.
	ErrLocked = errors.New("journal in use by another till")
	// ErrCorrupt: the file is not a bbolt file, not a till journal, or damaged.
	ErrCorrupt = errors.New("journal is corrupt")
	// ErrIdentity: the journal belongs to another store or terminal.
	ErrIdentity = errors.New("journal belongs to another till")
	// ErrSchema: the journal was written by a newer till.
	ErrSchema = errors.New("journal was written by a newer till")
)

// DefaultLockTimeout is how long Open waits for another till to let go of
// the journal before it gives up with ErrLocked.
const DefaultLockTimeout = time.Second

// Options configure Open.
type Options struct {
	// StoreID and TerminalID identify the till (sale.ValidID). A new journal
	// records them; an existing one must match them.
	StoreID, TerminalID string
	// Location is the shop's time zone, used to compute the business day
	// (YYYY-MM-DD) of a sale from the time it was created. Nil means time.Local.
	Location *time.Location
	// LockTimeout is how long to wait for the file lock. Zero means
	// DefaultLockTimeout. Open never waits forever.
	LockTimeout time.Duration
	// StateDir is the directory of the journal's continuity record
	// (continuity.go). Empty: no record is kept or checked.
	StateDir string
	// Migrating, if set, is called once before a schema 1 journal is
	// migrated (migrate.go: it takes about a minute per 300,000 sales), with
	// the path the old file will be kept at ("" when none is kept: its
	// secrets are in plain text and are sealed right after; seal.go).
	Migrating func(keptAs string)
	// KeyFile is the till's key file (keys package; store/seal.go): loaded,
	// or made at the till's first run. Key gives the key directly instead.
	// With neither, a journal written before keys is kept unsealed and a
	// sealed one reads with its secrets shown as Unavailable.
	KeyFile string
	Key     *keys.Key
}

// DB is an open journal. It implements sale.Journal and is safe for
// concurrent use. Close it when done.
type DB struct {
	bolt       *bbolt.DB
	path       string
	storeID    string
	terminalID string
	installTag string
	loc        *time.Location
	// cont is the continuity record (nil without Options.StateDir); gap,
	// when set, is why this journal must be adopted before it sells.
	cont *continuity
	gap  *Gap
	// keys is the journal's key (seal.go); nil for a journal without one
	// opened without one.
	keys *keyState
}

// Open opens the journal at path. Without Options.StateDir it creates the
// journal (mode 0600, and its directory 0700) when it does not exist. With
// a StateDir, the journal's continuity record (continuity.go) decides: a
// till with no record yet creates it (its first run); once a record exists a
// missing file or directory is ErrMissing, and a journal older than the one
// the record names, or another journal, is ErrContinuity (a supervisor
// adopts it: OpenForAdopt). An existing journal readable by group or others
// is refused with ErrUnavailable, and so is one that cannot be opened for
// writing. It fails with ErrLocked if another till has it open, ErrCorrupt
// if the file is not a readable journal, ErrSchema if it was written by a
// newer till and ErrIdentity if it belongs to another store or terminal.
func Open(path string, opts Options) (*DB, error) {
	db, gap, err := open(path, opts, openNormal)
	if err == nil && gap != nil {
		_ = db.Close()
		return nil, &wrapped{ErrContinuity, gap.Error()}
	}
	return db, err
}

type openMode int

const (
	openNormal openMode = iota
	openAdopt           // open whatever journal is there; the gap is returned
	openNew             // create a journal at a path where there is none
)

func open(path string, opts Options, mode openMode) (*DB, *Gap, error) {
	if err := sale.ValidID("store id", opts.StoreID); err != nil {
		return nil, nil, fmt.Errorf("open journal %s: %w", path, err)
	}
	if err := sale.ValidID("terminal id", opts.TerminalID); err != nil {
		return nil, nil, fmt.Errorf("open journal %s: %w", path, err)
	}
	loc := opts.Location
	if loc == nil {
		loc = time.Local
	}
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	var cont *continuity
	if opts.StateDir != "" {
		var err error
		if cont, err = loadContinuity(opts.StateDir, opts.StoreID, opts.TerminalID); err != nil {
			return nil, nil, err
		}
	}
	dir := filepath.Dir(path)
	fi, statErr := os.Stat(path)
	isNew := errors.Is(statErr, os.ErrNotExist)
	switch {
	case statErr == nil && mode == openNew:
		return nil, nil, unavailablef("there is already a file at %s: move it away first, or adopt it (till journal adopt)", path)
	case statErr == nil && fi.IsDir():
		return nil, nil, unavailablef("journal %s is a directory, not a journal file: point [till] journal at the file", path)
	case statErr == nil && !fi.Mode().IsRegular():
		return nil, nil, unavailablef("journal %s is not a regular file (%s)", path, fi.Mode().Type())
	case statErr == nil && fi.Mode().Perm()&0o077 != 0:
		return nil, nil, unavailablef("journal %s can be read by other users (mode %04o), and it holds tokens, voucher PINs and card tokens; "+
			"nothing was sold. Fix it with:  chmod 600 %s", path, fi.Mode().Perm(), path)
	case statErr == nil && fi.Size() == 0 && cont != nil && cont.rec != nil:
		return nil, nil, corruptf("journal %s is empty (0 bytes): the journal was lost or truncated; restore the latest backup "+
			"(README: Restoring a backup)", path)
	case isNew && cont != nil && cont.rec != nil && mode != openNew:
		return nil, nil, cont.missingError(path)
	case statErr != nil && !isNew:
		return nil, nil, unavailablef("journal %s cannot be read: %v", path, errors.Unwrap(statErr))
	}
	if isNew {
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, nil, unavailablef("cannot create the journal's directory %s: %v", dir, errors.Unwrap(err))
			}
		}
	}
	bdb, err := openBolt(path, &bbolt.Options{Timeout: timeout})
	if err != nil {
		return nil, nil, err
	}
	if !isNew {
		// A schema 1 journal is migrated before anything reads it (migrate.go).
		nb, err := migrateIfOld(path, bdb, &bbolt.Options{Timeout: timeout}, opts.Key != nil || opts.KeyFile != "", opts.Migrating)
		if err != nil {
			_ = bdb.Close()
			return nil, nil, err
		}
		bdb = nb
	}
	db := &DB{bolt: bdb, path: path, loc: loc}
	var m meta
	var sales uint64
	err = func() (err error) {
		defer recoverDamage(path, &err)
		if m, err = db.load(opts.StoreID, opts.TerminalID, isNew || cont == nil || cont.rec == nil); err != nil {
			return err
		}
		if err := db.ensureIssueIndexes(); err != nil { // issues_index.go
			return err
		}
		if err := db.recoverArchive(); err != nil { // archive.go: a move a crash interrupted
			return err
		}
		return db.bolt.View(func(tx *bbolt.Tx) error { sales = tx.Bucket(bucketSales).Sequence(); return nil })
	}()
	if err != nil {
		_ = db.bolt.Close()
		return nil, nil, err
	}
	if isNew {
		// bbolt fsyncs the file, not the directory entry naming it.
		if err := syncDir(dir); err != nil {
			_ = db.bolt.Close()
			return nil, nil, unavailablef("create journal %s: %v", path, err)
		}
	}
	var gap *Gap
	if cont != nil && mode != openNew {
		if gap, err = cont.check(path, m, sales); err != nil {
			_ = db.bolt.Close()
			return nil, nil, err
		}
	}
	db.cont = cont
	db.gap = gap
	if err := db.setUpKey(opts); err != nil { // seal.go
		_ = db.Close()
		return nil, nil, err
	}
	return db, gap, nil
}

// recoverDamage turns a bbolt panic (a damaged page) into ErrCorrupt.
func recoverDamage(path string, err *error) {
	if r := recover(); r != nil {
		*err = corruptf("journal damaged: %s: %v; nothing more was written. Run till verify, and restore the last backup "+
			"(README: Restoring a backup)", path, r)
	}
}

// syncDir makes a new file's directory entry durable. Windows cannot fsync a
// directory and does not need to.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// openBolt opens a bbolt file and turns its errors into ours. bbolt can
// panic on some damaged files; that is reported as ErrCorrupt too.
func openBolt(path string, o *bbolt.Options) (db *bbolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, corruptf("journal damaged: %s: %v; restore the last backup (README: Restoring a backup)", path, r)
		}
	}()
	db, err = bbolt.Open(path, 0o600, o)
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return nil, corruptf("%s is not a till journal or is damaged (%v)", path, err)
	}
	return nil, unavailablef("journal %s cannot be opened for writing: %v", path, err)
}

// wrapped is an error with its own message that still matches a sentinel.
type wrapped struct {
	kind error
	msg  string
}

func (e *wrapped) Error() string { return e.msg }
func (e *wrapped) Unwrap() error { return e.kind }

func corruptf(format string, args ...any) error {
	return &wrapped{ErrCorrupt, fmt.Sprintf(format, args...)}
}

// Identity returns the store id, terminal id and install tag of the journal.
func (db *DB) Identity() (storeID, terminalID, installTag string) {
	return db.storeID, db.terminalID, db.installTag
}

// Path returns the journal's file path.
func (db *DB) Path() string { return db.path }

// Close closes the journal file and releases its lock.
func (db *DB) Close() error {
	if db.cont != nil {
		db.cont.close()
	}
	return db.bolt.Close()
}

// Head returns the sequence number and hash of the last event (0 and 64
// zeros for an empty journal).
func (db *DB) Head() (seq uint64, hash string, err error) {
	err = db.view(func(tx *bbolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		seq = fromBE64(m.Get(keyHeadSeq))
		hash = string(m.Get(keyHeadHash))
		return nil
	})
	return seq, hash, err
}

// Stats are the journal's counters, all read without scanning the journal.
type Stats struct {
	Events     uint64 // events journaled
	Sales      uint64 // sales created
	Unresolved int    // sales still to be settled
	Bytes      int64  // size of the journal file
}

// Stats returns the journal's counters.
func (db *DB) Stats() (Stats, error) {
	var s Stats
	err := db.view(func(tx *bbolt.Tx) error {
		s.Events = tx.Bucket(bucketEvents).Sequence()
		s.Sales = tx.Bucket(bucketSales).Sequence()
		s.Unresolved = tx.Bucket(bucketOpen).Stats().KeyN
		s.Bytes = tx.Size()
		return nil
	})
	return s, err
}

// view runs fn in a read transaction, mapping storage failures to a
// *sale.Error with CodeUnavailable; a *sale.Error from fn is returned as is.
// A bbolt panic (a damaged page) becomes a "journal damaged" error.
func (db *DB) view(fn func(*bbolt.Tx) error) (err error) {
	defer db.recoverDamage(&err)
	return db.fail(db.bolt.View(fn))
}

// update runs fn in one read-write transaction committed with fsync.
// Never Batch: a write must be durable when it returns.
func (db *DB) update(fn func(*bbolt.Tx) error) (err error) {
	defer db.recoverDamage(&err)
	return db.fail(db.bolt.Update(fn))
}

// recoverDamage turns a bbolt panic inside a transaction into a
// CodeUnavailable error that names the damage; bbolt has rolled the
// transaction back, so nothing of it was written.
func (db *DB) recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = sale.JournalErrorf("journal damaged: %s: %v; nothing more was written. Run till verify, "+
			"and restore the last backup (README: Restoring a backup)", db.path, r)
	}
}

func (db *DB) fail(err error) error {
	var se *sale.Error
	if err == nil || errors.As(err, &se) {
		return err
	}
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return sale.JournalErrorf("the journal %s is closed", db.path)
	}
	return sale.JournalErrorf("journal %s: %v", db.path, err)
}
