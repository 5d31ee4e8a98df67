package screens

import (
	"context"
	"image"
	"image/color"
	"strings"
	"testing"

	flowixui "till/screens/flowix"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// A terminal as the decoding tests draw it: each cell 12×24 pixels (the
// usual 1:2 of a monospace font), and the theme's own colours for a cell
// drawn without colour.
const cellW, cellH = 12, 24

type theme struct {
	name    string
	dark    bool
	noColor bool
	fg, bg  color.Color // the terminal's default colours
}

var qrThemes = []theme{
	{"light", false, false, color.RGBA{0x1c, 0x1c, 0x1c, 0xff}, color.RGBA{0xfa, 0xfa, 0xfa, 0xff}},
	{"dark", true, false, color.RGBA{0xd0, 0xd0, 0xd0, 0xff}, color.RGBA{0x1e, 0x1e, 0x1e, 0xff}},
	{"nocolor_light", false, true, color.RGBA{0x1c, 0x1c, 0x1c, 0xff}, color.RGBA{0xfa, 0xfa, 0xfa, 0xff}},
	{"nocolor_dark", true, true, color.RGBA{0xd0, 0xd0, 0xd0, 0xff}, color.RGBA{0x1e, 0x1e, 0x1e, 0xff}},
}

// glyphInk reports whether glyph r inks the point (fx, fy) of its cell
// (0 ≤ fx, fy < 1), from the glyph's identity alone — Unicode's own
// description of the block elements, written out here independently of
// the drawing code. Any other character (text) is drawn as background.
func glyphInk(r rune, fx, fy float64) (ink, block bool) {
	left, top := fx < 0.5, fy < 0.5
	switch r {
	case ' ':
		return false, true
	case '█':
		return true, true
	case '▀':
		return top, true
	case '▄':
		return !top, true
	case '▌':
		return left, true
	case '▐':
		return !left, true
	case '▘':
		return top && left, true
	case '▝':
		return top && !left, true
	case '▖':
		return !top && left, true
	case '▗':
		return !top && !left, true
	case '▚':
		return top == left, true
	case '▞':
		return top != left, true
	case '▙':
		return !(top && !left), true
	case '▛':
		return !(!top && !left), true
	case '▜':
		return !(!top && left), true
	case '▟':
		return !(top && left), true
	}
	if r >= 0x1FB00 && r <= 0x1FB3B {
		// BLOCK SEXTANT-n…: cells 1–6 are top left, top right, middle
		// left, … bottom right; the block counts the patterns up from
		// SEXTANT-1, leaving out the left and right columns (▌ ▐).
		v := int(r-0x1FB00) + 1
		if v >= 21 {
			v++
		}
		if v >= 42 {
			v++
		}
		cell := min(int(fy*3), 2)*2 + map[bool]int{true: 0, false: 1}[left]
		return v&(1<<cell) != 0, true
	}
	return false, false
}

// screenImage draws a view as a terminal with theme th would: every cell's
// glyph to pixels, ink in the cell's foreground and the rest in its
// background (swapped by reverse video), the theme's colours where the
// view sets none.
func screenImage(t *testing.T, view string, w, h int, th theme) *image.Gray {
	t.Helper()
	scr := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(view).Draw(scr, uv.Rect(0, 0, w, h))
	img := image.NewGray(image.Rect(0, 0, w*cellW, h*cellH))
	for y := range h {
		for x := range w {
			c := scr.CellAt(x, y)
			r, fg, bg := ' ', th.fg, th.bg
			if c != nil {
				if rs := []rune(c.Content); len(rs) > 0 {
					r = rs[0]
				}
				if c.Style.Fg != nil {
					fg = c.Style.Fg
				}
				if c.Style.Bg != nil {
					bg = c.Style.Bg
				}
				if c.Style.Attrs&uv.AttrReverse != 0 {
					fg, bg = bg, fg
				}
			}
			for py := range cellH {
				for px := range cellW {
					ink, _ := glyphInk(r, (float64(px)+0.5)/cellW, (float64(py)+0.5)/cellH)
					col := bg
					if ink {
						col = fg
					}
					img.Set(x*cellW+px, y*cellH+py, color.GrayModel.Convert(col))
				}
			}
		}
	}
	return img
}

// decodeQR reads the one QR code in img, as a phone's reader would.
func decodeQR(t *testing.T, img image.Image) (string, error) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// drawnGlyphs names the glyph set a view draws its code with, from the
// glyphs it uses.
func drawnGlyphs(view string) ui.QRGlyphs {
	switch {
	case strings.ContainsFunc(view, func(r rune) bool { return r >= 0x1FB00 && r <= 0x1FB3B }):
		return ui.QRSextant
	case strings.ContainsAny(view, "▘▝▖▗▚▞▙▛▜▟"):
		return ui.QRQuadrant
	case strings.ContainsAny(view, "▀▄"):
		return ui.QRHalf
	}
	return ui.QRAuto
}

// styleApp puts the App on a light or dark terminal, with or without
// colour.
func styleApp(send func(tea.Msg) tea.Cmd, th theme) {
	if th.dark {
		send(tea.BackgroundColorMsg{Color: color.Black})
	} else {
		send(tea.BackgroundColorMsg{Color: color.White})
	}
	if th.noColor {
		send(tea.EnvMsg{"NO_COLOR=1"})
	}
}

var qrSizes = []struct {
	w, h int
	want ui.QRGlyphs // for the 237-character QRIS payload (version 7)
}{
	{80, 24, ui.QRSextant},
	{100, 30, ui.QRSextant}, // half blocks need 25 rows beside 48 columns; quadrants are never automatic
	{120, 40, ui.QRHalf},
}

// checkDecodes decodes the App's view as drawn and compares it with the
// provider's payload.
func checkDecodes(t *testing.T, view string, w, h int, th theme, payload string) ui.QRGlyphs {
	t.Helper()
	if n := len(strings.Split(view, "\n")); n > h {
		t.Fatalf("view has %d lines, the window %d", n, h)
	}
	got, err := decodeQR(t, screenImage(t, view, w, h, th))
	if err != nil {
		t.Fatalf("no QR code decoded at %dx%d %s: %v\n%s", w, h, th.name, err, view)
	}
	if got != payload {
		t.Fatalf("decoded %q, the provider gave %q", got, payload)
	}
	return drawnGlyphs(view)
}

// TestQRDecodesAsDrawnDeposit: the QRIS deposit's code, read back from the
// screen by a real QR decoder, is the provider's payload — at 80×24 in
// sextants beside the amount and the countdown, 100×30 in sextants (half
// blocks do not fit, and quadrants do not scan: TestQRQuadrantsStretched)
// and 120×40 in half blocks, on light and dark terminals, with and without
// colour.
func TestQRDecodesAsDrawnDeposit(t *testing.T) {
	for _, sz := range qrSizes {
		for _, th := range qrThemes {
			t.Run(th.name+"_"+itoa(sz.w)+"x"+itoa(sz.h), func(t *testing.T) {
				f := newFxFixture(t, sz.w, sz.h)
				styleApp(f.send, th)
				d := f.startDeposit("50000", "1")
				payload := d.Pay().Payload()
				if len(payload) != 237 {
					t.Fatalf("payload of %d characters", len(payload))
				}
				view := f.app.View().Content
				if g := checkDecodes(t, view, sz.w, sz.h, th, payload); g != sz.want {
					t.Fatalf("drawn with %v, want %v", g, sz.want)
				}
				plain := f.view()
				for _, want := range []string{"Total to pay  Rp 50.700", "Expires in    15:00"} {
					if !strings.Contains(plain, want) {
						t.Fatalf("no %q beside the code:\n%s", want, plain)
					}
				}
			})
		}
	}
}

// TestQRDecodesAsDrawnTender: the QRIS tender of a pulsa sale, through the
// App.
func TestQRDecodesAsDrawnTender(t *testing.T) {
	for _, sz := range qrSizes {
		for _, th := range qrThemes {
			t.Run(th.name+"_"+itoa(sz.w)+"x"+itoa(sz.h), func(t *testing.T) {
				f := newFxFixture(t, sz.w, sz.h)
				styleApp(f.send, th)
				q := f.startTenderQRIS()
				view := f.app.View().Content
				if g := checkDecodes(t, view, sz.w, sz.h, th, q.Payload()); g != sz.want {
					t.Fatalf("drawn with %v, want %v", g, sz.want)
				}
				if plain := f.view(); !strings.Contains(plain, "Total to pay  Rp 10.500") || !strings.Contains(plain, "Expires in") {
					t.Fatalf("no amount or countdown beside the code:\n%s", plain)
				}
			})
		}
	}
}

// startTenderQRIS sells Telkomsel pulsa and takes QRIS for it, up to the
// code drawn.
func (f *fxFixture) startTenderQRIS() *flow.QRISPay {
	f.t.Helper()
	f.toPulsaConfirm("TSEL10", "081234567890")
	f.press("2") // 1 Cash, 2 QRIS
	f.confirm()
	p := active[*flowixui.Pulsa](f)
	if p.TenderStep() == nil || p.TenderStep().State().Step != flow.StepQRIS {
		f.t.Fatalf("pulsa step %v, not the QRIS tender:\n%s", p.Step(), f.view())
	}
	tn := p.TenderStep()
	f.send(flow.TenderQRISReadyMsg{ID: tn.ID()})
	q := tn.QRIS()
	s, err := f.engine.Sell(context.Background(), q.Started())
	f.send(flow.QRISSoldMsg{ID: q.ID(), Sale: s, Err: err})
	if q.Payload() == "" || s.State != sale.StatePending {
		f.t.Fatalf("deposit %+v, %v", s, err)
	}
	return q
}

// TestQRDecodesAsDrawn3DS: a card's 3-D Secure link. It is a short URL (a
// version-4 code), so each size draws it as large as it fits; every glyph
// set is also forced ([tui] qr) and read back.
func TestQRDecodesAsDrawn3DS(t *testing.T) {
	url := "http://127.0.0.1:8700/flutterwave/v3/_sandbox/3ds?ref=FLW-SBX-00000008"
	open := func(t *testing.T, w, h int, th theme, g ui.QRGlyphs) *payFixture {
		f := newPayFixture(t, h)
		f.app.env.D.QRGlyphs = g
		f.send(tea.WindowSizeMsg{Width: w, Height: h})
		styleApp(f.send, th)
		f.payBy3DS(url)
		if tn := f.tenderStep(); tn.State().Step != flow.StepWaiting || !tn.FullHeight() {
			t.Fatalf("tender step %v", tn.State().Step)
		}
		return f
	}
	want := map[int]ui.QRGlyphs{80: ui.QRSextant, 100: ui.QRHalf, 120: ui.QRHalf}
	for _, sz := range qrSizes {
		for _, th := range qrThemes {
			t.Run(th.name+"_"+itoa(sz.w)+"x"+itoa(sz.h), func(t *testing.T) {
				f := open(t, sz.w, sz.h, th, ui.QRAuto)
				if g := checkDecodes(t, f.app.View().Content, sz.w, sz.h, th, url); g != want[sz.w] {
					t.Fatalf("drawn with %v, want %v", g, want[sz.w])
				}
				if v := f.view(); !strings.Contains(v, "Charge") || !strings.Contains(v, "Waiting") {
					t.Fatalf("no charge or wait beside the code:\n%s", v)
				}
			})
		}
	}
	for _, g := range []ui.QRGlyphs{ui.QRHalf, ui.QRSextant} {
		for _, th := range qrThemes {
			t.Run("forced_"+g.String()+"_"+th.name, func(t *testing.T) {
				f := open(t, 120, 40, th, g)
				if got := checkDecodes(t, f.app.View().Content, 120, 40, th, url); got != g {
					t.Fatalf("drawn with %v, [tui] qr = %v", got, g)
				}
			})
		}
	}
}

// TestQRQuadrantsStretched is why auto never draws quadrants: on a 1:2
// cell their modules are twice as high as wide, and a ZXing reader finds
// no code. The same code drawn on a terminal with square cells reads, so
// the glyphs themselves are right ([tui] qr = "quadrant" is for that).
func TestQRQuadrantsStretched(t *testing.T) {
	url := "http://127.0.0.1:8700/flutterwave/v3/_sandbox/3ds?ref=FLW-SBX-00000008"
	for _, th := range qrThemes {
		q, err := ui.QR(url, ui.QRQuadrant, th.dark, th.noColor)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decodeQR(t, screenImage(t, q.String(), q.Cols, q.Rows, th)); err == nil {
			t.Errorf("%s: a stretched quadrant code decoded: QRAuto may use quadrants again", th.name)
		}
		if got, err := decodeQR(t, squareImage(t, q.String(), q.Cols, q.Rows, th)); err != nil || got != url {
			t.Errorf("%s: quadrants on square cells: %q, %v", th.name, got, err)
		}
	}
}

// squareImage is screenImage on a terminal with square cells.
func squareImage(t *testing.T, view string, w, h int, th theme) image.Image {
	img := screenImage(t, view, w, h, th)
	// Halve the height: every other row of pixels of a 12×24 cell.
	out := image.NewGray(image.Rect(0, 0, w*cellW, h*cellH/2))
	for y := range h * cellH / 2 {
		for x := range w * cellW {
			out.SetGray(x, y, img.GrayAt(x, 2*y))
		}
	}
	return out
}
