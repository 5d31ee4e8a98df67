package wire

import (
	"time"

	"till/config"
	"till/doctor"
	"till/keys"
	"till/sale"
	"till/store"
)

// The journal's administration, for the back-office commands: a new
// journal when the old one is lost, adopting one put back, rotating the
// till's key, verifying and signing checkpoints. Each is a supervisor's
// decision journaled by the store itself.

// The records those commands print.
type (
	Adoption = store.Adoption
	Gap      = store.Gap
	Rotation = store.Rotation
)

// NewJournal starts a new, empty journal at path where the configured one
// is lost for good (store.NewJournal) and returns it open.
func NewJournal(cfg *config.Config, path string, o StoreOptions, at time.Time, by, reason string) (*Till, sale.Event, error) {
	db, e, err := store.NewJournal(path, o.store(cfg), at, by, reason)
	if err != nil {
		return nil, e, err
	}
	return adminTill(cfg, db), e, nil
}

// OpenForAdopt opens the journal put back at path; gap is nil when it is
// the one this till last wrote (nothing to adopt).
func OpenForAdopt(cfg *config.Config, path string, o StoreOptions) (*Till, *Gap, error) {
	db, gap, err := store.OpenForAdopt(path, o.store(cfg))
	if err != nil {
		return nil, nil, err
	}
	return adminTill(cfg, db), gap, nil
}

// OpenAdmin opens the journal at path for an administrative command (key
// rotation, a checkpoint): no providers, no engine beyond the offline one.
func OpenAdmin(cfg *config.Config, path string, o StoreOptions) (*Till, error) {
	db, err := store.Open(path, o.store(cfg))
	if err != nil {
		return nil, err
	}
	return adminTill(cfg, db), nil
}

// adminTill is a till over the open journal db: a discarding log, the
// automatic backups' place, an engine over the journal alone. Open and the
// administrative commands share it.
func adminTill(cfg *config.Config, db *store.DB) *Till {
	t := &Till{Cfg: cfg, Journal: db, db: db, Log: discard()}
	t.OnClose(func() { db.Close() })
	t.Backups = &Backups{t: t, dir: cfg.BackupDir(db.Path())}
	t.Offline()
	return t
}

// Adopt makes the journal opened by OpenForAdopt this till's, under a new
// install tag.
func (t *Till) Adopt(at time.Time, by, reason string) (Adoption, error) {
	return t.db.Adopt(at, by, reason)
}

// Identity is the journal's store id, terminal id and install tag.
func (t *Till) Identity() (storeID, terminalID, installTag string) { return t.db.Identity() }

// RotateKey seals everything under next (store.DB.RotateKey).
func (t *Till) RotateKey(next *keys.Key, by string) (Rotation, error) {
	return t.db.RotateKey(next, by)
}

// SecretsLocked reports whether the journal's secrets cannot be opened
// (its key is missing), and why.
func (t *Till) SecretsLocked() (bool, string) { return t.db.SecretsLocked() }

// Checkpoint signs the journal's head (what: why, journaled).
func (t *Till) Checkpoint(what string) (sale.Event, bool, error) { return t.db.Checkpoint(what) }

// VerifiedPoint is the head the last `till verify` of path proved.
func VerifiedPoint(path string) (seq uint64, hash string, ok bool) { return store.VerifiedPoint(path) }

// RecordVerified records rep's head as path's verified point.
func RecordVerified(path string, rep Report, events uint64) error {
	return store.RecordVerified(path, rep, events)
}

// VerifyFile checks the journal (or backup) file at path.
func VerifyFile(path string, o VerifyOptions) (Report, uint64, error) {
	return store.VerifyFileWith(path, o)
}

// JournalStats opens the journal at path read-only for till doctor and
// returns its counts and whether its secrets are sealed.
func JournalStats(cfg *config.Config, path string) (doctor.JournalStats, bool, error) {
	db, err := store.Open(path, store.Options{StoreID: cfg.Till.StoreID, TerminalID: cfg.Till.TerminalID, Location: cfg.Till.Location()})
	if err != nil {
		return doctor.JournalStats{}, false, err
	}
	defer db.Close()
	st, err := journalStats(db)
	return st, db.Sealed(), err
}

// The yearly archives' records (store/archive.go).
type (
	ArchiveInfo   = store.ArchiveInfo
	ArchiveResult = store.ArchiveResult
)

// Archives lists the journal's yearly archives.
func (t *Till) Archives() ([]ArchiveInfo, error) { return t.db.Archives() }

// Archive moves the closed business days before `before` into read-only
// yearly archives (store.DB.Archive); the journal must not be in use by a
// running till.
func (t *Till) Archive(before string, at time.Time, by string) (ArchiveResult, error) {
	return t.db.Archive(before, at, by)
}
