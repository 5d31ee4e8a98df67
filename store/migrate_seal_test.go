package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"

	"till/sale"
)

// fixturePIN is the voucher PIN the schema 1 fixture holds in plain text
// (fixture_gen_test.go).
const fixturePIN = "9999-0000-1111"

// TestSchema1PlaintextJournalMigratesAndSeals: a schema 1 journal (JSON,
// secrets in plain text) opened with the till's key is converted to schema
// 2 first, then sealed, the chain recomputed from the first event sealed:
// it verifies, a checkpoint signed over the new head verifies, nothing in
// the file or beside it holds the PIN in plain text, the reader gets the
// PIN back, and the events the sealing did not reach keep their hashes.
func TestSchema1PlaintextJournalMigratesAndSeals(t *testing.T) {
	path := schema1Journal(t)
	before, err := VerifyFile(path)
	if err != nil || !before.OK() {
		t.Fatalf("the schema 1 fixture does not verify: %+v %v", before, err)
	}
	if b, _ := os.ReadFile(path); !bytes.Contains(b, []byte(fixturePIN)) {
		t.Fatal("the fixture holds no plain-text PIN to seal")
	}
	opts := keyedOptions(t, filepath.Dir(path))
	opts.StateDir = filepath.Join(filepath.Dir(path), "state")
	told := "not called"
	opts.Migrating = func(keptAs string) { told = keptAs }
	db, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open of a schema 1 journal with a key: %v", err)
	}
	if told != "" {
		t.Errorf("Migrating was told %q; the unsealed copy must not be kept", told)
	}
	if !db.Sealed() {
		t.Fatal("the migrated journal is not sealed")
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() || rep.Events != before.Events+1 || rep.Sales != before.Sales {
		t.Fatalf("Verify after migration and sealing = %+v %v (before %+v)", rep, err, before)
	}
	if len(rep.Keys) != 1 || rep.Keys[0] != db.Key().PublicHex() {
		t.Errorf("keys = %v, want the till's %s", rep.Keys, db.Key().PublicHex())
	}
	// The reader opens what was sealed.
	pins := 0
	ss, err := db.List(sale.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Order.Secrets["pin"] == fixturePIN {
			pins++
		}
	}
	if pins == 0 {
		t.Error("no sale reads back its PIN")
	}
	e, ok, err := db.Checkpoint("test")
	if err != nil || !ok {
		t.Fatalf("Checkpoint = %+v %v %v", e, ok, err)
	}
	if rep, err = db.Verify(); err != nil || !rep.OK() || rep.Signatures != 1 || rep.SignedTo != e.Seq {
		t.Fatalf("Verify after a checkpoint = %+v %v", rep, err)
	}
	head := rep.Head
	db.Close()

	noSecretIn(t, "migrated and sealed journal", path)
	if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(fixturePIN)) {
		t.Error("the journal file still holds the PIN in plain text")
	}
	if _, err := os.Stat(path + MigratedSuffix); !os.IsNotExist(err) {
		t.Errorf("the unsealed schema 1 copy is kept beside the journal: %v", err)
	}
	raw(t, path, func(tx *bbolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if v := m.Get(keySchema); fromBE64(v) != SchemaVersion {
			t.Errorf("schema = %d", fromBE64(v))
		}
		n := 0
		_ = tx.Bucket(bucketEvents).ForEach(func(_, v []byte) error {
			if v[0] == formatJSON {
				n++
			}
			return nil
		})
		if n != 0 {
			t.Errorf("%d events still JSON", n)
		}
		return nil
	})
	if rep, err := VerifyFile(path); err != nil || !rep.OK() || rep.Signatures != 1 || rep.Head != head {
		t.Fatalf("VerifyFile = %+v %v", rep, err)
	}
	// Opened again: nothing more to migrate or seal.
	told = "not called"
	db, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if told != "not called" {
		t.Errorf("migrated again (told %q)", told)
	}
	if _, h, err := db.Head(); err != nil || h != head {
		t.Errorf("head after reopening = %s %v, want %s", h, err, head)
	}
}

// A schema 1 journal opened without a key is migrated and keeps its old
// file, as before keys.
func TestSchema1JournalWithoutKeyKeepsItsCopy(t *testing.T) {
	path := schema1Journal(t)
	opts := testOptions()
	var told string
	opts.Migrating = func(keptAs string) { told = keptAs }
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if told != path+MigratedSuffix {
		t.Errorf("Migrating was told %q", told)
	}
	if _, err := os.Stat(path + MigratedSuffix); err != nil {
		t.Errorf("the schema 1 copy is not kept: %v", err)
	}
}
