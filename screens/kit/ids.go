package kit

// ScreenID names a screen of the till. Every screen is declared here, once,
// with its name; package screens registers how the App opens each one.
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
	// (package screens, signin_app.go).
	ScreenSignOut

	// ScreenCount is the number of screen ids; keep it last.
	ScreenCount
)

// screenNames are the screens' names (String).
var screenNames = [ScreenCount]string{
	ScreenHome: "Home", ScreenAirtime: "Sell airtime", ScreenUnresolved: "Unresolved sales",
	ScreenJournal: "Journal", ScreenSale: "Sale", ScreenWater: "Sell water", ScreenSupervise: "Supervisor settlement",

	ScreenElectricity: "Electricity", ScreenVoucherMenu: "1Voucher", ScreenVoucherBuy: "Sell a 1Voucher",
	ScreenVoucherRedeem: "Redeem a 1Voucher", ScreenVoucherRefund: "Refund a redemption",
	ScreenVoucherDisburse: "Disburse a 1Voucher", ScreenGiftVoucher: "Gift voucher", ScreenEezi: "Eezi voucher",
	ScreenCashOutMenu: "Cash-out PIN", ScreenCashOutBuy: "Sell a cash-out PIN",
	ScreenCashOutLookup: "Look up a cash-out PIN", ScreenCashOutCancel: "Cancel a cash-out PIN",

	ScreenPulsa: "Pulsa & PPOB", ScreenBill: "Pay a bill", ScreenDeposit: "QRIS deposit", ScreenPayout: "Bank payout",

	ScreenEndOfDay: "End of day", ScreenDoctor: "Till check", ScreenPayments: "Payments", ScreenSignOut: "Sign out",
}

// String names the screen.
func (s ScreenID) String() string {
	if s < 0 || s >= ScreenCount || screenNames[s] == "" {
		return "Unknown"
	}
	return screenNames[s]
}
