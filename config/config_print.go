package config

import (
	"till/receipts"
	"till/ui"
)

// TUIConfig is the [tui] table: how the terminal screens draw.
type TUIConfig struct {
	// QR is how a QR code is drawn: "auto" (the default: half blocks when
	// there is room, then quadrants, then sextants), or always "half",
	// "quadrant" or "sextant" — for a terminal whose font lacks the
	// denser glyphs.
	QR     string `toml:"qr"`
	glyphs ui.QRGlyphs
}

// checkTUI validates the [tui] table.
func checkTUI(tc *TUIConfig, bad func(string, ...any)) {
	g, err := ui.ParseQRGlyphs(tc.QR)
	if err != nil {
		bad("[tui] qr %v", err)
		return
	}
	tc.glyphs = g
}

// checkPrinterExtras validates [printer] qr.
func checkPrinterExtras(pc *PrinterConfig, bad func(string, ...any)) {
	if _, err := receipts.ParseQRMode(pc.QR); err != nil {
		bad("[printer] qr %v", err)
	}
}

// ESCPOS is the printer's ESC/POS options.
func (pc *PrinterConfig) ESCPOS() receipts.ESCPOSOptions {
	if pc == nil {
		return receipts.ESCPOSOptions{}
	}
	m, _ := receipts.ParseQRMode(pc.QR) // validated with the config
	return receipts.ESCPOSOptions{QR: m}
}
