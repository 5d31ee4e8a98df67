package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"till/keys"
	"till/sale"
	"till/store"
)

// TestFindsTheKeyWhereTheTillDoes: with $TILL_STATE_DIR set, genjournal
// seals with the key there (made if missing), so the journal opens with
// the till's key, holds no token in plain text, and another key is refused.
func TestFindsTheKeyWhereTheTillDoes(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TILL_STATE_DIR", filepath.Join(dir, "state"))
	keyFile := keys.DefaultFile(os.Getenv)
	if keyFile != filepath.Join(dir, "state", keys.FileName) {
		t.Fatalf("DefaultFile = %s", keyFile)
	}
	path := filepath.Join(dir, "j.db")
	if err := run(path, 50, 2, "BENCH", "T1", "UTC", 20, keyFile, "none", false); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{StoreID: "BENCH", TerminalID: "T1", KeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	ss, err := db.List(sale.Query{})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	opened := 0
	for _, s := range ss {
		for _, it := range s.Outcome.Items {
			if it.Secret {
				opened++
				if bytes.Contains(raw, []byte(it.Value)) || it.Value == store.Unavailable {
					t.Fatalf("secret of %s: %q (in the file: %v)", s.Ref, it.Value, bytes.Contains(raw, []byte(it.Value)))
				}
			}
		}
	}
	if opened == 0 {
		t.Fatal("no secret to check")
	}
	other, _ := keys.New()
	if _, err := store.Open(path, store.Options{StoreID: "BENCH", TerminalID: "T1", Key: other}); err == nil {
		t.Fatal("another key opened the journal")
	}
}
