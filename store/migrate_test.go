package store

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"

	"till/sale"
)

// schema1Journal copies testdata/schema1.db (written by the schema 1 code:
// JSON events and records; store/fixture_gen_test.go) to a temp dir.
func schema1Journal(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// snapshot is everything a reader sees of a journal.
type snapshot struct {
	Sales  []sale.Sale
	Events []sale.Event
	Head   string
	Seq    uint64
	Closed *sale.Closure
	Cat    sale.Catalogue
	Cash   []sale.Cashier
}

func snap(t *testing.T, db *DB) snapshot {
	t.Helper()
	var s snapshot
	var err error
	if s.Sales, err = db.List(sale.Query{}); err != nil {
		t.Fatal(err)
	}
	if err := db.EachEvent(func(e sale.Event) error { s.Events = append(s.Events, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if s.Seq, s.Head, err = db.Head(); err != nil {
		t.Fatal(err)
	}
	if s.Closed, err = db.Closure("2025-03-01"); err != nil {
		t.Fatal(err)
	}
	if s.Cat, err = db.Catalogue("flash"); err != nil {
		t.Fatal(err)
	}
	if s.Cash, err = db.Cashiers(); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMigrateSchema1(t *testing.T) {
	path := schema1Journal(t)
	// What the schema 1 journal holds, read with the schema 1 reader.
	before, err := VerifyFile(path)
	if err != nil || !before.OK() {
		t.Fatalf("the schema 1 fixture does not verify: %+v %v", before, err)
	}
	var schema1Events [][]byte
	raw(t, path, func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketEvents).ForEach(func(_, v []byte) error {
			schema1Events = append(schema1Events, append([]byte(nil), v...))
			return nil
		})
	})
	size1 := fileSize(t, path)

	state := filepath.Join(t.TempDir(), "state")
	opts := contOptions(state)
	var told string
	opts.Migrating = func(keptAs string) { told = keptAs }
	db, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open of a schema 1 journal: %v", err)
	}
	if told != path+MigratedSuffix {
		t.Errorf("Migrating was told %q", told)
	}
	got := snap(t, db)
	if len(got.Sales) != 40 || got.Closed == nil || got.Head != before.Head || len(got.Cash) != 2 || len(got.Cat.Products) != 1 {
		t.Fatalf("after migration: %d sales, closed %+v, head %s (was %s), %d cashiers, catalogue %+v",
			len(got.Sales), got.Closed, got.Head, before.Head, len(got.Cash), got.Cat)
	}
	// Every event reads back exactly as schema 1 stored it.
	for i, e := range got.Events {
		j, _ := json.Marshal(e)
		if string(j) != string(schema1Events[i]) {
			t.Fatalf("event %d reads back as\n%s\nschema 1 stored\n%s", i+1, j, schema1Events[i])
		}
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() || rep.Events != before.Events || rep.Sales != before.Sales {
		t.Fatalf("Verify after migration = %+v %v (before %+v)", rep, err, before)
	}
	// It keeps selling, in the new format, and the chain continues.
	s := mustCreate(t, db, airtime("27829999999", 500), t0.Add(72*3600e9))
	deliver(t, db, s.Ref, t0.Add(72*3600e9))
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify after a new sale = %+v %v", rep, err)
	}
	db.Close()
	raw(t, path, func(tx *bbolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keySchema); fromBE64(v) != SchemaVersion {
			t.Errorf("schema after migration = %d", fromBE64(v))
		}
		if tx.Bucket(bucketSaleEvents) != nil {
			t.Error("schema 2 journal still has sale_events")
		}
		n := 0
		_ = tx.Bucket(bucketEvents).ForEach(func(_, v []byte) error {
			if v[0] == formatJSON {
				n++
			}
			return nil
		})
		if n != 0 {
			t.Errorf("%d events kept as JSON; every fixture event round-trips", n)
		}
		return nil
	})
	if rep, err := VerifyFile(path); err != nil || !rep.OK() {
		t.Fatalf("VerifyFile after migration = %+v %v", rep, err)
	}
	if size2 := fileSize(t, path); size2 >= size1 {
		t.Errorf("migrated journal is %d bytes, schema 1 was %d", size2, size1)
	}
	if _, err := os.Stat(path + MigratedSuffix); err != nil {
		t.Errorf("the schema 1 file is not kept: %v", err)
	}
	if _, err := os.Stat(path + ".schema2.tmp"); err == nil {
		t.Error("the migration's copy is left behind")
	}
	// The continuity record still agrees: it opens again as the same journal,
	// and there is nothing more to migrate.
	told = ""
	db, err = Open(path, opts)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	db.Close()
	if told != "" {
		t.Error("a schema 2 journal was migrated again")
	}
}

// An edited schema 1 event is found after migration: its hash is kept.
func TestMigrateKeepsTamperEvidence(t *testing.T) {
	path := schema1Journal(t)
	raw(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		v := append([]byte(nil), b.Get(be64(10))...)
		i := indexOf(v, []byte(`"minor":`))
		if i < 0 {
			t.Fatalf("event 10 has no amount: %s", v)
		}
		v[i+len(`"minor":`)] = '8'
		return b.Put(be64(10), v)
	})
	_, err := Open(path, testOptions())
	if err == nil {
		t.Fatal("a schema 1 journal with an edited event migrated")
	}
	if fromBE64OK(t, path) != 1 {
		t.Error("the refused migration changed the journal")
	}
	rep, _ := VerifyFile(path)
	wantBad(t, rep, 10, "", "does not match its hash")
}

// A copy left by a crash in the middle of a migration is replaced.
func TestMigrateAfterCrash(t *testing.T) {
	path := schema1Journal(t)
	if err := os.WriteFile(path+".schema2.tmp", []byte("half a copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify = %+v %v", rep, err)
	}
}

func indexOf(v, sub []byte) int {
	for i := 0; i+len(sub) <= len(v); i++ {
		if string(v[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}

func fromBE64OK(t *testing.T, path string) uint64 {
	var schema uint64
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_ = b.View(func(tx *bbolt.Tx) error { schema = fromBE64(tx.Bucket(bucketMeta).Get(keySchema)); return nil })
	return schema
}

func fileSize(t *testing.T, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
