package screens

import (
	"time"

	"till/sale"
)

// ScreenID names a screen of the till. Every screen is declared here, once,
// with its name and how the App opens it (the registry below).
type ScreenID int

// Screens.
const (
	// ScreenHome is the main menu.
	ScreenHome ScreenID = iota
	// ScreenAirtime is the airtime sale flow.
	ScreenAirtime
	// ScreenUnresolved lists the sales still being settled.
	ScreenUnresolved
	// ScreenJournal lists and searches the journal.
	ScreenJournal
	// ScreenSale shows one sale and its receipt.
	ScreenSale
	// ScreenWater is the 1Flow water recharge flow.
	ScreenWater
	// ScreenSupervise settles one unresolved sale by hand.
	ScreenSupervise

	// ScreenElectricity sells prepaid electricity: meter lookup first.
	ScreenElectricity
	// ScreenVoucherMenu is the 1Voucher menu: sell, redeem, refund, disburse.
	ScreenVoucherMenu
	// ScreenVoucherBuy sells a 1Voucher.
	ScreenVoucherBuy
	// ScreenVoucherRedeem redeems a 1Voucher, fully or partly.
	ScreenVoucherRedeem
	// ScreenVoucherRefund refunds a 1Voucher redemption as a new voucher.
	ScreenVoucherRefund
	// ScreenVoucherDisburse disburses a 1Voucher from the shop's account.
	ScreenVoucherDisburse
	// ScreenGiftVoucher sells a gift voucher from the catalogue.
	ScreenGiftVoucher
	// ScreenEezi sells an Eezi voucher from the catalogue.
	ScreenEezi
	// ScreenCashOutMenu is the cash-out PIN menu: sell, look up, cancel.
	ScreenCashOutMenu
	// ScreenCashOutBuy sells a cash-out PIN.
	ScreenCashOutBuy
	// ScreenCashOutLookup looks a cash-out PIN up by serial number.
	ScreenCashOutLookup
	// ScreenCashOutCancel cancels a cash-out PIN this till sold.
	ScreenCashOutCancel

	// ScreenPulsa sells pulsa, data, PLN tokens and game credit (Flowix
	// prabayar services).
	ScreenPulsa
	// ScreenBill checks and pays a postpaid bill (Flowix pascabayar).
	ScreenBill
	// ScreenDeposit tops up the Flowix balance with a QRIS (or virtual
	// account) deposit the customer pays.
	ScreenDeposit
	// ScreenPayout sends the customer's cash to a bank account or
	// e-wallet.
	ScreenPayout

	// ScreenEndOfDay is the end-of-day screen: the X report, the Z report
	// that closes the business day, printing and export.
	ScreenEndOfDay
	// ScreenDoctor is the back office's "Till check": the checks of `till
	// doctor` (config, journal, providers, printer, clock), run without
	// moving money.
	ScreenDoctor
	// ScreenPayments lists the payments that need a person.
	ScreenPayments
	// ScreenSignOut is not a screen: navigating to it (the home menu's
	// "Sign out") ends the cashier's shift and shows the sign-in gate
	// (signin_app.go).
	ScreenSignOut

	// screenCount is the number of screen ids; keep it last.
	screenCount
)

// opening is what a screen is opened with: the App's clock, the
// NavigateMsg that asked for it and the unresolved sales the App knows.
type opening struct {
	now        time.Time
	msg        NavigateMsg
	unresolved []sale.Sale
}

// screenDef is one entry of the registry: the screen's name (String) and
// how to open it (nil: the App does not stack it).
type screenDef struct {
	name string
	open func(e *env, o opening) Screen
}

// flashFlowDef is the registry entry of a Flash spec flow (flash_specs.go).
func flashFlowDef(name string) screenDef { return screenDef{name, openFlash} }

// screenDefs is the registry: every ScreenID's name and opener.
var screenDefs = [screenCount]screenDef{
	ScreenHome:    {"Home", func(e *env, _ opening) Screen { return newHome(e) }},
	ScreenAirtime: {"Sell airtime", func(e *env, o opening) Screen { return newAirtime(e, o.now) }},
	ScreenUnresolved: {"Unresolved sales", func(e *env, o opening) Screen {
		return newUnresolved(e, o.now, o.unresolved)
	}},
	ScreenJournal:   {"Journal", func(e *env, o opening) Screen { return newJournal(e, o.now) }},
	ScreenSale:      {"Sale", func(e *env, o opening) Screen { return newDetail(e, o.msg.Ref) }},
	ScreenWater:     {"Sell water", func(e *env, o opening) Screen { return newWater(e, o.now) }},
	ScreenSupervise: {"Supervisor settlement", func(e *env, o opening) Screen { return newSupervise(e, o.msg.Ref) }},

	ScreenElectricity:     flashFlowDef("Electricity"),
	ScreenVoucherMenu:     flashFlowDef("1Voucher"),
	ScreenVoucherBuy:      flashFlowDef("Sell a 1Voucher"),
	ScreenVoucherRedeem:   flashFlowDef("Redeem a 1Voucher"),
	ScreenVoucherRefund:   flashFlowDef("Refund a redemption"),
	ScreenVoucherDisburse: flashFlowDef("Disburse a 1Voucher"),
	ScreenGiftVoucher:     flashFlowDef("Gift voucher"),
	ScreenEezi:            flashFlowDef("Eezi voucher"),
	ScreenCashOutMenu:     flashFlowDef("Cash-out PIN"),
	ScreenCashOutBuy:      flashFlowDef("Sell a cash-out PIN"),
	ScreenCashOutLookup:   flashFlowDef("Look up a cash-out PIN"),
	ScreenCashOutCancel:   flashFlowDef("Cancel a cash-out PIN"),

	ScreenPulsa:   {"Pulsa & PPOB", func(e *env, o opening) Screen { return newPulsa(e, o.now) }},
	ScreenBill:    {"Pay a bill", func(e *env, o opening) Screen { return newBill(e, o.now) }},
	ScreenDeposit: {"QRIS deposit", func(e *env, o opening) Screen { return newDeposit(e, o.now) }},
	ScreenPayout:  {"Bank payout", func(e *env, o opening) Screen { return newPayout(e, o.now) }},

	ScreenEndOfDay: {"End of day", func(e *env, o opening) Screen { return newEOD(e, o.now) }},
	ScreenDoctor:   {"Till check", func(e *env, _ opening) Screen { return newDoctorScreen(e) }},
	ScreenPayments: {"Payments", func(e *env, o opening) Screen { return newPayments(e, o.now) }},
	ScreenSignOut:  {"Sign out", nil},
}

// String names the screen.
func (s ScreenID) String() string {
	if s < 0 || s >= screenCount || screenDefs[s].name == "" {
		return "Unknown"
	}
	return screenDefs[s].name
}

// open builds the screen msg asks for; home when the id opens nothing.
func (o opening) open(e *env) Screen {
	if id := o.msg.To; id >= 0 && id < screenCount && screenDefs[id].open != nil {
		if s := screenDefs[id].open(e, o); s != nil {
			return s
		}
	}
	return newHome(e)
}
