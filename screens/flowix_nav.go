package screens

import "time"

// The Flowix screens. Their ids are numbered apart from nav.go's list so
// that screens added there never collide with them.
const (
	// ScreenPulsa sells pulsa, data, PLN tokens and game credit (Flowix
	// prabayar services).
	ScreenPulsa ScreenID = 600 + iota
	// ScreenBill checks and pays a postpaid bill (Flowix pascabayar).
	ScreenBill
	// ScreenDeposit tops up the Flowix balance with a QRIS (or virtual
	// account) deposit the customer pays.
	ScreenDeposit
	// ScreenPayout sends the customer's cash to a bank account or
	// e-wallet.
	ScreenPayout
)

// openFlowix builds the Flowix screen a NavigateMsg asks for, or returns
// nil when msg is not for one of them (App.open calls it).
func openFlowix(e *env, now time.Time, msg NavigateMsg) Screen {
	switch msg.To {
	case ScreenPulsa:
		return newPulsa(e, now)
	case ScreenBill:
		return newBill(e, now)
	case ScreenDeposit:
		return newDeposit(e, now)
	case ScreenPayout:
		return newPayout(e, now)
	}
	return nil
}

// flowixMenu is the home menu's Flowix entries, when Flowix is configured.
func flowixMenu(e *env) []homeItem {
	if !e.flowixEnabled() {
		return nil
	}
	return []homeItem{
		{label: "Pulsa & PPOB", hint: "pulsa, data, PLN tokens, games (Flowix)", to: ScreenPulsa},
		{label: "Pay a bill", hint: "PLN, BPJS, PDAM bills (Flowix)", to: ScreenBill},
		{label: "QRIS deposit", hint: "top up the Flowix balance: the customer pays by QRIS", to: ScreenDeposit},
		{label: "Bank payout", hint: "send the customer's cash to a bank or e-wallet", to: ScreenPayout},
	}
}
