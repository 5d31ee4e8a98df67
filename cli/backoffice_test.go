package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"till/backoffice"
	"till/sale"
	"till/store"
)

// holdTill opens the till as the TUI does (c.open(true)) and serves its
// back office: the journal is held by this "running till" until the
// returned function is called.
func holdTill(t *testing.T, cfg string) (*till, func()) {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HOME": home, "XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home, "USER": "till",
		"XDG_STATE_HOME": stateHome(cfg)} // the machine's state: the same key and continuity record as runCLI
	var stderr bytes.Buffer
	c := &cli{configPath: cfg, stdout: &bytes.Buffer{}, stderr: &stderr, env: func(k string) string { return env[k] }}
	tl, code := c.open(true)
	if tl == nil {
		t.Fatalf("open the till: exit %d: %s", code, stderr.String())
	}
	stop, err := c.serveBackOffice(tl)
	if err != nil {
		tl.Close()
		t.Fatal(err)
	}
	done := false
	release := func() {
		if !done {
			done = true
			stop()
			tl.Close()
		}
	}
	t.Cleanup(release)
	return tl, release
}

// printedLine is the one line of a text X report that holds the time it
// was printed (to the minute): the two runs may straddle a minute.
var printedLine = regexp.MustCompile(`(?m)^Printed.*$`)

// chainHead is the hash a backup reports: the reprints journaled in the
// two runs carry different times, so their chains differ.
var chainHead = regexp.MustCompile(`chain head [0-9a-f]{64}`)

// TestBackOfficeBesideRunningTill: every back-office command gives the
// same stdout, stderr and exit code through the running till's socket as
// it gives with the till closed, on the same journal.
func TestBackOfficeBesideRunningTill(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	refs := seed(t, journal, true)
	// The till's first open seals the journal under its key (a new event):
	// done once here, so both runs start from the same sealed journal.
	if r := runCLI(t, cfg, "journal", "list", "--day", "all"); r.code != exitOK {
		t.Fatalf("first open: exit %d: %s", r.code, r.stderr)
	}
	snapshot, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "sales.csv")
	bk := filepath.Join(t.TempDir(), "backup.db")
	ref := string(refs[2])
	cmds := [][]string{
		{"journal", "list", "--day", "all"},
		{"journal", "list", "--day", "all", "--json"},
		{"journal", "list", "--status", "IN_DOUBT", "--day", "all"},
		{"journal", "show", ref},
		{"journal", "show", ref, "--json"},
		{"journal", "show", "S1-T1-NOPE-1"},
		{"journal"},
		{"eod"},
		{"eod", "--json"},
		{"eod", "--day", "23-11-2026"},
		{"export"},
		{"export", "--format", "jsonl"},
		{"export", "--format", "csv", "-o", out},
		{"export", "--from", "2026-12-02", "--to", "2026-12-01"},
		{"verify"},
		{"reprint", ref},
		{"reprint", "--mobile", "0821234567"},
		{"reprint", "--last"},
		{"resolve"},
		{"journal", "list", "--day", "all"},
		{"backup", bk},
	}
	type result struct {
		ran
		file string
	}
	runAll := func() []result {
		var rs []result
		for _, args := range cmds {
			os.Remove(out)
			os.Remove(bk)
			r := result{ran: runCLI(t, cfg, args...)}
			if b, err := os.ReadFile(out); err == nil {
				r.file = string(b)
			}
			rs = append(rs, r)
		}
		return rs
	}

	held, release := holdTill(t, cfg)
	sock := backoffice.SocketPath(absJournal(journal))
	if fi, err := os.Lstat(sock); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket %s: %v %v", sock, fi, err)
	}
	through := runAll()
	// The running till's journal is intact and still its own.
	if rep, err := held.Journal.(*store.DB).Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify the held journal: %+v %v", rep, err)
	}
	release()
	if _, err := os.Lstat(sock); !os.IsNotExist(err) {
		t.Fatalf("socket left behind: %v", err)
	}
	// The same commands on the same journal, nothing holding it (and no
	// verified point beside it: the first verify recorded one).
	if err := os.WriteFile(journal, snapshot, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(journal + store.VerifiedSuffix); err != nil {
		t.Fatal(err)
	}
	alone := runAll()

	for i, args := range cmds {
		a, b := through[i], alone[i]
		if args[0] == "backup" {
			a.stdout = chainHead.ReplaceAllString(a.stdout, "chain head")
			b.stdout = chainHead.ReplaceAllString(b.stdout, "chain head")
		}
		if args[0] == "eod" {
			a.stdout = printedLine.ReplaceAllString(a.stdout, "Printed")
			b.stdout = printedLine.ReplaceAllString(b.stdout, "Printed")
		}
		if a != b {
			t.Errorf("till %s\nthrough the running till: exit %d\nstdout %q\nstderr %q\nfile %q\nalone: exit %d\nstdout %q\nstderr %q\nfile %q",
				strings.Join(args, " "), a.code, a.stdout, a.stderr, a.file, b.code, b.stdout, b.stderr, b.file)
		}
	}
	// The runs did real work: a listing, an export, a reprint, a resolve.
	for i, want := range map[int]string{0: "REFERENCE", 10: ref, 14: "is intact", 15: "COPY", 18: "attempts"} {
		if !strings.Contains(through[i].stdout, want) {
			t.Errorf("till %s: stdout %q lacks %q", strings.Join(cmds[i], " "), through[i].stdout, want)
		}
	}
	if last := through[len(cmds)-1]; last.code != exitOK || !strings.Contains(last.stdout, "written and verified") {
		t.Errorf("backup through the running till: exit %d stdout %q stderr %q", last.code, last.stdout, last.stderr)
	}
	if !strings.Contains(through[12].file, ref) || through[12].code != exitOK {
		t.Errorf("export -o: exit %d file %q", through[12].code, through[12].file)
	}
}

// TestNoSecondWriterBesideRunningTill: while the till runs, a sale or a Z
// report from the command line is refused with exit 4 naming the running
// till, and nothing is written to its journal; a second till does not start.
func TestNoSecondWriterBesideRunningTill(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	seed(t, journal, false)
	held, _ := holdTill(t, cfg)
	before, _, err := held.Journal.Head()
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile(`the running till \(store S1, terminal T1, pid \d+, since [0-9-]+ [0-9:]+\)`)
	for _, args := range [][]string{
		{"sell", "airtime", "--mobile", "0821234567", "--amount", "10.00"},
		{"sell", "1voucher", "--amount", "50.00"},
	} {
		r := runCLI(t, cfg, args...)
		if r.code != exitJournal || !named.MatchString(r.stderr) || r.stdout != "" {
			t.Errorf("till %s beside the running till: exit %d stdout %q stderr %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
	if r := runCLI(t, cfg, "journal", "adopt"); r.code != exitJournal || !strings.Contains(r.stderr, "journal adopt: the journal is in use by a running till: close it first") {
		t.Errorf("journal adopt: exit %d stderr %q", r.code, r.stderr)
	}
	for _, args := range [][]string{{"eod", "--close"}, {"eod", "--close=true", "--json"}, {"eod", "-close"}} {
		r := runCLI(t, cfg, args...)
		if r.code != exitJournal || !strings.Contains(r.stderr, "close the day on its end-of-day screen") {
			t.Errorf("till %s: exit %d stderr %q", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	// A second till on the same journal does not start.
	var stderr bytes.Buffer
	c := &cli{configPath: cfg, stdout: &bytes.Buffer{}, stderr: &stderr, env: noEnv}
	if tl, code := c.open(true); tl != nil || code != exitJournal || !named.MatchString(stderr.String()) {
		t.Errorf("second till: exit %d %q", code, stderr.String())
		if tl != nil {
			tl.Close()
		}
	}
	after, _, err := held.Journal.Head()
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("the journal moved from event %d to %d: a second writer", before, after)
	}
	days, err := held.Journal.List(sale.Query{})
	if err != nil || len(days) != 4 {
		t.Fatalf("sales %d %v", len(days), err)
	}
}

// TestBackOfficeRefusesAnUnsafeSocket: a socket anybody may open is not
// used: the command refuses with exit 4 rather than run somewhere else.
func TestBackOfficeRefusesAnUnsafeSocket(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	seed(t, journal, false)
	holdTill(t, cfg)
	sock := backoffice.SocketPath(absJournal(journal))
	if err := os.Chmod(sock, 0o666); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, cfg, "export")
	if r.code != exitJournal || !strings.Contains(r.stderr, "has mode 0666: refusing to use it") || r.stdout != "" {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestFlagGiven(t *testing.T) {
	for args, want := range map[string]bool{
		"--close": true, "-close": true, "--close=true": true, "--close=1": true, "--close=false": false,
		"--day 2026-01-01": false, "--reason close": false, "-- --close": false, "--closed": false,
	} {
		if got := flagGiven(strings.Fields(args), "close"); got != want {
			t.Errorf("%q: %v", args, got)
		}
	}
}

// TestVerifyOfAJournalHeldWithoutBackOffice: held by a process that serves
// no back office (another command), verify says so plainly, exit 4.
func TestVerifyOfAJournalHeldWithoutBackOffice(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	seed(t, journal, false)
	db := openJournal(t, journal)
	defer db.Close()
	r := runCLI(t, cfg, "verify")
	if r.code != exitJournal || strings.Contains(r.stderr, "internal error") || !strings.Contains(r.stderr, "journal in use by another till: "+journal+": close that till") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
}
