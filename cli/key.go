package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"till/config"
	"till/wire"

	"till/keys"
	"till/sale"
)

// The till's key (keys/, store/seal.go, store/sign.go): where it lives,
// the PIN pepper, `till key`, and the signature checks of `till verify`.

// keyFile is the till's key file: [till] key_file, or till.key in the
// state directory (beside the continuity record).
func (c *cli) keyFile(cfg *config.Config, journal string) string {
	if cfg.Till.KeyFile != "" {
		return cfg.Till.KeyFile
	}
	return filepath.Join(c.stateDir(cfg, journal), keys.FileName)
}

// pepper is the PIN pepper of the journal's key (nil without one).
func (t *till) pepper() []byte {
	if t.Journal == nil {
		return nil
	}
	return t.Journal.Pepper()
}

// verifySigned follows a clean `till verify`: it checks the journal's
// signatures against an anchor — the public key given, or on the till's
// own journal its key file — and, on the till's own journal, signs a
// checkpoint of the head.
func (c *cli) verifySigned(path string, own bool, rep wire.Report, pub string) int {
	if pub != "" {
		pk, err := keys.ParsePublic(pub)
		if err != nil {
			c.errorf("verify: --public-key: %v", err)
			return exitUsage
		}
		want := fmt.Sprintf("%x", []byte(pk))
		if !slices.Contains(rep.Keys, want) {
			c.errorf("journal %s is NOT signed by public key %s: its signatures are by %s", path, short16(want), keyList(rep.Keys))
			return exitJournal
		}
	}
	var cfg *config.Config
	if own {
		var err error
		if cfg, err = c.config(); err != nil {
			return c.fail(err)
		}
		k, err := keys.Load(c.keyFile(cfg, path))
		if err == nil && rep.PublicKey != "" && k.PublicHex() != rep.PublicKey {
			c.errorf("journal %s is NOT signed by this till's key: its signatures are by %s, this till's key file %s is %s",
				path, keyList(rep.Keys), k.Path(), short16(k.PublicHex()))
			return exitJournal
		}
	}
	if rep.Signatures == 0 {
		fmt.Fprintf(c.stdout, "no signed checkpoints yet\n")
	} else {
		fmt.Fprintf(c.stdout, "%d signed checkpoint(s) verified, the last at event %d; till public key %s\n", rep.Signatures, rep.SignedTo, rep.PublicKey)
	}
	if !own {
		return exitOK
	}
	var db *wire.Till
	if c.held != nil { // backoffice.go: run inside the till that holds the journal
		db = c.held.Till
	} else {
		var err error
		if db, err = wire.OpenAdmin(cfg, path, c.storeOptions(cfg, path)); err != nil {
			if errors.Is(err, wire.ErrLocked) {
				fmt.Fprintf(c.stdout, "no checkpoint signed: the journal is in use by a running till (each Z signs one)\n")
				return exitOK
			}
			return c.fail(err)
		}
		defer db.Close()
	}
	if locked, why := db.SecretsLocked(); locked { // the check above holds; only the signature needs the key
		c.errorf("no checkpoint signed: %s", why)
		return exitOK
	}
	e, ok, err := db.Checkpoint("verify")
	switch {
	case err != nil:
		c.errorf("no checkpoint signed: %v", err)
		return exitJournal
	case ok:
		fmt.Fprintf(c.stdout, "checkpoint signed: event %d signs the head (event %d)\n", e.Seq, e.Seq-1)
	}
	return exitOK
}

func short16(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}

func keyList(ks []string) string {
	if len(ks) == 0 {
		return "no key (it was never signed)"
	}
	var out []string
	for _, k := range ks {
		out = append(out, short16(k))
	}
	return strings.Join(out, ", ")
}

// key is `till key show` and `till key rotate --supervisor ID --reason T`.
func (c *cli) key(sub string, args []string) int {
	fs := c.flags("key " + sub)
	sup := fs.String("supervisor", "", "the supervisor `id` who authorises the rotation (their PIN is read from stdin when the journal has cashiers)")
	reason := fs.String("reason", "", "why (journaled)")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	cfg, err := c.config()
	if err != nil {
		return c.fail(err)
	}
	jpath, err := cfg.JournalPath(c.env)
	if err != nil {
		return c.fail(err)
	}
	if sub == "show" {
		path := c.keyFile(cfg, jpath)
		k, err := keys.Load(path)
		if err != nil {
			c.errorf("%v", err)
			return exitJournal
		}
		fmt.Fprintf(c.stdout, "key file    %s\nkey id      %s\npublic key  %s\n", path, k.ID(), k.PublicHex())
		return exitOK
	}
	if strings.TrimSpace(*sup) == "" {
		c.errorf("key rotate: --supervisor is required")
		return exitUsage
	}
	if strings.TrimSpace(*reason) == "" {
		*reason = "key rotation"
	}
	db, err := wire.OpenAdmin(cfg, jpath, c.storeOptions(cfg, jpath))
	if err != nil {
		if errors.Is(err, wire.ErrLocked) {
			c.errorf("key rotate: the journal is in use by a running till: close it first")
			return exitJournal
		}
		return c.fail(err)
	}
	defer db.Close()
	by := *sup + " (" + c.backOffice() + ")"
	if db.KeepsCashiers() {
		t := &till{db}
		t.Cashier = c.backOffice()
		t.Auth = t.newAuth()
		ov, err := c.override(t, sale.ActionJournal, "key rotate", *sup, *reason)
		if err != nil {
			return c.fail(err)
		}
		by = ov.Supervisor
	}
	next, err := keys.New()
	if err != nil {
		return c.fail(err)
	}
	rot, err := db.RotateKey(next, by)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "key rotated by %s (journal event %d): key %s replaced by key %s; %d event(s) sealed again\n",
		by, rot.Event.Seq, rot.OldID, rot.NewID, rot.Resealed)
	fmt.Fprintf(c.stdout, "new public key %s\n", rot.NewPub)
	fmt.Fprintf(c.stdout, "new install tag %s (was %s): the re-sealed chain ships to head office as a new one\n", rot.NewTag, rot.OldTag)
	c.errorf("back up the new key file %s now, apart from the journal: the old key no longer opens this journal",
		c.keyFile(cfg, jpath))
	return exitOK
}
