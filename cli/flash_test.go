package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"till/providers/flash"
	"till/providers/sandbox"
	"till/sale"
)

// runStdin runs the till with stdin.
func runStdin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(tillBinary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), stateEnv(t, args))
	var r result
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	r.stdout, r.stderr = out.String(), errb.String()
	return r
}

// TestCLIFlash sells every Flash product from the command line against the
// sandbox, with the documented exit codes; bad input exits 2 with nothing
// journaled; a PIN is never echoed.
func TestCLIFlash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, _ := liveConfig(t, base)
	run := tillRunner(t, cfg)
	const pin = "1111222233334444"
	addCashiers(t, cfg) // a refund and a cancel need supervisor thabo (PIN 2468)
	for _, bad := range [][]string{
		{"sell", "electricity", "--amount", "50"},
		{"sell", "electricity", "--meter", "12", "--amount", "50"},
		{"sell", "electricity", "--meter", sandbox.MeterCityPower, "--amount", "50.001"},
		{"sell", "electricity", "--meter", sandbox.MeterCityPower, "--amount", "5"}, // below the utility's R 10
		{"sell", "electricity", "--meter", sandbox.MeterCityPower, "--amount", "50", "--fbe"},
		{"sell", "1voucher", "--amount", "5"}, // below the product's R 10
		{"sell", "giftvoucher", "--amount", "100"},
		{"sell", "eezi", "--product", "9999", "--amount", "10"},
		{"sell", "cashout", "--amount", "0"},
		{"1voucher", "redeem", "--pin", "97531", "--amount", "10"},
		{"1voucher", "redeem", "--pin", pin},
		{"1voucher", "redeem", "--pin", pin, "--amount", "10", "--mobile", "0521"},
		{"1voucher", "refund", "--amount", "1"},
		{"1voucher", "frobnicate"},
		{"cashout", "lookup"},
		{"cashout", "cancel", "--serial", "bad serial"},
		{"cashout", "cancel", "NOPE-1-X-1"},
	} {
		r := run(exitUsage, bad...)
		if strings.Contains(r.stderr, pin) || strings.Contains(r.stderr, "97531") {
			t.Errorf("till %v echoed the PIN: %s", bad, r.stderr)
		}
	}
	if recs := journalSales(t, cfg); len(recs) != 0 {
		t.Fatalf("bad input journaled %d sales", len(recs))
	}
	r := run(exitDeclined, "sell", "electricity", "--meter", sandbox.MeterUnknown, "--amount", "50")
	if !strings.Contains(r.stderr, "not found") {
		t.Errorf("unknown meter: %s", r.stderr)
	}
	if recs := journalSales(t, cfg); len(recs) != 0 {
		t.Fatalf("a meter that was not found journaled %d sales", len(recs))
	}

	r = run(exitOK, "sell", "electricity", "--meter", sandbox.MeterKeyChange, "--amount", "120")
	for _, want := range []string{"1. Key change token 1", "2. Key change token 2", "3. Credit token", "N. DLAMINI"} {
		if !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("electricity lacks %q:\n%s", want, r.stdout)
		}
	}
	run(exitOK, "sell", "electricity", "--meter", sandbox.MeterFBE, "--amount", "20", "--fbe")
	run(exitOK, "sell", "1voucher", "--amount", "100")
	run(exitOK, "sell", "giftvoucher", "--product", "3001", "--amount", "100")
	run(exitOK, "sell", "eezi", "--amount", "10")
	r = run(exitOK, "sell", "cashout", "--amount", "250", "--json")
	co := jsonRecord(t, r.stdout)
	serial := itemOf(co.Items, flash.LabelSerial)
	run(exitDeclined, "1voucher", "redeem", "--pin", sandbox.DemoVoucherUsed, "--amount", "10")

	r = runStdin(t, "5555 6666 7777 8888\n", "--config", cfg, "1voucher", "redeem", "--pin", "-", "--amount", "60")
	if r.code != exitOK || !strings.Contains(r.stdout, "CHANGE VOUCHER") || !strings.Contains(r.stdout, "R 190.00") {
		t.Fatalf("redeem from stdin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "5555666677778888") || strings.Contains(r.stdout+r.stderr, "5555 6666 7777 8888") {
		t.Error("the redeemed PIN was printed")
	}
	superviseOK(t, cfg, "1voucher", "refund", "--amount", "25", "--mobile", "0831234567")
	run(exitOK, "1voucher", "disburse", "--amount", "50")

	r = run(exitOK, "cashout", "lookup", "--serial", serial)
	if !strings.Contains(r.stdout, "Active") || !strings.Contains(r.stdout, co.Reference) {
		t.Errorf("lookup: %s", r.stdout)
	}
	superviseOK(t, cfg, "cashout", "cancel", "--serial", serial)
	r = run(exitUsage, "cashout", "cancel", co.Reference)
	if !strings.Contains(r.stderr, "already cancelled") {
		t.Errorf("second cancel: %s", r.stderr)
	}
	r = run(exitOK, "journal", "show", co.Reference)
	if !strings.Contains(r.stdout, "cancelled by") {
		t.Errorf("the original sale is not noted as cancelled:\n%s", r.stdout)
	}
	r = run(exitOK, "journal", "show", "--json", co.Reference)
	if strings.Contains(r.stdout, itemOf(co.Items, flash.LabelPIN)) {
		t.Error("journal show printed the cash-out PIN")
	}
	r = run(exitOK, "reprint", co.Reference)
	if !strings.Contains(r.stdout, "COPY 1") || !strings.Contains(r.stdout, itemOf(co.Items, flash.LabelPIN)) {
		t.Errorf("reprint:\n%s", r.stdout)
	}
}

// addCashiers adds supervisor thabo (PIN 2468) and cashier 1, Lerato (PIN
// 1357), to the till of cfg.
func addCashiers(t *testing.T, cfg string) {
	t.Helper()
	for _, in := range []struct {
		stdin string
		args  []string
	}{
		{"2468\n2468\n", []string{"cashier", "add", "--name", "Thabo", "--role", "supervisor", "--id", "thabo"}},
		{"2468\n1357\n1357\n", []string{"cashier", "add", "--name", "Lerato", "--supervisor", "thabo"}},
	} {
		if r := runStdin(t, in.stdin, append([]string{"--config", cfg}, in.args...)...); r.code != exitOK {
			t.Fatalf("%v: exit %d %s", in.args, r.code, r.stderr)
		}
	}
}

// superviseOK runs a command under supervisor thabo's override.
func superviseOK(t *testing.T, cfg string, args ...string) result {
	t.Helper()
	r := runStdin(t, "2468\n", append(append([]string{"--config", cfg}, args...), "--supervisor", "thabo", "--reason", "customer asked")...)
	if r.code != exitOK {
		t.Fatalf("till %s under an override: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// TestCLIFlashRefundAndCancelNeedASupervisor: `till 1voucher refund` and
// `till cashout cancel` are refused without --supervisor, with a cashier's
// PIN, or without a reason — nothing journaled and nothing sent to Flash
// (the PIN stays cancellable) — and done with the supervisor's PIN, the
// override journaled and noted on the sale.
func TestCLIFlashRefundAndCancelNeedASupervisor(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, _ := liveConfig(t, base)
	addCashiers(t, cfg)
	r := runTill(t, nil, "--config", cfg, "sell", "cashout", "--amount", "250", "--json")
	if r.code != exitOK {
		t.Fatalf("cash-out: %d %s", r.code, r.stderr)
	}
	serial := itemOf(jsonRecord(t, r.stdout).Items, flash.LabelSerial)
	before := len(journalSales(t, cfg))
	for _, cmd := range [][]string{
		{"1voucher", "refund", "--amount", "25"},
		{"cashout", "cancel", "--serial", serial},
	} {
		with := func(stdin string, extra ...string) result {
			t.Helper()
			return runStdin(t, stdin, append(append([]string{"--config", cfg}, cmd...), extra...)...)
		}
		for _, c := range []struct {
			stdin string
			extra []string
			want  string
		}{
			{"", nil, "--supervisor ID --reason TEXT"},
			{"2468\n", []string{"--supervisor", "thabo"}, "--supervisor needs --reason"},
			{"1357\n", []string{"--supervisor", "1", "--reason", "customer asked"}, "not a supervisor"},
			{"1111\n", []string{"--supervisor", "thabo", "--reason", "customer asked"}, "wrong PIN"},
		} {
			r := with(c.stdin, c.extra...)
			if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
				t.Fatalf("till %v %v: exit %d, want %d and %q\n%s", cmd, c.extra, r.code, exitUsage, c.want, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, "1357") || strings.Contains(r.stdout+r.stderr, "2468") {
				t.Fatalf("a PIN was echoed: %s", r.stderr)
			}
		}
		if recs := journalSales(t, cfg); len(recs) != before {
			t.Fatalf("refused %v: %d sales journaled, want %d", cmd, len(recs), before)
		}
	}
	refund := jsonRecord(t, superviseOK(t, cfg, "1voucher", "refund", "--amount", "25", "--json").stdout)
	cancel := jsonRecord(t, superviseOK(t, cfg, "cashout", "cancel", "--serial", serial, "--json").stdout)
	if n := len(journalSales(t, cfg)); n != before+2 {
		t.Fatalf("%d sales journaled, want %d", n, before+2)
	}
	for _, rec := range []record{refund, cancel} {
		if rec.State != sale.StateDelivered {
			t.Errorf("%s %s: %s", rec.Kind, rec.Reference, rec.State)
		}
		r := runTill(t, nil, "--config", cfg, "journal", "show", rec.Reference)
		if !strings.Contains(r.stdout, "supervisor override") || !strings.Contains(r.stdout, "thabo") {
			t.Errorf("%s does not name the override:\n%s", rec.Reference, r.stdout)
		}
	}
}

func jsonRecord(t *testing.T, s string) record {
	t.Helper()
	var r record
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	return r
}

func itemOf(items []sale.Item, label string) string { return flash.ItemValue(items, label) }
