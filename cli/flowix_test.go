package cli

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"till/providers/sandbox"
	"till/sale"
)

// flowixConfig starts an in-process sandbox and writes a config selling
// through its Flowix simulator, with a journal of its own.
func flowixConfig(t *testing.T) (cfg string, sb *sandbox.Server) {
	t.Helper()
	sb = sandbox.New(sandbox.Options{})
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	cfg, _ = writeTill(t, tillFile{store: "TOKO01", terminal: "TILL1", width: 32, timezone: "Asia/Jakarta", shop: "TOKO DEMO", tables: []string{
		sandboxFlowix(base, "webhook_secret", sandbox.FlowixWebhookSecret, "timeout", "3s"),
	}})
	return cfg, sb
}

// journaled counts the sales in cfg's journal.
func journaled(t *testing.T, cfg string) int {
	t.Helper()
	r := runCLI(t, cfg, "journal", "list", "--day", "all", "--json")
	var recs []record
	if err := json.Unmarshal([]byte(r.stdout), &recs); err != nil {
		t.Fatalf("journal list: %v\n%s", err, r.stderr)
	}
	return len(recs)
}

func TestCLISellPulsa(t *testing.T) {
	cfg, _ := flowixConfig(t)
	r := runCLI(t, cfg, "sell", "pulsa", "--service", "PLN20", "--target", "1234 5678 901", "--wait", "10s")
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"SUCCESSFUL", "Token", "Rp 20.300", "PLN20"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("receipt lacks %q:\n%s", want, r.stdout)
		}
	}
	if !regexp.MustCompile(`\d{4} \d{4} \d{4} \d{4} \d{4}`).MatchString(r.stdout) {
		t.Errorf("no PLN token on the receipt:\n%s", r.stdout)
	}
	// Pending when not followed: exit 3, journaled.
	r = runCLI(t, cfg, "sell", "pulsa", "--service", "TSEL10", "--target", "+62 812 3456 7890", "--wait", "0", "--json")
	var rec record
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil || r.code != exitInDoubt || rec.State != sale.StatePending || rec.Target != "081234567890" {
		t.Fatalf("exit %d %+v %v\n%s", r.code, rec, err, r.stderr)
	}
	// Bad input: nothing journaled.
	n := journaled(t, cfg)
	for _, args := range [][]string{
		{"sell", "pulsa", "--service", "TSEL10", "--target", "0212345678"},
		{"sell", "pulsa", "--service", "NOPE", "--target", "081234567890"},
		{"sell", "pulsa", "--service", "SMART50", "--target", "081234567890"},
		{"sell", "pulsa", "--target", "081234567890"},
	} {
		if r := runCLI(t, cfg, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	if got := journaled(t, cfg); got != n {
		t.Errorf("refused sales were journaled: %d → %d", n, got)
	}
}

func TestCLIBillCheckAndPay(t *testing.T) {
	cfg, _ := flowixConfig(t)
	r := runCLI(t, cfg, "bill", "check", "--service", "PLNPASCA", "--customer", "512345678901", "--json")
	var b billJSON
	if err := json.Unmarshal([]byte(r.stdout), &b); err != nil || r.code != exitOK {
		t.Fatalf("exit %d %v\n%s", r.code, err, r.stderr)
	}
	if b.CustomerName != "BUDI SANTOSO" || b.Total != "57000" || b.InquiryID == "" {
		t.Errorf("check %+v", b)
	}
	if journaled(t, cfg) != 0 {
		t.Error("a bill check was journaled")
	}
	if r := runCLI(t, cfg, "bill", "check", "--service", "PLNPASCA", "--customer", "512345678900"); r.code != exitDeclined {
		t.Errorf("unknown customer: exit %d", r.code)
	}
	if r := runCLI(t, cfg, "bill", "pay", "--service", "PLNPASCA", "--customer", "512345678901", "--amount", "50000"); r.code != exitUsage {
		t.Errorf("wrong amount: exit %d", r.code)
	}
	r = runCLI(t, cfg, "bill", "pay", "--service", "PLNPASCA", "--customer", "512345678901", "--inquiry", b.InquiryID, "--wait", "10s")
	if r.code != exitOK {
		t.Fatalf("pay: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"BILL PAYMENT", "BUDI SANTOSO", "2023-10", "Rp 57.000", b.InquiryID} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("receipt lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestCLIPayout(t *testing.T) {
	cfg, _ := flowixConfig(t)
	for _, args := range [][]string{
		{"payout", "--bank", "BCA", "--account", "1234567890", "--amount", "5000"},
		{"payout", "--bank", "BCA", "--account", "1234567890", "--amount", "100000", "--name", "Budi Santoso"},
		{"payout", "--bank", "XYZ", "--account", "1234567890", "--amount", "100000"},
	} {
		if r := runCLI(t, cfg, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	if n := journaled(t, cfg); n != 0 {
		t.Fatalf("%d refused payouts journaled", n)
	}
	r := runCLI(t, cfg, "payout", "--bank", "bca", "--account", "1234567890", "--amount", "100000", "--name", "dani  joest", "--wait", "10s")
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "account holder: DANI JOEST") {
		t.Errorf("the holder was not shown:\n%s", r.stderr)
	}
	for _, want := range []string{"TRANSFER", "DANI JOEST", "Rp 100.000", "Rp 2.500"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("receipt lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestCLIDeposit(t *testing.T) {
	cfg, sb := flowixConfig(t)
	r := runCLI(t, cfg, "deposit", "--amount", "50000", "--fee-by-customer")
	if r.code != exitInDoubt {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"█", "TOKO DEMO, JAKARTA", "Rp 50.700", "DEP-SBX-", "Expires"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("deposit output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "000201") {
		t.Errorf("the raw payload is printed:\n%s", r.stdout)
	}
	dep := regexp.MustCompile(`DEP-SBX-\d{6}-\d{6}`).FindString(r.stdout)
	if err := sb.Flowix().PayDeposit(dep); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, cfg, "resolve"); r.code != exitOK {
		t.Fatalf("resolve: exit %d\n%s", r.code, r.stderr)
	}
	r = runCLI(t, cfg, "reprint", "--last")
	if !strings.Contains(r.stdout, "DEPOSIT") || !strings.Contains(r.stdout, "Customer paid") {
		t.Errorf("paid deposit receipt:\n%s", r.stdout)
	}
	for _, args := range [][]string{
		{"deposit", "--amount", "500"},
		{"deposit", "--amount", "50.000"},
		{"deposit", "--amount", "50000", "--method", "NOPE"},
	} {
		if r := runCLI(t, cfg, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
}
