package keys

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCreateLoadAndRefuse(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", FileName)
	if _, err := Load(path); !errors.Is(err, ErrMissing) {
		t.Fatalf("Load of a missing file = %v", err)
	}
	k, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Create(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", fi, err)
	}
	if d, _ := os.Stat(filepath.Dir(path)); d.Mode().Perm() != 0o700 {
		t.Errorf("key directory mode %v", d.Mode().Perm())
	}
	other, _ := New()
	if err := other.Create(path); err == nil {
		t.Fatal("Create replaced an existing key")
	}
	l, err := Load(path)
	if err != nil || l.Check() != k.Check() || l.PublicHex() != k.PublicHex() || l.Path() != path {
		t.Fatalf("Load = %v, %v", l, err)
	}
	if k.Check() == other.Check() || k.PublicHex() == other.PublicHex() {
		t.Fatal("two keys look alike")
	}
	// The derived keys are distinct from each other and from the key.
	seen := map[string]bool{k.Hex(): true}
	for _, b := range [][]byte{k.SealKey(), k.NonceKey(), k.Signer().Seed(), []byte(k.Check())} {
		if seen[string(b)] || bytes.Contains(b, k.raw[:8]) {
			t.Fatal("a derived key repeats")
		}
		seen[string(b)] = true
	}
	sig := k.Sign([]byte("head"))
	if pub, err := ParsePublic("ed25519:" + k.PublicHex()); err != nil || !ed25519.Verify(pub, []byte("head"), sig) {
		t.Fatalf("signature: %v", err)
	}
	for name, body := range map[string]string{"short": "abcd\n", "not hex": strings.Repeat("x", 64), "long": strings.Repeat("ab", 33)} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		if _, err := Load(p); !errors.Is(err, ErrBad) {
			t.Errorf("%s: %v", name, err)
		}
	}
	os.Chmod(path, 0o640)
	if _, err := Load(path); !errors.Is(err, ErrBad) || !strings.Contains(err.Error(), "chmod 600") || strings.Contains(err.Error(), k.Hex()) {
		t.Errorf("group-readable key: %v", err)
	}
}

func TestDefaultFile(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TILL_STATE_DIR": "/s", "XDG_STATE_HOME": "/x", "HOME": "/h"}, "/s/till.key"},
		{map[string]string{"XDG_STATE_HOME": "/x", "HOME": "/h"}, "/x/till/till.key"},
		{map[string]string{"HOME": "/h"}, "/h/.local/state/till/till.key"},
	} {
		if got := DefaultFile(env(c.env)); got != c.want {
			t.Errorf("DefaultFile(%v) = %s", c.env, got)
		}
	}
}
