package cli

import (
	"io"
	"os"
	"path/filepath"

	"till/config"

	"github.com/charmbracelet/x/term"
	"gopkg.in/natefinch/lumberjack.v2"
)

// openLog opens where the till logs (see above) and returns it with the
// function that closes it.
func (c *cli) openLog(cfg *config.Config, journal string) (io.Writer, func(), error) {
	if cfg.Till.LogFile == config.LogStderr && !isTerminal(c.stderr) {
		return c.stderr, func() {}, nil
	}
	path := cfg.LogPath(journal)
	if path == config.LogStderr { // "-" on a terminal: the file beside the journal
		path = (&config.Config{Demo: cfg.Demo}).LogPath(journal)
	}
	if err := config.EnsureDir(filepath.Dir(path)); err != nil {
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
		max = config.DefaultLogMaxSize
	}
	if keep == 0 {
		keep = config.DefaultLogKeep
	}
	l := &lumberjack.Logger{Filename: path, MaxSize: max, MaxBackups: keep, LocalTime: false}
	return l, func() { l.Close() }, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
