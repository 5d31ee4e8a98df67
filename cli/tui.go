package cli

import (
	"till/config"
	"till/receipts"
	"till/screens"
)

// receiptOptions are the receipt settings of this till; copy > 0 marks a reprint.
func (t *till) receiptOptions(copy int) receipts.Options {
	return receipts.Options{
		Width: t.Cfg.Till.ReceiptWidth, Location: t.Cfg.Till.Location(), Copy: copy, Cashier: t.cashierName(), Language: t.Cfg.Till.Lang(),
		Header: receipts.Header{ShopName: t.Cfg.Receipt.ShopName, Address: t.Cfg.Receipt.Address, VATNumber: t.Cfg.Receipt.VATNumber, Footer: t.Cfg.Receipt.Footer},
	}
}

// deps are what the TUI needs.
func (t *till) deps() screens.Deps {
	o := t.receiptOptions(0)
	return screens.Deps{
		Engine: t.Engine, StoreID: t.Cfg.Till.StoreID, TerminalID: t.Cfg.Till.TerminalID, Demo: t.Cfg.Demo,
		DemoConfig:   !t.Cfg.Demo && t.Cfg.Mode() == config.ModeDemo, // mode.go
		ReceiptWidth: o.Width, Header: o.Header, Location: o.Location, Cashier: t.Cashier, Language: o.Language,
		Auth: t.Auth, AutoSignIn: t.autoSignIn(), IdleLock: t.Cfg.Till.IdleLockAfter(), // cashier.go
		Print: t.printLinesFunc(), Days: t.Days(), Export: t.ExportFunc(),
		Flowix: t.FlowixAPI(), DemoPay: t.DemoPay, Flash: t.FlashAPI(), Water: t.WaterAPI(), // wire/screens.go
		Pay:      t.payDeps(),                                                                                        // tender.go
		Doctor:   t.doctorFunc(),                                                                                     // doctor.go
		QRGlyphs: t.Cfg.TUI.Glyphs(), AutoPrint: t.Cfg.Printer != nil && t.Cfg.Printer.AutoPrint, Kick: t.kickFunc(), // print.go
	}
}
