package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"till/providers/flash"
	"till/providers/sandbox"
	"till/sale"
	"till/screens"
)

// TestFlashKeysAgree: the screens mirror the Flash client's params, secret
// key and labels (screens do not import providers).
func TestFlashKeysAgree(t *testing.T) {
	for _, p := range [][2]string{
		{screens.FlashParamFBE, flash.ParamFBE}, {screens.FlashParamMobile, flash.ParamMobile}, {screens.FlashParamFull, flash.ParamFull},
		{screens.FlashParamOriginal, flash.ParamOriginal}, {screens.FlashParamSerial, flash.ParamSerial},
		{screens.FlashSecretPIN, flash.SecretPIN}, {screens.FlashLabelSerial, flash.LabelSerial},
		{screens.VoucherSecretPIN, flash.SecretPIN},
		{screens.FlashLabelSMS, flash.LabelChangeSentSMS}, {screens.FlashLabelSentSMS, flash.LabelSentSMS},
	} {
		mirror, want := p[0], p[1]
		if mirror != want {
			t.Errorf("screens has %q where flash has %q", mirror, want)
		}
	}
}

// runStdin runs the till with stdin.
func runStdin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(tillBinary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
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
	run := func(want int, args ...string) result {
		t.Helper()
		r := runTill(t, nil, append([]string{"--config", cfg}, args...)...)
		if r.code != want {
			t.Fatalf("till %s: exit %d, want %d\n%s%s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
		}
		return r
	}
	const pin = "1111222233334444"
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
	run(exitOK, "1voucher", "refund", "--amount", "25", "--mobile", "0831234567")
	run(exitOK, "1voucher", "disburse", "--amount", "50")

	r = run(exitOK, "cashout", "lookup", "--serial", serial)
	if !strings.Contains(r.stdout, "Active") || !strings.Contains(r.stdout, co.Reference) {
		t.Errorf("lookup: %s", r.stdout)
	}
	run(exitOK, "cashout", "cancel", "--serial", serial)
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

func jsonRecord(t *testing.T, s string) record {
	t.Helper()
	var r record
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	return r
}

func itemOf(items []sale.Item, label string) string { return flash.ItemValue(items, label) }
