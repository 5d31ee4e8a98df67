package store

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/keys"
	"till/sale"
)

// archiveChildEnv makes the test binary archive the journal it names and
// exit: the crash tests run it with TILL_STORE_FAILPOINT set, so it is
// killed with SIGKILL at that phase.
const archiveChildEnv = "TILL_TEST_ARCHIVE_CHILD"

func init() {
	if path := os.Getenv(archiveChildEnv); path != "" {
		db, err := Open(path, testOptions())
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		if _, err := db.Archive("2026-01-01", time.Date(2026, 1, 3, 9, 0, 0, 0, sast), "S1"); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		db.Close()
		os.Exit(0)
	}
}

// yearsFixture writes sales on days of 2024, 2025 and 2026 (bulk days of
// perDay sales each on the 2025 days), closes every day but the last, and
// returns every sale made, in order.
func yearsFixture(t testing.TB, db *DB, perDay int) []sale.Sale {
	t.Helper()
	var all []sale.Sale
	day := func(y int, m time.Month, d, n int, close bool) {
		var bulk []BulkSale
		for i := range n {
			at := time.Date(y, m, d, 9, 0, i%60, 0, sast).Add(time.Duration(i) * time.Second)
			bulk = append(bulk, BulkSale{Order: airtime(fmt.Sprintf("2782%07d", i), 1000+int64(i)), At: at, Events: []sale.Event{
				{Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1},
				{Type: sale.EventOutcome, At: at.Add(time.Second), State: sale.StateDelivered,
					Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0", ProviderRef: fmt.Sprintf("FL-%d-%d", d, i),
						Items: []sale.Item{{Label: "Serial", Value: fmt.Sprintf("SN%d%02d%02d%05d", y, m, d, i)}}}},
			}})
		}
		if err := db.Bulk(bulk); err != nil {
			t.Fatal(err)
		}
		if close {
			ds := time.Date(y, m, d, 0, 0, 0, 0, sast).Format(dayLayout)
			if _, err := db.CloseDay(ds, time.Date(y, m, d, 21, 0, 0, 0, sast), "thabo", false); err != nil {
				t.Fatal(err)
			}
		}
	}
	day(2024, 12, 31, 2, true)
	day(2025, 6, 1, perDay, true)
	day(2025, 12, 31, perDay, true)
	day(2026, 1, 2, 2, false)
	if err := db.EachSale("", "", func(s sale.Sale) error { all = append(all, s); return nil }); err != nil {
		t.Fatal(err)
	}
	return all
}

var archiveAt = time.Date(2026, 1, 3, 9, 0, 0, 0, sast)

func mustVerifyOK(t *testing.T, db *DB) Report {
	t.Helper()
	rep, err := db.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("verify: %v", rep.Problems())
	}
	return rep
}

// allSales walks every sale through EachSale, checking none comes twice.
func allSales(t *testing.T, db *DB) []sale.Sale {
	t.Helper()
	var out []sale.Sale
	seen := map[sale.Reference]bool{}
	if err := db.EachSale("", "", func(s sale.Sale) error {
		if seen[s.Ref] {
			t.Fatalf("sale %s comes twice", s.Ref)
		}
		seen[s.Ref] = true
		out = append(out, s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestArchiveOldYearsStillReadAndVerify(t *testing.T) {
	db, path := openTest(t)
	all := yearsFixture(t, db, 400)
	// A copy of a 2025 receipt printed after the first sale of 2026: the
	// sale stays live, its first events go with the chain into the archive.
	late := all[5]
	late = mustAppend(t, db, sale.Event{Ref: late.Ref, Type: sale.EventReprinted, At: time.Date(2026, 1, 2, 12, 0, 0, 0, sast), By: "C1"})
	all[5] = late
	before := mustVerifyOK(t, db)
	headSeq, headHash, _ := db.Head()

	res, err := db.Archive("2026-01-01", archiveAt, "S1 (supervisor)")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Years) != 2 || res.Years[0].Year != 2024 || res.Years[1].Year != 2025 || res.Years[1].Sales != 799 {
		t.Fatalf("archived %+v", res.Years)
	}
	for _, y := range []int{2024, 2025} {
		fi, err := os.Stat(ArchivePath(path, y))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("archive of %d: %v %v", y, fi, err)
		}
	}
	// The live file really is smaller.
	if res.BytesAfter*3 > res.BytesBefore {
		t.Errorf("the live journal went from %d to %d bytes; want under a third", res.BytesBefore, res.BytesAfter)
	}
	if fi, _ := os.Stat(path); fi.Size() != res.BytesAfter {
		t.Errorf("file is %d bytes, result says %d", fi.Size(), res.BytesAfter)
	}
	// The chain is one chain through the archives into the live journal.
	rep := mustVerifyOK(t, db)
	if rep.Events != before.Events+2 || rep.Sales != before.Sales { // +1 journal_archived event per year
		t.Errorf("verify after: %d events %d sales; before %d %d", rep.Events, rep.Sales, before.Events, before.Sales)
	}
	frep, err := VerifyFile(path + "")
	if err == nil {
		t.Fatalf("VerifyFile of an open journal should be locked out")
	}
	_ = frep
	if seq, _, _ := db.Head(); seq != headSeq+2 {
		t.Errorf("head %d, want %d", seq, headSeq+2)
	}
	_ = headHash

	// Every sale is still found, once, by reference, day and walk.
	got := allSales(t, db)
	if len(got) != len(all) {
		t.Fatalf("EachSale after the archive: %d sales, want %d", len(got), len(all))
	}
	for i := range all {
		if got[i].Ref != all[i].Ref || got[i].State != all[i].State {
			t.Fatalf("sale %d: %s %s, want %s %s", i, got[i].Ref, got[i].State, all[i].Ref, all[i].State)
		}
	}
	old := all[3] // 2025-06-01
	s, err := db.Sale(old.Ref)
	if err != nil || s.Ref != old.Ref || s.Outcome.ProviderRef != old.Outcome.ProviderRef {
		t.Fatalf("Sale of an archived sale: %+v %v", s, err)
	}
	evs, err := db.Events(old.Ref)
	if err != nil || len(evs) != 3 || evs[0].Type != sale.EventCreated {
		t.Fatalf("Events of an archived sale: %d %v", len(evs), err)
	}
	if l, err := db.List(sale.Query{Day: "2025-06-01"}); err != nil || len(l) != 400 {
		t.Fatalf("List by an archived day: %d %v", len(l), err)
	}
	if l, err := db.List(sale.Query{Ref: old.Ref}); err != nil || len(l) != 1 || l[0].Ref != old.Ref {
		t.Fatalf("List by an archived reference: %v %v", l, err)
	}
	// A search by mobile or serial goes on into the archives.
	if l, err := db.List(sale.Query{Target: old.Order.Target.Value}); err != nil || len(l) != 4 || l[0].Day != "2026-01-02" || l[2].Day != "2025-06-01" || l[3].Day != "2024-12-31" {
		t.Fatalf("List by target across the archives: %d %v", len(l), err)
	}
	if l, err := db.List(sale.Query{Target: old.Order.Target.Value, Limit: 2}); err != nil || len(l) != 2 || l[1].Day != "2025-12-31" {
		t.Fatalf("List by target with a limit: %d %v", len(l), err)
	}
	if l, err := db.List(sale.Query{Serial: "sn2025060100001"}); err != nil || len(l) != 1 || l[0].Ref != old.Ref {
		t.Fatalf("List by an archived serial: %d %v", len(l), err)
	}
	// The sale left live: its events come from the archive and the live
	// journal, and it is still listed with its day.
	if evs, err := db.Events(late.Ref); err != nil || len(evs) != 4 || evs[0].Type != sale.EventCreated || evs[3].Type != sale.EventReprinted {
		t.Fatalf("Events of a sale left live: %+v %v", evs, err)
	}
	if as, _ := db.Archives(); len(as) != 2 || as[1].Sales != 799 {
		t.Fatalf("archives %+v", as)
	}
	if l, err := db.List(sale.Query{Day: late.Day}); err != nil || len(l) != 400 || l[len(l)-1].Ref != all[2].Ref {
		t.Fatalf("List of the day of a sale left live: %d %v", len(l), err)
	}
	if r, err := db.DayReport(late.Day); err != nil || r.Sales != 400 {
		t.Fatalf("X report of the day of a sale left live: %+v %v", r.Sales, err)
	}
	pointSeq, pointHash, _ := db.Head()
	mustAppend(t, db, sale.Event{Ref: late.Ref, Type: sale.EventReprinted, At: archiveAt, By: "C1"})
	all[5].Reprints++
	// An incremental verify replays the sale left live through the archive.
	if rep, _, err := db.VerifyWith(VerifyOptions{From: pointSeq, FromHash: pointHash}); err != nil || !rep.OK() || rep.Sales != 1 || rep.From != pointSeq+1 {
		t.Fatalf("incremental verify: %+v %v %v", rep, rep.Problems(), err)
	}
	r, err := db.DayReport("2025-12-31")
	if err != nil || r.Sales != 400 || r.Closed == nil || r.Closed.By != "thabo" {
		t.Fatalf("X report of an archived day: %+v %v", r, err)
	}
	if c, err := db.Closure("2024-12-31"); err != nil || c == nil {
		t.Fatalf("closure of an archived day: %v %v", c, err)
	}
	n := uint64(0)
	headSeq, _, _ = db.Head()
	if err := db.EachEvent(func(e sale.Event) error {
		if n++; e.Seq != n {
			return fmt.Errorf("event %d after %d", e.Seq, n-1)
		}
		return nil
	}); err != nil || n != headSeq {
		t.Fatalf("EachEvent: %d %v", n, err)
	}
	if evs, err := db.EventsAfter(0, 5000); err != nil || uint64(len(evs)) != headSeq || evs[len(evs)-1].Seq != headSeq {
		t.Fatalf("EventsAfter(0): %d %v", len(evs), err)
	}

	// A copy of an archived receipt is journaled in the live journal.
	rp, err := db.Append(sale.Event{Ref: old.Ref, Type: sale.EventReprinted, At: archiveAt, By: "C1"})
	if err != nil || rp.Reprints != old.Reprints+1 {
		t.Fatalf("reprint of an archived sale: %+v %v", rp.Reprints, err)
	}
	// Copies are numbered on: a second is copy 2, a failed one takes its
	// number back.
	for _, c := range []struct {
		typ  sale.EventType
		want int
	}{{sale.EventReprinted, 2}, {sale.EventReprintFailed, 1}, {sale.EventReprinted, 2}} {
		rp, err := db.Append(sale.Event{Ref: old.Ref, Type: c.typ, At: archiveAt, By: "C1", Note: "paper out"})
		if err != nil || rp.Reprints != old.Reprints+c.want {
			t.Fatalf("%s of an archived sale: copies %d, want %d: %v", c.typ, rp.Reprints, old.Reprints+c.want, err)
		}
	}
	_, err = db.Append(sale.Event{Ref: old.Ref, Type: sale.EventNote, At: archiveAt, By: "C1", Note: "x"})
	wantCode(t, err, sale.CodeConflict, "is archived")

	// References are never used again: the next sale takes the next number.
	last := all[len(all)-1]
	ns := mustCreate(t, db, airtime("27821234567", 500), time.Date(2026, 1, 3, 10, 0, 0, 0, sast))
	if n1, _ := saleNo(last.Ref); func() uint64 { n2, _ := saleNo(ns.Ref); return n2 }() != n1+1 {
		t.Errorf("new sale %s after %s", ns.Ref, last.Ref)
	}
	// A closed day that was archived cannot be closed again.
	_, err = db.CloseDay("2025-12-31", archiveAt, "thabo", true)
	wantCode(t, err, sale.CodeConflict, "2025-12-31")
	mustVerifyOK(t, db)

	// Reopened, read-only file verification walks the archives too.
	db.Close()
	frep, err = VerifyFile(path)
	if err != nil || !frep.OK() || frep.Sales != before.Sales+1 {
		t.Fatalf("VerifyFile: %+v %v", frep.Problems(), err)
	}
	db2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if s, err := db2.Sale(all[0].Ref); err != nil || s.Day != "2024-12-31" {
		t.Fatalf("after reopen: %+v %v", s, err)
	}
	// Nothing left to archive.
	_, err = db2.Archive("2026-01-01", archiveAt, "S1")
	wantCode(t, err, sale.CodeNotFound, "nothing was archived")
}

func TestVerifyCatchesAChangeInAnArchivedYear(t *testing.T) {
	for _, what := range []string{"event byte", "sale record byte", "rehashed archive", "archive missing", "archive entry", "archived copies"} {
		t.Run(what, func(t *testing.T) {
			db, path := openTest(t)
			yearsFixture(t, db, 20)
			if _, err := db.Archive("2026-01-01", archiveAt, "S1"); err != nil {
				t.Fatal(err)
			}
			l, _ := db.List(sale.Query{Day: "2025-06-01", Limit: 1})
			mustAppend(t, db, sale.Event{Ref: l[0].Ref, Type: sale.EventReprinted, At: archiveAt, By: "C1"})
			mustVerifyOK(t, db)
			db.Close()
			arch := ArchivePath(path, 2025)
			switch what {
			case "event byte":
				raw(t, arch, func(tx *bbolt.Tx) error {
					b := tx.Bucket(bucketEvents)
					k, _ := b.Cursor().First()
					_, v := b.Cursor().Seek(be64(fromBE64(k) + 7))
					nv := bytes.Clone(v)
					i := bytes.Index(nv, []byte("FL-"))
					if i < 0 {
						i = len(nv) - 1
					}
					nv[i] ^= 1
					return b.Put(bytes.Clone(k), nv)
				})
			case "sale record byte":
				raw(t, arch, func(tx *bbolt.Tx) error {
					b := tx.Bucket(bucketSales)
					k, v := b.Cursor().Last()
					nv := bytes.Clone(v)
					i := bytes.Index(nv, []byte("2782"))
					nv[i+5] ^= 1
					return b.Put(bytes.Clone(k), nv)
				})
			case "rehashed archive":
				// The archive's last event edited and its hash recomputed,
				// with the archive's own head: only the link into the live
				// journal can tell.
				raw(t, arch, func(tx *bbolt.Tx) error {
					b := tx.Bucket(bucketEvents)
					m := tx.Bucket(bucketMeta)
					k, v := b.Cursor().Last()
					prev, _ := storedHash(b.Get(be64(fromBE64(k) - 1)))
					e, _, _, err := readEvent(codecOf(tx), v, prev)
					if err != nil {
						return err
					}
					e.By = "mallory"
					e.Hash = ""
					nv, hash, err := encodeEvent(codecOf(tx), e)
					if err != nil {
						return err
					}
					if err := m.Put(keyHeadHash, []byte(hash)); err != nil {
						return err
					}
					return b.Put(bytes.Clone(k), nv)
				})
			case "archive missing":
				if err := os.Remove(arch); err != nil {
					t.Fatal(err)
				}
			case "archived copies":
				// A copy of an archived receipt hidden from the count.
				raw(t, path, func(tx *bbolt.Tx) error {
					b := tx.Bucket(bucketArchiveReprints)
					k, _ := b.Cursor().First()
					return b.Put(bytes.Clone(k), be64(0))
				})
			case "archive entry":
				// The live journal's record of the archive changed so that
				// readers would miss a day: the files do not say so.
				raw(t, path, func(tx *bbolt.Tx) error {
					b := tx.Bucket(bucketArchives)
					v := bytes.Replace(b.Get([]byte("2025")), []byte(`"firstDay":"2025-06-01"`), []byte(`"firstDay":"2025-06-02"`), 1)
					return b.Put([]byte("2025"), v)
				})
			}
			rep, err := VerifyFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatalf("verify did not see the %s", what)
			}
			t.Logf("%s: %v", what, rep.Problems())
		})
	}
}

func TestArchiveRefusesWhatStillNeedsAPerson(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// An in-doubt sale on a day closed with --force.
	s := mustCreate(t, db, airtime("27821111111", 1000), time.Date(2025, 6, 1, 9, 0, 0, 0, sast))
	mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventSending, At: time.Date(2025, 6, 1, 9, 0, 0, 0, sast), State: sale.StateSending, Attempt: 1})
	mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: time.Date(2025, 6, 1, 9, 0, 1, 0, sast), State: sale.StateInDoubt,
		Outcome: &sale.Outcome{Result: sale.ResultInDoubt, Message: "timeout"}})
	if _, err := db.CloseDay("2025-06-01", time.Date(2025, 6, 1, 21, 0, 0, 0, sast), "thabo", true); err != nil {
		t.Fatal(err)
	}
	s2 := mustCreate(t, db, airtime("27822222222", 1000), time.Date(2025, 6, 2, 9, 0, 0, 0, sast))
	deliver(t, db, s2.Ref, time.Date(2025, 6, 2, 9, 0, 0, 0, sast))
	if _, err := db.CloseDay("2025-06-02", time.Date(2025, 6, 2, 21, 0, 0, 0, sast), "thabo", false); err != nil {
		t.Fatal(err)
	}
	headBefore, hashBefore, _ := db.Head()
	fi0, _ := os.Stat(path)

	_, err = db.Archive("2026-01-01", archiveAt, "S1")
	wantCode(t, err, sale.CodeConflict, "is still IN_DOUBT")
	if head, hash, _ := db.Head(); head != headBefore || hash != hashBefore {
		t.Fatalf("a refused archive changed the journal's head: %d %s, was %d %s", head, hash, headBefore, hashBefore)
	}
	// The unclosed day is refused too, even once the in-doubt one is settled.
	mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventSupervisor, At: archiveAt, State: sale.StateDelivered, By: "S1", Note: "checked with Flash",
		Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0"}})
	s3 := mustCreate(t, db, airtime("27823333333", 1000), time.Date(2025, 6, 3, 9, 0, 0, 0, sast))
	deliver(t, db, s3.Ref, time.Date(2025, 6, 3, 9, 0, 0, 0, sast))
	headBefore, hashBefore, _ = db.Head()
	_, err = db.Archive("2026-01-01", archiveAt, "S1")
	wantCode(t, err, sale.CodeConflict, "business day 2025-06-03 has no Z report yet")
	// Only the closed day moves with an earlier cut-off.
	if seq, hash, _ := db.Head(); seq != headBefore || hash != hashBefore {
		t.Fatalf("a refused archive wrote to the journal")
	}
	if _, err := os.Stat(ArchivePath(path, 2025)); !os.IsNotExist(err) {
		t.Fatalf("a refused archive left a file: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() < fi0.Size() {
		t.Fatalf("a refused archive compacted the journal")
	}
	mustVerifyOK(t, db)
}

// TestArchiveCrashRecovers kills a process archiving the journal with
// SIGKILL at each phase, reopens the journal and checks every sale is in
// exactly one place, the chain verifies and the archive can be finished.
func TestArchiveCrashRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	for _, phase := range []string{"archive-written", "archive-pending", "archive-renamed", "archive-deleting", "archive-compacted"} {
		t.Run(phase, func(t *testing.T) {
			db, path := openTest(t)
			all := yearsFixture(t, db, 300)
			db.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), archiveChildEnv+"="+path, "TILL_STORE_FAILPOINT="+phase)
			out, err := cmd.CombinedOutput()
			ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if err == nil || !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("the child was not killed at %s: %v %s", phase, err, out)
			}
			db, err = Open(path, testOptions())
			if err != nil {
				t.Fatalf("reopen after a crash at %s: %v", phase, err)
			}
			defer db.Close()
			got := allSales(t, db)
			if len(got) != len(all) {
				t.Fatalf("after a crash at %s: %d sales, want %d", phase, len(got), len(all))
			}
			for i := range all {
				if s, err := db.Sale(all[i].Ref); err != nil || s.Ref != all[i].Ref {
					t.Fatalf("sale %s after a crash at %s: %v", all[i].Ref, phase, err)
				}
			}
			mustVerifyOK(t, db)
			as, _ := db.Archives()
			matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.new"))
			if len(matches) > 0 {
				t.Errorf("left behind: %v", matches)
			}
			if _, err := os.Stat(path + ".compact"); err == nil {
				t.Errorf("left behind: .compact")
			}
			switch phase {
			case "archive-written":
				if len(as) != 0 {
					t.Fatalf("a crash before the mark left archives %+v", as)
				}
			default:
				if len(as) == 0 {
					t.Fatalf("a crash after the mark did not finish the archive")
				}
			}
			// Finishing (or redoing) the archive works and leaves one chain.
			if _, err := db.Archive("2026-01-01", archiveAt, "S1"); err != nil && !strings.Contains(sale.ErrorMessage(err), "nothing was archived") {
				t.Fatal(err)
			}
			if as, _ := db.Archives(); len(as) != 2 {
				t.Fatalf("archives %+v", as)
			}
			if got := allSales(t, db); len(got) != len(all) {
				t.Fatalf("%d sales, want %d", len(got), len(all))
			}
			mustVerifyOK(t, db)
		})
	}
}

func TestBackupOfAnArchivedJournal(t *testing.T) {
	db, path := openTest(t)
	yearsFixture(t, db, 10)
	if _, err := db.Archive("2026-01-01", archiveAt, "S1"); err != nil {
		t.Fatal(err)
	}
	// Backups in the journal's own directory: the copy verifies with the
	// journal's archives, and pruning never takes an archive for a backup.
	dir := filepath.Dir(path)
	for i := range 3 {
		if _, err := db.BackupInto(dir, archiveAt.Add(time.Duration(i)*time.Minute), 1); err != nil {
			t.Fatal(err)
		}
	}
	for _, y := range []int{2024, 2025} {
		if _, err := os.Stat(ArchivePath(path, y)); err != nil {
			t.Fatalf("pruning backups removed the archive of %d: %v", y, err)
		}
	}
	// A copy elsewhere verifies against the journal's archives too.
	if rep, err := db.Backup(filepath.Join(t.TempDir(), "copy.db")); err != nil || !rep.OK() {
		t.Fatalf("backup elsewhere: %v %v", rep.Problems(), err)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "journal-2026*.db"))
	if len(backups) != 1 {
		t.Fatalf("backups kept: %v", backups)
	}
}

// TestArchiveTwiceInAYear: a second archive of the same year adds to its
// file, which continues the one chain.
func TestArchiveTwiceInAYear(t *testing.T) {
	db, path := openTest(t)
	all := yearsFixture(t, db, 50)
	res, err := db.Archive("2025-07-01", archiveAt, "S1")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Years) != 2 || res.Years[1].LastDay != "2025-06-01" {
		t.Fatalf("first archive: %+v", res.Years)
	}
	mustVerifyOK(t, db)
	first, _ := os.Stat(ArchivePath(path, 2025))
	res, err = db.Archive("2026-01-01", archiveAt.Add(time.Hour), "S1")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Years) != 1 || res.Years[0].Year != 2025 || res.Years[0].FirstDay != "2025-06-01" || res.Years[0].LastDay != "2025-12-31" {
		t.Fatalf("second archive: %+v", res.Years)
	}
	second, _ := os.Stat(ArchivePath(path, 2025))
	if second.Size() < first.Size() {
		t.Errorf("the year's archive shrank: %d to %d", first.Size(), second.Size())
	}
	if as, _ := db.Archives(); len(as) != 2 || as[1].Sales != 100 {
		t.Fatalf("archives %+v", as)
	}
	if got := allSales(t, db); len(got) != len(all) {
		t.Fatalf("%d sales, want %d", len(got), len(all))
	}
	for _, s := range all {
		if got, err := db.Sale(s.Ref); err != nil || got.Day != s.Day {
			t.Fatalf("sale %s: %v", s.Ref, err)
		}
	}
	rep := mustVerifyOK(t, db)
	if rep.Sales != len(all) {
		t.Errorf("verify replayed %d sales, want %d", rep.Sales, len(all))
	}
	db.Close()
	if rep, err := VerifyFile(path); err != nil || !rep.OK() {
		t.Fatalf("VerifyFile: %v %v", rep.Problems(), err)
	}
	if rep, err := VerifyFile(ArchivePath(path, 2025)); err != nil || !rep.OK() || rep.From <= 1 {
		t.Fatalf("VerifyFile of the archive on its own: %+v %v %v", rep.From, rep.Problems(), err)
	}
}

// TestArchiveTakesUsedPaymentsAndRefusesUnusedOnes: a delivered M-Pesa
// payment that a sale used is settled and moves with its day; one that no
// sale used is a payment that needs a person, and nothing moves.
func TestArchiveTakesUsedPaymentsAndRefusesUnusedOnes(t *testing.T) {
	for _, used := range []bool{true, false} {
		t.Run(fmt.Sprint("used=", used), func(t *testing.T) {
			db, path := openTest(t)
			at := time.Date(2025, 6, 1, 9, 0, 0, 0, sast)
			p := mustCreate(t, db, mpesaPayment("QK12345678", 5000), at)
			p = deliver(t, db, p.Ref, at)
			if used {
				v := mustCreate(t, db, paidVend("254712345678", p), at.Add(time.Minute))
				deliver(t, db, v.Ref, at.Add(time.Minute))
			}
			if _, err := db.CloseDay("2025-06-01", at.Add(12*time.Hour), "thabo", false); err != nil {
				t.Fatal(err)
			}
			_, err := db.Archive("2026-01-01", archiveAt, "S1")
			if !used {
				wantCode(t, err, sale.CodeConflict, "needs a person about its payment")
				if _, err := os.Stat(ArchivePath(path, 2025)); !os.IsNotExist(err) {
					t.Fatal("a refused archive left a file")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if l, err := db.List(sale.Query{PaidBy: p.Ref}); err != nil || len(l) != 1 || l[0].Order.Tender.Ref != p.Ref {
				t.Fatalf("the sale an archived payment paid for: %v %v", l, err)
			}
			mustVerifyOK(t, db)
		})
	}
}

// TestArchivedJournalKeepsItsKey: the archives stay sealed under the key
// they were written with, so a journal with archives refuses a rotation,
// changing nothing.
func TestArchivedJournalKeepsItsKey(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(filepath.Join(dir, "journal.db"), keyedOptions(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	yearsFixture(t, db, 5)
	if _, err := db.Archive("2026-01-01", archiveAt, "S1"); err != nil {
		t.Fatal(err)
	}
	next, err := keys.New()
	if err != nil {
		t.Fatal(err)
	}
	headBefore, _, _ := db.Head()
	if _, err := db.RotateKey(next, "S1"); err == nil || !strings.Contains(sale.ErrorMessage(err), "archived years") {
		t.Fatalf("rotation of a journal with archives: %v", err)
	}
	if h, _, _ := db.Head(); h != headBefore {
		t.Fatalf("a refused rotation wrote events")
	}
	mustVerifyOK(t, db)
}
