// Package flow is the till's sale flow, written once: from the confirmed
// order on, every product sells the same way — confirm → tender (cash,
// M-Pesa, a saved card, a 1Voucher, QRIS; settled before anything is sold)
// → the sale (sold at most once, Engine.VendWith with the payment and a
// supervisor's override) → follow (the engine's updates of a pending or
// in-doubt sale) → result → print (the original with its payment's slip,
// then journaled copies) → override (a refusal a supervisor may lift).
//
// A product's screen (package flow: airtime, water, the Flash spec
// flows, Flowix's pulsa, bill and payout) embeds Run and implements Steps:
//
//	OpenConfirm()                   back to its confirmation (its own rows)
//	StartSale() tea.Cmd             on to processing; Run.Begin sells
//	UpdateKeys()                    its keys for the new step
//	OnSold(kit.SoldMsg) tea.Cmd     its reading of the sale's answer (Run.Landed)
//	OnSaleUpdate(sale.Sale) tea.Cmd its reading of the engine's updates (Run.Newer)
//	OnOverride(kit.OverrideMsg)     a supervisor's answer
//
// It calls Run.OpenTender after its confirm step, Run.UpdateTender while
// the tender is shown, Run.Handle for every other message and
// Run.ResultKey on the result step; Run.Result classifies what the result
// shows, Run.RenderReceipt renders the receipt body (kit.RenderReceipt of
// the sale, then its payment's). The product keeps only its input steps
// (which product, which number, which amount), its confirm rows and its
// words. QRISPay is the QRIS payment the tender step and Flowix's deposit
// both show.
//
// flow imports kit and nothing of the screens; it never imports store or
// a provider client.
package flow
