package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	qrcode "github.com/skip2/go-qrcode"
)

// testQRIS is a dynamic QRIS payload as the Flowix sandbox makes it.
const testQRIS = "00020101021226650016ID.CO.FLOWIX.WWW01189360099900000000170212FLX0000000170303UMI" +
	"51440014ID.CO.QRIS.WWW0215ID10230000000170303UMI5204599953033605405507005802ID" +
	"5909TOKO DEMO6007JAKARTA61051011062330121DEP-SBX-231025-0000010704TILL6304BCFD"

func TestQRGolden(t *testing.T) {
	for _, g := range []QRGlyphs{QRHalf, QRQuadrant, QRSextant} {
		for name, c := range map[string]struct{ dark, noColor bool }{
			"color_dark":    {true, false},
			"color_light":   {false, false},
			"nocolor_dark":  {true, true},
			"nocolor_light": {false, true},
		} {
			t.Run(g.String()+"_"+name, func(t *testing.T) {
				q, err := QR(testQRIS, g, c.dark, c.noColor)
				if err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, q.String())
			})
		}
	}
}

// The drawn glyphs decode back to exactly the encoder's modules, quiet zone
// included, for every glyph set, theme and colour setting: the ink is the
// dark modules on a light terminal and the light ones on a dark terminal.
func TestQRRoundTrip(t *testing.T) {
	code, err := qrcode.New(testQRIS, qrcode.Low)
	if err != nil {
		t.Fatal(err)
	}
	code.DisableBorder = true
	inner := code.Bitmap()
	n := len(inner) + 2*QRQuiet
	dark := func(x, y int) bool {
		x, y = x-QRQuiet, y-QRQuiet
		return x >= 0 && y >= 0 && x < len(inner) && y < len(inner) && inner[y][x]
	}
	for _, g := range []QRGlyphs{QRHalf, QRQuadrant, QRSextant} {
		for _, isDark := range []bool{false, true} {
			for _, noColor := range []bool{false, true} {
				q, err := QR(testQRIS, g, isDark, noColor)
				if err != nil {
					t.Fatal(err)
				}
				w, h := g.cell()
				lines := strings.Split(ansi.Strip(q.String()), "\n")
				if q.Modules != n || len(lines) != q.Rows || q.Rows != (n+h-1)/h || q.Cols != (n+w-1)/w {
					t.Fatalf("%v: %d lines, %dx%d cells, %d modules", g, len(lines), q.Cols, q.Rows, q.Modules)
				}
				for r, line := range lines {
					cells := []rune(line)
					if len(cells) != q.Cols || ansi.StringWidth(line) != q.Cols {
						t.Fatalf("%v line %d is %d cells wide, want %d", g, r, ansi.StringWidth(line), q.Cols)
					}
					for c, glyph := range cells {
						bits, ok := QRGlyphInk(g, glyph)
						if !ok {
							t.Fatalf("%v: unexpected glyph %q", g, glyph)
						}
						for dy := range h {
							for dx := range w {
								x, y := c*w+dx, r*h+dy
								ink := bits&(1<<(dy*w+dx)) != 0
								if ink != (dark(x, y) != isDark) {
									t.Fatalf("%v dark=%v: module %d,%d wrong", g, isDark, x, y)
								}
							}
						}
					}
				}
			}
		}
	}
}

// The sextants are the Unicode 13 block: 60 glyphs in pattern order, the
// four older patterns (space, ▌, ▐, █) left out.
func TestSextantCodePoints(t *testing.T) {
	seen := map[rune]int{}
	for bits := range 64 {
		seen[sextant(bits)] = bits
	}
	if len(seen) != 64 || sextant(1) != 0x1FB00 || sextant(62) != 0x1FB3B || sextant(20) != 0x1FB13 ||
		sextant(22) != 0x1FB14 || sextant(41) != 0x1FB27 || sextant(43) != 0x1FB28 {
		t.Fatalf("sextants: %d distinct, 1=%U 20=%U 22=%U 41=%U 43=%U 62=%U", len(seen), sextant(1), sextant(20),
			sextant(22), sextant(41), sextant(43), sextant(62))
	}
	if sextant(0) != ' ' || sextant(21) != '▌' || sextant(42) != '▐' || sextant(63) != '█' {
		t.Fatal("the four older patterns")
	}
}

func TestQRColours(t *testing.T) {
	for _, isDark := range []bool{false, true} {
		q, _ := QR(testQRIS, QRSextant, isDark, false)
		first := strings.SplitN(q.String(), "\n", 2)[0]
		fg, bg := "38;2;0;0;0", "48;2;255;255;255"
		if isDark {
			fg, bg = "38;2;255;255;255", "48;2;0;0;0"
		}
		if !strings.Contains(first, fg) || !strings.Contains(first, bg) {
			t.Fatalf("dark=%v: not explicit colours: %q", isDark, first[:min(60, len(first))])
		}
	}
	for _, isDark := range []bool{false, true} {
		q, _ := QR(testQRIS, QRSextant, isDark, true)
		if strings.Contains(q.String(), "\x1b[") {
			t.Fatal("NO_COLOR: the glyphs alone draw the code, with no escapes")
		}
	}
}

func TestQRFitAndSize(t *testing.T) {
	for _, c := range []struct {
		g          QRGlyphs
		rows, cols int
	}{{QRHalf, 25, 49}, {QRQuadrant, 25, 25}, {QRSextant, 17, 25}} {
		rows, cols, err := QRSize(testQRIS, c.g)
		if err != nil || rows != c.rows || cols != c.cols {
			t.Fatalf("%v: %dx%d, want %dx%d (%v)", c.g, cols, rows, c.cols, c.rows, err)
		}
	}
	room := func(w, h int) func(int, int) bool { return func(c, r int) bool { return c <= w && r <= h } }
	for _, c := range []struct {
		w, h int
		g    QRGlyphs
		want QRGlyphs
		ok   bool
	}{
		{60, 30, QRAuto, QRHalf, true},
		{30, 30, QRAuto, QRSextant, true}, // never quadrants
		{30, 18, QRAuto, QRSextant, true},
		{30, 16, QRAuto, QRSextant, false},
		{30, 30, QRQuadrant, QRQuadrant, true},
		{60, 20, QRHalf, QRHalf, false},
	} {
		q, ok, err := QRFit(testQRIS, c.g, false, false, room(c.w, c.h))
		if err != nil || ok != c.ok || q.Glyphs != c.want {
			t.Errorf("%dx%d %v: %v %v %v", c.w, c.h, c.g, q.Glyphs, ok, err)
		}
		if !ok && q.Hint(c.w, c.h) == "" {
			t.Errorf("%dx%d: no hint", c.w, c.h)
		}
	}
	if _, err := QR("", QRHalf, true, false); err == nil {
		t.Fatal("empty payload drawn")
	}
	if _, _, err := QRSize(strings.Repeat("x", 3000), QRHalf); err == nil {
		t.Fatal("oversized payload drawn")
	}
}

func TestParseQRGlyphs(t *testing.T) {
	for s, want := range map[string]QRGlyphs{"": QRAuto, "auto": QRAuto, "half": QRHalf, "quadrant": QRQuadrant, "sextant": QRSextant} {
		if g, err := ParseQRGlyphs(s); err != nil || g != want || (s != "" && g.String() != s) {
			t.Errorf("%q: %v %v", s, g, err)
		}
	}
	for _, s := range []string{"Half", "sextants", "braille", " auto"} {
		if _, err := ParseQRGlyphs(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}
