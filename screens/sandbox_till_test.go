package screens

import (
	"path/filepath"
	"testing"
	"time"

	"till/providers"
	"till/providers/flash"
	"till/providers/sandbox"
	"till/store"
)

// sandboxFlash starts the sandbox on loopback, opens a bbolt journal in a
// temp dir (store STORE042, terminal TILL07) and builds the Flash client
// against the sandbox: the real pieces the teatest flows sell through.
// Everything is closed at the end of the test.
func sandboxFlash(t *testing.T) (base string, db *store.DB, fl *flash.Client) {
	t.Helper()
	_, base, db, fl = sandboxFlashWith(t, sandbox.Options{})
	return base, db, fl
}

// sandboxFlashWith is sandboxFlash with the sandbox started with o; the
// Flash client reads o.Now too.
func sandboxFlashWith(t *testing.T, o sandbox.Options) (sb *sandbox.Server, base string, db *store.DB, fl *flash.Client) {
	t.Helper()
	sb, base = startSandbox(t, o)
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: "STORE042", TerminalID: "TILL07", Location: sast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	fl, err = flash.New(flash.Options{BaseURL: base + sandbox.FlashPrefix, APIKey: providers.Secret(sandbox.FlashAPIKey),
		AccountNumber: sandbox.FlashAccount, StoreID: "STORE042", TerminalID: "TILL07", Timeout: 5 * time.Second, Now: o.Now})
	if err != nil {
		t.Fatal(err)
	}
	return sb, base, db, fl
}

// startSandbox starts the provider simulators with o on a loopback port,
// closed at the end of the test.
func startSandbox(t *testing.T, o sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	sb := sandbox.New(o)
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb, base
}
