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
	for name, c := range map[string]struct{ dark, noColor bool }{
		"color":         {true, false},
		"nocolor_dark":  {true, true},
		"nocolor_light": {false, true},
	} {
		t.Run(name, func(t *testing.T) {
			q, err := QR(testQRIS, c.dark, c.noColor)
			if err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, q.String())
		})
	}
}

// The drawn glyphs decode back to exactly the encoder's modules, quiet zone
// included, whatever the styling.
func TestQRRoundTrip(t *testing.T) {
	code, err := qrcode.New(testQRIS, qrcode.Low)
	if err != nil {
		t.Fatal(err)
	}
	want := code.Bitmap()
	for _, noColor := range []bool{false, true} {
		q, err := QR(testQRIS, true, noColor)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(ansi.Strip(q.String()), "\n")
		if len(lines) != q.Rows || q.Rows != (len(want)+1)/2 || q.Cols != len(want[0]) {
			t.Fatalf("%d lines, Rows %d Cols %d, bitmap %dx%d", len(lines), q.Rows, q.Cols, len(want), len(want[0]))
		}
		for i, line := range lines {
			cells := []rune(line)
			if len(cells) != q.Cols || ansi.StringWidth(line) != q.Cols {
				t.Fatalf("line %d is %d cells wide, want %d", i, len(cells), q.Cols)
			}
			for x, r := range cells {
				top := r == '█' || r == '▀'
				bottom := r == '█' || r == '▄'
				if !strings.ContainsRune("█▀▄ ", r) {
					t.Fatalf("line %d: unexpected glyph %q", i, r)
				}
				if top != want[2*i][x] || (2*i+1 < len(want) && bottom != want[2*i+1][x]) {
					t.Fatalf("module mismatch at line %d column %d", i, x)
				}
			}
		}
		// Quiet zone: the first and last lines and columns are light.
		if strings.TrimSpace(lines[0]) != "" || strings.TrimSpace(lines[len(lines)-1]) != "" {
			t.Fatal("no quiet zone above or below")
		}
		for _, line := range lines {
			if !strings.HasPrefix(line, "    ") || !strings.HasSuffix(line, "    ") {
				t.Fatal("no quiet zone left or right")
			}
		}
	}
}

func TestQRColoursIgnoreTheTheme(t *testing.T) {
	q, _ := QR(testQRIS, true, false)
	l, _ := QR(testQRIS, false, false)
	if q.String() != l.String() {
		t.Fatal("the colour rendering depends on the terminal's background")
	}
	first := strings.SplitN(q.String(), "\n", 2)[0]
	if !strings.Contains(first, "38;2;0;0;0") || !strings.Contains(first, "48;2;255;255;255") {
		t.Fatalf("not explicit black on white: %q", first[:min(40, len(first))])
	}
	dark, _ := QR(testQRIS, true, true)
	if !strings.Contains(dark.String(), "\x1b[7m") {
		t.Fatal("NO_COLOR on a dark background is not reversed")
	}
	light, _ := QR(testQRIS, false, true)
	if strings.Contains(light.String(), "\x1b[") {
		t.Fatal("NO_COLOR on a light background has escapes")
	}
}

func TestQRSizeAndHint(t *testing.T) {
	rows, cols, err := QRSize(testQRIS)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := QR(testQRIS, true, false)
	if rows != q.Rows || cols != q.Cols {
		t.Fatalf("QRSize %dx%d, QR %dx%d", rows, cols, q.Rows, q.Cols)
	}
	if rows < 25 || rows > 35 {
		t.Fatalf("a QRIS code needs %d rows; the screens say about 30", rows)
	}
	if q.Fits(80, 24) || q.Hint(80, 24) == "" || !strings.Contains(q.Hint(80, 24), "rows") {
		t.Fatalf("fits 80x24: %q", q.Hint(80, 24))
	}
	if !q.Fits(120, 40) || q.Hint(120, 40) != "" {
		t.Fatal("does not fit 120x40")
	}
	if _, err := QR("", true, false); err == nil {
		t.Fatal("empty payload drawn")
	}
	if _, _, err := QRSize(strings.Repeat("x", 3000)); err == nil {
		t.Fatal("oversized payload drawn")
	}
}
