package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	qrcode "github.com/skip2/go-qrcode"
)

// QR code colours: pure black modules on pure white, given as RGB so that
// neither the terminal's theme nor its palette can change them.
var (
	qrDark  = lipgloss.Color("#000000")
	qrLight = lipgloss.Color("#FFFFFF")
)

// QRCode is a QR code drawn for the terminal with half blocks: each text
// cell holds two modules, one above the other (▀ ▄ █ and space), so a
// module is one column wide and half a row high — square on a terminal
// whose cells are twice as high as wide. Dark modules are always dark on a
// light background, with the quiet zone (4 light modules) around them, so
// it scans on a dark terminal too.
type QRCode struct {
	lines []string
	// Rows and Cols are the terminal cells it needs, quiet zone included.
	Rows, Cols int
}

// String returns the code: Rows lines of Cols cells, joined by newlines.
func (q QRCode) String() string { return strings.Join(q.lines, "\n") }

// Fits reports whether the code fits in width×height cells.
func (q QRCode) Fits(width, height int) bool { return q.Cols <= width && q.Rows <= height }

// Hint is what a screen says instead of a code that does not fit in
// width×height cells, or "" when it fits.
func (q QRCode) Hint(width, height int) string {
	if q.Fits(width, height) {
		return ""
	}
	return fmt.Sprintf("The QR code needs about %d rows and %d columns; the window is %d×%d. "+
		"Make the window larger or the font smaller to show it.", q.Rows, q.Cols, width, height)
}

// QR draws payload as a QR code (error correction level L: the screen is
// not damaged paper, and a smaller code fits more terminals). isDark and
// noColor are what the styles were built for (see NewStyles): with colour,
// the code is drawn black on white whatever the theme; under NO_COLOR it
// uses the terminal's own colours — reversed on a dark background — so
// the modules are still the darker colour. The payload must already be
// verified (a QRIS payload is checked by the provider before it reaches a
// screen); it is encoded, never displayed as text.
func QR(payload string, isDark, noColor bool) (QRCode, error) {
	bm, err := qrBitmap(payload)
	if err != nil {
		return QRCode{}, err
	}
	var style lipgloss.Style
	switch {
	case !noColor:
		style = lipgloss.NewStyle().Foreground(qrDark).Background(qrLight)
	case isDark:
		style = lipgloss.NewStyle().Reverse(true)
	default:
		style = lipgloss.NewStyle()
	}
	q := QRCode{Cols: len(bm[0]), Rows: (len(bm) + 1) / 2}
	var b strings.Builder
	for y := 0; y < len(bm); y += 2 {
		b.Reset()
		for x := range bm[y] {
			top := bm[y][x]
			bottom := y+1 < len(bm) && bm[y+1][x]
			b.WriteRune(halfBlock(top, bottom))
		}
		q.lines = append(q.lines, style.Render(b.String()))
	}
	return q, nil
}

// QRSize reports the cells the code of payload needs, without drawing it,
// so a screen can say how large the window must be.
func QRSize(payload string) (rows, cols int, err error) {
	bm, err := qrBitmap(payload)
	if err != nil {
		return 0, 0, err
	}
	return (len(bm) + 1) / 2, len(bm[0]), nil
}

// qrBitmap encodes payload; true is a dark module. The quiet zone is
// included.
func qrBitmap(payload string) ([][]bool, error) {
	if payload == "" {
		return nil, errors.New("nothing to draw as a QR code")
	}
	code, err := qrcode.New(payload, qrcode.Low)
	if err != nil {
		return nil, fmt.Errorf("cannot draw a QR code of %d bytes: %w", len(payload), err)
	}
	bm := code.Bitmap()
	if len(bm) == 0 || len(bm[0]) == 0 {
		return nil, errors.New("empty QR code")
	}
	return bm, nil
}

// halfBlock is the glyph whose drawn halves are the dark modules.
func halfBlock(top, bottom bool) rune {
	switch {
	case top && bottom:
		return '█'
	case top:
		return '▀'
	case bottom:
		return '▄'
	}
	return ' '
}
