package cli

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"till/config"
)

func TestLogConfigRanges(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ add, want string }{
		{"log_max_size = -1", "[till] log_max_size is -1: it must be between 1 and 1024 (megabytes)"},
		{"log_max_size = 1025", "[till] log_max_size is 1025"},
		{"log_keep = -3", "[till] log_keep is -3: it must be between 1 and 100"},
		{"log_keep = 101", "[till] log_keep is 101"},
		{"log_max_size = \"10MB\"", "line 7 column 16"},
		{"log_file = " + tomlString(dir), "is a directory"},
	} {
		body := strings.Replace(goodConfig, "receipt_width = 42", "receipt_width = 42\n"+tc.add, 1)
		_, err := config.Load(writeConfig(t, body, 0o600), noEnv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.add, err, tc.want)
			continue
		}
		if exitFor(err) != exitUsage {
			t.Errorf("%s: exit %d, want 2", tc.add, exitFor(err))
		}
	}
	cfg, err := config.Load(writeConfig(t, goodConfig, 0o600), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Till.LogMaxSize != config.DefaultLogMaxSize || cfg.Till.LogKeep != config.DefaultLogKeep {
		t.Fatalf("defaults: max %d keep %d", cfg.Till.LogMaxSize, cfg.Till.LogKeep)
	}
	body := strings.Replace(goodConfig, "receipt_width = 42", "receipt_width = 42\nlog_file = \"-\"\nlog_max_size = 1024\nlog_keep = 1", 1)
	if cfg, err = config.Load(writeConfig(t, body, 0o600), noEnv); err != nil {
		t.Fatal(err)
	}
	if cfg.Till.LogFile != "-" || cfg.Till.LogMaxSize != 1024 || cfg.Till.LogKeep != 1 {
		t.Fatalf("got %+v", cfg.Till)
	}
}

func tomlString(s string) string { return `"` + strings.ReplaceAll(s, `\`, `\\`) + `"` }

// TestLogRotatesBySize writes more than log_max_size through the till's
// log and finds it rotated: the live file under the limit, rotated files
// beside it, every one owner-only.
func TestLogRotatesBySize(t *testing.T) {
	dir := t.TempDir()
	journal := filepath.Join(dir, "journal.db")
	cfg := &config.Config{Till: config.TillConfig{LogMaxSize: 1, LogKeep: 2}}
	c := &cli{stderr: &bytes.Buffer{}, env: noEnv}
	w, closeLog, err := c.openLog(cfg, journal)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(w, nil))
	line := strings.Repeat("x", 1000)
	for i := 0; i < 2500; i++ { // about 2.6 MB: at least two rotations
		log.Info("sale journaled", "pad", line)
	}
	closeLog()
	files, _ := filepath.Glob(filepath.Join(dir, "till*.log"))
	if len(files) < 2 {
		t.Fatalf("no rotation: %v", files)
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > 1<<20 {
			t.Errorf("%s is %d bytes, over log_max_size", f, fi.Size())
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", f, fi.Mode().Perm())
		}
	}
	if c.stderr.(*bytes.Buffer).Len() != 0 {
		t.Fatalf("a log file setting wrote to stderr: %q", c.stderr)
	}
}

// TestLogToStderr: log_file = "-" logs to stderr when it is not a terminal
// (systemd's journal, a pipe), and writes no file.
func TestLogToStderr(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	c := &cli{stderr: &stderr, env: noEnv}
	w, closeLog, err := c.openLog(&config.Config{Till: config.TillConfig{LogFile: "-"}}, filepath.Join(dir, "journal.db"))
	if err != nil {
		t.Fatal(err)
	}
	slog.New(slog.NewTextHandler(w, nil)).Info("hello journald")
	closeLog()
	if !strings.Contains(stderr.String(), "hello journald") {
		t.Fatalf("stderr %q", stderr.String())
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.log")); len(files) != 0 {
		t.Fatalf("files %v", files)
	}
}
