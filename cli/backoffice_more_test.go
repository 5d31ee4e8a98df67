package cli

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/config"
	"till/wire"

	"till/keys"
	"till/receipts"
	"till/sale"
	"till/store"
)

// The back-office commands (eod, export, reprint search, printing) run
// in-process through run(), against real bbolt journals in t.TempDir().

var jhb = func() *time.Location {
	loc, err := time.LoadLocation("Africa/Johannesburg")
	if err != nil {
		panic(err)
	}
	return loc
}()

// officeConfig writes a config with its own journal and any extra tables.
// Its Flash table is never dialled: these commands open the journal only.
func officeConfig(t *testing.T, extra string) (cfgPath, journal string) {
	t.Helper()
	return writeTill(t, tillFile{width: 32, timezone: "Africa/Johannesburg", shop: "TEST SHOP", extra: extra, tables: []string{
		table("flash", "base_url", "http://127.0.0.1:9/flash", "api_key", "k", "account_number", "1"),
	}})
}

type ran struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, cfg string, args ...string) ran {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HOME": home, "XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home, "USER": "backoffice",
		"XDG_STATE_HOME": stateHome(cfg)}
	var out, errb bytes.Buffer
	code := run(append([]string{"--config", cfg}, args...), &out, &errb, func(k string) string { return env[k] })
	return ran{code, out.String(), errb.String()}
}

func openJournal(t *testing.T, path string) *store.DB {
	t.Helper()
	// The till's key where runs with a config beside the journal keep it
	// (stateHome), once a run has made it; before, the journal stays
	// unsealed, as one from before keys (the till's first run seals it).
	key := filepath.Join(stateHome(path), "till", keys.FileName)
	if _, err := os.Stat(key); err != nil {
		key = ""
	}
	db, err := store.Open(path, store.Options{StoreID: "S1", TerminalID: "T1", Location: jhb, KeyFile: key})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// seed journals today's sales: a delivered airtime sale and a delivered
// voucher with a PIN (both to 0821234567's number or none), a delivered
// electricity sale to meter 04040404040 and, if inDoubt, an in-doubt
// airtime sale. It returns the references in order.
func seed(t *testing.T, journal string, inDoubt bool) []sale.Reference {
	t.Helper()
	db := openJournal(t, journal)
	defer db.Close()
	now := time.Now()
	done := func(at time.Time, items ...sale.Item) []sale.Event {
		return []sale.Event{
			{Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1},
			{Type: sale.EventOutcome, At: at, State: sale.StateDelivered, Outcome: &sale.Outcome{Result: sale.ResultDelivered, ProviderRef: "FL-9", Message: "Success", Items: items}},
		}
	}
	order := func(kind sale.Kind, target sale.Target, minor int64) sale.Order {
		return sale.Order{Provider: "flash", Kind: kind, ProductName: string(kind) + " product", Target: target,
			Amount: sale.New(minor, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: "thabo"}
	}
	mobile := sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}
	batch := []store.BulkSale{
		{Order: order(sale.KindAirtime, mobile, 1000), At: now.Add(-4 * time.Millisecond), Events: done(now)},
		{Order: order(sale.KindVoucher, sale.Target{}, 5000), At: now.Add(-3 * time.Millisecond), Events: done(now, sale.Item{Label: "PIN", Value: "9999888877776666", Secret: true})},
		{Order: order(sale.KindElectricity, sale.Target{Kind: sale.TargetMeter, Value: "04040404040"}, 20000), At: now.Add(-2 * time.Millisecond), Events: done(now, sale.Item{Label: "Token", Value: "1111 2222 3333 4444 5555", Secret: true})},
		{Order: order(sale.KindAirtime, mobile, 700), At: now.Add(-time.Millisecond), Events: done(now)},
	}
	if inDoubt {
		batch = append(batch, store.BulkSale{Order: order(sale.KindAirtime, sale.Target{Kind: sale.TargetMobile, Value: "27831234567"}, 500), At: now,
			Events: []sale.Event{{Type: sale.EventRecovered, At: now, State: sale.StateInDoubt}}})
	}
	if err := db.Bulk(batch); err != nil {
		t.Fatal(err)
	}
	var refs []sale.Reference
	if err := db.EachSale("", "", func(s sale.Sale) error { refs = append(refs, s.Ref); return nil }); err != nil {
		t.Fatal(err)
	}
	return refs
}

func TestCLIEndOfDay(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	refs := seed(t, journal, true)
	today := time.Now().In(jhb).Format(time.DateOnly)

	r := runCLI(t, cfg, "eod")
	if r.code != 0 || !strings.Contains(r.stdout, "X REPORT - DAY OPEN") || !strings.Contains(r.stdout, "Sold                    R 267.00") ||
		!strings.Contains(r.stdout, string(refs[4])) || !strings.Contains(r.stderr, "nothing was closed") {
		t.Fatalf("eod: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if len(l) > 32 {
			t.Errorf("report line wider than 32: %q", l)
		}
	}
	r = runCLI(t, cfg, "eod", "--close")
	if r.code != exitUsage || !strings.Contains(r.stderr, "1 unresolved and 0 refund-due sale(s) ("+string(refs[4])+")") || !strings.Contains(r.stderr, "--supervisor") {
		t.Fatalf("close with an unresolved sale: exit %d: %s", r.code, r.stderr)
	}
	r = runCLI(t, cfg, "eod", "--supervisor", "thabo")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--supervisor only goes with --close") {
		t.Fatalf("--supervisor alone: exit %d: %s", r.code, r.stderr)
	}
	// A supervisor's override (issue 8; cashier.go) closes it anyway.
	if r = runCLIIn(t, cfg, "2468\n2468\n", "cashier", "add", "--name", "Thabo", "--role", "supervisor", "--id", "thabo"); r.code != 0 {
		t.Fatalf("add a supervisor: %s", r.stderr)
	}
	r = runCLIIn(t, cfg, "2468\n", "eod", "--close", "--supervisor", "thabo", "--reason", "provider down")
	if r.code != 0 || !strings.Contains(r.stdout, "Z REPORT - DAY CLOSED") || !strings.Contains(r.stdout, "Closed by                  thabo") ||
		!strings.Contains(r.stderr, "day "+today+" CLOSED by thabo") || !strings.Contains(r.stderr, "closed with 1 unresolved") {
		t.Fatalf("eod --close --supervisor: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, cfg, "eod", "--close", "--day", today)
	if r.code != exitUsage || !strings.Contains(r.stderr, "already closed") {
		t.Fatalf("second close: exit %d: %s", r.code, r.stderr)
	}
	r = runCLI(t, cfg, "eod", "--day", today, "--json")
	var rep sale.DayReport
	if err := unmarshalOut([]byte(r.stdout), &rep); err != nil || r.code != 0 {
		t.Fatalf("eod --json: exit %d %v\n%s", r.code, err, r.stdout)
	}
	if rep.Closed == nil || rep.Closed.By != "thabo" || rep.Sales != 5 || len(rep.Unresolved) != 1 || rep.HeadSeq != rep.Closed.Seq+1 { // the Z's signed checkpoint follows the close
		t.Fatalf("report of the closed day: %+v", rep)
	}
	if rep.Unresolved[0].Target.Value != "278*****567" || strings.Contains(r.stdout, "27831234567") {
		t.Fatalf("eod --json shows a target in full: %+v", rep.Unresolved[0])
	}

	// The next sale belongs to the next business day, and the journal lists it there.
	db := openJournal(t, journal)
	s, err := db.Create(sale.Order{Provider: "flash", Kind: sale.KindAirtime, Amount: sale.New(100, sale.ZAR)}, time.Now())
	db.Close()
	if err != nil || s.Day != sale.NextDay(today) {
		t.Fatalf("a sale after the Z: day %s, %v", s.Day, err)
	}
	r = runCLI(t, cfg, "journal", "list", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, string(s.Ref)) {
		t.Fatalf("journal list after the Z does not show the new day's sale: %s %s", r.stdout, r.stderr)
	}
	r = runCLI(t, cfg, "verify")
	if r.code != 0 {
		t.Fatalf("verify after a close: exit %d: %s", r.code, r.stderr)
	}
	r = runCLI(t, cfg, "eod", "--day", "2026-13-01")
	if r.code != exitUsage {
		t.Errorf("bad day: exit %d", r.code)
	}
}

func TestCLIExport(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	refs := seed(t, journal, false)
	out := filepath.Join(t.TempDir(), "sales.csv")

	r := runCLI(t, cfg, "export", "--format", "csv", "-o", out)
	if r.code != 0 || !strings.Contains(r.stderr, "exported 4 sale(s) to "+out) {
		t.Fatalf("export: exit %d: %s", r.code, r.stderr)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", fi, err)
	}
	data, _ := os.ReadFile(out)
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) != 5 || rows[1][0] != string(refs[0]) || rows[1][10] != "278*****567" || rows[3][10] != "040*****040" {
		t.Fatalf("csv: %v\n%s", err, data)
	}
	for _, secret := range []string{"9999888877776666", "1111 2222", "27821234567"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the default export holds %q", secret)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".sales.csv.tmp-*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// With secrets: journaled first, by whom, then written.
	today := time.Now().In(jhb).Format(time.DateOnly)
	r = runCLI(t, cfg, "export", "--format", "jsonl", "--from", today, "--to", today, "--include-secrets", "--by", "lerato")
	if r.code != 0 || !strings.Contains(r.stdout, `"secrets":"PIN=9999888877776666"`) || !strings.Contains(r.stdout, `"secrets":"Token=1111 2222 3333 4444 5555"`) ||
		!strings.Contains(r.stderr, "recorded in the journal (event 14, by lerato)") {
		t.Fatalf("export --include-secrets: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	db := openJournal(t, journal)
	var recorded []sale.Event
	_ = db.EachEvent(func(e sale.Event) error {
		if e.Type == sale.EventSecretsExported {
			recorded = append(recorded, e)
		}
		return nil
	})
	db.Close()
	if len(recorded) != 1 || recorded[0].By != "lerato" || recorded[0].Note != "jsonl export of business days "+today+" to "+today+" with secrets to stdout" {
		t.Fatalf("journaled export records: %+v", recorded)
	}

	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--format", "xlsx"}, "unknown export format"},
		{[]string{"export", "--from", "2025-03-02", "--to", "2025-03-01"}, "is after --to"},
		{[]string{"export", "--from", "yesterday"}, "not a date"},
		{[]string{"export", "-o", "/nonexistent/dir/x.csv"}, "directory does not exist"},
	} {
		if r := runCLI(t, cfg, bad.args...); r.code != exitUsage || !strings.Contains(r.stderr, bad.want) {
			t.Errorf("%v: exit %d: %s", bad.args, r.code, r.stderr)
		}
	}
}

// TestCLIJournalInUse: a running till holds the journal; the command line
// says exactly that, and where to go instead, with exit 4.
func TestCLIJournalInUse(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	seed(t, journal, false)
	db := openJournal(t, journal) // the "running till"
	defer db.Close()
	r := runCLI(t, cfg, "export", "--format", "csv")
	if r.code != exitJournal || r.stderr != "till: the journal is in use by a running till: export from its end-of-day screen, or close it first\n" || r.stdout != "" {
		t.Fatalf("export of a held journal: exit %d: %q", r.code, r.stderr)
	}
	r = runCLI(t, cfg, "eod", "--close")
	if r.code != exitJournal || !strings.Contains(r.stderr, "use its end-of-day screen") {
		t.Fatalf("eod of a held journal: exit %d: %q", r.code, r.stderr)
	}
}

func TestCLIReprintSearch(t *testing.T) {
	slips := filepath.Join(t.TempDir(), "slips.bin")
	cfg, journal := officeConfig(t, fmt.Sprintf("\n[printer]\nfile = %q\n", slips))
	refs := seed(t, journal, false)

	// Found by meter number: one sale, reprinted as COPY 1.
	r := runCLI(t, cfg, "reprint", "--meter", "04040404040")
	if r.code != 0 || !strings.Contains(r.stdout, "*** COPY 1 ***") || !strings.Contains(r.stdout, string(refs[2])) {
		t.Fatalf("reprint --meter: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// Two sales to the number: both listed, newest first, nothing journaled.
	r = runCLI(t, cfg, "reprint", "--mobile", "082 123 4567")
	if r.code != exitUsage || strings.Index(r.stdout, string(refs[3])) > strings.Index(r.stdout, string(refs[0])) ||
		!strings.Contains(r.stderr, "2 sales match") || strings.Contains(r.stdout, "COPY") {
		t.Fatalf("reprint --mobile with two matches: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, cfg, "reprint", "--device", "WTR-1")
	if r.code != exitUsage || !strings.Contains(r.stderr, "no sale to device WTR-1") {
		t.Fatalf("reprint --device: exit %d: %s", r.code, r.stderr)
	}
	r = runCLI(t, cfg, "reprint", "--meter", "04040404040", "--mobile", "0821234567")
	if r.code != exitUsage || !strings.Contains(r.stderr, "give one of") {
		t.Fatalf("two selectors: exit %d: %s", r.code, r.stderr)
	}
	today := time.Now().In(jhb).Format(time.DateOnly)
	r = runCLI(t, cfg, "reprint", "--day", today, "--last")
	if r.code != 0 || !strings.Contains(r.stdout, string(refs[3])) {
		t.Fatalf("reprint --day --last: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// --print sends ESC/POS to the printer: the voucher's PIN double height.
	r = runCLI(t, cfg, "reprint", string(refs[1]), "--print")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "COPY 1 of "+string(refs[1])+" sent to print file "+slips) {
		t.Fatalf("reprint --print: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	job, _ := os.ReadFile(slips)
	if !bytes.HasPrefix(job, []byte("\x1b@")) || !bytes.Contains(job, []byte("\x1d!\x01")) || !bytes.Contains(job, []byte("9999888877776666")) ||
		!bytes.Contains(job, []byte("*** COPY 1 ***")) || !bytes.HasSuffix(job, []byte("\x1dV\x01")) {
		t.Fatalf("printer got:\n%q", job)
	}
	db := openJournal(t, journal)
	s, _ := db.Sale(refs[1])
	db.Close()
	if s.Reprints != 1 {
		t.Fatalf("voucher reprints %d", s.Reprints)
	}
}

// TestCLIPrinterFails: a printer that refuses the job costs nothing: the
// copy is journaled, the error says why and how to print again, exit 5.
func TestCLIPrinterFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg, journal := officeConfig(t, fmt.Sprintf("\n[printer]\ntcp = %q\ntimeout = \"2s\"\n", addr))
	refs := seed(t, journal, false)
	r := runCLI(t, cfg, "reprint", string(refs[0]), "--print")
	if r.code != exitPrinter || !strings.Contains(r.stderr, "printer "+addr+": connection refused") ||
		!strings.Contains(r.stderr, "COPY 1 of "+string(refs[0])+" was not printed (journaled as not printed): try again with: till reprint "+string(refs[0])+" --print") {
		t.Fatalf("refused printer: exit %d: %s", r.code, r.stderr)
	}
	// The failed copy was journaled, then journaled as failed: it used no
	// number, so the retry, to a printer that is now on, is COPY 1.
	db := openJournal(t, journal)
	s, _ := db.Sale(refs[0])
	evs, _ := db.Events(refs[0])
	db.Close()
	if s.Reprints != 0 {
		t.Fatalf("a copy that did not print still counts: %d reprints", s.Reprints)
	}
	if n := len(evs); n < 2 || evs[n-2].Type != sale.EventReprinted || evs[n-1].Type != sale.EventReprintFailed {
		t.Fatalf("the failed copy is not journaled as journaled-then-failed: %+v", evs)
	}
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("printer port taken again: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(conn)
		conn.Close()
		got <- b
	}()
	r = runCLI(t, cfg, "reprint", string(refs[0]), "--print")
	job := <-got
	ln.Close()
	if r.code != 0 || !bytes.Contains(job, []byte("*** COPY 1 ***")) || !strings.Contains(r.stderr, "COPY 1 of "+string(refs[0])+" sent to") {
		t.Fatalf("retry: exit %d: %s\n%q", r.code, r.stderr, job)
	}
	db = openJournal(t, journal)
	s, _ = db.Sale(refs[0])
	db.Close()
	if s.Reprints != 1 {
		t.Fatalf("the printed copy: %d reprints", s.Reprints)
	}
	r = runCLI(t, cfg, "eod", "--print")
	if r.code != exitPrinter || !strings.Contains(r.stderr, "the X report of") {
		t.Fatalf("eod --print to a refused printer: exit %d: %s", r.code, r.stderr)
	}
	// Without a [printer] table --print is a config error, before anything is journaled.
	cfg2, journal2 := officeConfig(t, "")
	refs2 := seed(t, journal2, false)
	r = runCLI(t, cfg2, "reprint", string(refs2[0]), "--print")
	if r.code != exitUsage || !strings.Contains(r.stderr, "no printer is configured") {
		t.Fatalf("no printer: exit %d: %s", r.code, r.stderr)
	}
	db = openJournal(t, journal2)
	s, _ = db.Sale(refs2[0])
	db.Close()
	if s.Reprints != 0 {
		t.Fatal("a reprint with no printer was journaled")
	}
}

// TestZReportESCPOS: the Z report printed to a file printer is the rendered
// report in ESC/POS, cut at the end.
func TestZReportESCPOS(t *testing.T) {
	slips := filepath.Join(t.TempDir(), "z.bin")
	cfg, journal := officeConfig(t, fmt.Sprintf("\n[printer]\nfile = %q\n", slips))
	seed(t, journal, false)
	r := runCLI(t, cfg, "eod", "--close", "--print")
	if r.code != 0 || !strings.Contains(r.stderr, "the Z report of") {
		t.Fatalf("eod --close --print: exit %d: %s", r.code, r.stderr)
	}
	job, _ := os.ReadFile(slips)
	if !bytes.Contains(job, []byte("\x1bE\x01     Z REPORT - DAY CLOSED\n")) || !bytes.HasSuffix(job, []byte("\x1dV\x01")) {
		t.Fatalf("Z report job:\n%q", job)
	}
}

// TestPrintLinesFunc: the TUI's printing hook prints lines as ESC/POS on the
// configured printer, and is nil without one.
func TestPrintLinesFunc(t *testing.T) {
	slips := filepath.Join(t.TempDir(), "slips.bin")
	cfgPath, _ := officeConfig(t, fmt.Sprintf("\n[printer]\nfile = %q\n", slips))
	cfg, err := config.Load(cfgPath, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	print := (&till{&wire.Till{Cfg: cfg}}).printLinesFunc()
	if print == nil {
		t.Fatal("no print hook with a [printer] table")
	}
	if err := print([]receipts.Line{{Text: "PIN 1234", Emphasis: true, Secret: true}}); err != nil {
		t.Fatal(err)
	}
	if job, _ := os.ReadFile(slips); !bytes.Equal(job, receipts.ESCPOS([]receipts.Line{{Text: "PIN 1234", Emphasis: true, Secret: true}})) {
		t.Fatalf("printed %q", job)
	}
	cfg.Printer = nil
	if (&till{&wire.Till{Cfg: cfg}}).printLinesFunc() != nil {
		t.Fatal("a print hook without a printer")
	}
}
