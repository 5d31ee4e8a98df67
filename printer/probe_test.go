package printer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProbe: a probe prints nothing and creates nothing, and says what is
// wrong like a failed job does.
func TestProbe(t *testing.T) {
	dir := t.TempDir()
	slips := filepath.Join(dir, "slips.bin")
	p, err := Open(Config{File: slips})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Probe(context.Background()); err != nil {
		t.Fatalf("a print file in a writable directory: %v", err)
	}
	if _, err := os.Stat(slips); !os.IsNotExist(err) {
		t.Errorf("the probe created the print file (%v)", err)
	}
	if err := os.WriteFile(slips, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := p.Probe(context.Background()); err != nil {
		t.Fatalf("an existing print file: %v", err)
	}
	if b, _ := os.ReadFile(slips); string(b) != "x" {
		t.Errorf("the probe wrote %q", b)
	}
	gone, _ := Open(Config{File: filepath.Join(dir, "nope", "slips.bin")})
	if err := gone.Probe(context.Background()); err == nil || !strings.Contains(err.Error(), "its directory does not exist") {
		t.Errorf("missing directory: %v", err)
	}
	dev, _ := Open(Config{Device: filepath.Join(dir, "lp0")})
	if err := dev.Probe(context.Background()); err == nil || !strings.Contains(err.Error(), "no such device") {
		t.Errorf("missing device: %v", err)
	}
}
