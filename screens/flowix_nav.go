package screens

import flowixui "till/screens/flowix"

// flowixMenu is the home menu's Flowix entries, when Flowix is configured.
func flowixMenu(e *env) []homeItem {
	if !e.FlowixEnabled() {
		return nil
	}
	return []homeItem{
		{label: "Pulsa & PPOB", hint: "pulsa, data, PLN tokens, games (Flowix)", to: ScreenPulsa},
		{label: "Pay a bill", hint: "PLN, BPJS, PDAM bills (Flowix)", to: ScreenBill},
		{label: "QRIS deposit", hint: "top up the Flowix balance: the customer pays by QRIS", to: ScreenDeposit},
		{label: "Bank payout", hint: "send the customer's cash to a bank or e-wallet", to: ScreenPayout},
	}
}

// PulsaTarget checks and normalises what a cashier typed as the target of
// a Flowix product (flowix/pulsa_target.go); `till sell pulsa` uses it.
var PulsaTarget = flowixui.PulsaTarget
