package cli

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"till/config"
)

// TestLogNeverToATerminal: log_file = "-" with stderr on a terminal (the
// TUI, or a shell) logs to the file beside the journal, not the screen.
func TestLogNeverToATerminal(t *testing.T) {
	tty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	if !isTerminal(tty) {
		t.Fatal("/dev/ptmx is not a terminal?")
	}
	dir := t.TempDir()
	c := &cli{stderr: tty, env: noEnv}
	w, closeLog, err := c.openLog(&config.Config{Till: config.TillConfig{LogFile: "-"}}, filepath.Join(dir, "journal.db"))
	if err != nil {
		t.Fatal(err)
	}
	if w == any(tty) {
		t.Fatal("the log is the terminal")
	}
	slog.New(slog.NewTextHandler(w, nil)).Info("not on screen")
	closeLog()
	b, err := os.ReadFile(filepath.Join(dir, "till.log"))
	if err != nil || !strings.Contains(string(b), "not on screen") {
		t.Fatalf("till.log: %q %v", b, err)
	}
}
