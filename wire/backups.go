package wire

import (
	"context"
	"sync"
	"time"

	"till/sale"
	"till/store"
)

// Backups writes the TUI's automatic backups every [till] backup_every
// until ctx ends, and after each Z report (daysWithBackup). Errors are
// logged: a failed backup never stops the till.
type Backups struct {
	t   *Till
	dir string
	mu  sync.Mutex // one backup at a time
}

// Now writes one backup, for why.
func (b *Backups) Now(why string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	path, err := b.t.db.BackupInto(b.dir, time.Now(), b.t.Cfg.Till.BackupKeep)
	if err != nil {
		b.t.Log.Error("automatic backup failed", "why", why, "dir", b.dir, "err", err)
		return
	}
	b.t.Log.Info("automatic backup written and verified", "why", why, "file", path)
}

// Run backs up every [till] backup_every until ctx is done.
func (b *Backups) Run(ctx context.Context) {
	every := b.t.Cfg.Till.BackupInterval()
	if every <= 0 {
		return
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			b.Now("every " + every.String())
		}
	}
}

// daysWithBackup is the journal as the end-of-day screen's sale.DayCloser:
// a successful Z close is followed by a backup.
type daysWithBackup struct {
	*store.DB
	b *Backups
}

func (d daysWithBackup) CloseDay(day string, at time.Time, by string, force bool) (sale.DayReport, error) {
	r, err := d.DB.CloseDay(day, at, by, force)
	if err == nil {
		d.b.Now("Z report of " + day)
	}
	return r, err
}

// Days is the journal as the end-of-day screen's sale.DayCloser: a Z close
// is followed by a backup.
func (t *Till) Days() sale.DayCloser { return daysWithBackup{t.db, t.Backups} }
