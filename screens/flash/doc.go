// Package flash is every Flash product beyond airtime — electricity (a
// meter lookup first), 1Vouchers (sell, redeem, refund, disburse), gift
// and Eezi vouchers, cash-out PINs (sell, look up, cancel) — as one flow
// driven by a Spec per screen (specs.go): its input steps only (the
// product, the fields, a lookup and what it found, the confirmation).
// From the confirmation on it is package flow's sale (flow.Run): the
// tender, the sale, following it, the result, the receipt and a
// supervisor's override.
//
// Package screens opens it by its id (SpecOf, screens/flash_nav.go) and
// keeps the 1Voucher and cash-out menus. It reaches Flash only through
// kit.FlashAPI, never the provider client (till/providers/flash).
package flash
