package cli

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"till/sale"
	"till/screens"
	"till/store"
)

// tuiTill opens the till the TUI would run on cfgPath (providers built,
// never dialled) and an App on its deps, and returns a driver that delivers
// a message and runs every command it leads to.
func tuiTill(t *testing.T, cfgPath string) (*till, *screens.App, func(tea.Msg)) {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HOME": home, "XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home, "XDG_STATE_HOME": stateHome(cfgPath)}
	c := &cli{configPath: cfgPath, stdout: io.Discard, stderr: io.Discard, env: func(k string) string { return env[k] }}
	tl, err := c.openTill(true, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tl.Close)
	d := tl.deps()
	d.ConfirmGrace = time.Nanosecond
	d.Auth, d.AutoSignIn = nil, "" // no sign-in gate: the till's cashier acts
	app := screens.New(d)
	t.Cleanup(app.Close)
	var run func(tea.Cmd)
	run = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("a command did not return (a tick?)")
		}
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range m {
				run(c)
			}
		default:
			_, next := app.Update(m)
			run(next)
		}
	}
	drive := func(msg tea.Msg) {
		_, cmd := app.Update(msg)
		run(cmd)
	}
	drive(tea.WindowSizeMsg{Width: 80, Height: 24})
	return tl, app, drive
}

func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// flatView is the App's screen as words, so wrapped text can be searched.
func flatView(app *screens.App) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(ansi.Strip(app.View().Content), "│", " ")), " ")
}

// TestDepsWiring: the TUI gets the printer hook when a [printer] is
// configured (none without), the journal as its business days, and the
// exporter.
func TestDepsWiring(t *testing.T) {
	slips := filepath.Join(t.TempDir(), "slips.bin")
	cfgPath, _ := officeConfig(t, fmt.Sprintf("\n[printer]\nfile = %q\n", slips))
	tl, _, _ := tuiTill(t, cfgPath)
	d := tl.deps()
	if d.Print == nil || d.Days == nil || d.Export == nil {
		t.Fatalf("deps: print %v days %v export %v", d.Print != nil, d.Days != nil, d.Export != nil)
	}
	cfgPath, _ = officeConfig(t, "")
	tl, _, _ = tuiTill(t, cfgPath)
	if tl.deps().Print != nil {
		t.Fatal("a print hook without a [printer]")
	}
}

// TestDepsWiringProviders: the Flash and 1Flow services the screens use
// are wired when their tables are configured — the home menu then offers
// the Flash products and water — and absent when they are not.
func TestDepsWiringProviders(t *testing.T) {
	cfgPath, _ := officeConfig(t, "")
	tl, app, _ := tuiTill(t, cfgPath)
	d := tl.deps()
	if d.Flash == nil || d.Water != nil {
		t.Fatalf("[flash] only: Flash %v, Water %v", d.Flash != nil, d.Water != nil)
	}
	if v := flatView(app); !strings.Contains(v, "Electricity") || strings.Contains(v, "Water") {
		t.Fatalf("home with [flash] only:\n%s", v)
	}
	cfgPath, _ = writeTill(t, tillFile{width: 32, timezone: "Africa/Nairobi", tables: []string{
		table("oneflow", "base_url", "http://127.0.0.1:9/oneflow", "client_id", "c", "client_secret", "s"),
	}})
	tl, app, _ = tuiTill(t, cfgPath)
	if d := tl.deps(); d.Flash != nil || d.Water == nil {
		t.Fatalf("[oneflow] only: Flash %v, Water %v", d.Flash != nil, d.Water != nil)
	}
	if v := flatView(app); !strings.Contains(v, "Water") || strings.Contains(v, "Electricity") {
		t.Fatalf("home with [oneflow] only:\n%s", v)
	}
}

// TestTUIExportFromEndOfDay: the end-of-day screen of a running till
// exports the day to a 0600 file next to the journal, without secrets by
// default; with secrets, the export is journaled first and they are in the
// file.
func TestTUIExportFromEndOfDay(t *testing.T) {
	cfgPath, journal := officeConfig(t, "")
	refs := seed(t, journal, false)
	tl, app, drive := tuiTill(t, cfgPath)
	today := time.Now().In(jhb).Format(time.DateOnly)

	drive(screens.NavigateMsg{To: screens.ScreenEndOfDay})
	if v := flatView(app); !strings.Contains(v, "X report · day open") || !strings.Contains(v, "Sales 4") {
		t.Fatalf("end of day:\n%s", ansi.Strip(app.View().Content))
	}
	drive(keyPress("e"))
	drive(keyPress("enter"))
	file := filepath.Join(filepath.Dir(journal), "till-export-"+today+"-"+today+".csv")
	if v := flatView(app); !strings.Contains(v, "Exported 4 sales to") {
		t.Fatalf("after the export:\n%s", ansi.Strip(app.View().Content))
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", fi, err)
	}
	data, _ := os.ReadFile(file)
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) != 5 || rows[1][0] != string(refs[0]) || rows[1][10] != "278*****567" {
		t.Fatalf("csv: %v\n%s", err, data)
	}
	for _, secret := range []string{"9999888877776666", "1111 2222", "27821234567"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the default export holds %q", secret)
		}
	}
	if recorded := secretsExports(t, tl); len(recorded) != 0 {
		t.Fatalf("an export without secrets was journaled: %+v", recorded)
	}

	// With secrets (s), as JSON Lines (f): journaled first, then written.
	drive(keyPress("e"))
	drive(keyPress("f"))
	drive(keyPress("s"))
	drive(keyPress("enter"))
	jfile := strings.TrimSuffix(file, ".csv") + ".jsonl"
	data, err = os.ReadFile(jfile)
	if err != nil || !bytes.Contains(data, []byte(`"secrets":"PIN=9999888877776666"`)) {
		t.Fatalf("jsonl with secrets: %v\n%s", err, data)
	}
	recorded := secretsExports(t, tl)
	if len(recorded) != 1 || recorded[0].By != tl.Cashier ||
		recorded[0].Note != "jsonl export of business days "+today+" to "+today+" with secrets to "+jfile {
		t.Fatalf("journaled export records: %+v", recorded)
	}

	// More than one day at a time is refused inside a running till.
	if _, _, err := tl.ExportFunc()(t.Context(), "2025-01-01", today, "csv", false, "x"); err == nil || !strings.Contains(err.Error(), "one business day at a time") {
		t.Fatalf("a range: %v", err)
	}
}

func secretsExports(t *testing.T, tl *till) []sale.Event {
	t.Helper()
	var out []sale.Event
	if err := tl.Journal.(*store.DB).EachEvent(func(e sale.Event) error {
		if e.Type == sale.EventSecretsExported {
			out = append(out, e)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTUICloseDay: z on the end-of-day screen closes the running till's
// business day in its journal; the journal screen then lists the next day.
func TestTUICloseDay(t *testing.T) {
	cfgPath, journal := officeConfig(t, "")
	seed(t, journal, false)
	tl, app, drive := tuiTill(t, cfgPath)
	today := time.Now().In(jhb).Format(time.DateOnly)
	drive(screens.NavigateMsg{To: screens.ScreenEndOfDay})
	drive(keyPress("z"))
	// The drawer is counted before the Z: exactly what it should hold.
	r, err := tl.Journal.DayReport(today)
	if err != nil {
		t.Fatal(err)
	}
	if v := flatView(app); len(r.Cash) > 0 && !strings.Contains(v, "Count the cash in the drawer") {
		t.Fatalf("z did not ask for the count:\n%s", ansi.Strip(app.View().Content))
	}
	for _, m := range r.Cash {
		for _, ch := range string(m.Currency) + ":" + m.Plain() + "," {
			drive(keyPress(string(ch)))
		}
	}
	if len(r.Cash) > 0 {
		drive(keyPress("backspace")) // the last comma
		drive(keyPress("enter"))
	}
	drive(keyPress("enter"))
	if v := flatView(app); !strings.Contains(v, "DAY CLOSED · Z REPORT") {
		t.Fatalf("after z:\n%s", ansi.Strip(app.View().Content))
	}
	c, err := tl.Journal.(*store.DB).Closure(today)
	if err != nil || c == nil || c.By != tl.Cashier {
		t.Fatalf("closure of %s: %+v %v", today, c, err)
	}
	drive(screens.NavigateMsg{To: screens.ScreenJournal})
	if v := flatView(app); !strings.Contains(v, "No sales found") {
		t.Fatalf("the journal's today after the Z:\n%s", ansi.Strip(app.View().Content))
	}
}
