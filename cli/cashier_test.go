package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// runCLIIn is runCLI with stdin holding the given lines (PINs).
func runCLIIn(t *testing.T, cfg, stdin string, args ...string) ran {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(stdin); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old; f.Close() }()
	env := map[string]string{"HOME": t.TempDir(), "USER": "backoffice", "XDG_STATE_HOME": stateHome(cfg)}
	var out, errb bytes.Buffer
	code := run(append([]string{"--config", cfg}, args...), &out, &errb, func(k string) string { return env[k] })
	return ran{code, out.String(), errb.String()}
}

// authEvents lists the cashier and override events of a journal.
func authEvents(t *testing.T, journal string) []sale.Event {
	t.Helper()
	db := openJournal(t, journal)
	defer db.Close()
	var out []sale.Event
	if err := db.EachEvent(func(e sale.Event) error {
		if e.Type.AuthEvent() {
			out = append(out, e)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCLICashiers(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	mustRun := func(stdin string, args ...string) ran {
		t.Helper()
		r := runCLIIn(t, cfg, stdin, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s\n%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}
	refused := func(stdin, want string, args ...string) {
		t.Helper()
		r := runCLIIn(t, cfg, stdin, args...)
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Fatalf("%v: exit %d, want a refusal saying %q:\n%s", args, r.code, want, r.stderr)
		}
	}
	if r := mustRun("", "cashier", "list"); !strings.Contains(r.stderr, "no cashiers yet") {
		t.Fatalf("empty list: %s", r.stderr)
	}
	refused("", "needs a supervisor", "cashier", "add", "--name", "Lerato")
	refused("2468\n2469\n", "the two PINs differ", "cashier", "add", "--name", "Thabo", "--role", "supervisor", "--id", "thabo")
	refused("24a8\n", "digits only", "cashier", "add", "--name", "Thabo", "--role", "supervisor", "--id", "thabo")
	mustRun("2468\n2468\n", "cashier", "add", "--name", "Thabo", "--role", "supervisor", "--id", "thabo")
	refused("2468\n2468\n", "needs a supervisor", "cashier", "add", "--name", "Mallory", "--role", "supervisor")
	mustRun("2468\n1357\n1357\n", "cashier", "add", "--name", "Lerato", "--supervisor", "thabo")
	// A cashier's PIN does not authorise anything.
	refused("1357\n1111\n1111\n", "not a supervisor", "cashier", "add", "--name", "Eve", "--supervisor", "1")

	r := mustRun("", "cashier", "list")
	for _, want := range []string{"thabo  Thabo   supervisor  active", "1      Lerato  cashier     active"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("list lacks %q:\n%s", want, r.stdout)
		}
	}
	r = mustRun("", "cashier", "list", "--json")
	if strings.Contains(r.stdout, "argon2") || strings.Contains(r.stdout, `"pin"`) {
		t.Fatalf("the list shows PIN hashes:\n%s", r.stdout)
	}

	// Five wrong PINs lock Lerato out; a supervisor unlocks her.
	for i := 1; i <= 5; i++ {
		r := runCLIIn(t, cfg, "0000\n", "--cashier", "1", "journal", "list")
		if r.code != exitUsage || strings.Contains(r.stderr, "0000") {
			t.Fatalf("wrong PIN %d: exit %d %s", i, r.code, r.stderr)
		}
		if i == 5 && !strings.Contains(r.stderr, "locked out for 15 minutes") {
			t.Fatalf("fifth wrong PIN: %s", r.stderr)
		}
	}
	refused("1357\n", "locked out", "--cashier", "1", "journal", "list")
	if r := mustRun("", "cashier", "list"); !strings.Contains(r.stdout, "locked out until") {
		t.Errorf("list does not show the lockout:\n%s", r.stdout)
	}
	refused("1357\n", "not a supervisor", "cashier", "unlock", "1", "--supervisor", "1")
	mustRun("2468\n", "cashier", "unlock", "1", "--supervisor", "thabo", "--reason", "forgot her glasses")
	mustRun("1357\n", "--cashier", "1", "journal", "list")
	mustRun("2468\n8642\n8642\n", "cashier", "reset-pin", "1", "--supervisor", "thabo")
	refused("1357\n", "wrong PIN", "--cashier", "1", "journal", "list")
	mustRun("2468\n", "cashier", "disable", "1", "--supervisor", "thabo")
	refused("8642\n", "disabled", "--cashier", "1", "journal", "list")
	mustRun("2468\n", "cashier", "enable", "1", "--supervisor", "thabo")
	refused("2468\n", "last enabled supervisor", "cashier", "disable", "thabo", "--supervisor", "thabo")

	evs := authEvents(t, journal)
	var unlock *sale.Event
	for i, e := range evs {
		if e.Type == sale.EventOverride && e.Override.Action == sale.ActionUnlock {
			unlock = &evs[i]
		}
	}
	if unlock == nil || unlock.By != "os:backoffice" || unlock.Override.Supervisor != "thabo" || unlock.Note != "forgot her glasses" {
		t.Fatalf("unlock override event: %+v", unlock)
	}
	if r := mustRun("", "verify"); !strings.Contains(r.stdout, "is intact") {
		t.Fatal(r.stdout)
	}
}

func TestCLIOverridesNeedASupervisorsPIN(t *testing.T) {
	cfg, journal := officeConfig(t, "")
	refs := seed(t, journal, true) // refs[1] is a voucher with a PIN; refs[4] is in doubt
	// A voucher from two days ago, with its PIN.
	db := openJournal(t, journal)
	old := time.Now().Add(-48 * time.Hour)
	err := db.Bulk([]store.BulkSale{{Order: sale.Order{Provider: "flash", Kind: sale.KindVoucher, Amount: sale.New(5000, sale.ZAR)}, At: old,
		Events: []sale.Event{{Type: sale.EventSending, At: old, State: sale.StateSending, Attempt: 1},
			{Type: sale.EventOutcome, At: old, State: sale.StateDelivered, Outcome: &sale.Outcome{Result: sale.ResultDelivered,
				Items: []sale.Item{{Label: "PIN", Value: "5555444433332222", Secret: true}}}}}}})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []struct {
		stdin string
		args  []string
	}{
		{"2468\n2468\n", []string{"cashier", "add", "--name", "Thabo", "--role", "supervisor", "--id", "thabo"}},
		{"2468\n1357\n1357\n", []string{"cashier", "add", "--name", "Lerato", "--supervisor", "thabo"}},
	} {
		if r := runCLIIn(t, cfg, in.stdin, in.args...); r.code != 0 {
			t.Fatalf("%v: %s", in.args, r.stderr)
		}
	}
	try := func(stdin string, args ...string) ran { t.Helper(); return runCLIIn(t, cfg, stdin, args...) }
	// The old day has nothing unsettled: it closes without a supervisor.
	if r := try("", "eod", "--close", "--day", old.In(jhb).Format(time.DateOnly)); r.code != 0 {
		t.Fatalf("close the old day: %s", r.stderr)
	}

	// Day close with a sale in doubt: refused, refused with a cashier's PIN,
	// then closed under the supervisor's override, by the supervisor.
	r := try("", "eod", "--close")
	if r.code != exitUsage || !strings.Contains(r.stderr, "1 unresolved and 0 refund-due") || !strings.Contains(r.stderr, "--supervisor") {
		t.Fatalf("close: %d %s", r.code, r.stderr)
	}
	if r = try("", "eod", "--close", "--force"); r.code != exitUsage || !strings.Contains(r.stderr, "--force is gone") {
		t.Fatalf("--force: %s", r.stderr)
	}
	if r = try("1357\n", "eod", "--close", "--supervisor", "1"); r.code == 0 || !strings.Contains(r.stderr, "not a supervisor") {
		t.Fatalf("close with a cashier's PIN: %s", r.stderr)
	}
	if r = try("2468\n", "eod", "--close", "--supervisor", "thabo", "--reason", "provider down, checked tomorrow"); r.code != 0 ||
		!strings.Contains(r.stderr, "CLOSED by thabo") || !strings.Contains(r.stdout, "Z REPORT - DAY CLOSED") {
		t.Fatalf("close with the supervisor's PIN: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	// Settling by hand: a cashier's PIN is refused, the supervisor's works.
	if r = try("1357\n", "supervise", string(refs[4]), "--delivered", "--note", "customer has it", "--by", "1"); r.code == 0 || !strings.Contains(r.stderr, "not a supervisor") {
		t.Fatalf("supervise as a cashier: %d %s", r.code, r.stderr)
	}
	if r = try("2468\n", "supervise", string(refs[4]), "--delivered", "--note", "customer has it", "--by", "thabo"); r.code != 0 {
		t.Fatalf("supervise: %d %s", r.code, r.stderr)
	}

	// A copy of today's voucher needs nobody; one from two days ago needs
	// the supervisor.
	if r = try("", "reprint", string(refs[1])); r.code != 0 {
		t.Fatalf("today's reprint: %s", r.stderr)
	}
	oldRef := "6"
	if r = try("", "reprint", oldRef); r.code == 0 || !strings.Contains(r.stderr, "a supervisor authorises a copy") {
		t.Fatalf("old reprint without a supervisor: %d %s", r.code, r.stderr)
	}
	if r = try("1357\n", "reprint", oldRef, "--supervisor", "1"); r.code == 0 {
		t.Fatal("old reprint with a cashier's PIN")
	}
	if r = try("2468\n", "reprint", oldRef, "--supervisor", "thabo", "--reason", "customer lost the slip"); r.code != 0 || !strings.Contains(r.stdout, "5555444433332222") {
		t.Fatalf("old reprint with the supervisor: %d %s", r.code, r.stderr)
	}

	// Every override names who asked, the supervisor and the reason.
	var actions []string
	for _, e := range authEvents(t, journal) {
		if e.Type == sale.EventOverride {
			actions = append(actions, string(e.Override.Action)+":"+e.Override.Supervisor)
			if e.By == "" || e.Note == "" {
				t.Errorf("override %d: by %q, reason %q", e.Seq, e.By, e.Note)
			}
		}
	}
	if got := strings.Join(actions, " "); got != "cashiers:thabo close_day:thabo settle:thabo reprint:thabo" {
		t.Errorf("overrides: %s", got)
	}
	if r = try("", "verify"); r.code != 0 {
		t.Fatal(r.stderr)
	}
}

func TestCLISellOverTheLimit(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	cfg, journal := liveConfig(t, base)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n[limits.per_sale]\nairtime = \"ZAR 50.00\"\n")
	f.Close()
	if r := runCLIIn(t, cfg, "2468\n2468\n", "cashier", "add", "--name", "Thabo", "--role", "supervisor", "--id", "thabo"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := runCLIIn(t, cfg, "2468\n1357\n1357\n", "cashier", "add", "--name", "Lerato", "--supervisor", "thabo"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	events := func() int {
		db, err := store.Open(journal, store.Options{StoreID: "S1", TerminalID: "T1"})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rep, _ := db.Verify()
		return rep.Events
	}
	before := events()
	r := runCLIIn(t, cfg, "1357\n", "--cashier", "1", "sell", "airtime", "--mobile", "0821234567", "--amount", "75.00")
	if r.code != exitUsage || !strings.Contains(r.stderr, "over the per-sale limit of R 50.00") || !strings.Contains(r.stderr, "--supervisor") {
		t.Fatalf("over the limit: %d %s", r.code, r.stderr)
	}
	// The refusal journaled nothing but Lerato's sign-in, and sent nothing.
	if n := events(); n != before+1 {
		t.Fatalf("events %d → %d", before, n)
	}
	r = runCLIIn(t, cfg, "1357\n1357\n", "--cashier", "1", "sell", "airtime", "--mobile", "0821234567", "--amount", "75.00",
		"--supervisor", "1", "--reason", "x")
	if r.code == 0 || !strings.Contains(r.stderr, "not a supervisor") {
		t.Fatalf("a cashier's PIN as override: %d %s", r.code, r.stderr)
	}
	r = runCLIIn(t, cfg, "1357\n2468\n", "--cashier", "1", "sell", "airtime", "--mobile", "0821234567", "--amount", "75.00",
		"--supervisor", "thabo", "--reason", "regular customer", "--json")
	if r.code != 0 {
		t.Fatalf("with the supervisor's override: %d %s", r.code, r.stderr)
	}
	var rec record
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil || rec.State != sale.StateDelivered {
		t.Fatalf("%v %+v", err, rec)
	}
	db, err := store.Open(journal, store.Options{StoreID: "S1", TerminalID: "T1"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, _ := db.Sale(sale.Reference(rec.Reference))
	evs, _ := db.Events(s.Ref)
	if s.Order.Cashier != "1" || len(evs) < 2 || evs[1].Type != sale.EventNote || !strings.Contains(evs[1].Note, "thabo authorised") {
		t.Fatalf("sale %+v events %+v", s.Order, evs)
	}
}
