package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIVerifyIncremental: `till verify` records the head it proved and
// the next one checks only what followed; --full checks everything; a
// backup named on the command line is checked in full and nothing is
// written beside it.
func TestCLIVerifyIncremental(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, journal := liveConfig(t, base)
	sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0821234560", "--amount", "10")
	r := runTill(t, nil, "--config", cfg, "verify")
	if r.code != exitOK || !strings.Contains(r.stdout, "checked in full") {
		t.Fatalf("first verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(journal + ".verified"); err != nil {
		t.Fatalf("no verified point recorded: %v", err)
	}
	sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0821234561", "--amount", "10")
	r = runTill(t, nil, "--config", cfg, "verify")
	if r.code != exitOK || !strings.Contains(r.stdout, "after the last verify") || !strings.Contains(r.stdout, " 1 sales") {
		t.Fatalf("second verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runTill(t, nil, "--config", cfg, "verify", "--full")
	if r.code != exitOK || !strings.Contains(r.stdout, "checked in full") || !strings.Contains(r.stdout, " 2 sales") {
		t.Fatalf("verify --full: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The Z report prints the verified point (the head the last verify
	// proved, before the checkpoint it signed: key.go).
	point, err := os.ReadFile(journal + ".verified")
	if err != nil {
		t.Fatal(err)
	}
	seq, _, _ := strings.Cut(string(point), " ")
	r = runTill(t, nil, "--config", cfg, "eod", "--close")
	if r.code != exitOK || !strings.Contains(r.stdout, "Verified to event "+seq+":") {
		t.Fatalf("eod --close: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestCLIMigratesASchema1Journal: a till that finds a journal written by
// the JSON code (store/testdata/schema1.db) says it converts it, converts
// it once, seals its secrets (so the unsealed old file is not kept), lists
// and verifies it, and signs a checkpoint that a full verify checks.
func TestCLIMigratesASchema1Journal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	journal := filepath.Join(dir, "journal.db")
	b, err := os.ReadFile(filepath.Join("..", "store", "testdata", "schema1.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(journal, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "till.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`[till]
store_id = "STORE042"
terminal_id = "TILL07"
journal = %q
timezone = "Africa/Johannesburg"

[flash]
base_url = "http://127.0.0.1:9/flash"
api_key = "test"
account_number = "1"
`, journal)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runTill(t, nil, "--config", cfg, "journal", "list", "--day", "2025-03-01")
	if r.code != exitOK || !strings.Contains(r.stderr, "converting the journal") || !strings.Contains(r.stdout, "STORE042-TILL07-") {
		t.Fatalf("first run on a schema 1 journal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The till seals the fixture's plain-text PIN right after converting
	// it, so the unsealed old file is not kept.
	if !strings.Contains(r.stderr, "no unsealed copy") {
		t.Errorf("the till did not say why no copy is kept:\n%s", r.stderr)
	}
	if _, err := os.Stat(journal + ".schema1"); !os.IsNotExist(err) {
		t.Fatalf("the unsealed schema 1 file is kept beside the sealed journal: %v", err)
	}
	if b, _ := os.ReadFile(journal); strings.Contains(string(b), "9999-0000-1111") {
		t.Fatal("the converted journal holds the fixture's PIN in plain text")
	}
	r = runTill(t, nil, "--config", cfg, "verify")
	if r.code != exitOK || !strings.Contains(r.stdout, "is intact") || !strings.Contains(r.stdout, "checkpoint signed") || strings.Contains(r.stderr, "converting") {
		t.Fatalf("verify after the migration: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runTill(t, nil, "--config", cfg, "verify", "--full")
	if r.code != exitOK || !strings.Contains(r.stdout, "1 signed checkpoint(s) verified") {
		t.Fatalf("full verify after the migration: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
