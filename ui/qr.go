package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	qrcode "github.com/skip2/go-qrcode"
)

// QRGlyphs is how a QR code is drawn with text cells: the block glyphs
// that pack one, four or six modules into a cell.
type QRGlyphs int

// The ways to draw a QR code, from the least dense to the densest.
const (
	// QRAuto picks the least dense glyphs that fit the room (QRFit): half
	// blocks, then sextants. Never quadrants: see QRQuadrant.
	QRAuto QRGlyphs = iota
	// QRHalf: half blocks (▀ ▄ █ and space), 1×2 modules a cell. A module
	// is square on a terminal whose cells are twice as high as wide; every
	// font has these glyphs.
	QRHalf
	// QRQuadrant: quadrant blocks (▘ ▝ ▖ ▗ ▚ ▞ ▙ ▛ ▜ ▟ …), 2×2 modules a
	// cell: half the width of half blocks, in nearly every monospace font
	// (Unicode 1.1) — but on the usual 1:2 cell its modules are twice as
	// high as wide, and a ZXing-based reader (most Android scanners) does
	// not find a code stretched that much: its finder patterns fail the
	// 1:1:3:1:1 check across. So QRAuto never picks them; [tui] qr =
	// "quadrant" is for a terminal with squarer cells and no sextants.
	QRQuadrant
	// QRSextant: the block sextants of Unicode 13 (U+1FB00–U+1FB3B, with
	// space, ▌, ▐ and █), 2×3 modules a cell: the smallest code. Drawn by
	// terminals that draw block elements themselves (kitty, WezTerm,
	// foot, Windows Terminal, GNOME Terminal/VTE ≥ 0.64, Konsole ≥ 22.12,
	// iTerm2 ≥ 3.5, Alacritty) or whose font has them (Cascadia, Iosevka,
	// Unifont).
	QRSextant
)

// qrGlyphNames are the [tui] qr config values, by QRGlyphs.
var qrGlyphNames = []string{"auto", "half", "quadrant", "sextant"}

// String is the config spelling: "auto", "half", "quadrant" or "sextant".
func (g QRGlyphs) String() string {
	if g < 0 || int(g) >= len(qrGlyphNames) {
		return fmt.Sprintf("QRGlyphs(%d)", int(g))
	}
	return qrGlyphNames[g]
}

// ParseQRGlyphs reads a [tui] qr value; "" is auto.
func ParseQRGlyphs(s string) (QRGlyphs, error) {
	if s == "" {
		return QRAuto, nil
	}
	for i, n := range qrGlyphNames {
		if s == n {
			return QRGlyphs(i), nil
		}
	}
	return QRAuto, fmt.Errorf("%q is not one of %s", s, strings.Join(qrGlyphNames, ", "))
}

// cell is the modules a glyph of g covers: columns × rows.
func (g QRGlyphs) cell() (w, h int) {
	switch g {
	case QRQuadrant:
		return 2, 2
	case QRSextant:
		return 2, 3
	}
	return 1, 2
}

// QRQuiet is the quiet zone drawn around a code on screen, in modules. A
// screen is not a print: two light modules (the code's own border is
// drawn, never left to the terminal's background) scan reliably and save
// rows a small terminal needs.
const QRQuiet = 2

// QR code colours, given as RGB so that neither the terminal's theme nor
// its palette can change them.
var (
	qrDark  = lipgloss.Color("#000000")
	qrLight = lipgloss.Color("#FFFFFF")
)

// QRCode is a QR code drawn for the terminal, quiet zone included.
//
// Which modules are the glyphs' ink depends on the terminal: on a light
// background the ink is the dark modules, on a dark background the light
// ones. With colour the ink and the rest get explicit black and white, so
// the code is dark on light everywhere; without colour (NO_COLOR, or a
// terminal that drops colours) the glyphs alone, in the terminal's own
// foreground on its background, still draw dark modules on light.
type QRCode struct {
	lines []string
	// Rows and Cols are the terminal cells it needs, quiet zone included.
	Rows, Cols int
	// Glyphs is how it is drawn (never QRAuto).
	Glyphs QRGlyphs
	// Modules is the code's size in modules, quiet zone included.
	Modules int
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
	return fmt.Sprintf("The QR code needs %d rows and %d columns (drawn with %s blocks); the room is %d×%d. "+
		"Make the window larger or the font smaller to show it.", q.Rows, q.Cols, q.Glyphs, width, height)
}

// QR draws payload as a QR code with glyphs g (QRAuto draws half blocks),
// at error correction level L (the screen is not damaged paper, and a
// smaller code fits more terminals). isDark and noColor are what the
// styles were built for (see NewStyles). The payload must already be
// verified (a QRIS payload is checked by the provider before it reaches a
// screen); it is encoded, never displayed as text.
func QR(payload string, g QRGlyphs, isDark, noColor bool) (QRCode, error) {
	bm, err := qrBitmap(payload)
	if err != nil {
		return QRCode{}, err
	}
	return drawQR(bm, g, isDark, noColor), nil
}

// QRFit draws payload with glyphs g, or with QRAuto the least dense glyphs
// whose code fits fits(cols, rows) — half blocks (square modules), then
// sextants (2×3 a cell: modules a third higher than wide, which readers
// take). ok is false when none fits; the code returned is then the
// densest tried, for its Hint.
func QRFit(payload string, g QRGlyphs, isDark, noColor bool, fits func(cols, rows int) bool) (q QRCode, ok bool, err error) {
	bm, err := qrBitmap(payload)
	if err != nil {
		return QRCode{}, false, err
	}
	try := []QRGlyphs{g}
	if g == QRAuto {
		try = []QRGlyphs{QRHalf, QRSextant}
	}
	for _, t := range try {
		cols, rows := qrCells(len(bm), t)
		if fits(cols, rows) {
			return drawQR(bm, t, isDark, noColor), true, nil
		}
	}
	return drawQR(bm, try[len(try)-1], isDark, noColor), false, nil
}

// qrCells is the cells a code of n×n modules needs drawn with g.
func qrCells(n int, g QRGlyphs) (cols, rows int) {
	w, h := g.cell()
	return (n + w - 1) / w, (n + h - 1) / h
}

func drawQR(bm [][]bool, g QRGlyphs, isDark, noColor bool) QRCode {
	if g == QRAuto {
		g = QRHalf
	}
	n := len(bm)
	cols, rows := qrCells(n, g)
	cw, ch := g.cell()
	// ink is the module colour the glyphs draw: the one the terminal's own
	// foreground shows right (dark on a light terminal, light on a dark one).
	ink := !isDark
	style := lipgloss.NewStyle()
	if !noColor {
		fg, bg := qrDark, qrLight
		if isDark {
			fg, bg = qrLight, qrDark
		}
		style = style.Foreground(fg).Background(bg)
	}
	// Beyond the bitmap (a partial last cell) is quiet zone: light.
	at := func(x, y int) bool { return x < n && y < n && bm[y][x] }
	q := QRCode{Cols: cols, Rows: rows, Glyphs: g, Modules: n}
	var b strings.Builder
	for r := range rows {
		b.Reset()
		for c := range cols {
			bits := 0
			for dy := range ch {
				for dx := range cw {
					if at(c*cw+dx, r*ch+dy) == ink {
						bits |= 1 << (dy*cw + dx)
					}
				}
			}
			b.WriteRune(qrGlyph(g, bits))
		}
		q.lines = append(q.lines, style.Render(b.String()))
	}
	return q
}

// QRGlyphInk is the inverse of the drawing: the sub-cells (bit dy*w+dx of
// a w×h cell, as QRGlyphs' cell) a glyph inks, and whether r is a glyph of
// g at all. Tests and tools that read a drawn code back use it.
func QRGlyphInk(g QRGlyphs, r rune) (bits int, ok bool) {
	w, h := g.cell()
	for bits := range 1 << (w * h) {
		if qrGlyph(g, bits) == r {
			return bits, true
		}
	}
	return 0, false
}

// quadrants are the quadrant glyphs by bits: 1 upper left, 2 upper right,
// 4 lower left, 8 lower right.
var quadrants = []rune(" ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█")

// qrGlyph is the glyph of g whose inked sub-cells are bits.
func qrGlyph(g QRGlyphs, bits int) rune {
	switch g {
	case QRQuadrant:
		return quadrants[bits]
	case QRSextant:
		return sextant(bits)
	}
	return []rune(" ▀▄█")[bits]
}

// sextant is the glyph of the 2×3 cell whose inked sub-cells are bits: bit
// 0 top left, 1 top right, 2 middle left, 3 middle right, 4 bottom left, 5
// bottom right — Unicode's sextant numbering 1–6 less one. BLOCK SEXTANT-1
// (U+1FB00) is bits 1, and the block runs up in that order to U+1FB3B
// (bits 62) but leaves out the four patterns that already had a glyph:
// none (space), the left column (bits 21, ▌), the right column (bits 42,
// ▐) and all (█).
func sextant(bits int) rune {
	switch bits {
	case 0:
		return ' '
	case 21:
		return '▌'
	case 42:
		return '▐'
	case 63:
		return '█'
	}
	i := bits - 1
	if bits > 21 {
		i--
	}
	if bits > 42 {
		i--
	}
	return rune(0x1FB00 + i)
}

// QRSize reports the cells the code of payload needs drawn with g (QRAuto:
// half blocks), without drawing it.
func QRSize(payload string, g QRGlyphs) (rows, cols int, err error) {
	bm, err := qrBitmap(payload)
	if err != nil {
		return 0, 0, err
	}
	if g == QRAuto {
		g = QRHalf
	}
	cols, rows = qrCells(len(bm), g)
	return rows, cols, nil
}

// qrBitmap encodes payload; true is a dark module. It includes a quiet
// zone of QRQuiet modules.
func qrBitmap(payload string) ([][]bool, error) {
	if payload == "" {
		return nil, errors.New("nothing to draw as a QR code")
	}
	code, err := qrcode.New(payload, qrcode.Low)
	if err != nil {
		return nil, fmt.Errorf("cannot draw a QR code of %d bytes: %w", len(payload), err)
	}
	code.DisableBorder = true
	inner := code.Bitmap()
	if len(inner) == 0 || len(inner[0]) != len(inner) {
		return nil, errors.New("empty QR code")
	}
	n := len(inner) + 2*QRQuiet
	bm := make([][]bool, n)
	for y := range bm {
		bm[y] = make([]bool, n)
		if y >= QRQuiet && y < n-QRQuiet {
			copy(bm[y][QRQuiet:], inner[y-QRQuiet])
		}
	}
	return bm, nil
}
