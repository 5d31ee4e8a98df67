package backoffice

import "till/sale"

// What the end-of-day screen shows, read by the App-level tests.

// Day is the business day shown.
func (m *EndOfDay) Day() string { return m.day }

// Current is the business day a sale made now belongs to.
func (m *EndOfDay) Current() string { return m.current }

// Report is the day's report as read.
func (m *EndOfDay) Report() sale.DayReport { return m.report }

// Z reports whether the report shown is the Z: the day is closed.
func (m *EndOfDay) Z() bool { return m.z }

// Loaded reports whether the report was read.
func (m *EndOfDay) Loaded() bool { return m.loaded }

// Err is why the report could not be read.
func (m *EndOfDay) Err() error { return m.err }

// Refused is why the last close was refused (nil when it was not).
func (m *EndOfDay) Refused() error { return m.refused }

// Dialog is the dialog open on the screen (EODNoDialog: none).
func (m *EndOfDay) Dialog() EODDialog { return m.dialog }

// Closing reports whether the Z is being journaled.
func (m *EndOfDay) Closing() bool { return m.closing }

// PrintErr is why the last print failed (nil once one succeeds).
func (m *EndOfDay) PrintErr() error { return m.printErr }

// Keys are the screen's keys, each enabled only when it works.
func (m *EndOfDay) Keys() EODKeys { return m.keys }
