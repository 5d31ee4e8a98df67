package flow

import (
	"charm.land/lipgloss/v2"

	"till/i18n"
	"till/screens/kit"
	"till/ui"
)

// The room beside a QR code.
const (
	// qrSideWidth is the least width the column beside a code gets: the
	// merchant's name and city (QRIS tags 59 and 60: up to 25 and 15
	// characters) beside their label, and the status line, unwrapped.
	// A code is drawn smaller (denser glyphs) rather than squeeze it.
	qrSideWidth = 48
	// qrGap is the space between the code and its column.
	qrGap = 3
)

// qrFit is a QR code laid out for one room, kept until the room, the
// payload or the styles change (encoding is not free, and a view is drawn
// every second while a code waits).
type qrFit struct {
	key  qrFitKey
	code ui.QRCode
	ok   bool
	err  error
}

type qrFitKey struct {
	payload       string
	width, height int
	isDark, plain bool
	glyphs        ui.QRGlyphs
}

// fit draws payload as large as fits width×height with a column of at
// least qrSideWidth beside it: half blocks, then quadrants, then sextants
// ([tui] qr may fix one). ok is false when none fits; code is then the
// smallest, for its Hint.
func (f *qrFit) fit(e *kit.Env, payload string, width, height int) (code ui.QRCode, ok bool, err error) {
	k := qrFitKey{payload, width, height, e.St.IsDark, e.St.NoColor, e.D.QRGlyphs}
	if f.key != k || (f.code.Rows == 0 && f.err == nil) {
		f.key = k
		f.code, f.ok, f.err = ui.QRFit(payload, e.D.QRGlyphs, e.St.IsDark, e.St.NoColor, func(cols, rows int) bool {
			return rows <= height && cols+qrGap+qrSideWidth <= width
		})
	}
	return f.code, f.ok, f.err
}

// besideQR joins a code and its column.
func besideQR(code ui.QRCode, col string, w int) string {
	return lipgloss.JoinHorizontal(lipgloss.Top, code.String(), "   ", ui.Block(col, w))
}

// qrHint is code's ui.QRCode.Hint for a width×height room in the till's
// language: what the code needs and how to show it ("" when it fits).
func qrHint(e *kit.Env, code ui.QRCode, width, height int) string {
	hint := code.Hint(width, height)
	if hint == "" || e.D.Language != i18n.ID {
		return hint
	}
	return e.T("fxr.qris.needs", code.Rows, code.Cols, code.Glyphs.String(), width, height)
}
