package receipts

// ESC/POS is the command language of nearly every thermal receipt printer
// (Epson TM series and the many printers that copy it). ESCPOS uses only
// the handful of commands every one of them understands:
//
//	ESC @        1B 40        initialise: default font, styles off
//	ESC E n      1B 45 n      bold on (n = 1) or off (n = 0)
//	GS ! n       1D 21 n      character size: 0x01 double height, 0x00 normal
//	LF           0A           print the line and feed one line
//	ESC d n      1B 64 n      print and feed n lines
//	GS V m       1D 56 01     partial cut (a printer without a cutter ignores it)
//
// Double height keeps the character width, so a line still fits the paper's
// columns.
var (
	escInit       = []byte{0x1b, '@'}
	escBoldOn     = []byte{0x1b, 'E', 1}
	escBoldOff    = []byte{0x1b, 'E', 0}
	escTallOn     = []byte{0x1d, '!', 0x01}
	escTallOff    = []byte{0x1d, '!', 0x00}
	escFeedBefore = []byte{0x1b, 'd', 4}
	escCut        = []byte{0x1d, 'V', 1}
)

// ESCPOS turns receipt or report lines into the bytes of one ESC/POS print
// job: initialise, each line followed by LF, emphasised lines bold, secret
// lines (PINs, tokens) bold and double height, then a feed of four lines so
// the last line clears the cutter, and a partial cut. Styles are switched
// only where they change and are off before the cut. Any byte of a line
// outside printable ASCII is printed as '?', so text can never smuggle a
// printer command in (Lines never produces one).
func ESCPOS(lines []Line) []byte { return ESCPOSWith(lines, ESCPOSOptions{}) }

// ESCPOSWith is ESCPOS with the printer's options: a line's QR code drawn
// natively or as a raster image, and the cash drawer kicked first
// (escpos_qr.go).
func ESCPOSWith(lines []Line, opt ESCPOSOptions) []byte {
	n := len(escInit) + len(escFeedBefore) + len(escCut) + 12
	for _, l := range lines {
		n += len(l.Text) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, escInit...)
	if opt.Kick {
		b = append(b, escKick...)
	}
	bold, tall := false, false
	for _, l := range lines {
		if l.QR != "" {
			b = appendQR(b, l.QR, opt.QR)
			continue
		}
		if wantBold := l.Emphasis || l.Secret; wantBold != bold {
			b = append(b, pick(wantBold, escBoldOn, escBoldOff)...)
			bold = wantBold
		}
		if l.Secret != tall {
			b = append(b, pick(l.Secret, escTallOn, escTallOff)...)
			tall = l.Secret
		}
		for i := 0; i < len(l.Text); i++ {
			c := l.Text[i]
			if c < 0x20 || c > 0x7e {
				c = '?'
			}
			b = append(b, c)
		}
		b = append(b, '\n')
	}
	if bold {
		b = append(b, escBoldOff...)
	}
	if tall {
		b = append(b, escTallOff...)
	}
	b = append(b, escFeedBefore...)
	return append(b, escCut...)
}

func pick(cond bool, yes, no []byte) []byte {
	if cond {
		return yes
	}
	return no
}
