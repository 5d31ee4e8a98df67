package cli

import (
	"io"
	"os"
	"path/filepath"

	"github.com/charmbracelet/x/term"
	"gopkg.in/natefinch/lumberjack.v2"
)

// The log ([till] log_file, log_max_size, log_keep). The till logs to a
// file that rotates by size — log_max_size megabytes, then it is renamed
// with a timestamp and the newest log_keep of those are kept — or, with
// log_file = "-", to stderr, which under systemd is the journal (journald
// rotates it). Nothing is ever logged to a terminal: "-" on a terminal
// (the TUI, or a command typed at a shell) logs to the file beside the
// journal instead.
const (
	logStderr         = "-"
	defaultLogMaxSize = 10 // megabytes
	defaultLogKeep    = 5  // rotated files
	maxLogMaxSize     = 1024
	maxLogKeep        = 100
)

// validateLog checks [till] log_file, log_max_size and log_keep and fills
// their defaults.
func (c *Config) validateLog(bad func(string, ...any)) {
	t := &c.Till
	switch {
	case t.LogMaxSize == 0:
		t.LogMaxSize = defaultLogMaxSize
	case t.LogMaxSize < 1 || t.LogMaxSize > maxLogMaxSize:
		bad("[till] log_max_size is %d: it must be between 1 and %d (megabytes)", t.LogMaxSize, maxLogMaxSize)
	}
	switch {
	case t.LogKeep == 0:
		t.LogKeep = defaultLogKeep
	case t.LogKeep < 1 || t.LogKeep > maxLogKeep:
		bad("[till] log_keep is %d: it must be between 1 and %d (rotated files kept)", t.LogKeep, maxLogKeep)
	}
	if f := t.LogFile; f != "" && f != logStderr {
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			bad("[till] log_file %q is a directory: name a file in it, or \"-\" for stderr (the systemd journal)", f)
		}
	}
}

// openLog opens where the till logs (see above) and returns it with the
// function that closes it.
func (c *cli) openLog(cfg *Config, journal string) (io.Writer, func(), error) {
	if cfg.Till.LogFile == logStderr && !isTerminal(c.stderr) {
		return c.stderr, func() {}, nil
	}
	path := cfg.logPath(journal)
	if path == logStderr { // "-" on a terminal: the file beside the journal
		path = (&Config{Demo: cfg.Demo}).logPath(journal)
	}
	if err := ensureDir(filepath.Dir(path)); err != nil {
		return nil, nil, err
	}
	// Open it once now, so a log that cannot be written is reported at
	// start and not lost silently at the first line.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, err
	}
	f.Close()
	max, keep := cfg.Till.LogMaxSize, cfg.Till.LogKeep
	if max == 0 { // the demo config is not validated
		max = defaultLogMaxSize
	}
	if keep == 0 {
		keep = defaultLogKeep
	}
	l := &lumberjack.Logger{Filename: path, MaxSize: max, MaxBackups: keep, LocalTime: false}
	return l, func() { l.Close() }, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
