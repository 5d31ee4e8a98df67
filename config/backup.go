package config

import (
	"path/filepath"
	"strings"
	"time"
)

// Defaults of [till] backup_every and backup_keep.
const (
	defaultBackupEvery = time.Hour
	defaultBackupKeep  = 14
)

// validateBackup checks [till] backup_dir, backup_every ("off" or a
// duration of at least a minute) and backup_keep (1 to 1000), filling their
// defaults.
func (c *Config) validateBackup(bad func(string, ...any)) {
	t := &c.Till
	t.backupEvery = defaultBackupEvery
	switch t.BackupEvery {
	case "":
	case "off":
		t.backupEvery = 0
	default:
		d, err := parsePositiveDuration(t.BackupEvery)
		switch {
		case err != nil:
			bad("[till] backup_every: %v (or \"off\")", err)
		case d < time.Minute:
			bad("[till] backup_every is %s: at least 1m (or \"off\")", t.BackupEvery)
		default:
			t.backupEvery = d
		}
	}
	switch {
	case t.BackupKeep == 0:
		t.BackupKeep = defaultBackupKeep
	case t.BackupKeep < 1 || t.BackupKeep > 1000:
		bad("[till] backup_keep is %d: it must be between 1 and 1000", t.BackupKeep)
	}
	if strings.ContainsRune(t.BackupDir, 0) {
		bad("[till] backup_dir is not a path")
	}
}

// BackupDir is where the TUI writes its automatic backups: [till]
// backup_dir (relative to the journal's directory), or backups/ beside the
// journal.
func (c *Config) BackupDir(journal string) string {
	d := c.Till.BackupDir
	switch {
	case d == "":
		return filepath.Join(filepath.Dir(journal), "backups")
	case filepath.IsAbs(d):
		return d
	}
	return filepath.Join(filepath.Dir(journal), d)
}
