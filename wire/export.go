package wire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"till/export"
	"till/sale"
	"till/store"
)

// The back office of the TUI's end-of-day screen. A running till holds the
// journal, so the command line cannot export from it (`till export` says
// so): the screen exports through the till's own open journal instead,
// with the same code as `till export` (runExport).

// ExportJob is one export of the journal's sales.
type ExportJob struct {
	// From and To are the first and last business days, inclusive; "" leaves
	// an end open.
	From, To string
	Format   export.Format
	Location *time.Location
	// Secrets includes voucher PINs and tokens: the export is journaled
	// (store.DB.RecordSecretsExport, By) before the first row is written,
	// and Recorded, if set, is told of that event.
	Secrets  bool
	By       string
	Recorded func(sale.Event)
	// Dest is the absolute path of the file written (atomically: a 0600
	// temporary file in its directory, synced and renamed over Dest once
	// complete); "" writes to the writer given to runExport.
	Dest string
	// Progress and ProgressEvery are export.Options'.
	Progress      func(rows int)
	ProgressEvery int
}

// ExportFileError is an export file that could not be created or
// completed; nothing was left at the destination.
type ExportFileError struct{ Err error }

func (e *ExportFileError) Error() string { return e.Err.Error() }
func (e *ExportFileError) Unwrap() error { return e.Err }

// runExport writes job's sales from db, to job.Dest or else to w, and
// returns the rows written. It is what `till export` and the end-of-day
// screen share: the secrets record first, then the rows streamed in
// constant memory, then the atomic rename. Cancelling ctx stops it between
// rows (the temporary file is removed). Errors: *ExportFileError for the
// file, else the journal's or the writer's.
func runExport(ctx context.Context, db *store.DB, job ExportJob, w io.Writer) (int, error) {
	opt := export.Options{Format: job.Format, Location: job.Location, IncludeSecrets: job.Secrets,
		Progress: job.Progress, ProgressEvery: job.ProgressEvery}
	if job.Secrets {
		// Journaled, with fsync, before the first secret is written.
		dest := job.Dest
		if dest == "" {
			dest = "stdout"
		}
		note := fmt.Sprintf("%s export of business days %s to %s with secrets to %s",
			job.Format, orWord(job.From, "first"), orWord(job.To, "last"), dest)
		e, err := db.RecordSecretsExport(time.Now(), job.By, note)
		if err != nil {
			return 0, err
		}
		if job.Recorded != nil {
			job.Recorded(e)
		}
	}
	var tmp *os.File
	if job.Dest != "" {
		// CreateTemp makes the file 0600; it is renamed over Dest only once
		// complete, so a failed export never leaves half a file there.
		var err error
		tmp, err = os.CreateTemp(filepath.Dir(job.Dest), "."+filepath.Base(job.Dest)+".tmp-*")
		if err != nil {
			return 0, &ExportFileError{err}
		}
		defer func() {
			if tmp != nil {
				tmp.Close()
				os.Remove(tmp.Name())
			}
		}()
		w = tmp
	}
	n, err := export.Write(w, ctxSource{ctx, db}, job.From, job.To, opt)
	if err != nil {
		return n, err
	}
	if tmp != nil {
		if err := finish(tmp, job.Dest); err != nil {
			return n, &ExportFileError{fmt.Errorf("%s: %w", job.Dest, err)}
		}
		tmp = nil
	}
	return n, nil
}

// ctxSource stops an export between rows once ctx is done.
type ctxSource struct {
	ctx context.Context
	src export.Source
}

// EachSale streams the sales of src, checking ctx every 256 rows.
func (s ctxSource) EachSale(from, to string, fn func(sale.Sale) error) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	n := 0
	return s.src.EachSale(from, to, func(x sale.Sale) error {
		if n++; n%256 == 0 {
			if err := s.ctx.Err(); err != nil {
				return err
			}
		}
		return fn(x)
	})
}

// exportName is the file the end-of-day screen exports to:
// till-export-<from>-<to>.<csv|jsonl>.
func exportName(from, to string, f export.Format) string {
	return "till-export-" + from + "-" + to + "." + string(f)
}

// ExportFunc is the end-of-day screen's exporter (screens.Deps.Export): it
// writes the sales of business days from..to to exportName in the
// journal's directory, or in the home directory when that one cannot be
// written,
// mode 0600, replacing an earlier export of the same days. With
// includeSecrets the export is journaled first, as by's.
//
// The screen exports one business day at a time, and this refuses more:
// the export reads the journal in one bbolt read transaction, and while a
// read transaction is open the journal cannot grow its memory map, so a
// long one would hold up the running till's next sale. One day's sales take
// milliseconds; whole ranges are for `till export` with the till closed.
func (t *Till) ExportFunc() func(ctx context.Context, from, to, format string, includeSecrets bool, by string) (string, int, error) {
	return func(ctx context.Context, from, to, format string, includeSecrets bool, by string) (string, int, error) {
		f, err := export.ParseFormat(format)
		if err != nil {
			return "", 0, err
		}
		for _, d := range []string{from, to} {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				return "", 0, sale.Errorf(sale.CodeInvalid, "export: %q is not a business day like 2026-11-23", d)
			}
		}
		if from != to {
			return "", 0, sale.Errorf(sale.CodeInvalid, "a running till exports one business day at a time; for %s to %s close the till and use till export", from, to)
		}
		dir := filepath.Dir(t.db.Path())
		if home, err := os.UserHomeDir(); err == nil && !writable(dir) {
			dir = home
		}
		dest := filepath.Join(dir, exportName(from, to, f))
		n, err := runExport(ctx, t.db, ExportJob{From: from, To: to, Format: f, Location: t.Cfg.Till.Location(),
			Secrets: includeSecrets, By: by, Dest: dest}, nil)
		var fe *ExportFileError
		if errors.As(err, &fe) {
			return "", n, sale.Errorf(sale.CodeUnavailable, "export: %v", fe.Err)
		}
		if err != nil {
			return "", n, err
		}
		return dest, n, nil
	}
}

// writable reports whether a file can be created in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".till-write-test-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// finish makes the temporary export durable and renames it to dest.
func finish(tmp *os.File, dest string) error {
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if d, err := os.Open(filepath.Dir(dest)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func orWord(v, word string) string {
	if v == "" {
		return word
	}
	return v
}

// Export writes job's sales to job.Dest or else to w (runExport).
func (t *Till) Export(ctx context.Context, job ExportJob, w io.Writer) (int, error) {
	return runExport(ctx, t.db, job, w)
}
