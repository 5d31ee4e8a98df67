package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"till/export"
	"till/sale"
	"till/wire"
)

// exportLocked is what `till export` says when a running till holds the
// journal: the command line cannot read it then.
const exportLocked = "the journal is in use by a running till: export from its end-of-day screen, or close it first"

// export is `till export [--from D] [--to D] [--format csv|jsonl] [-o FILE]
// [--include-secrets] [--progress]`: one row per sale of the business days
// from..to (inclusive; an end left out is open), streamed from the journal.
func (c *cli) export(args []string) int {
	fs := c.flags("export")
	from := fs.String("from", "", "first business `day` YYYY-MM-DD (default: the first)")
	to := fs.String("to", "", "last business `day` YYYY-MM-DD, inclusive (default: the last)")
	format := fs.String("format", "csv", "csv or jsonl")
	out := fs.String("o", "", "write to `file` (atomically: a temporary file renamed at the end; mode 0600) instead of stdout")
	secrets := fs.Bool("include-secrets", false, "include voucher PINs and tokens (recorded in the journal first)")
	progress := fs.Bool("progress", false, "report progress on stderr even when it is not a terminal")
	by := fs.String("by", "", "who exports secrets (default: $USER)")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return c.fail(err)
	}
	for _, d := range []struct{ flag, v string }{{"--from", *from}, {"--to", *to}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			c.errorf("export: %s %q is not a date like 2026-11-23", d.flag, d.v)
			return exitUsage
		}
	}
	if *from != "" && *to != "" && *from > *to {
		c.errorf("export: --from %s is after --to %s", *from, *to)
		return exitUsage
	}
	dest := "stdout"
	if *out != "" {
		abs, err := c.abs(*out) // backoffice.go: the user's directory
		if err != nil {
			c.errorf("export: -o %s: %v", *out, err)
			return exitUsage
		}
		if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
			c.errorf("export: -o %s: its directory does not exist", *out)
			return exitUsage
		}
		dest = abs
	}
	t, code := c.openJournalFor(exportLocked)
	if t == nil {
		return code
	}
	defer t.Close()

	job := wire.ExportJob{From: *from, To: *to, Format: f, Location: t.Cfg.Till.Location(), Secrets: *secrets, By: c.who(*by, t),
		Recorded: func(e sale.Event) {
			c.errorf("export with secrets recorded in the journal (event %d, by %s)", e.Seq, e.By)
		}}
	if *out != "" {
		job.Dest = dest
	}
	if *progress || c.stderrIsTerminal() {
		job.Progress = func(n int) { fmt.Fprintf(c.stderr, "\rtill: exported %d sales...", n) }
		job.ProgressEvery = 50_000
	}
	// An export's live heap is a few batches of sales whatever the journal's
	// size, but it allocates every row's strings: a higher GC target halves
	// the collector's work and keeps memory constant (a few MiB more).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	n, err := t.Export(context.Background(), job, c.stdout)
	if job.Progress != nil {
		fmt.Fprintln(c.stderr)
	}
	var fe *wire.ExportFileError
	switch {
	case errors.As(err, &fe):
		c.errorf("export: %v", fe.Err)
		return exitUsage
	case err != nil:
		if *out != "" {
			c.errorf("export: %s was not written", *out)
		}
		return c.fail(err)
	}
	c.errorf("exported %d sale(s) to %s", n, dest)
	return exitOK
}
