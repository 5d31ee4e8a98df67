package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.etcd.io/bbolt"

	"till/sale"
)

// sast is the shop's time zone in these tests (UTC+2, no DST).
var sast = time.FixedZone("SAST", 2*3600)

// t0 is 10:00 on 2025-03-01 in SAST.
var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func testOptions() Options {
	return Options{StoreID: "STORE042", TerminalID: "TILL07", Location: sast, LockTimeout: 100 * time.Millisecond}
}

// openTest opens a new journal in a temp dir and closes it at the end of the test.
func openTest(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func airtime(mobile string, minor int64) sale.Order {
	return sale.Order{
		Provider: "flash", Kind: sale.KindAirtime, Product: "VOD10",
		Target: sale.Target{Kind: sale.TargetMobile, Value: mobile},
		Amount: sale.New(minor, sale.ZAR),
		Tender: sale.Tender{Kind: sale.TenderCash, Tendered: sale.New(minor, sale.ZAR)},
	}
}

func mustCreate(t testing.TB, db *DB, o sale.Order, at time.Time) sale.Sale {
	t.Helper()
	s, err := db.Create(o, at)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return s
}

func mustAppend(t testing.TB, db *DB, e sale.Event) sale.Sale {
	t.Helper()
	s, err := db.Append(e)
	if err != nil {
		t.Fatalf("Append %s %s: %v", e.Type, e.State, err)
	}
	return s
}

// deliver takes a NEW sale through SENDING to DELIVERED.
func deliver(t testing.TB, db *DB, ref sale.Reference, at time.Time) sale.Sale {
	t.Helper()
	mustAppend(t, db, sale.Event{Ref: ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1})
	return mustAppend(t, db, sale.Event{Ref: ref, Type: sale.EventOutcome, At: at.Add(time.Second), State: sale.StateDelivered,
		Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0", ProviderRef: "FL-" + string(ref),
			Items: []sale.Item{{Label: "PIN", Value: "1234-5678", Secret: true}}}})
}

// raw opens the journal file with bbolt directly, for tampering.
func raw(t testing.TB, path string, fn func(tx *bbolt.Tx) error) {
	t.Helper()
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("raw open: %v", err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatalf("raw update: %v", err)
	}
}

func TestCreateAppendReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	storeID, terminalID, tag := db.Identity()
	if storeID != "STORE042" || terminalID != "TILL07" || !regexp.MustCompile(`^[A-Z0-9]{6}$`).MatchString(tag) {
		t.Fatalf("Identity() = %q %q %q", storeID, terminalID, tag)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	s1 := mustCreate(t, db, airtime("27821234567", 1000), t0)
	want1 := sale.Reference("STORE042-TILL07-" + tag + "-1")
	if s1.Ref != want1 || s1.State != sale.StateNew || s1.Day != "2025-03-01" || s1.StoreID != "STORE042" || s1.TerminalID != "TILL07" || s1.LastSeq != 1 {
		t.Fatalf("created sale = %+v", s1)
	}
	s1 = deliver(t, db, s1.Ref, t0.Add(time.Second))
	s2 := mustCreate(t, db, airtime("27827654321", 2500), t0.Add(time.Minute))
	if s2.Ref != sale.Reference("STORE042-TILL07-"+tag+"-2") || s2.LastSeq != 4 {
		t.Fatalf("second sale = %s seq %d", s2.Ref, s2.LastSeq)
	}
	events1, err := db.Events(s1.Ref)
	if err != nil {
		t.Fatal(err)
	}
	seq, head, err := db.Head()
	if err != nil || seq != 4 || len(head) != 64 {
		t.Fatalf("Head() = %d %q %v", seq, head, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(path, testOptions())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if _, _, tag2 := db.Identity(); tag2 != tag {
		t.Errorf("install tag changed on reopen: %q then %q", tag, tag2)
	}
	for _, want := range []sale.Sale{s1, s2} {
		got, err := db.Sale(want.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Sale(%s) after reopen (-want +got):\n%s", want.Ref, diff)
		}
	}
	got1, err := db.Events(s1.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(events1, got1); diff != "" {
		t.Errorf("Events after reopen (-before +after):\n%s", diff)
	}
	if len(got1) != 3 || got1[0].Type != sale.EventCreated || got1[2].State != sale.StateDelivered {
		t.Fatalf("events of %s = %+v", s1.Ref, got1)
	}
	if got1[0].Prev != genesisHash || got1[1].Prev != got1[0].Hash || got1[2].Prev != got1[1].Hash {
		t.Errorf("events are not chained: %+v", got1)
	}
	seq2, head2, _ := db.Head()
	if seq2 != seq || head2 != head {
		t.Errorf("head after reopen = %d %s, want %d %s", seq2, head2, seq, head)
	}
	s3 := mustCreate(t, db, airtime("27820000000", 500), t0.Add(time.Hour))
	if s3.Ref != sale.Reference("STORE042-TILL07-"+tag+"-3") || s3.LastSeq != 5 {
		t.Errorf("sale after reopen = %s seq %d, want number 3 seq 5", s3.Ref, s3.LastSeq)
	}
	st, err := db.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != 5 || st.Sales != 3 || st.Unresolved != 2 || st.Bytes <= 0 {
		t.Errorf("Stats() = %+v", st)
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() || rep.Events != 5 || rep.Sales != 3 {
		t.Fatalf("Verify() = %+v, %v", rep, err)
	}
}

func TestFileModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "var", "till")
	path := filepath.Join(dir, "journal.db")
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode = %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("journal directory mode = %v, want 0700", di.Mode().Perm())
	}
}

func TestLockedInProcess(t *testing.T) {
	db, path := openTest(t)
	_, err := Open(path, testOptions())
	checkLocked(t, err, path)
	_, err = VerifyFile(path)
	checkLocked(t, err, path)
	// Once the first till closes, the journal opens again.
	db.Close()
	db2, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	db2.Close()
}

func checkLocked(t *testing.T, err error, path string) {
	t.Helper()
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if want := "journal in use by another till: " + path; err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
}

// lockChildEnv makes the test binary a second till holding the journal.
const lockChildEnv = "TILL_STORE_TEST_HOLD"

func TestMain(m *testing.M) {
	if path := os.Getenv(lockChildEnv); path != "" {
		db, err := Open(path, testOptions())
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		bufio.NewReader(os.Stdin).ReadString('\n') // hold until the parent lets go
		db.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestLockedByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockChildEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		t.Fatalf("child: %q %v", line, err)
	}
	_, err = Open(path, testOptions())
	checkLocked(t, err, path)
}

func TestIdentityMismatch(t *testing.T) {
	db, path := openTest(t)
	db.Close()
	o := testOptions()
	o.TerminalID = "TILL08"
	_, err := Open(path, o)
	if !errors.Is(err, ErrIdentity) {
		t.Fatalf("err = %v, want ErrIdentity", err)
	}
	for _, want := range []string{"store STORE042 terminal TILL07", "store STORE042 terminal TILL08", path} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not name %q", err, want)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	notBolt := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notBolt, []byte(strings.Repeat("this is not a journal\n", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(notBolt, testOptions()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open(text file) = %v, want ErrCorrupt", err)
	}
	if _, err := VerifyFile(notBolt); !errors.Is(err, ErrCorrupt) {
		t.Errorf("VerifyFile(text file) = %v, want ErrCorrupt", err)
	}

	other := filepath.Join(dir, "other.db")
	raw(t, other, func(tx *bbolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	if _, err := Open(other, testOptions()); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "not a till journal") {
		t.Errorf("Open(other bbolt file) = %v, want ErrCorrupt", err)
	}

	db, newer := openTest(t)
	db.Close()
	raw(t, newer, func(tx *bbolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, be64(SchemaVersion+1)) })
	_, err := Open(newer, testOptions())
	if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), "upgrade till") {
		t.Errorf("Open(newer schema) = %v, want ErrSchema asking for an upgrade", err)
	}

	if _, err := Open(filepath.Join(dir, "x.db"), Options{StoreID: "STORE-42", TerminalID: "T1"}); err == nil {
		t.Error("Open with a store id holding '-' succeeded")
	}
	if _, err := VerifyFile(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("VerifyFile(missing) = %v, want not exist", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Error("VerifyFile created the file it was asked to verify")
	}
}

func TestInstallTag(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		tag, err := newInstallTag()
		if err != nil {
			t.Fatal(err)
		}
		if err := sale.ValidID("install tag", tag); err != nil || len(tag) != sale.InstallTagLen || strings.ToUpper(tag) != tag {
			t.Fatalf("tag %q: %v", tag, err)
		}
		seen[tag] = true
	}
	if len(seen) < 199 {
		t.Errorf("only %d distinct tags in 200", len(seen))
	}
}
