package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/providers/flowix"
	"till/receipts"
	"till/sale"
	"till/store"
)

// withPrinter adds a [printer] table to a config file.
func withPrinter(t *testing.T, cfg, table string) {
	t.Helper()
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, "\n[printer]\n%s\n", table); err != nil {
		t.Fatal(err)
	}
}

// jobs reads the print file's jobs (each begins with ESC @) and empties it.
func jobs(t *testing.T, path string) [][]receipts.Command {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	_ = os.Truncate(path, 0)
	cmds, err := receipts.ParseESCPOS(b)
	if err != nil {
		t.Fatalf("printer bytes: %v", err)
	}
	var out [][]receipts.Command
	for _, c := range cmds {
		if c.Name == "ESC @" {
			out = append(out, nil)
		}
		if len(out) == 0 {
			t.Fatal("a job does not start with ESC @")
		}
		out[len(out)-1] = append(out[len(out)-1], c)
	}
	return out
}

func has(cmds []receipts.Command, name string) bool {
	for _, c := range cmds {
		if c.Name == name {
			return true
		}
	}
	return false
}

// stored is the data of the job's GS ( k store command.
func stored(cmds []receipts.Command) string {
	for _, c := range cmds {
		if c.Name == "GS ( k" && len(c.Args) == 3 && c.Args[1] == 'P' {
			return string(c.Data)
		}
	}
	return ""
}

func text(cmds []receipts.Command) string {
	var b strings.Builder
	for _, c := range cmds {
		switch c.Name {
		case "text":
			b.Write(c.Data)
		case "LF":
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestCLIPrinterSettings: `till deposit --print` prints the deposit's QR
// code with GS ( k (the stored data is the provider's payload), or as a
// raster image with qr = "raster"; with auto_print and drawer_kick `till
// sell` prints the slip of a cash sale with the drawer pulse first and the
// cut last, and a QRIS code slip opens no drawer.
func TestCLIPrinterSettings(t *testing.T) {
	cfg, sb := flowixConfig(t)
	slips := filepath.Join(t.TempDir(), "slips.bin")
	withPrinter(t, cfg, fmt.Sprintf("file = %q\nauto_print = true\ndrawer_kick = true", slips))

	r := runCLI(t, cfg, "deposit", "--amount", "50000", "--fee-by-customer", "--print")
	if r.code != exitInDoubt || !strings.Contains(r.stderr, "QR code of deposit DEP-SBX-") {
		t.Fatalf("deposit --print: exit %d\n%s", r.code, r.stderr)
	}
	db, err := store.Open(filepath.Join(filepath.Dir(cfg), "journal.db"), store.Options{StoreID: "TOKO01", TerminalID: "TILL1", Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	deps, _ := db.List(sale.Query{})
	db.Close()
	if len(deps) != 1 {
		t.Fatalf("%d sales", len(deps))
	}
	var payload string
	for _, it := range deps[0].Outcome.Items {
		if it.Label == flowix.ItemQRIS {
			payload = it.Value
		}
	}
	js := jobs(t, slips)
	if len(js) != 1 || payload == "" || stored(js[0]) != payload {
		t.Fatalf("%d jobs; stored %q, the provider's payload %q", len(js), stored(js[0]), payload)
	}
	if has(js[0], "ESC p") || js[0][len(js[0])-1].Name != "GS V" || !strings.Contains(text(js[0]), "Pay before  ") ||
		!strings.Contains(text(js[0]), " WIB") {
		t.Fatalf("QR slip:\n%s", text(js[0]))
	}

	// A cash sale: the drawer pulse and the slip in one job, the cut last.
	r = runCLI(t, cfg, "sell", "pulsa", "--service", "PLN20", "--target", "1234 5678 901", "--wait", "10s")
	if r.code != exitOK || !strings.Contains(r.stderr, "sent to print file") {
		t.Fatalf("sell: exit %d\n%s", r.code, r.stderr)
	}
	js = jobs(t, slips)
	if len(js) != 1 || len(js[0]) < 3 || js[0][1].Name != "ESC p" || js[0][len(js[0])-1].Name != "GS V" ||
		!strings.Contains(text(js[0]), "Rp 20.300") {
		t.Fatalf("cash sale job: %d jobs\n%v", len(js), js)
	}

	// The raster fallback, and no drawer for a code.
	cfg2, _ := flowixConfig(t)
	slips2 := filepath.Join(t.TempDir(), "slips.bin")
	withPrinter(t, cfg2, fmt.Sprintf("file = %q\nqr = \"raster\"\ndrawer_kick = true", slips2))
	r = runCLI(t, cfg2, "deposit", "--amount", "50000", "--print")
	js = jobs(t, slips2)
	if r.code != exitInDoubt || len(js) != 1 || !has(js[0], "GS v 0") || has(js[0], "GS ( k") || has(js[0], "ESC p") {
		t.Fatalf("raster deposit: exit %d, %d jobs\n%s", r.code, len(js), r.stderr)
	}
	// Without auto_print a cash sale only opens the drawer; --print prints it.
	r = runCLI(t, cfg2, "sell", "pulsa", "--service", "PLN20", "--target", "1234 5678 901", "--wait", "10s")
	js = jobs(t, slips2)
	if r.code != exitOK || len(js) != 1 || len(js[0]) != 2 || js[0][1].Name != "ESC p" {
		t.Fatalf("drawer only: exit %d, %d jobs %v\n%s", r.code, len(js), js, r.stderr)
	}
	r = runCLI(t, cfg2, "sell", "pulsa", "--print", "--service", "PLN20", "--target", "1234 5678 901", "--wait", "10s")
	js = jobs(t, slips2)
	if r.code != exitOK || len(js) != 1 || !has(js[0], "ESC p") || !strings.Contains(text(js[0]), "Rp 20.300") {
		t.Fatalf("sell --print: exit %d, %d jobs\n%s", r.code, len(js), r.stderr)
	}
	_ = sb
}

// A printer that is off: the sale stands (exit 0), the failure is said,
// with how to print it.
func TestCLIAutoPrintFails(t *testing.T) {
	cfg, _ := flowixConfig(t)
	withPrinter(t, cfg, "tcp = \"127.0.0.1:9\"\ntimeout = \"2s\"\nauto_print = true")
	r := runCLI(t, cfg, "sell", "pulsa", "--service", "PLN20", "--target", "1234 5678 901", "--wait", "10s")
	if r.code != exitOK || !strings.Contains(r.stderr, "was not printed; the sale is in the journal: print it with: till reprint") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
}

func TestConfigQRSettings(t *testing.T) {
	for _, c := range []struct{ extra, want string }{
		{"\n[tui]\nqr = \"braille\"\n", "[tui] qr \"braille\" is not one of auto, half, quadrant, sextant"},
		{"\n[printer]\nfile = \"/tmp/x\"\nqr = \"bitmap\"\n", "[printer] qr \"bitmap\" is not native or raster"},
		{"\n[printer]\nfile = \"/tmp/x\"\nauto_print = \"yes\"\n", "cannot decode"},
	} {
		cfg, _ := officeConfig(t, c.extra)
		r := runCLI(t, cfg, "journal", "list")
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d: %s", c.extra, r.code, r.stderr)
		}
	}
	for _, v := range []string{"auto", "half", "quadrant", "sextant"} {
		cfg, _ := officeConfig(t, "\n[tui]\nqr = \""+v+"\"\n")
		if r := runCLI(t, cfg, "journal", "list"); r.code != exitOK {
			t.Errorf("qr = %q: exit %d: %s", v, r.code, r.stderr)
		}
	}
}
