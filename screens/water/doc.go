// Package water is the 1Flow water recharge: its input steps only — find
// the customer by phone, device or card (kit.WaterAPI), pick the device,
// the amount and the confirmation of exactly what will be sold. From the
// confirmation on it is package flow's sale (flow.Run): the tender, the
// sale, following it live while 1Flow applies it, the result, the receipt
// and a supervisor's override. Its own reading of the result is Outcome:
// a recharge whose initiation went unanswered is never resent.
//
// Package screens opens it by its id (kit.ScreenWater, screens/ids.go).
package water
