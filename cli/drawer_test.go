package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"till/providers/sandbox"
	"till/sale"
)

// eodJSON is the part of `till eod --json` the drawer contract fixes.
type eodJSON struct {
	Cash     []sale.Money `json:"cash"`
	Sold     []sale.Money `json:"sold"`
	Float    []sale.Money `json:"float"`
	Drops    []sale.Money `json:"drops"`
	CashIn   []sale.Money `json:"cash_in"`
	CashOut  []sale.Money `json:"cash_out"`
	Counted  []sale.Money `json:"counted"`
	Variance []sale.Money `json:"variance"`
	Cashiers []struct {
		Name    string       `json:"name"`
		Count   int          `json:"count"`
		Amounts []sale.Money `json:"amounts"`
	} `json:"cashiers"`
	Closed *struct {
		Counted []sale.Money `json:"counted"`
	} `json:"closed"`
}

func zar(minor int64) []sale.Money { return []sale.Money{sale.New(minor, sale.ZAR)} }

// TestCLIDrawerBalances is the example, from the command line
// against the sandbox over real HTTP with a bbolt journal: airtime R10 and
// a cash-out PIN R100 paid in cash, a 1Voucher redeemed for R40 in cash:
// cash expected R70.00, sold R110.00; with a R200 float and a R50 drop
// R220.00; a count of R215.00 gives a variance of -R5.00 on the Z. Bad
// floats, drops and counts are refused and journal nothing; a drop larger
// than the cash expected needs a supervisor.
func TestCLIDrawerBalances(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, journal := liveConfig(t, base)
	run := tillRunner(t, cfg)
	eod := func(args ...string) eodJSON {
		t.Helper()
		var e eodJSON
		r := run(exitOK, append([]string{"eod", "--json"}, args...)...)
		if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
			t.Fatalf("eod --json: %v\n%s", err, r.stdout)
		}
		return e
	}
	same := func(what string, got, want []sale.Money) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s = %v, want %v", what, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s = %v, want %v", what, got, want)
			}
		}
	}
	run(exitOK, "sell", "airtime", "--mobile", "0821234567", "--amount", "10.00")
	run(exitOK, "sell", "cashout", "--amount", "100.00")
	r := runStdin(t, sandbox.DemoVoucherR100+"\n", "--config", cfg, "1voucher", "redeem", "--pin", "-", "--amount", "40.00")
	if r.code != exitOK {
		t.Fatalf("redeem: exit %d\n%s", r.code, r.stderr)
	}
	// A cash sale Flash declines (the sandbox's .94): the cashier is told
	// to give the cash back, and the drawer does not count it.
	r = run(exitDeclined, "sell", "airtime", "--mobile", "0821234567", "--amount", "12.94")
	if !strings.Contains(r.stderr, "Give back R 12.94 in cash") {
		t.Errorf("a declined cash sale: %s", r.stderr)
	}
	e := eod()
	same("cash expected", e.Cash, zar(7000))
	same("sold", e.Sold, zar(11000)) // the redemption is no sale; the cash-out PIN is
	same("cash in", e.CashIn, zar(11000))
	same("cash out", e.CashOut, zar(4000))

	// Bad input is refused before anything is journaled: the journal's
	// head is the same event after it.
	head := func() string {
		t.Helper()
		db := openJournal(t, journal) // a read: nothing is written
		defer db.Close()
		seq, hash, err := db.Head()
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("event %d %s", seq, hash)
	}
	headBefore := head()
	before := eod()
	for _, bad := range []struct {
		args []string
		says string
	}{
		{[]string{"drawer", "float", "-200"}, "not a plain amount"},
		{[]string{"drawer", "float", "0"}, "more than zero"},
		{[]string{"drawer", "float", "1e3"}, "not a plain amount"},
		{[]string{"drawer", "float", "200.001"}, "decimals"},
		{[]string{"drawer", "float"}, "give the AMOUNT"},
		{[]string{"drawer", "drop", "50.00"}, "--reason is required"},
		{[]string{"drawer", "paid-in", "50.00"}, "--reason is required"},
		{[]string{"drawer", "drop", "XYZ:5", "--reason", "safe"}, "unknown currency"},
		{[]string{"eod", "--close", "--counted", "-5"}, "not a plain amount"},
		{[]string{"eod", "--close", "--counted", "0"}, "count of zero"},
		{[]string{"eod", "--close", "--counted", "ten"}, "not a plain amount"},
		{[]string{"eod", "--close", "--counted", "IDR:50000"}, "leaves out ZAR"},
		{[]string{"eod", "--counted", "215.00"}, "goes with --close"},
	} {
		r := run(exitUsage, bad.args...)
		if !strings.Contains(r.stderr, bad.says) {
			t.Errorf("till %s: %q does not say %q", strings.Join(bad.args, " "), r.stderr, bad.says)
		}
	}
	after := eod()
	same("cash after bad input", after.Cash, before.Cash)
	if h := head(); h != headBefore {
		t.Fatalf("bad input journaled something: %s, was %s", h, headBefore)
	}
	if after.Closed != nil {
		t.Fatal("a refused count closed the day")
	}

	run(exitOK, "drawer", "float", "200.00")
	r = run(exitOK, "drawer", "drop", "50.00", "--reason", "to the safe")
	if !strings.Contains(r.stdout, "220.00") {
		t.Errorf("the drawer after the drop does not show R 220.00:\n%s", r.stdout)
	}
	// More than the drawer holds needs a supervisor; nothing is journaled.
	headBefore = head()
	r = run(exitUsage, "drawer", "drop", "500.00", "--reason", "to the safe")
	if !strings.Contains(r.stderr, "supervisor") {
		t.Errorf("an over-large drop: %s", r.stderr)
	}
	if h := head(); h != headBefore {
		t.Fatalf("a drop refused for want of a supervisor was journaled: %s, was %s", h, headBefore)
	}
	e = eod()
	same("cash expected", e.Cash, zar(22000))
	same("float", e.Float, zar(20000))
	same("drops", e.Drops, zar(5000))
	if len(e.Cashiers) != 1 || e.Cashiers[0].Count != 2 {
		t.Errorf("cashiers = %+v, want the two sales only", e.Cashiers)
	}
	var d struct {
		Cash []sale.Money `json:"cash"`
	}
	if err := json.Unmarshal([]byte(run(exitOK, "drawer", "--json").stdout), &d); err != nil {
		t.Fatal(err)
	}
	same("till drawer --json", d.Cash, zar(22000))

	z := run(exitOK, "eod", "--close", "--counted", "215.00", "--json")
	if err := json.Unmarshal([]byte(z.stdout), &e); err != nil {
		t.Fatal(err)
	}
	same("counted", e.Counted, zar(21500))
	same("variance", e.Variance, zar(-500))
	same("Z cash expected", e.Cash, zar(22000))
	if !strings.Contains(z.stdout, `"variance": [`) || !strings.Contains(z.stdout, `"minor": -500`) {
		t.Errorf("the Z JSON:\n%s", z.stdout)
	}
	// An X report of the closed day reads the count back from the journal.
	x := run(exitOK, "eod", "--day", e.dayOf(t, cfg))
	for _, want := range []string{"CASH DRAWER", "Cash expected", "R 220.00", "Counted", "R 215.00", "Variance", "R -5.00"} {
		if !strings.Contains(x.stdout, want) {
			t.Errorf("the X report of the closed day lacks %q:\n%s", want, x.stdout)
		}
	}
	// The next day's drawer is empty: a drop from it needs a supervisor,
	// whose PIN authorises exactly that drop (journaled with it).
	addCashiers(t, cfg)
	r = runStdin(t, "2468\n", "--config", cfg, "drawer", "drop", "10.00", "--reason", "counted short", "--supervisor", "thabo")
	if r.code != exitOK || !strings.Contains(r.stdout, "-10.00") {
		t.Fatalf("a supervised drop: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runStdin(t, "9999\n", "--config", cfg, "drawer", "drop", "10.00", "--reason", "again", "--supervisor", "thabo")
	if r.code == exitOK {
		t.Fatalf("a drop under a wrong supervisor PIN was journaled:\n%s", r.stdout)
	}
	run(exitOK, "verify")
}

// dayOf is the business day of the journal's first sale.
func (eodJSON) dayOf(t *testing.T, cfg string) string {
	t.Helper()
	sales := journalSales(t, cfg)
	if len(sales) == 0 {
		t.Fatal("no sales")
	}
	return sales[0].Day
}
