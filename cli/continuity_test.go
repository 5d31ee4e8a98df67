package cli

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"till/config"
	"till/wire"

	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// The journal's continuity, tried as a shop's IT person would, with the
// built binary against `till sandbox`: a journal moved away, a directory
// missing, a backup put back, a damaged page, files that cannot be used, a
// provider that cannot be reached, backups; and SIGKILL at every failpoint.

func sellJSON(t *testing.T, cfg string, want int, args ...string) record {
	t.Helper()
	r := runTill(t, nil, append([]string{"--config", cfg, "sell"}, append(args, "--json")...)...)
	if r.code != want {
		t.Fatalf("sell %v: exit %d, want %d\n%s%s", args, r.code, want, r.stdout, r.stderr)
	}
	var rec record
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
		t.Fatalf("sell %v --json: %v\n%s", args, err, r.stdout)
	}
	return rec
}

func mustNotExist(t *testing.T, p string) {
	t.Helper()
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatalf("%s exists (%v): the till made it", p, err)
	}
}

func cp(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

func noPanic(t *testing.T, r result) {
	t.Helper()
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "internal error") {
		t.Fatalf("a panic or internal error reached the user:\n%s", r.stderr)
	}
}

// TestCLIJournalMissing: after a sale in doubt (applied at Flash), the
// journal is moved away; the till refuses (4) instead of selling again on a
// fresh journal, and makes nothing. A config pointing at a directory that
// does not exist is refused the same way.
func TestCLIJournalMissing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, journal := liveConfig(t, base)
	doubt := sellJSON(t, cfg, exitInDoubt, "airtime", "--mobile", "0821234567", "--amount", "12.92")
	if applied(t, base, sale.Reference(doubt.Reference)) != 1 {
		t.Fatal("the in-doubt sale was not applied at the sandbox")
	}
	if err := os.Rename(journal, journal+".away"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"sell", "airtime", "--mobile", "0821234567", "--amount", "12.92"},
		{"resolve"}, {"journal", "list"}, {"backup", filepath.Join(t.TempDir(), "b.db")},
	} {
		r := runTill(t, nil, append([]string{"--config", cfg}, args...)...)
		if r.code != exitJournal || !strings.Contains(r.stderr, "journal "+journal+" is missing") ||
			!strings.Contains(r.stderr, "held 1 sale ") || !strings.Contains(r.stderr, "till journal new --supervisor") {
			t.Fatalf("%v with the journal moved away: exit %d\n%s", args, r.code, r.stderr)
		}
		noPanic(t, r)
		mustNotExist(t, journal)
	}
	if n := applied(t, base, sale.Reference(doubt.Reference)); n != 1 {
		t.Fatalf("applied %d times", n)
	}
	// Put back, the in-doubt sale is settled under its own reference.
	if err := os.Rename(journal+".away", journal); err != nil {
		t.Fatal(err)
	}
	if r := runTill(t, nil, "--config", cfg, "resolve"); r.code != exitOK {
		t.Fatalf("resolve: exit %d\n%s", r.code, r.stderr)
	}
	if n := applied(t, base, sale.Reference(doubt.Reference)); n != 1 {
		t.Fatalf("applied %d times after resolve", n)
	}

	// The config now names a directory that does not exist (a disk that
	// did not mount): refused, and the directory is not made.
	gone := filepath.Join(t.TempDir(), "mnt", "till")
	body, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(body), journal, filepath.Join(gone, "journal.db"), 1)), 0o600)
	r := runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", "0831234567", "--amount", "10")
	if r.code != exitJournal || !strings.Contains(r.stderr, "directory "+gone+" is missing") ||
		!strings.Contains(r.stderr, "this till's journal is "+journal+", which is there") {
		t.Fatalf("missing directory: exit %d\n%s", r.code, r.stderr)
	}
	mustNotExist(t, gone)

	// The old journal is declared lost: a supervisor starts a new one there,
	// journaled, under a new install tag.
	if r := runTill(t, nil, "--config", cfg, "journal", "new", "--supervisor", "SUP1"); r.code != exitUsage {
		t.Fatalf("journal new without a reason: exit %d", r.code)
	}
	r = runTill(t, nil, "--config", cfg, "journal", "new", "--supervisor", "SUP1", "--reason", "the disk is gone for good")
	oldTag := strings.Split(doubt.Reference, "-")[2]
	if r.code != exitOK || !strings.Contains(r.stdout, "replaces "+journal+" (install tag "+oldTag+", 1 sale,") {
		t.Fatalf("journal new: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	next := sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0831234567", "--amount", "10")
	if strings.Contains(next.Reference, oldTag) || !strings.HasSuffix(next.Reference, "-1") {
		t.Fatalf("first sale of the new journal: %s", next.Reference)
	}
	if r := runTill(t, nil, "--config", cfg, "journal", "new", "--supervisor", "SUP1", "--reason", "again"); r.code != exitJournal {
		t.Fatalf("journal new over a journal: exit %d\n%s", r.code, r.stderr)
	}
}

// TestCLIRestoredBackupElectricity: the journal is backed up, electricity
// is sold, the backup is put back and the same is sold again. The till
// refuses until a supervisor adopts the backup; then the second customer
// gets a new reference and a new token, never the first one's.
func TestCLIRestoredBackupElectricity(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, journal := liveConfig(t, base)
	sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0821234567", "--amount", "10")
	backup := filepath.Join(t.TempDir(), "an-hour-ago.db")
	r := runTill(t, nil, "--config", cfg, "backup", backup)
	if r.code != exitOK || !strings.Contains(r.stdout, "written and verified") {
		t.Fatalf("backup: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	if r := runTill(t, nil, "verify", backup); r.code != exitOK || !strings.Contains(r.stdout, "is intact") {
		t.Fatalf("verify the backup: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	first := sellJSON(t, cfg, exitOK, "electricity", "--meter", sandbox.MeterCityPower, "--amount", "50")
	token1 := tokenOf(t, first)

	os.Remove(journal)
	cp(t, backup, journal)
	r = runTill(t, nil, "--config", cfg, "sell", "electricity", "--meter", sandbox.MeterCityPower, "--amount", "50")
	if r.code != exitJournal || !strings.Contains(r.stderr, "older") || !strings.Contains(r.stderr, first.Reference) ||
		!strings.Contains(r.stderr, "till journal adopt") {
		t.Fatalf("sell on the restored backup: exit %d\n%s", r.code, r.stderr)
	}
	noPanic(t, r)
	if n := applied(t, base, sale.Reference(first.Reference)); n != 1 {
		t.Fatalf("the first customer's sale was applied %d times", n)
	}

	if r := runTill(t, nil, "--config", cfg, "journal", "adopt", "--supervisor", "SUP1"); r.code != exitUsage {
		t.Fatalf("adopt without a reason: exit %d", r.code)
	}
	r = runTill(t, nil, "--config", cfg, "journal", "adopt", "--supervisor", "SUP1", "--reason", "restored the backup of an hour ago")
	if r.code != exitOK || !strings.Contains(r.stdout, "does not hold: "+first.Reference) || !strings.Contains(r.stdout, "new sales carry install tag") {
		t.Fatalf("adopt: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runTill(t, nil, "--config", cfg, "journal", "adopt", "--supervisor", "SUP1", "--reason", "again"); r.code != exitOK ||
		!strings.Contains(r.stdout, "nothing to adopt") {
		t.Fatalf("adopt twice: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	second := sellJSON(t, cfg, exitOK, "electricity", "--meter", sandbox.MeterCityPower, "--amount", "50")
	token2 := tokenOf(t, second)
	if second.Reference == first.Reference || token2 == token1 {
		t.Fatalf("the second customer got %s token %s; the first had %s token %s", second.Reference, token2, first.Reference, token1)
	}
	if applied(t, base, sale.Reference(first.Reference)) != 1 || applied(t, base, sale.Reference(second.Reference)) != 1 {
		t.Fatal("a sale was applied other than once")
	}
	if r := runTill(t, nil, "--config", cfg, "verify"); r.code != exitOK {
		t.Fatalf("verify after adopt: exit %d\n%s", r.code, r.stderr)
	}
	// The adoption is journaled with what was missing.
	if r := runTill(t, nil, "--config", cfg, "export", "--format", "jsonl"); r.code != exitOK {
		t.Fatalf("export: exit %d\n%s", r.code, r.stderr)
	}
}

func tokenOf(t *testing.T, rec record) string {
	t.Helper()
	for _, it := range rec.Items {
		if it.Secret && len(it.Value) >= 20 {
			return it.Value
		}
	}
	t.Fatalf("no token in %+v", rec.Items)
	return ""
}

// corruptLeaf sets an invalid page type on every leaf page of a closed
// journal that holds needle, as a bad stretch of disk would leave them, and
// returns their ids.
func corruptLeaf(t *testing.T, path, needle string) []int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ps := int(binary.LittleEndian.Uint32(b[24:28]))
	var ids []int
	for id := 2; (id+1)*ps <= len(b); id++ {
		p := b[id*ps : (id+1)*ps]
		if binary.LittleEndian.Uint16(p[8:10]) == 0x02 && strings.Contains(string(p), needle) {
			binary.LittleEndian.PutUint16(p[8:10], 0x40)
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		t.Fatalf("no leaf page holds %q", needle)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestCLICorruptJournal: a damaged page is exit 4 "journal damaged …
// restore the last backup", never a Go panic; verify names the page.
func TestCLICorruptJournal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, journal := liveConfig(t, base)
	for i := 0; i < 3; i++ {
		sellJSON(t, cfg, exitOK, "airtime", "--mobile", fmt.Sprintf("082123456%d", i), "--amount", "10")
	}
	ids := corruptLeaf(t, journal, "DELIVERED")
	r := runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", "0831234567", "--amount", "10")
	if r.code != exitJournal || !strings.Contains(r.stderr, "journal damaged") || !strings.Contains(r.stderr, "restore the last backup") {
		t.Fatalf("sell on a damaged journal: exit %d\n%s", r.code, r.stderr)
	}
	noPanic(t, r)
	r = runTill(t, nil, "--config", cfg, "verify")
	named := false
	for _, id := range ids {
		named = named || strings.Contains(r.stderr, fmt.Sprintf("page %d: has unexpected type", id))
	}
	if r.code != exitJournal || !strings.Contains(r.stderr, "NOT intact") || !named {
		t.Fatalf("verify: exit %d, want it to name one of pages %v\n%s%s", r.code, ids, r.stdout, r.stderr)
	}
	noPanic(t, r)
}

// chattrI makes p immutable (root) and undoes it at the end of the test;
// it skips the test where that is not possible.
func chattrI(t *testing.T, p string) {
	t.Helper()
	if os.Geteuid() != 0 {
		mode := os.FileMode(0o400)
		if fi, _ := os.Stat(p); fi != nil && fi.IsDir() {
			mode = 0o500
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Skip(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o700) })
		return
	}
	if out, err := exec.Command("chattr", "+i", p).CombinedOutput(); err != nil {
		t.Skipf("chattr +i: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", p).Run() })
}

// TestCLIJournalUnusable: a journal that cannot be used is exit 4 with the
// real reason, and a read-only journal directory is not a log-file error.
func TestCLIJournalUnusable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	sellArgs := []string{"sell", "airtime", "--mobile", "0821234567", "--amount", "10"}
	expect := func(t *testing.T, cfg string, want string) {
		t.Helper()
		r := runTill(t, nil, append([]string{"--config", cfg}, sellArgs...)...)
		if r.code != exitJournal || !strings.Contains(r.stderr, want) {
			t.Fatalf("exit %d, want 4 saying %q:\n%s", r.code, want, r.stderr)
		}
		noPanic(t, r)
	}
	t.Run("readable-by-others", func(t *testing.T) {
		cfg, journal := liveConfig(t, base)
		sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0821234567", "--amount", "10")
		os.Chmod(journal, 0o644)
		expect(t, cfg, "chmod 600 "+journal)
	})
	t.Run("directory-at-path", func(t *testing.T) {
		cfg, journal := liveConfig(t, base)
		os.Mkdir(journal, 0o700)
		expect(t, cfg, "is a directory")
	})
	t.Run("junk-file", func(t *testing.T) {
		cfg, journal := liveConfig(t, base)
		os.WriteFile(journal, []byte(strings.Repeat("junk", 4096)), 0o600)
		expect(t, cfg, "not a till journal")
	})
	t.Run("immutable-file", func(t *testing.T) {
		cfg, journal := liveConfig(t, base)
		sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0821234567", "--amount", "10")
		chattrI(t, journal)
		expect(t, cfg, "cannot be opened for writing")
	})
	t.Run("read-only-directory-first-run", func(t *testing.T) {
		cfg, journal := liveConfig(t, base)
		chattrI(t, filepath.Dir(journal))
		expect(t, cfg, "cannot be opened for writing")
	})
	t.Run("read-only-directory-is-not-a-log-error", func(t *testing.T) {
		cfg, journal := liveConfig(t, base)
		sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0821234567", "--amount", "10")
		os.Remove(filepath.Join(filepath.Dir(journal), "till.log"))
		chattrI(t, filepath.Dir(journal))
		r := runTill(t, nil, append([]string{"--config", cfg}, "sell", "airtime", "--mobile", "0831234567", "--amount", "10")...)
		if r.code != exitOK || !strings.Contains(r.stderr, "warning: log file") || !strings.Contains(r.stderr, "logging to") {
			t.Fatalf("exit %d:\n%s", r.code, r.stderr)
		}
	})
}

// TestCLIProviderUnreachable: Flash cannot be reached for the catalogue
// before a sale: exit 1, nothing journaled or sent.
func TestCLIProviderUnreachable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	cfg, _ := liveConfig(t, "http://127.0.0.1:1")
	r := runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", "0821234567", "--amount", "10")
	if r.code != exitDeclined || !strings.Contains(r.stderr, "nothing was journaled or sent") {
		t.Fatalf("unreachable Flash: exit %d\n%s", r.code, r.stderr)
	}
	if recs := journalSales(t, cfg); len(recs) != 0 {
		t.Fatalf("%d sales journaled", len(recs))
	}
}

// TestChaosContinuity kills the built till by SIGKILL at every failpoint
// of a sale, round after round, with the continuity record in play, and
// restarts it: every sale ends DELIVERED, applied exactly once, and the
// record knows every sale number used.
func TestChaosContinuity(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, journal := liveConfig(t, base)
	n := 0
	for round := 0; round < 5; round++ {
		for _, fp := range []string{"after-new", "after-send", "after-answer"} {
			mobile := fmt.Sprintf("08212%05d", n)
			n++
			r := runTill(t, []string{"TILL_FAILPOINT=" + fp}, "--config", cfg, "sell", "airtime", "--mobile", mobile, "--amount", "11.00")
			if r.signal != syscall.SIGKILL {
				t.Fatalf("round %d: not killed at %s: exit %d\n%s", round, fp, r.code, r.stderr)
			}
			// Killed after the request was written, the sandbox may still be
			// handling it when the resolver resends: the resend is then in
			// doubt too (exit 3) and is settled by the next resolve, as the
			// till's own resolver would.
			for try := 1; ; try++ {
				r := runTill(t, nil, "--config", cfg, "resolve")
				if r.code == exitOK {
					break
				}
				if r.code != exitInDoubt || try == 10 {
					t.Fatalf("round %d %s: resolve exit %d\n%s%s", round, fp, r.code, r.stdout, r.stderr)
				}
			}
		}
	}
	recs := journalSales(t, cfg)
	if len(recs) != n {
		t.Fatalf("%d sales journaled, want %d", len(recs), n)
	}
	seen := map[string]bool{}
	for _, rec := range recs {
		if rec.State != sale.StateDelivered || seen[rec.Reference] {
			t.Fatalf("sale %+v", rec)
		}
		seen[rec.Reference] = true
		if k := applied(t, base, sale.Reference(rec.Reference)); k != 1 {
			t.Fatalf("%s applied %d times", rec.Reference, k)
		}
	}
	rec, ok, err := store.ReadRecord(filepath.Join(filepath.Dir(cfg), "state", "till"), "S1", "T1")
	if err != nil || !ok || rec.Used != uint64(n) || rec.Journal != journal {
		t.Fatalf("continuity record %+v %v %v, want %d sales used of %s", rec, ok, err, n, journal)
	}
	if r := runTill(t, nil, "--config", cfg, "verify"); r.code != exitOK {
		t.Fatalf("verify: exit %d\n%s", r.code, r.stderr)
	}
}

// TestCLIAdoptNeedsTheSupervisorsPIN: a restored journal that has cashiers
// is adopted only with a supervisor's own PIN; a wrong one adopts nothing.
func TestCLIAdoptNeedsTheSupervisorsPIN(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, journal := liveConfig(t, base)
	addCashiers(t, cfg) // supervisor thabo (PIN 2468), cashier Lerato
	backup := filepath.Join(t.TempDir(), "b.db")
	if r := runTill(t, nil, "--config", cfg, "backup", backup); r.code != exitOK {
		t.Fatalf("backup: %d %s", r.code, r.stderr)
	}
	first := sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0821234567", "--amount", "10")
	os.Remove(journal)
	cp(t, backup, journal)
	adopt := []string{"--config", cfg, "journal", "adopt", "--supervisor", "thabo", "--reason", "restored"}
	if r := runStdin(t, "1111\n", adopt...); r.code == exitOK || !strings.Contains(r.stderr, "PIN") {
		t.Fatalf("adopt with a wrong PIN: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", "0831234567", "--amount", "10"); r.code != exitJournal {
		t.Fatalf("a wrong PIN adopted the journal: exit %d\n%s", r.code, r.stderr)
	}
	r := runStdin(t, "2468\n", adopt...)
	if r.code != exitOK || !strings.Contains(r.stdout, "adopted by thabo") || !strings.Contains(r.stdout, first.Reference) {
		t.Fatalf("adopt: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	second := sellJSON(t, cfg, exitOK, "airtime", "--mobile", "0821234567", "--amount", "10")
	if second.Reference == first.Reference {
		t.Fatalf("reference %s used twice", first.Reference)
	}
}

// TestTUIBackups: the TUI's end-of-day closer writes a verified backup
// after a Z close, and the periodic writer one per backup_every, keeping
// backup_keep.
func TestTUIBackups(t *testing.T) {
	dir := t.TempDir()
	cfg := &config.Config{Till: config.TillConfig{StoreID: "S1", TerminalID: "T1", BackupKeep: 2}}
	cfg.Till.SetBackupInterval(time.Hour) // backup_every's default
	jpath := filepath.Join(dir, "journal.db")
	wt, err := wire.OpenAdmin(cfg, jpath, wire.StoreOptions{StateDir: filepath.Join(dir, "state")})
	if err != nil {
		t.Fatal(err)
	}
	defer wt.Close()
	tl := &till{wt}
	days := tl.Days()
	day, err := days.BusinessDay(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := days.CloseDay(day, time.Now(), "SUP1", false); err != nil {
		t.Fatal(err)
	}
	bdir := filepath.Join(dir, "backups")
	ents, err := os.ReadDir(bdir)
	if err != nil || len(ents) != 1 {
		t.Fatalf("after a Z close: %v %v", ents, err)
	}
	rep, err := store.VerifyFile(filepath.Join(bdir, ents[0].Name()))
	if err != nil || !rep.OK() || rep.Events != 1 {
		t.Fatalf("the Z backup: %+v %v", rep, err)
	}
	// The periodic writer, with a short period set directly (the config
	// allows no less than a minute): after at least three more backups,
	// only the newest backup_keep are left, and they verify.
	var logs syncBuffer
	tl.Log = slog.New(slog.NewTextHandler(&logs, nil))
	cfg.Till.SetBackupInterval(time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tl.Backups.Run(ctx); close(done) }()
	for deadline := time.Now().Add(time.Minute); strings.Count(logs.String(), "automatic backup written") < 3; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no periodic backups: %s", logs.String())
		}
	}
	cancel()
	<-done
	if strings.Contains(logs.String(), "failed") {
		t.Fatalf("a backup failed: %s", logs.String())
	}
	ents, _ = os.ReadDir(bdir)
	if len(ents) != 2 {
		t.Fatalf("kept %d backups, want backup_keep = 2", len(ents))
	}
	for _, e := range ents {
		if rep, err := store.VerifyFile(filepath.Join(bdir, e.Name())); err != nil || !rep.OK() {
			t.Fatalf("%s: %+v %v", e.Name(), rep, err)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestStateDir: $TILL_STATE_DIR, else $XDG_STATE_HOME/till (or
// ~/.local/state/till), else till-state/ beside the config when that
// cannot be written; the demo's record is beside the demo journal.
func TestStateDir(t *testing.T) {
	dir := t.TempDir()
	cfg := &config.Config{Path: filepath.Join(dir, "etc", "till.toml")}
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o600)
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TILL_STATE_DIR": "/srv/till-state", "XDG_STATE_HOME": dir}, "/srv/till-state"},
		{map[string]string{"XDG_STATE_HOME": filepath.Join(dir, "xdg")}, filepath.Join(dir, "xdg", "till")},
		{map[string]string{"HOME": filepath.Join(dir, "home")}, filepath.Join(dir, "home", ".local", "state", "till")},
		{map[string]string{"XDG_STATE_HOME": filepath.Join(file, "sub")}, filepath.Join(dir, "etc", "till-state")},
	} {
		cl := &cli{env: func(k string) string { return c.env[k] }}
		if got := cl.stateDir(cfg, "/var/lib/till/journal.db"); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
	cl := &cli{env: func(k string) string { return map[string]string{"TILL_STATE_DIR": "/x"}[k] }}
	if got := cl.stateDir(&config.Config{Demo: true}, "/home/u/.local/share/till/demo.db"); got != "/home/u/.local/share/till" {
		t.Errorf("demo: %s", got)
	}
}
