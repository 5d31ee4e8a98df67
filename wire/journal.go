package wire

import (
	"errors"
	"time"

	"till/doctor"
	"till/sale"
	"till/ship"
	"till/store"
)

// Journal is what the command line and the screens may do with an open
// journal: read sales (sale.Reader), keep their own records (business
// days, the cashier list, the customer book) and copy or check the file.
// It has no way to create a sale or append a sale event: those go through
// the engine (sale.Engine), the only writer of sales.
type Journal interface {
	sale.Reader
	sale.DayCloser
	sale.CashierStore
	sale.CustomerBook
	ship.Journal

	// Path is the journal file.
	Path() string
	// CloseDayCounted is CloseDay with the drawer's count by currency.
	CloseDayCounted(day string, at time.Time, by string, force bool, counted []sale.Money) (sale.DayReport, error)
	// AddCustomer and UpdateCustomer keep the card-on-file book.
	AddCustomer(c sale.Customer, at time.Time) (sale.Customer, error)
	UpdateCustomer(c sale.Customer, at time.Time) (sale.Customer, error)
	// Backup writes a consistent, verified copy at path (mode 0600).
	Backup(path string) (Report, error)
	// VerifyWith checks the pages and the hash chain (from a verified point).
	VerifyWith(o VerifyOptions) (Report, uint64, error)
	// Pepper is the till's secret for hashing targets in exports.
	Pepper() []byte
}

var _ Journal = (*store.DB)(nil)

// The journal's reports and options, as store defines them.
type (
	Report        = store.Report
	VerifyOptions = store.VerifyOptions
)

// The journal's errors that the command line tells apart.
var (
	ErrLocked   = store.ErrLocked
	ErrCorrupt  = store.ErrCorrupt
	ErrIdentity = store.ErrIdentity
	ErrSchema   = store.ErrSchema
)

// JournalUnavailable reports whether err means the journal cannot be used
// as it is (locked by a running till, corrupt, another till's, of an
// unknown schema, missing, out of continuity, or its key missing): exit 4.
func JournalUnavailable(err error) bool {
	for _, e := range []error{store.ErrLocked, store.ErrCorrupt, store.ErrIdentity, store.ErrSchema,
		store.ErrMissing, store.ErrContinuity, store.ErrUnavailable, sale.ErrJournal, store.ErrKey} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// KeepsCashiers reports whether the journal has cashiers (then sign-in and
// overrides use their PINs).
func (t *Till) KeepsCashiers() bool {
	cs, err := t.db.Cashiers()
	return err == nil && len(cs) > 0
}

// Stats are the journal's counts for till doctor.
func (t *Till) Stats() (doctor.JournalStats, error) { return journalStats(t.db) }

func journalStats(db *store.DB) (doctor.JournalStats, error) {
	st, err := db.Stats()
	if err != nil {
		return doctor.JournalStats{}, err
	}
	return doctor.JournalStats{Sales: st.Sales, Unresolved: st.Unresolved}, nil
}
