package screens

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"till/printer"
	"till/receipts"
	"till/sale"
	"till/screens/kit"
)

// filePrinter is Deps.Print as main wires it (printLinesFunc): the lines as
// one ESC/POS job on a file printer at path.
func filePrinter(path string) func([]receipts.Line) error {
	return func(lines []receipts.Line) error {
		p, err := printer.Open(printer.Config{File: path})
		if err != nil {
			return err
		}
		return p.Print(context.Background(), receipts.ESCPOS(lines))
	}
}

// TestResultScreenPrintsToFilePrinter: p on a delivered sale's result sends
// the original receipt as ESC/POS bytes to the printer. A printer that fails
// loses nothing: the sale stays delivered in the journal, the cashier sees
// why (status line and result), and p prints it once the printer is back;
// a later p is a journaled COPY 1.
func TestResultScreenPrintsToFilePrinter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "spool") // not there yet: the printer fails
	slips := filepath.Join(dir, "slips.bin")
	f := newFixture(t, withDeps(func(d *Deps) { d.Print = filePrinter(slips) }))
	f.prov.script(delivered())
	f.toConfirm("4", "0821234567", "10")
	s := f.sell()
	a := f.airtime()
	if s.State != sale.StateDelivered || !a.PrintKey().Enabled() {
		t.Fatalf("sale %s, print key enabled %v", s.State, a.PrintKey().Enabled())
	}

	// The printer fails.
	f.run(f.press("p"))
	if v := f.view(); !strings.Contains(v, "✗ not printed: print file ") {
		t.Fatalf("the status line does not say why:\n%s", v)
	}
	if v := f.flat(); !strings.Contains(v, "Not printed: print file /") || !strings.Contains(v, "its directory does not exist. The sale is safe in the journal") {
		t.Fatalf("the result does not say why:\n%s", v)
	}
	if got, _ := f.journal.Sale(s.Ref); got.State != sale.StateDelivered || got.Reprints != 0 {
		t.Fatalf("after the failed print the journal has %s with %d copies", got.State, got.Reprints)
	}
	if !a.PrintKey().Enabled() {
		t.Fatal("p is not offered again after a failed print")
	}

	// The printer is back: the original prints, as ESC/POS.
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	f.run(f.press("p"))
	job, err := os.ReadFile(slips)
	if err != nil {
		t.Fatal(err)
	}
	lines, _ := kit.ReceiptLines(f.app.env.D, s, 0)
	want := receipts.ESCPOS(lines)
	if !bytes.Equal(job, want) {
		t.Fatalf("printed %q\nwant %q", job, want)
	}
	if !bytes.HasPrefix(job, []byte("\x1b@")) || !bytes.HasSuffix(job, []byte("\x1dV\x01")) ||
		!bytes.Contains(job, []byte("\x1bE\x01")) || bytes.Contains(job, []byte("COPY")) {
		t.Fatalf("not an ESC/POS original: %q", job)
	}
	if v := f.view(); !strings.Contains(v, "Receipt printed") || strings.Contains(f.flat(), "Not printed") {
		t.Fatalf("after printing:\n%s", v)
	}

	// Again: a journaled copy.
	f.run(f.press("p"))
	job2, _ := os.ReadFile(slips)
	if !bytes.HasPrefix(job2, job) || !bytes.Contains(job2[len(job):], []byte("*** COPY 1 ***")) {
		t.Fatalf("second job %q", job2[len(job):])
	}
	if got, _ := f.journal.Sale(s.Ref); got.Reprints != 1 {
		t.Fatalf("copies journaled: %d", got.Reprints)
	}
}
