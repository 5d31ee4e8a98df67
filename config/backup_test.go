package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestBackupConfig(t *testing.T) {
	for _, c := range []struct {
		every string
		keep  int
		want  string
	}{
		{"30s", 0, "at least 1m"}, {"soon", 0, "backup_every"}, {"1h", -1, "backup_keep is -1"}, {"1h", 5000, "backup_keep is 5000"},
	} {
		cfg := &Config{Till: TillConfig{BackupEvery: c.every, BackupKeep: c.keep}}
		var bad []string
		cfg.validateBackup(func(f string, a ...any) { bad = append(bad, fmt.Sprintf(f, a...)) })
		if len(bad) != 1 || !strings.Contains(bad[0], c.want) {
			t.Errorf("%q %d: %q, want %q", c.every, c.keep, bad, c.want)
		}
	}
	cfg := &Config{}
	cfg.validateBackup(func(f string, a ...any) { t.Errorf(f, a...) })
	if cfg.Till.backupEvery != time.Hour || cfg.Till.BackupKeep != 14 || cfg.BackupDir("/var/lib/till/journal.db") != "/var/lib/till/backups" {
		t.Fatalf("defaults: %v %d %s", cfg.Till.backupEvery, cfg.Till.BackupKeep, cfg.BackupDir("/var/lib/till/journal.db"))
	}
	cfg = &Config{Till: TillConfig{BackupEvery: "off", BackupDir: "bk"}}
	cfg.validateBackup(func(f string, a ...any) { t.Errorf(f, a...) })
	if cfg.Till.backupEvery != 0 || cfg.BackupDir("/j/journal.db") != "/j/bk" {
		t.Fatalf("off / relative dir: %v %s", cfg.Till.backupEvery, cfg.BackupDir("/j/journal.db"))
	}
	// An unknown key is still refused, and the example's keys load.
	if _, err := Parse([]byte("[till]\nbackup_evry = \"1h\"\n"), "x.toml"); err == nil || !strings.Contains(err.Error(), "backup_evry") {
		t.Fatalf("unknown key: %v", err)
	}
}
