package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"till/config"
	"till/wire"

	"till/sale"
)

// The demo's cashiers (README): the demo signs in the demo cashier at once;
// the others sign in (and authorise overrides) with these PINs.
const (
	demoCashierID    = "D1"
	demoCashierPIN   = "1111"
	demoCashier2ID   = "D2"
	demoCashier2PIN  = "2222"
	demoSupervisorID = "DS"
	demoSupervisor   = "1234" // the demo supervisor's PIN
)

// newAuth is the till's sale.Auth over its journal, with the [till]
// cashier settings.
func (t *till) newAuth() *sale.Auth {
	return sale.NewAuth(sale.AuthOptions{Store: t.Journal, MaxAttempts: t.Cfg.Till.PINAttempts, Lockout: t.Cfg.Till.LockoutFor(),
		Location: t.Cfg.Till.Location(), Logger: t.Log.With("component", "auth"), Pepper: t.pepper()})
}

// setUpCashiers makes the till's Auth and decides who the command acts as:
// in demo mode the demo cashiers are added on first use and the demo
// cashier acts; with --cashier ID that cashier, after their PIN; otherwise
// the back office ("os:" and the login name).
func (c *cli) setUpCashiers(t *till, tui bool) error {
	t.Auth = t.newAuth()
	if t.Cfg.Demo {
		if err := seedDemoCashiers(t.Auth); err != nil {
			t.Log.Warn("could not add the demo cashiers", "err", err)
		}
		t.Cashier = demoCashierID
	} else {
		t.Cashier = c.backOffice()
	}
	if tui || c.cashierID == "" {
		return nil
	}
	pin, err := c.readPIN(fmt.Sprintf("PIN of cashier %s: ", c.cashierID))
	if err != nil {
		return err
	}
	who, err := t.Auth.SignIn(c.cashierID, pin)
	if err != nil {
		return err
	}
	t.Cashier = who.ID
	return nil
}

// backOffice is who a command acts as without --cashier: the login name.
func (c *cli) backOffice() string {
	if u := strings.TrimSpace(c.env("USER")); u != "" {
		return "os:" + u
	}
	return "os:till"
}

// seedDemoCashiers adds the demo supervisor and two demo cashiers to an
// empty demo journal (journaled like any other cashier).
func seedDemoCashiers(a *sale.Auth) error {
	cs, err := a.Cashiers()
	if err != nil || len(cs) > 0 {
		return err
	}
	if _, err := a.Bootstrap(sale.NewCashier{ID: demoSupervisorID, Name: "Demo Supervisor", Role: sale.RoleSupervisor, PIN: demoSupervisor}, "demo"); err != nil {
		return err
	}
	for _, nc := range []sale.NewCashier{
		{ID: demoCashierID, Name: "Demo Cashier", Role: sale.RoleCashier, PIN: demoCashierPIN},
		{ID: demoCashier2ID, Name: "Second Cashier", Role: sale.RoleCashier, PIN: demoCashier2PIN},
	} {
		ov, err := a.Authorize(sale.OverrideRequest{Action: sale.ActionCashiers, Subject: sale.CashierSubject("add", nc.Name),
			Cashier: demoSupervisorID, Supervisor: demoSupervisorID, PIN: demoSupervisor, Reason: "demo set-up"})
		if err != nil {
			return err
		}
		if _, err := a.Add(nc, ov); err != nil {
			return err
		}
	}
	return nil
}

// readPIN reads a PIN: from the terminal without echo when stdin is one
// (prompting on stderr), else one line of stdin. It is never printed.
func (c *cli) readPIN(prompt string) (string, error) {
	if c.stdinIsTerminal() { // backoffice.go: a terminal here or at a command line of the running till
		fmt.Fprint(c.stderr, prompt)
		b, err := c.readTerminalLine(false)
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", config.Errorf("reading the PIN: %v", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if c.lines == nil {
		c.lines = bufio.NewReader(c.stdinReader())
	}
	line, err := c.lines.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", config.Errorf("%sno PIN on stdin (give one line per PIN)", prompt)
	}
	return strings.TrimSpace(line), nil
}

// newPIN reads a new PIN twice and checks both are the same valid PIN.
func (c *cli) newPIN(whose string) (string, error) {
	pin, err := c.readPIN("New PIN for " + whose + " (4-8 digits): ")
	if err != nil {
		return "", err
	}
	if err := sale.ValidPIN(pin); err != nil {
		return "", err
	}
	again, err := c.readPIN("The same PIN again: ")
	if err != nil {
		return "", err
	}
	if again != pin {
		return "", sale.Errorf(sale.CodeInvalid, "the two PINs differ")
	}
	return pin, nil
}

// override asks supervisor sup for an override: their PIN from stdin, then
// sale.Auth.Authorize, which journals it (as asked by t.cashier).
func (c *cli) override(t *till, action sale.Action, subject, sup, reason string) (sale.Override, error) {
	if strings.TrimSpace(sup) == "" {
		return sale.Override{}, sale.Errorf(sale.CodeForbidden, "this needs a supervisor: add --supervisor ID (their PIN is read from stdin)")
	}
	pin, err := c.readPIN(fmt.Sprintf("PIN of supervisor %s: ", sup))
	if err != nil {
		return sale.Override{}, err
	}
	return t.Auth.Authorize(sale.OverrideRequest{Action: action, Subject: subject, Cashier: t.Cashier, Supervisor: sup, PIN: pin, Reason: reason})
}

// cashierCmd is `till cashier add|list|disable|enable|unlock|reset-pin`.
func (c *cli) cashierCmd(sub string, args []string) int {
	fs := c.flags("cashier " + sub)
	name := fs.String("name", "", "the cashier's `name`, as slips show it (add)")
	role := fs.String("role", "cashier", "cashier or supervisor (add)")
	id := fs.String("id", "", "the new cashier's `id`: 1-10 letters and digits (add; default the next number)")
	sup := fs.String("supervisor", "", "the supervisor who authorises it, by `id` (their PIN is read first)")
	reason := fs.String("reason", "", "why, journaled with the supervisor's override")
	recov := fs.Bool("recover", false, "reset-pin: recover the only supervisor's PIN, without a supervisor")
	asJSON := fs.Bool("json", false, "list: print JSON")
	target, rest := splitPositional(args)
	if sub == "add" || sub == "list" {
		target, rest = "", args
	}
	if !c.parse(fs, rest, 0) {
		return exitUsage
	}
	switch sub {
	case "add", "list":
	case "disable", "enable", "unlock", "reset-pin":
		if target == "" {
			c.errorf("cashier %s: which cashier? e.g. till cashier %s 2 --supervisor 1", sub, sub)
			return exitUsage
		}
	default:
		c.errorf("cashier: unknown subcommand %q (add, list, disable, enable, unlock, reset-pin)", sub)
		return exitUsage
	}
	t, code := c.openJournalFor("the journal is in use by a running till: quit it first, then manage the cashiers")
	if t == nil {
		return code
	}
	defer t.Close()
	if sub == "list" {
		return c.listCashiers(t, *asJSON)
	}
	why := strings.TrimSpace(*reason)
	if why == "" {
		why = "till cashier " + sub + " (back office)"
	}
	var who sale.Cashier
	var err error
	switch sub {
	case "add":
		who, err = c.addCashier(t, sale.NewCashier{ID: *id, Name: *name, Role: sale.Role(*role)}, *sup, why)
	case "reset-pin":
		who, err = c.resetPIN(t, target, *sup, why, *recov)
	case "unlock":
		var ov sale.Override
		if ov, err = c.override(t, sale.ActionUnlock, target, *sup, why); err == nil {
			who, err = t.Auth.Unlock(target, ov)
		}
	default:
		var ov sale.Override
		if ov, err = c.override(t, sale.ActionCashiers, sale.CashierSubject(sub, target), *sup, why); err == nil {
			if sub == "disable" {
				who, err = t.Auth.Disable(target, ov)
			} else {
				who, err = t.Auth.Enable(target, ov)
			}
		}
	}
	if err != nil {
		return c.fail(err)
	}
	c.errorf("cashier %s (%s, %s): %s done", who.ID, who.Name, who.Role, sub)
	return exitOK
}

// addCashier adds nc: the first supervisor of a till without one needs no
// authorisation; anyone else needs a supervisor's.
func (c *cli) addCashier(t *till, nc sale.NewCashier, sup, why string) (sale.Cashier, error) {
	if strings.TrimSpace(nc.Name) == "" {
		return sale.Cashier{}, sale.Errorf(sale.CodeInvalid, "cashier add: --name is required")
	}
	if _, err := sale.ParseRole(string(nc.Role)); err != nil {
		return sale.Cashier{}, err
	}
	if sup == "" && nc.Role == sale.RoleSupervisor {
		if ok, err := c.noSupervisor(t); err != nil || ok {
			if err != nil {
				return sale.Cashier{}, err
			}
			pin, err := c.newPIN(nc.Name)
			if err != nil {
				return sale.Cashier{}, err
			}
			nc.PIN = pin
			return t.Auth.Bootstrap(nc, t.Cashier)
		}
	}
	ov, err := c.override(t, sale.ActionCashiers, sale.CashierSubject("add", strings.TrimSpace(nc.Name)), sup, why)
	if err != nil {
		return sale.Cashier{}, err
	}
	if nc.PIN, err = c.newPIN(nc.Name); err != nil {
		return sale.Cashier{}, err
	}
	return t.Auth.Add(nc, ov)
}

// noSupervisor reports whether the till has no enabled supervisor.
func (c *cli) noSupervisor(t *till) (bool, error) {
	cs, err := t.Auth.Cashiers()
	if err != nil {
		return false, err
	}
	for _, x := range cs {
		if x.Supervisor() && !x.Disabled {
			return false, nil
		}
	}
	return true, nil
}

// resetPIN gives cashier id a new PIN, authorised by a supervisor or, with
// --recover, by the back office for the only supervisor.
func (c *cli) resetPIN(t *till, id, sup, why string, recov bool) (sale.Cashier, error) {
	if recov {
		pin, err := c.newPIN(id)
		if err != nil {
			return sale.Cashier{}, err
		}
		return t.Auth.RecoverPIN(id, pin, strings.TrimPrefix(t.Cashier, "os:"))
	}
	ov, err := c.override(t, sale.ActionCashiers, sale.CashierSubject("reset-pin", id), sup, why)
	if err != nil {
		return sale.Cashier{}, err
	}
	pin, err := c.newPIN(id)
	if err != nil {
		return sale.Cashier{}, err
	}
	return t.Auth.ResetPIN(id, pin, ov)
}

// listCashiers prints the cashiers (never a PIN or its hash) and the limits.
func (c *cli) listCashiers(t *till, asJSON bool) int {
	cs, err := t.Auth.Cashiers()
	if err != nil {
		return c.fail(err)
	}
	now := c.now()
	if asJSON {
		c.printJSON(cs)
		return exitOK
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tSTATUS")
	for _, x := range cs {
		status := "active"
		switch {
		case x.Disabled:
			status = "disabled"
		case x.Locked(now):
			status = "locked out until " + x.LockedUntil.In(t.Cfg.Till.Location()).Format("15:04")
		case x.Failed > 0:
			status = fmt.Sprintf("active (%d wrong PIN)", x.Failed)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", x.ID, x.Name, x.Role, status)
	}
	tw.Flush()
	if len(cs) == 0 {
		c.errorf("no cashiers yet: the first supervisor is added with  till cashier add --name NAME --role supervisor  (or at the till's first start)")
	}
	c.errorf("limits: %s", config.DescribeLimits(wire.Supervised(t.Cfg.Limits.Sale())))
	return exitOK
}

// cashierName is the name slips print for who the command acts as.
func (t *till) cashierName() string {
	if t.Auth == nil {
		return t.Cashier
	}
	return t.Auth.Name(t.Cashier)
}

// autoSignIn is who the TUI signs in without a PIN: the demo cashier, in
// demo mode only.
func (t *till) autoSignIn() string {
	if t.Cfg.Demo {
		return demoCashierID
	}
	return ""
}
