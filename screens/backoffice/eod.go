package backoffice

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// EndOfDay is the end-of-day screen: the X report of a business day (a reading
// that closes nothing), the Z report that closes it (behind a confirm
// dialog, refused while sales are unresolved), printing either, and the
// export of one business day — the command line cannot read a journal that
// a running till holds, so this is where a shop exports while it trades.
type EndOfDay struct {
	env     *kit.Env
	current string // the current business day: where new sales go
	day     string // the day shown
	report  sale.DayReport
	loaded  bool // report is the day's
	err     error
	readAt  time.Time // when report was read
	z       bool      // report is the Z report this screen just made
	// refused is why the last close was refused; with unresolved sales the
	// screen lists them instead of the journal's words.
	refused   error
	closing   bool
	printing  bool
	printErr  error // why the last print failed
	exporting bool
	exported  string // the last export's file and rows
	rows      int
	exportErr error

	dialog  EODDialog
	confirm ui.Confirm
	// The drawer's count before the Z (eod_count.go).
	countField ui.Field
	countErr   string
	counted    []sale.Money
	// The float, paid-in or drop being typed (eod_drawer.go).
	move    drawerMove
	format  string // "csv" or "jsonl"
	secrets bool   // the export dialog's secrets toggle

	pager         ui.Pager
	rendered      int // the width the report was rendered at
	now           time.Time
	width, height int
	keys          EODKeys
}

// dialogWidth is the widest the end-of-day dialogs get.
const dialogWidth = 64

// EODDialog is the dialog open over the end-of-day screen.
type EODDialog int

const (
	EODNoDialog EODDialog = iota
	EODCloseDialog
	EODExportDialog
)

type EODKeys struct {
	Close, Print, Export, PrevDay, NextDay, Refresh, Unresolved, Scroll, ScrollDown, Back key.Binding
	// The drawer (eod_drawer.go).
	Float, PaidIn, Drop key.Binding
	// In a dialog.
	Confirm, Switch, Format, Secrets, Cancel key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k EODKeys) ShortHelp() []key.Binding {
	if k.Confirm.Enabled() {
		return []key.Binding{k.Confirm, k.Switch, k.Format, k.Secrets, k.Cancel}
	}
	return []key.Binding{k.Close, k.Float, k.Drop, k.PaidIn, k.Print, k.Export, k.Unresolved, k.Scroll, k.PrevDay, k.Refresh, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k EODKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var _ kit.Screen = (*EndOfDay)(nil)

func NewEndOfDay(e *kit.Env, now time.Time) *EndOfDay {
	m := &EndOfDay{env: e, now: now, format: "csv", pager: e.Pager()}
	m.keys = EODKeys{
		Close:      ui.Bind("z", "close day", "z"),
		Float:      ui.Bind("f", "float", "f"),
		Drop:       ui.Bind("d", "drop", "d"),
		PaidIn:     ui.Bind("i", "paid in", "i"),
		Print:      ui.Bind("p", "print", "p"),
		Export:     ui.Bind("e", "export", "e"),
		PrevDay:    ui.Bind("←/→", "day", "left", "["),
		NextDay:    key.NewBinding(key.WithKeys("right", "]")),
		Refresh:    ui.Bind("r", "refresh", "r"),
		Unresolved: ui.Bind("u", "unresolved", "u"),
		Scroll:     ui.Bind("↑/↓", "scroll", "up", "k", "pgup", "home"),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j", "pgdown", "space", "end")),
		Back:       e.Keys.Back,
		Confirm:    ui.Relabel(e.Keys.Enter, "enter", "confirm"),
		Switch:     ui.Bind("tab", "switch", "tab"),
		Format:     ui.Bind("f", "csv/jsonl", "f"),
		Secrets:    ui.Bind("s", "secrets", "s"),
		Cancel:     ui.Relabel(e.Keys.Back, "esc", "back"),
	}
	m.updateKeys()
	return m
}

// ID names the screen (kit.Screen).
func (m *EndOfDay) ID() kit.ScreenID { return kit.ScreenEndOfDay }

// Title is the breadcrumb text (kit.Screen).
func (m *EndOfDay) Title() string {
	if m.day == "" {
		return "End of day"
	}
	return m.env.T("eod.title", m.day)
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *EndOfDay) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *EndOfDay) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Init finds the current business day; its report is read next.
func (m *EndOfDay) Init() tea.Cmd {
	if m.env.D.Days == nil {
		return nil
	}
	return kit.BusinessDayCmd(m.env.D.Days, m.env.D.Now())
}

// Refresh re-reads the report when the screen is uncovered (sales may have
// been settled on the unresolved screen meanwhile).
func (m *EndOfDay) Refresh() tea.Cmd { return m.refresh() }

func (m *EndOfDay) refresh() tea.Cmd {
	if m.env.D.Days == nil {
		return nil
	}
	cmds := []tea.Cmd{kit.BusinessDayCmd(m.env.D.Days, m.env.D.Now())}
	if m.day != "" {
		m.z = false // from now on a reading of the day, closed or not
		cmds = append(cmds, dayReportCmd(m.env.D.Days, m.day))
	}
	return tea.Batch(cmds...)
}

// Update handles one message (kit.Component).
func (m *EndOfDay) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case kit.ClockMsg:
		m.now = msg.Now
	case kit.BusinessDayMsg:
		cmd = m.onBusinessDay(msg)
	case DayReportMsg:
		cmd = m.onReport(msg)
	case DayClosedMsg:
		cmd = m.onClosed(msg)
	case ForceCloseDayMsg:
		cmd = m.forceClose(msg)
	case kit.OverrideMsg:
		cmd = tea.Batch(m.onOverride(msg), m.onDropOverride(msg)) // eod_override.go, eod_drawer.go
	case drawerMovedMsg:
		cmd = m.onMoved(msg) // eod_drawer.go
	case ReportPrintedMsg:
		cmd = m.onPrinted(msg)
	case ExportedMsg:
		cmd = m.onExported(msg)
	case tea.KeyPressMsg:
		cmd = m.key(msg)
	}
	m.updateKeys()
	return m, cmd
}

func (m *EndOfDay) onBusinessDay(msg kit.BusinessDayMsg) tea.Cmd {
	if msg.Err != nil {
		if m.day == "" {
			m.err = msg.Err
		}
		return nil
	}
	m.current = msg.Day
	if m.day != "" {
		return nil
	}
	m.day = msg.Day
	return dayReportCmd(m.env.D.Days, m.day)
}

func (m *EndOfDay) onReport(msg DayReportMsg) tea.Cmd {
	if msg.Day != m.day || m.closing {
		return nil // a day no longer shown, or read before the close
	}
	m.err, m.loaded = msg.Err, msg.Err == nil
	if msg.Err != nil {
		return nil
	}
	m.report, m.readAt = msg.Report, m.env.D.Now()
	m.render()
	if m.refused != nil && len(m.report.Unresolved) == 0 && sale.ErrorCode(m.refused) == sale.CodeUnresolved {
		m.refused = nil
		return kit.StatusCmd(m.env.T("eod.settled_now", m.day))
	}
	return nil
}

func (m *EndOfDay) onClosed(msg DayClosedMsg) tea.Cmd {
	if !m.closing || msg.Day != m.day {
		return nil
	}
	m.closing, m.counted = false, nil
	if msg.Err != nil {
		// Shown beside the report, which is read again: it lists the sales
		// that refused the close.
		m.refused = msg.Err
		return dayReportCmd(m.env.D.Days, m.day)
	}
	m.report, m.z, m.refused, m.loaded, m.err = msg.Report, true, nil, true, nil
	m.readAt = m.env.D.Now()
	m.render()
	text := m.env.T("eod.day_closed", m.day)
	if c := msg.Report.Closed; c != nil {
		text += m.env.T("eod.event", strconv.Itoa(int(c.Seq)))
	}
	text += "."
	return tea.Batch(kit.StatusCmd(text), kit.BusinessDayCmd(m.env.D.Days, m.env.D.Now()))
}

func (m *EndOfDay) onPrinted(msg ReportPrintedMsg) tea.Cmd {
	if !m.printing || msg.Day != m.day {
		return nil
	}
	m.printing = false
	m.printErr = msg.Err
	what := "X report"
	if msg.Z {
		what = "Z report"
	}
	if msg.Err != nil {
		why := kit.Sentence(kit.PrintReason(msg.Err))
		return kit.ErrorCmd(sale.Keyed(sale.CodeUnavailable, "report_not_printed", []any{m.env.T(map[bool]string{false: "eod.x", true: "eod.z"}[msg.Z]), why},
			"the %s was not printed: %s Nothing is lost: press p to print it again", what, why))
	}
	return kit.StatusCmd(m.env.T("eod.sent_printer", m.env.T(map[bool]string{false: "eod.x", true: "eod.z"}[msg.Z]), msg.Day))
}

func (m *EndOfDay) onExported(msg ExportedMsg) tea.Cmd {
	if !m.exporting {
		return nil
	}
	m.exporting = false
	m.exportErr = msg.Err
	if msg.Err != nil {
		return kit.ErrorCmd(msg.Err)
	}
	m.exported, m.rows = msg.Path, msg.Rows
	return kit.StatusCmd(m.env.T("eod.exported_status", m.env.Plural(msg.Rows, "jnl.sale_one", "jnl.sale_n"), msg.Path))
}

func (m *EndOfDay) key(k tea.KeyPressMsg) tea.Cmd {
	if m.dialog != EODNoDialog {
		return m.keyDialog(k)
	}
	switch {
	case key.Matches(k, m.keys.Back):
		return kit.BackCmd
	case key.Matches(k, m.keys.Close):
		return m.askClose()
	case key.Matches(k, m.keys.Float) && m.canMove():
		return m.openMove(sale.CashFloat) // eod_drawer.go
	case key.Matches(k, m.keys.Drop) && m.canMove():
		return m.openMove(sale.CashDrop)
	case key.Matches(k, m.keys.PaidIn) && m.canMove():
		return m.openMove(sale.CashPaidIn)
	case key.Matches(k, m.keys.Print):
		m.printing = true
		return printReportCmd(m.env.D, m.report, m.z, m.env.D.Now())
	case key.Matches(k, m.keys.Export):
		m.openExport()
	case key.Matches(k, m.keys.Refresh):
		return m.refresh()
	case key.Matches(k, m.keys.PrevDay):
		return m.show(prevDay(m.day))
	case key.Matches(k, m.keys.NextDay):
		return m.show(sale.NextDay(m.day))
	case key.Matches(k, m.keys.Unresolved):
		return kit.NavigateCmd(kit.ScreenUnresolved, "")
	case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
		m.pager.Update(k)
	}
	return nil
}

// show reads the report of another day.
func (m *EndOfDay) show(day string) tea.Cmd {
	if day == "" {
		return nil
	}
	m.day, m.loaded, m.z, m.refused, m.printErr, m.err, m.counted = day, false, false, nil, nil, nil, nil
	m.pager.SetContent("")
	return dayReportCmd(m.env.D.Days, day)
}

// askClose opens the "close the day?" dialog, or refuses at once when the
// report lists unresolved sales: a Z report must not close over sales whose
// outcome nobody knows yet. The journal checks again when it closes.
func (m *EndOfDay) askClose() tea.Cmd {
	r := m.report
	if m.needsCount() {
		return m.openCount() // eod_count.go: the drawer is counted first
	}
	if m.closeNeedsOverride() {
		return m.askCloseOverride() // eod_override.go: a supervisor may close it anyway
	}
	if n := len(r.Unresolved); n > 0 {
		m.refused = errUnresolvedDay(m.day, n)
		return nil
	}
	m.refused = nil
	e := m.env
	c := ui.NewConfirm(m.env.St, m.env.D.Now, e.T("eod.close_q", m.day), [][2]string{
		{"Sales", strconv.Itoa(r.Sales)},
		{"Sold", e.MoneyList(r.Sold)},
		{"Refund due", strconv.Itoa(len(r.RefundDue))},
		{"Closed by", m.env.D.Cashier},
	})
	if rows := m.countRows(); rows != nil {
		c = ui.NewConfirm(m.env.St, m.env.D.Now, e.T("eod.close_q", m.day), append([][2]string{
			{"Sales", strconv.Itoa(r.Sales)}, {"Sold", e.MoneyList(r.Sold)}, {"Refund due", strconv.Itoa(len(r.RefundDue))},
			{"Closed by", m.env.D.Cashier}}, rows...))
	}
	c.Yes, c.No, c.Grace = e.T("eod.close_yes"), "Back", m.env.D.ConfirmGrace
	c.Note = e.T("eod.close_note", sale.NextDay(m.day))
	e.Localise(&c)
	c.SetSize(min(m.width, dialogWidth), m.height)
	m.confirm, m.dialog = c, EODCloseDialog
	return nil
}

// errUnresolvedDay is the refusal of a close while sales are unresolved.
func errUnresolvedDay(day string, n int) error {
	return sale.Keyed(sale.CodeUnresolved, "day_unresolved", []any{day, n}, "day %s cannot be closed: %s still unresolved", day,
		kit.PluralEN(n, "sale is", "sales are"))
}

// forceClose closes the day shown even with unresolved sales, for a
// supervisor override (see ForceCloseDayMsg).
func (m *EndOfDay) forceClose(msg ForceCloseDayMsg) tea.Cmd {
	day := msg.Day
	if day == "" {
		day = m.day
	}
	if m.env.D.Days == nil || m.closing || day != m.day {
		return nil
	}
	m.closing, m.dialog = true, EODNoDialog
	return closeDayCountedCmd(m.env.D.Days, day, m.env.D.Now(), msg.By, true, m.counted)
}

func (m *EndOfDay) openExport() {
	c := ui.NewConfirm(m.env.St, m.env.D.Now, m.env.T("eod.export_q", m.day), nil)
	c.Yes, c.No, c.Grace = m.env.T("eod.export_yes"), m.env.Tr("Back"), m.env.D.ConfirmGrace
	c.SetSize(min(m.width, dialogWidth), m.height)
	m.confirm, m.dialog = c, EODExportDialog
	m.exportErr = nil
	m.fillExport()
}

// fillExport shows the export's settings in its dialog.
func (m *EndOfDay) fillExport() {
	e := m.env
	secrets := e.T("eod.secrets_no")
	m.confirm.Note = e.T("eod.export_note")
	if m.secrets {
		secrets = e.T("eod.secrets_yes")
		m.confirm.Note = e.T("eod.export_secret_note")
	}
	m.confirm.Rows = e.TrRows([][2]string{
		{"Business day", m.day},
		{"Sales", strconv.Itoa(m.report.Sales)},
		{"Format", e.T("eod.change", strings.ToUpper(m.format), "f")},
		{"Secrets", e.T("eod.change", secrets, "s")},
		{"File", "till-export-" + m.day + "-" + m.day + "." + m.format},
	})
}

func (m *EndOfDay) keyDialog(k tea.KeyPressMsg) tea.Cmd {
	if m.dialog == eodCountDialog {
		return m.keyCount(k) // eod_count.go
	}
	if m.dialog == EODMoveDialog {
		return m.keyMove(k) // eod_drawer.go
	}
	if m.dialog == EODExportDialog {
		switch {
		case key.Matches(k, m.keys.Format):
			m.format = map[string]string{"csv": "jsonl", "jsonl": "csv"}[m.format]
			m.fillExport()
			return nil
		case key.Matches(k, m.keys.Secrets):
			m.secrets = !m.secrets
			m.fillExport()
			return nil
		}
	}
	switch m.confirm.Update(k) {
	case ui.ConfirmNo:
		if m.dialog == EODCloseDialog {
			m.counted = nil // counted again next time
		}
		m.dialog = EODNoDialog
	case ui.ConfirmYes:
		which := m.dialog
		m.dialog = EODNoDialog
		if which == EODCloseDialog {
			m.closing = true
			return closeDayCountedCmd(m.env.D.Days, m.day, m.env.D.Now(), m.env.D.Cashier, false, m.counted)
		}
		m.exporting = true
		return exportCmd(m.env.Ctx, m.env.D, m.day, m.format, m.secrets)
	}
	return nil
}

func (m *EndOfDay) updateKeys() {
	k := &m.keys
	inDialog := m.dialog != EODNoDialog
	ready := m.env.D.Days != nil && m.loaded && m.err == nil && !inDialog && !m.closing
	unresolved := m.loaded && len(m.report.Unresolved) > 0
	k.Close.SetEnabled(ready && m.report.Closed == nil)
	for _, b := range []*key.Binding{&k.Float, &k.Drop, &k.PaidIn} {
		b.SetEnabled(m.canMove())
	}
	k.Print.SetEnabled(ready && m.env.D.Print != nil && !m.printing)
	k.Export.SetEnabled(ready && m.env.D.Export != nil && !m.exporting)
	k.PrevDay.SetEnabled(m.day != "" && !inDialog && !m.closing)
	k.NextDay.SetEnabled(m.day != "" && m.day < m.current && !inDialog && !m.closing)
	k.Refresh.SetEnabled(m.day != "" && !inDialog && !m.closing)
	k.Unresolved.SetEnabled(!inDialog && unresolved)
	k.Scroll.SetEnabled(!inDialog && m.pager.Scrollable())
	k.ScrollDown.SetEnabled(!inDialog && m.pager.Scrollable())
	// No leaving while the journal is being written: the answer is shown
	// here.
	k.Back.SetEnabled(!inDialog && !m.closing && !m.exporting)
	k.Confirm.SetEnabled(inDialog)
	k.Switch.SetEnabled(inDialog)
	k.Format.SetEnabled(m.dialog == EODExportDialog)
	k.Secrets.SetEnabled(m.dialog == EODExportDialog)
	k.Cancel.SetEnabled(inDialog)
	k.Switch.SetHelp("tab", "switch")
	switch m.dialog {
	case EODMoveDialog:
		k.Confirm.SetHelp("enter", "journal")
		k.Switch.SetHelp("tab", "next field")
	case eodCountDialog:
		k.Confirm.SetHelp("enter", "count")
		k.Switch.SetEnabled(false)
	case EODCloseDialog:
		k.Confirm.SetHelp("enter", "close day")
	case EODExportDialog:
		k.Confirm.SetHelp("enter", "export")
	}
}

// TakesText reports whether a drawer move's reason is being typed.
func (m *EndOfDay) TakesText() bool {
	return m.dialog == EODMoveDialog && m.move.onWhy && m.move.reason.Takes('?')
}
