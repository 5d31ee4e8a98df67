// Package flowix is Flowix's Indonesian products: pulsa and PPOB (data,
// PLN tokens, game credit), postpaid bills, bank payouts and the QRIS
// deposit that tops up the Flowix balance. It holds their input steps only
// — the service from the cached, searchable list (services.go), the
// customer's number (PulsaTarget), a bill check, a payee check, the
// confirmation and every check before the cash is taken (CashGate) — and
// the account line the home screen shows. From the confirmation on, Sale
// sells through package flow (flow.Run, flow.Tender, flow.QRISPay): the
// tender, the sale under the till's reference, following it live, the
// result, the receipt and a supervisor's override.
//
// Package screens opens each by its id (kit.ScreenPulsa, ScreenBill,
// ScreenPayout, ScreenDeposit; screens/ids.go). It reaches Flowix only
// through kit.FlowixAPI, never the provider client (till/providers/flowix).
package flowix
