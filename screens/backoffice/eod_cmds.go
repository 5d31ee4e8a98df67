package backoffice

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/receipts"
	"till/sale"
	"till/screens/kit"
)

// End-of-day messages and commands. Each command does its I/O off the
// Update loop and returns exactly one of these.

// DayReportMsg carries the X report of a business day.
type DayReportMsg struct {
	Day    string
	Report sale.DayReport
	Err    error
}

// DayClosedMsg carries the Z report of a day just closed, or why the
// journal refused to close it (nothing was written then).
type DayClosedMsg struct {
	Day    string
	Force  bool
	Report sale.DayReport
	Err    error
}

// ForceCloseDayMsg asks the end-of-day screen to close Day (the day it
// shows when empty) even though sales are unresolved; the Z report lists
// them. It is the hook for supervisor overrides: eod_override.go sends it
// once a supervisor has authorised the close, and nothing else may. By is
// that supervisor, journaled as who closed the day.
type ForceCloseDayMsg struct {
	Day string
	By  string
}

// ReportPrintedMsg says an end-of-day report went to the printer (Err nil)
// or not.
type ReportPrintedMsg struct {
	Day string
	Z   bool
	Err error
}

// ExportedMsg carries the file an export was written to and its rows.
type ExportedMsg struct {
	Day     string
	Path    string
	Rows    int
	Secrets bool
	Err     error
}

// dayReportCmd reads the X report of day (no journal write).
func dayReportCmd(days sale.DayCloser, day string) tea.Cmd {
	return func() tea.Msg {
		r, err := days.DayReport(day)
		return DayReportMsg{Day: day, Report: r, Err: err}
	}
}

// CloseDay closes business day `day` at `at` as `by`: the Z report, one
// journal event. It is the ONE place the TUI closes a day. Without force the
// journal refuses while sales of the day are unresolved; force closes
// anyway, listing them on the Z report, and is for a supervisor override
// only (issue 8: put the supervisor's check here, in front of the journal
// call — the end-of-day screen forces only on a ForceCloseDayMsg). Errors
// are the journal's *sale.Error (CodeConflict for a refusal; nothing is
// written then).
func CloseDay(days sale.DayCloser, day string, at time.Time, by string, force bool) (sale.DayReport, error) {
	if days == nil {
		return sale.DayReport{}, sale.Keyed(sale.CodeUnavailable, "no_journal_close", nil, "the till has no journal to close the day in")
	}
	return days.CloseDay(day, at, by, force)
}

// printReportCmd prints r as the printer's width of paper; z marks the Z
// report just made. d.Print must be set.
func printReportCmd(d kit.Deps, r sale.DayReport, z bool, at time.Time) tea.Cmd {
	return func() tea.Msg {
		lines, err := receipts.ReportLines(r, receipts.ReportOptions{
			Width: d.ReceiptWidth, Header: d.Header, Location: d.Location, Z: z, Language: d.Language, Printed: at, PrintedBy: d.Cashier,
			CashierName: d.CashierName, // kit/deps.go
		})
		if err == nil {
			err = d.Print(lines)
		}
		return ReportPrintedMsg{Day: r.Day, Z: z, Err: err}
	}
}

// exportCmd exports the sales of one business day with d.Export. One day at
// a time: the journal is read in one read transaction, and a long one would
// hold back the journal's growth (and so the sales) of the running till.
func exportCmd(ctx context.Context, d kit.Deps, day, format string, secrets bool) tea.Cmd {
	return func() tea.Msg {
		path, rows, err := d.Export(ctx, day, day, format, secrets, d.Cashier)
		return ExportedMsg{Day: day, Path: path, Rows: rows, Secrets: secrets, Err: err}
	}
}
