package receipts

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// QRMode is how a slip's QR code reaches the printer.
type QRMode int

const (
	// QRNative sends the payload with the printer's own QR command (GS ( k,
	// model 2): the printer encodes and draws it. Epson TM-T20/T82/T88 and
	// the printers that copy them have it.
	QRNative QRMode = iota
	// QRRaster encodes the code here and sends it as a bitmap (GS v 0), for
	// a printer without GS ( k (older or very cheap ones, which print the
	// payload as garbage text or nothing at all).
	QRRaster
)

// ParseQRMode reads [printer] qr: "native" (also "") or "raster".
func ParseQRMode(s string) (QRMode, error) {
	switch s {
	case "", "native":
		return QRNative, nil
	case "raster":
		return QRRaster, nil
	}
	return QRNative, fmt.Errorf("%q is not native or raster", s)
}

// ESCPOSOptions are a printer's own settings for ESCPOSWith.
type ESCPOSOptions struct {
	// QR is how a Line's QR code is sent.
	QR QRMode
	// Kick pulses the cash drawer (ESC p) at the start of the job: a sale
	// or a payout that took or paid out cash.
	Kick bool
}

// The QR and drawer commands (Epson ESC/POS):
//
//	ESC a n               1B 61 n                 justify: 0 left, 1 centre
//	GS ( k … 31 41 32 00  1D 28 6B 04 00 31 41 32 00  QR: model 2
//	GS ( k … 31 43 n      1D 28 6B 03 00 31 43 n  QR: module size n dots
//	GS ( k … 31 45 n      1D 28 6B 03 00 31 45 n  QR: error level (48 L, 49 M, 50 Q, 51 H)
//	GS ( k pL pH 31 50 30 d…                      QR: store the data (pL+256pH = len+3)
//	GS ( k … 31 51 30     1D 28 6B 03 00 31 51 30 QR: print the stored code
//	GS v 0 m xL xH yL yH d…  1D 76 30 …           raster image, x bytes × y dots
//	ESC p m t1 t2         1B 70 00 19 FA          drawer pulse on pin 2: 50 ms on, 500 ms off
var (
	escCentre   = []byte{0x1b, 'a', 1}
	escLeft     = []byte{0x1b, 'a', 0}
	escKick     = []byte{0x1b, 'p', 0, 0x19, 0xfa}
	qrModel2    = []byte{0x1d, '(', 'k', 4, 0, '1', 'A', '2', 0}
	qrErrorM    = []byte{0x1d, '(', 'k', 3, 0, '1', 'E', '1'}
	qrPrintCode = []byte{0x1d, '(', 'k', 3, 0, '1', 'Q', '0'}
)

// QRModuleDots is the size of one module on paper, in printer dots (at
// 203 dpi, 6 dots is 0.75 mm: a version-7 QRIS code is 34 mm wide, which
// any phone reads at arm's length).
const QRModuleDots = 6

// qrRasterDots is the widest raster code sent: 384 dots fits 58 mm paper,
// and so every printer.
const qrRasterDots = 384

// qrStoreMax is the most GS ( k can store in one command (pL pH).
const qrStoreMax = 7089

// printableQR reports whether a payload is printable ASCII (a QRIS payload
// and a URL always are): nothing else is sent to a printer.
func printableQR(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return s != "" && len(s) <= qrStoreMax
}

// appendQR appends the QR code of payload, centred, then a line feed. A
// payload that is not printable ASCII, or that cannot be encoded, prints a
// line saying so instead: a printer never receives anything else.
func appendQR(b []byte, payload string, mode QRMode) []byte {
	if !printableQR(payload) {
		return append(b, "(QR code not printable)\n"...)
	}
	b = append(b, escCentre...)
	switch mode {
	case QRRaster:
		img, ok := rasterQR(payload)
		if !ok {
			b = append(b, "(QR code too large to print)\n"...)
			return append(b, escLeft...)
		}
		b = append(b, img...)
	default:
		b = append(b, qrModel2...)
		b = append(b, 0x1d, '(', 'k', 3, 0, '1', 'C', QRModuleDots)
		b = append(b, qrErrorM...)
		n := len(payload) + 3
		b = append(b, 0x1d, '(', 'k', byte(n), byte(n>>8), '1', 'P', '0')
		b = append(b, payload...)
		b = append(b, qrPrintCode...)
	}
	b = append(b, '\n')
	return append(b, escLeft...)
}

// rasterQR encodes payload (error level M, as the native command) as a GS v
// 0 image: each module a square of dots, with a four-module quiet zone, at
// most qrRasterDots wide.
func rasterQR(payload string) ([]byte, bool) {
	code, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		return nil, false
	}
	bm := code.Bitmap() // quiet zone of four modules included
	n := len(bm)
	dots := min(QRModuleDots, qrRasterDots/n)
	if dots < 2 {
		return nil, false
	}
	w := n * dots
	xBytes := (w + 7) / 8
	out := []byte{0x1d, 'v', '0', 0, byte(xBytes), byte(xBytes >> 8), byte(w), byte(w >> 8)}
	row := make([]byte, xBytes)
	for y := range n {
		clear(row)
		for x := range n {
			if !bm[y][x] {
				continue
			}
			for d := range dots {
				px := x*dots + d
				row[px/8] |= 0x80 >> (px % 8)
			}
		}
		for range dots {
			out = append(out, row...)
		}
	}
	return out, true
}

// DrawerKick is a job that only opens the cash drawer: initialise, then
// the pulse. Nothing is printed and nothing is cut.
func DrawerKick() []byte {
	return append(append([]byte{}, escInit...), escKick...)
}
