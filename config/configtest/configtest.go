// Package configtest holds what tests of the config and the command line
// share: a good config file and a way to write one.
package configtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Good is a minimal valid live config: a till and Flash.
const Good = `
[till]
store_id = "STORE042"
terminal_id = "TILL07"
journal = "/var/lib/till/journal.db"
receipt_width = 42
timezone = "Africa/Johannesburg"

[flash]
base_url = "https://api.flashswitch.flash-group.com"
api_key = "k3y"
account_number = "8000123"
timeout = "30s"
`

// Write writes body as till.toml in a temporary directory with mode and
// returns its path.
func Write(t testing.TB, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "till.toml")
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// NoEnv is an empty environment.
func NoEnv(string) string { return "" }
