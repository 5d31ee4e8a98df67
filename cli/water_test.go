package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"till/providers/sandbox"
	"till/sale"
)

// Demo devices of the 1Flow simulator (docs/SANDBOX.md).
const (
	homeMeter   = "68753500140920" // Jane Doe, KES
	kioskTank   = "68753500140921" // Jane Doe, KES
	janeCard    = "CA254000123"    // Jane Doe's card, KES
	failsMeter  = "68753500140990" // Wanjiru Kamau: always FAILED
	stuckMeter  = "68753500230991" // Ama Owusu, GHS: PENDING until completed by hand
	janesNumber = "0712345678"
)

// waterConfig writes a config selling water through the sandbox's 1Flow in
// currency, with its own journal.
func waterConfig(t *testing.T, base, currency string) string {
	t.Helper()
	cfg, _ := writeTill(t, tillFile{width: 32, shop: "MAJI KIOSK", tables: []string{
		sandboxOneFlow(base, "currency", currency, "timeout", "2s"),
	}})
	return cfg
}

// recharges asks the sandbox how many recharges 1Flow holds for a device:
// the proof that a sale was initiated once.
func recharges(t *testing.T, base, device string) (n int, ids []string) {
	t.Helper()
	resp, err := http.Get(base + "/_sandbox/oneflow/recharges?device=" + device)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		Count     int
		Recharges []struct{ ID string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Recharges {
		ids = append(ids, r.ID)
	}
	return v.Count, ids
}

// rechargesSettle waits briefly for the sandbox to finish a request the
// till wrote just before it was killed, and returns the count.
func rechargesSettle(t *testing.T, base, device string) int {
	t.Helper()
	n := 0
	for range 50 {
		if n, _ = recharges(t, base, device); n > 0 {
			time.Sleep(100 * time.Millisecond) // and no second one follows
			n, _ = recharges(t, base, device)
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
	return n
}

// onlySale is the journal's one sale, failing t otherwise.
func onlySale(t *testing.T, cfg string) record {
	t.Helper()
	recs := journalSales(t, cfg)
	if len(recs) != 1 {
		t.Fatalf("%d sales journaled, want 1: %+v", len(recs), recs)
	}
	return recs[0]
}

// events lists a sale's journal events.
func events(t *testing.T, cfg, ref string) []sale.Event {
	t.Helper()
	r := runTill(t, nil, "--config", cfg, "journal", "show", ref, "--json")
	if r.code != 0 {
		t.Fatalf("journal show: exit %d: %s", r.code, r.stderr)
	}
	var v struct{ Events []sale.Event }
	if err := unmarshalOut([]byte(r.stdout), &v); err != nil {
		t.Fatal(err)
	}
	return v.Events
}

// TestWaterCrashLostInitiation kills or starves the till while a recharge's
// initiation is unanswered — at each failpoint, and by the sandbox's lost
// answer (.91) — and shows the sale is recovered in doubt, never resent,
// handed to a supervisor and settled by one: 1Flow holds exactly one
// recharge throughout.
func TestWaterCrashLostInitiation(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	for _, c := range []struct {
		name, failpoint, device, amount string
	}{
		{"after-send", "after-send", kioskTank, "20.00"},
		{"after-answer", "after-answer", homeMeter, "20.00"},
		{"lost-answer-91", "", janeCard, "50.91"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := waterConfig(t, base, "KES")
			var env []string
			if c.failpoint != "" {
				env = []string{"TILL_FAILPOINT=" + c.failpoint}
			}
			target := "--device"
			if c.device == janeCard {
				target = "--card"
			}
			r := runTill(t, env, "--config", cfg, "sell", "water", target, c.device, "--amount", c.amount)
			switch {
			case c.failpoint != "" && r.signal != syscall.SIGKILL:
				t.Fatalf("till was not killed at %s: exit %d\n%s", c.failpoint, r.code, r.stderr)
			case c.failpoint == "" && (r.code != exitInDoubt || !strings.Contains(r.stderr, "NO automatic resend") ||
				!strings.Contains(r.stderr, "till supervise")):
				t.Fatalf("lost answer: exit %d\n%s", r.code, r.stderr)
			}
			if n := rechargesSettle(t, base, c.device); n != 1 {
				t.Fatalf("1Flow holds %d recharges after the initiation, want 1", n)
			}
			s := onlySale(t, cfg)
			if s.ProviderRef != "" {
				t.Fatalf("a recharge id was journaled for a lost initiation: %+v", s)
			}
			// The same device cannot be recharged again until it is settled.
			r = runTill(t, nil, "--config", cfg, "sell", "water", target, c.device, "--amount", "10.00")
			if r.code != exitUsage || !strings.Contains(r.stderr, "still") {
				t.Fatalf("resell to the same device: exit %d: %s", r.code, r.stderr)
			}
			// Recovery and the resolver escalate it; nothing is resent.
			for range 2 {
				r = runTill(t, nil, "--config", cfg, "resolve")
				if r.code != exitInDoubt {
					t.Fatalf("resolve: exit %d: %s%s", r.code, r.stdout, r.stderr)
				}
			}
			if s = onlySale(t, cfg); s.State != sale.StateNeedsSupervisor {
				t.Fatalf("after resolve the sale is %s, want NEEDS_SUPERVISOR", s.State)
			}
			if n, _ := recharges(t, base, c.device); n != 1 {
				t.Fatalf("1Flow holds %d recharges after recovery, want 1 (resent!)", n)
			}
			r = runTill(t, nil, "--config", cfg, "supervise", s.Reference, "--delivered",
				"--note", "device shows the credit", "--by", "amina")
			if r.code != 0 || !strings.Contains(r.stdout, "SUCCESSFUL") {
				t.Fatalf("supervise: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if s = onlySale(t, cfg); s.State != sale.StateDelivered {
				t.Fatalf("after supervise: %s", s.State)
			}
			evs := events(t, cfg, s.Reference)
			last := evs[len(evs)-1]
			if last.Type != sale.EventSupervisor || last.By != "amina" || last.Note != "device shows the credit" {
				t.Fatalf("last event %+v", last)
			}
			if n, _ := recharges(t, base, c.device); n != 1 {
				t.Fatalf("1Flow holds %d recharges at the end, want 1", n)
			}
			if r = runTill(t, nil, "--config", cfg, "verify"); r.code != 0 {
				t.Fatalf("verify: exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// TestWaterCrashWhilePending kills the till while it follows a recharge
// 1Flow has accepted (its id journaled), then shows a restarted till polls
// that id to DELIVERED — never initiating it again. Both a till killed
// mid-poll and a `sell` that exited 3 while pending are shown.
func TestWaterCrashWhilePending(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)

	t.Run("killed-while-following", func(t *testing.T) {
		cfg := waterConfig(t, base, "GHS")
		cmd := exec.Command(tillBinary(t), "--config", cfg, "sell", "water", "--device", stuckMeter, "--amount", "10.00", "--wait", "2m")
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), stateEnv(t, cmd.Args))
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		pending := false
		for sc.Scan() {
			if strings.Contains(sc.Text(), "PENDING: 1Flow accepted recharge") {
				pending = true
				break
			}
		}
		if !pending {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("the till never reported the recharge pending")
		}
		time.Sleep(1500 * time.Millisecond) // let it poll at least once
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()

		s := onlySale(t, cfg)
		n, ids := recharges(t, base, stuckMeter)
		if s.State != sale.StatePending || n != 1 || s.ProviderRef != ids[0] {
			t.Fatalf("after the kill: %s, recharge id %q; 1Flow holds %d %v", s.State, s.ProviderRef, n, ids)
		}
		// Still pending at 1Flow: the restarted till polls and reports it so.
		r := runTill(t, nil, "--config", cfg, "resolve")
		if r.code != exitInDoubt || onlySale(t, cfg).State != sale.StatePending {
			t.Fatalf("resolve while pending: exit %d: %s", r.code, r.stderr)
		}
		resp, err := http.Post(base+"/_sandbox/oneflow/complete?id="+ids[0], "", nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("complete: %v %v", err, resp)
		}
		resp.Body.Close()
		r = runTill(t, nil, "--config", cfg, "resolve")
		if r.code != 0 {
			t.Fatalf("resolve after 1Flow completed it: exit %d: %s%s", r.code, r.stdout, r.stderr)
		}
		if s = onlySale(t, cfg); s.State != sale.StateDelivered || s.Currency != "GHS" {
			t.Fatalf("after resolve: %+v", s)
		}
		if n, _ := recharges(t, base, stuckMeter); n != 1 {
			t.Fatalf("1Flow holds %d recharges, want 1", n)
		}
		r = runTill(t, nil, "--config", cfg, "reprint", s.Reference)
		for _, want := range []string{"COPY 1", "PREPAID WATER", "Litres", "Balance", "GHS"} {
			if !strings.Contains(r.stdout, want) {
				t.Fatalf("reprint lacks %q:\n%s", want, r.stdout)
			}
		}
	})

	t.Run("exited-while-pending", func(t *testing.T) {
		cfg := waterConfig(t, base, "KES")
		r := runTill(t, nil, "--config", cfg, "sell", "water", "--phone", janesNumber, "--device", homeMeter, "--amount", "100.00")
		if r.code != exitInDoubt || !strings.Contains(r.stderr, "PENDING") || !strings.Contains(r.stdout, "PROCESSING") {
			t.Fatalf("sell: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		s := onlySale(t, cfg)
		if s.State != sale.StatePending || s.ProviderRef == "" {
			t.Fatalf("journaled %+v", s)
		}
		time.Sleep(sandbox.DefaultOneFlowCompleteAfter + 500*time.Millisecond)
		r = runTill(t, nil, "--config", cfg, "resolve")
		if r.code != 0 || onlySale(t, cfg).State != sale.StateDelivered {
			t.Fatalf("resolve: exit %d: %s%s", r.code, r.stdout, r.stderr)
		}
		if n, ids := recharges(t, base, homeMeter); n != 1 || ids[0] != s.ProviderRef {
			t.Fatalf("1Flow holds %d recharges %v, want 1 (%s)", n, ids, s.ProviderRef)
		}
	})
}

func TestCLIWaterSell(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg := waterConfig(t, base, "KES")
	flashOnly, _ := liveConfig(t, base)
	bad := []struct {
		cfg  string
		args []string
		want string
	}{
		{cfg, []string{"--device", kioskTank}, "--amount is required"},
		{cfg, []string{"--amount", "10"}, "say what to recharge"},
		{cfg, []string{"--device", kioskTank, "--card", janeCard, "--amount", "10"}, "not both"},
		{cfg, []string{"--device", "bad id!", "--amount", "10"}, "only letters, digits"},
		{cfg, []string{"--device", kioskTank, "--amount", "10.001"}, "more than 2 decimals"},
		{cfg, []string{"--device", kioskTank, "--amount", "10", "--wait", "-1s"}, "must not be negative"},
		{cfg, []string{"--phone", "12345", "--amount", "10"}, "12345"},
		{cfg, []string{"--phone", "0799999999", "--amount", "10"}, "no customer"},
		{cfg, []string{"--device", "68753500149999", "--amount", "10"}, "no customer"},
		{cfg, []string{"--phone", janesNumber, "--amount", "10"}, "has 3 devices"},
		{cfg, []string{"--phone", janesNumber, "--device", failsMeter, "--amount", "10"}, "has no device " + failsMeter},
		{flashOnly, []string{"--device", kioskTank, "--amount", "10"}, "1Flow is not configured"},
	}
	for _, b := range bad {
		r := runTill(t, nil, append([]string{"--config", b.cfg, "sell", "water"}, b.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, b.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", b.args, r.code, r.stderr, b.want)
		}
	}
	if r := runTill(t, nil, "--config", cfg, "sell", "water", "--phone", janesNumber, "--amount", "10"); !strings.Contains(r.stderr, "--card") || !strings.Contains(r.stderr, janeCard) || !strings.Contains(r.stderr, kioskTank) {
		t.Errorf("the devices to choose from are not listed:\n%s", r.stderr)
	}
	if recs := journalSales(t, cfg); len(recs) != 0 {
		t.Fatalf("bad input journaled %d sales", len(recs))
	}

	// Followed to the end with --wait: a receipt with what 1Flow applied.
	r := runTill(t, nil, "--config", cfg, "sell", "water", "--card", janeCard, "--amount", "10.50", "--wait", "20s")
	for _, want := range []string{"SUCCESSFUL", "Card", janeCard, "Jane Doe", "Litres", "21", "Price per litre", "Balance"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Fatalf("sell --card --wait: exit %d, lacks %q\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if len(line) > 32 {
			t.Fatalf("receipt line wider than 32: %q", line)
		}
	}
	r = runTill(t, nil, "--config", cfg, "sell", "water", "--device", kioskTank, "--amount", "20", "--wait", "20s", "--json")
	var rec record
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil || r.code != 0 || rec.State != sale.StateDelivered ||
		rec.Amount != "20.00" || rec.Currency != "KES" || rec.Target != kioskTank || rec.Kind != sale.KindWater {
		t.Fatalf("sell --json: exit %d %v %+v\n%s", r.code, err, rec, r.stderr)
	}
	// FAILED on the device is a decline; a 422 too, with no recharge made.
	r = runTill(t, nil, "--config", cfg, "sell", "water", "--device", failsMeter, "--amount", "10", "--wait", "20s")
	if r.code != exitDeclined || !strings.Contains(r.stderr, "DECLINED") {
		t.Fatalf("failing device: exit %d: %s", r.code, r.stderr)
	}
	r = runTill(t, nil, "--config", cfg, "sell", "water", "--device", homeMeter, "--amount", "10.94")
	if n, _ := recharges(t, base, homeMeter); r.code != exitDeclined || n != 0 {
		t.Fatalf("declined initiation: exit %d, %d recharges: %s", r.code, n, r.stderr)
	}
	for dev, want := range map[string]int{janeCard: 1, kioskTank: 1, failsMeter: 1} {
		if n, _ := recharges(t, base, dev); n != want {
			t.Errorf("1Flow holds %d recharges of %s, want %d", n, dev, want)
		}
	}
}

func TestCLISupervise(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg := waterConfig(t, base, "KES")
	r := runTill(t, nil, "--config", cfg, "sell", "water", "--device", kioskTank, "--amount", "30.98") // 202 without an id
	if r.code != exitInDoubt {
		t.Fatalf("sell: exit %d: %s", r.code, r.stderr)
	}
	ref := onlySale(t, cfg).Reference
	n := len(events(t, cfg, ref))
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"--delivered", "--note", "x", "--by", "amina"}, "which sale?"},
		{[]string{ref, "--note", "x", "--by", "amina"}, "--delivered or --not-delivered"},
		{[]string{ref, "--delivered", "--not-delivered", "--note", "x", "--by", "amina"}, "--delivered or --not-delivered"},
		{[]string{ref, "--delivered", "--by", "amina"}, "--note is required"},
		{[]string{ref, "--delivered", "--note", "  ", "--by", "amina"}, "--note is required"},
		{[]string{ref, "--delivered", "--note", "checked"}, "--by is required"},
		{[]string{ref, "--delivered", "--note", strings.Repeat("x", 201), "--by", "amina"}, "longer than 200"},
		{[]string{"S1-T1-NOSUCH-99", "--delivered", "--note", "x", "--by", "amina"}, "no sale"},
		{[]string{ref, "--delivered", "--note", "x", "--by", "amina", "--bogus"}, "flag provided but not defined"},
	}
	for _, b := range bad {
		r := runTill(t, nil, append([]string{"--config", cfg, "supervise"}, b.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, b.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", b.args, r.code, r.stderr, b.want)
		}
	}
	if got := len(events(t, cfg, ref)); got != n {
		t.Fatalf("bad input journaled %d events", got-n)
	}
	r = runTill(t, nil, "--config", cfg, "supervise", ref, "--not-delivered", "--note", "no credit on the meter", "--by", "amina", "--json")
	var rec record
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil || r.code != 0 || rec.State != sale.StateDeclined {
		t.Fatalf("supervise: exit %d %v %+v\n%s", r.code, err, rec, r.stderr)
	}
	r = runTill(t, nil, "--config", cfg, "supervise", ref, "--delivered", "--note", "again", "--by", "amina")
	if r.code != exitUsage || !strings.Contains(r.stderr, "only an unresolved sale") {
		t.Fatalf("second settlement: exit %d: %s", r.code, r.stderr)
	}
	r = runTill(t, nil, "--config", cfg, "journal", "show", ref)
	if !bytes.Contains([]byte(r.stdout), []byte("supervisor")) || !strings.Contains(r.stdout, "by amina") {
		t.Fatalf("journal show:\n%s", r.stdout)
	}
}
