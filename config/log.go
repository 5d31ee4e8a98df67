package config

import "os"

// The log ([till] log_file, log_max_size, log_keep). The till logs to a
// file that rotates by size — log_max_size megabytes, then it is renamed
// with a timestamp and the newest log_keep of those are kept — or, with
// log_file = "-", to stderr, which under systemd is the journal (journald
// rotates it). Nothing is ever logged to a terminal: "-" on a terminal
// (the TUI, or a command typed at a shell) logs to the file beside the
// journal instead.
const (
	LogStderr         = "-"
	DefaultLogMaxSize = 10 // megabytes
	DefaultLogKeep    = 5  // rotated files
	maxLogMaxSize     = 1024
	maxLogKeep        = 100
)

// validateLog checks [till] log_file, log_max_size and log_keep and fills
// their defaults.
func (c *Config) validateLog(bad func(string, ...any)) {
	t := &c.Till
	switch {
	case t.LogMaxSize == 0:
		t.LogMaxSize = DefaultLogMaxSize
	case t.LogMaxSize < 1 || t.LogMaxSize > maxLogMaxSize:
		bad("[till] log_max_size is %d: it must be between 1 and %d (megabytes)", t.LogMaxSize, maxLogMaxSize)
	}
	switch {
	case t.LogKeep == 0:
		t.LogKeep = DefaultLogKeep
	case t.LogKeep < 1 || t.LogKeep > maxLogKeep:
		bad("[till] log_keep is %d: it must be between 1 and %d (rotated files kept)", t.LogKeep, maxLogKeep)
	}
	if f := t.LogFile; f != "" && f != LogStderr {
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			bad("[till] log_file %q is a directory: name a file in it, or \"-\" for stderr (the systemd journal)", f)
		}
	}
}
