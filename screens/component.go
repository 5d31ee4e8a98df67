package screens

import "strconv"

// busy is implemented by screens that may have a sale in flight; the App
// refuses to quit while any stacked screen is busy.
type busy interface{ Busy() bool }

// itoa is n in decimal.
func itoa(n int) string { return strconv.Itoa(n) }
