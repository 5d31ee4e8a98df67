// Package airtime is prepaid airtime through Flash: its input steps only —
// the network and product from the catalogue (flow.CatalogueFeed; the
// number's prefix proposes its network), the mobile number, the amount and
// the confirmation of exactly what will be sold. From the confirmation on
// it is package flow's sale (flow.Run): the tender, the sale, following it,
// the result, the receipt and a supervisor's override of a refused sale.
//
// Package screens opens it by its id (kit.ScreenAirtime, screens/ids.go).
package airtime
