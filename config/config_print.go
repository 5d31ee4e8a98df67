package config

import (
	"strings"
	"time"

	"till/printer"
	"till/receipts"
	"till/ui"
)

// PrinterConfig is the [printer] table: where receipts and reports are
// printed (ESC/POS). Exactly one of device, tcp and file is set.
type PrinterConfig struct {
	Device  string `toml:"device"`  // e.g. /dev/usb/lp0
	TCP     string `toml:"tcp"`     // host:port of a network printer (port 9100 if left out)
	File    string `toml:"file"`    // a file each job is appended to
	Timeout string `toml:"timeout"` // one job: connect and write; default "10s"
	timeout time.Duration
	// QR is checked by checkPrinterExtras and read by ESCPOS (below).
	QR         string `toml:"qr"`          // "native" (GS ( k, the default) or "raster" (GS v 0)
	AutoPrint  bool   `toml:"auto_print"`  // print every delivered sale's slip
	DrawerKick bool   `toml:"drawer_kick"` // pulse the cash drawer when cash is taken or paid out
}

// checkPrinter validates the [printer] table and fills its timeout.
func checkPrinter(pc *PrinterConfig, bad func(string, ...any)) {
	set := 0
	for _, v := range []string{pc.Device, pc.TCP, pc.File} {
		if v != "" {
			set++
		}
	}
	if set != 1 {
		bad("[printer] needs exactly one of device, tcp and file (%d are set)", set)
		return
	}
	pc.timeout = printer.DefaultTimeout
	if pc.Timeout != "" {
		d, err := parsePositiveDuration(pc.Timeout)
		if err != nil {
			bad("[printer] timeout: %v", err)
			return
		}
		pc.timeout = d
	}
	if _, err := printer.Open(pc.Config()); err != nil {
		bad("[printer] %v", strings.TrimPrefix(err.Error(), "printer "))
	}
}

// Config is the printer package's form of the table.
func (pc *PrinterConfig) Config() printer.Config {
	return printer.Config{Device: pc.Device, TCP: pc.TCP, File: pc.File, Timeout: pc.timeout}
}

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
