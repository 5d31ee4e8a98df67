package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the journal to path while the journal
// stays open (a read transaction's WriteTo: writers carry on), mode 0600,
// fsync'd, then verifies the copy (bbolt's page check and the hash chain)
// before it is renamed into place. An existing file at path is never
// overwritten. It returns the copy's verification report.
func (db *DB) Backup(path string) (Report, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if path == db.path {
		return Report{}, fmt.Errorf("backup: %s is the journal itself; name another file", path)
	}
	if _, err := os.Lstat(path); err == nil {
		return Report{}, fmt.Errorf("backup: %s already exists; name a new file", path)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return Report{}, fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return Report{}, fmt.Errorf("backup: %w", err)
	}
	if err := db.view(func(tx *bbolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	}); err != nil {
		return Report{}, err
	}
	if err := f.Sync(); err != nil {
		return Report{}, fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return Report{}, fmt.Errorf("backup: %w", err)
	}
	// The copy's archived years are the journal's own, beside it.
	rep, _, err := VerifyFileWith(tmp, VerifyOptions{ArchiveDir: filepath.Dir(db.path)})
	if err != nil {
		return rep, corruptf("backup: the copy does not verify (%v); run till verify on the journal", err)
	}
	if !rep.OK() {
		return rep, corruptf("backup: the copy does not verify: %s; run till verify on the journal", strings.Join(rep.Problems(), "; "))
	}
	if err := os.Link(tmp, path); err != nil { // never replaces a file that appeared meanwhile
		return rep, fmt.Errorf("backup: %w", err)
	}
	_ = os.Remove(tmp)
	done = true
	if err := syncDir(dir); err != nil {
		return rep, fmt.Errorf("backup: %w", err)
	}
	return rep, nil
}

// BackupName is the file name of an automatic backup taken at t:
// journal-YYYYMMDD-HHMMSS.db (UTC, so names sort by time).
func BackupName(t time.Time) string {
	return "journal-" + t.UTC().Format("20060102-150405") + ".db"
}

// BackupInto writes an automatic backup into dir (made 0700 if missing)
// and then removes the oldest automatic backups there beyond keep. It
// returns the new backup's path.
func (db *DB) BackupInto(dir string, at time.Time, keep int) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	path := filepath.Join(dir, BackupName(at))
	for i := 1; ; i++ { // two backups in the same second: -001, -002, ...
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			break
		}
		path = filepath.Join(dir, strings.TrimSuffix(BackupName(at), ".db")+fmt.Sprintf("-%03d.db", i))
	}
	if _, err := db.Backup(path); err != nil {
		return "", err
	}
	if keep > 0 {
		if err := prune(dir, keep); err != nil {
			return path, err
		}
	}
	return path, nil
}

// backupNamed matches the names BackupInto gives.
var backupNamed = regexp.MustCompile(`^journal-[0-9]{8}-[0-9]{6}(-[0-9]{3})?\.db$`)

// prune removes the oldest automatic backups in dir beyond keep. Only
// files named like BackupName are touched.
func prune(dir string, keep int) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if e.Type().IsRegular() && backupNamed.MatchString(n) { // never an archive, journal-2025.db
			names = append(names, n)
		}
	}
	// Oldest first: by time, then by the -NNN of backups in the same second.
	key := func(n string) string {
		k := strings.TrimSuffix(n, ".db")
		if len(k) == len("journal-20060102-150405") {
			k += "-000"
		}
		return k
	}
	sort.Slice(names, func(i, j int) bool { return key(names[i]) < key(names[j]) })
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		names = names[1:]
	}
	return nil
}
