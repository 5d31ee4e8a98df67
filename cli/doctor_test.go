package cli

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"till/doctor"
	"till/providers/sandbox"
)

// seenLog is every request a test server answered, "METHOD /path".
type seenLog struct {
	mu   sync.Mutex
	reqs []string
}

func (s *seenLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Method+" "+r.URL.Path)
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (s *seenLog) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

// doctorSandbox serves the sandbox in-process behind a request log.
func doctorSandbox(t *testing.T) (base string, seen *seenLog) {
	t.Helper()
	sb := sandbox.New(sandbox.Options{})
	seen = &seenLog{}
	srv := httptest.NewServer(seen.wrap(sb.Handler()))
	t.Cleanup(func() { srv.Close(); sb.Close() })
	return srv.URL, seen
}

// doctorConfig writes a config naming every provider at base; edit
// changes the body before it is written.
func doctorConfig(t *testing.T, base string, edit func(string) string) (cfg, journal string) {
	t.Helper()
	return writeTill(t, tillFile{journal: filepath.Join("data", "journal.db"), edit: edit, tables: []string{
		sandboxFlash(base, "3s"),
		sandboxOneFlow(base, "timeout", "3s"),
		sandboxFlowix(base, "timeout", "3s"),
		sandboxFlutterwave(base),
		sandboxMpesaFlow(base),
	}})
}

// moneyWords name the sandbox's money endpoints (sales, charges, payments).
var moneyWords = []string{"purchase", "charge", "recharge", "payment", "transaction", "deposit", "payout", "redeem", "refund", "disburse", "cancel", "trx", "bill"}

// assertNoMoney fails if any request could have moved money: only GETs
// and the two token POSTs are allowed, and no path names a money call.
func assertNoMoney(t *testing.T, seen []string) {
	t.Helper()
	if len(seen) == 0 {
		t.Fatal("the server saw no request at all")
	}
	for _, r := range seen {
		method, path, _ := strings.Cut(r, " ")
		for _, w := range moneyWords {
			if strings.Contains(strings.ToLower(path), w) {
				t.Errorf("doctor called a money endpoint: %s", r)
			}
		}
		token := strings.HasSuffix(path, "/v4/token") || strings.HasSuffix(path, "/access/partners/token")
		if method != http.MethodGet && !(method == http.MethodPost && token) {
			t.Errorf("doctor sent %s", r)
		}
	}
}

func checkNamed(t *testing.T, rep doctor.Report, name string) doctor.Check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %q check in %+v", name, rep.Checks)
	return doctor.Check{}
}

func doctorJSON(t *testing.T, r ran) doctor.Report {
	t.Helper()
	var rep doctor.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("doctor --json: %v\n%s\n%s", err, r.stdout, r.stderr)
	}
	return rep
}

// TestDoctorAllOKAgainstTheSandbox: a till configured with every provider
// of the sandbox is ready; Flash's catalogue is listed with each product's
// type and kind; the providers whose API cannot check credentials without
// a charge are SKIP; and nothing but token requests and reads reached the
// server.
func TestDoctorAllOKAgainstTheSandbox(t *testing.T) {
	base, seen := doctorSandbox(t)
	cfg, journal := doctorConfig(t, base, nil)

	r := runCLI(t, cfg, "doctor")
	if r.code != exitOK {
		t.Fatalf("doctor: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"OK    config", "OK    journal", "OK    flash  ", "OK    flash catalogue", "OK    oneflow", "OK    flowix",
		"SKIP  flutterwave      not checkable without a charge", "SKIP  mpesaflow        not checkable without a charge",
		"SKIP  printer", "OK    clock", "1001  Vodacom Airtime", "electricity", "ready: nothing failed (live mode)",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, r.stdout)
		}
	}
	assertNoMoney(t, seen.all())
	if _, err := os.Stat(journal); err == nil {
		t.Error("doctor created the journal")
	}

	// An existing journal is opened (and not written).
	db := openJournal(t, journal)
	db.Close()
	before, _ := os.ReadFile(journal)
	r = runCLI(t, cfg, "doctor", "--json")
	rep := doctorJSON(t, r)
	if r.code != exitOK || rep.Exit != exitOK || rep.Mode != "live" || rep.Failed() != 0 {
		t.Fatalf("doctor --json: exit %d %+v\n%s", r.code, rep, r.stderr)
	}
	if j := checkNamed(t, rep, "journal"); !strings.Contains(j.Detail, "opens, writable, mode 0600") || !strings.Contains(j.Detail, "0 sales") {
		t.Errorf("journal check: %+v", j)
	}
	if after, _ := os.ReadFile(journal); string(after) != string(before) {
		t.Error("doctor wrote to the journal")
	}
	cat := checkNamed(t, rep, "flash catalogue")
	kinds := map[string]string{}
	for _, p := range cat.Products {
		if p.Code == "" || p.Name == "" || p.Type == nil {
			t.Errorf("catalogue product without code, name or type: %+v", p)
		}
		kinds[p.Code] = p.Kind
	}
	if kinds["1001"] != "airtime" || kinds["6001"] != "electricity" || kinds["5001"] != "cashout" || !checkNamed(t, rep, "flash catalogue").Products[0].Sold {
		t.Errorf("catalogue kinds %v", kinds)
	}
	for _, c := range rep.Checks {
		if c.Status != doctor.OK && c.Status != doctor.Skip || c.Area == "" {
			t.Errorf("check %+v", c)
		}
	}
	assertNoMoney(t, seen.all())
}

// TestDoctorWrongCredentials: one provider refusing the till's
// credentials fails that provider's line only, names it and its config
// keys, and exits 1.
func TestDoctorWrongCredentials(t *testing.T) {
	base, seen := doctorSandbox(t)
	for _, tc := range []struct{ name, from, to, keys string }{
		{"oneflow", fmt.Sprintf("client_secret = %q", sandbox.OneFlowClientSecret), `client_secret = "wrong-secret"`, "[oneflow] client_id and client_secret"},
		{"flash", fmt.Sprintf("api_key = %q", sandbox.FlashAPIKey), `api_key = "d3Jvbmc6d3Jvbmc="`, "[flash] api_key"},
		{"flowix", fmt.Sprintf("api_key = %q", sandbox.FlowixAPIKey), `api_key = "sk-wrong-key-000000"`, "[flowix] api_key"},
	} {
		cfg, _ := doctorConfig(t, base, func(s string) string { return strings.Replace(s, tc.from, tc.to, 1) })
		r := runCLI(t, cfg, "doctor")
		if r.code != exitDeclined {
			t.Errorf("%s: exit %d, want 1\n%s", tc.name, r.code, r.stdout)
			continue
		}
		var fails []string
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.HasPrefix(line, "FAIL") {
				fails = append(fails, line)
			}
		}
		if len(fails) != 1 || !strings.HasPrefix(fails[0], "FAIL  "+tc.name+" ") || !strings.Contains(fails[0], tc.keys) || !strings.Contains(fails[0], "refused") {
			t.Errorf("%s: FAIL lines %q\n%s", tc.name, fails, r.stdout)
		}
		rep := doctorJSON(t, runCLI(t, cfg, "doctor", "--json"))
		if c := checkNamed(t, rep, tc.name); c.Status != doctor.Fail || c.Fix == "" || rep.Exit != 1 {
			t.Errorf("%s --json: %+v exit %d", tc.name, c, rep.Exit)
		}
	}
	assertNoMoney(t, seen.all())
}

// TestDoctorNoConfig: without a config the doctor, like every command but
// the TUI, sandbox, --help and --version, exits 2 and says where it looked
// and that --demo is the demo; --demo checks the demo.
func TestDoctorNoConfig(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	env := map[string]string{"HOME": dir, "XDG_DATA_HOME": filepath.Join(dir, "data"), "XDG_CONFIG_HOME": filepath.Join(dir, "cfg")}
	getenv := func(k string) string { return env[k] }
	run1 := func(args ...string) ran {
		var out, errb strings.Builder
		code := run(args, &out, &errb, getenv)
		return ran{code, out.String(), errb.String()}
	}
	want := "no config found (looked in --config, $TILL_CONFIG, ./till.toml, " + filepath.Join(dir, "cfg", "till", "config.toml") + "); use --demo for the demo journal"
	for _, args := range [][]string{{"doctor"}, {"journal", "list"}, {"export"}, {"eod"}, {"verify"}, {"sell", "airtime", "--mobile", "0821234567", "--amount", "10"}} {
		r := run1(args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", args, r.code, r.stderr, want)
		}
	}
	r := run1("doctor", "--json")
	rep := doctorJSON(t, r)
	if r.code != exitUsage || rep.Exit != exitUsage || rep.Checks[0].Name != "config" || rep.Checks[0].Status != doctor.Fail || !strings.Contains(rep.Checks[0].Detail, "no config found") {
		t.Errorf("doctor --json without config: exit %d %+v", r.code, rep)
	}
	for _, c := range rep.Checks[1:] {
		if c.Status != doctor.Skip {
			t.Errorf("with no config %s is %s", c.Name, c.Status)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
		t.Error("a command without a config created the demo journal")
	}

	if r := run1("--demo", "journal", "list"); r.code != exitOK {
		t.Errorf("--demo journal list: exit %d %s", r.code, r.stderr)
	}
	r = run1("--demo", "doctor")
	if r.code != exitOK || !strings.Contains(r.stdout, "ready: nothing failed (demo mode)") {
		t.Errorf("--demo doctor: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run1("--demo", "--config", "x.toml", "doctor"); r.code != exitUsage {
		t.Errorf("--demo with --config: exit %d", r.code)
	}
	if r := run1("--version"); r.code != exitOK || !strings.HasPrefix(r.stdout, "till dev (go1.") {
		t.Errorf("--version: exit %d %q", r.code, r.stdout)
	}
	if r := run1("--help"); r.code != exitOK {
		t.Errorf("--help: exit %d", r.code)
	}
}

// flashUnlike is an httptest Flash that numbers productTypes its own way
// (the doc gives no values) and whose clock is skew ahead.
func flashUnlike(t *testing.T, skew time.Duration, seen *seenLog) string {
	t.Helper()
	products := map[string]struct {
		name string
		typ  any
	}{
		"11": {"Vodacom Airtime", 1},
		"12": {"Takealot Gift Voucher", 42},
		"13": {"Mystery\x1b[31m Voucher", "X9"},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v4/token", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"access_token":"tok","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("GET /aggregation/4.0/accounts/{acct}/products", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[{"productCode":11,"productName":"Vodacom Airtime","status":"Active"},{"productCode":12,"productName":"Takealot","status":"Active"},{"productCode":13,"productName":"M","status":"Active"}]`)
	})
	mux.HandleFunc("GET /aggregation/4.0/accounts/{acct}/products/{code}", func(w http.ResponseWriter, r *http.Request) {
		p, ok := products[r.PathValue("code")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, _ := json.Marshal(map[string]any{"productCode": r.PathValue("code"), "productName": p.name, "productType": p.typ, "status": 1, "minimumAmount": 500, "maximumAmount": 50000})
		w.Write(b)
	})
	srv := httptest.NewServer(seen.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(skew).UTC().Format(http.TimeFormat))
		mux.ServeHTTP(w, r)
	})))
	t.Cleanup(srv.Close)
	return srv.URL
}

func flashOnlyConfig(t *testing.T, base, extra string) (cfg, journal string) {
	t.Helper()
	return writeTill(t, tillFile{extra: extra, tables: []string{
		table("flash", "base_url", base, "api_key", "k", "account_number", "42", "timeout", "3s"),
	}})
}

// TestDoctorFlashOfOtherNumbers: against a Flash whose productTypes are
// not ours, the doctor lists each product with its type and says "unknown
// type N" for one the till does not map (never sold); a type that is not
// a number, and a name with control characters, are shown cleaned.
func TestDoctorFlashOfOtherNumbers(t *testing.T) {
	seen := &seenLog{}
	cfg, _ := flashOnlyConfig(t, flashUnlike(t, 0, seen), "")
	r := runCLI(t, cfg, "doctor")
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	for _, want := range []string{"11    Vodacom Airtime        1       airtime", "12    Takealot Gift Voucher  42      unknown type 42 (never sold)", "13    Mystery Voucher        -       no type given (never sold)", "2 of a type the till does not map"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b") {
		t.Errorf("a control character reached the output: %q", r.stdout)
	}
	rep := doctorJSON(t, runCLI(t, cfg, "doctor", "--json"))
	for _, p := range checkNamed(t, rep, "flash catalogue").Products {
		if p.Code == "12" && (p.Kind != "" || p.Sold || p.Type == nil || *p.Type != 42 || p.KindText() != "unknown type 42") {
			t.Errorf("unmapped product %+v", p)
		}
	}
	assertNoMoney(t, seen.all())
}

// TestDoctorClockPrinterJournal: a provider clock ten minutes off, a
// printer that is not there and a journal others can read each fail with
// their fix and exit code.
func TestDoctorClockPrinterJournal(t *testing.T) {
	seen := &seenLog{}
	base := flashUnlike(t, 10*time.Minute, seen)

	cfg, _ := flashOnlyConfig(t, base, "")
	r := runCLI(t, cfg, "doctor")
	if r.code != exitDeclined || !strings.Contains(r.stdout, "FAIL  clock") || !strings.Contains(r.stdout, "flash +10m") || !strings.Contains(r.stdout, "fix: set the clock") {
		t.Errorf("skewed clock: exit %d\n%s", r.code, r.stdout)
	}

	ok := flashUnlike(t, 0, seen)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan int, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 16)
		n, _ := c.Read(buf)
		accepted <- n
		c.Close()
	}()
	cfg, _ = flashOnlyConfig(t, ok, fmt.Sprintf("\n[printer]\ntcp = %q\ntimeout = \"2s\"\n", ln.Addr().String()))
	r = runCLI(t, cfg, "doctor")
	if r.code != exitOK || !strings.Contains(r.stdout, "OK    printer          printer "+ln.Addr().String()+" reachable") {
		t.Errorf("reachable printer: exit %d\n%s", r.code, r.stdout)
	}
	if n := <-accepted; n != 0 {
		t.Errorf("the printer check printed %d bytes", n)
	}
	ln.Close()
	r = runCLI(t, cfg, "doctor")
	if r.code != exitDeclined || !strings.Contains(r.stdout, "FAIL  printer") || !strings.Contains(r.stdout, "connection refused") {
		t.Errorf("printer off: exit %d\n%s", r.code, r.stdout)
	}

	cfg, journal := flashOnlyConfig(t, ok, "")
	db := openJournal(t, journal)
	db.Close()
	if err := os.Chmod(journal, 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, cfg, "doctor")
	if r.code != exitJournal || !strings.Contains(r.stdout, "FAIL  journal") || !strings.Contains(r.stdout, "fix: chmod 600 "+journal) {
		t.Errorf("readable journal: exit %d\n%s", r.code, r.stdout)
	}
	// A journal held by a running till: exit 4, and where to check instead.
	if err := os.Chmod(journal, 0o600); err != nil {
		t.Fatal(err)
	}
	db = openJournal(t, journal)
	r = runCLI(t, cfg, "doctor")
	db.Close()
	if r.code != exitJournal || !strings.Contains(r.stdout, "in use by another till") || !strings.Contains(r.stdout, "Till check") {
		t.Errorf("journal in use: exit %d\n%s", r.code, r.stdout)
	}
	// A bad config is exit 2 before anything else.
	bad := filepath.Join(t.TempDir(), "till.toml")
	os.WriteFile(bad, []byte("[till]\nstore_id = \"S1\"\nterminal_id = \"T1\"\nmode = \"training\"\n[flash]\nbase_url = \"https://api.example.com\"\napi_key = \"k\"\naccount_number = \"1\"\n"), 0o600)
	r = runCLI(t, bad, "doctor")
	if r.code != exitUsage || !strings.Contains(r.stdout, "FAIL  config") || !strings.Contains(r.stdout, `[till] mode "training"`) {
		t.Errorf("bad config: exit %d\n%s", r.code, r.stdout)
	}
	assertNoMoney(t, seen.all())
}

// TestDemoModeConfig: [till] mode = "demo" may only name sandboxes on
// this machine, so a till showing DEMO never moves real money.
func TestDemoModeConfig(t *testing.T) {
	base, _ := doctorSandbox(t)
	cfg, _ := doctorConfig(t, base, func(s string) string { return strings.Replace(s, "[till]\n", "[till]\nmode = \"demo\"\n", 1) })
	r := runCLI(t, cfg, "doctor")
	if r.code != exitOK || !strings.Contains(r.stdout, "(demo mode)") {
		t.Errorf("demo config: exit %d\n%s", r.code, r.stdout)
	}
	tl, app, _ := tuiTill(t, cfg)
	if v := flatView(app); !strings.Contains(v, "DEMO") || strings.Contains(v, "LIVE") {
		t.Errorf("a demo config's TUI:\n%s", v)
	}
	if d := tl.deps(); d.Demo || !d.DemoConfig || d.AutoSignIn != "" {
		t.Errorf("a demo config is not the embedded demo: %+v", d)
	}
	cfg, _ = flashOnlyConfig(t, "https://api.flashswitch.flash-group.com", "")
	body, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(body), "[till]\n", "[till]\nmode = \"demo\"\n", 1)), 0o600)
	r = runCLI(t, cfg, "journal", "list")
	if r.code != exitUsage || !strings.Contains(r.stderr, "not a sandbox on this machine") {
		t.Errorf("demo config with a real provider: exit %d %s", r.code, r.stderr)
	}
}

// TestTUITillCheck: the back office's Till check on a running till runs
// the same checks, with the journal the till holds open, against the
// sandbox: all OK, and no money endpoint reached.
func TestTUITillCheck(t *testing.T) {
	base, seen := doctorSandbox(t)
	cfg, _ := doctorConfig(t, base, nil)
	_, app, drive := tuiTill(t, cfg)
	drive(keyPress("d"))
	v := flatView(app)
	drive(tea.KeyPressMsg{Code: tea.KeyEnd}) // the rest of the report
	v += " " + flatView(app)
	for _, want := range []string{"Ready: nothing failed", "OK journal", "opens, writable, mode 0600", "OK flash catalogue", "1001 Vodacom Airtime 1 airtime", "OK oneflow", "OK flowix", "SKIP flutterwave"} {
		if !strings.Contains(v, want) {
			t.Errorf("Till check lacks %q:\n%s", want, ansi.Strip(app.View().Content))
		}
	}
	assertNoMoney(t, seen.all())
}
