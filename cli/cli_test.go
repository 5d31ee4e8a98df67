package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"till/sale"
	"till/store"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// tillBinary builds the real till once per test run.
func tillBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "till-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "till")
		out, err := exec.Command("go", "build", "-o", binPath, "till").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// startSandbox runs `till sandbox` as a separate process (so it outlives a
// killed till), with any extra flags, and returns its base URL.
func startSandbox(t *testing.T, extra ...string) string {
	t.Helper()
	cmd := exec.Command(tillBinary(t), append([]string{"sandbox", "--addr", "127.0.0.1:0"}, extra...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("sandbox did not start: %v", err)
	}
	const prefix = "sandbox listening on "
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("sandbox said %q", line)
	}
	go io.Copy(io.Discard, stdout)
	return strings.TrimSpace(strings.TrimPrefix(line, prefix))
}

// liveConfig writes a config pointing at the sandbox with its own journal.
func liveConfig(t *testing.T, base string) (cfgPath, journal string) {
	t.Helper()
	return writeTill(t, tillFile{width: 32, shop: "TEST SHOP", tables: []string{sandboxFlash(base, "2s")}})
}

type result struct {
	code           int
	stdout, stderr string
	signal         syscall.Signal
}

func runTill(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(tillBinary(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(),
		stateEnv(t, args)), env...)
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.signal = ws.Signal()
		}
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

// stateHome is the state directory of the in-process runs with config
// cfg: state/ beside it, as stateEnv (the till's key and continuity record
// stay from one run to the next, as on one machine).
func stateHome(cfg string) string { return filepath.Join(filepath.Dir(cfg), "state") }

// stateEnv is the $XDG_STATE_HOME of a run of the till in a test: state/
// beside its --config file, so every run with one config shares the
// journal's continuity record, as runs on one machine do, two configs in
// one test are two machines, and no test touches the real user's state.
func stateEnv(t *testing.T, args []string) string {
	for i, a := range args {
		if a == "--config" && i+1 < len(args) {
			return "XDG_STATE_HOME=" + filepath.Join(filepath.Dir(args[i+1]), "state")
		}
		if v, ok := strings.CutPrefix(a, "--config="); ok {
			return "XDG_STATE_HOME=" + filepath.Join(filepath.Dir(v), "state")
		}
	}
	return "XDG_STATE_HOME=" + t.TempDir()
}

func applied(t *testing.T, base string, ref sale.Reference) int {
	t.Helper()
	resp, err := http.Get(base + "/_sandbox/flash/applied?reference=" + string(ref))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct{ Applied int }
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v.Applied
}

func journalSales(t *testing.T, cfg string) []record {
	t.Helper()
	r := runTill(t, nil, "--config", cfg, "journal", "list", "--day", "all", "--json")
	if r.code != 0 {
		t.Fatalf("journal list: exit %d: %s", r.code, r.stderr)
	}
	var recs []record
	if err := json.Unmarshal([]byte(r.stdout), &recs); err != nil {
		t.Fatalf("journal list json: %v\n%s", err, r.stdout)
	}
	return recs
}

// TestCrashAtFailpoints kills the real binary at each failpoint of a sale's
// life, restarts it, and checks the sale ends DELIVERED under its original
// reference, applied exactly once by the provider.
func TestCrashAtFailpoints(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	for i, fp := range []string{"after-new", "after-send", "after-answer"} {
		t.Run(fp, func(t *testing.T) {
			cfg, _ := liveConfig(t, base)
			mobile := fmt.Sprintf("08212345%02d", i)
			r := runTill(t, []string{"TILL_FAILPOINT=" + fp}, "--config", cfg, "sell", "airtime", "--mobile", mobile, "--amount", "12.00")
			if r.signal != syscall.SIGKILL {
				t.Fatalf("till was not killed at %s: exit %d signal %v\n%s", fp, r.code, r.signal, r.stderr)
			}
			recs := journalSales(t, cfg)
			if len(recs) != 1 {
				t.Fatalf("%d sales journaled, want 1", len(recs))
			}
			ref := sale.Reference(recs[0].Reference)
			if st := recs[0].State; st != sale.StateNew && st != sale.StateSending {
				t.Fatalf("after the crash the sale is %s", st)
			}
			if fp == "after-new" && applied(t, base, ref) != 0 {
				t.Fatal("sent before the failpoint after the NEW commit")
			}
			// A new sale to the same number is refused until this one is settled.
			r = runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", mobile, "--amount", "12.00")
			if r.code != exitUsage || !strings.Contains(r.stderr, "still") {
				t.Fatalf("resell to the same number: exit %d: %s", r.code, r.stderr)
			}
			r = runTill(t, nil, "--config", cfg, "resolve")
			if r.code != 0 {
				t.Fatalf("resolve: exit %d: %s%s", r.code, r.stdout, r.stderr)
			}
			recs = journalSales(t, cfg)
			if len(recs) != 1 || recs[0].Reference != string(ref) || recs[0].State != sale.StateDelivered {
				t.Fatalf("after resolve: %+v", recs)
			}
			if n := applied(t, base, ref); n != 1 {
				t.Fatalf("the sandbox applied %s %d times", ref, n)
			}
			r = runTill(t, nil, "--config", cfg, "reprint", string(ref))
			if r.code != 0 || !strings.Contains(r.stdout, "COPY 1") {
				t.Fatalf("reprint: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r = runTill(t, nil, "--config", cfg, "verify")
			if r.code != 0 {
				t.Fatalf("verify: exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

func TestCLISellAndBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, journal := liveConfig(t, base)
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"sell", "airtime", "--mobile", "12345", "--amount", "10.00"}, "not a South African mobile number"},
		{[]string{"sell", "airtime", "--mobile", "0821234567", "--amount", "10.001"}, "more than 2 decimals"},
		{[]string{"sell", "airtime", "--mobile", "0821234567", "--amount", "-5"}, "not a plain amount"},
		{[]string{"sell", "airtime", "--mobile", "0821234567", "--amount", "1e3"}, "not a plain amount"},
		{[]string{"sell", "airtime", "--mobile", "0821234567", "--amount", ""}, "required"},
		{[]string{"sell", "airtime", "--mobile", "0821234567", "--amount", "5000.00"}, "the most is"},
		{[]string{"sell", "airtime", "--mobile", "0821234567", "--amount", "10", "--product", "99999"}, "no active airtime product"},
		{[]string{"sell", "airtime", "--mobile", "0821234567", "--amount", "10", "--bogus"}, "flag provided but not defined"},
		{[]string{"sell", "toaster"}, "unknown product kind"},
		{[]string{"journal", "list", "--day", "23/11/2026"}, "not a date"},
		{[]string{"journal", "list", "--status", "sold"}, "unknown status"},
	}
	for _, b := range bad {
		r := runTill(t, nil, append([]string{"--config", cfg}, b.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, b.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", b.args, r.code, r.stderr, b.want)
		}
	}
	if recs := journalSales(t, cfg); len(recs) != 0 {
		t.Fatalf("bad input journaled %d sales", len(recs))
	}

	r := runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", "+27 82 123 4567", "--amount", "10")
	if r.code != 0 || !strings.Contains(r.stdout, "R 10.00") || !strings.Contains(r.stdout, "TEST SHOP") {
		t.Fatalf("sell: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if len(line) > 32 {
			t.Fatalf("receipt line wider than 32: %q", line)
		}
	}
	r = runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", "0831234567", "--amount", "5.50", "--json")
	var rec record
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil || r.code != 0 || rec.State != sale.StateDelivered || rec.Amount != "5.50" || rec.Target != "27831234567" {
		t.Fatalf("sell --json: exit %d %v %+v\n%s", r.code, err, rec, r.stderr)
	}

	// A second till on the same journal is refused at once with exit 4.
	db, err := store.Open(journal, store.Options{StoreID: "S1", TerminalID: "T1"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r = runTill(t, nil, "--config", cfg, "journal", "list")
	db.Close()
	if r.code != exitJournal || !strings.Contains(r.stderr, "journal in use by another till") {
		t.Fatalf("locked journal: exit %d: %s", r.code, r.stderr)
	}
	t.Logf("locked journal refused after %v", time.Since(start).Round(time.Millisecond))
}
