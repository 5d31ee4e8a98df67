package screens

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/receipts"
	"till/sale"
	"till/screens/kit"
	"till/store"
)

// memDays is a sale.DayCloser over a memJournal, for end-of-day screens
// with stable goldens (store.DB's references and hashes vary per journal).
type memDays struct {
	mu     sync.Mutex
	j      *memJournal
	closed map[string]*sale.Closure
	last   string
}

var _ sale.DayCloser = (*memDays)(nil)

func (d *memDays) BusinessDay(at time.Time) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	cal := at.In(d.j.loc).Format(time.DateOnly)
	if n := sale.NextDay(d.last); d.last != "" && n > cal {
		return n, nil
	}
	return cal, nil
}

func (d *memDays) DayReport(day string) (sale.DayReport, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.report(day)
}

func (d *memDays) report(day string) (sale.DayReport, error) {
	r := sale.NewDayReport(day, "STORE042", "TILL07")
	d.j.mu.Lock()
	defer d.j.mu.Unlock()
	for _, ref := range d.j.order {
		if s := d.j.sales[ref]; s.Day == day {
			if err := r.Add(s); err != nil {
				return r, err
			}
		}
	}
	r.HeadSeq = d.j.evseq
	r.HeadHash = fmt.Sprintf("%064x", d.j.evseq)
	r.Closed = d.closed[day]
	return r, nil
}

func (d *memDays) CloseDay(day string, at time.Time, by string, force bool) (sale.DayReport, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, err := d.report(day)
	switch {
	case err != nil:
		return r, err
	case r.Closed != nil:
		return sale.DayReport{}, sale.Errorf(sale.CodeConflict, "day %s was already closed", day)
	case len(r.Unresolved) > 0 && !force:
		return sale.DayReport{}, sale.Errorf(sale.CodeConflict, "day %s has %d unresolved sale(s)", day, len(r.Unresolved))
	}
	d.j.mu.Lock()
	d.j.evseq++
	c := &sale.Closure{Seq: d.j.evseq, Hash: fmt.Sprintf("%064x", d.j.evseq), At: at, By: by, Note: r.Summary()}
	d.j.mu.Unlock()
	if d.closed == nil {
		d.closed = map[string]*sale.Closure{}
	}
	d.closed[day], d.last = c, day
	r.Closed, r.HeadSeq, r.HeadHash = c, c.Seq, c.Hash
	return r, nil
}

// withDays gives the fixture days as its Deps.Days.
func withDays(days *memDays) func(*fixture) fixtureOption {
	return func(f *fixture) fixtureOption {
		days.j = f.journal
		return func(d *Deps) { d.Days = days }
	}
}

// withDeps changes the fixture's Deps.
func withDeps(change func(*Deps)) func(*fixture) fixtureOption {
	return func(*fixture) fixtureOption { return change }
}

// sellDirect sells airtime to mobile through the engine (not the airtime
// screen) with the provider's next scripted outcome: in doubt when none is
// scripted.
func (f *fixture) sellDirect(mobile string, minor int64, o ...sale.Outcome) sale.Sale {
	f.t.Helper()
	f.prov.script(o...)
	s, err := f.engine.Sell(context.Background(), sale.Order{
		Provider: "flash", Kind: sale.KindAirtime, Product: "VOD-AT", ProductName: "Vodacom Airtime",
		Target: sale.Target{Kind: sale.TargetMobile, Value: mobile}, Amount: zar(minor),
		Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: "thandi",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock.Advance(3 * time.Minute)
	return s
}

// openEOD opens the end-of-day screen and delivers what it reads: the
// business day, then the day's report.
func (f *fixture) openEOD() *EndOfDay {
	f.t.Helper()
	cmd := f.send(NavigateMsg{To: ScreenEndOfDay})
	m, ok := f.app.Active().(*EndOfDay)
	if !ok {
		f.t.Fatalf("active screen is %v", f.app.Active().ID())
	}
	f.run(cmd) // businessDayCmd, then dayReportCmd
	f.tick(0)  // the header's clock
	if !m.Loaded() {
		f.t.Fatalf("the report was not read: err %v", m.Err())
	}
	return m
}

// run executes cmd — one of the end-of-day commands, which neither tick
// nor sleep — delivers its message and runs what that returns, until
// nothing is left.
func (f *fixture) run(cmd tea.Cmd) {
	f.t.Helper()
	for i := 0; cmd != nil && i < 10; i++ {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				f.run(c)
			}
			return
		}
		if msg == nil {
			return
		}
		cmd = f.send(msg)
	}
}

// flat is the view's left column (beside a receipt or report), or the whole
// view when nothing stands beside it, with line breaks and runs of spaces
// collapsed, so wrapped text can be searched.
func (f *fixture) flat() string {
	var parts []string
	for _, l := range strings.Split(f.view(), "\n") {
		if i := strings.IndexAny(l, "┌│└"); i >= 0 {
			l = l[:i]
		}
		parts = append(parts, strings.Fields(l)...)
	}
	return strings.Join(parts, " ")
}

// pastGrace moves the clock past a dialog's grace period.
func (f *fixture) pastGrace() { f.tick(time.Second) }

func TestEODGolden(t *testing.T) {
	t.Run("eod_x_report", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}))
		f.sellDirect("27821234567", 1000, delivered())
		f.sellDirect("27831234567", 2500, sale.Outcome{Result: sale.ResultDeclined, Code: "2001", Message: "Invalid number"})
		f.sellDirect("27841234567", 10000, delivered())
		f.unresolved()
		f.openEOD()
		requireView(t, f)
	})
	t.Run("eod_close_refused", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}))
		f.sellDirect("27821234567", 1000, delivered())
		f.sellDirect("27831234567", 2500) // in doubt
		f.sellDirect("27841234567", 500)  // in doubt
		f.unresolved()
		m := f.openEOD()
		if cmd := f.press("z"); cmd != nil || m.Refused() == nil || m.Dialog() != EODNoDialog {
			t.Fatalf("z with unresolved sales: refused %v dialog %v", m.Refused(), m.Dialog())
		}
		requireView(t, f)
	})
	t.Run("eod_close_dialog", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}))
		f.sellDirect("27821234567", 1000, delivered())
		f.unresolved()
		f.openEOD()
		f.press("z")
		requireView(t, f)
	})
	t.Run("eod_z_report", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}), withPrinter)
		f.sellDirect("27821234567", 1000, delivered())
		f.sellDirect("27841234567", 10000, delivered())
		f.unresolved()
		f.openEOD()
		f.press("z")
		f.pastGrace()
		f.run(f.press("enter"))
		requireView(t, f)
	})
	t.Run("eod_export_secrets", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}), withDeps(func(d *Deps) { d.Export = fakeExport(nil) }))
		f.sellDirect("27821234567", 1000, delivered())
		f.unresolved()
		f.openEOD()
		f.press("e", "s")
		requireView(t, f)
	})
}

// TestEODClose: z opens the dialog, Enter during the grace period does
// nothing, after it the day is closed once; new sales then belong to the
// next business day and the journal screen's "today" shows them.
func TestEODClose(t *testing.T) {
	days := &memDays{}
	f := newFixture(t, withDays(days))
	f.sellDirect("27821234567", 1000, delivered())
	m := f.openEOD()
	if m.Day() != "2025-11-23" || m.Report().Sales != 1 {
		t.Fatalf("day %s, %d sales", m.Day(), m.Report().Sales)
	}
	f.press("z")
	if m.Dialog() != EODCloseDialog {
		t.Fatal("z did not ask first")
	}
	if cmd := f.press("enter"); cmd != nil || m.Closing() {
		t.Fatal("Enter within the grace period closed the day")
	}
	f.pastGrace()
	cmd := f.press("enter")
	if cmd == nil || !m.Closing() {
		t.Fatal("Enter after the grace period did not close the day")
	}
	if f.press("enter") != nil {
		t.Fatal("a second Enter did something")
	}
	f.run(cmd)
	if !m.Z() || m.Report().Closed == nil || m.Report().Closed.By != "thandi" || days.last != "2025-11-23" {
		t.Fatalf("after the close: z %v closed %+v", m.Z(), m.Report().Closed)
	}
	if m.Current() != "2025-11-24" {
		t.Fatalf("current business day %q after the Z, want 2025-11-24", m.Current())
	}
	if v := f.flat(); !strings.Contains(v, "New sales belong to 2025-11-24") || !strings.Contains(v, "Day 2025-11-23 is closed") {
		t.Fatalf("view after the close:\n%s", v)
	}
	if m.Keys().Close.Enabled() {
		t.Fatal("a closed day can be closed again")
	}
	// The next day is empty; back to the closed day with ←.
	f.run(f.press("right"))
	if m.Day() != "2025-11-24" || m.Report().Sales != 0 {
		t.Fatalf("→ shows %s with %d sales", m.Day(), m.Report().Sales)
	}
	f.run(f.press("left"))
	if m.Day() != "2025-11-23" || m.Report().Closed == nil || m.Z() {
		t.Fatalf("← shows %s closed %v z %v", m.Day(), m.Report().Closed, m.Z())
	}
}

// TestEODCloseRefusedThenSettled: the refusal lists the unresolved sales;
// once they are settled a refresh clears it and the day closes.
func TestEODCloseRefusedThenSettled(t *testing.T) {
	f := newFixture(t, withDays(&memDays{}))
	f.sellDirect("27821234567", 1000, delivered())
	doubt := f.sellDirect("27831234567", 2500)
	m := f.openEOD()
	f.press("z")
	v := f.flat()
	for _, want := range []string{"NOT CLOSED", "1 sale is still unresolved", "IN DOUBT", "278*****567", "Settle them first (u)"} {
		if !strings.Contains(v, want) {
			t.Errorf("refused view lacks %q:\n%s", want, v)
		}
	}
	if !m.Keys().Unresolved.Enabled() {
		t.Fatal("u (unresolved sales) is not offered")
	}
	if _, err := f.journal.Append(sale.Event{Ref: doubt.Ref, Type: sale.EventOutcome, At: f.clock.Now(), State: sale.StateDelivered,
		Outcome: &sale.Outcome{Result: sale.ResultDelivered}}); err != nil {
		t.Fatal(err)
	}
	f.run(f.press("r"))
	if m.Refused() != nil || strings.Contains(f.view(), "NOT CLOSED") {
		t.Fatalf("still refused after the sale was settled:\n%s", f.view())
	}
	if !strings.Contains(f.flat(), "press z to close the day") {
		t.Fatalf("no word that the day can be closed now:\n%s", f.view())
	}
	f.press("z")
	f.pastGrace()
	f.run(f.press("enter"))
	if !m.Z() {
		t.Fatalf("not closed:\n%s", f.view())
	}
}

// TestEODJournalRefusal: a refusal by the journal itself (here: a race,
// the sale became unresolved after the report was read) is shown, and
// nothing is closed.
func TestEODJournalRefusal(t *testing.T) {
	days := &memDays{}
	f := newFixture(t, withDays(days))
	f.sellDirect("27821234567", 1000, delivered())
	m := f.openEOD()
	f.press("z")
	f.pastGrace()
	cmd := f.press("enter")
	f.sellDirect("27831234567", 2500) // in doubt, after the report was read
	f.run(cmd)
	if m.Z() || days.last != "" || m.Refused() == nil {
		t.Fatalf("z %v last %q refused %v", m.Z(), days.last, m.Refused())
	}
	if v := f.flat(); !strings.Contains(v, "NOT CLOSED") || !strings.Contains(v, "1 sale is still unresolved") {
		t.Fatalf("view:\n%s", v)
	}
}

// TestEODForceCloseHook: a ForceCloseDayMsg (what a supervisor override
// sends) closes the day despite unresolved sales, as the supervisor, and the
// Z report lists them.
func TestEODForceCloseHook(t *testing.T) {
	days := &memDays{}
	f := newFixture(t, withDays(days))
	f.sellDirect("27831234567", 2500) // in doubt
	m := f.openEOD()
	f.press("z")
	if m.Refused() == nil {
		t.Fatal("not refused")
	}
	f.run(f.send(ForceCloseDayMsg{By: "sup-lerato"}))
	if !m.Z() || m.Report().Closed == nil || m.Report().Closed.By != "sup-lerato" || len(m.Report().Unresolved) != 1 {
		t.Fatalf("forced close: z %v closed %+v unresolved %d", m.Z(), m.Report().Closed, len(m.Report().Unresolved))
	}
	if !strings.Contains(strings.Join(pagerText(m), "\n"), "Closed with 1 unresolved") {
		t.Fatalf("the Z report does not list the unresolved sale:\n%s", strings.Join(pagerText(m), "\n"))
	}
}

func pagerText(m *EndOfDay) []string {
	lines, _ := receipts.ReportLines(m.Report(), receipts.ReportOptions{Width: 42, Screen: true, Z: m.Z()})
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

// TestEODPrint: p prints the X report, and after the close the Z report,
// as lines for ESC/POS; a failed print says why and can be repeated.
func TestEODPrint(t *testing.T) {
	var jobs [][]receipts.Line
	fail := fmt.Errorf("printer /dev/usb/lp0: no such device — is the printer plugged in and switched on?")
	var failing bool
	f := newFixture(t, withDays(&memDays{}), withDeps(func(d *Deps) {
		d.Print = func(lines []receipts.Line) error {
			if failing {
				return fail
			}
			jobs = append(jobs, lines)
			return nil
		}
	}))
	f.sellDirect("27821234567", 1000, delivered())
	m := f.openEOD()
	f.run(f.press("p"))
	if len(jobs) != 1 || !strings.Contains(kit.JoinLines(jobs[0]), "X REPORT - DAY OPEN") || len(jobs[0][0].Text) > 42 {
		t.Fatalf("X report job: %+v", jobs)
	}
	if !hasEmphasis(jobs[0]) {
		t.Fatal("the printed report lost its emphasis")
	}
	failing = true
	f.run(f.press("p"))
	if v := f.flat(); !strings.Contains(v, "Not printed: printer /dev/usb/lp0: no such device — is the printer plugged in and switched on?") {
		t.Fatalf("a failed print does not say why:\n%s", v)
	}
	if !m.Keys().Print.Enabled() {
		t.Fatal("cannot print again after a failure")
	}
	failing = false
	f.press("z")
	f.pastGrace()
	f.run(f.press("enter"))
	f.run(f.press("p"))
	if len(jobs) != 2 || !strings.Contains(kit.JoinLines(jobs[1]), "Z REPORT - DAY CLOSED") || !strings.Contains(kit.JoinLines(jobs[1]), "Printed by") {
		t.Fatalf("Z report job: %+v", jobs[len(jobs)-1])
	}
	if m.PrintErr() != nil {
		t.Fatal("the failure is still shown after a good print")
	}
}

func hasEmphasis(lines []receipts.Line) bool {
	for _, l := range lines {
		if l.Emphasis {
			return true
		}
	}
	return false
}

type exportCall struct {
	from, to, format string
	secrets          bool
	by               string
}

// fakeExport records its calls and "writes" /exports/<day>.<format>.
func fakeExport(calls *[]exportCall) func(context.Context, string, string, string, bool, string) (string, int, error) {
	return func(_ context.Context, from, to, format string, secrets bool, by string) (string, int, error) {
		if calls != nil {
			*calls = append(*calls, exportCall{from, to, format, secrets, by})
		}
		return "/exports/till-export-" + from + "-" + to + "." + format, 1, nil
	}
}

// TestEODExportDialog: e exports the day shown, as CSV without secrets
// unless changed in the dialog; secrets warn before anything is written.
func TestEODExportDialog(t *testing.T) {
	var calls []exportCall
	f := newFixture(t, withDays(&memDays{}), withDeps(func(d *Deps) { d.Export = fakeExport(&calls) }))
	f.sellDirect("27821234567", 1000, delivered())
	m := f.openEOD()
	f.press("e")
	if m.Dialog() != EODExportDialog || !strings.Contains(f.view(), "no: PINs and tokens left out") {
		t.Fatalf("export dialog:\n%s", f.view())
	}
	f.pastGrace()
	f.run(f.press("enter"))
	if len(calls) != 1 || calls[0] != (exportCall{"2025-11-23", "2025-11-23", "csv", false, "thandi"}) {
		t.Fatalf("export calls %+v", calls)
	}
	if v := f.flat(); !strings.Contains(v, "Exported 1 sale to") || !strings.Contains(v, "/exports/till-export-2025-11-23-2025-11-23.csv") {
		t.Fatalf("view after export:\n%s", v)
	}
	f.press("e", "f", "s")
	if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(f.view(), "│", " ")), " "), "anyone who reads it can use them") {
		t.Fatalf("secrets do not warn:\n%s", f.view())
	}
	f.press("esc")
	if m.Dialog() != EODNoDialog || len(calls) != 1 {
		t.Fatal("esc did not cancel the export")
	}
	f.press("e") // the choices stay as they were
	f.pastGrace()
	f.run(f.press("enter"))
	if len(calls) != 2 || calls[1] != (exportCall{"2025-11-23", "2025-11-23", "jsonl", true, "thandi"}) {
		t.Fatalf("export calls %+v", calls)
	}
}

// TestEODWithoutDays: no Days, no menu entry and no screen.
func TestEODWithoutDays(t *testing.T) {
	f := newFixture(t)
	for _, it := range f.app.Active().(*home).items {
		if it.to == ScreenEndOfDay {
			t.Fatal("an end-of-day entry without a journal to close days in")
		}
	}
	f = newFixture(t, withDays(&memDays{}))
	found := false
	for _, it := range f.app.Active().(*home).items {
		found = found || it.to == ScreenEndOfDay
	}
	if !found {
		t.Fatal("no end-of-day entry on the home menu")
	}
}

// TestJournalTodayIsBusinessDay: on a real journal, a sale made after the
// Z report belongs to the next business day, and the journal screen's
// "today" (the business day) lists it.
func TestJournalTodayIsBusinessDay(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: "STORE042", TerminalID: "TILL07", Location: sast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := newFixture(t, withDeps(func(d *Deps) { d.Days = db }))
	// The fixture's engine is on a memory journal: this one sells to db.
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{f.prov}, Now: f.clock.Now})
	if _, err := eng.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.engine = eng
	f.app.env.D.Engine = eng
	before := f.sellDirect("27821234567", 1000, delivered())
	if _, err := db.CloseDay("2025-11-23", f.clock.Now(), "thandi", false); err != nil {
		t.Fatal(err)
	}
	after := f.sellDirect("27831234567", 2000, delivered())
	if after.Day != "2025-11-24" {
		t.Fatalf("a sale after the Z belongs to %s", after.Day)
	}
	cmd := f.send(NavigateMsg{To: ScreenJournal})
	f.run(cmd) // the business day, then the list
	j := f.app.Active().(*journal)
	if j.Query().Day != "2025-11-24" || len(j.Sales()) != 1 || j.Sales()[0].Ref != after.Ref {
		t.Fatalf("today = %s, %d sales, want the sale made after the Z (%s, not %s)", j.Query().Day, len(j.Sales()), after.Ref, before.Ref)
	}
	if v := f.view(); !strings.Contains(v, "Today's sales  ·  business day Mon 24 Nov 2025") {
		t.Fatalf("the journal does not say it shows the business day:\n%s", v)
	}
}
