package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/keys"
	"till/sale"
)

// The secrets of these tests: a redeemed 1Voucher PIN, a sold voucher PIN,
// an electricity token and a card token. None may be in the file.
const (
	redeemedPIN = "4455667788990011"
	soldPIN     = "9182736450192837"
	elecToken   = "60718293041526374859"
	cardToken   = "flw-t1nf-9f8e7d6c5b4a39281706f5e4d3c2b1a0-m03k"
)

var secretsSold = []string{redeemedPIN, soldPIN, elecToken, cardToken}

func keyedOptions(t testing.TB, dir string) Options {
	o := testOptions()
	o.KeyFile = filepath.Join(dir, "state", keys.FileName)
	return o
}

// sellSecrets sells a voucher (paid with a redeemed 1Voucher PIN) and an
// electricity token, and books a customer with a card token.
func sellSecrets(t testing.TB, db *DB, at time.Time) []sale.Reference {
	t.Helper()
	o := airtime("27821234567", 5000)
	o.Kind = sale.KindVoucher
	o.Secrets = map[string]string{"pin": redeemedPIN}
	s1 := mustCreate(t, db, o, at)
	mustAppend(t, db, sale.Event{Ref: s1.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1})
	mustAppend(t, db, sale.Event{Ref: s1.Ref, Type: sale.EventOutcome, At: at.Add(time.Second), State: sale.StateDelivered,
		Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0", Items: []sale.Item{
			{Label: "Voucher PIN", Value: soldPIN, Secret: true}, {Label: "Serial", Value: "SER-1"}}}})
	s2 := mustCreate(t, db, airtime("27821234568", 10000), at.Add(time.Minute))
	mustAppend(t, db, sale.Event{Ref: s2.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1})
	mustAppend(t, db, sale.Event{Ref: s2.Ref, Type: sale.EventOutcome, At: at.Add(time.Minute + time.Second), State: sale.StateDelivered,
		Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0", Items: []sale.Item{{Label: "Token", Value: elecToken, Secret: true}}}})
	c := demoCustomer("amina@example.com")
	c.Token = cardToken
	if _, err := db.AddCustomer(c, at); err != nil {
		t.Fatal(err)
	}
	return []sale.Reference{s1.Ref, s2.Ref}
}

// noSecretIn fails when any secret sold is in the bytes of path, or in any
// key or value of its buckets.
func noSecretIn(t *testing.T, what, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secretsSold {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("%s %s holds secret %s in plain text", what, path, s)
		}
	}
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	_ = bdb.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				for _, s := range secretsSold {
					if bytes.Contains(k, []byte(s)) || bytes.Contains(v, []byte(s)) {
						t.Errorf("%s: bucket %s holds secret %s", what, name, s)
					}
				}
				return nil
			})
		})
	})
}

// secretsOf returns the secret values a reader gets back for refs.
func secretsOf(t *testing.T, db *DB, refs []sale.Reference) []string {
	t.Helper()
	s1, err := db.Sale(refs[0])
	if err != nil {
		t.Fatal(err)
	}
	s2, err := db.Sale(refs[1])
	if err != nil {
		t.Fatal(err)
	}
	cs, err := db.Customers()
	if err != nil || len(cs) != 1 {
		t.Fatalf("Customers = %v, %v", cs, err)
	}
	return []string{s1.Order.Secrets["pin"], s1.Outcome.Items[0].Value, s2.Outcome.Items[0].Value, cs[0].Token}
}

func TestSecretsSealedAtRest(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	opts := keyedOptions(t, dir)
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	refs := sellSecrets(t, db, t0)
	if got := secretsOf(t, db, refs); strings.Join(got, ",") != strings.Join(secretsSold, ",") {
		t.Fatalf("with the key the secrets read back as %v", got)
	}
	evs, err := db.Events(refs[0])
	if err != nil || evs[0].Order.Secrets["pin"] != redeemedPIN || evs[2].Outcome.Items[0].Value != soldPIN {
		t.Fatalf("events with the key = %+v, %v", evs, err)
	}
	backup := filepath.Join(dir, "backup.db")
	if _, err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if fi, err := os.Stat(opts.KeyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	noSecretIn(t, "journal", path)
	noSecretIn(t, "backup", backup)
	if rep, err := VerifyFile(backup); err != nil || !rep.OK() {
		t.Fatalf("backup verify = %+v, %v", rep, err)
	}

	// Without the key: every read works, secrets are not available, and
	// nothing that needs the key is written.
	noKey := testOptions()
	db, err = Open(path, noKey)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range secretsOf(t, db, refs) {
		if v != Unavailable {
			t.Errorf("secret %d without the key = %q", i, v)
		}
	}
	if locked, why := db.SecretsLocked(); !locked || !strings.Contains(why, "sealed with key") {
		t.Errorf("SecretsLocked = %v %q", locked, why)
	}
	_, err = db.Create(airtime("27821234569", 1000), t0.Add(time.Hour))
	if !errors.Is(err, sale.ErrJournal) || !strings.Contains(err.Error(), "cannot sell") {
		t.Errorf("Create without the key = %v", err)
	}
	if _, err := db.Append(sale.Event{Ref: refs[0], Type: sale.EventReprinted, At: t0.Add(time.Hour), By: "C1"}); err != nil {
		t.Errorf("a reprint without the key: %v", err)
	}
	if _, err := db.DayReport("2025-03-01"); err != nil {
		t.Errorf("X report without the key: %v", err)
	}
	if _, err := db.CloseDay("2025-03-01", t0.Add(24*time.Hour), "S1", false); !errors.Is(err, sale.ErrJournal) {
		t.Errorf("Z without the key = %v", err)
	}
	db.Close()

	// A missing key file at the usual place is not made again for a
	// sealed journal.
	db, err = Open(path, Options{StoreID: "STORE042", TerminalID: "TILL07", Location: sast, KeyFile: filepath.Join(dir, "other", keys.FileName)})
	if err != nil {
		t.Fatal(err)
	}
	if locked, why := db.SecretsLocked(); !locked || !strings.Contains(why, "missing") {
		t.Errorf("SecretsLocked with the key file missing = %v %q", locked, why)
	}
	db.Close()
	if _, err := os.Stat(filepath.Join(dir, "other", keys.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key was made for a journal sealed with another: %v", err)
	}

	// Another till's key: refused on open, nothing written.
	other, _ := keys.New()
	before, _ := os.ReadFile(path)
	wrong := testOptions()
	wrong.Key = other
	if _, err := Open(path, wrong); !errors.Is(err, ErrKey) || !strings.Contains(err.Error(), "another till's key") {
		t.Errorf("Open with another key = %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("opening with the wrong key changed the file")
	}

	// With the key again: everything is there.
	db, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := secretsOf(t, db, refs); strings.Join(got, ",") != strings.Join(secretsSold, ",") {
		t.Fatalf("with the key again the secrets read back as %v", got)
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify = %+v, %v", rep, err)
	}
}

func TestSealedValueBoundToSaleAndField(t *testing.T) {
	k, _ := keys.New()
	s := newSealer(k)
	v := s.seal("S-T-X-1", "item:PIN", soldPIN)
	if v == s.seal("S-T-X-2", "item:PIN", soldPIN) {
		t.Errorf("the same PIN in two sales seals the same")
	}
	if got, ok := s.open("S-T-X-1", "item:PIN", v); !ok || got != soldPIN {
		t.Errorf("open = %q %v", got, ok)
	}
	for _, c := range [][2]string{{"S-T-X-2", "item:PIN"}, {"S-T-X-1", "item:Token"}} {
		if got, ok := s.open(c[0], c[1], v); ok || got != Damaged {
			t.Errorf("a value moved to %v opened: %q", c, got)
		}
	}
	other, _ := keys.New()
	if got, ok := newSealer(other).open("S-T-X-1", "item:PIN", v); ok || got != Damaged {
		t.Errorf("another key opened it: %q", got)
	}
}

func TestKeyFileRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	kf := filepath.Join(dir, "till.key")
	for _, c := range []struct {
		name, text string
		mode       os.FileMode
		want       string
	}{
		{"short", "0123abcd\n", 0o600, "short"},
		{"not hex", strings.Repeat("zz", 32) + "\n", 0o600, "damaged"},
		{"world-readable", strings.Repeat("ab", 32) + "\n", 0o644, "chmod 600"},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.Remove(kf)
			if err := os.WriteFile(kf, []byte(c.text), c.mode); err != nil {
				t.Fatal(err)
			}
			os.Chmod(kf, c.mode)
			o := testOptions()
			o.KeyFile = kf
			_, err := Open(path, o)
			if !errors.Is(err, ErrKey) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), strings.Repeat("ab", 32)) {
				t.Errorf("Open = %v", err)
			}
		})
	}
}

func TestPlaintextJournalMigratesOnOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	db, err := Open(path, testOptions()) // a journal from before keys
	if err != nil {
		t.Fatal(err)
	}
	refs := sellSecrets(t, db, t0)
	if _, err := db.CloseDay("2025-03-01", t0.Add(20*time.Hour), "S1", false); err != nil {
		t.Fatal(err)
	}
	_, oldHead, _ := db.Head()
	db.Close()
	if b, _ := os.ReadFile(path); !bytes.Contains(b, []byte(soldPIN)) {
		t.Fatal("the old journal should hold its PINs in plain text (the test proves nothing)")
	}
	opts := keyedOptions(t, dir)
	db, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := secretsOf(t, db, refs); strings.Join(got, ",") != strings.Join(secretsSold, ",") {
		t.Fatalf("after the migration the secrets read back as %v", got)
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() {
		t.Fatalf("Verify after the migration = %+v, %v", rep, err)
	}
	var keySet sale.Event
	_ = db.EachEvent(func(e sale.Event) error {
		if e.Type == sale.EventKeySet {
			keySet = e
		}
		return nil
	})
	if !strings.Contains(keySet.Note, "oldhead=") || !strings.Contains(keySet.Note, oldHead) || !strings.Contains(keySet.Note, db.Key().PublicHex()) {
		t.Errorf("key_set event = %+v", keySet)
	}
	db.Close()
	noSecretIn(t, "migrated journal", path)
	// A second open migrates nothing more.
	db, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rep, err := db.Verify(); err != nil || !rep.OK() || uint64(rep.Events) != keySet.Seq {
		t.Fatalf("Verify after reopening = %+v, %v", rep, err)
	}
}

// rechainAfterEdit is what someone with the journal file and the till's
// source, but not its key, can do: edit an event and the sale record
// replayed from it, then recompute the hash chain from there on.
func rechainAfterEdit(t *testing.T, path string, seq uint64, edit func(*sale.Event), editSale func(*sale.Sale)) {
	t.Helper()
	raw(t, path, func(tx *bbolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		last := fromBE64(m.Get(keyHeadSeq))
		walk, err := newEventWalker(tx, seq)
		if err != nil {
			return err
		}
		if err := m.Put(keyHeadHash, []byte(walk.prev)); err != nil {
			return err
		}
		var first sale.Event
		for s := seq; s <= last; s++ {
			e, err := walk.next(s)
			if err != nil {
				return err
			}
			if s == seq {
				first = e
				edit(&e)
			}
			if err := chainEvent(tx, &e); err != nil {
				return err
			}
		}
		no, _ := saleNo(first.Ref)
		rec, _, err := saleByNo(tx, no)
		if err != nil {
			return err
		}
		editSale(&rec)
		return resaveSale(tx, no, rec)
	})
}

func TestEditedJournalWithRecomputedChainFailsOnItsSignature(t *testing.T) {
	for _, signed := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "journal.db")
		opts := testOptions()
		if signed {
			opts = keyedOptions(t, dir)
		}
		db, err := Open(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		refs := sellSecrets(t, db, t0)
		r, err := db.CloseDay("2025-03-01", t0.Add(20*time.Hour), "S1", false)
		if err != nil {
			t.Fatal(err)
		}
		if signed && (len(r.Signature) != 128 || r.PublicKey != db.Key().PublicHex()) {
			t.Fatalf("the first Z is not signed with the public key printed: %q %q", r.Signature, r.PublicKey)
		}
		evs, _ := db.Events(refs[0])
		db.Close()
		// R50.00 becomes R5.00 in the created event and its sale record.
		rechainAfterEdit(t, path, evs[0].Seq, func(e *sale.Event) { e.Order.Amount = sale.New(500, sale.ZAR) },
			func(s *sale.Sale) { s.Order.Amount = sale.New(500, sale.ZAR) })
		rep := verifyBoth(t, path)
		if !signed {
			// Without signatures the edit goes unnoticed: that is what the
			// signed chain is for.
			if !rep.OK() {
				t.Fatalf("the unsigned control found the edit (the helper is wrong): %+v", rep.Bad)
			}
			continue
		}
		wantBad(t, rep, r.Closed.Seq+1, "", "signature of checkpoint")
		if !strings.Contains(rep.Bad.Reason, "recomputed") {
			t.Errorf("reason = %q", rep.Bad.Reason)
		}
	}
}

func TestSignaturesAnchoredAndKeyRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	opts := keyedOptions(t, dir)
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	refs := sellSecrets(t, db, t0)
	if _, err := db.CloseDay("2025-03-01", t0.Add(20*time.Hour), "S1", false); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.Checkpoint("verify"); !ok || err != nil {
		t.Fatalf("Checkpoint = %v %v", ok, err)
	}
	oldKey := db.Key()
	oldPub := oldKey.PublicHex()
	next, _ := keys.New()
	rot, err := db.RotateKey(next, "S1")
	if err != nil {
		t.Fatal(err)
	}
	if rot.OldPub != oldPub || rot.NewPub != next.PublicHex() || rot.Resealed != 3 {
		t.Errorf("rotation = %+v", rot)
	}
	// The re-sealed chain's hashes changed: it is a new chain, under a new
	// install tag (head office keys its copy by tag and sequence).
	if rot.NewTag == "" || rot.NewTag == rot.OldTag || db.installTag != rot.NewTag {
		t.Errorf("install tag after rotation: %q (was %q), journal %q", rot.NewTag, rot.OldTag, db.installTag)
	}
	if got := secretsOf(t, db, refs); strings.Join(got, ",") != strings.Join(secretsSold, ",") {
		t.Fatalf("after rotation the secrets read back as %v", got)
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() || rep.Signatures != 3 || rep.PublicKey != next.PublicHex() || len(rep.Keys) != 2 || rep.Keys[0] != oldPub || rep.SignedBy != next.PublicHex() {
		t.Fatalf("Verify after rotation = %+v, %v", rep, err)
	}
	db.Close()
	noSecretIn(t, "rotated journal", path)
	if k, err := keys.Load(opts.KeyFile); err != nil || k.Check() != next.Check() {
		t.Fatalf("key file after rotation: %v", err)
	}
	if _, err := os.Stat(opts.KeyFile + ".new"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the .new key file is left: %v", err)
	}
	old := testOptions()
	old.Key = oldKey
	if _, err := Open(path, old); !errors.Is(err, ErrKey) {
		t.Errorf("the old key still opens the journal: %v", err)
	}

	// A rotation interrupted after the journal committed: the old key file
	// and the new one beside it. Open finishes it.
	newer, _ := keys.New()
	db, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RotateKey(newer, "S1"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_ = os.Remove(opts.KeyFile)
	if err := next.Create(opts.KeyFile); err != nil { // the key file before the rename
		t.Fatal(err)
	}
	if err := newer.Create(opts.KeyFile + ".new"); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, opts)
	if err != nil {
		t.Fatalf("Open after an interrupted rotation: %v", err)
	}
	defer db.Close()
	if db.Key().Check() != newer.Check() {
		t.Errorf("the interrupted rotation was not finished")
	}
	if got := secretsOf(t, db, refs); got[0] != redeemedPIN {
		t.Errorf("secrets after finishing the rotation: %v", got)
	}
}

func TestSecondUnsignedKeyRefusedByVerify(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	db, err := Open(path, keyedOptions(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	sellSecrets(t, db, t0)
	if _, _, err := db.Checkpoint("verify"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Someone without the key appends their own key and signs with it.
	intruder, _ := keys.New()
	raw(t, path, func(tx *bbolt.Tx) error {
		if err := journalKeyEvent(tx, sale.EventKeySet, "key="+intruder.PublicHex()); err != nil {
			return err
		}
		m := tx.Bucket(bucketMeta)
		seq, head := fromBE64(m.Get(keyHeadSeq)), string(m.Get(keyHeadHash))
		d := &DB{storeID: "STORE042", terminalID: "TILL07"}
		return journalKeyEvent(tx, sale.EventChainSigned, d.signNote(intruder, seq, head, "verify"))
	})
	rep, err := VerifyFile(path)
	if err != nil || rep.Bad == nil || !strings.Contains(rep.Bad.Reason, "no key of this journal signed") {
		t.Fatalf("Verify = %+v, %v", rep.Bad, err)
	}
}

// TestKeyRotationKeepsTheContinuityRecord: a rotation re-tags the journal,
// and the continuity record follows, so the till opens it again and its
// next sale carries the new tag with a sale number never used before.
func TestKeyRotationKeepsTheContinuityRecord(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	opts := keyedOptions(t, dir)
	opts.StateDir = filepath.Join(dir, "state")
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	refs := sellSecrets(t, db, t0)
	next, _ := keys.New()
	rot, err := db.RotateKey(next, "S1")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(path, opts)
	if err != nil {
		t.Fatalf("reopen after rotation: %v", err)
	}
	defer db.Close()
	s, err := db.Create(airtime("27821234567", 1000), t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	last := refs[len(refs)-1]
	if !strings.Contains(string(s.Ref), "-"+rot.NewTag+"-") || s.Ref == last {
		t.Fatalf("sale after rotation %s: want install tag %s (the last before was %s)", s.Ref, rot.NewTag, last)
	}
}
