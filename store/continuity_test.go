package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// contOptions are testOptions with a continuity record in stateDir.
func contOptions(stateDir string) Options {
	o := testOptions()
	o.StateDir = stateDir
	return o
}

// contJournal opens a new journal with a record in its own state dir.
func contJournal(t *testing.T) (db *DB, path, state string) {
	t.Helper()
	dir := t.TempDir()
	path, state = filepath.Join(dir, "data", "journal.db"), filepath.Join(dir, "state", "till")
	db, err := Open(path, contOptions(state))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db, path, state
}

func sell(t *testing.T, db *DB, n int) []sale.Reference {
	t.Helper()
	var refs []sale.Reference
	for i := 0; i < n; i++ {
		s := mustCreate(t, db, airtime(fmt.Sprintf("2782%07d", i), 1000), t0.Add(time.Duration(i)*time.Minute))
		refs = append(refs, s.Ref)
	}
	return refs
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func mode(t *testing.T, p string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestContinuityRecordFirstRun(t *testing.T) {
	db, path, state := contJournal(t)
	defer db.Close()
	sell(t, db, 3)
	r, ok, err := ReadRecord(state, "STORE042", "TILL07")
	if err != nil || !ok {
		t.Fatalf("record: %v %v", ok, err)
	}
	_, _, tag := db.Identity()
	if r.Journal != path || r.InstallTag != tag || r.Used != 3 || r.Reserved != ReserveBlock {
		t.Fatalf("record %+v, want journal %s tag %s used 3 reserved %d", r, path, tag, ReserveBlock)
	}
	for p, want := range map[string]os.FileMode{
		path: 0o600, filepath.Dir(path): 0o700, state: 0o700,
		RecordPath(state, "STORE042", "TILL07"): 0o600, filepath.Join(state, "STORE042-TILL07.used"): 0o600,
	} {
		if got := mode(t, p); got != want {
			t.Errorf("%s: mode %04o, want %04o", p, got, want)
		}
	}
}

// TestContinuityReservesInBlocks: the record on disk always covers every
// sale committed (it is written before the sale), and is rewritten once per
// block of ReserveBlock sales, not per sale.
func TestContinuityReservesInBlocks(t *testing.T) {
	db, _, state := contJournal(t)
	defer db.Close()
	rp := RecordPath(state, "STORE042", "TILL07")
	writes := 0
	last := ""
	for i := 1; i <= 2*ReserveBlock+3; i++ {
		s := mustCreate(t, db, airtime("27821234567", 1000), t0.Add(time.Duration(i)*time.Second))
		no, _ := saleNo(s.Ref)
		b, err := os.ReadFile(rp)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != last {
			writes++
			last = string(b)
		}
		var r Record
		c, _ := loadContinuity(state, "STORE042", "TILL07")
		r = *c.rec
		if r.Reserved < no {
			t.Fatalf("sale %d committed but the record reserves only up to %d", no, r.Reserved)
		}
		if c.used != no {
			t.Fatalf("after sale %d the record knows %d as used", no, c.used)
		}
	}
	if writes != 3 {
		t.Fatalf("the record was written %d times for %d sales, want 3 (once per block)", writes, 2*ReserveBlock+3)
	}
}

func TestContinuityMissingFileAndDirectory(t *testing.T) {
	db, path, state := contJournal(t)
	sell(t, db, 3)
	db.Close()

	// A disk that did not mount: the file is moved away.
	if err := os.Rename(path, path+".away"); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, contOptions(state))
	if !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "held 3 sales") ||
		!strings.Contains(err.Error(), "till journal new") || !strings.Contains(err.Error(), "Put the file back") {
		t.Fatalf("moved file: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("Open created a new journal where the old one is missing")
	}

	// The whole directory is gone: it is not made again.
	dir := filepath.Dir(path)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path, contOptions(state))
	if !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "directory "+dir+" is missing") {
		t.Fatalf("missing directory: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("Open made the missing journal directory again")
	}

	// A config pointing at another path that does not exist.
	other := filepath.Join(t.TempDir(), "nowhere", "journal.db")
	if _, err = Open(other, contOptions(state)); !errors.Is(err, ErrMissing) {
		t.Fatalf("config pointing elsewhere: %v", err)
	}

	// An empty file in its place is not a journal either.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = Open(path, contOptions(state)); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("empty file: %v", err)
	}
	os.Remove(path)

	// Only a supervisor's new journal replaces it, with a new install tag.
	_, _, oldTag := db.Identity()
	ndb, e, err := NewJournal(path, contOptions(state), t0, "SUP1 (os:it)", "disk failed, no backup")
	if err != nil {
		t.Fatal(err)
	}
	defer ndb.Close()
	_, _, tag := ndb.Identity()
	if tag == oldTag || e.Type != sale.EventJournalNew || !strings.Contains(e.Note, oldTag) || !strings.Contains(e.Note, "3 sales") {
		t.Fatalf("new journal: tag %s (old %s), event %+v", tag, oldTag, e)
	}
	s := mustCreate(t, ndb, airtime("27821234567", 1000), t0)
	if !strings.Contains(string(s.Ref), "-"+tag+"-1") {
		t.Fatalf("first sale of the new journal: %s", s.Ref)
	}
	if rep, err := ndb.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	ndb.Close()
	if _, _, err := NewJournal(path, contOptions(state), t0, "SUP1", "again"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("journal new over an existing file: %v", err)
	}
	db2, err := Open(path, contOptions(state))
	if err != nil {
		t.Fatalf("the new journal does not open: %v", err)
	}
	db2.Close()
}

// TestContinuityRestoredOlderCopy: a copy taken inside the current block
// (caught by the .used file) and one from an earlier block with the .used
// file lost (caught by the record) are both refused until adopted; after
// adoption no reference this till used is made again.
func TestContinuityRestoredOlderCopy(t *testing.T) {
	for _, tc := range []struct {
		name         string
		before, more int
		loseUsed     bool
	}{
		{"same-block", 2, 3, false},
		{"earlier-block-used-file-lost", 2, ReserveBlock + 5, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path, state := contJournal(t)
			first := sell(t, db, tc.before)
			backup := filepath.Join(t.TempDir(), "backup.db")
			if _, err := db.Backup(backup); err != nil {
				t.Fatal(err)
			}
			used := append(first, sell(t, db, tc.more)...)
			db.Close()
			if tc.loseUsed {
				os.Remove(filepath.Join(state, "STORE042-TILL07.used"))
			}
			os.Remove(path)
			copyFile(t, backup, path)

			_, err := Open(path, contOptions(state))
			if !errors.Is(err, ErrContinuity) || !strings.Contains(err.Error(), "older") ||
				!strings.Contains(err.Error(), fmt.Sprintf("sales up to number %d", tc.before)) || !strings.Contains(err.Error(), "till journal adopt") {
				t.Fatalf("restored copy: %v", err)
			}
			adb, gap, err := OpenForAdopt(path, contOptions(state))
			if err != nil || gap == nil || !gap.Older() {
				t.Fatalf("OpenForAdopt: %+v %v", gap, err)
			}
			if _, err := adb.Create(airtime("27821234567", 1000), t0); sale.ErrorCode(err) != sale.CodeUnavailable || !errors.Is(err, sale.ErrJournal) {
				t.Fatalf("a sale before adoption: %v", err)
			}
			ad, err := adb.Adopt(t0, "SUP1", "restored last night's backup")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(ad.Event.Note, string(used[tc.before])) || ad.NewTag == ad.OldTag {
				t.Fatalf("adoption: %+v", ad)
			}
			next := sell(t, adb, 3)
			for _, n := range next {
				for _, u := range used {
					if n == u {
						t.Fatalf("reference %s used twice", n)
					}
				}
			}
			if rep, err := adb.Verify(); err != nil || !rep.OK() {
				t.Fatalf("verify after adopt: %+v %v", rep.Problems(), err)
			}
			adb.Close()
			db2, err := Open(path, contOptions(state))
			if err != nil {
				t.Fatalf("the adopted journal does not open: %v", err)
			}
			db2.Close()
		})
	}
}

func TestContinuityOtherJournal(t *testing.T) {
	db, path, state := contJournal(t)
	sell(t, db, 2)
	db.Close()
	// A journal of the same store and terminal made elsewhere.
	other := filepath.Join(t.TempDir(), "other.db")
	odb, err := Open(other, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	sell(t, odb, 5)
	odb.Close()
	os.Remove(path)
	copyFile(t, other, path)
	_, err = Open(path, contOptions(state))
	if !errors.Is(err, ErrContinuity) || !strings.Contains(err.Error(), "not the journal this till last wrote") {
		t.Fatalf("other journal: %v", err)
	}
	adb, gap, err := OpenForAdopt(path, contOptions(state))
	if err != nil || gap == nil || gap.Older() {
		t.Fatalf("OpenForAdopt: %+v %v", gap, err)
	}
	if _, err := adb.Adopt(t0, "SUP1", "moved the journal of the old till"); err != nil {
		t.Fatal(err)
	}
	adb.Close()
	// Another store's journal cannot be adopted.
	os.Remove(path)
	o := testOptions()
	o.StoreID = "OTHER"
	xdb, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	xdb.Close()
	if _, _, err := OpenForAdopt(path, contOptions(state)); !errors.Is(err, ErrIdentity) {
		t.Fatalf("another store's journal: %v", err)
	}
}

func TestJournalFileRefused(t *testing.T) {
	db, path, state := contJournal(t)
	db.Close()

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, contOptions(state))
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Fatalf("0644 journal: %v", err)
	}
	os.Chmod(path, 0o600)

	dirAt := filepath.Join(t.TempDir(), "journal.db")
	os.Mkdir(dirAt, 0o700)
	if _, err := Open(dirAt, testOptions()); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("directory at the path: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "journal.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a journal\n", 2000)), 0o600)
	if _, err := Open(junk, testOptions()); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("junk file: %v", err)
	}

	// An immutable journal file (a read-only one for a user other than root).
	if !makeReadOnly(t, path) {
		t.Skip("cannot make a file read-only here")
	}
	if _, err := Open(path, contOptions(state)); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "cannot be opened for writing") {
		t.Fatalf("immutable journal: %v", err)
	}
}

// makeReadOnly makes p unwritable even for root: chattr +i (undone at the
// end of the test), or chmod 0400 for another user. It reports false if
// neither works.
func makeReadOnly(t *testing.T, p string) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		fi, _ := os.Stat(p)
		if fi.IsDir() {
			return os.Chmod(p, 0o500) == nil
		}
		return os.Chmod(p, 0o400) == nil
	}
	if err := exec.Command("chattr", "+i", p).Run(); err != nil {
		return false
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", p).Run() })
	return true
}

func TestBackupVerifiesAndPrunes(t *testing.T) {
	db, path, _ := contJournal(t)
	defer db.Close()
	sell(t, db, 4)
	out := filepath.Join(t.TempDir(), "b.db")
	rep, err := db.Backup(out)
	if err != nil || !rep.OK() || rep.Sales != 4 {
		t.Fatalf("backup: %+v %v", rep, err)
	}
	if m := mode(t, out); m != 0o600 {
		t.Fatalf("backup mode %04o", m)
	}
	if rep, err := VerifyFile(out); err != nil || !rep.OK() {
		t.Fatalf("verify the backup: %+v %v", rep, err)
	}
	if _, err := db.Backup(out); err == nil {
		t.Fatal("a backup overwrote a file")
	}
	if _, err := db.Backup(path); err == nil {
		t.Fatal("a backup overwrote the journal")
	}
	dir := filepath.Join(t.TempDir(), "backups")
	for i := 0; i < 5; i++ {
		if _, err := db.BackupInto(dir, t0.Add(time.Duration(i)*time.Hour), 3); err != nil {
			t.Fatal(err)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 3 || ents[0].Name() != BackupName(t0.Add(2*time.Hour)) {
		t.Fatalf("kept %v", ents)
	}
	if m := mode(t, dir); m != 0o700 {
		t.Fatalf("backup dir mode %04o", m)
	}
}

// corruptRoot sets an invalid type on the root page of bucket name (a page
// every read of the bucket goes through), in a closed journal file.
func corruptRoot(t *testing.T, path string, name []byte) int {
	t.Helper()
	var root int
	raw(t, path, func(tx *bbolt.Tx) error { root = int(tx.Bucket(name).Root()); return nil })
	if root == 0 {
		t.Fatalf("bucket %s is inline", name)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(b[24:28]))
	binary.LittleEndian.PutUint16(b[root*pageSize+8:], 0x40)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestCorruptPageNoPanic(t *testing.T) {
	db, path, state := contJournal(t)
	refs := sell(t, db, 40)
	db.Close()
	id := corruptRoot(t, path, bucketSales)

	// Whatever the till does with the damaged file, it gets an error that
	// says so, never a panic.
	var damaged bool
	db, err := Open(path, contOptions(state))
	if err != nil {
		damaged = strings.Contains(err.Error(), "damaged")
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Open: %v", err)
		}
	} else {
		defer db.Close()
		for _, op := range []func() error{
			func() error { _, err := db.List(sale.Query{}); return err },
			func() error { _, err := db.Sale(refs[0]); return err },
			func() error { _, err := db.Create(airtime("27821234567", 1000), t0); return err },
			func() error { _, err := db.Unresolved(); return err },
		} {
			if err := op(); err != nil && strings.Contains(err.Error(), "journal damaged") {
				if !errors.Is(err, sale.ErrJournal) || !strings.Contains(err.Error(), "restore the last backup") {
					t.Fatalf("damage error: %v", err)
				}
				damaged = true
			}
		}
		db.Close()
	}
	if !damaged {
		t.Fatal("no operation reported the damaged page")
	}
	rep, err := VerifyFile(path)
	if err != nil || rep.OK() {
		t.Fatalf("verify of a damaged journal: %+v %v", rep, err)
	}
	if !strings.Contains(strings.Join(rep.Problems(), "\n"), fmt.Sprintf("page %d", id)) {
		t.Fatalf("verify does not name page %d: %q", id, rep.Problems())
	}
}

// TestContinuityConcurrentSales: sales from many goroutines (the TUI's
// screens and resolver) keep the record exact; run with -race.
func TestContinuityConcurrentSales(t *testing.T) {
	db, path, state := contJournal(t)
	const workers, each = 6, 25
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		go func(w int) {
			for i := 0; i < each; i++ {
				if _, err := db.Create(airtime(fmt.Sprintf("278%d%07d", w, i), 1000), t0); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}(w)
	}
	for w := 0; w < workers; w++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	r, ok, err := ReadRecord(state, "STORE042", "TILL07")
	if err != nil || !ok || r.Used != workers*each || r.Reserved < workers*each || r.Journal != path {
		t.Fatalf("record %+v %v %v", r, ok, err)
	}
	db, err = Open(path, contOptions(state))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// TestBulkWithContinuityRecord: a batch reserves its sale numbers in one
// write of the record, which still says exactly how many were used.
func TestBulkWithContinuityRecord(t *testing.T) {
	db, path, state := contJournal(t)
	var batch []BulkSale
	for i := 0; i < 100; i++ {
		batch = append(batch, BulkSale{Order: airtime("27821234567", 1000), At: t0.Add(time.Duration(i) * time.Second)})
	}
	if err := db.Bulk(batch); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r, ok, err := ReadRecord(state, "STORE042", "TILL07")
	if err != nil || !ok || r.Used != 100 || r.Reserved < 100 {
		t.Fatalf("record after a batch of 100: %+v %v %v", r, ok, err)
	}
	db, err = Open(path, contOptions(state))
	if err != nil {
		t.Fatalf("reopen after a batch: %v", err)
	}
	defer db.Close()
	if s := mustCreate(t, db, airtime("27821234567", 1000), t0.Add(time.Hour)); !strings.HasSuffix(string(s.Ref), "-101") {
		t.Fatalf("next sale %s", s.Ref)
	}
}
