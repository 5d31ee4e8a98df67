package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/config"
	"till/wire"

	"go.etcd.io/bbolt"

	"till/keys"
	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// assertNoSecrets fails when any of secrets is in the bytes of file path,
// or in a key or value of any of its buckets (the bbolt pages as bbolt
// reads them).
func assertNoSecrets(t *testing.T, what, path string, secrets []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("%s %s holds a secret sold in this test in plain text (%s…)", what, path, s[:4])
		}
	}
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	_ = bdb.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bbolt.Bucket) error {
			return bk.ForEach(func(k, v []byte) error {
				for _, s := range secrets {
					if bytes.Contains(k, []byte(s)) || bytes.Contains(v, []byte(s)) {
						t.Errorf("%s: bucket %s holds a secret in plain text (%s…)", what, name, s[:4])
					}
				}
				return nil
			})
		})
	})
}

// TestSecretsAtRestSoldOverHTTP sells voucher PINs, electricity tokens and
// a 1Voucher redemption through the built till against the sandbox, books
// a card customer, and checks that the journal, a backup and the bbolt
// pages hold none of them; that a reprint shows them with the till's key
// and hides them without it; and that without the key the till sells
// nothing (exit 4) while every read still works.
func TestSecretsAtRestSoldOverHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg := tenderConfig(t, base)
	dir := filepath.Dir(cfg)
	journal := filepath.Join(dir, "journal.db")
	keyFile := filepath.Join(dir, "state", "till", keys.FileName) // stateEnv: $XDG_STATE_HOME/till
	run := func(want int, stdin string, args ...string) result {
		t.Helper()
		r := runStdin(t, stdin, append([]string{"--config", cfg}, args...)...)
		if r.code != want {
			t.Fatalf("till %s: exit %d, want %d\n%s%s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
		}
		return r
	}
	var secrets []string
	secretItems := func(items []sale.Item) {
		for _, it := range items {
			if it.Secret && len(it.Value) >= 8 {
				secrets = append(secrets, it.Value)
				if d := digits(it.Value); len(d) >= 8 {
					secrets = append(secrets, d)
				}
			}
		}
	}
	voucher := jsonRecord(t, run(exitOK, "", "sell", "1voucher", "--amount", "100", "--json").stdout)
	secretItems(voucher.Items)
	gift := jsonRecord(t, run(exitOK, "", "sell", "giftvoucher", "--product", "3001", "--amount", "100", "--json").stdout)
	secretItems(gift.Items)
	elec := jsonRecord(t, run(exitOK, "", "sell", "electricity", "--meter", sandbox.MeterCityPower, "--amount", "50", "--json").stdout)
	secretItems(elec.Items)
	if len(secrets) < 5 {
		t.Fatalf("the sales returned too few secrets to test: %+v %+v %+v", voucher.Items, gift.Items, elec.Items)
	}
	run(exitOK, "5555 6666 7777 8888\n", "1voucher", "redeem", "--pin", "-", "--amount", "60")
	secrets = append(secrets, sandbox.DemoVoucherR250)
	run(exitOK, "", "customer", "add", "--name", "Amina Okafor", "--email", "amina@example.com", "--token", sandbox.FlutterwaveTokenOK,
		"--brand", "MASTERCARD", "--last4", "2950", "--expiry", "09/32")
	secrets = append(secrets, sandbox.FlutterwaveTokenOK)

	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the till's key file: %v %v", fi, err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	run(exitOK, "", "backup", backup)
	assertNoSecrets(t, "journal", journal, secrets)
	assertNoSecrets(t, "backup", backup, secrets)
	if k, _ := os.ReadFile(keyFile); bytes.Contains(mustRead(t, journal), bytes.TrimSpace(k)) || bytes.Contains(mustRead(t, backup), bytes.TrimSpace(k)) {
		t.Error("the key is in the journal or its backup")
	}

	// With the key: the reprint and the export show them.
	pin := itemOf(voucher.Items, "PIN")
	r := run(exitOK, "", "reprint", string(voucher.Reference))
	if !strings.Contains(digits(r.stdout), digits(pin)) {
		t.Fatalf("reprint with the key lacks the PIN:\n%s", r.stdout)
	}

	// Without the key: every read works, no secret shows, nothing is sold.
	if err := os.Rename(keyFile, keyFile+".away"); err != nil {
		t.Fatal(err)
	}
	r = run(exitOK, "", "reprint", string(voucher.Reference))
	if strings.Contains(digits(r.stdout), digits(pin)) || !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), "secret not available on this till") {
		t.Fatalf("reprint without the key:\n%s", r.stdout)
	}
	r = run(exitOK, "", "export", "--format", "jsonl", "--include-secrets", "--by", "auditor")
	if strings.Contains(r.stdout, digits(pin)) || !strings.Contains(r.stdout, store.Unavailable) {
		t.Fatalf("export --include-secrets without the key:\n%s", r.stdout)
	}
	run(exitOK, "", "eod")
	run(exitOK, "", "verify", journal)
	if r = run(exitOK, "", "verify"); !strings.Contains(r.stderr, "no checkpoint signed") {
		t.Fatalf("verify of the till's journal without its key: %s", r.stderr)
	}
	r = run(exitJournal, "", "sell", "1voucher", "--amount", "100")
	if !strings.Contains(r.stderr, "cannot sell") || !strings.Contains(r.stderr, keyFile+" is missing") || !strings.Contains(r.stderr, "README: The till's key") {
		t.Fatalf("sell without the key: %s", r.stderr)
	}
	if _, err := os.Stat(keyFile); err == nil {
		t.Fatal("a new key was made for a sealed journal")
	}

	// The key back: secrets show again, verify signs a checkpoint with the
	// public key till key show prints.
	if err := os.Rename(keyFile+".away", keyFile); err != nil {
		t.Fatal(err)
	}
	r = run(exitOK, "", "reprint", string(voucher.Reference))
	if !strings.Contains(digits(r.stdout), digits(pin)) {
		t.Fatalf("reprint with the key back lacks the PIN:\n%s", r.stdout)
	}
	show := run(exitOK, "", "key", "show")
	k, _ := keys.Load(keyFile)
	if !strings.Contains(show.stdout, k.PublicHex()) || strings.Contains(show.stdout, k.Hex()) {
		t.Fatalf("key show: %s", show.stdout)
	}
	if d := runStdin(t, "", "--config", cfg, "doctor"); !strings.Contains(d.stdout, "till public key "+k.PublicHex()) {
		t.Fatalf("doctor does not show the public key:\n%s", d.stdout)
	}
	r = run(exitOK, "", "verify")
	if !strings.Contains(r.stdout, "checkpoint signed") {
		t.Fatalf("verify: %s", r.stdout)
	}
	r = run(exitOK, "", "verify")
	if !strings.Contains(r.stdout, "signed checkpoint(s) verified") || !strings.Contains(r.stdout, k.PublicHex()) {
		t.Fatalf("verify of a signed journal: %s", r.stdout)
	}
	run(exitOK, "", "verify", backup, "--public-key", k.PublicHex())
	other, _ := keys.New()
	r = run(exitJournal, "", "verify", journal, "--public-key", other.PublicHex())
	if !strings.Contains(r.stderr, "NOT signed by public key") {
		t.Fatalf("verify against another public key: %s", r.stderr)
	}

	// Another till's key: refused, nothing written.
	before := mustRead(t, journal)
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	if err := other.Create(keyFile); err != nil {
		t.Fatal(err)
	}
	r = run(exitJournal, "", "reprint", string(voucher.Reference))
	if !strings.Contains(r.stderr, "another till's key") {
		t.Fatalf("another key: %s", r.stderr)
	}
	if !bytes.Equal(before, mustRead(t, journal)) {
		t.Error("the journal changed under another till's key")
	}
	// A world-readable key file: exit 4 with the fix.
	_ = os.Remove(keyFile)
	if err := k.Create(keyFile); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(keyFile, 0o644)
	r = run(exitJournal, "", "reprint", string(voucher.Reference))
	if !strings.Contains(r.stderr, "chmod 600 "+keyFile) {
		t.Fatalf("world-readable key: %s", r.stderr)
	}
	_ = os.Chmod(keyFile, 0o600)

	// Rotation under a supervisor: the old key no longer opens it.
	addCashiers(t, cfg)
	r = run(exitOK, "2468\n", "key", "rotate", "--supervisor", "thabo", "--reason", "key file copied")
	if !strings.Contains(r.stdout, "key rotated by thabo") {
		t.Fatalf("key rotate: %s", r.stdout)
	}
	r = run(exitOK, "", "reprint", string(voucher.Reference))
	if !strings.Contains(digits(r.stdout), digits(pin)) {
		t.Fatalf("reprint after the rotation lacks the PIN:\n%s", r.stdout)
	}
	run(exitOK, "", "verify")
	assertNoSecrets(t, "rotated journal", journal, secrets)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCardTokenSealedAtRest pays by saved card through the engine against
// the sandbox over real HTTP: the card token travels in the order's
// secrets and sits in the customer book; neither is in the file.
func TestCardTokenSealedAtRest(t *testing.T) {
	r := newTenderRig(t)
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := store.Open(path, store.Options{StoreID: "DEMO", TerminalID: "TILL1", KeyFile: filepath.Join(t.TempDir(), keys.FileName)})
	if err != nil {
		t.Fatal(err)
	}
	if err := wire.SeedDemoCustomers(db, time.Now()); err != nil {
		t.Fatal(err)
	}
	provs, err := wire.BuildProviders(func() *config.Config { c := config.Demo(); wire.DemoProviders(c, r.base); return c }(), nil)
	if err != nil {
		t.Fatal(err)
	}
	e := sale.NewEngine(sale.Options{Journal: db, Providers: provs, Config: sale.Config{Backoff: time.Hour}})
	if _, err := e.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.db, r.e = db, e
	vend := airtimeOrder("27821234567", "20.00")
	p, err := e.Pay(context.Background(), vend, cardOf2(r.customer(t, sandbox.FlutterwaveTokenOK)))
	if err != nil || p.State != sale.StateDelivered || p.Order.Secrets["token"] != sandbox.FlutterwaveTokenOK {
		t.Fatalf("card payment = %+v, %v", p, err)
	}
	if n := r.charges(t, p.Ref); n != 1 {
		t.Fatalf("%d charges", n)
	}
	db.Close()
	assertNoSecrets(t, "journal", path, []string{sandbox.FlutterwaveTokenOK, sandbox.FlutterwaveTokenDeclined})
}
