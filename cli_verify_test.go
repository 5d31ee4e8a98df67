package main

import (
	"os"
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
	// The Z report prints the verified point.
	r = runTill(t, nil, "--config", cfg, "eod", "--close")
	if r.code != exitOK || !strings.Contains(r.stdout, "Verified to event 6:") {
		t.Fatalf("eod --close: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
